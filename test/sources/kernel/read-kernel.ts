import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createKernelCollector, createKernelReader, type KernelCollector, type KernelData, type ServiceLine } from '../../../src/sources/kernel/index.js';
import { IssueLog, type SourceFile } from '../../../src/sources/source-reader.js';

export const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));

export function fixture(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8');
}

export function kernelFile(path: string): SourceFile {
  return { path, source: 'kernel', candidate: 0, linkTarget: null };
}

/** Content in chunks of `size` bytes, so lines cross chunk boundaries as they do in archives. */
export async function* chunked(content: string | Buffer, size = 4096): AsyncIterable<Buffer> {
  const bytes = Buffer.isBuffer(content) ? content : Buffer.from(content);
  for (let start = 0; start < bytes.length; start += size) yield bytes.subarray(start, start + size);
}

export interface KernelRun {
  data: KernelData;
  issues: IssueLog;
  serviceLines: ServiceLine[];
}

/** Reads the files (name → content) through one kernel reader, as the bundle stage would. */
export async function readKernel(files: Record<string, string | Buffer>, options: { chunkSize?: number; collector?: KernelCollector; maxIssues?: number } = {}): Promise<KernelRun> {
  const serviceLines: ServiceLine[] = [];
  const reader = createKernelReader(options.collector ?? createKernelCollector(), { onServiceLine: (line) => serviceLines.push(line) });
  const issues = new IssueLog(options.maxIssues);
  for (const [path, content] of Object.entries(files)) await reader.read(kernelFile(path), chunked(content, options.chunkSize), issues);
  return { data: reader.result(), issues, serviceLines };
}

/** Reads one fixture file under its own name. */
export async function readFixture(name: string, chunkSize?: number): Promise<KernelRun> {
  return readKernel({ [`kernel/${name}`]: fixture(name) }, { chunkSize });
}
