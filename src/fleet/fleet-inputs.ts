/**
 * Which inputs make a fleet: several bundles named on the command line, or one folder that holds
 * bundle archives only (`podmortem collect -o bundles/` leaves one). Any other single input is one
 * bundle, read exactly as before: a folder with evidence in it (an extracted bundle, a /var/log
 * copy) is never taken for a folder of bundles.
 */
import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { BundleError } from '../errors.js';

const ARCHIVE = /\.(tar\.gz|tgz|tar|tar\.xz|txz|zip)$/i;

/** The bundles of a fleet, or null when the inputs are one bundle (the single-node report). */
export async function fleetInputs(inputs: readonly string[]): Promise<string[] | null> {
  if (inputs.length > 1) return [...inputs];
  const only = inputs[0];
  if (only === undefined) return null;
  const info = await stat(only).catch(() => null);
  if (!info?.isDirectory()) return null;
  const bundles = await bundlesIn(only);
  return bundles.length > 0 ? bundles : null;
}

/** Archives of a folder that holds nothing else (hidden files aside); [] when it holds anything else. */
async function bundlesIn(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
  const visible = entries.filter((entry) => !entry.name.startsWith('.'));
  if (!visible.every((entry) => entry.isFile() && ARCHIVE.test(entry.name))) return [];
  return visible.map((entry) => join(folder, entry.name)).sort();
}

/**
 * A file name for each bundle's reports inside the fleet folder: the bundle's name without its
 * archive suffix, made safe, unique in the fleet (`-2`, `-3` for repeats).
 */
export function reportStems(paths: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return paths.map((path) => {
    const base =
      basename(path.replace(/\/+$/, ''))
        .replace(ARCHIVE, '')
        .replace(/[^A-Za-z0-9._-]+/g, '_')
        .replace(/^\.+/, '') || 'bundle';
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    return count === 1 ? base : `${base}-${count}`;
  });
}

/** The same bundle named twice would be analyzed twice and counted as two nodes. */
export function refuseRepeats(paths: readonly string[]): void {
  const seen = new Set<string>();
  for (const path of paths) {
    if (seen.has(path)) throw new BundleError(`${path} is named twice`);
    seen.add(path);
  }
}
