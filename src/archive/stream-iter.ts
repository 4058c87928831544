// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the one listener type both stream kinds accept
type Listener = (...args: any[]) => void;

/** The event surface shared by Node streams and minipass streams (tar entries). */
export interface PausableStream {
  on(event: string, listener: Listener): unknown;
  off(event: string, listener: Listener): unknown;
  pause(): unknown;
  resume(): unknown;
}

/**
 * Iterates a stream chunk by chunk, pausing it between reads, so a slow consumer holds back
 * the archive instead of letting chunks pile up in memory.
 */
export async function* iterateStream(stream: PausableStream): AsyncGenerator<Buffer> {
  const chunks: Buffer[] = [];
  let ended = false;
  let failure: unknown = null;
  let wake: (() => void) | null = null;
  const notify = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  const onData = (chunk: Buffer) => {
    chunks.push(chunk);
    stream.pause();
    notify();
  };
  const onEnd = () => {
    ended = true;
    notify();
  };
  const onError = (error: unknown) => {
    failure = error;
    notify();
  };
  stream.on('data', onData);
  stream.on('end', onEnd);
  stream.on('error', onError);
  try {
    for (;;) {
      const chunk = chunks.shift();
      if (chunk) {
        yield chunk;
        continue;
      }
      if (failure) throw failure;
      if (ended) return;
      const waiting = new Promise<void>((resolve) => (wake = resolve));
      stream.resume();
      await waiting;
    }
  } finally {
    // The owner of the stream decides what happens to the rest (the tar reader drains it).
    stream.off('data', onData);
    stream.off('end', onEnd);
    stream.off('error', onError);
  }
}
