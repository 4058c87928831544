/**
 * The report's templates precompiled by the build (dist/report-templates.json) must give the page
 * the templates compiled at run time give, byte for byte, and must never be used when they were
 * made from other template texts (an edited template, a stale dist/).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Report } from '../../src/report/index.js';
import { renderPage, reportPage } from '../../src/report/render-html.js';
import {
  loadPrecompiledReportTemplates,
  PRECOMPILED_REPORT_TEMPLATES,
  precompiledReportTemplatesModule,
  readReportTemplateTexts,
  templatesDigest,
  type TemplateTexts,
} from '../../src/report/report-templates.js';
import { reportOf, samplePath, SAMPLES } from './helpers/report-of.js';

const reports = new Map<string, Report>();
const folder = mkdtempSync(join(tmpdir(), 'podmortem-templates-'));

/** The module the build writes for these texts, written and loaded as the build's file is. */
function precompiledFor(texts: TemplateTexts, name: string) {
  const file = join(folder, `${name}.cjs`);
  writeFileSync(file, precompiledReportTemplatesModule(texts));
  return loadPrecompiledReportTemplates(pathToFileURL(file));
}
beforeAll(async () => {
  for (const sample of SAMPLES) reports.set(sample, await reportOf(samplePath(sample)));
});

describe('precompiled report templates', () => {
  it('give every sample the same page as templates compiled at run time', () => {
    const texts = readReportTemplateTexts();
    const compiled = reportPage(null);
    const precompiled = reportPage(precompiledFor(texts, 'current'));
    expect(compiled.precompiled).toBe(false);
    expect(precompiled.precompiled).toBe(true);
    for (const [sample, report] of reports) {
      const page = renderPage(report, precompiled);
      expect(page.length, sample).toBeGreaterThan(10_000);
      expect(page === renderPage(report, compiled), `${sample}: the precompiled templates give another page`).toBe(true);
    }
  });

  it('are not used when made from other template texts', () => {
    const texts = readReportTemplateTexts();
    const [name, text] = [...texts.partials][0]!;
    const edited = { ...texts, partials: new Map([...texts.partials, [name, `${text}<p>edited</p>`]]) };
    expect(templatesDigest(edited)).not.toBe(templatesDigest(texts));
    const page = reportPage(precompiledFor(edited, 'edited'));
    expect(page.precompiled).toBe(false);
    const [sample, report] = [...reports][0]!;
    expect(renderPage(report, page), sample).not.toContain('<p>edited</p>');
  });

  it('are the ones the build wrote for these templates, when the build wrote them', () => {
    const file = fileURLToPath(PRECOMPILED_REPORT_TEMPLATES);
    if (!existsSync(file)) {
      console.log(`skipped: ${file} is missing (run npm run build)`);
      return;
    }
    const written = loadPrecompiledReportTemplates()!;
    // A stale file is harmless (it is not used), but after `npm run build` it must be current.
    expect(written.digest, `${file} was made from other templates: run npm run build`).toBe(templatesDigest(readReportTemplateTexts()));
  });
});
