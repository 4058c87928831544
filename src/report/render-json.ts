/**
 * The JSON form of the report, `JSON.stringify(report, null, 2)` plus a newline, in pieces: a
 * report of thousands of kills is tens of MiB of text, and built as one string it was held twice
 * (the string, then its UTF-8 bytes for the write) on top of the report. The pieces are the same
 * text to the byte: the top levels are walked here, every value below them goes through
 * `JSON.stringify` and is indented in place (a JSON text holds no raw newline but its own).
 *
 *   { "oomKills": [k1, k2] } → '{\n  "oomKills": [\n    ' + stringify(k1) + ',\n    ' + … + '\n  ]\n}\n'
 */

/** Levels walked here: the report, its sections, and the items of a section (a kill, a finding). */
const WALKED_DEPTH = 2;
/** Pieces are joined up to about this many characters before they are handed on. */
const PIECE_CHARS = 64 * 1024;
const INDENT = '  ';

/** The report (any plain data) as JSON text with a trailing newline, in pieces of about 64 Ki characters. */
export function* jsonPieces(value: unknown): Generator<string> {
  let batch: string[] = [];
  let chars = 0;
  for (const part of walk(prepare(value, ''), 0, '')) {
    batch.push(part);
    chars += part.length;
    if (chars >= PIECE_CHARS) {
      yield batch.join('');
      batch = [];
      chars = 0;
    }
  }
  batch.push('\n');
  yield batch.join('');
}

/** As JSON.stringify: `toJSON` first, then undefined, functions and symbols have no text. */
function prepare(value: unknown, key: string): unknown {
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') return (value as { toJSON: (key: string) => unknown }).toJSON(key);
  return value;
}

function hasText(value: unknown): boolean {
  return value !== undefined && typeof value !== 'function' && typeof value !== 'symbol';
}

/** `value` already through `prepare`. */
function* walk(value: unknown, depth: number, indent: string): Generator<string> {
  if (depth >= WALKED_DEPTH || value === null || typeof value !== 'object') {
    const text = JSON.stringify(value, null, INDENT);
    yield indent === '' ? text : text.replaceAll('\n', `\n${indent}`);
    return;
  }
  const inner = indent + INDENT;
  if (Array.isArray(value)) {
    if (value.length === 0) {
      yield '[]';
      return;
    }
    yield '[';
    for (let i = 0; i < value.length; i += 1) {
      yield `${i === 0 ? '' : ','}\n${inner}`;
      const item = prepare(value[i], String(i));
      if (hasText(item)) yield* walk(item, depth + 1, inner);
      else yield 'null';
    }
    yield `\n${indent}]`;
    return;
  }
  let first = true;
  for (const [name, rawItem] of Object.entries(value)) {
    const item = prepare(rawItem, name);
    if (!hasText(item)) continue;
    yield `${first ? '{' : ','}\n${inner}${JSON.stringify(name)}: `;
    first = false;
    yield* walk(item, depth + 1, inner);
  }
  yield first ? '{}' : `\n${indent}}`;
}
