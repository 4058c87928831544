import { Command, InvalidArgumentError, Option } from 'commander';
import { readCollectorScript } from '../collector/collector-script.js';
import { BundleError } from '../errors.js';
import { collectExitCode, collectFleet, renderCollectSummary, renderCollectorManifest, startCollectProgress, type NodeChoice } from '../fleet-collect/index.js';
import { parseCount } from './flag-values.js';
import type { CliIo, CliOutcome } from './program.js';
import { onStop } from './stop-hooks.js';

/** A small public image with sh, awk, tar, gzip, setsid and timeout: all the collector needs in the pod. */
export const DEFAULT_IMAGE = 'busybox:1.36';

const EXAMPLES = `
Examples:
  $ podmortem collect worker-1 worker-2 -o ./bundles
  $ podmortem collect -l node.kubernetes.io/instance-type=m5.large --since 6h -o ./bundles
  $ podmortem collect --parallel 8 --timeout 15m --image registry.internal/busybox:1.36 -o ./bundles
  $ podmortem collector --manifest > podmortem-collector.json   # where debug pods are not allowed

Exit codes: 0 every node gave a bundle · 1 internal error (please report) · 2 bad usage, kubectl missing
or the nodes cannot be listed (nothing collected) · 4 some nodes gave no bundle (the summary says why)
Ctrl-C stops kubectl and deletes every debug pod this run created before podmortem exits.`;

interface CollectFlags {
  selector?: string;
  output: string;
  parallel: number;
  timeout: number;
  image: string;
  since?: string;
  budget?: string;
  context?: string;
  namespace?: string;
}

/** `podmortem collect`: flags in, one call into src/fleet-collect, the summary out. */
export function addCollectCommand(program: Command, io: CliIo, outcome: CliOutcome): void {
  program
    .command('collect')
    .description('run the collector on many nodes through `kubectl debug node` and write one bundle per node')
    .argument('[nodes...]', 'node names (default: every node, or those matching -l)')
    .option('-l, --selector <labels>', 'only nodes matching this label selector (as kubectl get nodes -l)')
    .option('-o, --output <dir>', 'folder for the bundles, <dir>/<node>.tar.gz', './podmortem-bundles')
    .addOption(new Option('--parallel <n>', 'nodes collected at the same time').default(4).argParser(parseCount))
    .addOption(new Option('--timeout <duration>', 'time limit for one node, pod start included: 90s, 10m, 1h').default(600, '10m').argParser(parseDuration))
    .option('--image <image>', 'debug pod image; it needs sh and busybox-like tools (a mirror in an air-gapped registry)', DEFAULT_IMAGE)
    .addOption(new Option('--since <when>', "collector's window start: 30m, 12h, 2d or a UTC time").argParser(parseSince))
    .addOption(new Option('--budget <size>', "collector's byte budget per node: 256M, 1G").argParser(parseBudget))
    .option('--context <name>', 'kubeconfig context for every kubectl call')
    .option('-n, --namespace <ns>', "namespace of the debug pods (default: the context's)")
    .addHelpText('after', EXAMPLES)
    .action(async (names: string[], flags: CollectFlags) => {
      if (names.length > 0 && flags.selector !== undefined) throw new BundleError('name nodes or select them with -l, not both');
      const choice: NodeChoice = names.length > 0 ? { kind: 'named', names } : flags.selector !== undefined ? { kind: 'selector', selector: flags.selector } : { kind: 'all' };
      const target = { context: flags.context ?? null, namespace: flags.namespace ?? null };
      const stopper = new AbortController();
      const progress = startCollectProgress(io.stderr);
      const run = collectFleet({
        choice,
        target,
        image: flags.image,
        collector: { since: flags.since ?? null, budget: flags.budget ?? null },
        outputDir: flags.output,
        parallel: flags.parallel,
        timeoutSeconds: flags.timeout,
        script: await readCollectorScript(),
        stop: stopper.signal,
        onNodes: progress.onNodes,
        onNodeStart: progress.onNodeStart,
        onNodeEnd: progress.onNodeEnd,
      }).finally(() => progress.stop());
      const finished = run.then((result) => {
        io.stdout.write(renderCollectSummary(result.outcomes, target));
        outcome.exitCode = collectExitCode(result.outcomes);
      });
      // On Ctrl-C: stop the nodes, and wait for their pods' deletion and the summary before dying.
      const removeHook = onStop(async () => {
        stopper.abort();
        await finished.catch(() => undefined);
      });
      try {
        await finished;
      } finally {
        removeHook();
      }
    });
}

/** `podmortem collector --manifest`: the DaemonSet way, for clusters that refuse debug pods. */
export async function printCollectorManifest(io: CliIo, flags: { image: string; since?: string; budget?: string; namespace: string }): Promise<void> {
  const script = (await readCollectorScript()).toString('utf8');
  io.stdout.write(renderCollectorManifest({ namespace: flags.namespace, image: flags.image, collector: { since: flags.since ?? null, budget: flags.budget ?? null }, script }));
}

const UNIT_SECONDS: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600 };

function parseDuration(value: string): number {
  const match = /^(\d+)([smh]?)$/.exec(value);
  if (!match || Number(match[1]) < 1) throw new InvalidArgumentError('expected a duration such as 90s, 10m or 1h.');
  return Number(match[1]) * UNIT_SECONDS[match[2]!]!;
}

/** The collector's own forms (src/collector/lib/30-options.sh), checked here so no node is started in vain. */
export function parseSince(value: string): string {
  if (!/^(\d+[smhd]|\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\dZ?)$/.test(value)) throw new InvalidArgumentError('expected 30m, 12h, 2d or a UTC time such as 2026-11-27T08:00:00Z.');
  return value;
}

export function parseBudget(value: string): string {
  if (!/^\d+([bB]|[kKmMgG]|KB|kB|MB|GB|KiB|MiB|GiB)?$/.test(value)) throw new InvalidArgumentError('expected a size such as 256M, 1G or 1048576.');
  return value;
}
