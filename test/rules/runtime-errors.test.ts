import { describe, expect, it } from 'vitest';
import { probeFailures } from '../../src/rules/probe-failures.js';
import { runtimeErrors } from '../../src/rules/runtime-errors.js';
import { checkRule, MANIFEST } from '../helpers/model.js';
import { at, containerdJournal, KEPT_PER_KIND, kubeletJournal, repeated, systemdJournal } from './service-journal.js';

const PULL_ERROR = String.raw`failed to get sandbox image \"registry.k8s.io/pause:3.6\": failed to pull image \"registry.k8s.io/pause:3.6\": failed to resolve reference \"registry.k8s.io/pause:3.6\": dial tcp 34.96.108.209:443: i/o timeout`;
// One sandbox failure as containerd 1.6 and kubelet 1.25 log it.
const CONTAINERD_SANDBOX = String.raw`time="2022-11-05T21:34:04.444635983+08:00" level=error msg="RunPodSandbox for &PodSandboxMetadata{Name:kube-controller-manager-master,Uid:1ab5c9e4f2d3b6a7c8d9e0f1a2b3c4d5,Namespace:kube-system,Attempt:0,} failed, error" error="${PULL_ERROR}"`;
const KUBELET_SANDBOX = [
  String.raw`E1105 21:34:04.445120    2916 remote_runtime.go:222] "RunPodSandbox from runtime service failed" err="rpc error: code = Unknown desc = ${PULL_ERROR}"`,
  String.raw`E1105 21:34:04.445230    2916 kuberuntime_manager.go:1166] "CreatePodSandbox for pod failed" err="rpc error: code = Unknown desc = ${PULL_ERROR}" pod="kube-system/kube-controller-manager-master"`,
];
// The node-pressure sample's containerd, its disk failing.
const CONTAINERD_IO_ERROR =
  'time="2026-11-27T09:55:32.322044417Z" level=error msg="failed to handle container TaskExit event" error="failed to update sandbox status: write /var/lib/containerd/io.containerd.grpc.v1.cri/sandboxes/ff05d2d5b6f0384653d9eb1ea934165b06ead9752e4c9552240708f484e176b1/status: input/output error"';

