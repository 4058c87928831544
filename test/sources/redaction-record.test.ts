import { describe, expect, it } from 'vitest';
import { LAYOUT } from '../../src/bundle/index.js';
import { RECORD_FORMAT, RECORD_NAME } from '../../src/redact/index.js';
import { RecordBuilder } from '../../src/redact/redaction-record.js';
import { SECRET_RULES } from '../../src/redact/secret-rules.js';
import { REDACTION_KIND_LABELS } from '../../src/report/redaction-text.js';
import { createRedactionRecordReader, parseRedactionRecord, RECORD_FORMAT as READ_FORMAT } from '../../src/sources/redaction-record.js';
import { IssueLog } from '../../src/sources/index.js';

/** A record as podmortem redact builds it (its own builder), for one file with a few replacements. */
function builtRecord() {
  const builder = new RecordBuilder({ redactedBy: 'podmortem 0.1.0', map: 'private', names: true, keywords: 1 });
  const tally = (counts: [string, number][]) => new Map(counts.map(([rule, count]) => [rule, { count, examples: [] }])) as Parameters<RecordBuilder['file']>[1];
  builder.file(
    'kernel/dmesg.txt',
    tally([
      ['hostname', 2],
      ['ipv4', 5],
    ]),
  );
  builder.file(
    'runtime/kubelet-config.yaml',
    tally([
      ['key-value', 1],
      ['ipv4', 1],
    ]),
  );
  builder.dropped.push({ path: 'system/core.bin', reason: 'binary content' });
  return builder.build();
}

async function read(texts: (string | Buffer)[]) {
  const reader = createRedactionRecordReader();
  const issues = new IssueLog();
  for (const text of texts) {
    async function* content() {
      yield Buffer.from(text);
    }
    await reader.read({ path: 'podmortem-redaction.json', source: 'redactionRecord', candidate: 0, linkTarget: null }, content(), issues);
  }
  return { record: reader.result(), issues: issues.issues.map((issue) => issue.message) };
}

describe('the redaction record reader', () => {
  it('reads at the path and in the format podmortem redact writes', () => {
    expect(LAYOUT.redactionRecord.candidates).toEqual([RECORD_NAME]);
    expect(READ_FORMAT).toBe(RECORD_FORMAT);
  });

  it('reads the record RecordBuilder writes: totals by rule, non-zero only, and the files left out', async () => {
    const { record, issues } = await read([JSON.stringify(builtRecord(), null, 2)]);
    expect(issues).toEqual([]);
    expect(record).toEqual({ redactedBy: 'podmortem 0.1.0', formatVersion: 1, privateMap: true, secrets: { 'key-value': 1 }, pseudonyms: { hostname: 2, ipv4: 6 }, filesDropped: 1, filesSkipped: 0 });
  });

  it('believes none of two copies', async () => {
    const text = JSON.stringify(builtRecord());
    const { record, issues } = await read([text, text]);
    expect(record).toBeNull();
    expect(issues).toEqual(['more than one redaction record: none is believed']);
  });

  it('drops zero counts and keeps key names like __proto__ as plain data', () => {
    const parsed = parseRedactionRecord({ ...builtRecord(), pseudonyms: JSON.parse('{"ipv4":0,"constructor":2}') }, () => undefined);
    expect(parsed?.pseudonyms).toEqual({ constructor: 2 });
    expect(parseRedactionRecord({ ...builtRecord(), pseudonyms: JSON.parse('{"__proto__":2}') }, () => undefined)).toBeNull();
  });

  it.each([
    ['not an object', []],
    ['a negative count', { ...builtRecord(), secrets: { bearer: -1 } }],
    ['a fractional count', { ...builtRecord(), secrets: { bearer: 1.5 } }],
    ['too many rules', { ...builtRecord(), pseudonyms: Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`rule-${i}`, 1])) }],
    ['an unknown map', { ...builtRecord(), map: 'public' }],
    ['skipped missing', { ...builtRecord(), skipped: undefined }],
  ])('refuses a record with %s, with one issue', (_what, json) => {
    const warnings: string[] = [];
    expect(parseRedactionRecord(json, (message) => warnings.push(message))).toBeNull();
    expect(warnings).toHaveLength(1);
  });

  it('has a label for every rule podmortem redact counts', () => {
    const pseudonymRules = ['ipv4', 'ipv6', 'mac', 'hostname', 'user', 'name', 'keyword'];
    for (const rule of [...SECRET_RULES, ...pseudonymRules]) expect(REDACTION_KIND_LABELS, rule).toHaveProperty(rule);
  });
});
