/**
 * `npm run bench -- [options]`: which bundle sizes, how many runs, where generated data goes.
 * Sizes take binary units like the analyzer's `--max-bytes`: `100M` is 100 MiB.
 */
import { tmpdir } from 'node:os';

export const INPUT_FORMATS = ['tar.gz', 'zip', 'dir', 'tar.xz'] as const;
export type InputFormat = (typeof INPUT_FORMATS)[number];
/** tar.xz is asked for by name: making it (xz -6 of the whole tar) takes minutes at 500M. */
const DEFAULT_FORMATS: readonly InputFormat[] = ['tar.gz', 'zip', 'dir'];

export interface BenchSize {
  /** As given: `100M`, `2G`. */
  label: string;
  bytes: number;
}

export interface BenchOptions {
  sizes: BenchSize[];
  runs: number;
  seed: number;
  formats: InputFormat[];
  /** Keep generated bundles in `<dir>/podmortem-bench-cache/` and reuse them. */
  keep: boolean;
  dir: string;
  /** Generate (or find in the cache) and describe the bundles; measure nothing. */
  generateOnly: boolean;
  quiet: boolean;
  /** Also measure the floor into a RAM-backed folder (/dev/shm), without disk writes. */
  ramFloor: boolean;
  /** Print every run, not only the medians. */
  verbose: boolean;
  /** The fleet run (issue 16): `both` after the sizes, `only` without them, `none`. */
  fleet: 'both' | 'only' | 'none';
}

export type ParsedArgs = { options: BenchOptions } | { help: string } | { error: string };

export const USAGE = `Usage: npm run bench -- [options]

Generates realistic bundles (deterministic from a seed) and measures, per size, the floor
(tar -xzf into a folder + gzip -dc of the nested .gz files; once on disk, once in RAM) against
podmortem analyze on the same bundle as tar.gz, zip and directory (and tar.xz, against the
xz floor: xz -dc | tar -x + gzip -dc, when asked for). Needs a built analyzer.

  --sizes <list>     bundle sizes, uncompressed (K, M, G binary)      default 100M,500M,2G
  --runs <n>         runs of each measurement; medians are printed   default 3
  --quick            one small bundle (16M), one run: a smoke run
  --seed <n>         generator seed                                   default 1
  --formats <list>   inputs to analyze: tar.gz,zip,dir,tar.xz        default tar.gz,zip,dir
  --keep             keep generated bundles in a cache folder (keyed by seed, size and
                     generator version) and reuse them on later runs
  --dir <path>       where generated data goes                        default the OS temp folder
  --generate-only    generate (or reuse) the bundles and describe them; measure nothing
  --fleet-only       only the fleet run: 200 generated 4 MiB bundles analyzed with --jobs 1
                     and --jobs 2, and the fleet page for 1,000 synthetic nodes
  --no-fleet         skip the fleet run (it follows the sizes by default, not with --quick)
  --no-ram-floor     skip the second floor, extracted into /dev/shm (RAM) instead of --dir
  --quiet            no progress lines on stderr
  --verbose          print every run, not only the medians
  -h, --help         this text`;

const UNITS: Record<string, number> = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 };

export function parseSize(text: string): BenchSize | null {
  const match = /^(\d+(?:\.\d+)?)([KMGT]?)(?:i?B)?$/i.exec(text.trim());
  if (!match) return null;
  const bytes = Math.round(Number(match[1]) * (UNITS[(match[2] ?? '').toUpperCase()] ?? 1));
  return bytes >= 1024 * 1024 ? { label: text.trim(), bytes } : null;
}

function positiveInt(text: string | undefined): number | null {
  return text !== undefined && /^\d+$/.test(text) && Number(text) > 0 ? Number(text) : null;
}

export function parseBenchArgs(argv: readonly string[]): ParsedArgs {
  const options: BenchOptions = {
    sizes: [],
    runs: 0,
    seed: 1,
    formats: [...DEFAULT_FORMATS],
    keep: false,
    dir: tmpdir(),
    generateOnly: false,
    quiet: false,
    ramFloor: true,
    verbose: false,
    fleet: 'both',
  };
  let quick = false;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] as string;
    const value = () => argv[++i];
    switch (arg) {
      case '--sizes': {
        const sizes = (value() ?? '').split(',').map(parseSize);
        if (sizes.length === 0 || sizes.some((size) => size === null)) return { error: '--sizes wants a list such as 100M,500M,2G (each at least 1M)' };
        options.sizes = sizes as BenchSize[];
        break;
      }
      case '--runs': {
        const runs = positiveInt(value());
        if (runs === null) return { error: '--runs wants a whole number of at least 1' };
        options.runs = runs;
        break;
      }
      case '--seed': {
        const seed = positiveInt(value());
        if (seed === null) return { error: '--seed wants a whole number of at least 1' };
        options.seed = seed;
        break;
      }
      case '--formats': {
        const formats = (value() ?? '').split(',');
        if (!formats.every((format): format is InputFormat => (INPUT_FORMATS as readonly string[]).includes(format))) return { error: `--formats wants a list of ${INPUT_FORMATS.join(', ')}` };
        options.formats = formats;
        break;
      }
      case '--dir': {
        const dir = value();
        if (!dir) return { error: '--dir wants a folder' };
        options.dir = dir;
        break;
      }
      case '--quick':
        quick = true;
        break;
      case '--keep':
        options.keep = true;
        break;
      case '--generate-only':
        options.generateOnly = true;
        break;
      case '--quiet':
        options.quiet = true;
        break;
      case '--verbose':
        options.verbose = true;
        break;
      case '--fleet-only':
        options.fleet = 'only';
        break;
      case '--no-fleet':
        options.fleet = 'none';
        break;
      case '--no-ram-floor':
        options.ramFloor = false;
        break;
      case '-h':
      case '--help':
        return { help: USAGE };
      default:
        return { error: `unknown option ${arg}` };
    }
  }
  if (options.sizes.length === 0) options.sizes = (quick ? ['16M'] : ['100M', '500M', '2G']).map((size) => parseSize(size) as BenchSize);
  if (options.runs === 0) options.runs = quick ? 1 : 3;
  // A smoke run stays quick: the fleet run takes minutes (ask for it with --fleet-only).
  if (quick && options.fleet === 'both') options.fleet = 'none';
  return { options };
}
