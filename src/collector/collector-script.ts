import { readFile } from 'node:fs/promises';

/**
 * The node collector, a POSIX sh script joined from src/collector/lib/*.sh into dist/collector/
 * by `npm run build` (src/collector/build.sh). The URL resolves from src/collector/ and from
 * dist/collector/ alike.
 */
export const COLLECTOR_SCRIPT_URL = new URL('../../dist/collector/podmortem-collect.sh', import.meta.url);

/** The script's bytes, for `podmortem collector` (carried to air-gapped nodes as is). */
export function readCollectorScript(): Promise<Buffer> {
  return readFile(COLLECTOR_SCRIPT_URL);
}
