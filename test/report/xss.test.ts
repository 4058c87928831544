/**
 * Hostile text wherever bundle data reaches the page, opened in real Chromium: no injected script
 * runs, no injected element or attribute exists, the CSP never has to block anything (escaping
 * alone holds), and the text is shown literally, its control and bidi characters made visible.
 *
 * Two ways in: a real bundle whose pod names, container names, log lines, kernel messages, journal
 * fields and file names carry the payloads, through the whole pipeline; and the report of a sample
 * with EVERY string in it replaced by a payload, which covers fields no bundle can reach today.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renderHtml, renderSummaryText, type Report } from '../../src/report/index.js';
import { tempDir, writeBundle, type BundleSpec } from '../helpers/bundle.js';
import { oomReport, v2ContainerPath } from '../helpers/kernel-text.js';
import { chromiumMissing, launchChromium, openReport, screenshotIfAsked, type Browser, type PageWatch } from './helpers/chromium.js';
import { reportOf, samplePath } from './helpers/report-of.js';

/** Each payload sets `window.pwned` if it ever runs. */
const PAYLOADS = [
  '</script><script>window.pwned=1</script>',
  '<img src=x onerror="window.pwned=2">',
  'javascript:window.pwned=3',
  '" onmouseover="window.pwned=4" data-x="',
  "' autofocus onfocus='window.pwned=5' x='",
  '<svg onload=window.pwned=6></svg>',
  '{{constructor.constructor("window.pwned=7")()}}',
  '<style>*{display:none}</style><!--',
  '\u202Egpj.exe\u202C <b>rtl</b>',
  '\u001b[31mred\u001b[0m\u001b]0;title\u0007 ansi',
  '<a href="javascript:window.pwned=8">link</a>\u2028\u2029',
  ']]><![CDATA[ <iframe src="javascript:window.pwned=9"></iframe>',
];

/** What the payloads with control or bidi characters must look like on the page: C escapes. */
const WRITTEN_AS: Record<string, string> = {
  '\u202Egpj.exe\u202C <b>rtl</b>': '\\u202egpj.exe\\u202c <b>rtl</b>',
  '\u001b[31mred\u001b[0m\u001b]0;title\u0007 ansi': '\\x1b[31mred\\x1b[0m\\x1b]0;title\\x07 ansi',
  '<a href="javascript:window.pwned=8">link</a>\u2028\u2029': '<a href="javascript:window.pwned=8">link</a>\\u2028\\u2029',
};
const SHOWN = PAYLOADS.map((payload) => WRITTEN_AS[payload] ?? payload);

const missing = chromiumMissing();
if (missing) console.warn(`skipping XSS browser tests: ${missing}`);

/** Every string in the report replaced by a payload (numbers, booleans and nulls kept). */
function poison<T>(value: T, counter = { n: 0 }): T {
  if (typeof value === 'string') return `${PAYLOADS[counter.n++ % PAYLOADS.length]}` as T;
  if (Array.isArray(value)) return value.map((item: unknown) => poison(item, counter)) as T;
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, poison(item, counter)])) as T;
  return value;
}

const UID = '0d6f5e4c-3b2a-4190-8877-665544332211';
const ID = 'ab'.repeat(32);
const EVIL_POD = `cart-<img src=x onerror="window.pwned=10">`;
const EVIL_CONTAINER = `api"><svg onload=window.pwned=11>`;
// Collected 2026-11-27T10:15:02Z after 90000 s of uptime.
const MANIFEST = JSON.stringify({
  format: 'podmortem-bundle',
  formatVersion: 1,
  node: 'worker-<script>window.pwned=12</script>',
  collection: { start: '2026-11-27T10:15:02Z', end: '2026-11-27T10:15:09Z', since: '2026-11-25T10:15:02Z', mode: 'host' },
  anchors: { wallClockUtc: '2026-11-27T10:15:02Z', uptimeSeconds: 90000, bootId: '3b5d0c1e-7a2f-4c8e-9d10-5e6f7a8b9c0d', timezone: 'UTC', utcOffset: '+0000' },
  items: [{ path: 'stats/iostat.txt', what: 'iostat', status: 'failed', exitCode: 1, bytes: 0, durationMs: 1, note: '<img src=x onerror="window.pwned=13">' }],
});

function journalEntry(fields: Record<string, string>): string {
  return `${Object.entries(fields)
    .map(([key, value]) => `${key}=${value}`)
    .join('\n')}\n\n`;
}

