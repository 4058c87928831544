import { describe, expect, it } from 'vitest';
import { FORMAT_LAYOUTS } from '../../src/bundle/format-layout.js';
import { candidateRoots, formatsClaiming, globToRegExp, matchSource } from '../../src/bundle/match-source.js';
import { LAYOUT, SOURCE_IDS } from '../../src/bundle/layout.js';

describe('matchSource', () => {
  it.each([
    ['manifest.json', 'manifest'],
    ['kernel/dmesg.txt', 'kernel'],
    ['kernel/kern.log.1', 'kernel'],
    ['journal/kubelet.export', 'journal'],
    ['pods/shop_checkout-7d9f8b6c5-x2x9q_6f1e2d3c-4b5a-4978-8c1d-2e3f4a5b6c7d/api/0.log', 'podLogs'],
    ['pods/shop_api_6f1e2d3c-4b5a-4978-8c1d-2e3f4a5b6c7d/api/0.log.20261127-101500.gz', 'podLogs'],
    ['var/log/pods/kube-system_etcd-node1_0123456789abcdef0123456789abcdef/etcd/3.log', 'podLogs'],
    ['containers.txt', 'containerLinks'],
    ['cgroup/kubepods.slice/kubepods-burstable.slice/memory.events', 'cgroup'],
    ['runtime/crictl-ps.json', 'crictl'],
    ['stats/pressure/memory', 'pressure'],
    ['stats/vmstat.txt', 'vmstat'],
    ['system/os-release', 'osRelease'],
  ])('%s belongs to %s', (path, source) => {
    expect(matchSource(path)?.source).toBe(source);
  });

  it('prefers earlier candidates', () => {
    expect(matchSource('stats/ss.txt')).toEqual({ source: 'sockets', candidate: 0 });
    expect(matchSource('stats/netstat-tulpn.txt')).toEqual({ source: 'sockets', candidate: 1 });
  });

  it('matches nothing else', () => {
    expect(matchSource('README')).toBeNull();
    expect(matchSource('kernel/nested/dmesg.txt')).toBeNull();
    expect(matchSource('stats/pressure/memory/extra')).toBeNull();
  });

  it('gives every source at least one candidate that no other source claims', () => {
    for (const source of SOURCE_IDS) {
      const own = LAYOUT[source].candidates.filter((glob) => !glob.includes('*'));
      for (const path of own) expect(matchSource(path)?.source, path).toBe(source);
    }
  });

  it('compiles globs: * stays within a segment, ** spans segments', () => {
    expect(globToRegExp('kernel/*').test('kernel/a/b')).toBe(false);
    expect(globToRegExp('pods/**').test('pods/a/b/c')).toBe(true);
    expect(globToRegExp('a.b').test('axb')).toBe(false);
  });
});

describe('candidateRoots', () => {
  it('offers the top and the first one or two folders of a path', () => {
    expect(candidateRoots('kernel/dmesg.txt')).toEqual(['', 'kernel/']);
    expect(candidateRoots('podmortem-worker-3-20261127T101502Z/kernel/dmesg.txt')).toEqual(['', 'podmortem-worker-3-20261127T101502Z/', 'podmortem-worker-3-20261127T101502Z/kernel/']);
    expect(candidateRoots('home/alice/log/kern.log')).toEqual(['', 'home/', 'home/alice/']);
    expect(candidateRoots('manifest.json')).toEqual(['']);
  });

  it("prefers a foreign table's exact name over podmortem's glob", () => {
    expect(matchSource('kernel/uname.txt')?.source).toBe('uname');
    expect(matchSource('kernel/dmesg.current')?.source).toBe('kernel');
  });
});

describe('the pattern tables', () => {
  // Every pattern tried in turn, exact names before globs, each in format order: what the tables must answer.
  const patterns = FORMAT_LAYOUTS.flatMap((layout, rank) =>
    SOURCE_IDS.flatMap((source) => (layout.paths[source] ?? []).map((glob, index) => ({ format: layout.format, source, candidate: rank * 100 + index, glob, pattern: globToRegExp(glob) }))),
  );
  const inTurn = [...patterns].sort((a, b) => Number(a.glob.includes('*')) - Number(b.glob.includes('*')) || a.candidate - b.candidate);
  const globs = patterns.map((candidate) => candidate.glob);
  // Each pattern written out (a star as a name, or as folders), cut short, grown, and under wrapper folders.
  const written = globs.flatMap((glob) => [glob, glob.replaceAll('**', 'a/b').replaceAll('*', 'x'), glob.replaceAll('**', 'a').replaceAll('*', ''), glob.replaceAll('*', 'x/y')]);
  const paths = [...new Set(written.flatMap((path) => [path, path.slice(0, -1), `${path}x`, `${path}/x`, `x/${path}`, path.slice(0, path.lastIndexOf('/') + 1)]))];

  it('find the source that trying every pattern in turn finds', () => {
    expect(paths.length).toBeGreaterThan(1000);
    for (const path of paths) {
      const first = inTurn.find((candidate) => candidate.pattern.test(path));
      expect(matchSource(path), path).toEqual(first ? { source: first.source, candidate: first.candidate } : null);
    }
  });

  it('name the formats whose patterns match, in format order', () => {
    for (const path of paths) {
      const claiming = FORMAT_LAYOUTS.map((layout) => layout.format).filter((format) => patterns.some((candidate) => candidate.format === format && candidate.pattern.test(path)));
      expect(formatsClaiming(path), path).toEqual(claiming);
    }
  });
});
