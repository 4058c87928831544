import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { crc32, createDeflateRaw } from 'node:zlib';
import { zipCentralRecord, zipEndRecords, zipLocalHeader, type ZipRecord } from './zip-writer.js';

/**
 * Writes a large zip as a stream, one entry at a time, never holding an entry whole: each file
 * is deflated as it is read and its CRC and sizes follow in a data descriptor (flag 0x8), as
 * `zip -` does. Zip64 end records are written past 65,535 entries or 4 GiB of archive, and
 * offsets past 4 GiB go into zip64 extra fields; a single entry must stay under 4 GiB.
 */
export class ZipStreamWriter {
  private offset = 0;
  private readonly records: ZipRecord[] = [];

  constructor(private readonly out: Writable, private readonly level = 6) {}

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

  async addFile(name: string, content: AsyncIterable<Buffer>, mode = 0o100644): Promise<void> {
    const record = this.record(name, mode, 8);
    record.flags |= 0x8;
    await this.write(zipLocalHeader(record));
    const deflate = createDeflateRaw({ level: this.level, chunkSize: 256 * 1024 });
    const feeding = this.feed(content, deflate, record);
    for await (const chunk of deflate as AsyncIterable<Buffer>) {
      record.compressedSize += chunk.length;
      await this.write(chunk);
    }
    await feeding;
    if (record.size >= 0xffffffff || record.compressedSize >= 0xffffffff) throw new Error(`zip entry ${name} is 4 GiB or more: not supported`);
    await this.write(dataDescriptor(record));
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

  private async feed(content: AsyncIterable<Buffer>, deflate: ReturnType<typeof createDeflateRaw>, record: ZipRecord): Promise<void> {
    try {
      for await (const chunk of content) {
        record.crc = crc32(chunk, record.crc);
        record.size += chunk.length;
        if (!deflate.write(chunk)) await once(deflate, 'drain');
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
