import { crc32 } from './crc32.js';

/**
 * Enough of the input's end to hold the last xz stream footer xz read: a child xz stops a few
 * bytes after it, and at most its pipe (64 KiB) plus one 256 KiB read were fed beyond that.
 */
const TAIL_BYTES = 1024 * 1024;
const FOOTER_BYTES = 12;
const XZ_MAGIC = Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]);

/** The last chunks written to the decoder, with the input offset of the first. */
export class InputTail {
  private readonly chunks: Buffer[] = [];
  private bytes = 0;
  start = 0;

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.bytes += chunk.length;
    while (this.chunks.length > 1 && this.bytes - this.chunks[0]!.length >= TAIL_BYTES) {
      const first = this.chunks.shift()!;
      this.bytes -= first.length;
      this.start += first.length;
    }
  }

  contents(): Buffer {
    return Buffer.concat(this.chunks, this.bytes);
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
