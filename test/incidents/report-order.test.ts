/**
 * The report leads with the incidents: in `--format text` right after the header, in the page
 * right after the summary and before the OOM table and the findings catalog. With none, it says
 * so plainly, and in the neutral colour when the kernel messages it would need are missing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { renderHtml, renderSummaryText, type Report } from '../../src/report/index.js';
import { HTML_INCIDENTS, TEXT_INCIDENTS } from '../../src/report/incidents-view.js';
import { tempDir, writeBundle, type BundleSpec } from '../helpers/bundle.js';
import { reportOf, samplePath } from '../report/helpers/report-of.js';

const NO_INCIDENT = 'No incident: nothing in the evidence that was read killed, evicted or restarted a pod, and no critical finding stands alone.';
const NO_INCIDENT_UNJUDGED = 'No incident found, but kernel messages are not in this bundle: OOM kills and kernel events cannot be judged.';

let work: Awaited<ReturnType<typeof tempDir>>;
beforeAll(async () => {
  work = await tempDir('podmortem-incidents-');
});
afterAll(async () => work.remove());

describe('a report with incidents', () => {
  it('--format text: the incidents come before the findings and the OOM kills, most harm first', async () => {
    const report = await reportOf(samplePath('memory-pressure-eviction-oom'));
    const text = renderSummaryText(report);
    const lines = text.split('\n');
    const heading = lines.indexOf('Incidents (2), most harm first:');
    expect(heading).toBeGreaterThan(0);
    expect(lines[heading + 1]).toMatch(/^incident-1 {2}Node out of memory \(2026-11-27 09:14:20Z → 10:14:58\.402Z, 1 h 0 min\) · confidence: high$/);
    expect(lines[heading + 2]).toBe(`  ${report.incidents[0]?.verdict}`);
    expect(lines[heading + 3]).toBe('    2026-11-27 09:14:20Z  the kubelet reported MemoryPressure');
    expect(text.indexOf('incident-2  Memory limit of a workload')).toBeGreaterThan(heading);
    expect(text.indexOf('Most important findings:')).toBeGreaterThan(text.indexOf('incident-2'));
    expect(text.indexOf('OOM kills (3):')).toBeGreaterThan(text.indexOf('incident-2'));
  });

  it('the page: the incidents section after the summary, before the OOM table and the findings, with every verdict and step', async () => {
    const report = await reportOf(samplePath('node-pressure-cgroupfs'));
    const html = renderHtml(report);
    const at = (marker: string) => html.indexOf(marker);
    expect(at('<section id="incidents"')).toBeGreaterThan(at('<section id="summary"'));
    expect(at('<section id="incidents"')).toBeLessThan(at('<section id="oom-kills"'));
    expect(at('<section id="incidents"')).toBeLessThan(at('<section id="findings"'));
    expect(html).toMatch(/<section id="incidents"[^>]*data-box-check/);
    const section = html.slice(at('<section id="incidents"'), at('<section id="oom-kills"'));
    expect(section.match(/<li class="card incident /g)).toHaveLength(report.incidents.length);
    for (const incident of report.incidents) {
      expect(section).toContain(`id="${incident.id}"`);
      for (const step of incident.chain) for (const id of [...step.findingIds, ...step.oomKillIds]) expect(section).toContain(`<code>${id}</code>`);
    }
    expect(section).toContain('some steps are linked by their time alone');
  });
});

describe('a report with more incidents than a first screen holds', () => {
  it('the page and the text show the most harmful ones and say how many more the JSON has', async () => {
    const sample = await reportOf(samplePath('oom-burstable-containerd'));
    const total = HTML_INCIDENTS + 3;
    const incidents = Array.from({ length: total }, (_, index) => ({ ...(sample.incidents[index % sample.incidents.length] as Report['incidents'][number]), id: `incident-${index + 1}` }));
    const report: Report = { ...sample, incidents };
    const html = renderHtml(report);
    const section = html.slice(html.indexOf('<section id="incidents"'), html.indexOf('<section id="oom-kills"'));
    expect(section.match(/<li class="card incident /g)).toHaveLength(HTML_INCIDENTS);
    expect(section).toContain(`id="incident-${HTML_INCIDENTS}"`);
    expect(section).not.toContain(`id="incident-${HTML_INCIDENTS + 1}"`);
    expect(section).toContain('… and 3 more incidents, with less harm, not shown.');
    const text = renderSummaryText(report, { color: false, rest: 'in report.json' });
    expect(text.match(/^incident-\d+ {2}/gm)).toHaveLength(TEXT_INCIDENTS);
    expect(text).toContain(`Incidents (${total}), most harm first:`);
    expect(text).toContain(`… and ${total - TEXT_INCIDENTS} more incidents, with less harm, in report.json`);
  });
});

describe('a report with no incident', () => {
  const POD_LOG = 'pods/shop_api_6f1e2d3c-4b5a-4978-8c1d-2e3f4a5b6c7d/api/0.log';
  const QUIET: BundleSpec = { [POD_LOG]: '2026-11-27T10:15:01.5Z stdout F ready\n', 'stats/loadavg.txt': '0.52 0.41 0.30 1/230 4242\n' };

  async function reportFor(name: string, spec: BundleSpec) {
    return reportOf(await writeBundle(join(work.path, name), spec, 'dir'));
  }

  it('with the kernel messages read, says there is none', async () => {
    const report = await reportFor('quiet-with-kernel', { ...QUIET, 'kernel/dmesg.txt': '[    0.000000] Linux version 6.1.0-27-amd64\n[   12.500000] eth0: link up\n' });
    expect(report.incidents).toEqual([]);
    expect(renderSummaryText(report)).toContain(`Incidents:\n${NO_INCIDENT}\n`);
    expect(renderHtml(report)).toContain(`<p class="all-clear">${NO_INCIDENT}</p>`);
  });

  it('without them, says it cannot judge, in the neutral colour', async () => {
    const report = await reportFor('quiet-without-kernel', QUIET);
    expect(report.incidents).toEqual([]);
    expect(renderSummaryText(report)).toContain(`Incidents:\n${NO_INCIDENT_UNJUDGED}\n`);
    const html = renderHtml(report);
    expect(html).toContain(`<p class="not-judged">${NO_INCIDENT_UNJUDGED}</p>`);
    expect(html).not.toContain(NO_INCIDENT);
  });
});
