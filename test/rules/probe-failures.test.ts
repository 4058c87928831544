import { describe, expect, it } from 'vitest';
import { probeFailures } from '../../src/rules/probe-failures.js';
import { checkRule, MANIFEST } from '../helpers/model.js';
import { at, KEPT_PER_KIND, kubeletJournal, repeated } from './service-journal.js';

// The Kubernetes liveness-exec example on kubelet 1.30: klog prints the probe output as a block
// (`output=<`, tab-indented lines, ` >`) that journald stores as separate entries.
const livenessFailure = (second: number) => [
  `I0516 18:34:${second}.885628    4052 prober.go:107] "Probe failed" probeType="Liveness" pod="default/liveness-exec" podUID="93e17ecc-ab55-461a-b526-29248d2554ad" containerName="liveness" probeResult="failure" output=<`,
  "\tcat: can't open '/tmp/healthy': No such file or directory",
  ' >',
  `I0516 18:34:${second}.886000    4052 event.go:389] "Event occurred" object="default/liveness-exec" fieldPath="spec.containers{liveness}" kind="Pod" apiVersion="v1" type="Warning" reason="Unhealthy" message="Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory"`,
];
const LIVENESS_KILL = [
  'I0516 18:34:49.885576    4052 kuberuntime_manager.go:1027] "Message for Container of pod" containerName="liveness" containerStatusID={"Type":"containerd","ID":"05657a9c673d612aedd955a65136ccca36b82ba987831de7844cdc0238f1d707"} pod="default/liveness-exec" containerMessage="Container liveness failed liveness probe, will be restarted"',
  'I0516 18:34:49.885999    4052 event.go:389] "Event occurred" object="default/liveness-exec" fieldPath="spec.containers{liveness}" kind="Pod" apiVersion="v1" type="Normal" reason="Killing" message="Container liveness failed liveness probe, will be restarted"',
];
const readinessFailure = (second: number) =>
  `I0507 11:59:${second}.133005    3782 prober.go:107] "Probe failed" probeType="Readiness" pod="loki-dev-014/loki-dev-014-rollout-operator-58fc68b876-2qhmp" podUID="e6504036-2514-4ecc-b78c-c47061f60c9f" containerName="rollout-operator" probeResult="failure" output="HTTP probe failed with statuscode: 500"`;

describe('probe-failures', () => {
  it('reports liveness failures that got the container restarted as a warning, counting each failure once', async () => {
    const lines = [...livenessFailure(29), ...livenessFailure(34), ...livenessFailure(39), ...LIVENESS_KILL];
    const { findings } = await checkRule(probeFailures, { 'manifest.json': MANIFEST, 'journal/kubelet.export': kubeletJournal(at('2026-11-27T09:00:00Z', lines)) });
    expect(findings).toEqual([
      expect.objectContaining({
        messageId: 'restarted',
        severity: 'warning',
        subject: { namespace: 'default', pod: 'liveness-exec', container: 'liveness' },
        data: expect.objectContaining({ probeType: 'Liveness', failures: 3, kills: 1, lastResult: 'failure', lastOutput: "cat: can't open '/tmp/healthy': No such file or directory" }),
      }),
    ]);
  });

  it('reports readiness failures past the failure threshold as info, with the last output', async () => {
    const lines = [readinessFailure(37), readinessFailure(47), readinessFailure(57)];
    const { findings } = await checkRule(probeFailures, { 'manifest.json': MANIFEST, 'journal/kubelet.export': kubeletJournal(at('2026-11-27T09:00:00Z', lines, 10)) });
    expect(findings).toEqual([
      expect.objectContaining({
        messageId: 'failing',
        severity: 'info',
        time: '2026-11-27T09:00:20.000Z',
        data: expect.objectContaining({
          namespace: 'loki-dev-014',
          container: 'rollout-operator',
          probeType: 'Readiness',
          failures: 3,
          kills: 0,
          lastOutput: 'HTTP probe failed with statuscode: 500',
          firstTime: '2026-11-27T09:00:00.000Z',
        }),
      }),
    ]);
  });

  it('reads the pre-1.20 wording from a syslog file', async () => {
    // k8s ≤ 1.19 prober.go: `%s probe for %q failed (%v): %s`.
    const old = (s: number) =>
      `Aug  9 06:39:${s} node-5 kubelet[13117]: I0809 06:39:${s}.340592   13117 prober.go:106] Liveness probe for "basecore-iapi-xlobo-com-5b9ff9c65d-plj4d_ymt-pro(344ce7ef-9afc-11e8-bf1e-9457a56b2f81):basecore-iapi-xlobo-com" failed (failure): Get http://10.200.109.68:6766/warmup: net/http: request canceled (Client.Timeout exceeded while awaiting headers)`;
    const { findings } = await checkRule(probeFailures, { 'manifest.json': MANIFEST, 'kernel/messages': [old(24), old(34), old(44)].join('\n') + '\n' });
    expect(findings).toEqual([
      expect.objectContaining({ messageId: 'failing', data: expect.objectContaining({ namespace: 'ymt-pro', pod: 'basecore-iapi-xlobo-com-5b9ff9c65d-plj4d', probeType: 'Liveness', failures: 3 }) }),
    ]);
  });

  it('does not fire for fewer failures than the default failure threshold', async () => {
    const { run, findings } = await checkRule(probeFailures, {
      'manifest.json': MANIFEST,
      'journal/kubelet.export': kubeletJournal(at('2026-11-27T09:00:00Z', [readinessFailure(37), readinessFailure(47)])),
    });
    expect(run).toEqual({ ruleId: 'probe-failures', status: 'ran', findings: 0 });
    expect(findings).toEqual([]);
  });
});

