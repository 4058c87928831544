/**
 * Runs the catalog over a node model. Every rule run is recorded: `ran` (with how many
 * findings), `skipped` (naming the sources it lacked) or `errored` (a bug in that rule: the rest
 * still runs and the report is still written). Findings come out in a stable order.
 */
import type { SourceId } from '../bundle/index.js';
import type { NodeModel } from '../model/index.js';
import {
  declaredSeverities,
  declaresSeverity,
  SEVERITIES,
  type Evidence,
  type FindingData,
  type FindingInput,
  type Requirement,
  type Rule,
  type Severity,
  type Subject,
  type SuggestedCommand,
} from './define-rule.js';
import { plural } from '../util/plural.js';

export interface Finding {
  /** `<ruleId>-<n>`, n counting that rule's findings in report order from 1: what incidents reference. */
  id: string;
  ruleId: string;
  severity: Severity;
  messageId: string;
  /** The rule's message for this finding, its placeholders filled from `data`. */
  message: string;
  data: FindingData;
  subject: Subject | null;
  time: string | null;
  evidence: Evidence[];
  /** Next steps filled in from this finding and the node's facts, most useful first ([] when none). */
  commands: SuggestedCommand[];
}

export type RuleRun =
  { ruleId: string; status: 'ran'; findings: number } | { ruleId: string; status: 'skipped'; missing: SourceId[][]; reason?: string } | { ruleId: string; status: 'errored'; message: string };

export interface RuleResults {
  findings: Finding[];
  runs: RuleRun[];
}

/** Evidence kept per finding: enough to check it, not a dump of the log. */
const MAX_EVIDENCE = 10;
/** Commands kept per finding: the next steps, not a runbook. */
export const MAX_COMMANDS = 8;

export function runRules(model: NodeModel, rules: readonly Rule[]): RuleResults {
  const findings: Finding[] = [];
  const runs: RuleRun[] = [];
  const found = new Set(model.coverage.filter((row) => row.files > 0).map((row) => row.source));
  for (const rule of rules) {
    const missing = rule.requires.map(anyOf).filter((ids) => !ids.some((id) => found.has(id)));
    if (missing.length > 0) {
      runs.push({ ruleId: rule.id, status: 'skipped', missing });
      continue;
    }
    const own: Finding[] = [];
    try {
      const lack = rule.lacks?.(model) ?? null;
      if (lack) {
        runs.push({ ruleId: rule.id, status: 'skipped', missing: [], reason: lack });
        continue;
      }
      rule.check(model, (input) => own.push(toFinding(rule, input, model)));
      findings.push(...own);
      runs.push({ ruleId: rule.id, status: 'ran', findings: own.length });
    } catch (error) {
      runs.push({ ruleId: rule.id, status: 'errored', message: (error as Error).message ?? String(error) });
    }
  }
  return { findings: numberFindings(findings.sort(compareFindings)), runs };
}

/** Gives each finding its id, counting per rule in report order. */
function numberFindings(findings: Finding[]): Finding[] {
  const counts = new Map<string, number>();
  for (const finding of findings) {
    const n = (counts.get(finding.ruleId) ?? 0) + 1;
    counts.set(finding.ruleId, n);
    finding.id = `${finding.ruleId}-${n}`;
  }
  return findings;
}

function anyOf(requirement: Requirement): SourceId[] {
  return typeof requirement === 'string' ? [requirement] : [...requirement];
}

function toFinding(rule: Rule, input: FindingInput<string>, model: NodeModel): Finding {
  const template = rule.messages[input.messageId];
  if (template === undefined) throw new Error(`rule ${rule.id} has no message ${input.messageId}`);
  const severity = input.severity ?? rule.severity;
  // The catalog promises these severities; a finding outside them is a bug in the rule.
  if (!declaresSeverity(rule, severity)) throw new Error(`rule ${rule.id} reported severity ${severity}, which it does not declare (${declaredSeverities(rule).join(', ')})`);
  // A placeholder its data does not fill would reach the page as `{key}`: a bug in the rule, too.
  const unfilled = placeholderKeys(template).filter((key) => !Object.hasOwn(input.data, key));
  if (unfilled.length > 0) throw new Error(`rule ${rule.id} message ${input.messageId} names ${unfilled.map((key) => `{${key}}`).join(', ')}, which its finding's data does not provide`);
  return {
    id: '',
    ruleId: rule.id,
    severity,
    messageId: input.messageId,
    message: fillMessage(template, input.data),
    data: input.data,
    subject: input.subject ?? null,
    time: input.time ?? null,
    evidence: (input.evidence ?? []).slice(0, MAX_EVIDENCE),
    commands: filledCommands(input.commands ?? rule.commands?.(input, model) ?? []),
  };
}

/** The commands that could be filled in, each once, in the rule's order. */
function filledCommands(commands: readonly (SuggestedCommand | null)[]): SuggestedCommand[] {
  const seen = new Set<string>();
  const kept: SuggestedCommand[] = [];
  for (const command of commands) {
    if (command === null || seen.has(command.command)) continue;
    seen.add(command.command);
    kept.push(command);
  }
  return kept.slice(0, MAX_COMMANDS);
}

/** `{key}`, `{key|atLeast}`, `{key:noun}`, `{key|atLeast:noun}`. */
const PLACEHOLDER = /\{(\w+)(\|atLeast)?(?::([A-Za-z /-]+))?\}/g;

/** The data keys a message template names. */
export function placeholderKeys(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((match) => match[1] as string);
}

/**
 * `{pod} hit its limit` with `{ pod: 'web-1' }` → `web-1 hit its limit`; lists are joined.
 * `{failures|atLeast}` reads `at least 1000` when the data says `countIsLowerBound: true` (a
 * reader kept only part of the lines the count is built on), else `1000`.
 * `{kills:time}` counts a noun: `1 time`, `2 times` (`{evictions|atLeast:pod}` → `at least 3 pods`).
 */
export function fillMessage(template: string, data: FindingData): string {
  return template.replace(PLACEHOLDER, (whole, key: string, atLeast: string | undefined, noun: string | undefined) => {
    const value = data[key];
    if (value === undefined) return whole;
    if (Array.isArray(value)) return value.join(', ');
    if (value === null) return 'unknown';
    const text = atLeast && data.countIsLowerBound === true ? `at least ${String(value)}` : String(value);
    return noun === undefined ? text : `${text} ${plural(typeof value === 'number' ? value : Number.NaN, noun)}`;
  });
}

/** Most severe first, then by time (unknown last), rule and message: the same bundle gives the same order. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) || (a.time ?? '\uffff').localeCompare(b.time ?? '\uffff') || a.ruleId.localeCompare(b.ruleId) || a.message.localeCompare(b.message)
  );
}

/** Whether a finding at or above `threshold` exists (`--fail-on`). */
export function meetsFailOn(findings: readonly Finding[], threshold: Severity): boolean {
  return findingsAtOrAbove(findings, threshold).length > 0;
}

/** The findings at or above `threshold`, in the order given: those that make `--fail-on` fail. */
export function findingsAtOrAbove(findings: readonly Finding[], threshold: Severity): Finding[] {
  const limit = SEVERITIES.indexOf(threshold);
  return findings.filter((finding) => SEVERITIES.indexOf(finding.severity) <= limit);
}
