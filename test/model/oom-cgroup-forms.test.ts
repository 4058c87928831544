/**
 * Whole kernel OOM reports, one per memory cgroup form podmortem meets (docs/cgroup-layouts.md),
 * through the real stages into `oomKills`: every field the text holds comes out, and every field
 * it does not hold is null — never a value from another record or another path segment. The
 * paths are the shapes of real reports (kind#3169, gpud#70, a minikube line, OpenShift CRI-O,
 * standalone docker and podman); ids and uids are this test's own.
 */
import { describe, expect, it } from 'vitest';
import { MANIFEST, modelFromSpec, utcAt } from '../helpers/model.js';

const UID = '0e5f8a21-3c4d-4b6e-9f70-81a2b3c4d5e6';
const SLICE = UID.replace(/-/g, '_');
const ID = '4f2d9b1c7e3a5d8f0b6c2e9a1d4f7b3c8e5a2d9f6b1c4e7a0d3f8b5c2e9a6d1f';
const NODE = '9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b';

interface Form {
  name: string;
  taskMemcg: string;
  /** The cgroup whose limit was hit (the container's own when not given). */
  oomMemcg?: string;
  adj: number;
  expected: { podUid: string | null; containerId: string | null; qosClass: string | null; limitLevel: string | null };
}

const BURSTABLE_SYSTEMD = `kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${SLICE}.slice`;
const IN_POD = { podUid: UID, containerId: ID, qosClass: 'Burstable', limitLevel: 'container' };

const FORMS: Form[] = [
  { name: 'containerd, systemd driver, cgroup v2', taskMemcg: `/${BURSTABLE_SYSTEMD}/cri-containerd-${ID}.scope`, adj: 984, expected: IN_POD },
  { name: 'cgroupfs driver, cgroup v1', taskMemcg: `/kubepods/burstable/pod${UID}/${ID}`, adj: 984, expected: IN_POD },
  { name: 'Guaranteed, cgroupfs', taskMemcg: `/kubepods/pod${UID}/${ID}`, adj: -997, expected: { ...IN_POD, qosClass: 'Guaranteed' } },
  {
    name: 'BestEffort, systemd',
    taskMemcg: `/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod${SLICE}.slice/cri-containerd-${ID}.scope`,
    adj: 1000,
    expected: { ...IN_POD, qosClass: 'BestEffort' },
  },
  { name: 'OpenShift CRI-O, systemd driver', taskMemcg: `/${BURSTABLE_SYSTEMD}/crio-${ID}.scope`, adj: 984, expected: IN_POD },
  {
    name: 'kind on cgroup v2 (node container prefix)',
    taskMemcg: `/system.slice/docker-${NODE}.scope/kubelet.slice/kubelet-kubepods.slice/kubelet-kubepods-burstable.slice/kubelet-kubepods-burstable-pod${SLICE}.slice/cri-containerd-${ID}.scope`,
    adj: 984,
    expected: IN_POD,
  },
  { name: 'minikube / kind on cgroup v1', taskMemcg: `/docker/${NODE}/kubepods/burstable/pod${UID}/${ID}`, adj: 984, expected: IN_POD },
  { name: 'LXC payload', taskMemcg: `/lxc.payload.node-2/${BURSTABLE_SYSTEMD}/cri-containerd-${ID}.scope`, adj: 984, expected: IN_POD },
  { name: 'pod-level limit', taskMemcg: `/${BURSTABLE_SYSTEMD}/cri-containerd-${ID}.scope`, oomMemcg: `/${BURSTABLE_SYSTEMD}`, adj: 984, expected: { ...IN_POD, limitLevel: 'pod' } },
  { name: 'standalone docker (outside Kubernetes)', taskMemcg: `/system.slice/docker-${ID}.scope`, adj: 0, expected: { podUid: null, containerId: ID, qosClass: null, limitLevel: 'container' } },
  { name: 'podman', taskMemcg: `/machine.slice/libpod-${ID}.scope`, adj: 0, expected: { podUid: null, containerId: ID, qosClass: null, limitLevel: 'container' } },
  {
    name: 'CRI-O conmon: the pod, not the workload container',
    taskMemcg: `/${BURSTABLE_SYSTEMD}/crio-conmon-${ID}.scope`,
    oomMemcg: `/${BURSTABLE_SYSTEMD}`,
    adj: -1000,
    expected: { podUid: UID, containerId: null, qosClass: 'Burstable', limitLevel: 'pod' },
  },
];

const AT = 3000.5;

function report(form: Form, pid: number): string {
  const s = (dt: number) => `[${(AT + dt).toFixed(6).padStart(12)}]`;
  const oomMemcg = form.oomMemcg ?? form.taskMemcg;
  return [
    `${s(0)} worker invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=${form.adj}`,
    `${s(0.00001)} CPU: 1 PID: ${pid} Comm: worker Not tainted 6.1.0-27-amd64 #1 Debian 6.1.115-1`,
    `${s(0.0001)} memory: usage 262144kB, limit 262144kB, failcnt 311`,
    `${s(0.0002)} oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=${oomMemcg},task_memcg=${form.taskMemcg},task=worker,pid=${pid},uid=0`,
    `${s(0.0003)} Memory cgroup out of memory: Killed process ${pid} (worker) total-vm:812340kB, anon-rss:258012kB, file-rss:1196kB, shmem-rss:0kB, UID:0 pgtables:640kB oom_score_adj:${form.adj}`,
    '',
  ].join('\n');
}

describe('a whole OOM report per memory cgroup form', () => {
  it.each(FORMS.map((form, index) => ({ ...form, pid: 7100 + index })))('$name', async (form) => {
    const model = await modelFromSpec({ 'manifest.json': MANIFEST, 'kernel/dmesg.txt': report(form, form.pid) });
    expect(model.oomKills).toHaveLength(1);
    const kill = model.oomKills[0]!;
    expect({
      pid: kill.pid,
      process: kill.process,
      scope: kill.scope,
      podUid: kill.podUid,
      containerId: kill.containerId,
      qosClass: kill.qosClass,
      limitLevel: kill.limitLevel,
      oomScoreAdj: kill.oomScoreAdj,
      anonRssKb: kill.anonRssKb,
      time: kill.time,
    }).toEqual({ pid: form.pid, process: 'worker', scope: 'memcg', ...form.expected, oomScoreAdj: form.adj, anonRssKb: 258012, time: utcAt(AT + 0.0003) });
  });
});
