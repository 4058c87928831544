import { readFileSync } from 'node:fs';

/** The analyzer's version, from package.json (one level above both src/ and dist/). */
export const ANALYZER_VERSION: string = (() => {
  const json = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: unknown };
  return typeof json.version === 'string' ? json.version : '0.0.0';
})();

/** Folder of the handlebars templates and rule texts, shipped beside src/ and dist/. */
export const TEMPLATES_DIR = new URL('../templates/', import.meta.url);
