import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type Handlebars from 'handlebars';
import { counted, plural } from '../util/plural.js';
import { TEMPLATES_DIR } from '../version.js';
import { formatBytes, formatKib, formatTime } from './format.js';
import { handlebarsPackage } from './handlebars-package.js';
import { htmlView, pageSubset } from './html-view.js';
import { renderSummaryText } from './render-text.js';
import type { Report } from './report.js';
import { loadPrecompiledReportTemplates, readReportTemplateTexts, reportTemplate, type PrecompiledTemplates } from './report-templates.js';
import { visibleDeep } from './text.js';

/**
 * Renders the report as one self-contained HTML page. Everything from the bundle goes through
 * handlebars' `{{ }}` escaping, after its control and bidi characters were made visible. The page
 * loads nothing (CSP `default-src 'none'`); its one stylesheet and one script are inline and
 * allowed by hash; the data the script needs is a JSON block that no browser executes.
 */
export function renderHtml(report: Report): string {
  cache ??= reportPage(loadPrecompiledReportTemplates());
  return renderPage(report, cache);
}

/** The page for `report` from these templates (tests render with precompiled and compiled ones). */
export function renderPage(report: Report, page: ReportPage): string {
  const { template, css, js } = page;
  const csp = [`default-src 'none'`, `style-src ${hash(css)}`, `script-src ${hash(js)}`, `img-src data:`, `base-uri 'none'`, `form-action 'none'`].join('; ');
  const { SafeString } = handlebarsPackage();
  const data = { summaryText: renderSummaryText(report, { color: false }) };
  const shown = visibleDeep(pageSubset(report));
  // Our own stylesheet and script go in verbatim (the CSP hashes cover exactly them); bundle data
  // never does, except as escaped JSON inside the data block.
  return template({
    report: shown,
    view: htmlView(shown, { oomKills: report.oomKills.length }),
    css: new SafeString(css),
    js: new SafeString(js),
    data: new SafeString(scriptJson(data)),
    summaryText: data.summaryText,
    csp,
  });
}

function hash(text: string): string {
  return `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
}

/**
 * JSON that can sit inside `<script type="application/json">`: `<`, `>` and `&` cannot end the
 * element or start a comment, and U+2028/U+2029 cannot end a line in older script parsers.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export interface ReportPage {
  template: Handlebars.TemplateDelegate;
  /** The template came from the build's precompiled file (not compiled in this run). */
  precompiled: boolean;
  css: string;
  js: string;
}

let cache: ReportPage | null = null;

/** The page's template, stylesheet and script; `precompiled` is the build's file, used if it was made from these templates. */
export function reportPage(precompiled: PrecompiledTemplates | null): ReportPage {
  const handlebars = handlebarsPackage().create();
  registerHelpers(handlebars);
  const { template, precompiled: fromBuild } = reportTemplate(handlebars, readReportTemplateTexts(), precompiled);
  const css = readFileSync(new URL('report.css', TEMPLATES_DIR), 'utf8');
  const js = readFileSync(new URL('report.js', TEMPLATES_DIR), 'utf8');
  if (/<\/style/i.test(css)) throw new Error('report.css must not contain </style');
  if (/<\/script|<!--/i.test(js)) throw new Error('report.js must not contain </script or <!--');
  return { template, precompiled: fromBuild, css, js };
}

function registerHelpers(handlebars: typeof Handlebars): void {
  handlebars.registerHelper('bytes', (value: unknown) => (typeof value === 'number' ? formatBytes(value) : '—'));
  handlebars.registerHelper('count', (value: unknown) => (typeof value === 'number' ? value.toLocaleString('en-US') : '—'));
  handlebars.registerHelper('or', (value: unknown, fallback: unknown) => (value === null || value === undefined || value === '' ? fallback : value));
  handlebars.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  handlebars.registerHelper('kib', (value: unknown) => formatKib(typeof value === 'number' ? value : null));
  handlebars.registerHelper('join', (items: unknown, separator: unknown) => (Array.isArray(items) ? items.join(typeof separator === 'string' ? separator : ', ') : ''));
  handlebars.registerHelper('gt', (a: unknown, b: unknown) => typeof a === 'number' && typeof b === 'number' && a > b);
  handlebars.registerHelper('time', (value: unknown) => (typeof value === 'string' ? formatTime(value) : 'time unknown'));
  handlebars.registerHelper('plural', (count: unknown, word: unknown) => plural(typeof count === 'number' ? count : Number.NaN, typeof word === 'string' ? word : ''));
  handlebars.registerHelper('counted', (count: unknown, word: unknown) => (typeof count === 'number' ? counted(count, typeof word === 'string' ? word : '') : '—'));
  handlebars.registerHelper('pct', (value: unknown) => (typeof value === 'number' ? `${value}%` : '—'));
  handlebars.registerHelper('num', (value: unknown, digits: unknown) => (typeof value === 'number' ? value.toFixed(typeof digits === 'number' ? digits : 0) : '—'));
}
