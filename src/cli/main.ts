#!/usr/bin/env node
import { removePendingWrites } from '../output/index.js';
import { runCli } from './run-cli.js';
import { runStopHooks } from './stop-hooks.js';

const STOP_HOOKS_LIMIT_MS = 60_000;

// A reader that stops early (`podmortem collector | head`, `--json - | jq … | head`) closes the
// pipe: that ends the output, as it does for cat, and is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

// Stopped by a signal: finish what must not be left behind (collect's debug pods), remove the
// half-written temporary files, then die of the same signal (the listener is gone by then), so
// the exit status still says which signal it was. A second signal while that runs stops at once.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    removePendingWrites();
    void runStopHooks(STOP_HOOKS_LIMIT_MS).finally(() => {
      removePendingWrites();
      process.kill(process.pid, signal);
    });
  });
}

process.exitCode = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
