/**
 * The first pass reads every line of the input for the vocabulary, but only a few lines teach
 * anything. Instead of one string and a dozen regex tests per line, each chunk is decoded once
 * and scanned once for LEARN_TRIGGER; only the lines it hits go to Vocabulary.learnLine. The
 * lines are the ones ByteReader.line(LEARN_MAX_LINE) gives (a longer line is cut where it cuts,
 * and only its last piece ends in a newline), so what is learned does not change.
 */
import { cutPoint } from './byte-reader.js';
import { LEARN_TRIGGER, type Vocabulary } from './vocabulary.js';

/** Lines longer than this come in pieces, of which only the last (the one with the newline) is learned. */
export const LEARN_MAX_LINE = 64 * 1024;

/** One file's lines, a chunk at a time (on a learning thread, fed by messages). */
export class TextLearner {
  private carry = '';

  constructor(private readonly vocabulary: Vocabulary) {}

  chunk(chunk: Buffer): void {
    const text = this.carry + chunk.toString('latin1');
    const end = text.lastIndexOf('\n') + 1;
    learnLines(text, end, this.vocabulary);
    this.carry = text.slice(end);
    // A line with no newline yet: the pieces ByteReader would hand out before it are not learned.
    while (this.carry.length > LEARN_MAX_LINE) this.carry = this.carry.slice(cutPoint(this.carry, 0, LEARN_MAX_LINE));
    // The last line without a newline is not learned (nor is it by ByteReader's callers).
  }
}

/** The complete lines in text[0, end). */
function learnLines(text: string, end: number, vocabulary: Vocabulary): void {
  let hit = nextHit(text, 0, end);
  for (let start = 0; start < end;) {
    const newline = text.indexOf('\n', start);
    if (newline - start > LEARN_MAX_LINE) vocabulary.learnLine(lastPiece(text, start, newline));
    else if (hit < newline) vocabulary.learnLine(text.slice(start, newline));
    start = newline + 1;
    if (hit < start) hit = nextHit(text, start, end);
  }
}

function nextHit(text: string, from: number, end: number): number {
  LEARN_TRIGGER.lastIndex = from;
  const match = LEARN_TRIGGER.exec(text);
  return match && match.index < end ? match.index : Infinity;
}

function lastPiece(text: string, start: number, newline: number): string {
  let from = start;
  while (newline - from > LEARN_MAX_LINE) from = cutPoint(text, from, LEARN_MAX_LINE);
  return text.slice(from, newline);
}
