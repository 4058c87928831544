/**
 * The shape of a rule: one module per rule, a stable kebab-case id (the same in
 * `src/rules/<id>.ts`, `test/rules/<id>.test.ts` and `templates/rules/<id>.md`), the sources it
 * needs, its messages keyed by message id, and a check that reads only the node model.
 * A finding is a message id plus typed data and evidence; sentences live in `messages` and in the
 * rule's markdown, so tests assert ids and data, not prose.
 */
import type { SourceId } from '../bundle/index.js';
import type { NodeModel } from '../model/index.js';

export type Severity = 'critical' | 'warning' | 'info';
export const SEVERITIES: readonly Severity[] = ['critical', 'warning', 'info'];

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

/** What a finding is about, for the per-pod view and for grouping. */
export interface Subject {
  namespace?: string | null;
  pod?: string | null;
  container?: string | null;
  device?: string | null;
  process?: string | null;
}

export interface FindingInput<M extends string> {
  messageId: M;
  data: FindingData;
  /** Overrides the rule's severity (a rule may report a minor and a major form). */
  severity?: Severity;
  subject?: Subject | null;
  /** ISO 8601 UTC of what was observed, when known. */
  time?: string | null;
  evidence?: Evidence[];
}

export interface Rule<M extends string = string> {
  id: string;
  title: string;
  severity: Severity;
  requires: readonly Requirement[];
  /**
   * Evidence the rule needs beyond its sources being present (a bundle with only dmesg has the
   * `kernel` source but no kubelet lines): returns why the rule cannot judge, or null.
   */
  lacks?(model: NodeModel): string | null;
  /**
   * One-line templates with `{name}` placeholders filled from the finding's data; `{name|atLeast}`
   * marks a count that reads `at least N` when the data has `countIsLowerBound: true`.
   */
  messages: Readonly<Record<M, string>>;
  check(model: NodeModel, report: (finding: FindingInput<M>) => void): void;
}

/** Declares a rule; a message id the rule does not define is a compile error in `check`. */
export function defineRule<const M extends string>(rule: Rule<M>): Rule<M> {
  if (!/^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/.test(rule.id)) throw new Error(`rule id must be kebab-case: ${rule.id}`);
  return rule;
}

/** Cuts evidence lines to a readable length. */
export function excerpt(text: string, max = 300): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
