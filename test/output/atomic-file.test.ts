/**
 * writeFileAtomic in-process, for what the CLI tests cannot reach deterministically: content
 * given as chunks (the redacted-archive writer streams), a producer that fails half-way, and a
 * signal arriving while a write is under way (the CLI's handler calls removePendingWrites).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BundleError } from '../../src/errors.js';
import { removePendingWrites, writeFileAtomic } from '../../src/output/index.js';
import { tempDir } from '../helpers/bundle.js';

const PREVIOUS = 'the previous report\n';

let work: Awaited<ReturnType<typeof tempDir>>;
beforeAll(async () => {
  work = await tempDir('podmortem-atomic-');
});
afterAll(async () => work.remove());

async function folderWithPrevious(name: string): Promise<{ folder: string; target: string }> {
  const folder = join(work.path, name);
  await mkdir(folder);
  const target = join(folder, 'report.html');
  await writeFile(target, PREVIOUS);
  return { folder, target };
}

describe('writeFileAtomic', () => {
  it('writes chunks from an async producer, in order, over the previous file', async () => {
    const { folder, target } = await folderWithPrevious('chunks');
    async function* chunks() {
      yield 'one ';
      yield Buffer.from('two ');
      yield new Uint8Array([0x74, 0x68, 0x72, 0x65, 0x65]);
    }
    await writeFileAtomic(target, chunks());
    expect(await readFile(target, 'utf8')).toBe('one two three');
    expect(await readdir(folder)).toEqual(['report.html']);
  });

  it("passes a failing producer's error on as it is, and leaves the previous file and no temporary file", async () => {
    const { folder, target } = await folderWithPrevious('producer-fails');
    const bug = new TypeError('the producer broke');
    async function* chunks() {
      yield 'half a report';
      throw bug;
    }
    const failed = await writeFileAtomic(target, chunks()).catch((error: unknown) => error);
    expect(failed).toBe(bug);
    expect(failed).not.toBeInstanceOf(BundleError);
    expect(await readFile(target, 'utf8')).toBe(PREVIOUS);
    expect(await readdir(folder)).toEqual(['report.html']);
  });

  it('lets a signal handler remove the temporary file of a write under way', async () => {
    const { folder, target } = await folderWithPrevious('signal');
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    async function* chunks() {
      yield 'half a report';
      await gate;
      yield ' and the rest';
    }
    const writing = writeFileAtomic(target, chunks()).catch((error: unknown) => error);
    let names: string[] = [];
    for (let tries = 0; tries < 200 && names.length < 2; tries += 1) {
      names = await readdir(folder);
      await new Promise((resolve) => setImmediate(resolve));
    }
    const temp = names.find((name) => name !== 'report.html');
    expect(temp).toMatch(new RegExp(`^\\.report\\.html\\.${process.pid}\\.[0-9a-f]{12}\\.tmp$`));
    removePendingWrites();
    expect(await readdir(folder)).toEqual(['report.html']);
    release();
    expect(await writing).toBeInstanceOf(BundleError);
    expect(await readFile(target, 'utf8')).toBe(PREVIOUS);
    expect(await readdir(folder)).toEqual(['report.html']);
  });
});
