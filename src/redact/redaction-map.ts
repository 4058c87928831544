/**
 * The private map (`--map map.json`): the random secret its pseudonyms are drawn from and every
 * pair original → pseudonym made with it. Reused across the bundles of one cluster, it gives one
 * IP, host or name one pseudonym everywhere, and it turns pseudonyms in a support answer back
 * into names (`redact --reverse`). It never goes into the output; it is written with mode 0600.
 *
 * Format (versioned; another version is refused rather than guessed):
 *   { "format": "podmortem-redaction-map", "formatVersion": 1, "secret": "<64 hex>",
 *     "pseudonyms": { "host": [["worker-3", "host-1a2b3c4d"], …], "ipv4": […], … } }
 */
import { randomBytes } from 'node:crypto';
import { chmod, readFile } from 'node:fs/promises';
import { BundleError } from '../errors.js';
import { writeFileAtomic } from '../output/index.js';
import { FIXED_KEY, PSEUDONYM_KINDS, PseudonymTable, type PseudonymKind } from './pseudonym-table.js';

export const MAP_FORMAT = 'podmortem-redaction-map';
export const MAP_FORMAT_VERSION = 1;

export interface LoadedMap {
  table: PseudonymTable;
  /** Null when the run has no map (fixed key, nothing saved). */
  secret: string | null;
}

/** The table of a run: from the map at `path` (a new one if the file does not exist yet), or with the fixed key. */
export async function loadMap(path: string | null): Promise<LoadedMap> {
  if (path === null) return { table: new PseudonymTable(FIXED_KEY), secret: null };
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw new BundleError(`cannot read the redaction map ${path}: ${error.code === 'EACCES' ? 'permission denied' : error.code === 'EISDIR' ? 'it is a folder' : (error.code ?? error.message)}`);
  });
  if (text === null) {
    const secret = randomBytes(32).toString('hex');
    return { table: new PseudonymTable(secret), secret };
  }
  return parseMap(text, path);
}

function parseMap(text: string, path: string): LoadedMap {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new BundleError(`the redaction map ${path} is not valid JSON (damaged? it is only ever written whole)`);
  }
  const map = data as { format?: unknown; formatVersion?: unknown; secret?: unknown; pseudonyms?: unknown };
  if (typeof map !== 'object' || map === null || map.format !== MAP_FORMAT) throw new BundleError(`${path} is not a podmortem redaction map`);
  if (map.formatVersion !== MAP_FORMAT_VERSION) {
    throw new BundleError(`the redaction map ${path} has format version ${String(map.formatVersion)}; this podmortem reads version ${MAP_FORMAT_VERSION}`);
  }
  if (typeof map.secret !== 'string' || !/^[0-9a-f]{64}$/.test(map.secret)) throw new BundleError(`the redaction map ${path} has no valid secret`);
  const table = new PseudonymTable(map.secret);
  const pseudonyms = (map.pseudonyms ?? {}) as Record<string, unknown>;
  for (const kind of PSEUDONYM_KINDS) {
    const pairs = pseudonyms[kind] ?? [];
    if (!Array.isArray(pairs) || pairs.some((pair) => !Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== 'string' || typeof pair[1] !== 'string')) {
      throw new BundleError(`the redaction map ${path} has a malformed "${kind}" list`);
    }
    for (const [original, pseudonym] of pairs as [string, string][]) table.set(kind, original, pseudonym);
  }
  return { table, secret: map.secret };
}

export async function saveMap(path: string, map: LoadedMap): Promise<void> {
  if (map.secret === null) return;
  const pseudonyms: Partial<Record<PseudonymKind, [string, string][]>> = {};
  for (const kind of PSEUDONYM_KINDS) pseudonyms[kind] = map.table.pairs(kind);
  const body = { format: MAP_FORMAT, formatVersion: MAP_FORMAT_VERSION, secret: map.secret, pseudonyms };
  await writeFileAtomic(path, `${JSON.stringify(body, null, 1)}\n`);
  await chmod(path, 0o600);
}