describe('probe-failures on a node that logged more failures than the reader keeps', () => {
  // The readiness line above, at its real cadence (periodSeconds 10), as a failing probe repeats it for hours.
  const readiness = (klog: string) =>
    `I${klog}    3782 prober.go:107] "Probe failed" probeType="Readiness" pod="loki-dev-014/loki-dev-014-rollout-operator-58fc68b876-2qhmp" podUID="e6504036-2514-4ecc-b78c-c47061f60c9f" containerName="rollout-operator" probeResult="failure" output="HTTP probe failed with statuscode: 500"`;
  const other = (klog: string) =>
    `I${klog}    3782 prober.go:107] "Probe failed" probeType="Readiness" pod="shop/checkout-7d9f8b6c5-x2x9q" podUID="6f1e2d3c-4b5a-4978-8c1d-2e3f4a5b6c7d" containerName="api" probeResult="failure" output="Get \\"http://10.244.1.7:8080/ready\\": dial tcp 10.244.1.7:8080: connect: connection refused"`;
  const journal = (failures: number) => kubeletJournal([...repeated('2026-11-26T09:00:00Z', failures, 10, readiness), ...repeated('2026-11-27T09:00:00Z', 3, 10, other)]);

  it('counts the kept failures as a floor, on every container, when the journal held 1,203', async () => {
    const { findings } = await checkRule(probeFailures, { 'manifest.json': MANIFEST, 'journal/kubelet.export': journal(1200) });
    expect(findings.map((finding) => [finding.subject?.pod, finding.data.failures, finding.data.eventsNotKept, finding.data.countIsLowerBound])).toEqual([
      ['loki-dev-014-rollout-operator-58fc68b876-2qhmp', KEPT_PER_KIND - 3, 203, true],
      // Its three lines were all kept, but which container the 203 lost lines were about is not known.
      ['checkout-7d9f8b6c5-x2x9q', 3, 203, true],
    ]);
    expect(findings[0]?.message).toContain(`probe failed at least ${KEPT_PER_KIND - 3} times`);
  });

  it('counts exactly when every failure was kept', async () => {
    const { findings } = await checkRule(probeFailures, { 'manifest.json': MANIFEST, 'journal/kubelet.export': journal(KEPT_PER_KIND - 3) });
    expect(findings.map((finding) => [finding.data.failures, finding.data.eventsNotKept, finding.data.countIsLowerBound])).toEqual([
      [KEPT_PER_KIND - 3, 0, false],
      [3, 0, false],
    ]);
    expect(findings[0]?.message).toContain(`probe failed ${KEPT_PER_KIND - 3} times`);
  });
});
