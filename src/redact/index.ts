export { redactBundle, type RedactResult, type RedactRun } from './redact-bundle.js';
export { loadMap, saveMap, MAP_FORMAT, MAP_FORMAT_VERSION, type LoadedMap } from './redaction-map.js';
export { RECORD_NAME, RECORD_FORMAT, type RedactionRecord } from './redaction-record.js';
export { SECRET_MARK, SECRET_RULES } from './secret-rules.js';
export { reverseText } from './reverse.js';
export type { RedactionRule, RedactionSettings, RuleTally } from './redaction-engine.js';
export { renderDryRun } from './dry-run-text.js';
