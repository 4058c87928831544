/**
 * kubectl's standard output in streamed mode, split into the debug pod's name and the archive:
 * the pod line kubectl prints before the gzip stream, a stream without it, text instead of an
 * archive, and an archive cut short.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ArchiveStream } from '../../src/fleet-collect/archive-stream.js';
import { REPO_ROOT } from '../helpers/cli.js';

const SAMPLE = join(REPO_ROOT, 'samples/bundles/debug-pod-minimal.tar.gz');
const POD_LINE = 'Creating debugging pod node-debugger-worker-3-x7k2p with container debugger on node worker-3.\n';

/** Feeds `chunks` and returns the pods seen, the archive bytes passed on, and finish()'s answer. */
async function feed(chunks: Buffer[]): Promise<{ pods: string[]; archive: Buffer; finished: number | Error }> {
  const pods: string[] = [];
  const stream = new ArchiveStream((pod) => pods.push(pod));
  const archive = Buffer.concat(chunks.map((chunk) => stream.take(chunk)));
  const finished = await stream.finish().catch((error: Error) => error);
  return { pods, archive, finished };
}

/** Splits a buffer into pieces of `size` bytes, as a pipe delivers it. */
function pieces(bytes: Buffer, size: number): Buffer[] {
  const result: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += size) result.push(bytes.subarray(at, at + size));
  return result;
}

describe('ArchiveStream', () => {
  it.each([1, 7, 4096])('takes the pod name from the line before the archive and passes the archive on unchanged (pieces of %i bytes)', async (size) => {
    const bundle = await readFile(SAMPLE);
    const result = await feed(pieces(Buffer.concat([Buffer.from(POD_LINE), bundle]), size));
    expect(result.pods).toEqual(['node-debugger-worker-3-x7k2p']);
    expect(result.archive.equals(bundle)).toBe(true);
    expect(result.finished).toBe(bundle.length);
  });

  it('accepts an archive with no line before it (kubectl --quiet), naming no pod', async () => {
    const bundle = await readFile(SAMPLE);
    const result = await feed([bundle]);
    expect(result.pods).toEqual([]);
    expect(result.finished).toBe(bundle.length);
  });

  it('refuses text where the archive should be, quoting it', async () => {
    const result = await feed([Buffer.from(`${POD_LINE}sh: can't open podmortem-collect.sh\n`)]);
    expect(result.pods).toEqual(['node-debugger-worker-3-x7k2p']);
    expect(result.finished).toBeInstanceOf(Error);
    expect((result.finished as Error).message).toBe("no archive on standard output; kubectl wrote: sh: can't open podmortem-collect.sh");
  });

  it('refuses an archive cut short', async () => {
    const bundle = await readFile(SAMPLE);
    const result = await feed([Buffer.from(POD_LINE), bundle.subarray(0, bundle.length - 100)]);
    expect(result.finished).toBeInstanceOf(Error);
    expect((result.finished as Error).message).toMatch(/^the archive is not a whole gzip stream \(unexpected end of file\), \d+ bytes received$/);
  });
});
