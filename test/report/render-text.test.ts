import { beforeAll, describe, expect, it } from 'vitest';
import { renderSummaryText, type Report } from '../../src/report/index.js';
import { TEXT_OOM_KILLS } from '../../src/report/render-text.js';
import { barWidth, sparkline } from '../../src/report/svg-chart.js';
import { byText, visibleDeep, visibleText } from '../../src/report/text.js';
import { reportOf, samplePath } from './helpers/report-of.js';

let report: Report;
beforeAll(async () => {
  report = await reportOf(samplePath('oom-burstable-containerd'));
});

describe('renderSummaryText', () => {
  it('gives node, verdict, window, the most important findings and the kills, one per line', () => {
    const lines = renderSummaryText(report).split('\n');
    expect(lines[0]).toBe('podmortem: worker-3 — CRITICAL · 1 critical, 5 warning, 2 info · 3 OOM kills');
    expect(lines[1]).toBe('Window:   2026-11-25 10:15:02Z → 2026-11-27 10:15:02Z (collector window)');
    expect(lines).toContain('OOM kills (3):');
    expect(lines).toContain('  2026-11-27 09:15:13Z  shop/checkout-7d9f8b6c5-x2x9q/api  "java" (pid 41234)  Burstable  container limit  512 MiB of 512 MiB  confidence high');
    expect(lines.filter((line) => /^ {2}(CRITICAL|WARNING |INFO {4}) /.test(line))).toHaveLength(5);
    expect(lines.at(-2)).toBe(`podmortem ${report.analyzer.version}`);
  });

  it('colours only when asked, and only its own labels', () => {
    const plain = renderSummaryText(report);
    const coloured = renderSummaryText(report, { color: true });
    expect(plain).not.toContain('\u001b');
    expect(coloured).toContain('\u001b[1;31mCRITICAL\u001b[0m');
    // Without the escapes it is the same text.
    expect(coloured.replace(/\u001b\[[0-9;]*m/g, '')).toBe(plain);
  });

  it('cannot be steered by bundle text: controls become visible, each item stays on its line', () => {
    const kill = { ...(report.oomKills[0] as Report['oomKills'][number]), pod: 'web\u001b[2J\u001b[31m\rFAKE\nLINE\u202e', process: 'a\tb' };
    const text = renderSummaryText({ ...report, oomKills: [kill] });
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f\u202e]/);
    expect(text).toContain('shop/web\\x1b[2J\\x1b[31m\\rFAKE\\nLINE\\u202e/api  "a b" (pid 41234)');
    expect(text.split('\n').filter((line) => line.includes('FAKE'))).toHaveLength(1);
  });

  it(`lists at most ${TEXT_OOM_KILLS} kills and five findings, then says how many more`, () => {
    const kills = Array.from({ length: 25 }, () => report.oomKills[0] as Report['oomKills'][number]);
    const findings = Array.from({ length: 12 }, () => report.findings[0] as Report['findings'][number]);
    const text = renderSummaryText({ ...report, oomKills: kills, findings });
    expect(text.match(/confidence high/g)).toHaveLength(TEXT_OOM_KILLS);
    expect(text).toContain('  … and 15 more in the report');
    expect(text).toContain('  … and 7 more in the report');
  });

  it("lists a one-off kill before a later crash loop, then the loop's latest kills", () => {
    const base = report.oomKills[0] as Report['oomKills'][number];
    const oneOff = { ...base, podUid: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d', pod: 'one-off', pid: 999 };
    const loop = Array.from({ length: 25 }, (_, i) => ({ ...base, pid: 1000 + i }));
    const text = renderSummaryText({ ...report, oomKills: [oneOff, ...loop] });
    const section = text.slice(text.indexOf('OOM kills (')).split('\n\n')[0] ?? '';
    const pids = [...section.matchAll(/\(pid (\d+)\)/g)].map((match) => Number(match[1]));
    expect(pids).toEqual([999, ...Array.from({ length: TEXT_OOM_KILLS - 1 }, (_, i) => 1025 - TEXT_OOM_KILLS + 1 + i)]);
  });

  it('says so when nothing was found and when key evidence is missing', async () => {
    const minimal = await reportOf(samplePath('debug-pod-minimal'));
    expect(renderSummaryText(minimal)).toContain('Evidence gaps: systemd journal (kubelet, runtime, kernel): missing on the node; Container runtime state (crictl): missing on the node.');
    const clean: Report = { ...report, findings: [], oomKills: [], summary: { ...report.summary, worst: 'none', findingCounts: { critical: 0, warning: 0, info: 0 }, oomKills: 0, topFindings: [] } };
    const text = renderSummaryText(clean);
    expect(text.split('\n')[0]).toBe('podmortem: worker-3 — no findings · 0 OOM kills');
    expect(text).toContain('No rule found a problem in the evidence that was read.');
  });
});

describe('visibleText', () => {
  it.each([
    ['\u001b[31mred\u001b[0m', '\\x1b[31mred\\x1b[0m'],
    ['a\rb\u0000c\u007f', 'a\\rb\\x00c\\x7f'],
    ['\u202egnp.exe', '\\u202egnp.exe'],
    ['zero\u200bwidth\ufeff', 'zero\\u200bwidth\\ufeff'],
    ['c1 \u009b31m', 'c1 \\x9b31m'],
    ['tab\tand\nnewline stay', 'tab\tand\nnewline stay'],
    ['plain ünïcode 日本', 'plain ünïcode 日本'],
  ])('%j → %j', (input, shown) => {
    expect(visibleText(input)).toBe(shown);
  });

  it('applies to every string of plain data, leaving other values', () => {
    expect(visibleDeep({ a: ['\u001b'], b: { c: 1, d: null, e: '\u202e' } })).toEqual({ a: ['\\x1b'], b: { c: 1, d: null, e: '\\u202e' } });
  });

  it('byText orders by code point, whatever the locale', () => {
    expect(['b', 'B', 'a', 'Ä', 'A'].sort(byText)).toEqual(['A', 'B', 'a', 'b', 'Ä']);
  });
});

describe('sparkline', () => {
  it('places values between floor and ceiling, top is high', () => {
    const line = sparkline([0, 50, 100], { width: 106, height: 56, floor: 0, ceiling: 100 });
    expect(line.points).toBe('3,53 53,28 103,3');
    expect([line.min, line.max, line.last, line.samples]).toEqual([0, 100, 100, 3]);
    expect(line.area).toBe('3,53 3,53 53,28 103,3 103,53');
  });

  it('skips unknown values, draws a dot for a single one, nothing for none', () => {
    expect(sparkline([null, 5, null]).dots).toHaveLength(1);
    expect(sparkline([null, 5, null]).points).toBe('');
    expect(sparkline([null, null])).toMatchObject({ points: '', dots: [], last: null, min: null });
    expect(sparkline([Number.NaN, 1, 2]).points.split(' ')).toHaveLength(2);
  });

  it('clamps bars to 0–100 %', () => {
    expect([barWidth(-5, 80), barWidth(50, 80), barWidth(250, 80), barWidth(null, 80)]).toEqual([0, 40, 80, 0]);
  });
});
