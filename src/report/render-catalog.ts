import { declaredSeverities, type Rule } from '../rules/index.js';

/**
 * `podmortem rules`: one line per rule, aligned, for a terminal, then under it each severity the
 * rule can give and when, so the severity a report shows can be predicted from the catalog.
 */
export function renderCatalogText(rules: readonly Rule[]): string {
  const rows = rules.map((rule) => [rule.id, declaredSeverities(rule).join('|'), requirements(rule), rule.title]);
  const header = ['RULE', 'SEVERITY', 'NEEDS', 'TITLE'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] as string).length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i] as number))).join('  ');
  const blocks = rules.map((rule, i) => [line(rows[i] as string[]), ...declaredSeverities(rule).map((severity) => `    ${severity.padEnd(8)}  ${rule.severities[severity]}`)].join('\n'));
  return `${[line(header), ...blocks].join('\n')}\n`;
}

export function renderCatalogJson(rules: readonly Rule[]): string {
  const catalog = rules.map((rule) => ({
    id: rule.id,
    severity: rule.severity,
    severities: Object.fromEntries(declaredSeverities(rule).map((severity) => [severity, rule.severities[severity]])),
    requires: rule.requires,
    title: rule.title,
  }));
  return `${JSON.stringify(catalog, null, 2)}\n`;
}

/**
 * The README's severity cell: `critical: …; warning: …` — one rule, most severe
 * first. A meta-test checks each README row against it.
 */
export function severityCell(rule: Rule): string {
  return declaredSeverities(rule)
    .map((severity) => `${severity}: ${rule.severities[severity]}`)
    .join('; ');
}

/** `kernel|journal, podLogs`: each requirement, alternatives joined by `|`. */
function requirements(rule: Rule): string {
  return rule.requires.map((requirement) => (typeof requirement === 'string' ? requirement : requirement.join('|'))).join(', ') || '—';
}
