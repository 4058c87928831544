/**
 * A BestEffort pod (no memory request or limit) was the victim of a node-wide OOM while
 * Guaranteed pods ran: the kernel did exactly what the kubelet told it (BestEffort containers get
 * oom_score_adj 1000, Guaranteed −997), but a workload that matters should not run without a
 * memory request.
 */
import { defineRule } from './define-rule.js';
import { nodeOomVictimCommands } from './oom-command-helpers.js';
import { oomEvidence, victimName } from './oom-helpers.js';

export const besteffortOomVictim = defineRule({
  id: 'besteffort-oom-victim',
  title: 'BestEffort pod killed first in a node-wide OOM',
  severity: 'warning',
  severities: {
    warning: 'a BestEffort pod was killed in a node-wide OOM',
  },
  requires: [['kernel', 'journal']],
  messages: {
    victim: '{victim} (BestEffort: no memory request) was killed when the node ran out of memory, while Guaranteed pods ran on (Guaranteed pods on the node: {guaranteedPods})',
  },
  check(model, report) {
    const guaranteedPods = model.pods.filter((pod) => pod.qosClass === 'Guaranteed').length;
    const nodeWide = model.oomKills.filter((kill) => kill.qosClass === 'BestEffort' && (kill.scope === 'global' || kill.limitLevel === 'node-allocatable'));
    for (const kill of nodeWide) {
      if (guaranteedPods === 0) continue;
      report({
        messageId: 'victim',
        data: { victim: victimName(kill), namespace: kill.namespace, pod: kill.pod, container: kill.container, guaranteedPods, oomScoreAdj: kill.oomScoreAdj, qosEvidence: kill.qosEvidence },
        subject: { namespace: kill.namespace, pod: kill.pod, container: kill.container },
        time: kill.time,
        evidence: oomEvidence([kill]),
        commands: nodeOomVictimCommands(model, kill),
      });
    }
  },
});
