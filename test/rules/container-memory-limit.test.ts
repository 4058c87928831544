import { describe, expect, it } from 'vitest';
import { containerMemoryLimit } from '../../src/rules/container-memory-limit.js';
import { runWithFakeTools, shellMissing } from '../helpers/fake-tools.js';
import { CONTAINER_ID, oomReport, POD_UID, v2ContainerPath } from '../helpers/kernel-text.js';
import { checkRule, MANIFEST, utcAt } from '../helpers/model.js';

const POD_DIR = `pods/shop_checkout-7d9f8b6c5-x2x9q_${POD_UID}`;

describe('container-memory-limit', () => {
  it('reports one kill at the container limit as a warning', async () => {
    const { findings } = await checkRule(containerMemoryLimit, { 'manifest.json': MANIFEST, 'kernel/dmesg.txt': oomReport(86412.3), [`${POD_DIR}/api/0.log`]: '' });
    expect(findings).toEqual([
      expect.objectContaining({
        messageId: 'once',
        severity: 'warning',
        time: utcAt(86412.3003),
        data: expect.objectContaining({ namespace: 'shop', pod: 'checkout-7d9f8b6c5-x2x9q', kills: 1, limitKb: 524288, qosClass: 'Burstable', pid: 41234 }),
      }),
    ]);
    expect(findings[0]?.evidence).toEqual(expect.arrayContaining([{ path: 'kernel/dmesg.txt', line: 4 }]));
  });

  it('reports repeated kills of one container as a critical crash loop', async () => {
    const dmesg = oomReport(86412.3) + oomReport(89978.5, { pid: 51877 });
    const { findings } = await checkRule(containerMemoryLimit, { 'manifest.json': MANIFEST, 'kernel/dmesg.txt': dmesg });
    expect(findings).toEqual([
      expect.objectContaining({ messageId: 'repeated', severity: 'critical', data: expect.objectContaining({ kills: 2, firstKill: utcAt(86412.3003), lastKill: utcAt(89978.5003) }) }),
    ]);
  });

  it('does not fire for a pod-level limit or a node-wide OOM', async () => {
    const podLimit = oomReport(86412.3, { oomMemcg: v2ContainerPath().replace(/\/cri-containerd-[^/]+$/, '') });
    const global = oomReport(86500, { oomMemcg: null, pid: 50000 });
    const { run, findings } = await checkRule(containerMemoryLimit, { 'manifest.json': MANIFEST, 'kernel/dmesg.txt': podLimit + global });
    expect(run).toEqual({ ruleId: 'container-memory-limit', status: 'ran', findings: 0 });
    expect(findings).toEqual([]);
  });

  describe('next steps', () => {
    const V1_PATH = `/kubepods/burstable/pod${POD_UID}/${CONTAINER_ID}`;
    const V2_POD_SLICE = v2ContainerPath().replace(/\/cri-containerd-[^/]+$/, '');
    const v2Events = { [`cgroup${v2ContainerPath()}/memory.events`]: 'low 0\nhigh 0\nmax 5402\noom 1\noom_kill 1\n' };
    // The /var/log/containers link names the container of the kill's container id.
    const links = { 'containers.txt': `checkout-7d9f8b6c5-x2x9q_shop_api-${CONTAINER_ID}.log\t/var/log/pods/shop_checkout-7d9f8b6c5-x2x9q_${POD_UID}/api/0.log\n` };
    const v1Counters = { [`cgroup${V1_PATH}/memory.oom_control`]: 'oom_kill_disable 0\nunder_oom 0\noom_kill 1\n', [`cgroup${V1_PATH}/memory.failcnt`]: '5402\n' };

    it('names the pod, its container and the limit to raise, with the cgroup v2 counters of the pod slice', async () => {
      const { findings } = await checkRule(containerMemoryLimit, { 'manifest.json': MANIFEST, 'kernel/dmesg.txt': oomReport(86412.3), [`${POD_DIR}/api/0.log`]: '', ...links, ...v2Events });
      const commands = findings[0]!.commands;
      expect(commands.slice(0, 3).map((c) => c.command)).toEqual([
        'kubectl -n shop describe pod checkout-7d9f8b6c5-x2x9q',
        'kubectl -n shop logs checkout-7d9f8b6c5-x2x9q -c api --previous --tail=100',
        `cat /sys/fs/cgroup${V2_POD_SLICE}/memory.events`,
      ]);
      const raise = commands.find((c) => c.changesCluster);
      expect(raise?.command).toBe('kubectl -n shop set resources deployment/checkout -c api --limits=memory=640Mi');
      expect(raise?.purpose).toContain('from 512Mi to 640Mi');
      expect(commands.filter((c) => c.changesCluster)).toHaveLength(1);
      expect(commands.map((c) => c.command).join('\n')).not.toMatch(/oom_control|failcnt/);
    });

    it('reads memory.oom_control and memory.failcnt of the container cgroup on cgroup v1 (cgroupfs)', async () => {
      const { findings } = await checkRule(containerMemoryLimit, {
        'manifest.json': MANIFEST,
        'kernel/dmesg.txt': oomReport(86412.3, { taskMemcg: V1_PATH }),
        [`${POD_DIR}/api/0.log`]: '',
        ...v1Counters,
      });
      const base = `/sys/fs/cgroup/memory${V1_PATH}`;
      expect(findings[0]!.commands.map((c) => c.command)).toContain(`grep -H . ${base}/memory.oom_control ${base}/memory.failcnt ${base}/memory.max_usage_in_bytes`);
      expect(findings[0]!.commands.map((c) => c.command).join('\n')).not.toContain('memory.events');
    });

    it('leaves out the kubectl commands when the pod is known only by its UID, and asks the runtime for its name', async () => {
      const { findings } = await checkRule(containerMemoryLimit, { 'manifest.json': MANIFEST, 'kernel/dmesg.txt': oomReport(86412.3), ...v2Events });
      const commands = findings[0]!.commands.map((c) => c.command);
      expect(commands.some((c) => c.startsWith('kubectl'))).toBe(false);
      expect(commands).toContain(`crictl pods --label io.kubernetes.pod.uid=${POD_UID}`);
      expect(commands.join('\n')).not.toMatch(/<[a-z]|\{[a-z]\w*\}/i);
    });

    it('leaves out the cgroup counters when the bundle does not tell cgroup v1 from v2', async () => {
      const { findings } = await checkRule(containerMemoryLimit, { 'manifest.json': MANIFEST, 'kernel/dmesg.txt': oomReport(86412.3), [`${POD_DIR}/api/0.log`]: '' });
      expect(findings[0]!.commands.map((c) => c.command).join('\n')).not.toContain('/sys/fs/cgroup');
    });

    it.skipIf(shellMissing() !== null)('quotes a hostile pod name: a real shell passes it to kubectl as one argument and runs nothing else', async () => {
      const hostile = 'evil;$(touch pwned)`touch pwned2` x';
      const spec = { 'manifest.json': MANIFEST, 'kernel/dmesg.txt': oomReport(86412.3), [`pods/shop_${hostile}_${POD_UID}/api/0.log`]: '', ...v2Events };
      const { findings } = await checkRule(containerMemoryLimit, spec);
      expect(findings[0]!.subject?.pod).toBe(hostile);
      const commands = findings[0]!.commands.filter((c) => c.command.startsWith('kubectl'));
      expect(commands.length).toBeGreaterThanOrEqual(3);
      for (const { command } of commands) {
        const { runs, leftovers } = await runWithFakeTools(command, ['kubectl']);
        expect(leftovers, command).toEqual([]);
        expect(
          runs.map((run) => run.tool),
          command,
        ).toEqual(['kubectl']);
        expect(runs[0]!.args, command).toContain(hostile);
      }
      // No Deployment can be read from such a name: no command changes the cluster.
      expect(findings[0]!.commands.some((c) => c.changesCluster)).toBe(false);
    });
  });
});
