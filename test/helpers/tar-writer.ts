/**
 * A byte-level tar writer for tests. Unlike real tar tools it writes whatever it is told,
 * including the hostile entries the analyzer must refuse (`../`, absolute paths, devices,
 * links out of the bundle, raw non-UTF-8 names).
 */
export type TarEntryType = 'file' | 'dir' | 'symlink' | 'hardlink' | 'char' | 'block' | 'fifo';

export interface TarEntry {
  name: string | Buffer;
  type?: TarEntryType;
  data?: string | Buffer;
  linkname?: string;
}

const TYPE_FLAGS: Record<TarEntryType, string> = { file: '0', hardlink: '1', symlink: '2', char: '3', block: '4', dir: '5', fifo: '6' };

export function tarHeader(entry: TarEntry, size: number): Buffer {
  const name = typeof entry.name === 'string' ? Buffer.from(entry.name) : entry.name;
  const header = Buffer.alloc(512);
  name.copy(header, 0, 0, Math.min(name.length, 100));
  octal(header, 100, 8, entry.type === 'dir' ? 0o755 : 0o644);
  octal(header, 108, 8, 0);
  octal(header, 116, 8, 0);
  octal(header, 124, 12, size);
  octal(header, 136, 12, 1_764_302_400);
  header.fill(0x20, 148, 156);
  header.write(TYPE_FLAGS[entry.type ?? 'file'], 156, 'latin1');
  if (entry.linkname) header.write(entry.linkname.slice(0, 100), 157, 'utf8');
  header.write('ustar\u000000', 257, 'latin1');
  header.write('root', 265, 'latin1');
  header.write('root', 297, 'latin1');
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(`${sum.toString(8).padStart(6, '0')}\u0000 `, 148, 'latin1');
  return header;
}

function octal(buffer: Buffer, offset: number, length: number, value: number): void {
  buffer.write(`${value.toString(8).padStart(length - 1, '0')}\u0000`, offset, 'latin1');
}

/** A PAX extended header carrying a long path (names over 100 bytes). */
function paxHeader(path: string): Buffer[] {
  const record = (text: string) => {
    let length = text.length + 3;
    while (`${length} ${text}\n`.length !== length) length = `${length} ${text}\n`.length;
    return `${length} ${text}\n`;
  };
  const body = Buffer.from(record(`path=${path}`));
  const header = tarHeader({ name: 'PaxHeader', type: 'file' }, body.length);
  header.write('x', 156, 'latin1');
  let sum = 0;
  header.fill(0x20, 148, 156);
  for (const byte of header) sum += byte;
  header.write(`${sum.toString(8).padStart(6, '0')}\u0000 `, 148, 'latin1');
  return [header, pad(body)];
}

function pad(data: Buffer): Buffer {
  const padding = (512 - (data.length % 512)) % 512;
  return padding ? Buffer.concat([data, Buffer.alloc(padding)]) : data;
}

/** The header blocks of one entry (a PAX header first for names over 100 bytes); its data follows. */
export function tarHeaderBlocks(entry: TarEntry, size: number): Buffer[] {
  const blocks: Buffer[] = [];
  if (typeof entry.name === 'string' && Buffer.byteLength(entry.name) > 100) blocks.push(...paxHeader(entry.name));
  blocks.push(tarHeader(entry, size));
  return blocks;
}

/** Zero bytes that complete an entry's data of `size` bytes to a whole 512-byte block. */
export function tarPadding(size: number): Buffer {
  return Buffer.alloc((512 - (size % 512)) % 512);
}

/** The blocks of one entry (header, optional PAX header, padded data). */
export function tarEntryBlocks(entry: TarEntry): Buffer[] {
  const data = entry.data === undefined ? Buffer.alloc(0) : Buffer.from(entry.data);
  const blocks = tarHeaderBlocks(entry, data.length);
  if (data.length) blocks.push(pad(data));
  return blocks;
}

export const TAR_END = Buffer.alloc(1024);

export function tarBuffer(entries: TarEntry[]): Buffer {
  return Buffer.concat([...entries.flatMap(tarEntryBlocks), TAR_END]);
}
