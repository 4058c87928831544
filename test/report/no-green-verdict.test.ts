/**
 * Issue 14, point 4: the findings section, the summary and the masthead say "no problem" in green
 * only when every rule ran. Starts from a real sample report and changes only what the point is
 * about (no finding; every rule ran, or some could not), then renders the real page and text.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { renderHtml, renderSummaryText, type Report } from '../../src/report/index.js';
import { buildSummary } from '../../src/report/summary.js';
import type { RuleRun } from '../../src/rules/index.js';
import { reportOf, samplePath } from './helpers/report-of.js';

let sample: Report;
beforeAll(async () => {
  sample = await reportOf(samplePath('oom-burstable-containerd'));
});

/** The sample with no finding and the given rule runs, its summary rebuilt the way the pipeline builds it. */
function withoutFindings(ruleRuns: RuleRun[]): Report {
  const summary = buildSummary({ node: sample.node, findings: [], oomKills: sample.oomKills, podsHit: sample.pods.hit, coverage: sample.coverage, ruleRuns, eventTimes: [] });
  return { ...sample, findings: [], ruleRuns, summary };
}

const section = (page: string, id: string) => page.slice(page.indexOf(`<section id="${id}"`), page.indexOf('</section>', page.indexOf(`<section id="${id}"`)));

describe('no green all-clear unless every rule ran', () => {
  it('every rule ran and none found a problem: the green all-clear and "no findings"', () => {
    const report = withoutFindings(sample.ruleRuns.map((run) => ({ ruleId: run.ruleId, status: 'ran', findings: 0 })));
    expect(report.summary.unjudged).toEqual([]);
    const page = renderHtml(report);
    expect(section(page, 'findings')).toContain('<p class="all-clear">No rule found a problem');
    expect(section(page, 'summary')).toContain('<p class="all-clear">');
    expect(page).toMatch(/<p class="verdict-badge badge-severity-none">no findings<\/p>/);
    expect(renderSummaryText(report)).toMatch(/^podmortem: worker-3 — no findings · /);
  });

  it('rules that could not run: neutral, naming the missing sources and the reasons, in the page and the text', () => {
    const runs: RuleRun[] = sample.ruleRuns.map((run, i) =>
      i === 0
        ? { ruleId: run.ruleId, status: 'skipped', missing: [['kernel', 'journal']] }
        : i === 1
          ? { ruleId: run.ruleId, status: 'skipped', missing: [], reason: 'no kubelet log lines in the bundle' }
          : { ruleId: run.ruleId, status: 'ran', findings: 0 },
    );
    const report = withoutFindings(runs);
    expect(report.summary.unjudged).toEqual([{ section: 'findings', needs: ['kernel', 'journal'], rulesNotRun: 2, reasons: ['no kubelet log lines in the bundle'] }]);
    const kernel = sample.coverage.find((row) => row.source === 'kernel')?.title;
    const journal = sample.coverage.find((row) => row.source === 'journal')?.title;
    expect(kernel).toBeTruthy();
    const sentence = `No rule found a problem in what was read, but 2 rules could not run (not in this bundle: ${kernel}, ${journal}; no kubelet log lines in the bundle): what they check cannot be judged.`;
    const page = renderHtml(report);
    const escaped = sentence.replace(/&/g, '&amp;').replace(/'/g, '&#x27;').replace(/=/g, '&#x3D;');
    for (const id of ['findings', 'summary']) {
      expect(section(page, id)).not.toContain('class="all-clear"');
      expect(section(page, id)).toContain(`<p class="cannot-judge">${escaped}</p>`);
    }
    expect(page).toMatch(/<p class="verdict-badge badge-severity-unjudged" title="[^"]+">not all checked<\/p>/);
    // The rule that lacked a reason-less source names it by title; the other gives its reason, never "(needs )".
    expect(section(page, 'findings')).toContain(`(needs ${kernel} or ${journal})`);
    expect(section(page, 'findings')).toContain('(no kubelet log lines in the bundle)');
    expect(page).not.toContain('(needs )');
    const text = renderSummaryText(report);
    expect(text).toMatch(/^podmortem: worker-3 — no findings, not all checked · /);
    expect(text).toContain(sentence);
    expect(text).not.toContain('No rule found a problem in the evidence that was read.');
  });
});
