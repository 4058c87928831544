import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { crashLoopBackOff } from '../../src/rules/crash-loop-back-off.js';
import { checkRule, MANIFEST } from '../helpers/model.js';
import { at, entryLine, KEPT_PER_KIND, kubeletJournal, repeated } from './service-journal.js';

const fixture = (name: string) => readFileSync(new URL(`../sources/crictl/fixtures/${name}`, import.meta.url), 'utf8');

// kubelet 1.31: the sync error and the BackOff event it records, for the same back-off.
const BACK_OFF = String.raw`E1127 10:15:00.591290     812 pod_workers.go:1301] "Error syncing pod, skipping" err="failed to \"StartContainer\" for \"api\" with CrashLoopBackOff: \"back-off 10s restarting failed container=api pod=checkout-7d9f8b6c5-x2x9q_shop(6f1e2d3c-4b5a-4978-8c1d-2e3f4a5b6c7d)\"" pod="shop/checkout-7d9f8b6c5-x2x9q" podUID="6f1e2d3c-4b5a-4978-8c1d-2e3f4a5b6c7d"`;
const BACK_OFF_EVENT =
  'I1127 10:15:00.601290     812 event.go:389] "Event occurred" object="shop/checkout-7d9f8b6c5-x2x9q" fieldPath="spec.containers{api}" kind="Pod" apiVersion="v1" type="Warning" reason="BackOff" message="Back-off restarting failed container api in pod checkout-7d9f8b6c5-x2x9q_shop(6f1e2d3c-4b5a-4978-8c1d-2e3f4a5b6c7d)"';
// A real kube-apiserver at the longest back-off.
const MAX_BACK_OFF = String.raw`E0212 16:04:12.927526   12104 pod_workers.go:1298] "Error syncing pod, skipping" err="failed to \"StartContainer\" for \"kube-apiserver\" with CrashLoopBackOff: \"back-off 5m0s restarting failed container=kube-apiserver pod=kube-apiserver-ip-172-31-17-197_kube-system(0332406a2c4a3de48df62d6a3422892b)\"" pod="kube-system/kube-apiserver-ip-172-31-17-197" podUID="0332406a2c4a3de48df62d6a3422892b"`;

/** `crictl ps -a -o json` with the given attempts of one container, in the real layout. */
function crictlPs(attempts: { attempt: number; state: string }[]): string {
  const containers = attempts.map(({ attempt, state }) => ({
    id: attempt.toString(16).padStart(64, 'a'),
    podSandboxId: 'd6e53ef2395cf6904d7a9b04c6853e54452b87d9e72c2046c1688655bbdfa9c1',
    metadata: { name: 'worker', attempt },
    image: { image: 'sha256:38cba342105cb4e0da9ebddc273f16b2bc7684ec98457097534a9ee122b9aabe' },
    imageRef: 'sha256:38cba342105cb4e0da9ebddc273f16b2bc7684ec98457097534a9ee122b9aabe',
    state,
    createdAt: String(1795689902080000000 + attempt * 60_000_000_000),
    labels: {
      'io.kubernetes.container.name': 'worker',
      'io.kubernetes.pod.name': 'report-worker-5b8c9d7f6-m4kq2',
      'io.kubernetes.pod.namespace': 'batch',
      'io.kubernetes.pod.uid': '0c8d7e6f-1a2b-4c3d-9e8f-7a6b5c4d3e2f',
    },
  }));
  return JSON.stringify({ containers }, null, 2);
}

