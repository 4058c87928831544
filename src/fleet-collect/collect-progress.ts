import type { NodeOutcome } from './collect-node.js';

const EVERY_MS = 500;

/**
 * One line on a terminal's stderr while nodes are collected: how many are done, ok and failed,
 * and which are running. Nothing on a pipe or a file: logs get the summary only.
 */
export function startCollectProgress(stderr: NodeJS.WritableStream & { isTTY?: boolean }): {
  onNodes: (nodes: readonly string[]) => void;
  onNodeStart: (node: string) => void;
  onNodeEnd: (outcome: NodeOutcome) => void;
  stop: () => void;
} {
  const running = new Set<string>();
  let ok = 0;
  let failed = 0;
  let total = 0;
  if (!stderr.isTTY) return { onNodes: () => undefined, onNodeStart: () => undefined, onNodeEnd: () => undefined, stop: () => undefined };
  let shown = false;
  const draw = (): void => {
    shown = true;
    const names = [...running].slice(0, 4).join(', ') + (running.size > 4 ? `, +${running.size - 4}` : '');
    stderr.write(`\r\x1b[Kpodmortem: collecting: ${ok + failed} of ${total} nodes done (${ok} ok, ${failed} failed); running: ${names || '-'}`);
  };
  const timer = setInterval(draw, EVERY_MS);
  timer.unref();
  return {
    onNodes: (nodes) => (total = nodes.length),
    onNodeStart: (node) => running.add(node),
    onNodeEnd: (outcome) => {
      running.delete(outcome.node);
      if (outcome.status === 'ok') ok += 1;
      else failed += 1;
    },
    stop: () => {
      clearInterval(timer);
      if (shown) stderr.write('\r\x1b[K');
    },
  };
}
