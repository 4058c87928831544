/**
 * Tests that change the live machine (start journald, create cgroups and /var/log/pods entries,
 * run the collector as root) must not overlap: each would see the other's traces. Vitest runs
 * test files in parallel workers, so they take this lock (an atomic mkdir) around their work.
 */
import { mkdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const LOCK = join(tmpdir(), 'podmortem-live-machine.lock');
/** A lock older than this was left by a killed run. */
const STALE_MS = 10 * 60_000;

export async function lockLiveMachine(): Promise<() => Promise<void>> {
  for (;;) {
    try {
      await mkdir(LOCK);
      return () => rm(LOCK, { recursive: true, force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = Date.now() - ((await stat(LOCK).catch(() => null))?.mtimeMs ?? Date.now());
      if (age > STALE_MS) await rm(LOCK, { recursive: true, force: true });
      else await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}
