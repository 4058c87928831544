import { describe, expect, it } from 'vitest';
import { IssueLog } from '../../../src/sources/index.js';
import { createPodLogsReader } from '../../../src/sources/pod-logs/index.js';

const TARGET_BYTES = 320 * 1024 * 1024;
const CHUNK_BYTES = 1024 * 1024;
const MiB = 1024 * 1024;
const PAD = 'x'.repeat(60);

interface Generated {
  bytes: number;
  physicalLines: number;
  logicalLines: number;
  /** The last 50 logical lines' texts, in completion order. */
  lastTexts: string[];
}

function expectLine(stats: Generated, text: string): void {
  stats.logicalLines += 1;
  stats.lastTexts.push(text);
  if (stats.lastTexts.length > 50) stats.lastTexts.shift();
}

/**
 * CRI lines generated chunk by chunk, never held whole: each block is a stdout line, and every
 * tenth block adds a stderr line split in two `P`/`F` fragments with a stdout line between them.
 * The file ends inside a stderr partial line.
 */
async function* criLog(stats: Generated): AsyncGenerator<Buffer> {
  let block = 0;
  for (;;) {
    const parts: string[] = [];
    let size = 0;
    while (size < CHUNK_BYTES) {
      const time = `2026-11-27T10:${String(Math.floor(block / 60_000) % 60).padStart(2, '0')}:${String(Math.floor(block / 1000) % 60).padStart(2, '0')}.${String(block % 1000).padStart(3, '0')}123Z`;
      let text = `${time} stdout F request ${block} ok ${PAD}\n`;
      stats.physicalLines += 1;
      expectLine(stats, `request ${block} ok ${PAD}`);
      if (block % 10 === 0) {
        text += `${time} stderr P frag-a ${block} \n${time} stdout F between ${block}\n${time} stderr F frag-b ${block}\n`;
        stats.physicalLines += 3;
        expectLine(stats, `between ${block}`);
        expectLine(stats, `frag-a ${block} frag-b ${block}`);
      }
      parts.push(text);
      size += text.length;
      block += 1;
    }
    stats.bytes += size;
    if (stats.bytes >= TARGET_BYTES) {
      parts.push('2026-11-27T10:59:59.9Z stderr P dying mid-line');
      stats.physicalLines += 1;
      expectLine(stats, 'dying mid-line');
      yield Buffer.from(parts.join(''));
      return;
    }
    yield Buffer.from(parts.join(''));
  }
}

describe('pod logs reader memory', () => {
  it('reads > 300 MB of CRI lines with P/F fragments in bounded memory', { timeout: 600_000 }, async () => {
    const stats: Generated = { bytes: 0, physicalLines: 0, logicalLines: 0, lastTexts: [] };
    const reader = createPodLogsReader();
    const path = 'pods/shop_checkout-7d9f8b6c5-x2x9q_6f1e2d3c-4b5a-4978-8c1d-2e3f4a5b6c7d/api/0.log';
    const before = process.resourceUsage().maxRSS;
    await reader.read({ path, source: 'podLogs', candidate: 0, linkTarget: null }, criLog(stats), new IssueLog());
    const data = reader.result();
    const growthMiB = (process.resourceUsage().maxRSS - before) / 1024;
    console.log(`pod logs memory: ${(stats.bytes / MiB).toFixed(0)} MiB, peak RSS grew by ${growthMiB.toFixed(1)} MiB`);

    expect(stats.bytes).toBeGreaterThanOrEqual(300 * 1000 * 1000);
    expect(growthMiB).toBeLessThan(100);
    const attempt = data.attempts[0];
    expect(attempt?.files[0]).toMatchObject({ format: 'cri', physicalLines: stats.physicalLines, lines: stats.logicalLines, badLines: 0, unterminated: ['stderr'] });
    expect(attempt?.unterminated).toBe(true);
    expect(attempt?.head[0]?.text).toBe(`request 0 ok ${PAD}`);
    expect(attempt?.head[2]?.text).toBe('frag-a 0 frag-b 0');
    expect(attempt?.tail).toHaveLength(50);
    expect(attempt?.tail[49]).toMatchObject({ stream: 'stderr', text: 'dying mid-line', line: stats.physicalLines, unterminated: true });
    expect(attempt?.tail.map((line) => line.text)).toEqual(stats.lastTexts);
  });
});
