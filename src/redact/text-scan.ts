/**
 * A text file redacted a chunk at a time. Most lines need nothing, so instead of a string and
 * three tests per line, each chunk is decoded once and scanned once per trigger
 * (LineRedactor.triggers()): a line no trigger hits, while no multi-line secret is open, is
 * copied as it is; every other line goes through LineRedactor.line as before. Lines longer than
 * maxLine are cut where ByteReader.line(maxLine) cuts them, so the output is the same byte for byte.
 */
import { cutPoint } from './byte-reader.js';
import type { LineRedactor } from './redaction-engine.js';
import { SECRET_MARK } from './secret-rules.js';
import type { FoundValues, ValueFinder } from './value-finder.js';

/** In a hit list: the line is longer than maxLine (it is cut, and its pieces go the long way). Above every trigger's bit. */
const LONG = 1 << 16;

/**
 * The bits of a hit list's flags, from the order of LineRedactor.triggers(): the secret rules'
 * triggers first, the values' last.
 */
function triggerBits(triggers: readonly RegExp[]): { secret: number; values: number } {
  const values = 1 << (triggers.length - 1);
  return { secret: values - 1, values };
}

/** A chunk split where TextScan handles it: complete lines in text[0, end), then pieces of a long line up to the carry. */
export interface PreparedChunk {
  bytes: Buffer;
  text: string;
  end: number;
  /** Where the bytes kept for the next chunk begin. */
  carry: number;
}

/**
 * The lines of text[0, end) that some trigger hits, or that are longer than maxLine, as triples
 * (line start, flags: bit i for trigger i, LONG; where the line's values are in `found`, or -1).
 * A pure function of the text, so it may run on another thread (scan-pool.ts). A trigger is
 * searched again only from a line after its last match: a match that runs past a newline only
 * sends its own line the long way, and hides no match in the lines after it. The triggers have no
 * lookbehind, so whether a line is hit does not depend on which lines before it were searched.
 *
 * A line the value trigger hits also gets its values found (value-finder.ts), unless it is long
 * or already holds a secret's mark (such a line is split at the marks first, see LineRedactor):
 * where this runs on the scan thread, that leaves the main thread only the pseudonyms to put in.
 */
export function hitLines(text: string, end: number, triggers: readonly RegExp[], maxLine: number, finder: ValueFinder): ChunkHits {
  const next = triggers.map(() => -1);
  const { values } = triggerBits(triggers);
  const hits: number[] = [];
  const found: FoundValues = [];
  for (let start = 0; start < end;) {
    const newline = text.indexOf('\n', start);
    let flags = newline - start > maxLine ? LONG : 0;
    for (let index = 0; index < triggers.length && flags !== LONG; index++) {
      if (next[index]! < start) {
        const trigger = triggers[index]!;
        trigger.lastIndex = start;
        next[index] = trigger.exec(text)?.index ?? Infinity;
      }
      if (next[index]! < newline) flags |= 1 << index;
    }
    if (flags !== 0) hits.push(start, flags, (flags & (values | LONG)) === values ? findValues(text.slice(start, newline), finder, found) : -1);
    start = newline + 1;
  }
  return { hits: Int32Array.from(hits), found: Int32Array.from(found) };
}

/** Where the values of `line` begin in `found`, or -1 when its values are left to LineRedactor. */
function findValues(line: string, finder: ValueFinder, found: FoundValues): number {
  if (line.includes(SECRET_MARK)) return -1;
  const at = found.length;
  finder.find(line, found);
  return at;
}

/** hitLines() of a chunk. */
export interface ChunkHits {
  hits: Int32Array;
  found: Int32Array;
}

/** Entries of a hit list per line. */
const HIT = 3;

export class TextScan {
  readonly triggers: RegExp[];
  readonly finder: ValueFinder;
  private readonly bits: { secret: number; values: number };
  /** Per trigger: where it next matches in the current text, -1 before the first search. */
  private readonly next: number[];
  /** The line begun at the end of the last chunk, without its newline yet. */
  private carry: Buffer = Buffer.alloc(0);

  constructor(
    private readonly lines: LineRedactor,
    readonly maxLine: number,
  ) {
    this.triggers = lines.triggers();
    this.bits = triggerBits(this.triggers);
    this.finder = lines.finder();
    this.next = this.triggers.map(() => -1);
  }

  /** The redacted bytes of the lines this chunk completes (prepare(), then redact() with the hits found here). */
  chunk(chunk: Buffer): Buffer[] {
    const prepared = this.prepare(chunk);
    return this.redact(prepared, hitLines(prepared.text, prepared.end, this.triggers, this.maxLine, this.finder));
  }

