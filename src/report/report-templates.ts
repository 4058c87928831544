/**
 * The report page's handlebars templates (templates/report.hbs and its partials), compiled once at
 * build time. Compiling them is about a quarter of a second of CPU in every run, all of it after
 * the bundle was read, where nothing else can overlap it; `npm run build` writes them precompiled
 * to dist/report-templates.cjs (precompile-report-templates.ts). The file is used only when it
 * was made from exactly these template texts by this handlebars version (a digest says so);
 * otherwise (tests run from the sources after a template edit, a build without that step) the
 * templates are compiled here as before, with the same options, so the page is the same.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type Handlebars from 'handlebars';
import { PACKAGE_ROOT } from '../package-root.js';
import { handlebarsPackage } from './handlebars-package.js';
import { TEMPLATES_DIR } from '../version.js';

/** The options of the page template; its partials are compiled with them too (handlebars passes them on). */
export const REPORT_TEMPLATE_OPTIONS = { strict: true, noEscape: false } as const;
const MAIN = 'report';

type TemplateSpecification = ReturnType<typeof Handlebars.precompile>;
export const PRECOMPILED_REPORT_TEMPLATES = new URL('dist/report-templates.cjs', PACKAGE_ROOT);

/** Partials by name, then the page itself under MAIN. */
export interface TemplateTexts {
  partials: Map<string, string>;
  main: string;
}

/** What the build's file exports: the digest of the texts it compiled and each template's precompiled spec. */
export interface PrecompiledTemplates {
  digest: string;
  specs: Record<string, TemplateSpecification>;
}

export function readReportTemplateTexts(): TemplateTexts {
  const partialsDir = new URL('partials/', TEMPLATES_DIR);
  const partials = new Map<string, string>();
  for (const name of readdirSync(partialsDir)
    .filter((file) => file.endsWith('.hbs'))
    .sort()) {
    partials.set(name.replace(/\.hbs$/, ''), readFileSync(new URL(name, partialsDir), 'utf8'));
  }
  return { partials, main: readFileSync(new URL('report.hbs', TEMPLATES_DIR), 'utf8') };
}

/**
 * Registers the partials on `handlebars` and returns the page template: from `precompiled` (the
 * build's file) when it was made from these texts, compiled here otherwise.
 */
export function reportTemplate(handlebars: typeof Handlebars, texts: TemplateTexts, precompiled: PrecompiledTemplates | null): { template: Handlebars.TemplateDelegate; precompiled: boolean } {
  const specs = precompiled === null ? null : specsFor(texts, precompiled);
  for (const [name, text] of texts.partials) handlebars.registerPartial(name, specs ? handlebars.template(specs[name]!) : text);
  const template = specs ? handlebars.template(specs[MAIN]!) : handlebars.compile(texts.main, { ...REPORT_TEMPLATE_OPTIONS });
  return { template, precompiled: specs !== null };
}

/** The build's file (or another module of that form), or null when there is none (a build without that step). */
export function loadPrecompiledReportTemplates(file: URL = PRECOMPILED_REPORT_TEMPLATES): PrecompiledTemplates | null {
  return existsSync(file) ? (createRequire(import.meta.url)(fileURLToPath(file)) as PrecompiledTemplates) : null;
}

/**
 * The build's file: a CommonJS module whose specs are the JavaScript object literals (functions
 * included) handlebars' precompiler writes, so loading it is an ordinary require.
 */
export function precompiledReportTemplatesModule(texts: TemplateTexts): string {
  const specs = [...texts.partials, [MAIN, texts.main] as const].map(([name, text]) => `    ${JSON.stringify(name)}: ${precompile(text)},`);
  return `'use strict';\n// Written by npm run build (src/report/precompile-report-templates.ts) from templates/.\nmodule.exports = {\n  digest: ${JSON.stringify(templatesDigest(texts))},\n  specs: {\n${specs.join('\n')}\n  },\n};\n`;
}

/** handlebars' precompiler returns the spec as JavaScript source (its types say otherwise). */
function precompile(text: string): string {
  return handlebarsPackage().precompile(text, { ...REPORT_TEMPLATE_OPTIONS }) as unknown as string;
}

function specsFor(texts: TemplateTexts, precompiled: PrecompiledTemplates): Record<string, TemplateSpecification> | null {
  if (precompiled.digest !== templatesDigest(texts) || typeof precompiled.specs !== 'object') return null;
  const { specs } = precompiled;
  return [...texts.partials.keys(), MAIN].every((name) => typeof specs[name] === 'object') ? specs : null;
}

/** The templates' texts, names and options and the handlebars version: what the precompiled code depends on. */
export function templatesDigest(texts: TemplateTexts): string {
  const hash = createHash('sha256').update(`handlebars ${handlebarsPackage().VERSION}\n${JSON.stringify(REPORT_TEMPLATE_OPTIONS)}\n`);
  for (const [name, text] of [...texts.partials, [MAIN, texts.main] as const]) hash.update(`${name}\n${text.length}\n${text}`);
  return hash.digest('hex');
}
