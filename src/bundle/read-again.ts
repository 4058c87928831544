/**
 * The second pass: reads a few files of the bundle again, by their paths under the bundle root.
 * A tar.gz can be read only in order, so the archive is streamed once more and every other entry
 * is skipped unread (its bytes still pass through the decompressor); a directory or a zip opens
 * just the files named. Reading stops once every named file was read. The same path policy and
 * limits apply as in the first pass (`readArchive`), so the same entry is found: duplicates are
 * read first-come, as before.
 *
 *   readAgain(input, limits, 'podmortem-w3-20261127T101502Z/', new Set(['pods/…/app/0.log']), consume)
 */
import { readArchive, type ArchiveLimits, type InputInfo } from '../archive/index.js';

/** Thrown to stop the archive once every named file was read. */
class AllRead extends Error {}

export async function readAgain(
  input: InputInfo,
  limits: ArchiveLimits,
  root: string,
  paths: ReadonlySet<string>,
  consume: (path: string, content: AsyncIterable<Buffer>) => Promise<void>,
): Promise<void> {
  // A lone file is read whole in the first pass; it has no pod log files to read again.
  if (input.kind === 'file' || paths.size === 0) return;
  let left = paths.size;
  await readArchive(input, limits, {
    reject: () => undefined,
    entry: async (entry) => {
      if (left === 0) throw new AllRead();
      if (entry.kind !== 'file' || !entry.path.startsWith(root)) return;
      const path = entry.path.slice(root.length);
      if (!paths.has(path)) return;
      left -= 1;
      await consume(path, entry.open());
    },
  });
}
