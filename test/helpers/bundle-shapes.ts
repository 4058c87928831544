/**
 * The same bundle in other shapes: its entries in a seeded shuffled order, inside a wrapper folder
 * or not, with `./` before every name or not. What the entry-order property test packs.
 */
import { execFileSync } from 'node:child_process';
import { lstat, readdir, readFile, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { BundleSpec } from './bundle.js';
import { SeededRandom } from './seeded-random.js';
import { tempDir } from './bundle.js';

/** Every file and link of a tar.gz or tar.xz as a spec (its single top folder removed), in name order. */
export async function specOfTarball(path: string): Promise<{ spec: BundleSpec; wrapper: string }> {
  const dir = await tempDir('podmortem-shape-');
  try {
    execFileSync('tar', [path.endsWith('.xz') ? '-xJf' : '-xzf', path, '-C', dir.path]);
    const top = await readdir(dir.path);
    const wrapper = top.length === 1 && (await lstat(join(dir.path, top[0] as string))).isDirectory() ? `${top[0]}/` : '';
    const spec: BundleSpec = {};
    await walk(join(dir.path, wrapper), '', spec);
    return { spec, wrapper };
  } finally {
    await dir.remove();
  }
}

async function walk(dir: string, prefix: string, spec: BundleSpec): Promise<void> {
  for (const name of (await readdir(dir)).sort()) {
    const full = join(dir, name);
    const info = await lstat(full);
    if (info.isDirectory()) await walk(full, `${prefix}${name}/`, spec);
    else if (info.isSymbolicLink()) spec[`${prefix}${name}`] = { symlink: await readlink(full) };
    else spec[`${prefix}${name}`] = await readFile(full);
  }
}

/** The spec with its entries in a seeded random order (Fisher–Yates), names changed by `rename`. */
export function shuffledSpec(spec: BundleSpec, seed: number, rename: (name: string) => string = (name) => name): BundleSpec {
  const random = new SeededRandom(seed);
  const entries = Object.entries(spec);
  for (let i = entries.length - 1; i > 0; i -= 1) {
    const j = random.int(i + 1);
    [entries[i], entries[j]] = [entries[j] as (typeof entries)[number], entries[i] as (typeof entries)[number]];
  }
  return Object.fromEntries(entries.map(([name, value]) => [rename(name), value]));
}
