/**
 * The catalog is kept in step: every rule has its module (exporting it, with the id as file
 * name), its test, its markdown text and exactly one index entry — and nothing exists without one.
 */
import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../src/rules/index.js';
import { severityCell } from '../../src/report/index.js';
import { LAYOUT } from '../../src/bundle/layout.js';
import { REPO_ROOT } from '../helpers/cli.js';

/** Files of src/rules/ that are the engine, not rules. */
const ENGINE_FILES = ['define-rule.ts', 'run-rules.ts', 'index.ts'];
const isHelper = (file: string) => file.endsWith('-helpers.ts');

describe('rule catalog', () => {
  const ids = RULES.map((rule) => rule.id);

  it('has unique ids', () => {
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each(RULES.map((rule) => [rule.id, rule] as const))('%s has its module, test and text', async (id, rule) => {
    const module = (await import(/* @vite-ignore */ pathToFileURL(join(REPO_ROOT, 'src/rules', `${id}.ts`)).href)) as Record<string, unknown>;
    expect(Object.values(module)).toContain(rule);
    expect(existsSync(join(REPO_ROOT, 'test/rules', `${id}.test.ts`)), `test/rules/${id}.test.ts`).toBe(true);
    expect(existsSync(join(REPO_ROOT, 'templates/rules', `${id}.md`)), `templates/rules/${id}.md`).toBe(true);
    expect(rule.title.length).toBeGreaterThan(0);
    expect(Object.keys(rule.messages).length).toBeGreaterThan(0);
    for (const requirement of rule.requires) for (const source of [requirement].flat()) expect(Object.keys(LAYOUT)).toContain(source);
  });

  it('lists every rule module, test and text in the index', () => {
    const modules = readdirSync(join(REPO_ROOT, 'src/rules'))
      .filter((file) => !ENGINE_FILES.includes(file) && !isHelper(file))
      .map((file) => file.replace(/\.ts$/, ''));
    const tests = readdirSync(join(REPO_ROOT, 'test/rules'))
      .filter((file) => file.endsWith('.test.ts') && !['catalog.test.ts', 'run-rules.test.ts', 'severities.test.ts', 'skipped.test.ts', 'message-data.test.ts'].includes(file))
      .map((file) => file.replace(/\.test\.ts$/, ''));
    const texts = readdirSync(join(REPO_ROOT, 'templates/rules')).map((file) => file.replace(/\.md$/, ''));
    expect(modules.sort()).toEqual([...ids].sort());
    expect(tests.sort()).toEqual([...ids].sort());
    expect(texts.sort()).toEqual([...ids].sort());
  });
});

describe('README', () => {
  it('lists every rule of the catalog with its severities, when each applies, and its title', async () => {
    const readme = await readFile(join(REPO_ROOT, 'README.md'), 'utf8');
    for (const rule of RULES) expect(readme, rule.id).toContain(`| \`${rule.id}\` | ${severityCell(rule)} |`);
    for (const rule of RULES) expect(readme, rule.id).toContain(`| ${rule.title} |`);
  });
});
