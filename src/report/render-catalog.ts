import type { Rule } from '../rules/index.js';

/** `podmortem rules`: one line per rule, aligned, for a terminal. */
export function renderCatalogText(rules: readonly Rule[]): string {
  const rows = rules.map((rule) => [rule.id, rule.severity, requirements(rule), rule.title]);
  const header = ['RULE', 'SEVERITY', 'NEEDS', 'TITLE'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] as string).length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i] as number))).join('  ');
  return `${[line(header), ...rows.map(line)].join('\n')}\n`;
}

export function renderCatalogJson(rules: readonly Rule[]): string {
  const catalog = rules.map((rule) => ({ id: rule.id, severity: rule.severity, requires: rule.requires, title: rule.title }));
  return `${JSON.stringify(catalog, null, 2)}\n`;
}

/** `kernel|journal, podLogs`: each requirement, alternatives joined by `|`. */
function requirements(rule: Rule): string {
  return rule.requires.map((requirement) => (typeof requirement === 'string' ? requirement : requirement.join('|'))).join(', ') || '—';
}
