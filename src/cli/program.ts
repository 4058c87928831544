import { Command, InvalidArgumentError, Option } from 'commander';
import { DEFAULT_LIMITS, formatBytes, parseByteSize, type ArchiveLimits } from '../archive/index.js';
import { readCollectorScript } from '../collector/collector-script.js';
import { analyze } from '../pipeline.js';
import { ANALYZER_VERSION } from '../version.js';

export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

const EXAMPLES = `
Examples:
  $ podmortem analyze podmortem-node1-20261128T040000Z.tar.gz
  $ podmortem analyze bundle.zip -o /tmp/node1.html --json /tmp/node1.json
  $ podmortem analyze ./extracted-bundle/ --json - --quiet | jq '.coverage'

Exit codes: 0 report written · 1 internal error (please report) · 2 bad input or usage`;

/** The command-line interface: flags in, one call into the pipeline, a few lines out. */
export function buildProgram(io: CliIo): Command {
  const program = new Command('podmortem')
    .description('Post-mortem analysis of Kubernetes node evidence: which pod paid, and why.')
    .version(ANALYZER_VERSION, '-V, --version')
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) })
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText('after', EXAMPLES);

  program
    .command('analyze')
    .description('read a bundle (.tar.gz, .tar, .zip or a directory) and write the report')
    .argument('<input>', 'bundle file or directory')
    .option('-o, --output <report.html>', 'HTML report to write', './podmortem-report.html')
    .option('--json <file>', 'also write the report as JSON; "-" for standard output')
    .option('-q, --quiet', 'print nothing but errors')
    .addOption(limitOption('--max-bytes <size>', 'stop after this much uncompressed content', DEFAULT_LIMITS.maxBytes, parseSize))
    .addOption(limitOption('--max-entries <n>', 'stop after this many archive entries', DEFAULT_LIMITS.maxEntries, parseCount))
    .addOption(limitOption('--max-entry-bytes <size>', 'cut any one entry at this size', DEFAULT_LIMITS.maxEntryBytes, parseSize))
    .addOption(limitOption('--max-ratio <n>', 'refuse content that expands more than this (bombs)', DEFAULT_LIMITS.maxRatio, parseCount))
    .addHelpText('after', EXAMPLES)
    .action(async (input: string, flags: AnalyzeFlags) => {
      const result = await analyze({
        input,
        htmlPath: flags.output,
        jsonPath: flags.json ?? null,
        limits: limitsFrom(flags),
        generatedAt: null,
        stdout: io.stdout,
      });
      if (flags.quiet) return;
      const say = flags.json === '-' ? io.stderr : io.stdout;
      for (const warning of result.warnings) io.stderr.write(`podmortem: warning: ${warning}\n`);
      for (const path of result.written) say.write(`${path}\n`);
    });

  program
    .command('collector')
    .description('print the node collector script (POSIX sh), to carry to a node: podmortem collector > podmortem-collect.sh')
    .action(async () => {
      io.stdout.write(await readCollectorScript());
    });

  return program;
}

interface AnalyzeFlags {
  output: string;
  json?: string;
  quiet?: boolean;
  maxBytes: number;
  maxEntries: number;
  maxEntryBytes: number;
  maxRatio: number;
}

function limitsFrom(flags: AnalyzeFlags): ArchiveLimits {
  return { maxBytes: flags.maxBytes, maxEntries: flags.maxEntries, maxEntryBytes: flags.maxEntryBytes, maxRatio: flags.maxRatio };
}

function limitOption(flags: string, description: string, fallback: number, parse: (value: string) => number): Option {
  const shown = flags.includes('bytes') ? formatBytes(fallback) : String(fallback);
  return new Option(flags, description).default(fallback, shown).argParser(parse);
}

function parseSize(value: string): number {
  const bytes = parseByteSize(value);
  if (bytes === null) throw new InvalidArgumentError('expected a size such as 512M, 8G or 1048576.');
  return bytes;
}

function parseCount(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new InvalidArgumentError('expected a whole number of at least 1.');
  return Number(value);
}