  /**
   * The chunk joined to the carry and split where it is handled, the carry moved on. Only the
   * bytes decide this, so the next chunk can be prepared (and its hits sought elsewhere) before
   * this one is redacted.
   */
  prepare(chunk: Buffer): PreparedChunk {
    const bytes = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk;
    const text = bytes.toString('latin1');
    const end = text.lastIndexOf('\n') + 1;
    let carry = end;
    while (bytes.length - carry > this.maxLine) carry = cutPoint(text, carry, this.maxLine);
    this.carry = bytes.subarray(carry);
    return { bytes, text, end, carry };
  }

  /**
   * The redacted bytes of a prepared chunk, given its hitLines(). Lines that stay as they are
   * come out as pieces of the input itself: turning a long string of copied text back into bytes
   * cost more than the scan.
   */
  redact(prepared: PreparedChunk, hits: ChunkHits): Buffer[] {
    const { bytes, text, end } = prepared;
    const out = this.complete(text, bytes, end, hits);
    for (let from = end; from < prepared.carry;) {
      const cut = cutPoint(text, from, this.maxLine);
      out.push(this.redacted(text.slice(from, cut)));
      from = cut;
    }
    return out;
  }

  /** The redacted last line, when the text does not end with a newline. */
  end(): Buffer[] {
    const rest = this.carry;
    this.carry = Buffer.alloc(0);
    return rest.length > 0 ? [this.redacted(rest.toString('latin1'))] : [];
  }

  /**
   * The lines of text[0, end), each ending in a newline. While no multi-line secret is open, the
   * lines up to the next hit are copied without a look; a hit line's flags say which of
   * LineRedactor's tests it may skip.
   */
  private complete(text: string, bytes: Buffer, end: number, { hits, found }: ChunkHits): Buffer[] {
    const out: Buffer[] = [];
    let verbatim = 0;
    let hit = 0;
    for (let start = 0; start < end;) {
      while (hit < hits.length && hits[hit]! < start) hit += HIT;
      const listed = hit < hits.length && hits[hit] === start;
      if (!listed && this.lines.idle()) {
        start = hit < hits.length ? hits[hit]! : end;
        continue;
      }
      const flags = listed ? hits[hit + 1]! : 0;
      const valuesAt = listed ? hits[hit + 2]! : -1;
      const newline = text.indexOf('\n', start);
      if (start > verbatim) out.push(bytes.subarray(verbatim, start));
      if ((flags & LONG) === 0 && this.lines.idle()) {
        const secret = (flags & this.bits.secret) !== 0;
        out.push(Buffer.from(`${this.lines.scannedLine(text.slice(start, newline), secret, (flags & this.bits.values) !== 0, found, valuesAt)}\n`, 'latin1'));
        start = verbatim = newline + 1;
        continue;
      }
      let from = start;
      while (newline - from > this.maxLine) {
        const cut = cutPoint(text, from, this.maxLine);
        out.push(this.redacted(text.slice(from, cut)));
        from = cut;
      }
      out.push(this.redacted(text.slice(from, newline), '\n'));
      start = verbatim = newline + 1;
    }
    if (end > verbatim) out.push(bytes.subarray(verbatim, end));
    return out;
  }

  /**
   * Complete lines from a file read line by line by its own handling (a journal export's text
   * fields): a line no trigger hits while idle() comes out as it is, because that handling gives
   * such a line back unchanged; every other line goes to `handle` (without its newline). Stops
   * before a line longer than maxLine; `used` says how many bytes were handled.
   */
  textLines(text: string, bytes: Buffer, handle: (line: string) => string): { pieces: Buffer[]; used: number } {
    this.next.fill(-1);
    const pieces: Buffer[] = [];
    let verbatim = 0;
    let start = 0;
    while (start < text.length) {
      const newline = text.indexOf('\n', start);
      if (newline - start > this.maxLine) break;
      if (this.lines.idle() && !this.hit(text, start, newline)) {
        start = newline + 1;
        continue;
      }
      if (start > verbatim) pieces.push(bytes.subarray(verbatim, start));
      pieces.push(Buffer.from(`${handle(text.slice(start, newline))}\n`, 'latin1'));
      start = verbatim = newline + 1;
    }
    if (start > verbatim) pieces.push(bytes.subarray(verbatim, start));
    return { pieces, used: start };
  }

  private redacted(line: string, newline = ''): Buffer {
    return Buffer.from(`${this.lines.line(line)}${newline}`, 'latin1');
  }

  /**
   * Whether a trigger match starts in text[start, newline). A match found earlier that starts
   * before this line is searched again from this line's start, so a match that runs past a
   * newline only sends its own line the long way, and hides no match in the lines after it.
   */
  private hit(text: string, start: number, newline: number): boolean {
    for (let index = 0; index < this.triggers.length; index++) {
      if (this.next[index]! < start) {
        const trigger = this.triggers[index]!;
        trigger.lastIndex = start;
        this.next[index] = trigger.exec(text)?.index ?? Infinity;
      }
      if (this.next[index]! < newline) return true;
    }
    return false;
  }
}
