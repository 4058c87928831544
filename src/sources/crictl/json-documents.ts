/**
 * The JSON documents in one file. crictl prints one document per call; a collector that loops
 * over `crictl inspect <id>` into one file, or an old crictl given several ids, yields documents
 * back to back (`{…}\n{…}`), which JSON.parse refuses: they are split at top level and parsed
 * one by one. Unparseable text becomes an issue at the line where parsing stopped.
 */
export interface JsonProblem {
  line: number | null;
  message: string;
}

export function parseJsonDocuments(text: string, problem: (issue: JsonProblem) => void): unknown[] {
  try {
    return [JSON.parse(text)];
  } catch (error) {
    const pieces = splitTopLevel(text);
    if (pieces.length <= 1) {
      problem({ line: errorLine(text, 0, error), message: `not valid JSON (${(error as Error).message})` });
      return [];
    }
    return pieces.flatMap(({ start, end }) => {
      try {
        return [JSON.parse(text.slice(start, end)) as unknown];
      } catch (pieceError) {
        problem({ line: errorLine(text, start, pieceError), message: `not valid JSON (${(pieceError as Error).message})` });
        return [];
      }
    });
  }
}

/** The line of a JSON.parse error (V8 says `at position N`), counted in the whole text. */
function errorLine(text: string, offset: number, error: unknown): number | null {
  const position = /position (\d+)/.exec((error as Error).message);
  if (!position) return null;
  const end = Math.min(text.length, offset + Number(position[1]));
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < end; i = text.indexOf('\n', i + 1)) line += 1;
  return line;
}

/** Spans of top-level values `{…}` / `[…]`, found by bracket depth outside strings. */
function splitTopLevel(text: string): { start: number; end: number }[] {
  const pieces: { start: number; end: number }[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text.charCodeAt(i);
    if (inString) {
      if (char === 0x5c) i += 1;
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) {
      inString = true;
    } else if (char === 0x7b || char === 0x5b) {
      if (depth === 0) start = i;
      depth += 1;
    } else if ((char === 0x7d || char === 0x5d) && depth > 0) {
      depth -= 1;
      if (depth === 0) pieces.push({ start, end: i + 1 });
    }
  }
  if (depth > 0 && start >= 0) pieces.push({ start, end: text.length });
  return pieces;
}
