/** Kernel OOM report text in the real dmesg format, for model and rule tests. */
export const POD_UID = '6f1e2d3c-4b5a-4978-8c1d-2e3f4a5b6c7d';
export const CONTAINER_ID = 'cc9f5ce2a89d419cec6710972c11310366835d913bb4748fb2b0723d8aa752e9';

export function v2ContainerPath(uid = POD_UID, id = CONTAINER_ID, qos: 'burstable' | 'besteffort' | 'guaranteed' = 'burstable'): string {
  const slice = uid.replace(/-/g, '_');
  const pod = qos === 'guaranteed' ? `/kubepods.slice/kubepods-pod${slice}.slice` : `/kubepods.slice/kubepods-${qos}.slice/kubepods-${qos}-pod${slice}.slice`;
  return `${pod}/cri-containerd-${id}.scope`;
}

export interface OomReportOptions {
  pid?: number;
  comm?: string;
  adj?: number;
  /** The cgroup whose limit was hit; null for a global (node-wide) OOM. */
  oomMemcg?: string | null;
  taskMemcg?: string;
  limitKb?: number;
  kill?: boolean;
}

/** A kernel ≥ 5.4 OOM report as dmesg prints it, starting at `monotonic` seconds. */
export function oomReport(monotonic: number, options: OomReportOptions = {}): string {
  const { pid = 41234, comm = 'java', adj = 984, taskMemcg = v2ContainerPath(), limitKb = 524288, kill = true } = options;
  const oomMemcg = options.oomMemcg === undefined ? taskMemcg : options.oomMemcg;
  const s = (dt: number) => `[${(monotonic + dt).toFixed(6).padStart(12)}]`;
  const scope = oomMemcg === null ? 'global_oom' : `oom_memcg=${oomMemcg}`;
  const reason = oomMemcg === null ? 'Out of memory' : 'Memory cgroup out of memory';
  return (
    [
      `${s(0)} ${comm} invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=${adj}`,
      oomMemcg === null ? '' : `${s(0.0001)} memory: usage ${limitKb}kB, limit ${limitKb}kB, failcnt 5402`,
      `${s(0.0002)} oom-kill:constraint=${oomMemcg === null ? 'CONSTRAINT_NONE' : 'CONSTRAINT_MEMCG'},nodemask=(null),cpuset=/,mems_allowed=0,${scope},task_memcg=${taskMemcg},task=${comm},pid=${pid},uid=1000`,
      kill ? `${s(0.0003)} ${reason}: Killed process ${pid} (${comm}) total-vm:1204080kB, anon-rss:523012kB, file-rss:2596kB, shmem-rss:0kB, UID:1000 pgtables:1196kB oom_score_adj:${adj}` : '',
    ]
      .filter(Boolean)
      .join('\n') + '\n'
  );
}
