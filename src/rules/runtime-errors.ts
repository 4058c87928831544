/**
 * The container runtime failing the kubelet, and the node's own services failing. Lines
 * (kubelet-pod-classifiers.ts, runtime-classifiers.ts, systemd-classifier.ts):
 *
 *   "RunPodSandbox from runtime service failed" err="rpc error: code = Unknown desc = failed to create containerd task: …"
 *   "ExecSync cmd from runtime service failed" err="rpc error: code = DeadlineExceeded desc = context deadline exceeded" containerID="09f2…" cmd=[…]
 *   time="2022-11-05T21:34:04.444635983+08:00" level=error msg="RunPodSandbox for &PodSandboxMetadata{Name:kube-controller-manager-master,…} failed, error" error="failed to get sandbox image …"
 *   kubelet.service: Failed with result 'exit-code'.
 *   kubelet.service: Start request repeated too quickly.
 *
 * One finding per CRI operation (the kubelet's and the runtime's lines about the same failure
 * together), one for the runtime's other error lines, and one per node service unit that failed,
 * was OOM-killed, restarted or gave up.
 */
import type { NodeModel } from '../model/index.js';
import type { UnitState } from '../sources/services/index.js';
import { defineRule, type FindingInput } from './define-rule.js';
import { eventEvidence, eventsOf, notKeptData, podName, timeSpan, type EventOf, type NotKeptData, lacksServiceLines } from './service-event-helpers.js';
import { distinct, groupBy } from './rule-helpers.js';
import { remedyFacts, sh, suggest, unitLogs } from './command-helpers.js';
import { kubeletLogs, runtimeService } from './node-command-helpers.js';
import { describePod, runtimeExit } from './pod-command-helpers.js';

/** The units that run the node's Kubernetes: kubelet and runtimes, and the distributions that bundle both. */
const NODE_UNITS = /^(?:kubelet|containerd|crio|cri-o|docker|cri-docker|k3s|k3s-agent|rke2-server|rke2-agent|snap\.microk8s\.daemon-kubelite)\.service$/;
/** Exec calls fail whenever an exec probe's command does: probe-failures tells that story. */
const EXEC_OPERATIONS = new Set(['ExecSync', 'Exec']);
/** The kubelet's name for a CRI call → the call (its CreatePodSandbox is the runtime's RunPodSandbox). */
const OPERATION_ALIASES: Record<string, string> = { CreatePodSandbox: 'RunPodSandbox' };
const MAX_LISTED = 10;
/** Go errors wrap outward (`rpc error: …: failed to pull: …: i/o timeout`): the cause is at the end, so long ones keep both ends. */
const MAX_ERROR_TEXT = 300;
const MAX_ERROR_SAMPLES = 3;

type RuntimeErrorEvent = EventOf<'runtime-error'>;
type UnitEvent = EventOf<'unit-state'>;
type MessageId = 'call-failed' | 'runtime-errors' | 'unit-gave-up' | 'unit-down' | 'unit-failing';

export const runtimeErrors = defineRule({
  id: 'runtime-errors',
  title: 'Container runtime errors and failing node services',
  severity: 'warning',
  severities: {
    critical: 'a node service gave up restarting or was left failed',
    warning: 'runtime errors, or a service that failed and recovered',
    info: 'errors of exec calls (ExecSync, Exec) only',
  },
  requires: [['journal', 'kernel']],
  lacks: lacksServiceLines,
  messages: {
    'call-failed': '{operation} failed: {errors|atLeast:error line} from {components}; last error: {lastError}',
    'runtime-errors': '{components} logged {errors|atLeast:other error line}; last: {lastError}',
    'unit-gave-up': '{unit} failed {failures|atLeast:time} until systemd stopped restarting it (start limit hit)',
    'unit-down': '{unit} failed and had not started again when the logs end ({failures|atLeast:failure}, last result {lastResult})',
    'unit-failing': '{unit} failed {failures|atLeast:time}, was restarted {restarts|atLeast:time} and had {oomKills|atLeast:process} OOM-killed',
  },
  commands(finding, model) {
    const facts = remedyFacts(model);
    const unit = typeof finding.data.unit === 'string' ? finding.data.unit : null;
    if (unit !== null) {
      return [
        suggest(`whether ${unit} runs now, and its last exit`, sh`systemctl status ${unit} --no-pager`),
        suggest(`why systemd stopped or restarted ${unit}`, unitLogs([unit], finding.time, 'Failed with result|Scheduled restart job|Start request repeated|Main process exited')),
        suggest(`clear the failed state and start ${unit} again (restarts the service)`, sh`systemctl reset-failed ${unit} && systemctl restart ${unit}`, true),
      ];
    }
    const pods = Array.isArray(finding.data.pods) ? finding.data.pods.map(String) : [];
    const ids = Array.isArray(finding.data.ids) ? finding.data.ids.map(String) : [];
    const first = pods[0]?.split('/') ?? [];
    return [
      ...runtimeService(facts, finding.time),
      kubeletLogs(facts, finding.time, 'from runtime service failed|rpc error'),
      first.length === 2 ? describePod({ namespace: first[0], pod: first[1] }, 'the pod: FailedCreatePodSandBox, CreateContainerError and other events') : null,
      runtimeExit(facts, ids[0]),
    ];
  },
  check(model, report) {
    const errors = eventsOf(model, ['runtime-error']);
    const owners = containerOwners(model);
    const errorsNotKept = notKeptData(model, ['runtime-error']);
    for (const [operation, group] of groupBy(errors, (event) => (event.operation ? (OPERATION_ALIASES[event.operation] ?? event.operation) : '')))
      report(operationFinding(operation || null, group, owners, errorsNotKept));
    const units = eventsOf(model, ['unit-state']).filter((event) => NODE_UNITS.test(event.unit));
    const unitsNotKept = notKeptData(model, ['unit-state']);
    for (const [unit, group] of groupBy(units, (event) => event.unit)) {
      const finding = unitFinding(unit, group, unitsNotKept);
      if (finding) report(finding);
    }
  },
});

