/**
 * TextScan copies the lines no trigger hits and hands the rest to LineRedactor, skipping the
 * tests its scan already failed. Whatever it skips, the result must be what LineRedactor.line
 * gives line by line: same bytes, same counts, for chunks of any size.
 */
import { describe, expect, it } from 'vitest';
import { redactJournalExport, redactText, textScanPool } from '../../src/redact/redact-content.js';
import { RedactionEngine, type LineRedactor } from '../../src/redact/redaction-engine.js';
import { FIXED_KEY, PseudonymTable } from '../../src/redact/pseudonym-table.js';
import { Vocabulary } from '../../src/redact/vocabulary.js';

/**
 * Lines hit by one trigger, by several, by none, by words of each group the secret words are
 * searched in (SecretLines.triggers), a multi-line secret, a URL trigger that runs past a newline,
 * a keyword, and a secret's mark from an earlier redaction.
 */
const LOG = [
  '2026-11-25T00:45:53.359Z stderr F INFO [worker-6] scored batch 722226: 453 rows in 2.178s',
  'GET /api from 10.244.24.7 host db-1.corp.internal mac 0a:1b:2c:3d:4e:5f',
  'login password=hunter2 token: abc123 from 192.168.0.66',
  'export AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  'key AKIAIOSFODNN7EXAMPLE on node-a and ip-10-0-1-5.ec2.internal',
  '-----BEGIN RSA PRIVATE KEY-----',
  'MIIEowIBAAKCAQEA7bq98ZZ10.1.2.3',
  '-----END RSA PRIVATE KEY-----',
  'connect to http://alice:',
  's3cret@db/ after :: fe80::1 seen',
  'user ALICE logged in from worker-3',
  'plain line with nothing to hide',
  'billing for AcmeCorp (acmecorp-prod) from 10.9.8.7',
  'redacted before: <redacted:secret> from 10.9.8.7 on worker-3',
  'Authorization: Bearer eyJhbGciOi.eyJzdWIiOi.c2lnbmF0dXJl',
  'GET /blob?sv=2021-08-06&SIG=abcDEF123%2B&se=2026 from 10.1.1.1',
  'loaded Credentials: admin/hunter2 for the exporter',
  'proxy-authorization bearer abc.def.ghi',
  'no newline at the end, 10.0.0.1',
].join('\n');

function engine(): RedactionEngine {
  const vocabulary = new Vocabulary(false);
  vocabulary.learnLine('_HOSTNAME=worker-3');
  vocabulary.learnLine('Accepted publickey for alice from 10.0.0.9');
  return new RedactionEngine(new PseudonymTable(FIXED_KEY), vocabulary, { names: false, keywords: ['acmecorp'] });
}