function hostileBundle(): BundleSpec {
  const kill = 86412.3;
  const at = (monotonic: number) => new Date(Date.parse('2026-11-26T09:15:02Z') + monotonic * 1000).toISOString();
  const logLines = PAYLOADS.map((payload, i) => `${at(kill - 20 + i)} stdout F ${payload}\n`).join('');
  const kubelet = journalEntry({
    __REALTIME_TIMESTAMP: String(Date.parse(at(kill + 1)) * 1000),
    __MONOTONIC_TIMESTAMP: String((kill + 1) * 1e6),
    _BOOT_ID: '3b5d0c1e7a2f4c8e9d105e6f7a8b9c0d',
    _SYSTEMD_UNIT: 'kubelet.service',
    SYSLOG_IDENTIFIER: 'kubelet',
    PRIORITY: '3',
    MESSAGE: `E1127 09:15:15.000000     812 pod_workers.go:1301] "Error syncing pod, skipping" err="failed to \\"StartContainer\\" for \\"api\\" with CrashLoopBackOff: \\"back-off 10s restarting failed container=api pod=cart_shop(${UID})\\" <script>window.pwned=14</script>" pod="shop/cart" podUID="${UID}"`,
  });
  return {
    'manifest.json': MANIFEST,
    'kernel/dmesg.txt': [
      oomReport(kill, { comm: '<b>java</b>', taskMemcg: v2ContainerPath(UID, ID) }),
      `[${(kill + 5).toFixed(6)}] INFO: task <img/src/onerror=window.pwned=15>:4242 blocked for more than 120 seconds.\n`,
    ].join(''),
    'journal/kubelet.export': kubelet,
    [`pods/shop_${EVIL_POD}_${UID}/${EVIL_CONTAINER}/0.log`]: logLines,
    'containers.txt': `${EVIL_POD}_shop_${EVIL_CONTAINER}-${ID}.log\t/var/log/pods/shop_${EVIL_POD}_${UID}/${EVIL_CONTAINER}/0.log\n`,
    [`stray/<img src=x onerror="window.pwned=16">.txt`]: 'x',
    'stats/ps.txt': `PID\tPPID\tSTATE\tUID\tRSS_KB\tVSZ_KB\tOOM_SCORE_ADJ\tCOMM\tCGROUP\tARGS\n4242\t1\tS\t0\t123456\t234567\t984\t<svg onload=window.pwned=17>\t${v2ContainerPath(UID, ID)}\tjava -jar app.jar\n`,
  };
}

async function expectInert(watch: PageWatch): Promise<void> {
  const { page } = watch;
  expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
  // Hover and focus everything that could carry an injected handler.
  await page.mouse.move(400, 400);
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
  expect(watch.dialogs).toEqual([]);
  expect(watch.pageErrors).toEqual([]);
  expect(watch.consoleErrors).toEqual([]);
  expect(watch.requests).toEqual([]);
  // Escaping alone held: the CSP never had anything to block.
  expect(await watch.cspViolations()).toEqual([]);
  const injected = await page.evaluate(() => ({
    scripts: document.scripts.length,
    elements: document.querySelectorAll('img, iframe, svg[onload], b, a[href^="javascript"], style:not(head style)').length,
    handlers: Array.from(document.querySelectorAll('*')).filter((element) =>
      Array.from(element.attributes).some((attribute) => attribute.name.startsWith('on') || attribute.name === 'autofocus' || attribute.name === 'data-x'),
    ).length,
  }));
  expect(injected).toEqual({ scripts: 2, elements: 0, handlers: 0 });
}

describe.skipIf(missing !== null)('hostile bundle text in Chromium', () => {
  let browser: Browser;
  let work: Awaited<ReturnType<typeof tempDir>>;
  beforeAll(async () => {
    work = await tempDir('podmortem-xss-');
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await work?.remove();
  });

  it('a real hostile bundle: pod, container, log, kernel, journal and file-name text stays text', async () => {
    const bundle = await writeBundle(join(work.path, 'hostile'), hostileBundle(), 'dir');
    const report = await reportOf(bundle);
    // The payloads did reach the report: otherwise this test would prove nothing.
    expect(report.oomKills[0]).toMatchObject({ pod: EVIL_POD, container: EVIL_CONTAINER, process: '<b>java</b>' });
    const html = join(work.path, 'hostile.html');
    await writeFile(html, renderHtml(report));
    const watch = await openReport(browser.context, html);
    await watch.page.evaluate(() => document.querySelectorAll('details').forEach((details) => (details.open = true)));
    await expectInert(watch);
    const text = await watch.page.evaluate(() => document.body.innerText);
    for (const shown of [
      EVIL_POD,
      EVIL_CONTAINER,
      '<b>java</b>',
      ...SHOWN,
      '<script>window.pwned=14</script>',
      'task <img/src/onerror=window.pwned=15>:4242',
      'window.pwned=16',
      '<svg onload=window.pwned=17>',
      'window.pwned=13',
    ]) {
      expect(text, `not shown literally: ${shown}`).toContain(shown);
    }
    expect(await watch.page.title()).toBe('podmortem — worker-<script>window.pwned=12</script>');
    await screenshotIfAsked(watch.page, 'xss-hostile-bundle');
    await watch.page.close();
  });

  it('every string of a report replaced by a payload stays text, the copy button included', async () => {
    const report = poison<Report>(await reportOf(samplePath('oom-burstable-containerd')));
    const html = join(work.path, 'poisoned.html');
    await writeFile(html, renderHtml(report));
    const watch = await openReport(browser.context, html);
    await watch.page.evaluate(() => document.querySelectorAll('details').forEach((details) => (details.open = true)));
    await expectInert(watch);
    const text = await watch.page.evaluate(() => document.body.innerText);
    for (const shown of SHOWN) expect(text, `not shown literally: ${shown}`).toContain(shown);
    await watch.page.click('#copy-summary');
    await expect.poll(() => watch.page.locator('#copy-status').textContent()).toBe('Copied to the clipboard');
    expect(await watch.page.evaluate(() => navigator.clipboard.readText())).toBe(renderSummaryText(report));
    expect(await watch.page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
    await screenshotIfAsked(watch.page, 'xss-every-string');
    await watch.page.close();
  });
});
