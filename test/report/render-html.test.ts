import { beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { formatBytes } from '../../src/archive/index.js';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderHtml, renderSummaryText, type Report } from '../../src/report/index.js';
import { scriptJson } from '../../src/report/render-html.js';
import { REPO_ROOT } from '../helpers/cli.js';
import { reportOf, samplePath } from './helpers/report-of.js';

const TEMPLATES = join(REPO_ROOT, 'templates');
const templateFiles = [join(TEMPLATES, 'report.hbs'), ...readdirSync(join(TEMPLATES, 'partials')).map((name) => join(TEMPLATES, 'partials', name))];

let report: Report;
let html: string;
beforeAll(async () => {
  report = await reportOf(samplePath('oom-burstable-containerd'));
  html = renderHtml(report);
});

function decodeEntities(text: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"' };
  return text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, code: string) =>
    code.startsWith('#x') ? String.fromCodePoint(parseInt(code.slice(2), 16)) : code.startsWith('#') ? String.fromCodePoint(Number(code.slice(1))) : (named[code] ?? whole),
  );
}

const sha = (text: string) => createHash('sha256').update(text).digest('base64');

describe('renderHtml: a self-contained page under a strict CSP', () => {
  it('allows exactly its one stylesheet and its one script, by hash, and nothing from anywhere', () => {
    const csp = decodeEntities(/<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? '');
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? '';
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
    expect(csp).toBe(`default-src 'none'; style-src 'sha256-${sha(style)}'; script-src 'sha256-${sha(script)}'; img-src data:; base-uri 'none'; form-action 'none'`);
    expect(html.match(/<style>/g)).toHaveLength(1);
    expect(html.match(/<script>/g)).toHaveLength(1);
    expect(html.match(/<script type="application\/json" id="podmortem-data">/g)).toHaveLength(1);
    expect(html).not.toMatch(/https?:\/\/|<link (?!rel="icon" href="data:,">)|<iframe|<object|<embed/);
  });

  it('has no style attribute and no inline event handler, which the CSP would refuse', () => {
    expect(html).not.toMatch(/\sstyle="/);
    expect(html).not.toMatch(/\son[a-z]+="/);
  });

  it('embeds the text summary as JSON that cannot end its script element', () => {
    const block = /<script type="application\/json" id="podmortem-data">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
    expect(block).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(block)).toEqual({ summaryText: renderSummaryText(report) });
  });

  it('shows the sections in the order of the issue: summary, OOM kills, findings, timeline, pods, vitals, network, coverage, parse issues', () => {
    const order = ['summary', 'oom-kills', 'findings', 'timeline', 'pods', 'vitals', 'network', 'coverage', 'parse-issues'].map((id) => html.indexOf(`<section id="${id}"`));
    expect(order.every((at) => at > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('lists the IPv6 routes in the network section, or says why there are none', async () => {
    const network = html.slice(html.indexOf('<section id="network"'), html.indexOf('</section>', html.indexOf('<section id="network"')));
    const tables = network
      .split('<h3>')
      .slice(1)
      .map((part) => [part.slice(0, part.indexOf(' <span')), [...part.matchAll(/<tr><td[^>]*><code>([^<]+)<\/code>/g)].map((match) => match[1])]);
    expect(tables).toEqual([
      ['Listening ports', expect.any(Array)],
      ['Routes', ['default', '10.0.0.0/24', '10.0.0.1', '10.244.1.0/24']],
      ['IPv6 routes', ['::1', 'fe80::/64', 'fe80::/64', 'fe80::/64', 'fe80::/64']],
    ]);
    expect(network).toContain('from <code>stats/ip6-route.txt</code> (ip-route)');
    const disabled = renderHtml(await reportOf(samplePath('debug-pod-minimal')));
    expect(disabled).toContain('No IPv6 route table (ip -6 route, route -A inet6, /proc/net/ipv6_route) in the bundle.');
  });

  it('ends with the analyzer version, input name, size and sha256', () => {
    const footer = html.slice(html.indexOf('<footer'));
    expect(footer).toContain(`podmortem ${report.analyzer.version}`);
    expect(footer).toContain(report.input.name);
    expect(footer).toContain(formatBytes(report.input.bytes as number));
    expect(footer).toContain(report.input.sha256 as string);
  });
});

describe('scriptJson', () => {
  it('escapes <, >, & and the JavaScript line terminators, and stays the same JSON', () => {
    const value = { text: '</script><!-- & \u2028\u2029 --> <SCRIPT>' };
    const json = scriptJson(value);
    expect(json).toBe('{"text":"\\u003c/script\\u003e\\u003c!-- \\u0026 \\u2028\\u2029 --\\u003e \\u003cSCRIPT\\u003e"}');
    expect(JSON.parse(json)).toEqual(value);
  });
});

describe('templates', () => {
  it.each(templateFiles.map((file) => [file.slice(TEMPLATES.length + 1), file]))('%s never uses {{{ }}} and never puts data in a style, handler or URL attribute', (_name, file) => {
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain('{{{');
    expect(text).not.toMatch(/\sstyle=/);
    expect(text).not.toMatch(/\son[a-z]+=/);
    // Links only to anchors on the page.
    for (const href of text.match(/href="[^"]*"/g) ?? []) expect(href).toMatch(/^href="(#|data:,")/);
  });

  it('the stylesheet and the script cannot end their elements', () => {
    expect(readFileSync(join(TEMPLATES, 'report.css'), 'utf8')).not.toMatch(/<\/style/i);
    expect(readFileSync(join(TEMPLATES, 'report.js'), 'utf8')).not.toMatch(/<\/script|<!--/i);
  });
});

describe('bounded page', () => {
  it('shows at most 50 OOM kills, the latest of every container first, and cuts each log line, saying how many more the JSON has', async () => {
    const base = report.oomKills[0] as Report['oomKills'][number];
    const line = { time: base.time, stream: 'stdout' as const, text: 'x'.repeat(5000) };
    const other = { ...base, podUid: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d', pod: 'one-off-pod', container: 'one-off', pid: 999, logBefore: [] };
    const loop = Array.from({ length: 120 }, (_, i) => ({ ...base, pid: 1000 + i, logBefore: Array.from({ length: 20 }, () => line) }));
    const many: Report = {
      ...report,
      oomKills: [other, ...loop],
      oomKillDetails: Array.from({ length: 121 }, () => report.oomKillDetails[0] as Report['oomKillDetails'][number]),
    };
    const page = renderHtml(many);
    expect(page.match(/<tbody class="kill">/g)).toHaveLength(50);
    expect(page).toContain('… and 71 more OOM kills');
    // the one-off kill before the loop, then the loop's latest 49, in time order
    const section = page.slice(page.indexOf('<section id="oom-kills"'), page.indexOf('</section>', page.indexOf('<section id="oom-kills"')));
    const pids = [...section.matchAll(/\(pid (\d+)\)/g)].map((match) => Number(match[1]));
    expect(pids).toEqual([999, ...Array.from({ length: 49 }, (_, i) => 1071 + i)]);
    expect(page).not.toContain('x'.repeat(501));
    expect(page).toContain(`${'x'.repeat(499)}…`);
  });
});
