/**
 * The OOM killer took a child process while the container kept running: the same attempt kept
 * writing logs after the kill and no restart followed. Nothing restarts, the pod stays Ready, no
 * `OOMKilled` shows in `kubectl describe`: a silent partial failure (a worker, a converter, a
 * shell-out) that only the kernel log and the cgroup's oom_kill counter record. Without
 * `memory.oom.group` (cgroup v1, or kubelet `singleProcessOOMKill`) this is how a memcg OOM ends.
 */
import { defineRule } from './define-rule.js';
import { childKillCommands } from './oom-command-helpers.js';
import { oomEvidence, victimName } from './oom-helpers.js';

export const childProcessOomKill = defineRule({
  id: 'child-process-oom-kill',
  title: 'Child process OOM-killed while its container kept running',
  severity: 'warning',
  severities: {
    warning: 'a child process was killed and its container kept running',
  },
  requires: [['kernel', 'journal'], 'podLogs'],
  messages: {
    silent: '"{process}" (pid {pid}) in {victim} was OOM-killed, but the container kept running: nothing restarted and Kubernetes shows no OOMKilled',
  },
  check(model, report) {
    model.oomKills.forEach((kill, index) => {
      if (model.oomKillDetails[index]?.outcome !== 'container-kept-running') return;
      report({
        messageId: 'silent',
        data: { process: kill.process, pid: kill.pid, victim: victimName(kill), namespace: kill.namespace, pod: kill.pod, container: kill.container, limitLevel: kill.limitLevel },
        subject: { namespace: kill.namespace, pod: kill.pod, container: kill.container, process: kill.process },
        time: kill.time,
        evidence: oomEvidence([kill]),
        commands: childKillCommands(model, kill),
      });
    });
  },
});
