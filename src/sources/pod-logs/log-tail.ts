/**
 * The last lines of a container log file, each kept either as a draft with strings (a line the
 * parser decoded) or as the bytes of its time and text (a line read on the byte path,
 * log-file-parser.ts), decoded only if it is still among the last lines when the file ends: of a
 * 100,000-line file, 50 lines are decoded instead of 100,000. A line on the byte path first only
 * points into the line reader's chunk; when the reader is done with the chunk (`release`), the
 * lines still kept are copied. A 64 KiB chunk holds hundreds of lines: a copy of each cost more
 * than the string it replaced.
 *
 * A text kept as bytes keeps at most 4 bytes per character of the cap and a few more: UTF-8 gives
 * at least one character per 3 bytes (a broken sequence of up to 3 bytes becomes one U+FFFD), so
 * those bytes decode to more characters than the cap, the same as the whole text would up to
 * there, and the cut text and its `cut` flag come out as the parser's string path gives them.
 */
import { cutText } from '../keep-text.js';
import type { CriByteFields } from './cri-line-bytes.js';
import type { LogLineDraft } from './log-file-parser.js';
import { TailRing } from './tail-ring.js';

const EMPTY: Buffer = Buffer.alloc(0);
/** Bytes a first copy allocates; a slot grows from there as longer lines come. */
const MIN_SLOT_BYTES = 256;

/**
 * One kept line. `text`: the draft holds it. `chunk`: its time and text are in `bytes` (the
 * reader's chunk) at `timeStart`…`timeEnd` and `textStart`…`textEnd`. `copied`: they are in the
 * slot's own buffer `own`, the time first, the text right after it.
 */
export class TailSlot {
  readonly draft: LogLineDraft = { time: null, stream: null, text: '', line: 0, cut: false, unterminated: false };
  state: 'text' | 'chunk' | 'copied' = 'text';
  bytes: Buffer = EMPTY;
  timeStart = 0;
  timeEnd = 0;
  textStart = 0;
  textEnd = 0;
  /** The text was longer than its kept bytes. */
  more = false;
  own: Buffer = EMPTY;
}

export class LogTail {
  private readonly ring: TailRing<TailSlot>;
  /** Bytes of text a slot keeps: enough for more than `maxChars` characters, see above. */
  private readonly maxTextBytes: number;
  /** Lines claimed since the last `release`: those claimed as bytes point into the chunk. */
  private sinceRelease = 0;
  private bytesSinceRelease = false;

  constructor(
    private readonly capacity: number,
    private readonly maxChars: number,
  ) {
    this.ring = new TailRing(capacity, () => new TailSlot());
    this.maxTextBytes = 4 * maxChars + 8;
  }

  /** The draft to fill with the newest line's strings. */
  claim(): LogLineDraft {
    const slot = this.ring.claim();
    slot.state = 'text';
    this.sinceRelease += 1;
    return slot.draft;
  }

  /** Keeps the newest line as a pointer into `bytes`, valid until `release`. */
  claimBytes(bytes: Buffer, start: number, end: number, fields: CriByteFields, line: number, cut: boolean): TailSlot {
    const slot = this.ring.claim();
    slot.state = 'chunk';
    slot.bytes = bytes;
    slot.timeStart = start;
    slot.timeEnd = fields.timeEnd;
    slot.textStart = fields.contentStart;
    slot.textEnd = Math.min(end, fields.contentStart + this.maxTextBytes);
    slot.more = end > slot.textEnd;
    const draft = slot.draft;
    draft.stream = fields.stream;
    draft.line = line;
    draft.cut = cut;
    draft.unterminated = false;
    this.sinceRelease += 1;
    this.bytesSinceRelease = true;
    return slot;
  }

  /** The chunk the lines pointed into may be reused: copies what is kept of them. */
  release(): void {
    if (this.bytesSinceRelease) {
      this.ring.forNewest(Math.min(this.sinceRelease, this.capacity), (slot) => {
        if (slot.state === 'chunk') copyOut(slot);
      });
    }
    this.sinceRelease = 0;
    this.bytesSinceRelease = false;
  }

  /** The time of a line kept as bytes (its stamp is ASCII). */
  timeOf(slot: TailSlot): string {
    if (slot.state === 'chunk') return slot.bytes.toString('latin1', slot.timeStart, slot.timeEnd);
    return slot.own.toString('latin1', 0, slot.timeEnd - slot.timeStart);
  }

  /** The kept lines, oldest first, all as strings. */
  toArray(): LogLineDraft[] {
    return this.ring.toArray().map((slot) => this.decoded(slot));
  }

  /** Copies of the newest `count` lines, oldest first, as strings; the tail keeps them as they are. */
  newest(count: number): LogLineDraft[] {
    const lines: LogLineDraft[] = [];
    this.ring.forNewest(count, (slot) => lines.push(slot.state === 'text' ? { ...slot.draft } : this.decodedCopy(slot)));
    return lines.reverse();
  }

  private decoded(slot: TailSlot): LogLineDraft {
    if (slot.state === 'text') return slot.draft;
    if (slot.state === 'chunk') copyOut(slot);
    Object.assign(slot.draft, this.decodedCopy(slot));
    slot.state = 'text';
    return slot.draft;
  }

  /** A new draft with the slot's time and text decoded, from the chunk or the slot's own copy. */
  private decodedCopy(slot: TailSlot): LogLineDraft {
    const inChunk = slot.state === 'chunk';
    const timeLength = slot.timeEnd - slot.timeStart;
    const text = inChunk ? slot.bytes.toString('utf8', slot.textStart, slot.textEnd) : slot.own.toString('utf8', timeLength, timeLength + slot.textEnd - slot.textStart);
    const kept = cutText(text, this.maxChars);
    const { stream, line, cut, unterminated } = slot.draft;
    return { time: this.timeOf(slot), stream, text: kept, line, cut: cut || slot.more || kept.length < text.length, unterminated };
  }
}

/** The slot's time and text, from the chunk into its own buffer (time, then text). */
function copyOut(slot: TailSlot): void {
  const timeLength = slot.timeEnd - slot.timeStart;
  const length = timeLength + slot.textEnd - slot.textStart;
  if (slot.own.length < length) slot.own = Buffer.allocUnsafe(Math.max(length, 2 * slot.own.length, MIN_SLOT_BYTES));
  slot.bytes.copy(slot.own, 0, slot.timeStart, slot.timeEnd);
  slot.bytes.copy(slot.own, timeLength, slot.textStart, slot.textEnd);
  slot.bytes = EMPTY;
  slot.state = 'copied';
}
