/**
 * ByteReader.lineAtHand is a shortcut of line() for lines already in memory: read the same bytes
 * in chunks of every size, with and without it, and the pieces (lines, cut pieces of over-long
 * lines, the last line without a newline) and the exact-length reads between them must agree.
 */
import { describe, expect, it } from 'vitest';
import { ByteReader } from '../../src/redact/byte-reader.js';

const MAX_LINE = 64;

/** A journal export in miniature: short fields, one line longer than MAX_LINE, a binary field, no final newline. */
const INPUT = Buffer.concat([
  Buffer.from(`__CURSOR=s=1\n_HOSTNAME=worker-3\nMESSAGE=${'x'.repeat(150)} tail, end\n\nDATA\n`),
  Buffer.from([5, 0, 0, 0, 0, 0, 0, 0]),
  Buffer.from('ab\ncd\nPRIORITY=6\nlast line without newline'),
]);

async function* chunks(bytes: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

/** Every piece as text, `|` after a piece a newline ended; the 8 + 6 bytes after `DATA` read exactly. */
async function pieces(size: number, atHand: boolean): Promise<string[]> {
  const reader = new ByteReader(chunks(INPUT, size));
  const out: string[] = [];
  const next = async () => (atHand ? reader.lineAtHand(MAX_LINE) : undefined) ?? (await reader.line(MAX_LINE));
  for (let piece = await next(); piece; piece = await next()) {
    const text = piece.bytes.toString('latin1');
    out.push(`${text}${piece.newline ? '|' : ''}`);
    if (text === 'DATA') out.push((await reader.exact(8 + 6))!.toString('hex'));
  }
  return out;
}

describe('ByteReader.lineAtHand', () => {
  it('gives the pieces line() gives, whatever the chunk size', async () => {
    const expected = await pieces(INPUT.length, false);
    expect(expected).toContain('last line without newline');
    expect(expected.some((piece) => !piece.endsWith('|') && piece.startsWith('MESSAGE='))).toBe(true);
    for (const size of [1, 2, 3, 7, 13, 64, 65, 100, INPUT.length]) {
      expect(await pieces(size, false), `line() alone, chunks of ${size}`).toEqual(expected);
      expect(await pieces(size, true), `lineAtHand first, chunks of ${size}`).toEqual(expected);
    }
  });
});
