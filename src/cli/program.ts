import { basename } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { DEFAULT_LIMITS, formatBytes, parseByteSize, type ArchiveLimits } from '../archive/index.js';
import { readCollectorScript } from '../collector/collector-script.js';
import { BundleError, ExitCode } from '../errors.js';
import { analyze, type AnalyzeOptions } from '../pipeline.js';
import { analyzeRedacted, redact, reverse, type ReportRedaction } from '../redact-pipeline.js';
import { renderDryRun } from '../redact/index.js';
import { openInBrowser, renderCatalogJson, renderCatalogText, renderFailOnText, renderSummaryText, restOfSummary } from '../report/index.js';
import { RULES, SEVERITIES, type Severity } from '../rules/index.js';
import { ANALYZER_VERSION } from '../version.js';
import { addCollectCommand, DEFAULT_IMAGE, parseBudget, parseSince, printCollectorManifest } from './collect-command.js';
import { analyzeFleetCommand, fleetInputs, jobsOption } from './fleet-command.js';
import { parseCount } from './flag-values.js';
import { startProgress } from './progress.js';
import { counted } from '../util/plural.js';

export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/** What a command decided about the exit code when it ran to the end (`--fail-on`). */
export interface CliOutcome {
  exitCode: ExitCode;
}

const EXAMPLES = `
Examples:
  $ podmortem analyze podmortem-node1-20261128T040000Z.tar.gz
  $ podmortem analyze bundle.zip -o /tmp/node1.html --json /tmp/node1.json
  $ podmortem analyze ./extracted-bundle/ --json - --quiet | jq '.oomKills'   # JSON only, no HTML
  $ podmortem analyze bundle.tar.gz --fail-on critical   # exit 3 in CI when something critical is found
  $ podmortem analyze bundle.tar.gz --format text         # the summary on the terminal, no HTML
  $ podmortem analyze bundle.tar.gz --open                # write the report and open it in the browser
  $ podmortem analyze bundles/*.tar.gz -o fleet/          # one report per node and fleet/index.html
  $ podmortem redact bundle.tar.gz -o clean.tar.gz --map cluster-map.json   # share safely (see README)
  $ podmortem rules
  $ podmortem collect -l node-role.kubernetes.io/worker= -o ./bundles   # every worker node, through kubectl debug

Exit codes: 0 report written · 1 internal error (please report) · 2 bad input or usage · 3 a finding at or above --fail-on`;

