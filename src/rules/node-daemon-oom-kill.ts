/**
 * The OOM killer took a node daemon (kubelet, container runtime, a shim, kube-proxy) or another
 * host process outside any pod (a container some runtime started outside Kubernetes included: the
 * kubelet does not account for its memory either). The kubelet gives its daemons −999 and sandboxes/shims −998 so
 * that every pod dies first (domain-facts §3.1): a daemon's death means the node was in deep
 * trouble, and it takes every container it managed with it.
 */
import { classifyOomScoreAdj } from '../model/index.js';
import { defineRule } from './define-rule.js';
import { oomEvidence } from './oom-helpers.js';
import { kernelLogs, remedyFacts, sh, suggest } from './command-helpers.js';
import { runtimeService } from './node-command-helpers.js';

/** Process names of the node's own machinery (the comm, at most 15 characters). */
const DAEMONS = /^(kubelet|containerd|containerd-shim.*|dockerd|docker|crio|conmon|runc|crun|kube-proxy|systemd|systemd-journal|sshd|etcd)$/;

export const nodeDaemonOomKill = defineRule({
  id: 'node-daemon-oom-kill',
  title: 'OOM killer took a node daemon or host process',
  severity: 'critical',
  severities: {
    critical: 'the victim is a node daemon (kubelet, container runtime, shim, kube-proxy, systemd, journald, sshd, etcd)',
    warning: 'another host process outside the pods',
  },
  requires: [['kernel', 'journal']],
  messages: {
    daemon: 'The OOM killer killed the node daemon "{process}" (pid {pid}, oom_score_adj {oomScoreAdj}): the node was out of memory beyond what killing pods could fix',
    hostProcess: 'The OOM killer killed the host process "{process}" (pid {pid}), which runs outside any pod',
    outsideKubernetes: 'The OOM killer killed "{process}" (pid {pid}) in a container outside Kubernetes ({runtime} container {container})',
  },
  commands(finding, model) {
    const facts = remedyFacts(model);
    const process = finding.subject?.process;
    const id = typeof finding.data.containerId === 'string' ? finding.data.containerId : null;
    const runtime = finding.data.runtime;
    const oomScores = sh`pgrep -x ${process}`;
    return [
      suggest("the kernel's OOM lines around the kill", kernelLogs(finding.time, 'out of memory|oom-kill|killed process')),
      ...runtimeService(facts, finding.time),
      suggest(
        `the oom_score_adj of each running ${process ?? 'process'} (the lower, the later it is chosen)`,
        oomScores === null ? null : `${oomScores} | while read -r p; do echo "$p $(cat /proc/$p/oom_score_adj)"; done`,
      ),
      suggest('the container outside Kubernetes that was hit', runtime === 'docker' || runtime === 'podman' ? sh`${runtime} inspect ${id} --format '{{.Name}} {{.HostConfig.Memory}}'` : null),
      suggest('the largest memory users on the node now', 'ps -eo pid,rss,comm --sort=-rss | head -15'),
    ];
  },
  check(model, report) {
    model.oomKills.forEach((kill, index) => {
      if (kill.podUid) return;
      const score = kill.oomScoreAdj === null ? null : classifyOomScoreAdj(kill.oomScoreAdj).kind;
      const daemon = DAEMONS.test(kill.process) || score === 'node-daemon' || score === 'pod-sandbox' || score === 'unkillable';
      // docker, podman, CRI-O or containerd running a container of their own: the path names it
      const cgroup = model.oomKillDetails[index]?.victimCgroup;
      const container = !daemon && cgroup?.owner === 'runtime' && cgroup.containerId && !cgroup.conmon ? cgroup.containerId : null;
      report({
        messageId: daemon ? 'daemon' : container ? 'outsideKubernetes' : 'hostProcess',
        severity: daemon ? 'critical' : 'warning',
        data: {
          process: kill.process,
          pid: kill.pid,
          oomScoreAdj: kill.oomScoreAdj,
          scope: kill.scope,
          taskMemcg: kill.taskMemcg,
          ...(container ? { runtime: cgroup?.runtime ?? 'unknown runtime', container: container.slice(0, 12), containerId: container } : {}),
        },
        subject: { process: kill.process },
        time: kill.time,
        evidence: oomEvidence([kill]),
      });
    });
  },
});
