import { readFile } from 'node:fs/promises';

/**
 * The node collector, a POSIX sh script shipped as source (package.json `files` holds
 * src/collector). It is joined from src/collector/lib/*.sh by src/collector/build.sh. The URL
 * resolves from src/collector/ and from dist/collector/ alike.
 */
export const COLLECTOR_SCRIPT_URL = new URL('../../src/collector/podmortem-collect.sh', import.meta.url);

/** The script's bytes, for `podmortem collector` (carried to air-gapped nodes as is). */
export function readCollectorScript(): Promise<Buffer> {
  return readFile(COLLECTOR_SCRIPT_URL);
}
