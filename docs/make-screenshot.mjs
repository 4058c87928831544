/**
 * Makes docs/report-screenshot.png, the one picture in the README's "Reading the report": the
 * report of samples/bundles/oom-burstable-containerd.tar.gz, written by the built CLI, as Debian's
 * Chromium shows its first screen (masthead, summary, the start of the OOM kills) at 1200 px.
 *
 *   npm run build && node docs/make-screenshot.mjs
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const work = mkdtempSync(join(tmpdir(), 'podmortem-screenshot-'));
try {
  const html = join(work, 'report.html');
  execFileSync(process.execPath, [join(root, 'dist/cli/main.js'), 'analyze', join(root, 'samples/bundles/oom-burstable-containerd.tar.gz'), '-o', html, '--quiet']);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  const page = await browser.newPage({ viewport: { width: 1200, height: 1000 }, colorScheme: 'light' });
  await page.goto(pathToFileURL(html).href, { waitUntil: 'load' });
  await page.screenshot({ path: join(root, 'docs/report-screenshot.png') });
  await browser.close();
} finally {
  rmSync(work, { recursive: true, force: true });
}
