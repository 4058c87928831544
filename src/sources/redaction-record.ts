/**
 * `podmortem-redaction.json`, written by `podmortem redact` at the root of its output: what kinds
 * of values it replaced (rule → count, never a value) and which files it left out. Sample:
 *
 *   {"format":"podmortem-redaction","formatVersion":1,"redactedBy":"podmortem 0.1.0","map":"private",
 *    "names":false,"keywords":0,"secrets":{"bearer":2},"pseudonyms":{"hostname":14,"ipv4":9},
 *    "files":[{"path":"…","replaced":{"ipv4":9}}],"dropped":[{"path":"…","reason":"binary content …"}],"skipped":[]}
 *
 * The record is a note of what the tool did, not a proof: anyone can write one. So it is believed
 * only whole: any field of the wrong type, an unknown format or version, a second copy, or more
 * than MAX_RECORD_BYTES makes it a parse issue and the report says nothing about redaction.
 */
import { readCappedJson } from './capped-json.js';
import { isObject } from './crictl/crictl-records.js';
import { emptyRecord } from './safe-record.js';
import type { IssueLog, SourceFile, SourceReader } from './source-reader.js';

export interface RedactionRecordData {
  /** `podmortem <version>`. */
  redactedBy: string;
  formatVersion: number;
  /** A private map was used: without it the pseudonyms cannot be guessed by trying values. */
  privateMap: boolean;
  /** Rule → how many secrets it replaced (non-zero counts only, rules in name order). */
  secrets: Record<string, number>;
  /** Rule → how many values it replaced by a pseudonym. */
  pseudonyms: Record<string, number>;
  /** Binary files left out of the redacted bundle (they cannot be checked). */
  filesDropped: number;
  /** Files left out because they could not be read or redacted. */
  filesSkipped: number;
}

export const RECORD_FORMAT = 'podmortem-redaction';
export const RECORD_FORMAT_VERSION = 1;
/** Generous: a record lists every file with a replacement, about 200 bytes each. */
export const MAX_RECORD_BYTES = 8 * 1024 * 1024;
const MAX_STRING_BYTES = 4096;
const MAX_RULES = 64;
const RULE_NAME = /^[a-z0-9][a-z0-9-]{0,39}$/;
const REDACTED_BY = /^podmortem [0-9A-Za-z.+~-]{1,64}$/;

export function createRedactionRecordReader(): SourceReader<RedactionRecordData | null> {
  let record: RedactionRecordData | null = null;
  let copies = 0;
  return {
    async read(file: SourceFile, content: AsyncIterable<Buffer>, issues: IssueLog) {
      const report = issues.forFile(file);
      copies += 1;
      if (copies > 1) {
        record = null;
        return report(null, 'more than one redaction record: none is believed');
      }
      const { text, cut } = await readCappedJson(content, MAX_STRING_BYTES, MAX_RECORD_BYTES);
      if (cut) return report(null, `redaction record larger than ${MAX_RECORD_BYTES} bytes: ignored`);
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (error) {
        return report(null, `redaction record is not valid JSON (${(error as Error).message}): ignored`);
      }
      record = parseRedactionRecord(json, (message) => report(null, `${message}: the redaction record is ignored`));
    },
    result: () => record,
  };
}

/** The record as the report shows it, or null (with one `warn`) if any part of it is not what podmortem redact writes. */
export function parseRedactionRecord(json: unknown, warn: (message: string) => void): RedactionRecordData | null {
  if (!isObject(json)) return fail(warn, 'not a JSON object');
  if (json.format !== RECORD_FORMAT) return fail(warn, `format is not "${RECORD_FORMAT}"`);
  if (json.formatVersion !== RECORD_FORMAT_VERSION) return fail(warn, `format version ${String(json.formatVersion).slice(0, 20)} is not known (this podmortem reads ${RECORD_FORMAT_VERSION})`);
  if (typeof json.redactedBy !== 'string' || !REDACTED_BY.test(json.redactedBy)) return fail(warn, 'redactedBy is not "podmortem <version>"');
  if (json.map !== 'private' && json.map !== 'none') return fail(warn, 'map is neither "private" nor "none"');
  if (!Array.isArray(json.dropped) || !Array.isArray(json.skipped) || !Array.isArray(json.files)) return fail(warn, 'files, dropped or skipped is not a list');
  const secrets = ruleCounts(json.secrets);
  const pseudonyms = ruleCounts(json.pseudonyms);
  if (secrets === null || pseudonyms === null) return fail(warn, `secrets or pseudonyms is not a map of at most ${MAX_RULES} rule names to counts`);
  return {
    redactedBy: json.redactedBy,
    formatVersion: RECORD_FORMAT_VERSION,
    privateMap: json.map === 'private',
    secrets,
    pseudonyms,
    filesDropped: json.dropped.length,
    filesSkipped: json.skipped.length,
  };
}

/** `{ "ipv4": 9, "hostname": 14 }` with non-zero counts, in rule name order; null if anything in it is not a rule and a count. */
function ruleCounts(value: unknown): Record<string, number> | null {
  if (!isObject(value)) return null;
  const entries = Object.entries(value);
  if (entries.length > MAX_RULES) return null;
  const counts = emptyRecord<number>();
  for (const [rule, count] of entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (!RULE_NAME.test(rule) || typeof count !== 'number' || !Number.isSafeInteger(count) || count < 0) return null;
    if (count > 0) counts[rule] = count;
  }
  return counts;
}

function fail(warn: (message: string) => void, message: string): null {
  warn(message);
  return null;
}
