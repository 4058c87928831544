import { describe, expect, it } from 'vitest';
import { memoryPressure } from '../../src/rules/memory-pressure.js';
import { checkRule, MANIFEST } from '../helpers/model.js';
import { expectRunsOnMutatedSnapshots, ps, statsFixture, vmstat, vmstatRow } from './vitals-fixtures.js';

/** /proc/meminfo of an 8 GiB node with 392 MiB available (Linux 5.15). */
const MEMINFO_LOW = `MemTotal:        8052444 kB
MemFree:          141204 kB
MemAvailable:     402044 kB
Buffers:           12044 kB
Cached:           341204 kB
SwapTotal:       2097148 kB
SwapFree:         112044 kB
`;
const PSI_THRASHING = 'some avg10=41.20 avg60=38.77 avg300=21.04 total=912044120\nfull avg10=30.12 avg60=28.41 avg300=15.20 total=712044120\n';
const PSI_SOME_ONLY = 'some avg10=12.50 avg60=9.10 avg300=4.00 total=41204412\nfull avg10=1.10 avg60=0.90 avg300=0.40 total=4120441\n';
const LEDGER_UID = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
const PROCESSES = ps([
  ['1102', '1', 'S', '0', '81204', '1812044', '-999', 'kubelet', '/system.slice/kubelet.service', '/usr/bin/kubelet --config /etc/kubernetes/kubelet/kubelet-config.json'],
  [
    '21877',
    '21850',
    'S',
    '1001',
    '2412044',
    '4812044',
    '-997',
    'java',
    `/kubepods/pod${LEDGER_UID}/fe2614934bba8e171b27c4db18b5fec2a9cae1d694fc7f97ee8568ae05f24372`,
    'java -Xmx2g -jar /opt/ledger/ledger.jar',
  ],
  ['880', '1', 'S', '0', '52044', '1912044', '-999', 'containerd', '/system.slice/containerd.service', '/usr/bin/containerd'],
]);
const SWAPPING = vmstat([vmstatRow({ si: 812, so: 1204 }, 3), vmstatRow({ si: 1120, so: 2412 }, 4), vmstatRow({ si: 912, so: 2204 }, 5)]);

describe('memory-pressure', () => {
  it('reports every signal of a thrashing node as one critical finding, with the largest processes and their pods', async () => {
    const { findings } = await checkRule(memoryPressure, {
      'manifest.json': MANIFEST,
      'stats/meminfo.txt': MEMINFO_LOW,
      'stats/pressure/memory': PSI_THRASHING,
      'stats/vmstat.txt': SWAPPING,
      'stats/ps.txt': PROCESSES,
      [`pods/payments_ledger-0_${LEDGER_UID}/ledger/0.log`]: '',
    });
    expect(findings).toEqual([
      expect.objectContaining({
        messageId: 'pressure',
        severity: 'critical',
        data: expect.objectContaining({
          signals: ['low-available', 'psi-some', 'psi-full', 'swap-activity'],
          availableMib: 393,
          totalMib: 7864,
          availablePercent: 4.99,
          availableFrom: 'meminfo',
          psiFullAvg10: 30.12,
          swapInKibPerSec: 1016,
          swapOutKibPerSec: 2308,
          swapSamples: 2,
          swapBasis: 'interval',
          topPids: [21877, 1102, 880],
          topProcesses: ['java (pid 21877, payments/ledger-0) 2356 MiB', 'kubelet (pid 1102) 79 MiB', 'containerd (pid 880) 51 MiB'],
        }),
      }),
    ]);
    expect(findings[0]!.evidence).toEqual(
      expect.arrayContaining([
        { path: 'stats/meminfo.txt', line: null },
        { path: 'stats/vmstat.txt', line: 4 },
        { path: 'stats/ps.txt', line: 3 },
      ]),
    );
  });

  it('reports memory stalls alone as a warning, with the available share known to be healthy', async () => {
    const { findings } = await checkRule(memoryPressure, { 'manifest.json': MANIFEST, 'stats/meminfo.txt': statsFixture('meminfo-linux-6.18.txt'), 'stats/pressure/memory': PSI_SOME_ONLY });
    expect(findings).toEqual([
      expect.objectContaining({ messageId: 'pressure', severity: 'warning', data: expect.objectContaining({ signals: ['psi-some'], availablePercent: 98.63, psiSomeAvg10: 12.5 }) }),
    ]);
  });

  it('falls back to free and says when the total is unknown', async () => {
    const free =
      '               total        used        free      shared  buff/cache   available\nMem:         8052444     7488044      141204        4120      353248      402044\nSwap:        2097148     1985104      112044\n';
    const viaFree = await checkRule(memoryPressure, { 'manifest.json': MANIFEST, 'stats/free.txt': free });
    expect(viaFree.findings.map((finding) => [finding.messageId, finding.data.availableFrom, finding.data.signals])).toEqual([['pressure', 'free', ['low-available']]]);
    const psiOnly = await checkRule(memoryPressure, { 'manifest.json': MANIFEST, 'stats/pressure/memory': PSI_THRASHING });
    expect(psiOnly.findings.map((finding) => [finding.messageId, finding.severity])).toEqual([['pressure-total-unknown', 'critical']]);
  });

  it('does not fire on a healthy node (Linux 6.18 meminfo and PSI, procps-ng vmstat)', async () => {
    const { run, findings } = await checkRule(memoryPressure, {
      'manifest.json': MANIFEST,
      'stats/meminfo.txt': statsFixture('meminfo-linux-6.18.txt'),
      'stats/pressure/memory': statsFixture('pressure-linux-6.18/memory'),
      'stats/vmstat.txt': statsFixture('vmstat-procps-4.0.2-wide-timestamp-utc.txt'),
    });
    expect(run).toEqual({ ruleId: 'memory-pressure', status: 'ran', findings: 0 });
    expect(findings).toEqual([]);
  });

  it('does not count swap traffic of the since-boot row when interval rows exist', async () => {
    const text = vmstat([vmstatRow({ si: 5000, so: 5000 }, 3), vmstatRow({}, 4), vmstatRow({}, 5)]);
    const { findings } = await checkRule(memoryPressure, { 'manifest.json': MANIFEST, 'stats/vmstat.txt': text });
    expect(findings).toEqual([]);
  });

  it('never errors on seeded mutations of real snapshots', async () => {
    await expectRunsOnMutatedSnapshots(memoryPressure);
  });
});
