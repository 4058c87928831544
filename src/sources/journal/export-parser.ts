/**
 * `journalctl -o export`, read at the byte level (systemd docs/JOURNAL_EXPORT_FORMATS.md). Entries
 * are separated by an empty line; a field is `NAME=value\n`, or, when the value is not printable
 * UTF-8, `NAME\n` + 64-bit little-endian length + raw bytes + `\n`. A binary value may hold `\n`
 * and `\n\n`, so the stream is never split on newlines blindly. Real entry (journald 252):
 *
 *   __CURSOR=s=33b0…;i=20b;b=e663…;m=42cebb3d;t=6614e704f74d7;x=d11b…
 *   __REALTIME_TIMESTAMP=1795839379862743
 *   _BOOT_ID=e66375b30f6145f2a3df737bac559bc9
 *   SYSLOG_IDENTIFIER=kubelet
 *   MESSAGE\n<0xd2 00 00 00 00 00 00 00>I0516 18:34:49.885197    4052 prober.go:107] "Probe failed" … output=<\n\tcat: …\n >\n
 *   _TRANSPORT=journal
 *
 * Values are kept only up to the sink's cap (unwanted fields are skipped unread), so a corrupt
 * length never allocates what it claims. A length over journald's own limit, or a binary value not
 * followed by `\n`, is reported and the parser skips to the next empty line.
 * Line numbers count every `\n` byte of the file, as an editor would show them.
 */
import { BAD_FIELD_NAME, OTHER_FIELD, fieldIdOfBytes, type JournalFieldSet } from './journal-fields.js';

/** journald refuses fields larger than this (DATA_SIZE_MAX, 768 MiB). */
const MAX_BINARY_LENGTH = 768 * 1024 * 1024;
const MAX_NAME_BYTES = 256;

type Mode = 'name' | 'text' | 'binLength' | 'binValue' | 'binEnd' | 'skipLine' | 'resync';

export interface ExportParserEvents {
  entry(line: number): void;
  issue(line: number, message: string): void;
}

export class ExportParser {
  private mode: Mode = 'name';
  private lineNo = 1;
  private entryLine = 0;
  private readonly nameBytes = Buffer.alloc(MAX_NAME_BYTES);
  private nameLength = 0;
  private name = '';
  private nameSource: Buffer = this.nameBytes;
  private nameFrom = 0;
  private nameTo = 0;
  private fieldId = OTHER_FIELD;
  private cap = 0;
  private value: Buffer[] = [];
  private valueBytes = 0;
  private valueCut = false;
  private readonly lengthBytes = Buffer.alloc(8);
  private lengthHave = 0;
  private remaining = 0;
  private fieldLine = 0;
  private lastWasNewline = false;

  constructor(
    private readonly fields: JournalFieldSet,
    private readonly events: ExportParserEvents,
  ) {}

  push(chunk: Buffer): void {
    let i = 0;
    while (i < chunk.length) {
      switch (this.mode) {
        case 'name':
          i = this.readName(chunk, i);
          break;
        case 'text':
          i = this.readText(chunk, i);
          break;
        case 'binLength':
          i = this.readLength(chunk, i);
          break;
        case 'binValue':
          i = this.readBinary(chunk, i);
          break;
        case 'binEnd':
          i = this.readBinaryEnd(chunk, i);
          break;
        case 'skipLine':
          i = this.skipLine(chunk, i);
          break;
        case 'resync':
          i = this.resync(chunk, i);
          break;
      }
    }
  }

  /** The file ended: the last entry may lack its empty line, or be cut inside a field. */
  end(): void {
    if (this.mode === 'text') this.finishField();
    else if (this.mode === 'binValue' || this.mode === 'binLength' || this.mode === 'binEnd') {
      this.events.issue(this.fieldLine, `file ends inside the binary field ${this.name}`);
      if (this.mode !== 'binLength') {
        this.valueCut = true;
        this.finishField();
      }
    } else if (this.mode === 'name' && this.nameLength > 0) {
      this.events.issue(this.lineNo, 'file ends inside a field name');
    }
    this.mode = 'name';
    this.nameLength = 0;
    this.endEntry();
  }

  private readName(chunk: Buffer, start: number): number {
    if (this.nameLength === 0) {
      if (chunk[start] === 0x0a) {
        this.lineNo += 1;
        this.endEntry();
        return start + 1;
      }
      if (this.entryLine === 0) this.entryLine = this.lineNo;
      this.fieldLine = this.lineNo;
    }
    const limit = Math.min(chunk.length, start + MAX_NAME_BYTES - this.nameLength);
    let end = start;
    while (end < limit) {
      const byte = chunk[end] as number;
      if (byte === 0x3d || byte === 0x0a) break;
      end += 1;
    }
    if (end < limit || (end === limit && limit < chunk.length && (chunk[end] === 0x3d || chunk[end] === 0x0a))) {
      return this.startValue(chunk, start, end);
    }
    if (end === chunk.length && this.nameLength + (end - start) < MAX_NAME_BYTES) {
      chunk.copy(this.nameBytes, this.nameLength, start, end);
      this.nameLength += end - start;
      return end;
    }
    this.events.issue(this.fieldLine, `field name longer than ${MAX_NAME_BYTES} bytes`);
    this.nameLength = 0;
    this.mode = 'skipLine';
    return end;
  }

