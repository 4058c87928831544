/**
 * The inputs of one bench size: the generated `.tar.gz`, and the same bundle as a directory,
 * a zip and (when asked for) a `.tar.xz`, derived from it so all three hold the same bytes in the same order:
 * the directory is `tar -xzf` of the archive (what a user does), the zip is written from that
 * directory by our streaming writer in the archive's entry order (no `zip` needed, and
 * byte-identical across machines). With `keep`, all of it stays in a cache folder keyed by seed,
 * size and a hash of the generator's code, and later runs reuse it.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ZipStreamWriter } from '../helpers/zip-stream-writer.js';
import type { BenchSize, InputFormat } from './bench-options.js';
import { generateBundle, type BundleFacts } from './generator/generate-bundle.js';
import type { Progress } from './progress.js';

export interface BenchInputs {
  facts: BundleFacts;
  /** The input to give the analyzer per format; for `dir`, the bundle folder itself. */
  paths: Record<InputFormat, string>;
  archiveBytes: number;
  zipBytes: number | null;
  xzBytes: number | null;
  /** Seconds spent generating now; null when the bundle came from the cache. */
  generatedSeconds: number | null;
  /** Seconds spent deriving the directory and zip now. */
  derivedSeconds: number;
  /** A scratch folder on the same disk, for the floor's extraction and the reports. */
  scratch: string;
  /** Removes everything unless it is kept in the cache. */
  release(): Promise<void>;
}

export interface PrepareOptions {
  seed: number;
  size: BenchSize;
  dir: string;
  keep: boolean;
  formats: readonly InputFormat[];
  progress: Progress;
}

export async function prepareInputs(options: PrepareOptions): Promise<BenchInputs> {
  const home = options.keep ? join(options.dir, 'podmortem-bench-cache', `seed${options.seed}-${options.size.bytes}-${await generatorVersion()}`) : await mkdtempIn(options.dir, 'podmortem-bench-');
  await mkdir(home, { recursive: true });
  const scratch = await mkdtempIn(options.dir, 'podmortem-bench-scratch-');
  const tarGz = join(home, 'bundle.tar.gz');
  const factsPath = join(home, 'facts.json');
  let generatedSeconds: number | null = null;
  let facts: BundleFacts;
  if (options.keep && existsSync(factsPath)) {
    facts = JSON.parse(await readFile(factsPath, 'utf8')) as BundleFacts;
  } else {
    const started = Date.now();
    facts = await generateBundle({
      seed: options.seed,
      targetBytes: options.size.bytes,
      path: tarGz,
      onProgress: (bytes, entries) => options.progress.update(`generating ${options.size.label}: ${mib(bytes)} / ${mib(options.size.bytes)} MiB, ${entries} entries`),
    });
    generatedSeconds = (Date.now() - started) / 1000;
    await writeFile(factsPath, JSON.stringify(facts));
  }
  const started = Date.now();
  const dir = join(home, 'dir');
  const zip = join(home, 'bundle.zip');
  if (options.formats.includes('dir') || options.formats.includes('zip')) await ensureDirectory(tarGz, dir, options.progress);
  if (options.formats.includes('zip')) await ensureZip(facts, dir, zip, options.progress);
  const tarXz = join(home, 'bundle.tar.xz');
  if (options.formats.includes('tar.xz')) await ensureTarXz(tarGz, tarXz, options.progress);
  options.progress.done();
  const zipBytes = existsSync(zip) ? (await stat(zip)).size : null;
  return {
    facts,
    paths: { 'tar.gz': tarGz, zip, dir: join(dir, facts.root), 'tar.xz': tarXz },
    archiveBytes: (await stat(tarGz)).size,
    zipBytes,
    xzBytes: existsSync(tarXz) ? (await stat(tarXz)).size : null,
    generatedSeconds,
    derivedSeconds: (Date.now() - started) / 1000,
    scratch,
    release: async () => {
      await rm(scratch, { recursive: true, force: true });
      if (!options.keep) await rm(home, { recursive: true, force: true });
    },
  };
}

async function mkdtempIn(dir: string, prefix: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  return mkdtemp(join(dir, prefix));
}

const mib = (bytes: number) => (bytes / 1024 ** 2).toFixed(0);

/** `tar -xzf` into a side folder, renamed when complete: an interrupted run leaves no half folder to reuse. */
async function ensureDirectory(tarGz: string, dir: string, progress: Progress): Promise<void> {
  if (existsSync(dir)) return;
  const partial = `${dir}.part`;
  await rm(partial, { recursive: true, force: true });
  await mkdir(partial, { recursive: true });
  progress.update('extracting the directory input (tar -xzf)');
  await run('tar', ['-xzf', tarGz, '-C', partial]);
  await rename(partial, dir);
}

async function ensureZip(facts: BundleFacts, dir: string, zip: string, progress: Progress): Promise<void> {
  if (existsSync(zip)) return;
  const partial = `${zip}.part`;
  const writer = new ZipStreamWriter(createWriteStream(partial));
  for (const [index, entry] of facts.entries.entries()) {
    const name = facts.root + entry.path;
    if (entry.path.endsWith('/')) await writer.addDirectory(name);
    else await writer.addFile(name, createReadStream(join(dir, name), { highWaterMark: 1024 * 1024 }));
    if (index % 200 === 0) progress.update(`writing the zip input: ${index} / ${facts.entries.length} entries, ${mib(writer.bytesWritten)} MiB`);
  }
  await writer.finish();
  await rename(partial, zip);
}

/**
 * The same tar stream as the tar.gz, recompressed as sos report does (`xz -6`), single-threaded
 * so the file is the same on any machine. Minutes at 500M: keep it with --keep.
 */
async function ensureTarXz(tarGz: string, tarXz: string, progress: Progress): Promise<void> {
  if (existsSync(tarXz)) return;
  progress.update('writing the tar.xz input (gzip -dc | xz -6 -T1; minutes for a large bundle)');
  await run('sh', ['-c', 'set -e; gzip -dc "$1" | xz -6 -T1 > "$2.part"; mv "$2.part" "$2"', 'sh', tarGz, tarXz]);
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} failed (${code}): ${stderr.trim()}`))));
  });
}

/** A hash of the generator's code: a changed generator never reuses bundles cached by an older one. */
export async function generatorVersion(): Promise<string> {
  const here = dirname(fileURLToPath(import.meta.url));
  const hash = createHash('sha256');
  const generator = join(here, 'generator');
  for (const name of (await readdir(generator)).sort()) hash.update(name).update(await readFile(join(generator, name)));
  const helpers = join(here, '..', 'helpers');
  for (const name of (await readdir(helpers)).sort()) {
    if (/^(seeded-random|tar-writer)\.[jt]s$/.test(name)) hash.update(name).update(await readFile(join(helpers, name)));
  }
  return hash.digest('hex').slice(0, 10);
}
