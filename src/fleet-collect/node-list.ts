import { BundleError, oneLine } from '../errors.js';
import { listNodesArgs, type KubectlTarget, type NodeChoice } from './kubectl-args.js';
import { runKubectl } from './run-kubectl.js';

/**
 * A Kubernetes node name is a DNS subdomain; anything else a cluster answers is refused, since
 * the name becomes a file name (`<dir>/<node>.tar.gz`) and a collector argument.
 */
const NODE_NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

export function isNodeName(name: string): boolean {
  return NODE_NAME.test(name) && !name.includes('..');
}

/** The nodes to collect from, as the cluster names them, sorted and without repeats. */
export async function listNodes(target: KubectlTarget, choice: NodeChoice): Promise<string[]> {
  if (choice.kind === 'named') {
    const bad = choice.names.find((name) => !isNodeName(name));
    if (bad !== undefined) throw new BundleError(`not a node name: ${bad}`);
  }
  const run = await runKubectl(listNodesArgs(target, choice));
  if (run.code !== 0) throw new BundleError(`kubectl get nodes failed: ${oneLine(run.stderr || `exit code ${run.code}`)}`);
  const names = run.stdout
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => line.replace(/^node\//, ''));
  const bad = names.find((name) => !isNodeName(name));
  if (bad !== undefined) throw new BundleError(`kubectl get nodes answered a name that is not a node name: ${oneLine(bad, 80)}`);
  const unique = [...new Set(names)].sort();
  if (unique.length === 0) throw new BundleError(choice.kind === 'selector' ? `no node matches the label selector ${choice.selector}` : 'the cluster lists no nodes');
  return unique;
}
