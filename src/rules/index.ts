/**
 * The rule catalog: one entry per rule module, in the order `podmortem rules` lists them.
 * A meta-test checks this list against src/rules/, test/rules/ and templates/rules/.
 */
import { cniRoutesMissing } from './cni-routes-missing.js';
import { containerMemoryLimit } from './container-memory-limit.js';
import { cpuSteal } from './cpu-steal.js';
import type { Rule } from './define-rule.js';
import { diskSaturation } from './disk-saturation.js';
import { filesystemNearlyFull } from './filesystem-nearly-full.js';
import { inodesNearlyFull } from './inodes-nearly-full.js';
import { listeningPorts } from './listening-ports.js';
import { loadAboveCores } from './load-above-cores.js';
import { memoryPressure } from './memory-pressure.js';
import { missingDefaultRoute } from './missing-default-route.js';
import { nodeportListeners } from './nodeport-listeners.js';
import { zombieProcesses } from './zombie-processes.js';

export const RULES: readonly Rule[] = [
  containerMemoryLimit,
  memoryPressure,
  diskSaturation,
  filesystemNearlyFull,
  inodesNearlyFull,
  loadAboveCores,
  cpuSteal,
  zombieProcesses,
  missingDefaultRoute,
  cniRoutesMissing,
  nodeportListeners,
  listeningPorts,
];

export { defineRule, excerpt, SEVERITIES, type DataValue, type Evidence, type FindingData, type FindingInput, type Requirement, type Rule, type Severity, type Subject } from './define-rule.js';
export { compareFindings, fillMessage, meetsFailOn, runRules, type Finding, type RuleResults, type RuleRun } from './run-rules.js';
