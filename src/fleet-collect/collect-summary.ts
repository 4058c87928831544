import { relative } from 'node:path';
import { formatBytes } from '../archive/index.js';
import { ExitCode } from '../errors.js';
import type { NodeOutcome, PodCleanup } from './collect-node.js';
import { deletePodArgs, type KubectlTarget } from './kubectl-args.js';

/**
 * The end of `podmortem collect`: which nodes gave a bundle, which did not and why, and any
 * debug pod that could not be deleted with the command to delete it by hand.
 */
export function renderCollectSummary(outcomes: readonly NodeOutcome[], target: KubectlTarget): string {
  const ok = outcomes.filter((outcome) => outcome.status === 'ok');
  const width = Math.max(4, ...outcomes.map((outcome) => outcome.node.length));
  const lines = [`podmortem collect: ${ok.length} of ${outcomes.length} nodes gave a bundle`];
  for (const outcome of outcomes) {
    const node = outcome.node.padEnd(width);
    if (outcome.status === 'ok') lines.push(`  ok      ${node}  ${shownPath(outcome.path)} (${formatBytes(outcome.bytes)})`);
    else lines.push(`  failed  ${node}  ${outcome.reason}`);
  }
  const left = outcomes.map((outcome) => outcome.pod).filter((pod): pod is Extract<PodCleanup, { state: 'left' }> => pod.state === 'left');
  if (left.length > 0) {
    lines.push(`debug pods that could not be deleted (${left.length}); delete them with:`);
    for (const pod of left) lines.push(`  kubectl ${deletePodArgs(target, pod.name).join(' ')}    # ${pod.reason}`);
  }
  return `${lines.join('\n')}\n`;
}

/** 0 when every node gave a bundle, 4 when any did not (bundles of the others are written). */
export function collectExitCode(outcomes: readonly NodeOutcome[]): ExitCode {
  return outcomes.every((outcome) => outcome.status === 'ok') ? ExitCode.ok : ExitCode.someNodesFailed;
}

function shownPath(path: string): string {
  const near = relative(process.cwd(), path);
  return near.startsWith('..') || near === '' ? path : near;
}
