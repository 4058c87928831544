import { crc32 } from './crc32.js';

/**
 * Enough of the input's end to hold the last xz stream footer xz read: a child xz stops a few
 * bytes after it, and at most its pipe (64 KiB) plus one 256 KiB chunk were fed beyond that.
 */
const TAIL_BYTES = 1024 * 1024;
const FOOTER_BYTES = 12;
const XZ_MAGIC = Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]);

/**
 * The last bytes written to the decoder, with the input offset of the first: copied into one
 * ring, so the chunks themselves can go back to be refilled (the xz worker reuses them).
 */
export class InputTail {
  private readonly ring = Buffer.alloc(TAIL_BYTES);
  private total = 0;

  get start(): number {
    return Math.max(0, this.total - TAIL_BYTES);
  }

  push(chunk: Buffer): void {
    const bytes = chunk.subarray(Math.max(0, chunk.length - TAIL_BYTES));
    const at = (this.total + chunk.length - bytes.length) % TAIL_BYTES;
    const first = Math.min(bytes.length, TAIL_BYTES - at);
    bytes.copy(this.ring, at, 0, first);
    bytes.copy(this.ring, 0, first);
    this.total += chunk.length;
  }

  contents(): Buffer {
    if (this.total <= TAIL_BYTES) return Buffer.from(this.ring.subarray(0, this.total));
    const at = this.total % TAIL_BYTES;
    return Buffer.concat([this.ring.subarray(at), this.ring.subarray(0, at)], TAIL_BYTES);
  }
}

/**
 * Where the bytes that are not xz begin, when the input's tail holds a complete stream footer
 * (CRC-32 of backward size and flags, then `YZ`) followed, after stream padding, by something
 * other than the start of another stream; null otherwise (a cut or corrupt stream).
 */
export function endOfLastXzStream(tail: InputTail): number | null {
  const bytes = tail.contents();
  for (let end = bytes.lastIndexOf('YZ') + 2; end >= FOOTER_BYTES; end = bytes.lastIndexOf('YZ', end - 3) + 2) {
    if (!isFooter(bytes.subarray(end - FOOTER_BYTES, end))) continue;
    let next = end;
    while (next + 4 <= bytes.length && bytes.readUInt32LE(next) === 0) next += 4;
    const rest = bytes.subarray(next);
    if (rest.length === 0 || rest.every((byte) => byte === 0)) return null;
    if (XZ_MAGIC.subarray(0, Math.min(rest.length, XZ_MAGIC.length)).equals(rest.subarray(0, XZ_MAGIC.length))) return null;
    return tail.start + next;
  }
  return null;
}

function isFooter(footer: Buffer): boolean {
  return footer[8] === 0 && (footer[9] ?? 0xff) <= 0x0f && footer.readUInt32LE(0) === crc32(footer.subarray(4, 10));
}
