import { crc32, deflateRawSync } from 'node:zlib';

/**
 * A byte-level zip writer for tests: stored or deflated entries, unix modes (symlinks,
 * devices), raw name bytes, and declared sizes that may lie — whatever a hostile zip holds.
 * The record builders below are shared with the streaming writer (zip-stream-writer.ts).
 */
export interface ZipEntry {
  name: string | Buffer;
  data?: string | Buffer;
  /** Unix mode including the file type bits, e.g. 0o120777 for a symlink. */
  mode?: number;
  deflate?: boolean;
  /** Override the uncompressed size written in the headers (a lying zip). */
  declaredSize?: number;
  utf8Flag?: boolean;
}

/** What a local header and its central directory record say about one entry. */
export interface ZipRecord {
  name: Buffer;
  /** General purpose flags: 0x800 = UTF-8 name, 0x8 = sizes and CRC in a data descriptor. */
  flags: number;
  /** 0 stored, 8 deflated. */
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  /** Unix mode including the file type bits. */
  mode: number;
  /** Where the local header starts; past 4 GiB it goes into a zip64 extra field. */
  offset: number;
}

const ZIP32_MAX = 0xffffffff;
/** 1995-11-28 11:24:00 in MS-DOS form: fixed, so output is byte-identical across runs. */
const DOS_TIME = 0;
const DOS_DATE = 0x5b7c;

export function zipLocalHeader(record: ZipRecord): Buffer {
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(record.flags, 6);
  local.writeUInt16LE(record.method, 8);
  local.writeUInt16LE(DOS_TIME, 10);
  local.writeUInt16LE(DOS_DATE, 12);
  local.writeUInt32LE(record.crc, 14);
  local.writeUInt32LE(record.compressedSize, 18);
  local.writeUInt32LE(record.size, 22);
  local.writeUInt16LE(record.name.length, 26);
  local.writeUInt16LE(0, 28);
  return Buffer.concat([local, record.name]);
}

/** The central directory record; an offset past 4 GiB is written as a zip64 extended information field. */
export function zipCentralRecord(record: ZipRecord): Buffer {
  const zip64 = record.offset >= ZIP32_MAX;
  const extra = zip64 ? Buffer.alloc(12) : Buffer.alloc(0);
  if (zip64) {
    extra.writeUInt16LE(0x0001, 0);
    extra.writeUInt16LE(8, 2);
    extra.writeBigUInt64LE(BigInt(record.offset), 4);
  }
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE((3 << 8) | (zip64 ? 45 : 20), 4);
  central.writeUInt16LE(zip64 ? 45 : 20, 6);
  central.writeUInt16LE(record.flags, 8);
  central.writeUInt16LE(record.method, 10);
  central.writeUInt16LE(DOS_TIME, 12);
  central.writeUInt16LE(DOS_DATE, 14);
  central.writeUInt32LE(record.crc, 16);
  central.writeUInt32LE(record.compressedSize, 20);
  central.writeUInt32LE(record.size, 24);
  central.writeUInt16LE(record.name.length, 28);
  central.writeUInt16LE(extra.length, 30);
  central.writeUInt32LE((record.mode << 16) >>> 0, 38);
  central.writeUInt32LE(Math.min(record.offset, ZIP32_MAX), 42);
  return Buffer.concat([central, record.name, extra]);
}

/** The end records: zip64 ones first when the count, size or offset does not fit the classic record. */
export function zipEndRecords(count: number, centralSize: number, centralOffset: number): Buffer[] {
  const needs64 = count > 0xffff || centralSize >= ZIP32_MAX || centralOffset >= ZIP32_MAX;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Math.min(count, 0xffff), 8);
  end.writeUInt16LE(Math.min(count, 0xffff), 10);
  end.writeUInt32LE(Math.min(centralSize, ZIP32_MAX), 12);
  end.writeUInt32LE(Math.min(centralOffset, ZIP32_MAX), 16);
  return needs64 ? [...zip64End(count, centralSize, centralOffset), end] : [end];
}

export function zipBuffer(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const data = entry.data === undefined ? Buffer.alloc(0) : Buffer.from(entry.data);
    const stored = entry.deflate ? deflateRawSync(data, { level: 9 }) : data;
    const record: ZipRecord = {
      name: typeof entry.name === 'string' ? Buffer.from(entry.name) : entry.name,
      flags: entry.utf8Flag === false ? 0 : 0x800,
      method: entry.deflate ? 8 : 0,
      crc: crc32(data),
      compressedSize: stored.length,
      size: entry.declaredSize ?? data.length,
      mode: entry.mode ?? 0o100644,
      offset,
    };
    const local = zipLocalHeader(record);
    locals.push(local, stored);
    centrals.push(zipCentralRecord(record));
    offset += local.length + stored.length;
  }
  const centralDirectory = Buffer.concat(centrals);
  return Buffer.concat([...locals, centralDirectory, ...zipEndRecords(entries.length, centralDirectory.length, offset)]);
}

/** ZIP64 end of central directory record and locator, needed past 65,535 entries or 4 GiB. */
function zip64End(count: number, size: number, offset: number): Buffer[] {
  const record = Buffer.alloc(56);
  record.writeUInt32LE(0x06064b50, 0);
  record.writeBigUInt64LE(44n, 4);
  record.writeUInt16LE((3 << 8) | 45, 12);
  record.writeUInt16LE(45, 14);
  record.writeBigUInt64LE(BigInt(count), 24);
  record.writeBigUInt64LE(BigInt(count), 32);
  record.writeBigUInt64LE(BigInt(size), 40);
  record.writeBigUInt64LE(BigInt(offset), 48);
  const locator = Buffer.alloc(20);
  locator.writeUInt32LE(0x07064b50, 0);
  locator.writeBigUInt64LE(BigInt(offset + size), 8);
  locator.writeUInt32LE(1, 16);
  return [record, locator];
}
