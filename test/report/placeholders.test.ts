/**
 * No unfilled placeholder in anything podmortem renders: for every sample (its own bundles and the
 * same node as other collectors pack it), the real CLI writes the HTML report, the JSON and the
 * `--format text` summary, with `--fail-on info` so stderr lists findings too. None of them may
 * show a template placeholder: a `<pod>`-style word the rule texts use in their generic commands,
 * or a `{key}` of a rule message whose data lacked the key. The text podmortem writes itself
 * (finding messages, command purposes, commands) is held to more: no `<word>` and no `{word}` at
 * all, once kubectl's own jsonpath templates are set aside. The CLI runs in this process (runCli,
 * see cli-in-process.ts): a node process per sample was most of this file's CPU.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restOfSummary } from '../../src/report/index.js';
import { RULES } from '../../src/rules/index.js';
import { tempDir } from '../helpers/bundle.js';
import { REPO_ROOT } from '../helpers/cli.js';
import { runPodmortemInProcess } from '../helpers/cli-in-process.js';

const SAMPLES = ['samples/bundles', 'samples/foreign'].flatMap((folder) => readdirSync(join(REPO_ROOT, folder)).map((file) => join(folder, file)));
const RULE_TEXTS = join(REPO_ROOT, 'templates/rules');

/** `<pod>`, `<namespace>`, …: every angle-bracket word of the rule texts, and those the issue names. */
function anglePlaceholders(): string[] {
  const words = new Set(['pod', 'namespace', 'container', 'node']);
  for (const file of readdirSync(RULE_TEXTS).filter((name) => name.endsWith('.md'))) {
    for (const [, word] of readFileSync(join(RULE_TEXTS, file), 'utf8').matchAll(/<([a-z][a-z0-9._-]*)>/g)) words.add(word!);
  }
  return [...words].sort();
}

/** `{pod}`, `{failures|atLeast}`, …: every placeholder of every rule message. */
function messagePlaceholders(): string[] {
  const keys = new Set<string>();
  for (const rule of RULES) for (const template of Object.values<string>(rule.messages)) for (const [, key] of template.matchAll(/\{(\w+)(?:\|\w+)?\}/g)) keys.add(key!);
  return [...keys].sort();
}

/** The placeholders found in a text, each as written. */
function placeholdersIn(text: string, angles: readonly string[], keys: readonly string[]): string[] {
  const found = new Set<string>();
  for (const [whole, word] of text.matchAll(/<([a-z][a-z0-9._-]*)>/g)) if (angles.includes(word!)) found.add(whole);
  for (const [whole, key] of text.matchAll(/\{(\w+)(?:\|\w+)?\}/g)) if (keys.includes(key!)) found.add(whole);
  return [...found];
}

/** What a reader sees of the page: markup and styles removed, entities decoded (the embedded JSON data kept). */
function visibleText(html: string): string {
  return html
    .replace(/<style[\s\S]*?<\/style>/g, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&#(\d+);/g, (_whole, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&#x([0-9a-f]+);/gi, (_whole, code: string) => String.fromCodePoint(parseInt(code, 16)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

/** A command without kubectl's jsonpath templates (`-o jsonpath='{range …}{end}'`), whose braces are kubectl's. */
function withoutJsonpath(command: string): string {
  return command.replace(/jsonpath='[^']*'/g, "jsonpath='…'");
}

interface JsonFinding {
  id: string;
  message: string;
  commands: { purpose: string; command: string; changesCluster: boolean }[];
}

interface Rendered {
  html: string;
  json: string;
  text: string;
  failOn: string;
}

const angles = anglePlaceholders();
const keys = messagePlaceholders();
let work: Awaited<ReturnType<typeof tempDir>>;
const rendered = new Map<string, Rendered>();

beforeAll(async () => {
  work = await tempDir('podmortem-placeholders-');
  // One sample after the other: the machine's cores are shared.
  for (const [index, sample] of SAMPLES.entries()) {
    const html = join(work.path, `${index}.html`);
    const json = join(work.path, `${index}.json`);
    const run = await runPodmortemInProcess(['analyze', join(REPO_ROOT, sample), '-o', html, '--json', json, '--format', 'text', '--fail-on', 'info'], { cwd: work.path });
    expect([0, 3], `${sample}: ${run.stderr}`).toContain(run.code);
    rendered.set(sample, { html: await readFile(html, 'utf8'), json: await readFile(json, 'utf8'), text: run.stdout, failOn: run.stderr });
  }
}, 300_000);
afterAll(async () => work?.remove());

describe('the placeholders looked for', () => {
  it('are the real ones of the rule texts and messages', () => {
    expect(angles).toEqual(expect.arrayContaining(['pod', 'namespace', 'container']));
    expect(keys.length).toBeGreaterThan(20);
    expect(SAMPLES.length).toBeGreaterThanOrEqual(9);
  });

  it('are found when left in a text (the check can fail)', () => {
    expect(placeholdersIn('kubectl describe pod <pod> -n <namespace>', angles, keys)).toEqual(['<pod>', '<namespace>']);
    expect(placeholdersIn(`killed {${keys[0]}} and {${keys[0]}|atLeast}`, angles, keys)).toEqual([`{${keys[0]}}`, `{${keys[0]}|atLeast}`]);
    expect(placeholdersIn(visibleText('<pre><code>kubectl logs &lt;pod&gt;</code></pre>'), angles, keys)).toEqual(['<pod>']);
  });
});

describe('the text summary without a report', () => {
  it('says what to add, with file names to copy rather than <file>', () => {
    expect(restOfSummary([])).not.toMatch(/<[a-z][a-z0-9._-]*>/i);
  });
});

describe.each(SAMPLES)('%s: no placeholder left', (sample) => {
  const of = (): Rendered => rendered.get(sample)!;

  it('in the HTML report as a reader sees it', () => {
    expect(placeholdersIn(visibleText(of().html), angles, keys)).toEqual([]);
  });

  it('in the JSON', () => {
    expect(placeholdersIn(of().json, angles, keys)).toEqual([]);
  });

  it('in the text summary and the --fail-on list on stderr', () => {
    expect(of().text).toMatch(/^podmortem: /);
    expect(placeholdersIn(of().text, angles, keys)).toEqual([]);
    expect(placeholdersIn(of().failOn, angles, keys)).toEqual([]);
  });

  it('in the messages, command purposes and commands podmortem writes: no <word> and no {word} at all', () => {
    const findings = (JSON.parse(of().json) as { findings: JsonFinding[] }).findings;
    expect(findings.length).toBeGreaterThan(0);
    const authored = findings.flatMap((finding) =>
      [finding.message, ...finding.commands.flatMap((command) => [command.purpose, withoutJsonpath(command.command)])].map((text) => [finding.id, text] as const),
    );
    // A placeholder starts with a letter: `{3}` in a grep pattern is a count.
    const left = authored.filter(([, text]) => /<[a-z][a-z0-9._-]*>|\{[a-z_]\w*(?:\|\w+)?\}/i.test(text));
    expect(left).toEqual([]);
  });
});
