/**
 * The combiner on findings and kills built by hand: the disk and I/O chains no sample shows, what
 * stays out of incidents, ranking by harm, the next steps taken from member findings, and the same
 * incidents whatever the input order.
 */
import { describe, expect, it } from 'vitest';
import { buildIncidents } from '../../src/incidents/index.js';
import { SeededRandom } from '../helpers/seeded-random.js';
import { command, finding, kill, model } from './fixtures.js';

const T = (clock: string) => `2026-11-27T${clock}Z`;
const kinds = (incidents: ReturnType<typeof buildIncidents>) => incidents.map((incident) => incident.kind);

describe('disk full → image GC failing → pods failing to start', () => {
  const findings = [
    finding('node-pressure-1', 'critical', {
      messageId: 'ongoing',
      time: T('09:55:21.320'),
      data: { condition: 'DiskPressure', firstEntered: T('09:55:21.320'), lastEntered: T('09:55:21.320'), lastLeft: null, stillUnderPressure: true },
    }),
    finding('image-disk-pressure-1', 'warning', {
      messageId: 'gc-failed',
      time: T('09:56:02.000'),
      data: { failures: 4, toFree: '2.1 GiB', firstTime: T('09:56:02.000'), lastTime: T('10:01:02.000') },
    }),
    finding('runtime-errors-1', 'warning', {
      messageId: 'call-failed',
      time: T('09:58:10.000'),
      data: {
        operation: 'RunPodSandbox',
        lastError: 'failed to create containerd task: write /var/lib/containerd/x: no space left on device',
        errorSamples: [],
        firstTime: T('09:58:10.000'),
        lastTime: T('09:59:10.000'),
      },
    }),
    finding('pod-evictions-1', 'warning', {
      messageId: 'admission-rejected',
      time: T('09:57:00.000'),
      data: { conditions: 'DiskPressure', rejections: 2, pods: ['monitoring/node-exporter-x7k2m', 'web/frontend-5f6d7c8b9-zx8cv'], firstTime: T('09:57:00.000') },
    }),
    finding('filesystem-nearly-full-1', 'critical', { messageId: 'kubelet-fs-nearly-full', time: T('10:15:02.000'), data: { mountedOn: '/var/lib/containerd', usePercent: 97 } }),
  ];
  const [incident, ...rest] = buildIncidents(model([]), findings);

  it('is one incident, its steps in time order, the disk reading at collection last', () => {
    expect(rest).toEqual([]);
    expect(incident?.kind).toBe('disk-full');
    expect(incident?.chain.map((step) => [step.kind, step.findingIds])).toEqual([
      ['disk-pressure', ['node-pressure-1']],
      ['image-gc-failed', ['image-disk-pressure-1']],
      ['admission-rejected', ['pod-evictions-1']],
      ['pod-start-failed', ['runtime-errors-1']],
      ['filesystem-full', ['filesystem-nearly-full-1']],
    ]);
    expect(incident?.start).toBe(T('09:55:21.320'));
    expect(incident?.end).toBe(T('10:15:02.000'));
  });

  it('says what filled up and what it did', () => {
    expect(incident?.verdictId).toBe('disk-full');
    expect(incident?.verdictData.filesystems).toEqual(['/var/lib/containerd']);
    expect(incident?.verdictData.effects).toEqual([
      'image garbage collection failed 4 times (2.1 GiB to free)',
      'the kubelet refused 2 pods under DiskPressure',
      'RunPodSandbox failed: no space left on the device',
    ]);
    expect(incident?.verdict).not.toMatch(/[{}]/);
    expect(incident?.confidence).toBe('high');
  });
});

