/**
 * The rule catalog: one entry per rule module, in the order `podmortem rules` lists them.
 * A meta-test checks this list against src/rules/, test/rules/ and templates/rules/.
 */
import { besteffortOomVictim } from './besteffort-oom-victim.js';
import { childProcessOomKill } from './child-process-oom-kill.js';
import { clockAnomalies } from './clock-anomalies.js';
import { cniRoutesMissing } from './cni-routes-missing.js';
import { containerMemoryLimit } from './container-memory-limit.js';
import { cpuLockups } from './cpu-lockups.js';
import { cpuSteal } from './cpu-steal.js';
import { crashLoopBackOff } from './crash-loop-back-off.js';
import { dataNotCollected } from './data-not-collected.js';
import { dataTruncated } from './data-truncated.js';
import type { Rule } from './define-rule.js';
import { diskIoErrors } from './disk-io-errors.js';
import { diskSaturation } from './disk-saturation.js';
import { filesystemErrors } from './filesystem-errors.js';
import { filesystemNearlyFull } from './filesystem-nearly-full.js';
import { hardwareErrors } from './hardware-errors.js';
import { hungTasks } from './hung-tasks.js';
import { imageDiskPressure } from './image-disk-pressure.js';
import { inodesNearlyFull } from './inodes-nearly-full.js';
import { listeningPorts } from './listening-ports.js';
import { loadAboveCores } from './load-above-cores.js';
import { memoryPressure } from './memory-pressure.js';
import { missingDefaultRoute } from './missing-default-route.js';
import { nodeDaemonOomKill } from './node-daemon-oom-kill.js';
import { nodeOutOfMemory } from './node-out-of-memory.js';
import { nodePressure } from './node-pressure.js';
import { nodeportListeners } from './nodeport-listeners.js';
import { oomKillsUnrecorded } from './oom-kills-unrecorded.js';
import { parseIssues } from './parse-issues.js';
import { plegUnhealthy } from './pleg-unhealthy.js';
import { podEvictions } from './pod-evictions.js';
import { podMemoryLimit } from './pod-memory-limit.js';
import { probeFailures } from './probe-failures.js';
import { runtimeErrors } from './runtime-errors.js';
import { securityDenials } from './security-denials.js';
import { zombieProcesses } from './zombie-processes.js';

export const RULES: readonly Rule[] = [
  // OOM kills
  containerMemoryLimit,
  podMemoryLimit,
  nodeOutOfMemory,
  nodeDaemonOomKill,
  besteffortOomVictim,
  childProcessOomKill,
  oomKillsUnrecorded,
  // Kubelet and container runtime
  podEvictions,
  nodePressure,
  crashLoopBackOff,
  probeFailures,
  plegUnhealthy,
  runtimeErrors,
  imageDiskPressure,
  // Kernel
  diskIoErrors,
  filesystemErrors,
  hungTasks,
  cpuLockups,
  securityDenials,
  hardwareErrors,
  // Node vital signs
  memoryPressure,
  diskSaturation,
  filesystemNearlyFull,
  inodesNearlyFull,
  loadAboveCores,
  cpuSteal,
  zombieProcesses,
  // Network
  missingDefaultRoute,
  cniRoutesMissing,
  nodeportListeners,
  listeningPorts,
  // Data quality
  dataNotCollected,
  dataTruncated,
  clockAnomalies,
  parseIssues,
];

export {
  declaredSeverities,
  declaresSeverity,
  defineRule,
  excerpt,
  SEVERITIES,
  type SeverityWhen,
  type DataValue,
  type Evidence,
  type FindingData,
  type FindingInput,
  type Requirement,
  type Rule,
  type Severity,
  type Subject,
  type SuggestedCommand,
} from './define-rule.js';
export { compareFindings, fillMessage, findingsAtOrAbove, meetsFailOn, runRules, type Finding, type RuleResults, type RuleRun } from './run-rules.js';
