import { describe, expect, it } from 'vitest';
import { readGuarded } from '../../src/sources/read-guarded.js';
import { IssueLog, type SourceFile, type SourceReader } from '../../src/sources/index.js';

const FILE: SourceFile = { path: 'kernel/dmesg.txt', source: 'kernel', candidate: 0, linkTarget: null };

async function* chunks(fail: Error | null): AsyncGenerator<Buffer> {
  yield Buffer.from('[    1.000000] one\n');
  if (fail) throw fail;
}

const draining: SourceReader<null> = {
  async read(_file, content) {
    for await (const _ of content) {
      /* drain */
    }
  },
  result: () => null,
};

describe('readGuarded', () => {
  it('turns a reader that throws into a parse issue and goes on', async () => {
    const issues = new IssueLog();
    const broken: SourceReader<null> = {
      read: async () => {
        throw new Error('boom');
      },
      result: () => null,
    };
    await readGuarded(broken, FILE, () => chunks(null), issues);
    expect(issues.issues).toEqual([{ source: 'kernel', file: 'kernel/dmesg.txt', line: null, message: 'internal error in the kernel reader, please report: boom' }]);
  });

  it('passes an error of the content back, not as a reader bug', async () => {
    const issues = new IssueLog();
    const cut = new Error('cut at the per-entry limit');
    await expect(readGuarded(draining, FILE, () => chunks(cut), issues)).rejects.toBe(cut);
    expect(issues.issues).toEqual([]);
  });

  it('passes a content error back even when the reader swallowed it', async () => {
    const cut = new Error('archive ends early');
    const swallowing: SourceReader<null> = {
      async read(_file, content) {
        try {
          for await (const _ of content) {
            /* drain */
          }
        } catch {
          /* a reader must not, but may */
        }
      },
      result: () => null,
    };
    await expect(readGuarded(swallowing, FILE, () => chunks(cut), new IssueLog())).rejects.toBe(cut);
  });
});
