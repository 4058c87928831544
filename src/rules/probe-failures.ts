/**
 * Liveness, readiness and startup probes that failed, per container and probe type, and the
 * restarts the kubelet made because of them. Lines (kubelet-pod-classifiers.ts):
 *
 *   "Probe failed" probeType="Liveness" pod="default/liveness-exec" podUID="93e1…" containerName="liveness" probeResult="failure" output="HTTP probe failed with statuscode: 500"
 *   "Message for Container of pod" containerName="liveness" … pod="default/liveness-exec" containerMessage="Container liveness failed liveness probe, will be restarted"
 *
 * A failing readiness probe takes the pod out of its Services; a failing liveness or startup probe
 * gets the container killed and restarted, which is a warning.
 */
import type { ProbeType } from '../sources/services/index.js';
import type { NodeModel } from '../model/index.js';
import { defineRule } from './define-rule.js';
import { Raw, remedyFacts, sh, suggest } from './command-helpers.js';
import { currentLogs, describePod, podEvents, podServiceLogs, previousLogs } from './pod-command-helpers.js';
import { byTime, eventEvidence, eventsOf, notKeptData, podName, preferDetailed, timeSpan, type EventOf, lacksServiceLines } from './service-event-helpers.js';

/**
 * Fewer failures than the kubelet's default failureThreshold (3) change nothing: a probe that
 * failed once or twice while the app was starting is not a finding unless it led to a kill.
 */
const MIN_FAILURES = 3;
const MAX_OUTPUT = 300;
const KINDS = ['probe-failed', 'container-killing'] as const;

type ProbeEvent = EventOf<'probe-failed'>;
type KillEvent = EventOf<'container-killing'>;

interface ProbeGroup {
  namespace: string | null;
  pod: string | null;
  container: string | null;
  probeType: ProbeType | null;
  failures: ProbeEvent[];
  kills: KillEvent[];
}

export const probeFailures = defineRule({
  id: 'probe-failures',
  title: 'Failing liveness, readiness or startup probes',
  severity: 'info',
  severities: {
    warning: 'the failing probe made the kubelet kill the container',
    info: 'probes failed without a kill',
  },
  requires: [['journal', 'kernel']],
  lacks: lacksServiceLines,
  messages: {
    failing: '{namespace}/{pod} container {container}: {probeType} probe failed {failures|atLeast:time} (last output: {lastOutput})',
    restarted: '{namespace}/{pod} container {container}: {probeType} probe failed {failures|atLeast:time} and the kubelet restarted the container {kills|atLeast:time} (last output: {lastOutput})',
  },
  check(model, report) {
    const notKept = notKeptData(model, KINDS);
    const groups = new Map<string, ProbeGroup>();
    const groupOf = (pod: ProbeEvent['pod'], container: string | null, probeType: ProbeType | null): ProbeGroup => {
      const key = [pod ? podName(pod) : '', container ?? '', probeType ?? ''].join('\u0000');
      let group = groups.get(key);
      if (!group) groups.set(key, (group = { namespace: pod?.namespace ?? null, pod: pod?.name ?? null, container, probeType, failures: [], kills: [] }));
      return group;
    };
    for (const event of eventsOf(model, ['probe-failed'])) groupOf(event.pod, event.container, event.probeType).failures.push(event);
    for (const event of eventsOf(model, ['container-killing'])) {
      const probeType = killingProbe(event.reason);
      if (probeType) groupOf(event.pod, event.container, probeType).kills.push(event);
    }
    for (const group of withUnnamedMerged([...groups.values()])) {
      // The kubelet's own line carries the result; the recorded "Unhealthy" event repeats it without.
      const failures = preferDetailed(group.failures, (event) => event.result !== null);
      const kills = preferDetailed(group.kills, (event) => event.containerId !== null);
      if (kills.length === 0 && failures.length < MIN_FAILURES) continue;
      const last = failures.at(-1);
      const span = timeSpan([...failures, ...kills].sort(byTime));
      report({
        messageId: kills.length > 0 ? 'restarted' : 'failing',
        severity: kills.length > 0 ? 'warning' : 'info',
        data: {
          namespace: group.namespace,
          pod: group.pod,
          container: group.container,
          probeType: group.probeType,
          failures: failures.length,
          kills: kills.length,
          lastResult: last?.result ?? null,
          lastOutput: last?.output ? last.output.slice(0, MAX_OUTPUT) : null,
          ...span,
          ...notKept,
        },
        subject: { namespace: group.namespace, pod: group.pod, container: group.container },
        time: span.lastTime,
        evidence: [...eventEvidence(kills), ...eventEvidence(failures)],
        commands: probeCommands(model, group, kills.length > 0, span.lastTime),
      });
    }
  },
});

/** The probe as configured, its failures as the pod's events, and the container's log. */
function probeCommands(model: NodeModel, group: ProbeGroup, restarted: boolean, time: string | null) {
  const ref = { namespace: group.namespace, pod: group.pod, container: group.container };
  const field = `${(group.probeType ?? 'liveness').toLowerCase()}Probe`;
  const probeSpec = `'{range .spec.containers[*]}{.name}{": "}{.${field}}{"\\n"}{end}'`;
  return [
    describePod(ref, 'the pod: its probes and the Unhealthy events'),
    suggest(`the ${field} of each container: path, port, timeouts and thresholds`, sh`kubectl -n ${ref.namespace} get pod ${ref.pod} -o jsonpath=${new Raw(probeSpec)}`),
    restarted ? previousLogs(ref) : currentLogs(ref),
    podEvents(ref),
    podServiceLogs(remedyFacts(model), ref.pod, time),
  ];
}

/**
 * The recorded event (`reason="Unhealthy" message="Liveness probe failed: …"`) names the pod but
 * not the container: its failures belong to the one container of that pod whose probe of that
 * type failed, when there is exactly one.
 */
function withUnnamedMerged(groups: ProbeGroup[]): ProbeGroup[] {
  const kept: ProbeGroup[] = [];
  for (const group of groups) {
    const named =
      group.container === null ? groups.filter((other) => other.container !== null && other.namespace === group.namespace && other.pod === group.pod && other.probeType === group.probeType) : [];
    if (named.length === 1) {
      const target = named[0] as ProbeGroup;
      target.failures = [...target.failures, ...group.failures].sort(byTime);
      target.kills = [...target.kills, ...group.kills].sort(byTime);
    } else kept.push(group);
  }
  return kept;
}

/** `Container liveness failed liveness probe, will be restarted` → `Liveness`. */
function killingProbe(reason: string | null): ProbeType | null {
  const m = reason ? /failed (liveness|startup) probe/i.exec(reason) : null;
  if (!m) return null;
  return m[1]?.toLowerCase() === 'liveness' ? 'Liveness' : 'Startup';
}
