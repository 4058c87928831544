import { readFileSync } from 'node:fs';
import { PACKAGE_ROOT } from './package-root.js';

/** The analyzer's version, from the package's package.json. */
export const ANALYZER_VERSION: string = (() => {
  const json = JSON.parse(readFileSync(new URL('package.json', PACKAGE_ROOT), 'utf8')) as { version?: unknown };
  return typeof json.version === 'string' ? json.version : '0.0.0';
})();

/** Folder of the handlebars templates and rule texts, shipped beside src/ and dist/. */
export const TEMPLATES_DIR = new URL('templates/', PACKAGE_ROOT);
