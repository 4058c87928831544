import * as zlib from 'node:zlib';

let table: Uint32Array | null = null;

/**
 * CRC-32 as gzip and zip store it. Node has it built in from 20.15; the table version keeps older
 * Node 20 releases (the `engines` range) working.
 */
export function crc32(data: Uint8Array, previous = 0): number {
  const native = (zlib as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;
  if (native) return native(data, previous);
  table ??= makeTable();
  let crc = ~previous >>> 0;
  for (const byte of data) crc = (table[(crc ^ byte) & 0xff]! ^ (crc >>> 8)) >>> 0;
  return ~crc >>> 0;
}

function makeTable(): Uint32Array {
  const out = new Uint32Array(256);
  for (let n = 0; n < 256; n += 1) {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    out[n] = c >>> 0;
  }
  return out;
}
