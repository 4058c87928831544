import { describe, expect, it } from 'vitest';
import { readCappedJson } from '../../src/sources/capped-json.js';

/** The document as a stream split at the given offsets, so that every cut can fall across chunks. */
async function* chunks(text: string, at: number[]): AsyncGenerator<Buffer> {
  const bytes = Buffer.from(text, 'utf8');
  let from = 0;
  for (const offset of [...at, bytes.length]) {
    yield bytes.subarray(from, offset);
    from = offset;
  }
}

const read = (text: string, max: number, at: number[] = []) => readCappedJson(chunks(text, at), max, 1024 * 1024);

describe('readCappedJson', () => {
  it('keeps a document with short strings byte for byte, whatever the chunks', async () => {
    const text = '{"node":"worker-3","items":[{"path":"kernel/dmesg.txt","note":"say \\"hi\\" \\\\ é \\u00e9"}],"n":1}';
    for (let split = 0; split <= Buffer.byteLength(text); split += 1) {
      expect(await read(text, 64, [split])).toEqual({ text, cut: false, cutStrings: 0 });
    }
  });

  it('cuts a long value, says how long it was, and keeps the rest of the document', async () => {
    const long = 'n'.repeat(100_000);
    const text = JSON.stringify({ node: long, collection: { mode: 'host' }, items: [{ path: 'a', note: 'short' }] });
    const result = await read(text, 2048, [10, 5000, 70_000]);
    expect(result.cutStrings).toBe(1);
    const json = JSON.parse(result.text);
    expect(json.node).toBe(`${'n'.repeat(2048)}… cut, 100000 bytes`);
    expect(json.collection).toEqual({ mode: 'host' });
    expect(json.items).toEqual([{ path: 'a', note: 'short' }]);
  });

  it.each([
    ['escaped quotes and backslashes', '\\"\\\\'],
    ['\\u escapes', '\\u00e9\\u202e'],
    ['two-byte characters', 'é'],
    ['four-byte characters', '😀'],
    ['surrogate-pair escapes', '\\ud83d\\ude00'],
  ])('never cuts inside %s: the kept text parses, whatever the cap and the chunks', async (_name, unit) => {
    const literal = unit.repeat(40);
    const text = `{"a":"${literal}","b":"z"}`;
    for (let max = 1; max <= 24; max += 1) {
      const result = await read(text, max, [Math.floor(text.length / 3), Math.floor(text.length / 2)]);
      const json = JSON.parse(result.text);
      expect(json.b).toBe('z');
      expect(json.a).toMatch(new RegExp(`… cut, ${Buffer.byteLength(literal)} bytes$`));
      expect(json.a).not.toContain('\ufffd');
    }
  });

  it('cuts long keys too, and reports a document over the size limit as cut', async () => {
    const key = await read(`{"${'k'.repeat(50)}":1}`, 8);
    expect(JSON.parse(key.text)).toEqual({ 'kkkkkkkk… cut, 50 bytes': 1 });
    const many = JSON.stringify(Array.from({ length: 1000 }, (_, i) => `item ${i}`));
    expect(await readCappedJson(chunks(many, []), 64, 1000)).toMatchObject({ text: '', cut: true });
  });
});
