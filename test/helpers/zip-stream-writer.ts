import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { crc32, createDeflateRaw, deflateRawSync } from 'node:zlib';
import { zipCentralRecord, zipEndRecords, zipLocalHeader, type ZipRecord } from './zip-writer.js';

/**
 * Writes a large zip as a stream, one entry at a time, never holding a large entry whole: such
 * a file is deflated as it is read and its CRC and sizes follow in a data descriptor (flag 0x8),
 * as `zip -` does. Zip64 end records are written past 65,535 entries or 4 GiB of archive, and
 * offsets past 4 GiB go into zip64 extra fields; a single entry must stay under 4 GiB.
 */
const SMALL_FILE_BYTES = 1024 * 1024;

export class ZipStreamWriter {
  private offset = 0;
  private readonly records: ZipRecord[] = [];

  constructor(
    private readonly out: Writable,
    private readonly level = 6,
  ) {}

  get entries(): number {
    return this.records.length;
  }

  get bytesWritten(): number {
    return this.offset;
  }

  async addDirectory(name: string): Promise<void> {
    const record = this.record(name.endsWith('/') ? name : `${name}/`, 0o040755, 0);
    await this.write(zipLocalHeader(record));
  }

  /** Small files (up to 1 MiB) are deflated in one call and need no data descriptor; larger ones stream. */
  async addFile(name: string, content: AsyncIterable<Buffer>, mode = 0o100644): Promise<void> {
    const source = content[Symbol.asyncIterator]();
    const head: Buffer[] = [];
    let headBytes = 0;
    for (;;) {
      const next = await source.next();
      if (next.done) return this.addSmallFile(name, Buffer.concat(head), mode);
      head.push(next.value);
      headBytes += next.value.length;
      if (headBytes > SMALL_FILE_BYTES) break;
    }
    const record = this.record(name, mode, 8);
    record.flags |= 0x8;
    await this.write(zipLocalHeader(record));
    const deflate = createDeflateRaw({ level: this.level, chunkSize: 256 * 1024 });
    const rest = { [Symbol.asyncIterator]: () => source };
    const feeding = this.feed([head, rest], deflate, record);
    for await (const chunk of deflate as AsyncIterable<Buffer>) {
      record.compressedSize += chunk.length;
      await this.write(chunk);
    }
    await feeding;
    if (record.size >= 0xffffffff || record.compressedSize >= 0xffffffff) throw new Error(`zip entry ${name} is 4 GiB or more: not supported`);
    await this.write(dataDescriptor(record));
  }

  private async addSmallFile(name: string, data: Buffer, mode: number): Promise<void> {
    const compressed = deflateRawSync(data, { level: this.level });
    const record = this.record(name, mode, 8);
    Object.assign(record, { crc: crc32(data), size: data.length, compressedSize: compressed.length });
    await this.write(zipLocalHeader(record));
    await this.write(compressed);
  }

  /** The central directory and end records; the stream is ended. */
  async finish(): Promise<void> {
    const centralOffset = this.offset;
    let centralSize = 0;
    for (const record of this.records) {
      const central = zipCentralRecord(record);
      centralSize += central.length;
      await this.write(central);
    }
    for (const end of zipEndRecords(this.records.length, centralSize, centralOffset)) await this.write(end);
    this.out.end();
    await once(this.out, 'finish');
  }

  private record(name: string, mode: number, method: number): ZipRecord {
    const record: ZipRecord = { name: Buffer.from(name), flags: 0x800, method, crc: 0, compressedSize: 0, size: 0, mode, offset: this.offset };
    this.records.push(record);
    return record;
  }

  private async feed(parts: (Iterable<Buffer> | AsyncIterable<Buffer>)[], deflate: ReturnType<typeof createDeflateRaw>, record: ZipRecord): Promise<void> {
    try {
      for (const part of parts) {
        for await (const chunk of part) {
          record.crc = crc32(chunk, record.crc);
          record.size += chunk.length;
          if (!deflate.write(chunk)) await once(deflate, 'drain');
        }
      }
      deflate.end();
    } catch (error) {
      deflate.destroy(error as Error);
      throw error;
    }
  }

  private async write(chunk: Buffer): Promise<void> {
    this.offset += chunk.length;
    if (!this.out.write(chunk)) await once(this.out, 'drain');
  }
}

function dataDescriptor(record: ZipRecord): Buffer {
  const descriptor = Buffer.alloc(16);
  descriptor.writeUInt32LE(0x08074b50, 0);
  descriptor.writeUInt32LE(record.crc, 4);
  descriptor.writeUInt32LE(record.compressedSize, 8);
  descriptor.writeUInt32LE(record.size, 12);
  return descriptor;
}