/** The command-line interface: flags in, one call into the pipeline, a few lines out. */
export function buildProgram(io: CliIo, outcome: CliOutcome): Command {
  const program = new Command('podmortem')
    .description('Post-mortem analysis of Kubernetes node evidence: which pod paid, and why.')
    .version(ANALYZER_VERSION, '-V, --version')
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) })
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText('after', EXAMPLES);

  program
    .command('analyze')
    .description('read a bundle (.tar.gz, .tar, .zip or a directory) and write the report; several bundles (or a folder of bundle archives) give one report per node and a fleet page in -o <dir>')
    .argument('<input...>', 'bundle file or directory; several for a fleet report')
    .option('-o, --output <report.html>', 'HTML report to write (by default only when neither --json nor --format text is given)', './podmortem-report.html')
    .option('--json <file>', 'write the report as JSON (HTML too only with -o); "-" for standard output')
    .addOption(new Option('--format <format>', 'html: write the HTML report; text: print the summary on standard output (HTML only with -o)').choices(['html', 'text']).default('html'))
    .option('--open', 'open the HTML report in the default browser once written')
    .option('--timestamp', 'record the time of the analysis in the report (reports then differ between runs)')
    .option('-q, --quiet', 'print nothing but errors, what --json - or --format text asked for, and the findings that met --fail-on')
    .addOption(new Option('--fail-on <severity>', 'exit with code 3 when a finding at or above this severity exists').choices(SEVERITIES))
    .addOption(limitOption('--max-bytes <size>', 'stop after this much uncompressed content', DEFAULT_LIMITS.maxBytes, parseSize))
    .addOption(limitOption('--max-entries <n>', 'stop after this many archive entries', DEFAULT_LIMITS.maxEntries, parseCount))
    .addOption(limitOption('--max-entry-bytes <size>', 'cut any one entry at this size', DEFAULT_LIMITS.maxEntryBytes, parseSize))
    .addOption(limitOption('--max-ratio <n>', 'refuse content that expands more than this (bombs)', DEFAULT_LIMITS.maxRatio, parseCount))
    .addOption(jobsOption())
    .option('--redact', 'analyze a redacted copy (see redact): the report carries pseudonyms, for sharing the report alone')
    .option('--map <map.json>', 'with --redact: the private map of pseudonyms, as for redact')
    .option('--names', 'with --redact: also pseudonymize namespaces, pod, workload and container names')
    .option('--keyword <word>', 'with --redact: also replace this word (repeatable)', (word: string, words: string[]) => [...words, word], [] as string[])
    .option('--keywords-file <file>', 'with --redact: also replace each word of this file (one a line)')
    .addHelpText('after', EXAMPLES)
    .action(async (inputs: string[], flags: AnalyzeFlags, command: Command) => {
      const fleet = await fleetInputs(inputs);
      if (fleet) {
        if (flags.redact) throw new BundleError('--redact takes one bundle: run podmortem redact on each, then analyze the redacted bundles together');
        outcome.exitCode = await analyzeFleetCommand(fleet, { ...flags, outputFromCli: command.getOptionValueSource('output') === 'cli', limits: limitsFrom(flags) }, io);
        return;
      }
      const input = inputs[0] as string;
      const text = flags.format === 'text';
      // HTML is the default output, not an extra one: asking for JSON or text alone writes no HTML.
      const htmlAsked = command.getOptionValueSource('output') === 'cli' || (!text && flags.json === undefined);
      const htmlPath = htmlAsked ? flags.output : null;
      if (text && flags.json === '-') throw new BundleError('--format text and --json - both write to standard output; name a file for --json');
      if (flags.open && htmlPath === null) throw new BundleError(`--open needs the HTML report: add -o <report.html> to ${text ? '--format text' : '--json'}`);
      const display = flags.quiet ? null : startProgress(io.stderr, basename(input));
      const redaction = redactionFrom(flags);
      const run = redaction ? (options: AnalyzeOptions) => analyzeRedacted(options, redaction) : analyze;
      const result = await run({
        input,
        htmlPath,
        jsonPath: flags.json ?? null,
        limits: limitsFrom(flags),
        generatedAt: flags.timestamp ? new Date() : null,
        stdout: io.stdout,
        failOn: flags.failOn ?? null,
        progress: display?.progress,
      }).finally(() => display?.stop());
      if (result.failOnFindings.length > 0) {
        outcome.exitCode = ExitCode.failOn;
        // Even with --quiet: it is why the run failed, as an error would be.
        io.stderr.write(renderFailOnText(result.failOnFindings, flags.failOn!));
      }
      if (text) io.stdout.write(renderSummaryText(result.report, { color: wantsColour(io.stdout), rest: restOfSummary(result.written) }));
      if (flags.open && htmlPath) await openInBrowser(htmlPath).catch((error: Error) => io.stderr.write(`podmortem: warning: ${error.message}; open ${htmlPath} yourself\n`));
      if (flags.quiet) return;
      const say = flags.json === '-' || text ? io.stderr : io.stdout;
      for (const warning of result.warnings) io.stderr.write(`podmortem: warning: ${warning}\n`);
      for (const path of result.written) say.write(`${path}\n`);
    });

  program
    .command('redact')
    .description('write a copy of a bundle with secrets replaced and hostnames, IPs, MACs and user names pseudonymized, to share it')
    .argument('<input>', 'bundle file or directory (with --reverse: a text file to translate back, - for standard input)')
    .option('-o, --output <clean.tar.gz>', 'the redacted bundle to write')
    .option('--map <map.json>', 'private map of pseudonyms, created if missing, reused across bundles; never send it')
    .option('--names', 'also pseudonymize namespaces, pod, workload and container names')
    .option('--keyword <word>', 'also replace this word wherever it occurs, in any case (repeatable)', (word: string, words: string[]) => [...words, word], [] as string[])
    .option('--keywords-file <file>', 'also replace each word of this file (one a line)')
    .option('--dry-run', 'write nothing: list what would be replaced, by rule and file, with examples (on this screen only)')
    .option('--reverse', 'translate pseudonyms in <input> back to the original values through --map, to standard output')
    .addHelpText(
      'after',
      `
Exit codes: 0 written · 1 internal error (please report) · 2 bad input or usage (unreadable map, map of another version,
unwritable output, input cut short): nothing is written then.`,
    )
    .action(async (input: string, flags: RedactFlags) => {
      if (flags.reverse) return reverse(input, flags.map ?? null, io.stdout);
      if (!flags.output && !flags.dryRun) throw new BundleError('redact needs -o <clean.tar.gz> (or --dry-run to only list what would be replaced)');
      const result = await redact({
        input,
        output: flags.dryRun ? null : (flags.output ?? null),
        mapPath: flags.map ?? null,
        names: flags.names === true,
        keywords: flags.keyword,
        keywordsFile: flags.keywordsFile ?? null,
        limits: DEFAULT_LIMITS,
      });
      if (flags.dryRun) return void io.stdout.write(renderDryRun(result));
      const { record } = result;
      const count = (values: Record<string, number | undefined>) => Object.values(values).reduce<number>((sum, value) => sum + (value ?? 0), 0);
      io.stdout.write(`${flags.output}\n`);
      io.stderr.write(
        `podmortem: ${counted(count(record.secrets), 'secret')} replaced, ${counted(count(record.pseudonyms), 'value')} pseudonymized, ${counted(record.dropped.length, 'binary file')} dropped, ${record.skipped.length} skipped${flags.map ? `; map: ${flags.map} (keep it private)` : '; no --map: pseudonyms of guessable values can be recomputed by anyone'}\n`,
      );
    });

  program
    .command('rules')
    .description('list the rule catalog: id, severity, the sources each rule needs, title')
    .option('--json', 'as JSON')
    .action((flags: { json?: boolean }) => {
      io.stdout.write(flags.json ? renderCatalogJson(RULES) : renderCatalogText(RULES));
    });

  program
    .command('collector')
    .description('print the node collector script (POSIX sh), to carry to a node: podmortem collector > podmortem-collect.sh')
    .option('--manifest', 'print instead a DaemonSet manifest that runs it on every node (where debug pods are not allowed)')
    .option('--image <image>', 'with --manifest: the image the script runs in', DEFAULT_IMAGE)
    .addOption(new Option('--since <when>', "with --manifest: the collector's window start").argParser(parseSince))
    .addOption(new Option('--budget <size>', "with --manifest: the collector's byte budget per node").argParser(parseBudget))
    .option('-n, --namespace <ns>', 'with --manifest: the namespace it creates', 'podmortem-collect')
    .action(async (flags: { manifest?: boolean; image: string; since?: string; budget?: string; namespace: string }) => {
      if (flags.manifest) await printCollectorManifest(io, flags);
      else io.stdout.write(await readCollectorScript());
    });

  addCollectCommand(program, io, outcome);

  return program;
}

