import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { BundleError } from '../errors.js';
import { checkWritable } from '../output/index.js';
import { collectNode, type NodeOutcome } from './collect-node.js';
import type { CollectorOptions, KubectlTarget, NodeChoice } from './kubectl-args.js';
import { listNodes } from './node-list.js';
import { runPool } from './run-pool.js';

export interface CollectRequest {
  choice: NodeChoice;
  target: KubectlTarget;
  image: string;
  collector: CollectorOptions;
  outputDir: string;
  parallel: number;
  timeoutSeconds: number;
  script: Buffer;
  /** Aborted by Ctrl-C / SIGTERM: running nodes stop and their pods are deleted; no new node starts. */
  stop: AbortSignal;
  /** Told the node list, and when each node starts and ends (the progress display). */
  onNodes?: (nodes: readonly string[]) => void;
  onNodeStart?: (node: string) => void;
  onNodeEnd?: (outcome: NodeOutcome) => void;
}

export interface CollectResult {
  nodes: string[];
  outcomes: NodeOutcome[];
}

/**
 * `podmortem collect`: list the nodes, then run the collector on each through a debug pod, a
 * few at a time; every node ends as a bundle in the output folder or as a reason why not.
 */
export async function collectFleet(request: CollectRequest): Promise<CollectResult> {
  const nodes = await listNodes(request.target, request.choice);
  const outputDir = resolve(request.outputDir);
  await mkdir(outputDir, { recursive: true }).catch((error: NodeJS.ErrnoException) => {
    throw new BundleError(`cannot create the output folder ${request.outputDir}: ${error.code ?? error.message}`);
  });
  await checkWritable(join(outputDir, `${nodes[0]}.tar.gz`));
  request.onNodes?.(nodes);
  const settings = { ...request, outputDir };
  const outcomes = await runPool(
    nodes,
    request.parallel,
    async (node) => {
      request.onNodeStart?.(node);
      const outcome = await collectNode(node, settings);
      request.onNodeEnd?.(outcome);
      return outcome;
    },
    request.stop,
    (node): NodeOutcome => ({ node, status: 'failed', reason: 'not started: the run was interrupted', pod: { state: 'unknown' } }),
  );
  return { nodes, outcomes };
}
