/**
 * Node-local times across a daylight-saving change: with the manifest's IANA zone, each syslog
 * stamp is read with the offset in force at its moment, not the one at collection.
 */
import { describe, expect, it } from 'vitest';
import { fixedZone, ianaZone, wallToUtcMs } from '../../src/model/node-zone.js';
import { oomReport } from '../helpers/kernel-text.js';
import { MANIFEST, modelFromSpec } from '../helpers/model.js';

const utcOf = (zone: NonNullable<ReturnType<typeof ianaZone>>, wall: string) => new Date(wallToUtcMs(zone, Date.parse(`${wall}Z`))).toISOString();

describe('node zone', () => {
  it('reads Europe/Berlin local times with CEST before 25 October 2026 and CET after', () => {
    const berlin = ianaZone('Europe/Berlin')!;
    expect(berlin.name).toBe('Europe/Berlin');
    expect(utcOf(berlin, '2026-10-24T23:00:00')).toBe('2026-10-24T21:00:00.000Z');
    expect(utcOf(berlin, '2026-10-26T10:00:00')).toBe('2026-10-26T09:00:00.000Z');
    // 02:30 happens twice on 25 October: the first one (CEST); on 29 March it never happens: the offset before.
    expect(utcOf(berlin, '2026-10-25T02:30:00')).toBe('2026-10-25T00:30:00.000Z');
    expect(utcOf(berlin, '2026-03-29T02:30:00')).toBe('2026-03-29T01:30:00.000Z');
    expect(utcOf(berlin, '2026-03-29T03:30:00')).toBe('2026-03-29T01:30:00.000Z');
  });

  it('knows zone names the way the collector records them, and nothing else', () => {
    expect(ianaZone('/usr/share/zoneinfo/America/New_York')?.name).toBe('America/New_York');
    expect(ianaZone('../usr/share/zoneinfo/Asia/Kolkata')?.name).toBe('Asia/Kolkata');
    expect(ianaZone('Etc/UTC')?.offsetAt(0)).toBe(0);
    expect(ianaZone('Mars/Olympus_Mons')).toBeNull();
    expect(ianaZone('not a zone')).toBeNull();
    expect(ianaZone(null)).toBeNull();
    expect(wallToUtcMs(fixedZone(60), Date.parse('2026-10-24T23:00:00Z'))).toBe(Date.parse('2026-10-24T22:00:00Z'));
  });
});

/** An OOM report as rsyslog writes it without printk stamps (`Oct 24 23:00:00 worker-3 kernel: …`), at a local time. */
function syslogReport(local: string, pid: number): string {
  return oomReport(100, { pid })
    .split('\n')
    .filter(Boolean)
    .map((line) => `${local} worker-3 kernel: ${line.replace(/^\[ *[\d.]+\] /, '')}\n`)
    .join('');
}

describe('syslog stamps on both sides of a daylight-saving change', () => {
  const manifest = (timezone: string, utcOffset: string) => JSON.stringify({ ...JSON.parse(MANIFEST), anchors: { ...JSON.parse(MANIFEST).anchors, timezone, utcOffset } });
  const kernLog = syslogReport('Oct 24 23:00:00', 4101) + syslogReport('Oct 26 10:00:00', 4102);

  it('places each kill with the offset of its own day when the manifest names the zone', async () => {
    const model = await modelFromSpec({ 'manifest.json': manifest('Europe/Berlin', '+0100'), 'kernel/kern.log': kernLog });
    expect(model.oomKills.map((kill) => [kill.pid, kill.time])).toEqual([
      [4101, '2026-10-24T21:00:00.000Z'],
      [4102, '2026-10-26T09:00:00.000Z'],
    ]);
    expect(model.timeBasis).toMatchObject({ zoneName: 'Europe/Berlin', utcOffsetMinutes: 60, zoneFrom: 'manifest' });
    expect(model.node.notes).toContain("Node-local stamps (syslog, dmesg -T) were read in the node's zone, Europe/Berlin, with the offset in force at each moment (daylight-saving changes included).");
  });

  it('keeps the fixed offset when the zone name disagrees with the offset the collector measured', async () => {
    // A name from another machine (a debug pod's image) must not override what the node's clock said.
    const model = await modelFromSpec({ 'manifest.json': manifest('America/New_York', '+0100'), 'kernel/kern.log': kernLog });
    expect(model.oomKills.map((kill) => kill.time)).toEqual(['2026-10-24T22:00:00.000Z', '2026-10-26T09:00:00.000Z']);
    expect(model.timeBasis).toMatchObject({ zoneName: null, utcOffsetMinutes: 60 });
  });
});
