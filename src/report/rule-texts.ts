/**
 * The longer text of each rule (`templates/rules/<id>.md`: what it means, why it happens, what to
 * do, how to confirm), rendered with marked. These are our own texts, never bundle data; raw HTML
 * in them is still shown as text, so a slip in a rule file cannot inject markup.
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
    html = existsSync(file) ? (marked.parse(readFileSync(file, 'utf8')) as string) : '';
    cache.set(ruleId, html);
  }
  return html;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
