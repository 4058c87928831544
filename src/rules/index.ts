/**
 * The rule catalog: one entry per rule module, in the order `podmortem rules` lists them.
 * A meta-test checks this list against src/rules/, test/rules/ and templates/rules/.
 */
import { containerMemoryLimit } from './container-memory-limit.js';
import { cpuLockups } from './cpu-lockups.js';
import type { Rule } from './define-rule.js';
import { diskIoErrors } from './disk-io-errors.js';
import { filesystemErrors } from './filesystem-errors.js';
import { hardwareErrors } from './hardware-errors.js';
import { hungTasks } from './hung-tasks.js';
import { securityDenials } from './security-denials.js';

export const RULES: readonly Rule[] = [
  containerMemoryLimit,
  diskIoErrors,
  filesystemErrors,
  hungTasks,
  cpuLockups,
  securityDenials,
  hardwareErrors,
];

export { defineRule, excerpt, SEVERITIES, type DataValue, type Evidence, type FindingData, type FindingInput, type Requirement, type Rule, type Severity, type Subject } from './define-rule.js';
export { compareFindings, fillMessage, meetsFailOn, runRules, type Finding, type RuleResults, type RuleRun } from './run-rules.js';
