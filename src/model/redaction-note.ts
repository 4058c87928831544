import type { RedactionRecordData } from '../sources/index.js';

/**
 * That the evidence was redacted by `podmortem redact`, and which kinds of values were replaced:
 * `bundle` when the bundle itself holds the record at its root (it was redacted before it came
 * here), `report` when `analyze --redact` redacted it for this report only.
 */
export interface RedactionNote extends RedactionRecordData {
  scope: 'bundle' | 'report';
}

export function redactionNote(record: RedactionRecordData | null, scope: RedactionNote['scope']): RedactionNote | null {
  return record === null ? null : { scope, ...record };
}
