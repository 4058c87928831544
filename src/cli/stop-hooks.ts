/**
 * Work that must finish before podmortem dies of Ctrl-C / SIGTERM / SIGHUP: `collect` stops its
 * kubectl processes and deletes the debug pods it created. main.ts runs these, then removes
 * half-written files and dies of the same signal.
 */
const hooks = new Set<() => Promise<void>>();

/** Registers `hook`; returns the function that removes it once the work is done. */
export function onStop(hook: () => Promise<void>): () => void {
  hooks.add(hook);
  return () => hooks.delete(hook);
}

/** Runs every hook, for at most `limitMs`: a hung kubectl must not keep the terminal. */
export async function runStopHooks(limitMs: number): Promise<void> {
  if (hooks.size === 0) return;
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<void>((resolve) => (timer = setTimeout(resolve, limitMs)));
  await Promise.race([Promise.allSettled([...hooks].map((hook) => hook())), limit]);
  clearTimeout(timer);
}
