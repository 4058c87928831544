import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SourceId } from '../../../src/bundle/index.js';
import { IssueLog, type ParseIssue, type SourceFile, type SourceReader } from '../../../src/sources/source-reader.js';

const here = dirname(fileURLToPath(import.meta.url));

/** A fixture of test/sources/<area>/fixtures, as text. */
export function fixture(name: string, area: 'stats' | 'system' = 'stats'): string {
  return readFileSync(join(here, '..', area, 'fixtures', name), 'utf8');
}

export function sourceFile(source: SourceId, path: string, candidate = 0): SourceFile {
  return { path, source, candidate, linkTarget: null };
}

/** Yields the content in small chunks, so line splitting across chunk borders is exercised. */
export async function* chunked(content: string | Buffer, size = 7): AsyncIterable<Buffer> {
  const bytes = typeof content === 'string' ? Buffer.from(content) : content;
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

export interface InputFile {
  path: string;
  content: string | Buffer;
  candidate?: number;
}

/** Feeds files to a fresh reader as the sources stage would and returns its result and issues. */
export async function readAll<T>(reader: SourceReader<T>, source: SourceId, files: InputFile[]): Promise<{ result: T; issues: readonly ParseIssue[] }> {
  const issues = new IssueLog(1000);
  for (const file of files) await reader.read(sourceFile(source, file.path, file.candidate ?? 0), chunked(file.content), issues);
  return { result: reader.result(), issues: issues.issues };
}

/** Shorthand for the usual one-file case. */
export async function readOne<T>(reader: SourceReader<T>, source: SourceId, path: string, content: string | Buffer) {
  return readAll(reader, source, [{ path, content }]);
}
