/** Other collectors' record of when they ran: `date`, `date --utc`, `uptime`, sos's manifest. */
import { describe, expect, it } from 'vitest';
import { createCollectionClockReader, readClockLine } from '../../../src/sources/system/collection-clock.js';
import { IssueLog } from '../../../src/sources/source-reader.js';

async function* text(content: string): AsyncIterable<Buffer> {
  yield Buffer.from(content);
}

describe('collection clock lines', () => {
  it.each([
    ['Fri Nov 27 10:15:02 UTC 2026', { kind: 'date', utcMs: Date.parse('2026-11-27T10:15:02Z'), zone: 'UTC' }],
    ['Fri Nov 27 11:15:02 CET 2026', { kind: 'date', utcMs: null, zone: 'CET', local: { year: 2026, month: 11, day: 27, hour: 11, minute: 15, second: 2, micros: 0 } }],
    ['Fri 27 Nov 2026 01:15:02 PM +0300', { kind: 'date', utcMs: Date.parse('2026-11-27T10:15:02Z') }],
    ['Sat Jan  2 08:00:00 UTC 2027', { kind: 'date', utcMs: Date.parse('2027-01-02T08:00:00Z') }],
    [' 10:15:02 up 1 day,  2:11,  1 user,  load average: 0.00, 0.01, 0.05', { kind: 'uptime', seconds: 86_400 + 2 * 3600 + 11 * 60 }],
    [' 10:15:02 up 18 min,  0 users,  load average: 0.00, 0.01, 0.05', { kind: 'uptime', seconds: 18 * 60 }],
    ['    "start_time": "2026-11-27 11:14:31.402112",', { kind: 'sos-start', local: { year: 2026, month: 11, day: 27, hour: 11, minute: 14, second: 31, micros: 402112 } }],
  ])('%s', (line, reading) => expect(readClockLine(line)).toMatchObject(reading));

  it.each(['Fri Nov 31 25:15:02 UTC 2026', 'hello', '    "start_time": "",'])('ignores %s', (line) => expect(readClockLine(line)).toBeNull());

  it('combines files by name, never by the order they came in', async () => {
    const files: [string, string][] = [
      ['sos_commands/date/date_--utc', 'Fri Nov 27 10:15:02 UTC 2026\n'],
      ['sos_commands/date/date', 'Fri Nov 27 11:15:02 CET 2026\n'],
      ['sos_commands/host/uptime', ' 11:15:02 up 18 min,  1 user,  load average: 0.00, 0.01, 0.05\n'],
      ['sos_reports/manifest.json', '{\n    "version": "4.7.2",\n    "start_time": "2026-11-27 11:14:31.402112",\n    "plugins": {"date": {"start_time": "2026-11-27 11:15:02.000000"}}\n}\n'],
    ];
    const results = [];
    for (const order of [files, [...files].reverse()]) {
      const reader = createCollectionClockReader();
      for (const [path, content] of order) await reader.read({ path, source: 'collectionClock', candidate: 0, linkTarget: null }, text(content), new IssueLog());
      results.push(reader.result());
    }
    expect(results[1]).toEqual(results[0]);
    expect(results[0]).toMatchObject({
      utcMs: Date.parse('2026-11-27T10:15:02Z'),
      utcFrom: 'sos_commands/date/date_--utc',
      zoneName: 'CET',
      uptimeSeconds: 1080,
      sosStart: { minute: 14, second: 31 },
    });
  });
});
