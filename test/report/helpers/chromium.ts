/// <reference lib="dom" />
/**
 * Debian's Chromium driven by playwright-core, as the report's readers will see the page: from
 * `file://`, with the flags that keep the browser itself off the network, a fresh profile per
 * launch. Every page records its console errors, uncaught exceptions, requests, CSP violations
 * and dialogs, so a test can assert there were none.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { REPO_ROOT } from '../../helpers/cli.js';

export const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS = join(REPO_ROOT, 'test-artifacts/report');

/** Why browser tests cannot run here, or null when they can. */
export function chromiumMissing(): string | null {
  return existsSync(CHROMIUM) ? null : `${CHROMIUM} not found: install Debian's chromium package (CI's .ci/run does)`;
}

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launchChromium(options: { colorScheme?: 'light' | 'dark' } = {}): Promise<Browser> {
  const profile = await mkdtemp(join(tmpdir(), 'podmortem-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    colorScheme: options.colorScheme ?? 'light',
    viewport: { width: 1280, height: 900 },
  });
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  return {
    context,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

export interface PageWatch {
  page: Page;
  consoleErrors: string[];
  pageErrors: string[];
  /** Every request but the report file itself. */
  requests: string[];
  dialogs: string[];
  cspViolations(): Promise<string[]>;
}

/** Opens a report file and records what the page did. */
export async function openReport(context: BrowserContext, path: string): Promise<PageWatch> {
  const page = await context.newPage();
  const url = pathToFileURL(path).href;
  const watch: PageWatch = {
    page,
    consoleErrors: [],
    pageErrors: [],
    requests: [],
    dialogs: [],
    cspViolations: () => page.evaluate(() => (window as unknown as { __csp: string[] }).__csp ?? ['listener missing']),
  };
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') watch.consoleErrors.push(`${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => watch.pageErrors.push(error.message));
  page.on('request', (request) => {
    if (request.url() !== url) watch.requests.push(request.url());
  });
  page.on('dialog', (dialog) => {
    watch.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  // Injected by the browser's debugging protocol, so the page's own CSP does not apply to it.
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __csp: string[] }).__csp = seen;
    document.addEventListener('securitypolicyviolation', (event) => seen.push(`${event.violatedDirective} ${event.blockedURI} ${event.sample}`));
  });
  await page.goto(url, { waitUntil: 'load' });
  return watch;
}

/**
 * A picture for a reader of the test run, not a check: full-page PNGs of the samples cost about
 * 0.7 s of CPU each, so the tests that take one on success do it only when asked
 * (`PODMORTEM_SCREENSHOTS=1 npm test -- browser`). A test that found a problem calls
 * `screenshot` itself.
 */
export async function screenshotIfAsked(page: Page, name: string): Promise<string | null> {
  return process.env.PODMORTEM_SCREENSHOTS === '1' ? screenshot(page, name) : null;
}

export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<string> {
  await mkdir(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: options.fullPage ?? true });
  return path;
}
