/**
 * The redaction note of a bundle redacted by the real `podmortem redact`, in real Chromium: visible
 * above the summary at every width, in print and in the dark theme; passing the same box checks as
 * the rest of the page (helpers/box-check.ts); no script, request or CSP violation added; and the
 * first incident still in the first screen at full width.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renderHtml } from '../../src/report/index.js';
import { tempDir } from '../helpers/bundle.js';
import { runPodmortem } from '../helpers/cli.js';
import { boxProblems } from './helpers/box-check.js';
import { chromiumMissing, launchChromium, openReport, screenshot, screenshotIfAsked, type Browser } from './helpers/chromium.js';
import { reportOf, samplePath } from './helpers/report-of.js';

const missing = chromiumMissing();
if (missing) console.warn(`skipping browser redaction-note tests: ${missing}`);

const MODES = ['screen', 'print', 'dark'] as const;

describe.skipIf(missing !== null)('the redaction note in Chromium', () => {
  let browser: Browser;
  let work: Awaited<ReturnType<typeof tempDir>>;
  let html: string;

  beforeAll(async () => {
    work = await tempDir('podmortem-redaction-note-');
    const redacted = join(work.path, 'redacted.tar.gz');
    const run = await runPodmortem(['redact', samplePath('oom-burstable-containerd'), '-o', redacted]);
    if (run.code !== 0) throw new Error(`redact exited ${run.code}: ${run.stderr}`);
    const report = await reportOf(redacted);
    if (report.redaction === null) throw new Error('the redacted sample has no redaction note');
    html = join(work.path, 'redacted.html');
    await writeFile(html, renderHtml(report));
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await work?.remove();
  });

  const cases = [1400, 600].flatMap((width) => MODES.map((mode) => [width, mode] as const));

  it.each(cases)('at %i px, %s: visible before the summary, boxes fit, nothing loaded', async (width, mode) => {
    const watch = await openReport(browser.context, html);
    const { page } = watch;
    await page.setViewportSize({ width, height: 900 });
    if (mode === 'print') await page.emulateMedia({ media: 'print' });
    if (mode === 'dark') await page.emulateMedia({ colorScheme: 'dark' });
    const note = page.locator('#redaction');
    expect(await note.isVisible()).toBe(true);
    expect(await note.textContent()).toMatch(/This bundle was redacted by podmortem .* replaced by pseudonyms/);
    const [noteBox, summaryBox] = [await note.boundingBox(), await page.locator('#summary').boundingBox()];
    expect(noteBox!.y + noteBox!.height).toBeLessThanOrEqual(summaryBox!.y);
    const { sections, problems } = await boxProblems(page, { minCellWidth: 48, minContrast: mode === 'dark' ? 4.5 : null });
    expect(sections).toContain('redaction');
    if (problems.length > 0) await screenshot(page, `redaction-note-${width}-${mode}`);
    expect(problems).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
    if (width === 1400 && mode === 'screen') {
      const firstIncident = await page.locator('#incidents .incident').first().boundingBox();
      expect(firstIncident?.y ?? Infinity).toBeLessThan(900);
      await screenshotIfAsked(page, 'redaction-note-light');
    }
    expect(watch.consoleErrors).toEqual([]);
    expect(watch.pageErrors).toEqual([]);
    expect(watch.requests).toEqual([]);
    expect(await watch.cspViolations()).toEqual([]);
    await page.close();
  });
});
