/**
 * What the pod logs reader keeps must not hold on to the lines it was cut from: a time or a
 * 2 KiB text sliced from a 60 KB line would keep the whole line alive (V8 slices are views), and
 * a bundle of long-lined logs would stay in memory through the few lines each file keeps. And the
 * text kept over all files has a budget.
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { IssueLog } from '../../../src/sources/index.js';
import { createPodLogsReader } from '../../../src/sources/pod-logs/index.js';
import { KeptLinesBudget, SHORT_HEAD_LINES, SHORT_TAIL_LINES, SHORT_TEXT_CHARS } from '../../../src/sources/pod-logs/kept-lines-budget.js';
import { feedReader } from './feed-reader.js';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
const MiB = 1024 * 1024;
/** A pod UID per index. */
const uid = (pod: number) => `6f1e2d3c-4b5a-4978-8c1d-2e3f4a5b${String(pod).padStart(4, '0')}`;

/** `lines` CRI lines of `chars` characters each, one chunk per line (never the whole file at once). */
async function* longLines(lines: number, chars: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < lines; i += 1) yield Buffer.from(`2026-11-27T10:00:${String(i % 60).padStart(2, '0')}.123456789Z stdout F ${i} ${'z'.repeat(chars)}\n`);
}

describe('pod logs reader: kept text', () => {
  it('keeps the lines of 50 files of 60 KB lines (173 MB) without keeping the lines they were cut from', async () => {
    const reader = createPodLogsReader();
    gc();
    const before = process.memoryUsage().heapUsed;
    for (let pod = 0; pod < 50; pod += 1) {
      const path = `pods/shop_p${pod}_${uid(pod)}/api/0.log`;
      await reader.read({ path, source: 'podLogs', candidate: 0, linkTarget: null }, longLines(60, 60_000), new IssueLog());
    }
    const data = reader.result();
    gc();
    const grewMiB = (process.memoryUsage().heapUsed - before) / MiB;
    console.log(`kept text: 50 files of 60 x 60 KB lines, heap grew by ${grewMiB.toFixed(1)} MiB`);
    // 50 files x 60 kept lines x 2 KiB = 6 MiB of text; holding the lines would be 172 MiB
    expect(grewMiB).toBeLessThan(40);
    expect(data.attempts).toHaveLength(50);
    expect(data.attempts[0]?.tail.at(-1)).toMatchObject({ cut: true, line: 60 });
    expect(data.attempts[0]?.tail.at(-1)?.text).toHaveLength(2048);
  });

  it('shortens the lines of the files read after the budget is spent, and says so once', async () => {
    const line = (i: number) => `2026-11-27T10:00:${String(i).padStart(2, '0')}.000000001Z stdout F ${String(i).padStart(3, '0')} ${'q'.repeat(496)}\n`;
    const file = Array.from({ length: 30 }, (_, i) => line(i)).join('');
    const paths = [0, 1, 2].map((pod) => `pods/shop_p${pod}_${uid(pod)}/api/0.log`);
    // each file keeps its 30 lines of 500 characters (its 20 head lines are among them): 15,000;
    // the budget holds one file
    const { data, issues } = await feedReader(createPodLogsReader(new KeptLinesBudget(20_000)), 'podLogs', Object.fromEntries(paths.map((path) => [path, file])));
    const [whole, short, shorter] = data.attempts;
    expect(whole?.tail).toHaveLength(30);
    expect(whole?.tail.every((kept) => kept.text.length === 500 && !kept.cut)).toBe(true);
    for (const attempt of [short, shorter]) {
      expect(attempt?.head).toHaveLength(SHORT_HEAD_LINES);
      expect(attempt?.tail).toHaveLength(SHORT_TAIL_LINES);
      expect(attempt?.tail.every((kept) => kept.text.length === SHORT_TEXT_CHARS && kept.cut)).toBe(true);
      expect(attempt?.tail.at(-1)?.text.startsWith('029 ')).toBe(true);
      expect(attempt?.lines).toBe(30);
    }
    expect(issues.map((issue) => [issue.file, issue.line])).toEqual([[paths[1], null]]);
    expect(issues[0]?.message).toContain('budget');
  });
});
