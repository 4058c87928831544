/**
 * Hostile input: random bytes and mutated real journals (flipped bytes, cuts, splices, 200 KB
 * lines, invalid UTF-8, corrupt binary lengths) through every journal parser. None may throw or
 * hang; whatever they cannot read becomes a parse issue with its file and line. Seeds are fixed so
 * a failure can be replayed.
 */
import { describe, expect, it } from 'vitest';
import { parseListBoots } from '../../../src/sources/journal/list-boots.js';
import { readExportEntries } from '../../../src/sources/journal/read-export.js';
import { readJsonEntries, readJsonPrettyEntries } from '../../../src/sources/journal/read-json.js';
import { readTextEntries } from '../../../src/sources/journal/read-text.js';
import { parseTextLine } from '../../../src/sources/journal/text-line.js';
import type { EntrySink } from '../../../src/sources/journal/entry-sink.js';
import { collectEntries, fixture, readJournal } from './read-journal.js';
import { SeededRandom, mutate } from '../../helpers/seeded-random.js';

const REAL = 'real-journald-252-kubelet-containerd-kernel';
const SAMPLES = [
  fixture(`${REAL}.export`),
  fixture(`${REAL}.json`),
  fixture(`${REAL}.short`),
  fixture(`${REAL}.short-iso-precise`),
  fixture('real-journald-252-kubelet.short-monotonic'),
  fixture('real-journald-252-kubelet.short-full'),
  fixture('real-journald-252-two-entries.json-seq'),
  fixture('real-journald-252-one-entry.json-pretty'),
  fixture('real-journald-252-list-boots.txt'),
];

const PARSERS: [string, (content: AsyncIterable<Buffer>, file: string, sink: EntrySink) => Promise<void>][] = [
  ['export', readExportEntries],
  ['json', (content, file, sink) => readJsonEntries(content, file, 'json', sink)],
  ['json-pretty', readJsonPrettyEntries],
  ['text', readTextEntries],
];

function inputs(seed: number, count: number): Buffer[] {
  const random = new SeededRandom(seed);
  const out: Buffer[] = [];
  for (let i = 0; i < count; i += 1) {
    if (i % 5 === 0) out.push(random.bytes(random.int(3000)));
    else out.push(mutate(random, mutate(random, random.pick(SAMPLES))));
  }
  return out;
}

describe('journal parsers under fuzzing', () => {
  it.each(PARSERS)('the %s reader never throws, and numbers every issue', async (_name, read) => {
    for (const [index, input] of inputs(0x5eed + _name.length, 60).entries()) {
      const random = new SeededRandom(index);
      const { entries, issues } = await collectEntries(read, input, 1 + random.int(5000));
      for (const issue of issues) {
        expect(issue.line === null || (Number.isInteger(issue.line) && issue.line >= 1), `input ${index}`).toBe(true);
        expect(issue.message.length).toBeGreaterThan(0);
      }
      for (const entry of entries) {
        expect(entry.line).toBeGreaterThanOrEqual(1);
        expect(entry.message.length).toBeLessThanOrEqual(64 * 1024);
      }
    }
  });

  it('the whole reader (sniffing included) never throws; its issues name the file', async () => {
    const files: Record<string, Buffer> = {};
    inputs(0xf00d, 80).forEach((input, index) => (files[`journal/fuzz-${index}`] = input));
    const { data, issues } = await readJournal(files, { chunkSize: 777 });
    expect(data.files).toHaveLength(80);
    for (const issue of issues) {
      expect(issue.file).toMatch(/^journal\/fuzz-\d+$/);
      expect(issue.source).toBe('journal');
    }
  });

  it('a corrupt length as large as 2^64 - 1 neither allocates nor swallows what follows', async () => {
    const length = Buffer.alloc(8, 0xff);
    const content = Buffer.concat([Buffer.from('MESSAGE\n'), length, Buffer.from('x\n\nMESSAGE=after\n\n')]);
    const before = process.memoryUsage().arrayBuffers;
    const { entries, issues } = await collectEntries(readExportEntries, content);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(16 * 1024 * 1024);
    expect(entries.map((e) => e.message)).toEqual(['after']);
    expect(issues).toHaveLength(1);
  });

  it('a plausible length beyond the end of the file (500 MiB) is not allocated either', async () => {
    const length = Buffer.alloc(8);
    length.writeBigUInt64LE(500n * 1024n * 1024n);
    const content = Buffer.concat([Buffer.from('SYSLOG_IDENTIFIER=kubelet\nMESSAGE\n'), length, Buffer.from('only this much is there')]);
    const before = process.memoryUsage().arrayBuffers;
    const { entries, issues } = await collectEntries(readExportEntries, content);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(16 * 1024 * 1024);
    expect(entries.map((e) => [e.message, e.messageCut])).toEqual([['only this much is there', true]]);
    expect(issues).toEqual([{ line: 2, message: 'file ends inside the binary field MESSAGE' }]);
  });

  it('line parsers never throw on random text', () => {
    const random = new SeededRandom(42);
    const alphabet = ' -:[]{}()"=<>\\\t/.,0123456789abcdefIWEFTZ月—\u0000\ufffd';
    const lines = SAMPLES.flatMap((sample) => sample.toString('utf8').split('\n'));
    for (let i = 0; i < 3000; i += 1) {
      const base = random.pick(lines);
      const at = random.int(base.length + 1);
      const noise = Array.from({ length: random.int(40) }, () => random.pick(Array.from(alphabet))).join('');
      const line = random.int(2) === 0 ? base.slice(0, at) + noise + base.slice(at) : noise.repeat(1 + random.int(50));
      expect(() => parseTextLine(line)).not.toThrow();
      expect(() => parseListBoots(line, () => undefined)).not.toThrow();
    }
  });

  it('pathological lines are read without hanging or throwing (speed: npm run bench)', () => {
    for (const line of ['Jan 01 12:00:00 ' + 'a'.repeat(60_000), 'Jan 01 12:00:00 host ' + 'x['.repeat(30_000), ' 0 ' + '0'.repeat(32) + ' ' + 'Wed 2023-04-26 18:47:58 '.repeat(2000)]) {
      parseTextLine(line);
      parseListBoots(line, () => undefined);
    }
  });
});
