/**
 * The fleet page: one self-contained HTML file, as the node reports are (CSP `default-src 'none'`,
 * its one stylesheet allowed by hash, no script), with links to each node's report beside it.
 * Everything from the bundles goes through handlebars' escaping after its control characters were
 * made visible. Bounded: the page for 1,000 nodes stays under 2 MB.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type Handlebars from 'handlebars';
import { formatTime } from '../report/format.js';
import { handlebarsPackage } from '../report/handlebars-package.js';
import { visibleDeep } from '../report/text.js';
import { TEMPLATES_DIR } from '../version.js';
import type { Fleet } from './fleet-types.js';

/** Workload rows on the page; fleet.json has them all. */
export const PAGE_WORKLOADS = 300;

export function renderFleetJson(fleet: Fleet): string {
  return `${JSON.stringify(fleet, null, 2)}\n`;
}

export function renderFleetHtml(fleet: Fleet): string {
  const { template, css } = compiled();
  const csp = [`default-src 'none'`, `style-src 'sha256-${createHash('sha256').update(css).digest('base64')}'`, `base-uri 'none'`, `form-action 'none'`].join('; ');
  const shown = visibleDeep(fleet);
  const workloads = shown.workloads.slice(0, PAGE_WORKLOADS);
  return template({
    fleet: shown,
    acrossNodes: shown.workloads.filter((workload) => workload.acrossNodes),
    workloads,
    workloadsLeftOut: shown.workloads.length - workloads.length,
    timelineLeftOut: shown.timeline.total - shown.timeline.events.length,
    css: new (handlebarsPackage().SafeString)(css),
    csp,
  });
}

let cache: { template: Handlebars.TemplateDelegate; css: string } | null = null;

function compiled(): { template: Handlebars.TemplateDelegate; css: string } {
  if (cache) return cache;
  const handlebars = handlebarsPackage().create();
  handlebars.registerHelper('time', (value: unknown) => (typeof value === 'string' ? formatTime(value) : '—'));
  handlebars.registerHelper('join', (items: unknown) => (Array.isArray(items) ? items.join(', ') : ''));
  handlebars.registerHelper('gt', (a: unknown, b: unknown) => typeof a === 'number' && typeof b === 'number' && a > b);
  handlebars.registerHelper('len', (items: unknown) => (Array.isArray(items) ? items.length : 0));
  handlebars.registerHelper('or', (value: unknown, fallback: unknown) => (value === null || value === undefined || value === '' ? fallback : value));
  handlebars.registerHelper('href', (path: unknown) => (typeof path === 'string' ? path.split('/').map(encodeURIComponent).join('/') : '#'));
  const template = handlebars.compile(readFileSync(new URL('fleet.hbs', TEMPLATES_DIR), 'utf8'), { strict: true });
  const css = readFileSync(new URL('fleet.css', TEMPLATES_DIR), 'utf8');
  if (/<\/style/i.test(css)) throw new Error('fleet.css must not contain </style');
  cache = { template, css };
  return cache;
}
