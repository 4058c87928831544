import { CommanderError } from 'commander';
import { ExitCode, isBundleError, oneLine } from '../errors.js';
import { ANALYZER_VERSION } from '../version.js';
import { buildProgram, type CliIo, type CliOutcome } from './program.js';

/**
 * Where a bug report goes. The project has no public tracker yet, so this names what is real: the
 * README, shipped in the package, says what to include and where to send it.
 */
const REPORT_HOW = `please report it as the "Reporting a problem" section of podmortem's README says (podmortem ${ANALYZER_VERSION}), with this output`;

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
    io.stderr.write(`podmortem: internal error, ${REPORT_HOW}:\n${stack}\n`);
    return ExitCode.internalError;
  }
}
