import { formatBytes, type ArchiveProgress } from '../archive/index.js';

const EVERY_MS = 500;

/**
 * A one-line progress display on a terminal's stderr while a long analysis reads: entries and
 * content bytes so far. Nothing is shown on a pipe or a file (so logs stay clean), nor for the
 * first second (short runs stay quiet). Returns the counters to fill and a function that stops
 * and clears the line.
 */
export function startProgress(stderr: NodeJS.WritableStream & { isTTY?: boolean }, name: string): { progress: ArchiveProgress; stop: () => void } {
  const progress: ArchiveProgress = { entries: 0, contentBytes: 0 };
  if (!stderr.isTTY) return { progress, stop: () => undefined };
  let shown = false;
  const started = Date.now();
  const timer = setInterval(() => {
    if (Date.now() - started < 1000) return;
    shown = true;
    stderr.write(`\r\x1b[Kpodmortem: reading ${name}: ${formatBytes(progress.contentBytes)} of content, ${progress.entries.toLocaleString('en-US')} entries`);
  }, EVERY_MS);
  timer.unref();
  return {
    progress,
    stop: () => {
      clearInterval(timer);
      if (shown) stderr.write('\r\x1b[K');
    },
  };
}