describe('I/O errors → hung tasks → PLEG unhealthy', () => {
  const io = [
    finding('disk-io-errors-1', 'critical', {
      messageId: 'repeated',
      time: T('09:55:31.532'),
      subject: { device: 'sdb' },
      data: { device: 'sdb', errors: 12, firstTime: T('09:55:31.532'), lastTime: T('09:57:01.000') },
    }),
    finding('filesystem-errors-1', 'warning', { messageId: 'journal-abort', time: T('09:55:32.320'), subject: { device: 'sdb1' }, data: { device: 'sdb1' } }),
    finding('hung-tasks-1', 'warning', {
      messageId: 'hung-during-io-errors',
      time: T('09:58:13.124'),
      subject: { process: 'jbd2/sdb1-8' },
      data: { process: 'jbd2/sdb1-8', longestBlockedSeconds: 120, ioErrorDevices: ['sdb'], firstTime: T('09:58:13.124') },
    }),
    finding('pleg-unhealthy-1', 'critical', { messageId: 'unhealthy', time: T('10:01:40.000'), data: { reports: 3, firstTime: T('10:01:40.000'), lastTime: T('10:09:40.000') } }),
  ];

  it('is one chain; PLEG joins it by its time alone, and the confidence says so', () => {
    const [incident, ...rest] = buildIncidents(model([]), io);
    expect(rest).toEqual([]);
    expect(incident?.kind).toBe('disk-io-failure');
    expect(incident?.chain.map((step) => step.kind)).toEqual(['io-errors', 'filesystem-errors', 'hung-tasks', 'pleg-unhealthy']);
    expect(incident?.verdictData.devices).toEqual(['sdb']);
    expect(incident?.confidence).toBe('medium');
    expect(incident?.confidenceReasons).toEqual(['time-proximity-only']);
    expect(incident?.findingIds).toEqual(['disk-io-errors-1', 'filesystem-errors-1', 'hung-tasks-1', 'pleg-unhealthy-1']);
  });

  it('without the I/O failure there is no chain: a critical PLEG stands alone, a warning stays in the catalog', () => {
    expect(kinds(buildIncidents(model([]), [io[3]!]))).toEqual(['finding']);
    expect(buildIncidents(model([]), [finding('pleg-unhealthy-1', 'warning', { time: T('10:01:40.000'), data: { reports: 1 } })])).toEqual([]);
  });

  it('a quiet gap of more than half an hour starts a new incident', () => {
    const later = finding('disk-io-errors-2', 'critical', {
      time: T('11:30:00.000'),
      subject: { device: 'sdc' },
      data: { device: 'sdc', errors: 1, firstTime: T('11:30:00.000'), lastTime: T('11:30:00.000') },
    });
    const incidents = buildIncidents(model([]), [...io, later]);
    expect(incidents.map((incident) => incident.verdictData.devices)).toEqual([['sdb'], ['sdc']]);
  });
});

describe('what is not an incident', () => {
  it('info findings and lone warnings stay in the catalog only', () => {
    const findings = [finding('probe-failures-1', 'info', { time: T('09:41:20.104') }), finding('listening-ports-1', 'info'), finding('security-denials-1', 'warning', { time: T('10:14:46.791') })];
    expect(buildIncidents(model([]), findings)).toEqual([]);
  });

  it('a critical finding no chain takes is kept as an incident of its own, its verdict its message', () => {
    const [incident] = buildIncidents(model([]), [finding('runtime-errors-1', 'critical', { messageId: 'unit-gave-up', time: T('10:00:00.000') })]);
    expect(incident).toMatchObject({ id: 'incident-1', kind: 'finding', verdictId: 'finding', verdict: 'runtime-errors message', findingIds: ['runtime-errors-1'] });
  });
});