type ContainerOwners = Map<string, { pod: string; container: string }>;

/** Container id → the pod and container it ran as, from the pod catalog: the kubelet's ExecSync line names only the id. */
function containerOwners(model: NodeModel): ContainerOwners {
  const owners: ContainerOwners = new Map();
  for (const pod of model.pods) {
    const name = pod.name === null ? pod.uid : podName({ namespace: pod.namespace, name: pod.name, uid: pod.uid });
    for (const container of pod.containers) for (const id of container.ids) owners.set(id, { pod: name, container: container.name });
  }
  return owners;
}

function operationFinding(operation: string | null, events: readonly RuntimeErrorEvent[], owners: ContainerOwners, notKept: NotKeptData): FindingInput<MessageId> {
  const span = timeSpan(events);
  const errorTexts = events.map((event) => (event.error ? clipMiddle(event.error, MAX_ERROR_TEXT) : null));
  const ownerOf = (event: RuntimeErrorEvent) => (event.id ? owners.get(event.id) : undefined);
  return {
    messageId: operation ? 'call-failed' : 'runtime-errors',
    severity: operation && EXEC_OPERATIONS.has(operation) ? 'info' : 'warning',
    data: {
      operation,
      errors: events.length,
      components: distinct(
        events.map((event) => event.component),
        Number.POSITIVE_INFINITY,
      ),
      pods: distinct(
        events.map((event) => (event.pod ? podName(event.pod) : (ownerOf(event)?.pod ?? null))),
        MAX_LISTED,
      ),
      containers: distinct(
        events.map((event) => event.container ?? ownerOf(event)?.container ?? null),
        MAX_LISTED,
      ),
      /** Container or sandbox ids as logged. */
      ids: distinct(
        events.map((event) => event.id),
        MAX_LISTED,
      ),
      lastError: errorTexts.filter((text) => text !== null).at(-1) ?? null,
      errorSamples: distinct(errorTexts, MAX_ERROR_SAMPLES),
      ...span,
      ...notKept,
    },
    subject: null,
    time: span.firstTime,
    evidence: eventEvidence(events),
  };
}

function unitFinding(unit: string, events: readonly UnitEvent[], notKept: NotKeptData): FindingInput<MessageId> | null {
  const count = (state: UnitState) => events.filter((event) => event.state === state).length;
  const failed = events.filter((event) => event.state === 'failed');
  const failures = failed.length || events.filter((event) => event.state === 'exited' && ((event.exitCode ?? 0) !== 0 || event.signal !== null)).length;
  const restarts = count('restart-scheduled');
  const oomKills = count('oom-killed');
  const gaveUp = count('start-limit-hit') > 0;
  if (failures === 0 && restarts === 0 && oomKills === 0 && !gaveUp) return null;
  const lastState = events.at(-1)?.state;
  const down = lastState === 'failed' || lastState === 'start-limit-hit';
  const lastExit = events.filter((event) => event.state === 'exited').at(-1);
  const problems = events.filter((event) => event.state !== 'started' && event.state !== 'stopped');
  const span = timeSpan(problems);
  const messageId: MessageId = gaveUp ? 'unit-gave-up' : down ? 'unit-down' : 'unit-failing';
  return {
    messageId,
    severity: gaveUp || down ? 'critical' : 'warning',
    data: {
      unit,
      failures,
      restarts,
      restartCounter: Math.max(0, ...events.map((event) => event.restartCounter ?? 0)) || null,
      oomKills,
      startLimitHit: gaveUp,
      downAtEnd: down,
      lastResult: failed.at(-1)?.result ?? null,
      lastExitCode: lastExit?.exitCode ?? null,
      lastSignal: lastExit?.signal ?? null,
      ...span,
      ...notKept,
    },
    subject: { process: unit.replace(/\.service$/, '') },
    time: span.lastTime,
    evidence: eventEvidence(problems),
  };
}

function clipMiddle(text: string, max: number): string {
  if (text.length <= max) return text;
  const head = Math.floor(max / 3);
  return `${text.slice(0, head)}…${text.slice(text.length - (max - head - 1))}`;
}
