/**
 * Reads a JSON document from a stream while cutting every string literal longer than
 * `maxStringBytes`, so that a hostile document with one 30 MiB field never exists in memory as
 * a 30 MiB string (nor as the three copies JSON.parse would make of it). The text kept is still
 * valid JSON: a cut literal keeps its start (cut on a character, never inside an escape) and ends
 * with the cut marker of `capText`. Sample: `{"node":"nnnn…(30 MiB)"}` is read as
 * `{"node":"nnnn…(4096 bytes)… cut, 31457280 bytes"}`.
 */
import { cutMarker } from '../util/cap-text.js';

export interface CappedJson {
  text: string;
  /** The kept text passed `maxBytes`: the document was not read to its end. */
  cut: boolean;
  /** How many string literals were cut. */
  cutStrings: number;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const LOWER_U = 0x75;

export async function readCappedJson(content: AsyncIterable<Buffer>, maxStringBytes: number, maxBytes: number): Promise<CappedJson> {
  const scan = new LiteralCutter(maxStringBytes);
  let bytes = 0;
  for await (const chunk of content) {
    bytes += scan.push(chunk);
    if (bytes > maxBytes) return { text: '', cut: true, cutStrings: scan.cutStrings };
  }
  return { text: Buffer.concat(scan.kept).toString('utf8'), cut: false, cutStrings: scan.cutStrings };
}

/** A byte-level scanner of JSON string literals that drops the bytes past the cap of each. */
class LiteralCutter {
  readonly kept: Buffer[] = [];
  cutStrings = 0;
  private inString = false;
  private escaped = false;
  /** Hex digits still to come in a `\uXXXX` escape. */
  private hexLeft = 0;
  /** Bytes of the current literal so far, the dropped ones included. */
  private literalBytes = 0;
  private cutting = false;

  constructor(private readonly maxStringBytes: number) {}

  /** Scans one chunk; returns how many bytes of it were kept. */
  push(chunk: Buffer): number {
    let keptBytes = 0;
    let keepFrom = 0;
    // Kept pieces are copied: a view would pin the whole chunk, most of it dropped bytes.
    const keep = (end: number, extra?: Buffer) => {
      if (end > keepFrom) this.kept.push(Buffer.from(chunk.subarray(keepFrom, end)));
      keptBytes += end - keepFrom;
      if (extra) {
        this.kept.push(extra);
        keptBytes += extra.length;
      }
    };
    for (let i = 0; i < chunk.length; i += 1) {
      const byte = chunk[i] as number;
      if (!this.inString) {
        if (byte === QUOTE) this.startLiteral();
        continue;
      }
      if (this.endsLiteral(byte)) {
        if (this.cutting) {
          keep(keepFrom, Buffer.from(cutMarker(this.literalBytes), 'utf8'));
          keepFrom = i;
          this.cutting = false;
        }
        this.inString = false;
        continue;
      }
      if (!this.cutting && this.literalBytes >= this.maxStringBytes && this.atCharacterStart(byte)) {
        keep(i);
        this.cutting = true;
        this.cutStrings += 1;
      }
      this.literalBytes += 1;
      this.track(byte);
      if (this.cutting) keepFrom = i + 1;
    }
    if (!this.cutting) keep(chunk.length);
    return keptBytes;
  }

  private startLiteral(): void {
    this.inString = true;
    this.escaped = false;
    this.hexLeft = 0;
    this.literalBytes = 0;
  }

  private endsLiteral(byte: number): boolean {
    return byte === QUOTE && !this.escaped && this.hexLeft === 0;
  }

  /** Not a UTF-8 continuation byte, and not inside an escape: a cut here keeps valid text. */
  private atCharacterStart(byte: number): boolean {
    return !this.escaped && this.hexLeft === 0 && (byte & 0xc0) !== 0x80;
  }

  private track(byte: number): void {
    if (this.hexLeft > 0) {
      this.hexLeft -= 1;
    } else if (this.escaped) {
      this.escaped = false;
      if (byte === LOWER_U) this.hexLeft = 4;
    } else if (byte === BACKSLASH) {
      this.escaped = true;
    }
  }
}
