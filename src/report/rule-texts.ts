/**
 * The longer text of each rule (`templates/rules/<id>.md`: what it means, why it happens, what to
 * do, how to confirm), rendered with marked. These are our own texts, never bundle data; raw HTML
 * in them is still shown as text, so a slip in a rule file cannot inject markup.
 *
 * A rule file's "Confirm on a live node" block is a template (`kubectl describe pod <pod>`): the
 * report leaves it out and shows each finding's own commands instead, filled in with the bundle's
 * names (Finding.commands), so no placeholder reaches a report.
 */
import { existsSync, readFileSync } from 'node:fs';
import { Marked } from 'marked';
import { TEMPLATES_DIR } from '../version.js';

const marked = new Marked({
  gfm: true,
  async: false,
  renderer: {
    html: ({ text }) => escapeHtml(text),
  },
});

const cache = new Map<string, string>();

/** The rule's text as HTML, or an empty string when the rule has none. */
export function ruleTextHtml(ruleId: string): string {
  // Only a rule id can name a file: nothing else reaches the templates folder.
  if (!/^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/.test(ruleId)) return '';
  let html = cache.get(ruleId);
  if (html === undefined) {
    const file = new URL(`rules/${ruleId}.md`, TEMPLATES_DIR);
    html = existsSync(file) ? (marked.parse(withoutTemplateCommands(readFileSync(file, 'utf8'))) as string) : '';
    cache.set(ruleId, html);
  }
  return html;
}

/** The rule text without its generic "Confirm on a live node" section, with a pointer to the filled-in one. */
export function withoutTemplateCommands(markdown: string): string {
  const section = /^### Confirm on a live node[^\n]*\n[\s\S]*?(?=^#{1,3} |(?![\s\S]))/m;
  if (!section.test(markdown)) return markdown;
  return `${markdown.replace(section, '').trimEnd()}\n\n${LIVE_NODE_NOTE}\n`;
}

const LIVE_NODE_NOTE =
  "### Confirm on a live node\n\nEach finding above lists its next steps, filled in with this node's names, cgroup version and runtime: suggestions to copy, which podmortem never runs.";

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