export interface AnalyzeFlags {
  output: string;
  jobs: number;
  format: 'html' | 'text';
  open?: boolean;
  timestamp?: boolean;
  failOn?: Severity;
  json?: string;
  quiet?: boolean;
  maxBytes: number;
  maxEntries: number;
  maxEntryBytes: number;
  maxRatio: number;
  redact?: boolean;
  map?: string;
  names?: boolean;
  keyword: string[];
  keywordsFile?: string;
}

/** `analyze --redact` and its redaction flags; those flags without --redact are a mistake, not ignored. */
function redactionFrom(flags: AnalyzeFlags): ReportRedaction | null {
  if (!flags.redact) {
    if (flags.map || flags.names || flags.keyword.length > 0 || flags.keywordsFile) throw new BundleError('--map, --names and --keyword(s-file) need --redact');
    return null;
  }
  return { mapPath: flags.map ?? null, names: flags.names === true, keywords: flags.keyword, keywordsFile: flags.keywordsFile ?? null };
}

interface RedactFlags {
  output?: string;
  map?: string;
  names?: boolean;
  keyword: string[];
  keywordsFile?: string;
  dryRun?: boolean;
  reverse?: boolean;
}

/** Colour only on a terminal, and never when NO_COLOR is set (no-color.org). */
function wantsColour(stream: NodeJS.WritableStream & { isTTY?: boolean }): boolean {
  return stream.isTTY === true && !process.env.NO_COLOR;
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
