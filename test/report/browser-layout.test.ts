/**
 * Issue 14, point 7 (layout): every sample report in real Chromium at 1400, 768 and 600 px wide,
 * on screen, in print and in the dark theme. The parts marked `data-box-check` (the summary, the
 * OOM kills, and any part added later) are checked on element boxes (helpers/box-check.ts): nothing
 * sticks out of its section or the viewport except inside its own scroll box, no header overlaps
 * another, no cell is narrower than 48 px, no time is broken over lines, and in the dark theme text
 * keeps a 4.5:1 contrast. A page built to break each check shows the checks can fail.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renderHtml } from '../../src/report/index.js';
import { tempDir } from '../helpers/bundle.js';
import { boxProblems } from './helpers/box-check.js';
import { chromiumMissing, launchChromium, openReport, screenshot, type Browser, type PageWatch } from './helpers/chromium.js';
import { reportOf, samplePath, SAMPLES } from './helpers/report-of.js';

const missing = chromiumMissing();
if (missing) console.warn(`skipping browser layout tests: ${missing}`);

const WIDTHS = [1400, 768, 600] as const;
const MODES = ['screen', 'print', 'dark'] as const;
const MIN_CELL = 48;
const MIN_CONTRAST = 4.5;

describe.skipIf(missing !== null)('report layout in Chromium', () => {
  let browser: Browser;
  let work: Awaited<ReturnType<typeof tempDir>>;
  const files: Record<string, string> = {};

  beforeAll(async () => {
    work = await tempDir('podmortem-layout-');
    for (const sample of SAMPLES) {
      files[sample] = join(work.path, `${sample}.html`);
      await writeFile(files[sample], renderHtml(await reportOf(samplePath(sample))));
    }
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await work?.remove();
  });

  const cases = SAMPLES.flatMap((sample) => WIDTHS.flatMap((width) => MODES.map((mode) => [sample, width, mode] as const)));

  /**
   * One page per sample for screen and dark, one for print (whose `beforeprint` opens every folded
   * part for good), each resized and re-styled per case: a fresh page per case was most of this
   * file's CPU. The page's script never reads the width, and the original also switched media after
   * the load, so each case lays out exactly as on a fresh page.
   */
  const pages = new Map<string, Promise<PageWatch>>();
  const pageFor = (sample: string, print: boolean): Promise<PageWatch> => {
    const key = `${sample}:${print ? 'print' : 'screen'}`;
    if (!pages.has(key)) pages.set(key, openReport(browser.context, files[sample] as string));
    return pages.get(key) as Promise<PageWatch>;
  };

  it.each(cases)('%s at %i px, %s: no overflow, overlap, squeezed cell or broken time', async (sample, width, mode) => {
    const { page, pageErrors } = await pageFor(sample, mode === 'print');
    await page.setViewportSize({ width, height: 900 });
    await page.emulateMedia({ media: mode === 'print' ? 'print' : 'screen', colorScheme: mode === 'dark' ? 'dark' : 'light' });
    // As printing does: every folded part open.
    if (mode === 'print') await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
    const dark = await page.evaluate(() => getComputedStyle(document.documentElement).colorScheme);
    expect(dark).toBe(mode === 'dark' ? 'dark' : 'light');

    const { sections, problems } = await boxProblems(page, { minCellWidth: MIN_CELL, minContrast: mode === 'dark' ? MIN_CONTRAST : null });
    expect(sections).toEqual(expect.arrayContaining(['summary', 'oom-kills']));
    if (problems.length > 0) await screenshot(page, `layout-${sample}-${width}-${mode}`);
    expect(problems).toEqual([]);
    // The page itself never scrolls sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
    expect(pageErrors).toEqual([]);
  });

  it('each check fails on a page built to break it', async () => {
    const bad = join(work.path, 'bad-layout.html');
    await writeFile(
      bad,
      `<!doctype html><meta charset="utf-8"><title>bad</title><body style="margin:0;background:#111;color:#222">
      <section id="broken" data-box-check style="width:300px">
        <table style="table-layout:fixed;width:300px"><thead><tr><th style="width:20px;white-space:nowrap">When (UTC)</th><th style="width:30px;white-space:nowrap">Victim of the kill</th><th>QoS</th></tr></thead>
        <tbody><tr><td>a</td><td>b</td><td><time style="display:inline-block;width:30px">2026-12-07 09:15:13.881</time></td></tr></tbody></table>
        <table><thead><tr style="display:flex"><th style="width:100px;margin-right:-40px">Memory</th><th style="width:100px">Limit</th></tr></thead></table>
        <div style="width:900px">wider than its section</div>
        <div style="overflow-x:auto"><div style="width:900px">inside its own scroll box: fine</div></div>
        <div style="position:absolute;width:1px;height:1px;overflow:hidden"><table><tr><th style="width:10px">visually hidden: fine</th></tr></table></div>
      </section></body>`,
    );
    const { page } = await openReport(browser.context, bad);
    await page.setViewportSize({ width: 600, height: 900 });
    const { sections, problems } = await boxProblems(page, { minCellWidth: MIN_CELL, minContrast: MIN_CONTRAST });
    expect(sections).toEqual(['broken']);
    const kinds = (pattern: RegExp) => problems.filter((problem) => pattern.test(problem));
    expect(kinds(/div spans .* outside its section/)).toHaveLength(1);
    expect(kinds(/viewport/)).toHaveLength(0);
    expect(kinds(/header "When \(UTC\)" needs/)).toHaveLength(1);
    expect(kinds(/header "Victim of the kill" needs/)).toHaveLength(1);
    expect(kinds(/headers "Memory" and "Limit" overlap by 40 px/)).toHaveLength(1);
    expect(kinds(/is \d+ px wide \(minimum 48\)/).length).toBeGreaterThanOrEqual(2);
    expect(kinds(/time "2026-12-07 09:15:13.881" is broken over/)).toHaveLength(1);
    expect(kinds(/has contrast/).length).toBeGreaterThan(0);
    // The wide box inside its own scroll box and the visually hidden header are not layout problems.
    const layout = problems.filter((problem) => !/has contrast/.test(problem));
    expect(layout.filter((problem) => /inside its own scroll box|visually hidden/.test(problem))).toEqual([]);
    await page.close();
  });
});
