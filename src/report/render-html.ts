import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import Handlebars from 'handlebars';
import { formatBytes } from '../archive/index.js';
import { TEMPLATES_DIR } from '../version.js';
import { RULES, type Finding } from '../rules/index.js';
import type { Report } from './report.js';
import { ruleTextHtml } from './rule-texts.js';

/**
 * Renders the report as one self-contained HTML page. Everything from the bundle goes through
 * handlebars' `{{ }}` escaping; the page loads nothing (CSP `default-src 'none'`) and its one
 * inline stylesheet is allowed by hash.
 */
export function renderHtml(report: Report): string {
  const { template, css } = compiled();
  const cssHash = createHash('sha256').update(css).digest('base64');
  const csp = [`default-src 'none'`, `style-src 'sha256-${cssHash}'`, `img-src data:`, `base-uri 'none'`, `form-action 'none'`].join('; ');
  // Our own stylesheet goes in verbatim (it is what the CSP hash covers); bundle data never does.
  return template({ report, css: new Handlebars.SafeString(css), csp, view: viewModel(report) });
}

interface Compiled {
  template: Handlebars.TemplateDelegate;
  css: string;
}

let cache: Compiled | null = null;

function compiled(): Compiled {
  if (cache) return cache;
  const handlebars = Handlebars.create();
  registerHelpers(handlebars);
  const partialsDir = new URL('partials/', TEMPLATES_DIR);
  for (const name of readdirSync(partialsDir).filter((file) => file.endsWith('.hbs'))) {
    handlebars.registerPartial(name.replace(/\.hbs$/, ''), readFileSync(new URL(name, partialsDir), 'utf8'));
  }
  const template = handlebars.compile(readFileSync(new URL('report.hbs', TEMPLATES_DIR), 'utf8'), { strict: true, noEscape: false });
  const css = readFileSync(new URL('report.css', TEMPLATES_DIR), 'utf8');
  if (/<\/style/i.test(css)) throw new Error('report.css must not contain </style');
  cache = { template, css };
  return cache;
}

function registerHelpers(handlebars: typeof Handlebars): void {
  handlebars.registerHelper('bytes', (value: unknown) => (typeof value === 'number' ? formatBytes(value) : '—'));
  handlebars.registerHelper('count', (value: unknown) => (typeof value === 'number' ? value.toLocaleString('en-US') : '—'));
  handlebars.registerHelper('or', (value: unknown, fallback: unknown) => (value === null || value === undefined || value === '' ? fallback : value));
  handlebars.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  handlebars.registerHelper('kib', (value: unknown) => (typeof value === 'number' ? formatBytes(value * 1024) : '—'));
  handlebars.registerHelper('join', (items: unknown, separator: unknown) => (Array.isArray(items) ? items.join(typeof separator === 'string' ? separator : ', ') : ''));
  handlebars.registerHelper('gt', (a: unknown, b: unknown) => typeof a === 'number' && typeof b === 'number' && a > b);
}

const STATE_LABELS: Record<string, string> = {
  ok: 'collected',
  partial: 'partial',
  skipped: 'skipped (budget)',
  missing: 'missing on node',
  failed: 'failed',
  absent: 'not in bundle',
  lost: 'listed, not in bundle',
};

const OUTCOME_LABELS: Record<string, string> = {
  'container-ended': 'the container ended',
  'container-kept-running': 'a child process died, the container kept running',
  unknown: 'outcome unknown',
};

/** Values the template shows that are derived from the report, computed once here. */
function viewModel(report: Report) {
  const found = report.coverage.filter((row) => row.files > 0).length;
  return {
    title: `podmortem — ${report.node.name ?? report.input.name}`,
    coverage: report.coverage.map((row) => ({ ...row, label: STATE_LABELS[row.state] ?? row.state })),
    sourcesFound: found,
    sourcesTotal: report.coverage.length,
    moreRejected: Math.max(0, report.archive.rejectedCount - report.archive.rejected.length),
    moreParseIssues: Math.max(0, report.parseIssues.total - report.parseIssues.shown.length),
    moreUnused: Math.max(0, report.archive.unused.count - report.archive.unused.sample.length),
    findingGroups: groupFindings(report.findings),
    oomKills: report.oomKills.map((kill, i) => {
      const detail = report.oomKillDetails[i];
      return { kill, detail, outcome: OUTCOME_LABELS[detail?.outcome ?? 'unknown'] };
    }),
  };
}

/** Findings grouped by rule, in the order of their most severe finding; each rule's text once. */
function groupFindings(findings: readonly Finding[]) {
  const groups = new Map<string, Finding[]>();
  for (const finding of findings) groups.set(finding.ruleId, [...(groups.get(finding.ruleId) ?? []), finding]);
  return [...groups.entries()].map(([ruleId, items]) => {
    const rule = RULES.find((candidate) => candidate.id === ruleId);
    return { ruleId, title: rule?.title ?? ruleId, severity: items[0]?.severity, findings: items, text: new Handlebars.SafeString(ruleTextHtml(ruleId)) };
  });
}