/** A node-wide shortage (two BestEffort pods evicted, one Burstable pod killed), a workload at its own limit crash-looping, and a full disk. */
function mixedNode() {
  const kills = [
    kill('oom-kill-1', { time: T('09:15:13.881'), scope: 'global', limitLevel: null, constraint: 'CONSTRAINT_NONE', namespace: 'shop', pod: 'checkout-7d9f8b6c5-x2x9q', container: 'api', pid: 41234 }),
    kill('oom-kill-2', { time: T('09:40:51.694'), namespace: 'batch', pod: 'report-worker-5b8c9d7f6-m4kq2', container: 'worker', pid: 52210, process: 'convert' }),
    kill('oom-kill-3', { time: T('09:50:51.694'), namespace: 'batch', pod: 'report-worker-5b8c9d7f6-m4kq2', container: 'worker', pid: 52288, process: 'convert' }),
  ];
  const findings = [
    finding('pod-evictions-1', 'critical', {
      messageId: 'evicted',
      time: T('09:14:30.412'),
      data: {
        resource: 'memory',
        evictions: 2,
        pods: ['tools/debug-shell-6b7c8d9f5-k2m4p', 'batch/thumbnailer-5f6d7c8b9-w7x2z'],
        firstEviction: T('09:14:30.412'),
        firstTime: T('09:14:30.118'),
        lastTime: T('09:14:40.602'),
      },
      commands: [command('kubectl describe node worker-5')],
    }),
    finding('node-out-of-memory-1', 'critical', { messageId: 'global', time: T('09:15:13.881'), data: { kills: 1 }, commands: [command('kubectl top pods -A --sort-by=memory')] }),
    finding('container-memory-limit-1', 'critical', {
      messageId: 'repeated',
      time: T('09:50:51.694'),
      subject: { namespace: 'batch', pod: 'report-worker-5b8c9d7f6-m4kq2', container: 'worker' },
      data: { pid: 52288 },
      commands: [command('kubectl -n batch describe pod report-worker-5b8c9d7f6-m4kq2'), command('kubectl -n batch set resources deployment report-worker -c worker --limits=memory=1536Mi', true)],
    }),
    finding('crash-loop-back-off-1', 'critical', {
      messageId: 'back-off-exit',
      time: T('09:55:00.000'),
      subject: { namespace: 'batch', pod: 'report-worker-5b8c9d7f6-m4kq2', container: 'worker' },
      data: { restarts: 5, firstTime: T('09:41:00.000'), lastTime: T('09:55:00.000') },
      commands: [command('kubectl -n batch logs report-worker-5b8c9d7f6-m4kq2 -c worker --previous'), command('kubectl -n batch describe pod report-worker-5b8c9d7f6-m4kq2')],
    }),
    finding('filesystem-nearly-full-1', 'critical', { messageId: 'nearly-full', time: T('10:15:02.000'), data: { mountedOn: '/', usePercent: 96 } }),
    finding('probe-failures-1', 'info', { time: T('09:41:20.104') }),
  ];
  return { kills, findings };
}

describe('ranking by harm to workloads', () => {
  const { kills, findings } = mixedNode();
  const incidents = buildIncidents(model(kills), findings);

  it('pods killed or evicted first, then restarts; a critical disk with no pod hurt last', () => {
    expect(incidents.map((incident) => [incident.id, incident.kind, incident.harm.killedPods + incident.harm.evictedPods, incident.harm.restarts])).toEqual([
      ['incident-1', 'node-memory-shortage', 3, 0],
      ['incident-2', 'memory-limit', 1, 5],
      ['incident-3', 'disk-full', 0, 0],
    ]);
  });

  it('places each kill and the findings that follow it once, in the incident of its cause', () => {
    expect(incidents[0]).toMatchObject({ findingIds: ['pod-evictions-1', 'node-out-of-memory-1'], oomKillIds: ['oom-kill-1'] });
    expect(incidents[1]).toMatchObject({ findingIds: ['crash-loop-back-off-1', 'container-memory-limit-1'], oomKillIds: ['oom-kill-2', 'oom-kill-3'] });
    expect(incidents[1]?.workloads).toEqual([{ namespace: 'batch', owner: 'report-worker', pods: ['report-worker-5b8c9d7f6-m4kq2'], kills: 2, evictions: 0, restarts: 5 }]);
    expect(incidents[0]?.workloads.map((workload) => `${workload.namespace}/${workload.owner}`)).toEqual(['batch/thumbnailer', 'shop/checkout', 'tools/debug-shell']);
  });

  it('next steps: the first command of each member finding in chain order, then the second, three at most, each once', () => {
    expect(incidents[1]?.nextSteps.map((step) => [step.command, step.changesCluster])).toEqual([
      ['kubectl -n batch logs report-worker-5b8c9d7f6-m4kq2 -c worker --previous', false],
      ['kubectl -n batch describe pod report-worker-5b8c9d7f6-m4kq2', false],
      ['kubectl -n batch set resources deployment report-worker -c worker --limits=memory=1536Mi', true],
    ]);
    expect(incidents[0]?.nextSteps.map((step) => step.command)).toEqual(['kubectl describe node worker-5', 'kubectl top pods -A --sort-by=memory']);
    expect(incidents[2]?.nextSteps).toEqual([]);
  });

  it('the same incidents, byte for byte, whatever order the findings and kills come in', () => {
    const expected = JSON.stringify(incidents);
    const random = new SeededRandom(14);
    for (let round = 0; round < 20; round += 1) {
      const order = kills.map((_, index) => index).sort(() => random.next() - 0.5);
      const restarted = kills.map(() => false);
      const shuffledFindings = [...findings].sort(() => random.next() - 0.5);
      const shuffled = buildIncidents(
        model(
          order.map((index) => kills[index]!),
          restarted,
        ),
        shuffledFindings,
      );
      expect(JSON.stringify(shuffled)).toBe(expected);
    }
  });
});
