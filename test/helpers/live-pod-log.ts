/**
 * A pod's log on this machine, laid out as the kubelet does: `/var/log/pods/<ns>_<pod>_<uid>/
 * <container>/0.log` and its `/var/log/containers/<pod>_<ns>_<container>-<id>.log` link. For the
 * live tests that make real OOM kills; `removePodLog` takes both away again.
 */
import { mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface LivePod {
  namespace: string;
  pod: string;
  uid: string;
  container: string;
  containerId: string;
}

/** Creates the empty current log and its link; returns the log's path. */
export async function layOutPodLog(v: LivePod): Promise<string> {
  const dir = `/var/log/pods/${v.namespace}_${v.pod}_${v.uid}/${v.container}`;
  await mkdir(dir, { recursive: true });
  await mkdir('/var/log/containers', { recursive: true });
  const log = join(dir, '0.log');
  await writeFile(log, '');
  await symlink(log, linkOf(v));
  return log;
}

export async function removePodLog(v: LivePod): Promise<void> {
  await rm(`/var/log/pods/${v.namespace}_${v.pod}_${v.uid}`, { recursive: true, force: true });
  await rm(linkOf(v), { force: true });
}

function linkOf(v: LivePod): string {
  return `/var/log/containers/${v.pod}_${v.namespace}_${v.container}-${v.containerId}.log`;
}
