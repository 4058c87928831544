/**
 * When another collector ran, as it recorded it (podmortem's own manifest has this in `anchors`).
 * Each file is recognised by its content:
 *
 *   `date --utc` (sos `sos_commands/date/date_--utc`)   `Fri Nov 27 10:15:02 UTC 2026`        → utcMs
 *   `date` (sos `sos_commands/date/date`, Rancher `systeminfo/date`)
 *                                                       `Fri Nov 27 11:15:02 CET 2026`        → local, zone `CET`
 *                                                       `Fri 27 Nov 2026 11:15:02 AM CET`     (en_US glibc form)
 *   `uptime` (sos `sos_commands/host/uptime`, Rancher `systeminfo/uptime`)
 *                                                       ` 10:15:02 up 1 day,  2:11,  1 user,  load average: …` → 94260 s (to the minute)
 *   sos `sos_reports/manifest.json`                     `    "start_time": "2026-11-27 11:14:31.402112",` → local
 *                                                       (Python `str(datetime.now())`: node-local, no zone)
 *
 * A `date` printed in UTC or with a numeric zone is exact; a zone name other than UTC (`CET`,
 * `EST`) is ambiguous and is kept as local time, its offset found by comparing with `date --utc`.
 */
import type { IssueLog, SourceFile, SourceReader } from '../source-reader.js';
import { readLines } from '../lines.js';
import { fractionToMicros, isValidLocalTime, monthNumber, zonedMillis, zoneOffsetMinutes, EPOCH_YEAR, type DatedTime } from '../time-text.js';

export interface CollectionClock {
  /** The collection moment in UTC, and the file that said it. */
  utcMs: number | null;
  utcFrom: string | null;
  /** The collection moment in node-local time (a `date` with a zone name), for the zone offset. */
  dateLocal: DatedTime | null;
  dateLocalFrom: string | null;
  zoneName: string | null;
  /** sos's own start time (node-local, zone not printed); a few minutes before its `date` runs. */
  sosStart: DatedTime | null;
  sosStartFrom: string | null;
  /** `uptime` at collection, to the minute. */
  uptimeSeconds: number | null;
  uptimeFrom: string | null;
}

const C_DATE = /^[A-Za-z]{3} +([A-Za-z]{3}) +(\d{1,2}) (\d\d):(\d\d):(\d\d)(?: ([AP]M))? ([A-Za-z][\w/+-]*|[+-]\d\d:?\d\d) (\d{4})$/;
const US_DATE = /^[A-Za-z]{3} +(\d{1,2}) ([A-Za-z]{3}) (\d{4}) (\d\d):(\d\d):(\d\d)(?: ([AP]M))? ([A-Za-z][\w/+-]*|[+-]\d\d:?\d\d)$/;
const UPTIME = /^\s*\d\d:\d\d:\d\d up +(?:(\d{1,6}) days?, +)?(?:(\d{1,2}):(\d\d)|(\d{1,2}) min),/;
const SOS_START = /^\s*"start_time": "(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))?"/;
/** sos's manifest is large (every command); its own start time is among its first lines. */
const SOS_HEAD_LINES = 50;

type Reading = { kind: 'date'; utcMs: number | null; local: DatedTime; zone: string } | { kind: 'uptime'; seconds: number } | { kind: 'sos-start'; local: DatedTime };

export function createCollectionClockReader(): SourceReader<CollectionClock | null> {
  const readings: { path: string; reading: Reading }[] = [];
  return {
    async read(file: SourceFile, content: AsyncIterable<Buffer>, issues: IssueLog) {
      let found: Reading | null = null;
      let lines = 0;
      await readLines(content, {
        line(text) {
          lines += 1;
          if (found || lines > SOS_HEAD_LINES) return;
          found = readClockLine(text);
        },
      });
      if (found) readings.push({ path: file.path, reading: found });
      else issues.forFile(file)(null, 'no date, uptime or sos start time found');
    },
    result: () => (readings.length === 0 ? null : combine(readings)),
  };
}

export function readClockLine(text: string): Reading | null {
  const sos = SOS_START.exec(text);
  if (sos)
    return datedOrNull({ year: +sos[1]!, month: +sos[2]!, day: +sos[3]!, hour: +sos[4]!, minute: +sos[5]!, second: +sos[6]!, micros: fractionToMicros(sos[7]) }, (local) => ({
      kind: 'sos-start',
      local,
    }));
  const uptime = UPTIME.exec(text);
  if (uptime) {
    const minutes = uptime[4] !== undefined ? Number(uptime[4]) : Number(uptime[2]) * 60 + Number(uptime[3]);
    return { kind: 'uptime', seconds: Number(uptime[1] ?? 0) * 86_400 + minutes * 60 };
  }
  const trimmed = text.trim();
  const c = C_DATE.exec(trimmed);
  const us = c ? null : US_DATE.exec(trimmed);
  if (!c && !us) return null;
  const [monthName, day, year, hour, minute, second, meridiem, zone] = c ? [c[1], c[2], c[8], c[3], c[4], c[5], c[6], c[7]] : [us![2], us![1], us![3], us![4], us![5], us![6], us![7], us![8]];
  const month = monthNumber(monthName!);
  if (month === null) return null;
  const local = { year: +year!, month, day: +day!, hour: twelveHour(+hour!, meridiem), minute: +minute!, second: +second!, micros: 0 };
  return datedOrNull(local, (time) => {
    const offset = zoneOffsetMinutes(zone);
    return { kind: 'date', utcMs: offset === null ? null : zonedMillis(time, offset), local: time, zone: zone! };
  });
}

function twelveHour(hour: number, meridiem: string | undefined): number {
  if (meridiem === undefined) return hour;
  return (hour % 12) + (meridiem === 'PM' ? 12 : 0);
}

function datedOrNull(time: DatedTime, make: (time: DatedTime) => Reading): Reading | null {
  return isValidLocalTime(time, EPOCH_YEAR) ? make(time) : null;
}

/** One answer from every file read, the same for any order: ties go to the first path by name. */
function combine(readings: { path: string; reading: Reading }[]): CollectionClock {
  const clock: CollectionClock = { utcMs: null, utcFrom: null, dateLocal: null, dateLocalFrom: null, zoneName: null, sosStart: null, sosStartFrom: null, uptimeSeconds: null, uptimeFrom: null };
  for (const { path, reading } of [...readings].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    if (reading.kind === 'uptime') {
      if (clock.uptimeFrom === null) Object.assign(clock, { uptimeSeconds: reading.seconds, uptimeFrom: path });
    } else if (reading.kind === 'sos-start') {
      if (clock.sosStartFrom === null) Object.assign(clock, { sosStart: reading.local, sosStartFrom: path });
    } else if (reading.utcMs !== null) {
      if (clock.utcFrom === null) Object.assign(clock, { utcMs: reading.utcMs, utcFrom: path });
    } else if (clock.dateLocalFrom === null) {
      Object.assign(clock, { dateLocal: reading.local, dateLocalFrom: path, zoneName: reading.zone });
    }
  }
  return clock;
}
