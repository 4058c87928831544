/**
 * The shape of a rule: one module per rule, a stable kebab-case id (the same in
 * `src/rules/<id>.ts`, `test/rules/<id>.test.ts` and `templates/rules/<id>.md`), the sources it
 * needs, its messages keyed by message id, and a check that reads only the node model.
 * A finding is a message id plus typed data and evidence; sentences live in `messages` and in the
 * rule's markdown, so tests assert ids and data, not prose.
 */
import type { SourceId } from '../bundle/index.js';

import { SEVERITIES, type NodeModel, type Severity } from '../model/index.js';

export { SEVERITIES, type Severity } from '../model/index.js';

/** A source id, or a list of which any one will do (kernel messages come from dmesg or the journal). */
export type Requirement = SourceId | readonly SourceId[];

export type DataValue = string | number | boolean | null | readonly (string | number)[];
export type FindingData = Record<string, DataValue>;

export interface Evidence {
  path: string;
  line: number | null;
  /** The line as written, cut to a few hundred characters. */
  excerpt?: string | null;
}

/**
 * A next step filled in with this bundle's names (pod, namespace, container, paths, limits): a
 * suggestion to copy, never run by podmortem. `changesCluster` marks a command that changes the
 * cluster or the node (edit, patch, delete, restart); the report says so next to it.
 */
export interface SuggestedCommand {
  /** What running it shows or does, one short clause ("the previous attempt's log"). */
  purpose: string;
  /** Copy-ready shell text with no placeholder left (`kubectl -n shop logs checkout-7d9f-x2 --previous`). */
  command: string;
  changesCluster: boolean;
}

/** What a finding is about, for the per-pod view and for grouping. */
export interface Subject {
  namespace?: string | null;
  pod?: string | null;
  container?: string | null;
  device?: string | null;
  process?: string | null;
}

export interface FindingInput<M extends string, S extends Severity = Severity> {
  messageId: M;
  data: FindingData;
  /** Overrides the rule's severity (a rule may report a minor and a major form): one it declares. */
  severity?: S;
  subject?: Subject | null;
  /** ISO 8601 UTC of what was observed, when known. */
  time?: string | null;
  evidence?: Evidence[];
  /**
   * Next steps built with the builders of the *command-helpers.ts modules, most useful first (incidents show the
   * first few); a null is a command whose values are unknown, and is left out. When absent, the
   * rule's `commands` builds them from the finding.
   */
  commands?: readonly (SuggestedCommand | null)[];
}

export interface Rule<M extends string = string> {
  id: string;
  title: string;
  /** The severity of a finding that names none. */
  severity: Severity;
  /**
   * Every severity the rule can give, and when each applies (one clause each, shown by
   * `podmortem rules` and the README). A finding with any other severity is a bug: the rule run
   * is recorded as errored (run-rules.ts), and a meta-test runs every rule on every sample.
   */
  severities: Readonly<Partial<Record<Severity, string>>>;
  requires: readonly Requirement[];
  /**
   * Evidence the rule needs beyond its sources being present (a bundle with only dmesg has the
   * `kernel` source but no kubelet lines): returns why the rule cannot judge, or null.
   */
  lacks?(model: NodeModel): string | null;
  /**
   * One-line templates with `{name}` placeholders filled from the finding's data; `{name|atLeast}`
   * marks a count that reads `at least N` when the data has `countIsLowerBound: true`;
   * `{name:noun}` a count with its noun in the right number (`{kills:time}` → `1 time`, `2 times`).
   */
  messages: Readonly<Record<M, string>>;
  check(model: NodeModel, report: (finding: FindingInput<M>) => void): void;
  /**
   * The next steps of a finding that brings none, from its data, subject and time and the node's
   * facts (command-helpers.ts): what a reader runs on the live node, most useful first.
   */
  commands?(finding: FindingInput<M>, model: NodeModel): readonly (SuggestedCommand | null)[];
}

/** When each severity applies, for the severities a rule can give. */
export type SeverityWhen<S extends Severity = Severity> = Readonly<Partial<Record<Severity, string>> & Record<S, string>>;

/**
 * What a rule module declares: as a Rule, but `check` may only report a severity the rule lists in
 * `severities` (S is taken from those keys alone).
 */
export interface RuleSpec<M extends string, S extends Severity> extends Omit<Rule<M>, 'severity' | 'severities' | 'check'> {
  severity: NoInfer<S>;
  severities: SeverityWhen<S>;
  check(model: NodeModel, report: (finding: FindingInput<M, NoInfer<S>>) => void): void;
}

/**
 * Declares a rule; a message id the rule does not define, or a severity it does not declare, is a
 * compile error in `check`.
 */
export function defineRule<const M extends string, const S extends Severity>(rule: RuleSpec<M, S>): Rule<M> {
  if (!/^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/.test(rule.id)) throw new Error(`rule id must be kebab-case: ${rule.id}`);
  if (!declaresSeverity(rule, rule.severity)) throw new Error(`rule ${rule.id}: its severity ${rule.severity} is not one of its severities`);
  return rule;
}

/** Whether `severity` is one the rule declares (and so one the catalog lists). */
export function declaresSeverity(rule: Pick<Rule, 'severities'>, severity: Severity): boolean {
  return typeof rule.severities[severity] === 'string';
}

/** The severities a rule declares, most severe first. */
export function declaredSeverities(rule: Pick<Rule, 'severities'>): Severity[] {
  return SEVERITIES.filter((severity) => declaresSeverity(rule, severity));
}

/** Cuts evidence lines to a readable length. */
export function excerpt(text: string, max = 300): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
