/**
 * A strict reader of `journalctl -o export` for tests: `NAME=value\n`, or `NAME\n` + 64-bit
 * little-endian length + bytes + `\n` (systemd JOURNAL_EXPORT_FORMATS). Throws where the
 * framing is broken, so a test sees a redaction that changed a binary value's length.
 */
export interface ExportField {
  name: string;
  value: Buffer;
  binary: boolean;
}

export function parseExport(data: Buffer): ExportField[] {
  const fields: ExportField[] = [];
  let at = 0;
  while (at < data.length) {
    const end = data.indexOf(0x0a, at);
    if (end < 0) throw new Error(`export ends inside a field at byte ${at}`);
    if (end === at) {
      at += 1; // the empty line between entries
      continue;
    }
    const equals = data.indexOf(0x3d, at);
    if (equals >= 0 && equals < end) {
      fields.push({ name: data.subarray(at, equals).toString('latin1'), value: data.subarray(equals + 1, end), binary: false });
      at = end + 1;
      continue;
    }
    const name = data.subarray(at, end).toString('latin1');
    const length = Number(data.readBigUInt64LE(end + 1));
    const start = end + 9;
    if (start + length >= data.length || data[start + length] !== 0x0a) throw new Error(`binary field ${name} at byte ${at}: its length ${length} does not end at a newline`);
    fields.push({ name, value: data.subarray(start, start + length), binary: true });
    at = start + length + 1;
  }
  return fields;
}
