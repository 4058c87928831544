/**
 * Which pod a kernel message's process belongs to. The kernel prints host pids; the process table
 * (`stats/ps.txt`) gives each pid's cgroup at collection time, and the cgroup path names the pod
 * and container:
 *
 *   5120	5001	S	101	40960	153600	-997	nginx	/kubepods.slice/kubepods-pod7a0c9e1e_….slice/cri-containerd-9f8e….scope	nginx: worker process
 *     → pid 5120 (nginx) is in pod 7a0c9e1e-… (its name from the pod catalog, when known)
 *
 * The table is a snapshot taken after the event: a pid may have been reused since, so the row must
 * show the same command name as the message (when both show one).
 */
import { decodeCgroupPath, type NodeModel } from '../model/index.js';
import type { ProcessRow } from '../sources/index.js';
import type { Subject } from './define-rule.js';

export interface ProcessPod {
  podUid: string;
  namespace: string | null;
  pod: string | null;
  container: string | null;
  containerId: string | null;
}

/** `/proc/<pid>/comm` holds at most 15 bytes (TASK_COMM_LEN 16); messages may print it whole or cut. */
const COMM_CHARS = 15;

const pidTables = new WeakMap<readonly ProcessRow[], Map<number, ProcessRow>>();

export function podOfProcess(model: NodeModel, pid: number | null, comm: string | null): ProcessPod | null {
  const rows = model.vitals.ps?.processes;
  if (pid === null || !rows) return null;
  const row = pidTable(rows).get(pid);
  if (!row?.cgroup) return null;
  if (comm && row.comm && comm.slice(0, COMM_CHARS) !== row.comm.slice(0, COMM_CHARS)) return null;
  const decoded = decodeCgroupPath(row.cgroup);
  if (!decoded.podUid) return null;
  const pod = model.pods.find((candidate) => candidate.uid === decoded.podUid);
  const containerId = decoded.containerId;
  const container = containerId ? pod?.containers.find((candidate) => candidate.ids.includes(containerId)) : undefined;
  return { podUid: decoded.podUid, namespace: pod?.namespace ?? null, pod: pod?.name ?? null, container: container?.name ?? null, containerId };
}

function pidTable(rows: readonly ProcessRow[]): Map<number, ProcessRow> {
  let table = pidTables.get(rows);
  if (!table) {
    table = new Map(rows.map((row) => [row.pid, row]));
    pidTables.set(rows, table);
  }
  return table;
}

/** The finding's subject: the process, and its pod when known (the pod's UID when it has no name). */
export function processSubject(process: string | null, pod: ProcessPod | null): Subject {
  if (!pod) return { process };
  return { process, namespace: pod.namespace, pod: pod.pod ?? pod.podUid, container: pod.container ?? pod.containerId?.slice(0, 12) ?? null };
}

/** The pod fields a finding's data carries (all null when the process is not in a pod). */
export function podData(pod: ProcessPod | null): { namespace: string | null; pod: string | null; podUid: string | null; container: string | null } {
  return { namespace: pod?.namespace ?? null, pod: pod?.pod ?? pod?.podUid ?? null, podUid: pod?.podUid ?? null, container: pod?.container ?? pod?.containerId?.slice(0, 12) ?? null };
}
