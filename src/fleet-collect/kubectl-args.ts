/**
 * Every kubectl argument list `podmortem collect` runs, built in one place so that the tests can
 * compare them with what the fake kubectl recorded, and so that nothing else in the cluster is
 * ever touched: list nodes, create a debug pod on one node, delete that pod.
 */

/** Cluster access flags passed on to every kubectl call, as the user gave them. */
export interface KubectlTarget {
  context: string | null;
  namespace: string | null;
}

/** What the collector is told on each node: its own options, passed through. */
export interface CollectorOptions {
  since: string | null;
  budget: string | null;
}

function targetArgs(target: KubectlTarget): string[] {
  return [...(target.context ? ['--context', target.context] : []), ...(target.namespace ? ['--namespace', target.namespace] : [])];
}

/** Which nodes: the named ones (kubectl says which do not exist), a label selector, or all. */
export type NodeChoice = { kind: 'named'; names: string[] } | { kind: 'selector'; selector: string } | { kind: 'all' };

/** `kubectl get nodes … -o name`: one `node/<name>` per line. */
export function listNodesArgs(target: KubectlTarget, choice: NodeChoice): string[] {
  const which = choice.kind === 'named' ? choice.names : choice.kind === 'selector' ? ['-l', choice.selector] : [];
  // Nodes are cluster-scoped: the namespace flag is left out.
  return [...targetArgs({ ...target, namespace: null }), 'get', 'nodes', ...which, '-o', 'name'];
}

/**
 * The README's streamed mode: the collector script on stdin, the archive on stdout. kubectl
 * prints "Creating debugging pod <name> …" on stdout before the archive; that line is how the
 * pod is found to delete it (`--quiet` would hide it, and `kubectl debug node` sets no label).
 */
export function debugNodeArgs(target: KubectlTarget, node: string, image: string, collector: CollectorOptions): string[] {
  const passed = [...(collector.since ? ['--since', collector.since] : []), ...(collector.budget ? ['--budget', collector.budget] : [])];
  return [...targetArgs(target), 'debug', `node/${node}`, '--profile=sysadmin', `--image=${image}`, '-i', '--', 'sh', '-s', '--', '--stdout', '--node', node, ...passed];
}

/** Deletes one debug pod this run created; gone already is fine, and nothing waits for it. */
export function deletePodArgs(target: KubectlTarget, pod: string): string[] {
  return [...targetArgs(target), 'delete', 'pod', pod, '--ignore-not-found', '--wait=false'];
}
