import { describe, expect, it } from 'vitest';
import { createJournalBootsReader, parseListBoots } from '../../../src/sources/journal/list-boots.js';
import { IssueLog } from '../../../src/sources/source-reader.js';
import { chunksOf, fixture } from './read-journal.js';

describe('journalctl --list-boots', () => {
  it('reads the headed columns of systemd ≥ 251 (real output of journald 252)', async () => {
    const reader = createJournalBootsReader();
    const issues = new IssueLog();
    await reader.read({ path: 'system/journal-boots.txt', source: 'journalBoots', candidate: 0, linkTarget: null }, chunksOf(fixture('real-journald-252-list-boots.txt')), issues);
    expect(issues.issues).toEqual([]);
    expect(reader.result()).toEqual([
      {
        index: 0,
        bootId: 'e66375b30f6145f2a3df737bac559bc9',
        first: { text: 'Sat 2026-11-28 04:15:55 UTC', monotonic: null, utcMs: Date.UTC(2026, 10, 28, 4, 15, 55), local: null, bootId: null },
        last: { text: 'Sat 2026-11-28 04:16:19 UTC', monotonic: null, utcMs: Date.UTC(2026, 10, 28, 4, 16, 19), local: null, bootId: null },
        line: 2,
      },
    ]);
  });

  it('reads the old one-line form with an em dash, and keeps zones it cannot resolve as local time', () => {
    const text = [
      '-1 e833ad1ae9f34f89b851d08b9ad55ee0 Wed 2017-08-16 19:03:28 UTC—Wed 2017-08-16 21:54:57 UTC',
      ' 0 c4ef341537734dc18235c9e8d2d7a76a Wed 2017-08-16 21:55:35 UTC—Thu 2017-08-17 18:49:56 UTC',
      '-2 3b5d1e2c7a8f4e0d9c6b5a4f3e2d1c0b Wed 2023-04-26 18:47:58 CEST—Wed 2023-04-26 16:50:59 CEST',
    ].join('\n');
    const boots = parseListBoots(text, () => undefined);
    expect(boots.map((boot) => [boot.index, boot.bootId, boot.first?.utcMs ?? boot.first?.local?.hour, boot.line])).toEqual([
      [-1, 'e833ad1ae9f34f89b851d08b9ad55ee0', Date.UTC(2017, 7, 16, 19, 3, 28), 1],
      [0, 'c4ef341537734dc18235c9e8d2d7a76a', Date.UTC(2017, 7, 16, 21, 55, 35), 2],
      [-2, '3b5d1e2c7a8f4e0d9c6b5a4f3e2d1c0b', 18, 3],
    ]);
  });

  it('reports lines it cannot read with their line number', () => {
    const warnings: [number, string][] = [];
    expect(parseListBoots('IDX BOOT ID FIRST ENTRY LAST ENTRY\nFailed to determine boots: No data available\n', (line, message) => warnings.push([line, message]))).toEqual([]);
    expect(warnings).toEqual([[2, 'not a --list-boots line: Failed to determine boots: No data available']]);
  });
});
