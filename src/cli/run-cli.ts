import { CommanderError } from 'commander';
import { ExitCode, isBundleError, oneLine } from '../errors.js';
import { buildProgram, type CliIo, type CliOutcome } from './program.js';

const REPORT_URL = 'https://github.com/podmortem/podmortem/issues';

/** Runs the CLI and returns its exit code; every error ends here and nowhere else. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const outcome: CliOutcome = { exitCode: ExitCode.ok };
  const program = buildProgram(io, outcome).exitOverride();
  for (const command of program.commands) command.exitOverride();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return outcome.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version end here with 0; every other commander error is a usage error.
      return error.exitCode === 0 ? ExitCode.ok : ExitCode.badInput;
    }
    if (isBundleError(error)) {
      io.stderr.write(`podmortem: error: ${oneLine(error.message)}\n`);
      return ExitCode.badInput;
    }
    const stack = error instanceof Error ? (error.stack ?? error.message) : String(error);
    io.stderr.write(`podmortem: internal error, please report it at ${REPORT_URL} with this output:\n${stack}\n`);
    return ExitCode.internalError;
  }
}
