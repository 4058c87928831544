/** One self-overwriting status line on stderr, on a terminal only, at most five times a second. */
export interface Progress {
  update(text: string): void;
  done(): void;
}

export const NO_PROGRESS: Progress = { update: () => {}, done: () => {} };

export function terminalProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return NO_PROGRESS;
  let last = 0;
  let shown = false;
  return {
    update(text) {
      const now = Date.now();
      if (now - last < 200) return;
      last = now;
      shown = true;
      stream.write(`\r${text.slice(0, (stream.columns || 100) - 1)}\x1b[K`);
    },
    done() {
      if (shown) stream.write('\r\x1b[K');
      shown = false;
    },
  };
}
