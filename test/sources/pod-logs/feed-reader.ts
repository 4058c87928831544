import { readFile, readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { expect } from 'vitest';
import type { SourceId } from '../../../src/bundle/index.js';
import { IssueLog, type ParseIssue, type SourceReader } from '../../../src/sources/index.js';

/** A file's content, or a symlink entry (`/var/log/containers`). */
export type FeedFile = string | Buffer | { symlink: string };

/** Content as a stream of chunks of `chunkSize` bytes, as the archive stage delivers it. */
export async function* chunksOf(content: Buffer, chunkSize: number): AsyncGenerator<Buffer> {
  for (let start = 0; start < content.length; start += chunkSize) yield content.subarray(start, start + chunkSize);
}

/**
 * Feeds files (bundle path → content) to a reader in the given order, the way SourceReading
 * does, and returns its result with the parse issues. Shared by the pod-logs, cgroup and crictl
 * tests.
 */
export async function feedReader<T>(reader: SourceReader<T>, source: SourceId, files: Record<string, FeedFile>, chunkSize = 64 * 1024): Promise<{ data: T; issues: ParseIssue[]; issueCount: number }> {
  const issues = new IssueLog(1000);
  for (const [path, value] of Object.entries(files)) {
    const isLink = typeof value === 'object' && !Buffer.isBuffer(value);
    const content = isLink ? Buffer.alloc(0) : Buffer.from(value);
    await reader.read({ path, source, candidate: 0, linkTarget: isLink ? value.symlink : null }, chunksOf(content, chunkSize), issues);
  }
  return { data: reader.result(), issues: [...issues.issues], issueCount: issues.count(source) };
}

/** Every issue names one of the files fed and a line number from 1 (or none, for the whole file). */
export function expectIssuesLocated(issues: readonly ParseIssue[], files: readonly string[]): void {
  for (const issue of issues) {
    expect(files).toContain(issue.file);
    expect(issue.line === null || (Number.isInteger(issue.line) && issue.line > 0)).toBe(true);
  }
}

/** A fixture folder as bundle files: `<dir>/<rest>` → `<prefix><rest>`. */
export async function fixtureTree(dir: string, prefix: string): Promise<Record<string, Buffer>> {
  const files: Record<string, Buffer> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = join(entry.parentPath, entry.name);
    files[prefix + relative(dir, full)] = await readFile(full);
  }
  return files;
}

export function fixturePath(area: string, name: string): string {
  return new URL(`../${area}/fixtures/${name}`, import.meta.url).pathname;
}

export async function fixture(area: string, name: string): Promise<Buffer> {
  return readFile(fixturePath(area, name));
}
