/**
 * TextScan copies the lines no trigger hits and hands the rest to LineRedactor, skipping the
 * tests its scan already failed. Whatever it skips, the result must be what LineRedactor.line
 * gives line by line: same bytes, same counts, for chunks of any size.
 */
import { describe, expect, it } from 'vitest';
import { redactText } from '../../src/redact/redact-content.js';
import { RedactionEngine, type LineRedactor } from '../../src/redact/redaction-engine.js';
import { FIXED_KEY, PseudonymTable } from '../../src/redact/pseudonym-table.js';
import { Vocabulary } from '../../src/redact/vocabulary.js';

/** Lines hit by one trigger, by several, by none, a multi-line secret, and a URL trigger that runs past a newline. */
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
  'Authorization: Bearer eyJhbGciOi.eyJzdWIiOi.c2lnbmF0dXJl',
  'no newline at the end, 10.0.0.1',
].join('\n');

function engine(): RedactionEngine {
  const vocabulary = new Vocabulary(false);
  vocabulary.learnLine('_HOSTNAME=worker-3');
  vocabulary.learnLine('Accepted publickey for alice from 10.0.0.9');
  return new RedactionEngine(new PseudonymTable(FIXED_KEY), vocabulary, { names: false, keywords: [] });
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
