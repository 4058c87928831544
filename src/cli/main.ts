#!/usr/bin/env node
import { runCli } from './run-cli.js';

// A reader that stops early (`podmortem collector | head`, `--json - | jq … | head`) closes the
// pipe: that ends the output, as it does for cat, and is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

process.exitCode = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
