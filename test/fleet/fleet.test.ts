/**
 * `podmortem analyze` of many bundles, end to end through the built CLI: the fleet sample's
 * fleet.json against its golden file, a bad bundle listed without stopping the others, the same
 * findings for a bundle alone and in the fleet (issue 16, point 3), and the exit codes. The fleet
 * page in Debian's Chromium too, opened from file:// as a reader would: no console error, no
 * request, a CSP that the page does not break, every link to a node report that exists, and the
 * node reports open cleanly. (It had a file of its own, which built the sample again: three
 * collector runs and a fleet analysis for the same pages.) A single bundle's analyses run runCli
 * in the test process (cli-in-process.ts); fleet runs stay processes, as their workers load the
 * built dist/fleet/fleet-worker.js.
 *
 *   UPDATE_GOLDEN=1 npx vitest run test/fleet/fleet.test.ts     (then read git diff test/fleet/golden/)
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPodmortem } from '../helpers/cli.js';
import { runPodmortemInProcess } from '../helpers/cli-in-process.js';
import { scratch } from '../collector/helpers/collector.js';
import { chromiumMissing, launchChromium, openReport, screenshotIfAsked, type Browser } from '../report/helpers/chromium.js';
import { BAD_BUNDLE, buildFleetSample, fleetSampleMissing } from './helpers/fleet-sample.js';

const GOLDEN = join(import.meta.dirname, 'golden/fleet.json');
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const missing = fleetSampleMissing();
if (missing) console.warn(`skipping fleet tests: ${missing}`);
const noChromium = chromiumMissing();
if (noChromium && !missing) console.warn(`skipping fleet browser tests: ${noChromium}`);

type NodeJson = { node: { name: string }; incidents: { verdict: string }[]; oomKills: { pod: string | null; namespace: string | null }[]; findings: { severity: string }[] };
type FleetJson = {
  nodes: { node: string; input: string; report: string; json: string; counts: Record<string, number>; topIncident: string | null }[];
  failed: { input: string; error: string; internal: boolean }[];
  workloads: { namespace: string | null; workload: string; oomKills: number; nodes: string[]; acrossNodes: boolean }[];
};

describe.skipIf(missing !== null)('a fleet of bundles', () => {
  let dir: string;
  let remove: () => Promise<void>;
  let bundles: string[];
  let fleetText: string;
  let fleet: FleetJson;
  let stderr: string;

  beforeAll(async () => {
    ({ dir, remove } = await scratch('fleet'));
    bundles = await buildFleetSample(dir);
    const run = await runPodmortem(['analyze', ...bundles, '-o', join(dir, 'fleet'), '--jobs', '2']);
    expect(run.code, run.stderr).toBe(0);
    stderr = run.stderr;
    fleetText = await readFile(join(dir, 'fleet/fleet.json'), 'utf8');
    fleet = JSON.parse(fleetText) as FleetJson;
  }, 120_000);
  afterAll(async () => remove?.());

  const criticalNodes = () => fleet.nodes.filter((row) => (row.counts.critical ?? 0) > 0).map((row) => row.node);
  let folder: ReturnType<typeof runPodmortem> | undefined;
  /**
   * The fleet from the folder of bundles, with --fail-on: one run shows both that the folder gives
   * the same fleet.json and the exit code of --fail-on (a second fleet run only for the exit code
   * cost a whole fleet analysis). Made once, by the first test that asks.
   */
  const folderRun = () => (folder ??= runPodmortem(['analyze', join(dir, 'bundles'), '-o', join(dir, 'fleet-folder'), '--fail-on', 'critical', '--quiet']));

  it('matches the golden fleet.json, which names no path of this machine and no time of the run', async () => {
    if (UPDATE) await writeFile(GOLDEN, fleetText);
    expect(existsSync(GOLDEN), `${GOLDEN} is missing: run UPDATE_GOLDEN=1 npx vitest run test/fleet/fleet.test.ts`).toBe(true);
    expect(fleetText === (await readFile(GOLDEN, 'utf8')), 'fleet.json differs from the golden file; if intended, rerun with UPDATE_GOLDEN=1 and read the diff').toBe(true);
    expect(fleetText).not.toContain(dir);
    expect(fleetText).not.toContain(new Date().toISOString().slice(0, 10));
  });

  it('lists the bad bundle with its error and analyzes every other one', () => {
    expect(fleet.failed.map((failure) => failure.input)).toEqual([BAD_BUNDLE]);
    expect(fleet.failed[0]?.internal).toBe(false);
    expect(fleet.failed[0]?.error.length).toBeGreaterThan(0);
    expect(stderr).toContain(`warning: ${BAD_BUNDLE} was not analyzed`);
    expect(fleet.nodes.map((node) => node.input).sort()).toEqual(
      bundles
        .map((path) => basename(path))
        .filter((name) => name !== BAD_BUNDLE)
        .sort(),
    );
  });

  it('gives each node the counts of its own report, and groups the OOM kills by workload across nodes', async () => {
    const killedOn = new Map<string, Set<string>>();
    for (const row of fleet.nodes) {
      const report = JSON.parse(await readFile(join(dir, 'fleet', row.json), 'utf8')) as NodeJson;
      expect(row.node).toBe(report.node.name);
      expect(row.counts.oomKills).toBe(report.oomKills.length);
      expect(row.counts.incidents).toBe(report.incidents.length);
      expect(row.topIncident).toBe(report.incidents[0]?.verdict ?? null);
      expect(row.counts.critical).toBe(report.findings.filter((finding) => finding.severity === 'critical').length);
      for (const kill of report.oomKills) {
        if (kill.pod === null) continue;
        const key = `${kill.namespace}/${kill.pod.split('-').slice(0, -2).join('-')}`;
        killedOn.set(key, (killedOn.get(key) ?? new Set()).add(row.node));
      }
    }
    const spread = [...killedOn].filter(([, nodes]) => nodes.size >= 2);
    expect(spread.length).toBeGreaterThan(0);
    for (const [key, nodes] of spread) {
      const row = fleet.workloads.find((workload) => `${workload.namespace}/${workload.workload}` === key);
      expect(row, key).toBeDefined();
      expect(row?.acrossNodes).toBe(true);
      expect(new Set(row?.nodes)).toEqual(nodes);
    }
  });

  it('gives a bundle the same reports whether analyzed alone or in the fleet (issue 16, point 3)', async () => {
    for (const row of fleet.nodes) {
      const bundle = bundles.find((path) => basename(path) === row.input) as string;
      const alone = join(dir, `alone-${row.node}`);
      const run = await runPodmortemInProcess(['analyze', bundle, '-o', `${alone}.html`, '--json', `${alone}.json`, '--quiet']);
      expect(run.code, run.stderr).toBe(0);
      expect({ node: row.node, same: (await readFile(`${alone}.json`, 'utf8')) === (await readFile(join(dir, 'fleet', row.json), 'utf8')) }).toEqual({ node: row.node, same: true });
      expect({ node: row.node, same: (await readFile(`${alone}.html`, 'utf8')) === (await readFile(join(dir, 'fleet', row.report), 'utf8')) }).toEqual({ node: row.node, same: true });
    }
  }, 120_000);

  it('writes the same fleet.json with one thread, in the reverse order, and from the folder of bundles', async () => {
    const one = await runPodmortem(['analyze', ...[...bundles].reverse(), '-o', join(dir, 'fleet-1'), '--jobs', '1', '--quiet']);
    expect(one.code, one.stderr).toBe(0);
    expect(await readFile(join(dir, 'fleet-1/fleet.json'), 'utf8')).toBe(fleetText);
    const folder = await folderRun();
    expect(folder.code, folder.stderr).toBe(criticalNodes().length > 0 ? 3 : 0);
    expect(await readFile(join(dir, 'fleet-folder/fleet.json'), 'utf8')).toBe(fleetText);
  }, 120_000);

  it('exits 3 with --fail-on when some node has a finding at or above it, naming the nodes', async () => {
    const critical = criticalNodes();
    const run = await folderRun();
    expect(run.code).toBe(critical.length > 0 ? 3 : 0);
    for (const node of critical) expect(run.stderr).toContain(node);
  }, 120_000);

  it('exits 2 when no bundle can be analyzed, and refuses --json and --format text', async () => {
    const bad = bundles.find((path) => basename(path) === BAD_BUNDLE) as string;
    const copy = join(dir, `second-${BAD_BUNDLE}`);
    await writeFile(copy, await readFile(bad));
    const none = await runPodmortem(['analyze', bad, copy, '-o', join(dir, 'fleet-none')]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no bundle could be analyzed/);
    const json = await runPodmortem(['analyze', ...bundles.slice(0, 2), '-o', join(dir, 'fleet-json'), '--json', '-']);
    expect(json.code).toBe(2);
    const text = await runPodmortem(['analyze', ...bundles.slice(0, 2), '-o', join(dir, 'fleet-text'), '--format', 'text']);
    expect(text.code).toBe(2);
  }, 60_000);

  describe.skipIf(noChromium !== null)('the fleet page in Chromium', () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await launchChromium();
    }, 120_000);
    afterAll(async () => browser?.close());

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
      await screenshotIfAsked(watch.page, 'fleet-index');
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
});