describe('runtime-errors', () => {
  it('groups a failing CRI call seen from the kubelet and from containerd into one finding', async () => {
    const spec = {
      'manifest.json': MANIFEST,
      'journal/runtime.export': containerdJournal(at('2026-11-27T09:34:04Z', [CONTAINERD_SANDBOX])),
      'journal/kubelet.export': kubeletJournal(at('2026-11-27T09:34:05Z', KUBELET_SANDBOX)),
    };
    const { findings } = await checkRule(runtimeErrors, spec);
    expect(findings).toEqual([
      expect.objectContaining({
        messageId: 'call-failed',
        severity: 'warning',
        time: '2026-11-27T09:34:04.000Z',
        data: expect.objectContaining({ operation: 'RunPodSandbox', errors: 3, components: ['containerd', 'kubelet'], pods: ['kube-system/kube-controller-manager-master'] }),
      }),
    ]);
    expect(findings[0]?.data.lastError).toContain('i/o timeout');
  });

  it('reports the runtime’s other error lines together, and exec failures as info', async () => {
    const exec = String.raw`time="2024-03-01T10:00:00.000000000Z" level=error msg="ExecSync for \"7702d083a2e7e693c46dc2360709b3f22e2248fedfc07cd7edf2273eddb5b22e\" failed" error="rpc error: code = DeadlineExceeded desc = failed to exec in container: timeout 1s exceeded: context deadline exceeded"`;
    const { findings } = await checkRule(runtimeErrors, { 'manifest.json': MANIFEST, 'journal/runtime.export': containerdJournal(at('2026-11-27T09:55:32Z', [CONTAINERD_IO_ERROR, exec])) });
    expect(findings.map((f) => [f.messageId, f.severity, f.data.operation, f.data.errors])).toEqual([
      ['runtime-errors', 'warning', null, 1],
      ['call-failed', 'info', 'ExecSync', 1],
    ]);
    expect(findings[0]?.data.lastError).toMatch(/input\/output error$/);
  });

  it("reports the kubelet's failed exec calls once each, as info with their container ids, naming the pod when the id is known", async () => {
    const id = '09f25e22157b58194127df6b7d95a50312805272a34d8a4cf7bcffbab806faa3';
    const kubeletExec = `E0709 00:32:48.042859    6781 remote_runtime.go:479] "ExecSync cmd from runtime service failed" err="rpc error: code = DeadlineExceeded desc = context deadline exceeded" containerID="${id}" cmd=[/bin/sh -c test ! -f /etc/probe/not-ready]`;
    const containerdExec = String.raw`time="2026-11-27T09:10:00.000000000Z" level=error msg="ExecSync for "${id}" failed" error="rpc error: code = DeadlineExceeded desc = failed to exec in container: timeout 5s exceeded: context deadline exceeded"`;
    const uid = '5f0c2b8e-1d3a-4c6e-9b7f-2a4d6c8e0f1a';
    const spec = {
      'manifest.json': MANIFEST,
      'journal/kubelet.export': kubeletJournal(at('2026-11-27T09:10:00Z', [kubeletExec, kubeletExec])),
      'journal/runtime.export': containerdJournal(at('2026-11-27T09:10:00Z', [containerdExec])),
      'containers.txt': `web-0_shop_probe-${id}.log\t/var/log/pods/shop_web-0_${uid}/probe/0.log\n`,
    };
    const { findings } = await checkRule(runtimeErrors, spec);
    // The probe's own "Probe failed" line is what probe-failures counts; the exec call is not counted again there.
    expect((await checkRule(probeFailures, spec)).findings).toEqual([]);
    expect(findings).toEqual([
      expect.objectContaining({
        messageId: 'call-failed',
        severity: 'info',
        data: expect.objectContaining({ operation: 'ExecSync', errors: 3, components: ['kubelet', 'containerd'], ids: [id], pods: ['shop/web-0'], containers: ['probe'] }),
      }),
    ]);
    expect(findings[0]?.evidence).toHaveLength(3);
  });

  it('reports a kubelet unit that failed until systemd gave up as critical', async () => {
    const loop = (n: number) => [
      'kubelet.service: Main process exited, code=exited, status=1/FAILURE',
      "kubelet.service: Failed with result 'exit-code'.",
      `kubelet.service: Scheduled restart job, restart counter is at ${n}.`,
    ];
    const lines = [...loop(1), ...loop(2), ...loop(3), 'kubelet.service: Start request repeated too quickly.', "kubelet.service: Failed with result 'exit-code'."];
    const { findings } = await checkRule(runtimeErrors, { 'manifest.json': MANIFEST, 'journal/kubelet.export': systemdJournal('kubelet.service', at('2026-11-27T09:00:00Z', lines, 10)) });
    expect(findings).toEqual([
      expect.objectContaining({
        messageId: 'unit-gave-up',
        severity: 'critical',
        subject: { process: 'kubelet' },
        data: expect.objectContaining({ unit: 'kubelet.service', failures: 4, restarts: 3, restartCounter: 3, startLimitHit: true, downAtEnd: true, lastResult: 'exit-code', lastExitCode: 1 }),
      }),
    ]);
  });

  it('reports a runtime unit that was OOM-killed and restarted as a warning, and ignores other units', async () => {
    const containerd = systemdJournal(
      'containerd.service',
      at('2026-11-27T09:00:00Z', [
        'containerd.service: A process of this unit has been killed by the OOM killer.',
        'containerd.service: Main process exited, code=killed, status=9/KILL',
        "containerd.service: Failed with result 'oom-kill'.",
        'containerd.service: Scheduled restart job, restart counter is at 1.',
        'Started containerd.service - containerd container runtime.',
      ]),
    );
    const mysql = systemdJournal('mysql.service', at('2026-11-27T09:00:00Z', ['mysql.service: A process of this unit has been killed by the OOM killer.']));
    const { findings } = await checkRule(runtimeErrors, { 'manifest.json': MANIFEST, 'journal/runtime.export': containerd + mysql });
    expect(findings).toEqual([
      expect.objectContaining({
        messageId: 'unit-failing',
        severity: 'warning',
        data: expect.objectContaining({ unit: 'containerd.service', failures: 1, restarts: 1, oomKills: 1, downAtEnd: false, lastResult: 'oom-kill', lastSignal: 'KILL' }),
      }),
    ]);
  });

  it('does not fire on a runtime that logs no errors', async () => {
    const quiet = containerdJournal(
      at('2026-11-27T09:00:00Z', ['time="2026-11-27T09:39:40.164102417Z" level=info msg="shim disconnected" id=c4fbcf026b6fcdd3f1c2e2772db8514e8ec8c4d727f0673a7e05eca0a7ee83a8']),
    );
    const { run, findings } = await checkRule(runtimeErrors, { 'manifest.json': MANIFEST, 'journal/runtime.export': quiet });
    expect(run).toEqual({ ruleId: 'runtime-errors', status: 'ran', findings: 0 });
    expect(findings).toEqual([]);
  });
});

describe('runtime-errors on a node that logged more error lines than the reader keeps', () => {
  // containerd 1.7 failing an exec probe's command every 10 s for hours (the exec line above).
  const execFailed = (_klog: string, iso: string) =>
    String.raw`time="${iso.replace('Z', '000000Z')}" level=error msg="ExecSync for \"7702d083a2e7e693c46dc2360709b3f22e2248fedfc07cd7edf2273eddb5b22e\" failed" error="rpc error: code = DeadlineExceeded desc = failed to exec in container: timeout 1s exceeded: context deadline exceeded"`;
  const spec = (execs: number) => ({
    'manifest.json': MANIFEST,
    'journal/runtime.export': containerdJournal([...repeated('2026-11-26T09:00:00Z', execs, 10, execFailed), ...at('2026-11-27T09:55:32Z', [CONTAINERD_IO_ERROR])]),
  });
  const summary = (findings: Awaited<ReturnType<typeof checkRule>>['findings']) =>
    findings.map((finding) => [finding.messageId, finding.data.operation, finding.data.errors, finding.data.eventsNotKept, finding.data.countIsLowerBound]);

  it('counts the kept error lines as a floor, for every operation of the kind', async () => {
    const { findings } = await checkRule(runtimeErrors, spec(1200));
    expect(summary(findings)).toEqual([
      ['runtime-errors', null, 1, 201, true],
      ['call-failed', 'ExecSync', KEPT_PER_KIND - 1, 201, true],
    ]);
    expect(findings[1]?.message).toContain(`ExecSync failed: at least ${KEPT_PER_KIND - 1} error lines`);
  });

  it('counts exactly when every error line was kept', async () => {
    const { findings } = await checkRule(runtimeErrors, spec(KEPT_PER_KIND - 1));
    expect(summary(findings)).toEqual([
      ['runtime-errors', null, 1, 0, false],
      ['call-failed', 'ExecSync', KEPT_PER_KIND - 1, 0, false],
    ]);
  });
});
