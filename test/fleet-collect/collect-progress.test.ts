/**
 * The progress line of `podmortem collect`: redrawn in place on a terminal with the nodes done,
 * ok, failed and running, wiped at the end; nothing at all on a pipe or a file. The clock is
 * vitest's fake one, so the redraws are stepped, not waited for.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startCollectProgress } from '../../src/fleet-collect/collect-progress.js';

/** A stderr stand-in that keeps what was written, at once; `isTTY` as the real one would say. */
function fakeStderr(isTTY: boolean): { stream: NodeJS.WritableStream & { isTTY?: boolean }; text: () => string } {
  let text = '';
  const stream = { isTTY, write: (chunk: string) => ((text += chunk), true) } as unknown as NodeJS.WritableStream & { isTTY?: boolean };
  return { stream, text: () => text };
}

const ok = (node: string) => ({ node, status: 'ok' as const, path: `/b/${node}.tar.gz`, bytes: 1, pod: { state: 'unknown' as const } });
const failed = (node: string) => ({ node, status: 'failed' as const, reason: 'timed out after 2 s', pod: { state: 'unknown' as const } });

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('collect progress', () => {
  it('on a terminal: redraws one line with counts and running nodes, and wipes it at the end', () => {
    const stderr = fakeStderr(true);
    const progress = startCollectProgress(stderr.stream);
    progress.onNodes(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
    for (const node of ['a', 'b', 'c', 'd', 'e', 'f']) progress.onNodeStart(node);
    vi.advanceTimersByTime(600);
    progress.onNodeEnd(ok('a'));
    progress.onNodeEnd(failed('b'));
    vi.advanceTimersByTime(600);
    progress.stop();
    vi.advanceTimersByTime(5000); // stopped: no redraw after the wipe
    const draws = stderr.text().split('\r\x1b[K');
    expect(draws).toEqual([
      '',
      'podmortem: collecting: 0 of 7 nodes done (0 ok, 0 failed); running: a, b, c, d, +2',
      'podmortem: collecting: 2 of 7 nodes done (1 ok, 1 failed); running: c, d, e, f',
      '',
    ]);
  });

  it('on a pipe or a file: writes nothing', () => {
    const stderr = fakeStderr(false);
    const progress = startCollectProgress(stderr.stream);
    progress.onNodes(['a']);
    progress.onNodeStart('a');
    vi.advanceTimersByTime(5000);
    progress.onNodeEnd(ok('a'));
    progress.stop();
    expect(stderr.text()).toBe('');
  });
});