describe('crash-loop-back-off', () => {
  it('reports a container in back-off with its restarts and how the last attempt ended (crictl)', async () => {
    const spec = {
      'manifest.json': MANIFEST,
      'journal/kubelet.export': kubeletJournal(at('2026-11-27T10:15:00Z', [BACK_OFF, BACK_OFF_EVENT])),
      'runtime/crictl-ps.json': fixture('crictl-ps-containerd.json'),
      'runtime/inspect/3b1f9c0d2e4a.json': fixture('crictl-inspect-oomkilled.json'),
    };
    const { findings } = await checkRule(crashLoopBackOff, spec);
    expect(findings).toEqual([
      expect.objectContaining({
        messageId: 'back-off-exit',
        severity: 'warning',
        subject: { namespace: 'shop', pod: 'checkout-7d9f8b6c5-x2x9q', container: 'api' },
        time: '2026-11-27T10:15:00.000Z',
        data: expect.objectContaining({
          backOffs: 1,
          maxBackOff: '10s',
          maxBackOffSeconds: 10,
          restarts: 1,
          running: true,
          lastExitCode: 137,
          lastExitReason: 'OOMKilled',
          lastExitAt: '2026-11-27T10:14:58.900Z',
        }),
      }),
    ]);
    expect(findings[0]?.evidence).toEqual([
      expect.objectContaining({ path: 'journal/kubelet.export', line: entryLine(0) }),
      expect.objectContaining({ path: 'runtime/inspect/3b1f9c0d2e4a.json', line: null }),
      expect.objectContaining({ path: 'runtime/crictl-ps.json', line: null }),
    ]);
  });

  it('is critical once the back-off reached the 5 minute maximum', async () => {
    const { findings } = await checkRule(crashLoopBackOff, { 'manifest.json': MANIFEST, 'journal/kubelet.export': kubeletJournal(at('2026-11-27T10:00:00Z', [MAX_BACK_OFF, MAX_BACK_OFF])) });
    expect(findings).toEqual([
      expect.objectContaining({
        messageId: 'back-off',
        severity: 'critical',
        data: expect.objectContaining({ namespace: 'kube-system', pod: 'kube-apiserver-ip-172-31-17-197', container: 'kube-apiserver', maxBackOffSeconds: 300, restarts: null, lastExitCode: null }),
      }),
    ]);
  });

  it('reports from crictl alone a container restarted often whose newest attempt is not running', async () => {
    const ps = crictlPs([0, 1, 2, 3, 4].map((attempt) => ({ attempt, state: 'CONTAINER_EXITED' })));
    const { findings } = await checkRule(crashLoopBackOff, { 'manifest.json': MANIFEST, 'runtime/crictl-ps.json': ps });
    expect(findings).toEqual([
      expect.objectContaining({
        messageId: 'restarting',
        severity: 'warning',
        data: expect.objectContaining({ namespace: 'batch', pod: 'report-worker-5b8c9d7f6-m4kq2', container: 'worker', restarts: 4, running: false, backOffs: 0 }),
      }),
    ]);
  });

  it('does not fire for a restarted container that runs again, nor for a few restarts', async () => {
    const running = crictlPs([0, 1, 2, 3, 4].map((attempt) => ({ attempt, state: attempt === 4 ? 'CONTAINER_RUNNING' : 'CONTAINER_EXITED' })));
    expect((await checkRule(crashLoopBackOff, { 'manifest.json': MANIFEST, 'runtime/crictl-ps.json': running })).findings).toEqual([]);
    const few = crictlPs([0, 1].map((attempt) => ({ attempt, state: 'CONTAINER_EXITED' })));
    const { run, findings } = await checkRule(crashLoopBackOff, { 'manifest.json': MANIFEST, 'runtime/crictl-ps.json': few });
    expect(run).toEqual({ ruleId: 'crash-loop-back-off', status: 'ran', findings: 0 });
    expect(findings).toEqual([]);
  });
});

describe('crash-loop-back-off on a node that logged more back-offs than the reader keeps', () => {
  // The kube-apiserver line above, every 10 s as the kubelet retries its sync during the 5 min back-off.
  const backOff = (klog: string) => MAX_BACK_OFF.replace('E0212 16:04:12.927526', `E${klog}`);
  const spec = (backOffs: number) => ({
    'manifest.json': MANIFEST,
    'journal/kubelet.export': kubeletJournal(repeated('2026-11-26T09:00:00Z', backOffs, 10, backOff)),
    'runtime/crictl-ps.json': crictlPs([0, 1, 2, 3, 4].map((attempt) => ({ attempt, state: 'CONTAINER_EXITED' }))),
  });
  const summary = (findings: Awaited<ReturnType<typeof checkRule>>['findings']) =>
    findings.map((finding) => [finding.messageId, finding.data.container, finding.data.backOffs, finding.data.eventsNotKept, finding.data.countIsLowerBound]);

  it('counts the kept back-off messages as a floor, also for the container seen only in crictl', async () => {
    const { findings } = await checkRule(crashLoopBackOff, spec(1200));
    expect(summary(findings)).toEqual([
      ['back-off', 'kube-apiserver', KEPT_PER_KIND, 200, true],
      // No kept line names it; the 200 lost ones might.
      ['restarting', 'worker', 0, 200, true],
    ]);
    expect(findings[0]?.message).toContain(`(at least ${KEPT_PER_KIND} back-off messages)`);
  });

  it('counts exactly when every back-off message was kept', async () => {
    const { findings } = await checkRule(crashLoopBackOff, spec(KEPT_PER_KIND));
    expect(summary(findings)).toEqual([
      ['back-off', 'kube-apiserver', KEPT_PER_KIND, 0, false],
      ['restarting', 'worker', 0, 0, false],
    ]);
  });
});
