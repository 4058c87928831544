/**
 * The fleet page in Debian's Chromium, opened from file:// as a reader would: no console error,
 * no request, a CSP that the page does not break, and every link leads to a file beside it that
 * exists (each node's HTML and JSON report), and the node reports open cleanly too.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPodmortem } from '../helpers/cli.js';
import { scratch } from '../collector/helpers/collector.js';
import { chromiumMissing, launchChromium, openReport, screenshot, type Browser } from '../report/helpers/chromium.js';
import { buildFleetSample, fleetSampleMissing } from './helpers/fleet-sample.js';

const missing = chromiumMissing() ?? fleetSampleMissing();
if (missing) console.warn(`skipping fleet browser tests: ${missing}`);

describe.skipIf(missing !== null)('the fleet page in Chromium', () => {
  let dir: string;
  let remove: () => Promise<void>;
  let browser: Browser;

  beforeAll(async () => {
    ({ dir, remove } = await scratch('fleet-browser'));
    const bundles = await buildFleetSample(dir);
    const run = await runPodmortem(['analyze', ...bundles, '-o', join(dir, 'fleet'), '--quiet']);
    expect(run.code, run.stderr).toBe(0);
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await remove?.();
  });

  it('loads nothing, logs no error, keeps its CSP, and links to node reports that exist', async () => {
    const watch = await openReport(browser.context, join(dir, 'fleet/index.html'));
    const csp = await watch.page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(csp).toMatch(/default-src 'none'/);
    expect(await watch.page.locator('script').count()).toBe(0);
    const links = await watch.page.locator('a[href]').evaluateAll((anchors) => anchors.map((anchor) => (anchor as HTMLAnchorElement).href));
    const nodeRows = await watch.page.locator('#nodes tbody tr').count();
    expect(links.length).toBe(nodeRows * 2);
    for (const link of links) {
      expect(link.startsWith('file://'), link).toBe(true);
      expect(existsSync(fileURLToPath(link)), link).toBe(true);
    }
    await screenshot(watch.page, 'fleet-index');
    expect(watch.consoleErrors).toEqual([]);
    expect(watch.pageErrors).toEqual([]);
    expect(watch.requests).toEqual([]);
    expect(await watch.cspViolations()).toEqual([]);
    await watch.page.close();
  });

  it('follows the first node link to a report that opens without errors or requests', async () => {
    const watch = await openReport(browser.context, join(dir, 'fleet/index.html'));
    const href = await watch.page.locator('#nodes tbody tr a').first().getAttribute('href');
    await watch.page.locator('#nodes tbody tr a').first().click();
    await watch.page.waitForLoadState('load');
    expect(watch.page.url().endsWith(href as string)).toBe(true);
    expect(await watch.page.locator('h1').count()).toBeGreaterThan(0);
    expect(watch.consoleErrors).toEqual([]);
    expect(watch.pageErrors).toEqual([]);
    // The node report is a new document: requests for it are the navigation itself, nothing else.
    expect(watch.requests.filter((url) => !url.endsWith(href as string))).toEqual([]);
    await watch.page.close();
  });
});
