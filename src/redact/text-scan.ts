/**
 * A text file redacted a chunk at a time. Most lines need nothing, so instead of a string and
 * three tests per line, each chunk is decoded once and scanned once per trigger
 * (LineRedactor.triggers()): a line no trigger hits, while no multi-line secret is open, is
 * copied as it is; every other line goes through LineRedactor.line as before. Lines longer than
 * maxLine are cut where ByteReader.line(maxLine) cuts them, so the output is the same byte for byte.
 */
import { cutPoint } from './byte-reader.js';
import type { LineRedactor } from './redaction-engine.js';

/** The order of LineRedactor.triggers(). */
const SECRET_WORDS = 0;
const SECRET_SHAPES = 1;
const VALUES = 2;

export class TextScan {
  private readonly triggers: RegExp[];
  /** Per trigger: where it next matches in the current text, -1 before the first search. */
  private readonly next: number[];
  /** The line begun at the end of the last chunk, without its newline yet. */
  private carry: Buffer = Buffer.alloc(0);

  constructor(
    private readonly lines: LineRedactor,
    private readonly maxLine: number,
  ) {
    this.triggers = lines.triggers();
    this.next = this.triggers.map(() => -1);
  }

  /**
   * The redacted bytes of the lines this chunk completes. Lines that stay as they are come out as
   * pieces of the input itself: turning a long string of copied text back into bytes cost more
   * than the scan.
   */
  chunk(chunk: Buffer): Buffer[] {
    const bytes = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk;
    const text = bytes.toString('latin1');
    const end = text.lastIndexOf('\n') + 1;
    const out = this.complete(text, bytes, end);
    let from = end;
    while (bytes.length - from > this.maxLine) {
      const cut = cutPoint(text, from, this.maxLine);
      out.push(this.redacted(text.slice(from, cut)));
      from = cut;
    }
    this.carry = bytes.subarray(from);
    return out;
  }

  /** The redacted last line, when the text does not end with a newline. */
  end(): Buffer[] {
    const rest = this.carry;
    this.carry = Buffer.alloc(0);
    return rest.length > 0 ? [this.redacted(rest.toString('latin1'))] : [];
  }

  /** The lines of text[0, end), each ending in a newline. */
  private complete(text: string, bytes: Buffer, end: number): Buffer[] {
    this.next.fill(-1);
    const out: Buffer[] = [];
    let verbatim = 0;
    for (let start = 0; start < end;) {
      const newline = text.indexOf('\n', start);
      const short = newline - start <= this.maxLine;
      const idle = short && this.lines.idle();
      if (idle && !this.hit(text, start, newline)) {
        start = newline + 1;
        continue;
      }
      if (start > verbatim) out.push(bytes.subarray(verbatim, start));
      if (idle) {
        out.push(
          Buffer.from(`${this.lines.scannedLine(text.slice(start, newline), this.found(SECRET_WORDS, newline) || this.found(SECRET_SHAPES, newline), this.found(VALUES, newline))}\n`, 'latin1'),
        );
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
    let hit = false;
    // On a hit the rest are searched too: found() tells LineRedactor which tests it may skip.
    for (let index = 0; index < this.triggers.length; index++) {
      if (this.next[index]! < start) {
        const trigger = this.triggers[index]!;
        trigger.lastIndex = start;
        this.next[index] = trigger.exec(text)?.index ?? Infinity;
      }
      if (this.next[index]! < newline) hit = true;
    }
    return hit;
  }

  /**
   * Whether trigger `index` matches in the line hit() just searched, which ends at `newline`. A
   * match on the line alone is a match at the same place in the whole text (a trigger looks
   * ahead only for what a newline also satisfies), so "no match starts before the newline"
   * means the line's own test would fail too.
   */
  private found(index: number, newline: number): boolean {
    return this.next[index]! < newline;
  }
}
