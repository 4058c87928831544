/**
 * The format list is kept in step, as the rule catalog is (test/rules/catalog.test.ts): every
 * format of INPUT_FORMATS has exactly one layout table (podmortem's in layout.ts, each other one in
 * `src/bundle/layout-<format>.ts`), a detection fixture (format-fixtures.ts, run by formats.test.ts
 * and entry-order.test.ts) and a row in the README's table of formats — and nothing exists
 * without a format.
 */
import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FORMAT_LAYOUTS, INPUT_FORMATS, SOURCE_IDS } from '../../src/bundle/index.js';
import { REPO_ROOT } from '../helpers/cli.js';
import { FORMAT_FIXTURES } from './format-fixtures.js';

const FOREIGN_LAYOUT_FILE = /^layout-(.+)\.ts$/;

/** The first cells of the README's table of formats (the one whose header starts `| format |`). */
function readmeFormatRows(readme: string): string[] {
  const lines = readme.split('\n');
  const header = lines.findIndex((line) => line.startsWith('| format | what podmortem reads'));
  expect(header, 'README table "| format | what podmortem reads from it | …"').toBeGreaterThan(-1);
  const rows: string[] = [];
  for (const line of lines.slice(header + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(/^\| `([^`]+)`/.exec(line)?.[1] ?? line);
  }
  return rows;
}

describe('format catalog', () => {
  it('has one layout table per format, in the order of INPUT_FORMATS', () => {
    expect(FORMAT_LAYOUTS.map((layout) => layout.format)).toEqual([...INPUT_FORMATS]);
    for (const layout of FORMAT_LAYOUTS) {
      expect(layout.title.length, layout.format).toBeGreaterThan(0);
      const sources = Object.keys(layout.paths);
      expect(sources.length, `${layout.format} maps no path`).toBeGreaterThan(0);
      for (const source of sources) expect(SOURCE_IDS, `${layout.format}: ${source}`).toContain(source);
    }
  });

  it('keeps each foreign table in src/bundle/layout-<format>.ts, and no such file without a format', async () => {
    const files = readdirSync(join(REPO_ROOT, 'src/bundle')).filter((file) => FOREIGN_LAYOUT_FILE.test(file));
    const named = files.map((file) => FOREIGN_LAYOUT_FILE.exec(file)?.[1]);
    expect(named.sort()).toEqual(INPUT_FORMATS.filter((format) => format !== 'podmortem').sort());
    for (const file of files) {
      const module = (await import(/* @vite-ignore */ pathToFileURL(join(REPO_ROOT, 'src/bundle', file)).href)) as Record<string, unknown>;
      const format = FOREIGN_LAYOUT_FILE.exec(file)?.[1];
      expect(Object.values(module), file).toContain(FORMAT_LAYOUTS.find((layout) => layout.format === format));
    }
  });

  it('has a detection fixture per format, and none for an unknown one', () => {
    expect(Object.keys(FORMAT_FIXTURES).sort()).toEqual([...INPUT_FORMATS].sort());
    for (const [name, fixture] of Object.entries(FORMAT_FIXTURES)) expect(fixture.format, name).toBe(name);
  });

  it('has one README row per format in the table of formats, and no other row', async () => {
    const readme = await readFile(join(REPO_ROOT, 'README.md'), 'utf8');
    expect(readmeFormatRows(readme).sort()).toEqual([...INPUT_FORMATS].sort());
  });
});
