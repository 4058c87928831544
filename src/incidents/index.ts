export { buildIncidents } from './build-incidents.js';
export { REASON_TEXT } from './confidence.js';
export { VERDICTS, type VerdictId } from './verdict.js';
export type { ChainStep, ChainStepKind, Incident, IncidentConfidence, IncidentConfidenceReason, IncidentHarm, IncidentKind, IncidentWorkload } from './types.js';
