/**
 * The sample reports in real headless Chromium (Debian's package, driven by playwright-core), as a
 * support engineer opens them from disk: no console error, no CSP violation, no request of any
 * kind, the OOM table and the findings visible, the copy button copying the text summary, and the
 * page usable in both themes and in print. With PODMORTEM_SCREENSHOTS=1, screenshots go to
 * test-artifacts/report/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renderHtml, renderSummaryText } from '../../src/report/index.js';
import { tempDir } from '../helpers/bundle.js';
import { ARTIFACTS, chromiumMissing, launchChromium, openReport, screenshotIfAsked, type Browser } from './helpers/chromium.js';
import { reportOf, samplePath, SAMPLES } from './helpers/report-of.js';

const missing = chromiumMissing();
if (missing) console.warn(`skipping browser tests: ${missing}`);

describe.skipIf(missing !== null)('the sample reports in Chromium', () => {
  let browser: Browser;
  let work: Awaited<ReturnType<typeof tempDir>>;
  const files: Record<string, { html: string; text: string }> = {};

  beforeAll(async () => {
    work = await tempDir('podmortem-browser-');
    for (const sample of SAMPLES) {
      const report = await reportOf(samplePath(sample));
      const html = join(work.path, `${sample}.html`);
      await writeFile(html, renderHtml(report));
      files[sample] = { html, text: renderSummaryText(report) };
    }
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await work?.remove();
  });

  it.each(SAMPLES)('%s: opens clean, shows the answer, copies the summary', async (sample) => {
    const { html, text } = files[sample] as { html: string; text: string };
    const watch = await openReport(browser.context, html);
    const { page } = watch;
    await expect.poll(() => page.locator('#summary').isVisible()).toBe(true);
    expect(await page.locator('#oom-kills table.oom').isVisible()).toBe(true);
    expect(await page.locator('#findings article.finding-group').first().isVisible()).toBe(true);
    // The summary and the first incident (what happened, to whom) are in the first screen; the OOM table follows.
    const firstIncident = await page.locator('#incidents .incident').first().boundingBox();
    expect(firstIncident?.y ?? Infinity).toBeLessThan(900);
    expect(await page.locator('#oom-kills table.oom tbody.kill').first().isVisible()).toBe(true);

    await page.click('#copy-summary');
    await expect.poll(() => page.locator('#copy-status').textContent()).toBe('Copied to the clipboard');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(text);
    expect(await page.locator('#summary-text').textContent()).toBe(text);

    await screenshotIfAsked(page, `${sample}-light`);
    expect(watch.consoleErrors).toEqual([]);
    expect(watch.pageErrors).toEqual([]);
    expect(watch.requests).toEqual([]);
    expect(await watch.cspViolations()).toEqual([]);
    await page.close();
  });

  it('filters the timeline by pod and by severity', async () => {
    const watch = await openReport(browser.context, (files['oom-burstable-containerd'] as { html: string }).html);
    const { page } = watch;
    const rows = page.locator('table.timeline tr.event');
    const visible = () => rows.evaluateAll((list) => list.filter((row) => !(row as HTMLElement).hidden).map((row) => [(row as HTMLElement).dataset.pod, (row as HTMLElement).dataset.severity]));
    const all = await visible();
    expect(all.length).toBeGreaterThan(5);
    await page.selectOption('#filter-pod', 'batch/report-worker-5b8c9d7f6-m4kq2');
    const batch = await visible();
    expect(batch.length).toBeGreaterThan(0);
    expect(batch.every(([pod]) => pod === 'batch/report-worker-5b8c9d7f6-m4kq2')).toBe(true);
    await page.selectOption('#filter-pod', '');
    await page.uncheck('input[name="severity"][value="info"]');
    const severe = await visible();
    expect(severe.length).toBeLessThan(all.length);
    expect(severe.every(([, severity]) => severity !== 'info')).toBe(true);
    expect(await page.locator('#filter-status').textContent()).toMatch(/events hidden by the filter/);
    expect(watch.pageErrors).toEqual([]);
    await page.close();
  });

  it('switches between light and dark, and follows the system', async () => {
    const dark = await launchChromium({ colorScheme: 'dark' });
    try {
      const watch = await openReport(dark.context, (files['node-pressure-cgroupfs'] as { html: string }).html);
      const background = () => watch.page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
      const systemDark = await background();
      await screenshotIfAsked(watch.page, 'node-pressure-cgroupfs-dark');
      await watch.page.click('#theme-toggle');
      expect(await watch.page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
      const light = await background();
      await watch.page.click('#theme-toggle');
      expect(await watch.page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
      expect(await background()).toBe(systemDark);
      await watch.page.click('#theme-toggle');
      expect(await watch.page.evaluate(() => document.documentElement.dataset.theme)).toBeUndefined();
      expect(await background()).toBe(systemDark);
      expect(light).not.toBe(systemDark);
      expect(watch.pageErrors).toEqual([]);
      expect(await watch.cspViolations()).toEqual([]);
    } finally {
      await dark.close();
    }
  });

  it('prints with every folded section open and no controls', async () => {
    const watch = await openReport(browser.context, (files['oom-burstable-containerd'] as { html: string }).html);
    const { page } = watch;
    await page.emulateMedia({ media: 'print' });
    await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
    expect(await page.locator('details:not([open])').count()).toBe(0);
    expect(await page.locator('#copy-summary').isVisible()).toBe(false);
    expect(await page.locator('.toc').isVisible()).toBe(false);
    // The PDF is the printed page; a full-page screenshot in print media takes Chromium tens of seconds.
    await mkdir(ARTIFACTS, { recursive: true });
    await page.pdf({ path: join(ARTIFACTS, 'oom-burstable-containerd.pdf'), format: 'A4' });
    await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
    expect(await page.locator('details:not([open])').count()).toBeGreaterThan(0);
    await page.close();
  });

  it('sees a CSP violation, a console error and a request when a page has them (the watch itself works)', async () => {
    const { readFile } = await import('node:fs/promises');
    const bad = join(work.path, 'bad.html');
    const page = (await readFile((files['debug-pod-minimal'] as { html: string }).html, 'utf8')).replace('<main class="wrap">', '<main class="wrap"><p style="color:red">x</p>');
    await writeFile(bad, page);
    const watch = await openReport(browser.context, bad);
    await expect.poll(async () => (await watch.cspViolations()).length).toBeGreaterThan(0);
    expect(watch.consoleErrors.length).toBeGreaterThan(0);
    await watch.page.close();
    // Without a CSP, an image is fetched: the watch must see that request.
    const open = join(work.path, 'open.html');
    await writeFile(open, '<!doctype html><title>x</title><img src="missing.png">');
    const plain = await openReport(browser.context, open);
    await expect.poll(() => plain.requests.length).toBeGreaterThan(0);
    await plain.page.close();
  });
});
