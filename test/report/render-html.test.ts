import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { renderHtml } from '../../src/report/render-html.js';
import { buildCoverage, buildNodeFacts } from '../../src/model/index.js';
import { parseManifest } from '../../src/sources/manifest.js';
import type { Report } from '../../src/report/report.js';

const hostile = '</style></script><img src=x onerror=alert(1)>"\'&';

function reportFor(nodeName: string): Report {
  const manifest = parseManifest(JSON.stringify({ format: 'podmortem-bundle', formatVersion: 1, node: nodeName }), () => undefined);
  const inventory = { root: '', sources: {}, rejected: [{ name: hostile, kind: 'file' as const, reason: 'name contains control characters', partlyRead: false }], rejectedCount: 1, unused: { count: 0, sample: [] } };
  return {
    schemaVersion: 1,
    analyzer: { name: 'podmortem', version: '0.0.0-test' },
    generatedAt: null,
    input: { name: hostile, kind: 'tar.gz', bytes: 10, sha256: 'ab'.repeat(32) },
    node: buildNodeFacts(manifest, ''),
    findings: [],
    ruleRuns: [],
    oomKills: [],
    oomKillDetails: [],
    oomEventsWithoutKill: [],
    coverage: buildCoverage(inventory, manifest, {}),
    archive: { root: '', entries: 1, contentBytes: 0, stopped: null, warnings: [hostile], rejected: inventory.rejected, rejectedCount: 1, unused: inventory.unused },
    parseIssues: { total: 1, shown: [{ source: 'kernel', file: hostile, line: 3, message: hostile }] },
  };
}

describe('renderHtml', () => {
  const html = renderHtml(reportFor(hostile));

  it('allows exactly its one inline stylesheet by hash, and nothing from the network', () => {
    const csp = decodeEntities(/<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? '');
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? '';
    const hash = createHash('sha256').update(style).digest('base64');
    expect(csp).toBe(`default-src 'none'; style-src 'sha256-${hash}'; img-src data:; base-uri 'none'; form-action 'none'`);
    expect(html.match(/<style>/g)).toHaveLength(1);
    expect(html).not.toMatch(/<script|<link|https?:\/\//);
  });

  it('escapes bundle text everywhere it appears', () => {
    expect(html).not.toContain('<img src=x');
    expect(html.match(/<\/style>/g)).toHaveLength(1);
    const escaped = '&lt;/style&gt;&lt;/script&gt;&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;&quot;&#x27;&amp;';
    // Title, input name, rejected entry, archive warning, parse issue file and message.
    expect(html.split(escaped).length - 1).toBeGreaterThanOrEqual(6);
  });
});

function decodeEntities(text: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"' };
  return text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, code: string) =>
    code.startsWith('#x') ? String.fromCodePoint(parseInt(code.slice(2), 16)) : code.startsWith('#') ? String.fromCodePoint(Number(code.slice(1))) : (named[code] ?? whole),
  );
}