async function* chunks(bytes: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

function counts(lines: LineRedactor): Record<string, number> {
  return Object.fromEntries([...lines.tally].map(([rule, tally]) => [rule, tally.count]));
}

describe('TextScan', () => {
  it('gives what LineRedactor.line gives line by line, for chunks of any size', async () => {
    const reference = engine().lines();
    const expected = LOG.split('\n')
      .map((line) => reference.line(line))
      .join('\n');
    expect(expected).not.toBe(LOG);
    expect(Object.keys(counts(reference)).length).toBeGreaterThan(5);
    for (const size of [1, 5, 17, 64, 200, LOG.length]) {
      const lines = engine().lines();
      const parts: Buffer[] = [];
      for await (const part of redactText(chunks(Buffer.from(LOG, 'latin1'), size), lines)) parts.push(part);
      expect(Buffer.concat(parts).toString('latin1'), `chunks of ${size}`).toBe(expected);
      expect(counts(lines), `counts, chunks of ${size}`).toEqual(counts(reference));
    }
  });
});

/** Text fields (a PEM block over three of them: state kept from line to line), binary fields between them, an empty line between entries. */
const JOURNAL: (string | [string, string])[] = [
  '__CURSOR=s=1;i=2',
  '_HOSTNAME=worker-3',
  'MESSAGE=plain message with nothing to hide',
  'MESSAGE=GET /api from 10.244.24.7 host db-1.corp.internal',
  ['MESSAGE', 'line one from 10.0.0.1\npassword=hunter2\nworker-3 says hi'],
  'CUSTOM_FIELD=value on ALICE from fe80::1',
  'MESSAGE=-----BEGIN RSA PRIVATE KEY-----',
  'MESSAGE=MIIEowIBAAKCAQEA7bq98ZZ',
  'MESSAGE=-----END RSA PRIVATE KEY-----',
  '',
  '__CURSOR=s=1;i=3',
  ['DB_TOKEN', 'abc123'],
  'MESSAGE=key AKIAIOSFODNN7EXAMPLE on ip-10-0-1-5.ec2.internal',
  'SYSLOG_IDENTIFIER=kubelet',
];

function binaryField(name: string, value: string): Buffer {
  const size = Buffer.alloc(8);
  size.writeBigUInt64LE(BigInt(Buffer.byteLength(value, 'latin1')));
  return Buffer.concat([Buffer.from(`${name}\n`, 'latin1'), size, Buffer.from(`${value}\n`, 'latin1')]);
}

/** What the export's per-line handling gives: LineRedactor's field() and line() one line at a time. */
function journalReference(lines: LineRedactor): Buffer {
  return Buffer.concat(
    JOURNAL.map((item) => {
      if (typeof item !== 'string') {
        lines.reset();
        const value = item[1]
          .split('\n')
          .map((line, index) => (index === 0 ? lines.binaryValueLine(item[0], line) : lines.line(line)))
          .join('\n');
        lines.reset();
        return binaryField(lines.fieldName(item[0]), value);
      }
      const name = /^[A-Za-z0-9_]+=/.exec(item);
      return Buffer.from(`${name ? lines.field(item, name[0].length - 1) : lines.line(item)}\n`, 'latin1');
    }),
  );
}

describe('journal export, text fields scanned a block at a time', () => {
  it('gives what the fields give one by one, for chunks of any size', async () => {
    const input = Buffer.concat(JOURNAL.map((item) => (typeof item === 'string' ? Buffer.from(`${item}\n`, 'latin1') : binaryField(item[0], item[1]))));
    const reference = engine().lines();
    const expected = journalReference(reference);
    for (const gone of ['10.244.24.7', 'hunter2', 'MIIEowIBAAKCAQEA7bq98ZZ', 'abc123']) expect(expected.toString('latin1')).not.toContain(gone);
    for (const size of [1, 3, 16, 64, 333, input.length]) {
      const lines = engine().lines();
      const parts: Buffer[] = [];
      for await (const part of redactJournalExport(chunks(input, size), lines)) parts.push(part);
      expect(Buffer.concat(parts).toString('latin1'), `chunks of ${size}`).toBe(expected.toString('latin1'));
      expect(counts(lines), `counts, chunks of ${size}`).toEqual(counts(reference));
    }
  });
});

describe('TextScan with the scan thread', () => {
  it('gives the same bytes and counts as scanning here, where the thread scans the large chunks', async () => {
    // Large chunks (the thread takes those of 64 KiB and more), each line made distinct.
    const text = Array.from({ length: 4000 }, (_, index) => LOG.replaceAll('10.', `1${index % 10}.`).replace('plain line', `plain line ${index}`)).join('\n');
    const bytes = Buffer.from(text, 'latin1');
    const local = engine().lines();
    const expected: Buffer[] = [];
    for await (const part of redactText(chunks(bytes, 100_000), local)) expected.push(part);
    const lines = engine().lines();
    const pool = textScanPool(lines);
    const parts: Buffer[] = [];
    try {
      for await (const part of redactText(chunks(bytes, 100_000), lines, pool)) parts.push(part);
    } finally {
      await pool.close();
    }
    expect(Buffer.concat(parts).equals(Buffer.concat(expected))).toBe(true);
    expect(counts(lines)).toEqual(counts(local));
    expect(counts(lines).ipv4).toBeGreaterThan(4000);
    // The thread finds the values too: it has the learned words and the keywords.
    expect(counts(lines).keyword).toBeGreaterThanOrEqual(8000);
    expect(counts(lines).user).toBeGreaterThan(0);
  });
});
