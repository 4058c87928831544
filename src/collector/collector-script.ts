import { readFile } from 'node:fs/promises';
import { PACKAGE_ROOT } from '../package-root.js';

/**
 * The node collector, a POSIX sh script joined from src/collector/lib/*.sh into dist/collector/
 * by `npm run build` (src/collector/build.sh).
 */
export const COLLECTOR_SCRIPT_URL = new URL('dist/collector/podmortem-collect.sh', PACKAGE_ROOT);

/** The script's bytes, for `podmortem collector` (carried to air-gapped nodes as is). */
export function readCollectorScript(): Promise<Buffer> {
  return readFile(COLLECTOR_SCRIPT_URL);
}
