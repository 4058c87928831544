/**
 * The data the page shows beside the OOM table: per-pod view, vital signs, network, summary.
 * Each is plain data in the Report (and so in --json), bounded whatever the bundle.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { NodeModel, PodModel } from '../../src/model/index.js';
import type { Report } from '../../src/report/index.js';
import { buildNetworkView, MAX_LISTENERS } from '../../src/report/network-view.js';
import { buildPodViews, LOG_TEXT_CHARS, MAX_ATTEMPTS, MAX_PODS, TAIL_ATTEMPTS } from '../../src/report/pod-view.js';
import { buildSummary } from '../../src/report/summary.js';
import { buildVitals } from '../../src/report/vitals.js';
import type { Finding } from '../../src/rules/index.js';
import { MANIFEST, modelFromSpec } from '../helpers/model.js';
import { reportOf, samplePath } from './helpers/report-of.js';

let oomSample: Report;
let pressureSample: Report;
beforeAll(async () => {
  oomSample = await reportOf(samplePath('oom-burstable-containerd'));
  pressureSample = await reportOf(samplePath('node-pressure-cgroupfs'));
});

describe('per-pod view', () => {
  it('puts the pod that paid first, with restarts, kills and how each attempt ended', () => {
    const [first] = oomSample.pods.shown;
    expect(first).toMatchObject({ namespace: 'shop', name: 'checkout-7d9f8b6c5-x2x9q', qosClass: 'Burstable', oomKills: 2, restarts: 2, findings: 2 });
    expect(first?.containers.map((container) => [container.name, container.restarts, container.oomKills, container.lastOomKill])).toEqual([['api', 2, 2, '2026-11-27T10:14:40.132Z']]);
    const attempts = first?.containers[0]?.attempts ?? [];
    expect(attempts.map((attempt) => [attempt.attempt, attempt.exit?.reason ?? null, attempt.tail.length > 0])).toEqual([
      [2, null, true],
      [1, 'OOMKilled', true],
      [0, 'OOMKilled', false],
    ]);
    expect(oomSample.pods.shown.map((pod) => pod.name)).toEqual(['checkout-7d9f8b6c5-x2x9q', 'report-worker-5b8c9d7f6-m4kq2', 'kube-proxy-7xk2p']);
  });

  it(`keeps ${MAX_PODS} pods, ${MAX_ATTEMPTS} attempts per container, log lines of the ${TAIL_ATTEMPTS} latest, cut to ${LOG_TEXT_CHARS} characters`, () => {
    const line = { time: '2026-11-27T09:00:00.000Z', stream: 'stdout' as const, text: 'y'.repeat(2048) };
    const pod = (i: number): PodModel => ({
      uid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      namespace: 'load',
      name: `pod-${String(i).padStart(3, '0')}`,
      qosClass: 'BestEffort',
      seenIn: ['pod-logs'],
      containers: [
        {
          name: 'app',
          ids: [],
          loggedAttempts: Array.from({ length: 9 }, (_, a) => a),
          attempts: Array.from({ length: 9 }, (_, a) => ({ attempt: a, firstTime: null, lastTime: null, lines: 10, tail: Array.from({ length: 10 }, () => line), exit: null })),
        },
      ],
    });
    const model = { pods: Array.from({ length: 150 }, (_, i) => pod(i)), oomKills: [], crictl: { containers: [], sandboxes: [], exits: [] } } as unknown as Pick<
      NodeModel,
      'pods' | 'oomKills' | 'crictl'
    >;
    const view = buildPodViews(model, []);
    expect(view.total).toBe(150);
    expect(view.shown).toHaveLength(MAX_PODS);
    const container = view.shown[0]?.containers[0];
    expect(container?.attempts.map((attempt) => attempt.attempt)).toEqual([8, 7, 6, 5, 4]);
    expect(container?.omittedAttempts).toBe(4);
    expect(container?.attempts.map((attempt) => attempt.tail.length)).toEqual([10, 10, 0, 0, 0]);
    expect(container?.attempts[0]?.tail[0]?.text).toHaveLength(LOG_TEXT_CHARS);
    expect(JSON.stringify(view).length).toBeLessThan(1_000_000);
  });

  it('counts the findings whose subject is the pod', () => {
    const finding = (pod: string | null): Finding => ({
      id: 'x-1',
      ruleId: 'x',
      severity: 'info',
      messageId: 'm',
      message: 'm',
      data: {},
      subject: pod ? { namespace: 'shop', pod } : null,
      time: null,
      evidence: [],
      commands: [],
    });
    const model = {
      pods: [{ uid: 'u', namespace: 'shop', name: 'a', qosClass: null, seenIn: [], containers: [] }],
      oomKills: [],
      crictl: { containers: [], sandboxes: [], exits: [] },
    } as unknown as Pick<NodeModel, 'pods' | 'oomKills' | 'crictl'>;
    expect(buildPodViews(model, [finding('a'), finding('a'), finding('b'), finding(null)]).shown[0]?.findings).toBe(2);
  });
});

describe('vital signs', () => {
  it('reads memory, load, CPU, PSI, counters, disks and processes from the snapshots, naming each tool', () => {
    const { vitals } = pressureSample;
    expect(vitals.memory).toEqual({ totalKib: 8052444, availableKib: 402044, freeKib: 141204, swapTotalKib: 2097148, swapUsedKib: 1985104, from: 'meminfo' });
    expect(vitals.load).toEqual({ one: 9.41, five: 8.77, fifteen: 6.02, cores: 2, from: 'loadavg' });
    expect(vitals.cpu).toMatchObject({ iowaitPercent: 60.2, from: 'top' });
    expect(vitals.pressure.map((row) => [row.resource, row.some?.avg10 ?? null, row.full?.avg10 ?? null])).toEqual([
      ['cpu', 12.04, null],
      ['memory', 41.2, 30.12],
      ['io', 62.11, 55.4],
    ]);
    expect(vitals.sinceBoot).toEqual({ oomKills: 1, swapInPages: 412044, swapOutPages: 497120, allocStalls: 41204, majorFaults: 120412 });
    expect(vitals.filesystems.shown.slice(0, 2).map((row) => [row.mountedOn, row.usedPercent, row.inodesUsedPercent])).toEqual([
      ['/', 96, 16],
      ['/var/lib/containerd', 95, 95],
    ]);
    expect(vitals.devices.shown[0]?.name).toBe('nvme1n1');
    expect(vitals.processes).toMatchObject({ from: 'ps' });
    expect(vitals.processes.shown[0]).toMatchObject({ pid: 21877, rssKib: 2412044 });
  });

  it('charts the vmstat interval samples, leaving out the since-boot row', () => {
    const samples = pressureSample.vitals.samples;
    expect(samples?.file).toBe('stats/vmstat.txt');
    expect(samples?.stamps[0]).toBe('2026-11-27 11:15:04');
    expect(samples?.iowaitPercent[0]).toBe(69);
    expect(samples?.freeKib).toHaveLength(samples?.stamps.length ?? -1);
  });

  it('falls back to free and top when /proc/meminfo and /proc/loadavg are missing', async () => {
    const model = await modelFromSpec({
      'manifest.json': MANIFEST,
      // procps-ng 4 `free` and `top -b -n 1` (the summary lines), as collected.
      'stats/free.txt':
        '               total        used        free      shared  buff/cache   available\nMem:        16118084     2299412     9638502       14204     3368344    12938342\nSwap:              0           0           0\n',
      'stats/top.txt':
        'top - 10:15:02 up 1 day,  1:00,  0 user,  load average: 1.82, 1.41, 1.12\nTasks: 151 total,   1 running, 150 sleeping,   0 stopped,   0 zombie\n%Cpu(s):  6.3 us,  3.1 sy,  0.0 ni, 90.6 id,  0.0 wa,  0.0 hi,  0.0 si,  0.0 st\n',
    });
    const vitals = buildVitals(model);
    expect(vitals.memory).toEqual({ totalKib: 16118084, availableKib: 12938342, freeKib: 9638502, swapTotalKib: 0, swapUsedKib: 0, from: 'free' });
    expect(vitals.load).toEqual({ one: 1.82, five: 1.41, fifteen: 1.12, cores: null, from: 'top' });
    expect(vitals.cpu).toMatchObject({ userPercent: 6.3, idlePercent: 90.6, from: 'top' });
    expect([vitals.samples, vitals.sinceBoot, vitals.pressure]).toEqual([null, null, []]);
  });
});

describe('network', () => {
  it('lists listening ports in port order and routes as printed', () => {
    const { listeners, routes } = oomSample.network;
    expect(listeners).toMatchObject({ tool: 'ss', file: 'stats/ss.txt', total: 9 });
    expect(listeners.shown.map((listener) => listener.port)).toEqual([22, 22, 53, 68, 10248, 10249, 10250, 10256, 35411]);
    expect(routes).toMatchObject({ format: 'ip-route', total: 4 });
    expect(routes.shown[0]).toMatchObject({ destination: 'default', gateway: '10.0.0.1', device: 'ens5' });
  });

  it('lists the IPv6 routes beside the IPv4 ones', () => {
    expect(oomSample.network.ipv6Routes).toMatchObject({ format: 'ip-route', file: 'stats/ip6-route.txt', total: 5 });
    expect(oomSample.network.ipv6Routes.shown.map((route) => [route.destination, route.device])).toEqual([
      ['::1', 'lo'],
      ['fe80::/64', 'ens5'],
      ['fe80::/64', 'cni0'],
      ['fe80::/64', 'veth5e2a91c4'],
      ['fe80::/64', 'veth0d7f3b82'],
    ]);
    expect(pressureSample.network.ipv6Routes.shown.at(-1)).toMatchObject({ destination: 'default', gateway: 'fe80::4e1:d8ff:fe6b:1f31', device: 'eth0', protocol: 'ra', metric: 100 });
  });

  it(`keeps ${MAX_LISTENERS} listeners and counts the rest`, () => {
    const listener = (port: number) => ({ line: port, proto: 'tcp', state: 'LISTEN', recvQ: 0, sendQ: 128, address: '0.0.0.0', port, interface: null, process: 'x', pid: 1, processes: [] });
    const network = { sockets: { file: 'stats/ss.txt', tool: 'ss' as const, listeners: Array.from({ length: 300 }, (_, i) => listener(40000 - i)), droppedListeners: 7 }, routes: null };
    const view = buildNetworkView({ network } as unknown as Pick<NodeModel, 'network'>);
    expect(view.listeners.total).toBe(307);
    expect(view.listeners.shown).toHaveLength(MAX_LISTENERS);
    expect(view.listeners.shown[0]?.port).toBe(39701);
  });
});

describe('summary', () => {
  it('says how bad, over which window, and the findings that matter most', () => {
    expect(oomSample.summary).toMatchObject({
      worst: 'critical',
      findingCounts: { critical: 1, warning: 5, info: 2 },
      oomKills: 3,
      podsHit: 2,
      window: { from: '2026-11-25T10:15:02Z', to: '2026-11-27T10:15:02Z', basis: 'collection' },
      dataGaps: [],
    });
    expect(oomSample.summary.topFindings.map((finding) => [finding.ruleId, finding.severity])).toEqual([
      ['container-memory-limit', 'critical'],
      ['child-process-oom-kill', 'warning'],
      ['container-memory-limit', 'warning'],
      ['pleg-unhealthy', 'warning'],
      ['crash-loop-back-off', 'warning'],
    ]);
  });

  it('names the key sources that were not collected', async () => {
    const report = await reportOf(samplePath('debug-pod-minimal'));
    expect(report.summary.dataGaps.map((gap) => [gap.source, gap.state])).toEqual([
      ['journal', 'missing'],
      ['crictl', 'missing'],
    ]);
  });

  it('bounds the window by the events when the collector did not say, and by nothing when there are none', () => {
    const node = { ...oomSample.node, windowStart: null, collectionStart: null, collectionEnd: null };
    const input = { node, findings: [], oomKills: [], podsHit: 0, coverage: [], ruleRuns: [] };
    expect(buildSummary({ ...input, eventTimes: ['2026-11-27T10:00:00.000Z', null, '2026-11-27T09:00:00.000Z'] }).window).toEqual({
      from: '2026-11-27T09:00:00.000Z',
      to: '2026-11-27T10:00:00.000Z',
      basis: 'events',
    });
    expect(buildSummary({ ...input, eventTimes: [] })).toMatchObject({ worst: 'none', window: { from: null, to: null, basis: 'unknown' }, topFindings: [] });
  });
});

describe('finding evidence', () => {
  it('carries the line the model kept as the excerpt', () => {
    const excerpts = pressureSample.findings.flatMap((finding) => finding.evidence).filter((item) => item.excerpt);
    expect(excerpts.length).toBeGreaterThan(0);
    expect(excerpts.every((item) => typeof item.excerpt === 'string' && item.excerpt.length <= 300)).toBe(true);
  });
});
