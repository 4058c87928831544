/**
 * Reads the first bytes of a stream to decide how to treat it (gzip magic, a journal's form),
 * then hands back a stream that still starts at byte 0. Shared by the archive and sources
 * stages, which is why it lives in util/.
 */
export interface PeekedStream {
  /** The bytes read so far (at least what `enough` asked for, unless the stream was shorter). */
  head: Buffer;
  content: AsyncIterable<Buffer>;
}

/** `enough(bytes, chunk)` is asked after each chunk whether the head is long enough. */
export async function peekStream(content: AsyncIterable<Buffer>, enough: (bytes: number, chunk: Buffer) => boolean): Promise<PeekedStream> {
  const iterator = content[Symbol.asyncIterator]();
  const peeked: Buffer[] = [];
  let bytes = 0;
  let done = false;
  for (;;) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    if (next.value.length === 0) continue;
    peeked.push(next.value);
    bytes += next.value.length;
    if (enough(bytes, next.value)) break;
  }
  return { head: Buffer.concat(peeked, bytes), content: replay(peeked, done ? null : iterator) };
}

async function* replay(peeked: Buffer[], iterator: AsyncIterator<Buffer> | null): AsyncGenerator<Buffer> {
  try {
    yield* peeked;
    if (!iterator) return;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  } finally {
    await iterator?.return?.();
  }
}