  /** The name ends at `end` (on `=` or `\n`); earlier parts of it may wait in nameBytes. */
  private startValue(chunk: Buffer, start: number, end: number): number {
    const isText = chunk[end] === 0x3d;
    let id: number;
    if (this.nameLength === 0) {
      id = fieldIdOfBytes(chunk, start, end);
      this.nameSource = chunk;
      this.nameFrom = start;
      this.nameTo = end;
    } else {
      chunk.copy(this.nameBytes, this.nameLength, start, end);
      this.nameLength += end - start;
      id = fieldIdOfBytes(this.nameBytes, 0, this.nameLength);
      this.nameSource = this.nameBytes;
      this.nameFrom = 0;
      this.nameTo = this.nameLength;
      this.nameLength = 0;
    }
    if (id === BAD_FIELD_NAME) {
      this.events.issue(this.fieldLine, `malformed field name ${JSON.stringify(this.fieldName().slice(0, 40))}`);
      if (isText) {
        this.mode = 'skipLine';
      } else {
        this.lineNo += 1;
        this.mode = 'name';
      }
      return end + 1;
    }
    this.fieldId = id;
    this.cap = this.fields.capOf(id);
    this.fields.touch();
    this.value = [];
    this.valueBytes = 0;
    this.valueCut = false;
    if (isText) {
      this.mode = 'text';
    } else {
      this.name = this.fieldName();
      this.lineNo += 1;
      this.lengthHave = 0;
      this.mode = 'binLength';
    }
    return end + 1;
  }

  /** The current field's name as text, for messages (binary fields are rare, so this is cheap overall). */
  private fieldName(): string {
    return this.nameSource.toString('latin1', this.nameFrom, this.nameTo);
  }

  private readText(chunk: Buffer, start: number): number {
    const newline = chunk.indexOf(0x0a, start);
    if (newline !== -1 && this.valueBytes === 0 && this.value.length === 0) {
      // The common case: the whole value is in this chunk; decode it in place.
      if (this.cap > 0) {
        const end = Math.min(newline, start + this.cap);
        this.fields.setBytes(this.fieldId, chunk, start, end, end < newline);
      }
      this.lineNo += 1;
      this.mode = 'name';
      return newline + 1;
    }
    const end = newline === -1 ? chunk.length : newline;
    this.keep(chunk, start, end);
    if (newline === -1) return chunk.length;
    this.lineNo += 1;
    this.finishField();
    this.mode = 'name';
    return newline + 1;
  }

  private readLength(chunk: Buffer, start: number): number {
    let i = start;
    while (i < chunk.length && this.lengthHave < 8) {
      const byte = chunk[i++] as number;
      if (byte === 0x0a) this.lineNo += 1;
      this.lengthBytes[this.lengthHave++] = byte;
    }
    if (this.lengthHave < 8) return i;
    const length = this.lengthBytes.readBigUInt64LE(0);
    if (length > BigInt(MAX_BINARY_LENGTH)) {
      this.events.issue(this.fieldLine, `binary field ${this.name} claims ${length} bytes: corrupt length, skipping to the next entry`);
      this.startResync();
      return i;
    }
    this.remaining = Number(length);
    this.mode = this.remaining === 0 ? 'binEnd' : 'binValue';
    return i;
  }

  private readBinary(chunk: Buffer, start: number): number {
    const end = Math.min(chunk.length, start + this.remaining);
    this.lineNo += countNewlines(chunk, start, end);
    this.keep(chunk, start, end);
    this.remaining -= end - start;
    if (this.remaining === 0) this.mode = 'binEnd';
    return end;
  }

  private readBinaryEnd(chunk: Buffer, start: number): number {
    if (chunk[start] !== 0x0a) {
      this.events.issue(this.fieldLine, `binary field ${this.name} is not followed by a newline: corrupt length, skipping to the next entry`);
      this.startResync();
      return start;
    }
    this.lineNo += 1;
    this.finishField();
    this.mode = 'name';
    return start + 1;
  }

  private skipLine(chunk: Buffer, start: number): number {
    const newline = chunk.indexOf(0x0a, start);
    if (newline === -1) return chunk.length;
    this.lineNo += 1;
    this.mode = 'name';
    return newline + 1;
  }

  /** After corruption: drop the entry and continue after the next empty line. */
  private startResync(): void {
    this.fields.reset();
    this.entryLine = 0;
    this.lastWasNewline = false;
    this.mode = 'resync';
  }

  private resync(chunk: Buffer, start: number): number {
    for (let i = start; i < chunk.length; i += 1) {
      if (chunk[i] !== 0x0a) {
        this.lastWasNewline = false;
        continue;
      }
      this.lineNo += 1;
      if (this.lastWasNewline) {
        this.mode = 'name';
        return i + 1;
      }
      this.lastWasNewline = true;
    }
    return chunk.length;
  }

  /** Keeps bytes [start, end) of a value that spans chunks, up to the cap. Copies: the chunk may be reused. */
  private keep(chunk: Buffer, start: number, end: number): void {
    const room = this.cap - this.valueBytes;
    if (end - start > room) this.valueCut = true;
    const take = Math.min(room, end - start);
    if (take <= 0) return;
    this.value.push(Buffer.from(chunk.subarray(start, start + take)));
    this.valueBytes += take;
  }

  private finishField(): void {
    if (this.cap > 0) {
      const bytes = this.value.length === 1 ? (this.value[0] as Buffer) : Buffer.concat(this.value, this.valueBytes);
      this.fields.setBytes(this.fieldId, bytes, 0, bytes.length, this.valueCut);
    }
    this.value = [];
    this.valueBytes = 0;
  }

  private endEntry(): void {
    if (this.entryLine !== 0 && !this.fields.isEmpty) this.events.entry(this.entryLine);
    else this.fields.reset();
    this.entryLine = 0;
  }
}

function countNewlines(chunk: Buffer, start: number, end: number): number {
  let count = 0;
  let at = chunk.indexOf(0x0a, start);
  while (at !== -1 && at < end) {
    count += 1;
    at = chunk.indexOf(0x0a, at + 1);
  }
  return count;
}
