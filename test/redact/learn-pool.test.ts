/**
 * The learning pass runs on worker threads, each learning the files it is given into a
 * vocabulary of its own. Joined, those must be the vocabulary one reader learns from every file,
 * however many threads there are and in whatever sizes the chunks come.
 */
import { describe, expect, it } from 'vitest';
import { LearnPool } from '../../src/redact/learn-pool.js';
import { TextLearner } from '../../src/redact/learn-text.js';
import { Vocabulary } from '../../src/redact/vocabulary.js';

/** Files that teach hosts, users and names, one line longer than a chunk, one file without a final newline. */
const FILES = [
  '_HOSTNAME=worker-3.corp.example\nMESSAGE=nothing\n_HOSTNAME=worker-4\n',
  `Nov 27 10:15:02 edge-router-1 kernel: eth0 up\n${'x'.repeat(70_000)} /home/alice/run\nAccepted publickey for bob from 10.0.0.9 port 22\n`,
  '{"io.kubernetes.pod.namespace": "acme-prod", "io.kubernetes.container.name": "billing-api", "io.kubernetes.pod.name": "billing-api-7d9f8c6b5-x2x9z"}\n',
  'I1127 kubelet pods="acme-prod/checkout-6c9f7d8b4-abcde" system:node:ip-10-0-1-5.ec2.internal\nLinux worker-9 6.1.0 #1 SMP\nUSER=carol',
];

async function* chunks(text: string, size: number): AsyncGenerator<Buffer> {
  const bytes = Buffer.from(text, 'latin1');
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

function learnedAlone(): Vocabulary {
  const vocabulary = new Vocabulary(true);
  for (const file of FILES) new TextLearner(vocabulary).chunk(Buffer.from(file, 'latin1'));
  return vocabulary;
}

describe('LearnPool', () => {
  it('learns what one reader learns, with any number of threads and any chunk size', async () => {
    const expected = learnedAlone().words();
    expect(expected.map(([word]) => word)).toEqual(
      expect.arrayContaining(['worker-3.corp.example', 'worker-4', 'edge-router-1', 'alice', 'bob', 'acme-prod', 'billing-api', 'checkout-6c9f7d8b4-abcde', 'worker-9']),
    );
    for (const [threads, size] of [
      [1, 1 << 20],
      [2, 7],
      [3, 4096],
    ] as const) {
      const pool = new LearnPool(true, threads);
      const vocabulary = new Vocabulary(true);
      try {
        for (const file of FILES) await pool.learn(chunks(file, size));
        await pool.finish(vocabulary);
      } finally {
        await pool.close();
      }
      expect(vocabulary.words(), `${threads} threads, chunks of ${size}`).toEqual(expected);
    }
  });
});
