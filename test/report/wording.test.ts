/**
 * Issue 14, point 7 (wording): one plural helper for every text podmortem writes, and no internal
 * term in what a reader sees. Checked on the real sample reports (page, terminal summary, finding
 * messages), with the bundle's own text (log lines, code, excerpts) left out: that is quoted, not ours.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { renderHtml, renderSummaryText, type Report } from '../../src/report/index.js';
import { fillMessage } from '../../src/rules/index.js';
import { counted, plural } from '../../src/util/plural.js';
import { reportOf, samplePath, SAMPLES } from './helpers/report-of.js';

const reports: Record<string, Report> = {};
beforeAll(async () => {
  for (const sample of SAMPLES) reports[sample] = await reportOf(samplePath(sample));
});

/** The page's own words: no script, style, pre, code or excerpt (those hold the bundle's text). */
function ownText(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>|<pre[\s\S]*?<\/pre>|<code[^>]*>[\s\S]*?<\/code>|<span class="excerpt">[^<]*<\/span>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

/** Every camelCase key of the JSON report: the names a reader of the page must never meet. */
function jsonKeys(value: unknown, keys = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const item of value) jsonKeys(item, keys);
  else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (/[a-z][A-Z]/.test(key)) keys.add(key);
      jsonKeys(inner, keys);
    }
  }
  return keys;
}

/** "1 times", "1 pods", "1 archive entries": a count of one with a plural noun after it. */
const ONE_WITH_PLURAL =
  /(?<![\d.,])\b1 (?:[a-z-]+ )?(?:times|pods|entries|sources|samples|cores|events|lines|errors|reports|restarts|kills|files|ports|routes|sockets|messages|episodes|processes|warnings|failures|denials|tasks|boots|containers|attempts|findings|rules|NodePorts)\b/;

describe('plural', () => {
  it('puts a noun in the number of its count', () => {
    expect([plural(1, 'time'), plural(2, 'time'), plural(0, 'pod'), plural(2, 'entry'), plural(2, 'process'), plural(2, 'day'), plural(3, 'child', 'children')]).toEqual([
      'time',
      'times',
      'pods',
      'entries',
      'processes',
      'days',
      'children',
    ]);
    expect([counted(1, 'archive entry'), counted(1200, 'line'), counted(1, 'more OOM kill'), counted(2, 'more OOM kill')]).toEqual([
      '1 archive entry',
      '1,200 lines',
      '1 more OOM kill',
      '2 more OOM kills',
    ]);
  });

  it('rule messages count with {n:noun}', () => {
    expect(fillMessage('{n:pod} evicted, {m:pod} refused', { n: 1, m: 3 })).toBe('1 pod evicted, 3 pods refused');
  });
});

describe.each(SAMPLES)('%s: the words a reader sees', (sample) => {
  it('no "(s)" and no count of one with a plural noun, in the page, the text summary or any finding', () => {
    const report = reports[sample] as Report;
    const texts = [ownText(renderHtml(report)), renderSummaryText(report), ...report.findings.map((finding) => finding.message)];
    for (const text of texts) {
      expect(text).not.toMatch(/\w\(s\)/);
      expect(text).not.toMatch(ONE_WITH_PLURAL);
    }
  });

  it('no internal name in the page: no JSON key, no source id, no clock id, no empty "(needs )"', () => {
    const report = reports[sample] as Report;
    const text = ownText(renderHtml(report));
    const words = new Set(text.match(/[A-Za-z][A-Za-z0-9_-]*/g));
    const keys = [...jsonKeys(JSON.parse(JSON.stringify(report)))];
    expect(keys.length).toBeGreaterThan(20);
    expect(keys.filter((key) => words.has(key))).toEqual([]);
    const camelSourceIds = report.coverage.map((row) => row.source).filter((id) => /[a-z][A-Z]/.test(id));
    expect(camelSourceIds.filter((id) => words.has(id))).toEqual([]);
    expect(text).not.toMatch(/journal-kernel|manifest-uptime|procstat-btime|clock from/);
    expect(text).not.toContain('(needs )');
  });

  it('quotes process names where a finding names the killed or hung process', () => {
    const report = reports[sample] as Report;
    for (const finding of report.findings) {
      const process = finding.data.process;
      if (typeof process !== 'string' || !/\(pid \d+/.test(finding.message)) continue;
      expect(finding.message).toContain(`"${process}"`);
    }
  });

  it('one count of pods hit in the JSON, the summary tile, the navigation and the pods section', () => {
    const report = reports[sample] as Report;
    expect(report.summary.podsHit).toBe(report.pods.hit);
    const html = renderHtml(report);
    const shown = `${report.summary.podsHit.toLocaleString('en-US')} of ${report.pods.total.toLocaleString('en-US')} hit`;
    expect(/<a href="#pods">Pods <span class="count">([^<]+)<\/span><\/a>/.exec(html)?.[1]).toBe(shown);
    expect(/<h2 id="pods-title">Pods <span class="count">([^<]+)<\/span><\/h2>/.exec(html)?.[1]).toBe(shown);
    expect(/<dt>Pods hit<\/dt><dd[^>]*>([\d,]+) /.exec(html)?.[1]).toBe(report.summary.podsHit.toLocaleString('en-US'));
    expect(renderSummaryText(report)).toContain(`Pods:     ${report.summary.podsHit} of ${report.pods.total}`);
  });
});
