/**
 * The rule catalog: one entry per rule module, in the order `podmortem rules` lists them.
 * A meta-test checks this list against src/rules/, test/rules/ and templates/rules/.
 */
import { containerMemoryLimit } from './container-memory-limit.js';
import { crashLoopBackOff } from './crash-loop-back-off.js';
import type { Rule } from './define-rule.js';
import { imageDiskPressure } from './image-disk-pressure.js';
import { nodePressure } from './node-pressure.js';
import { plegUnhealthy } from './pleg-unhealthy.js';
import { podEvictions } from './pod-evictions.js';
import { probeFailures } from './probe-failures.js';
import { runtimeErrors } from './runtime-errors.js';

export const RULES: readonly Rule[] = [containerMemoryLimit, podEvictions, nodePressure, crashLoopBackOff, probeFailures, plegUnhealthy, runtimeErrors, imageDiskPressure];

export { defineRule, excerpt, SEVERITIES, type DataValue, type Evidence, type FindingData, type FindingInput, type Requirement, type Rule, type Severity, type Subject } from './define-rule.js';
export { compareFindings, fillMessage, meetsFailOn, runRules, type Finding, type RuleResults, type RuleRun } from './run-rules.js';
