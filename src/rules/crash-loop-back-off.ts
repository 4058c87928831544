/**
 * A container keeps exiting and the kubelet waits longer before each restart (10 s doubling to
 * 5 min). The kubelet says so (kubelet-pod-classifiers.ts):
 *
 *   "Error syncing pod, skipping" err="failed to \"StartContainer\" for \"api\" with CrashLoopBackOff: \"back-off 10s restarting failed container=api pod=checkout-7d9f8b6c5-x2x9q_shop(6f1e…)\"" pod="shop/checkout-7d9f8b6c5-x2x9q"
 *
 * and the runtime shows it: `crictl ps -a` lists each attempt of the container, `crictl inspect`
 * how the last one ended (exit code, `OOMKilled` / `Error`). One finding per container, from the
 * kubelet's lines, or from crictl alone when the newest attempt of an often restarted container
 * is not running.
 */
import type { NodeModel } from '../model/index.js';
import type { CrictlExit } from '../sources/index.js';
import { defineRule, excerpt, type Evidence } from './define-rule.js';
import { eventEvidence, eventsOf, longestDuration, notKeptData, preferDetailed, timeSpan, lacksServiceLines } from './service-event-helpers.js';
import { groupBy } from './rule-helpers.js';
import { remedyFacts } from './command-helpers.js';
import { describePod, podRestarts, podServiceLogs, previousLogs, runtimeContainers, runtimeExit, type PodRef } from './pod-command-helpers.js';

/** The kubelet's longest back-off (MaxContainerBackOff): a container there has failed many times in a row. */
const MAX_BACK_OFF_SECONDS = 300;
/** Without kubelet lines, this many restarts with the newest attempt exited is taken as a crash loop: the back-off is 40 s by then. */
const MIN_RESTARTS_WITHOUT_LOGS = 3;
const MAX_EXIT_MESSAGE = 200;

/** What the runtime and the log tree show about one container's attempts. */
interface RuntimeView {
  restarts: number | null;
  running: boolean | null;
  lastExit: CrictlExit | null;
  evidence: Evidence[];
}

export const crashLoopBackOff = defineRule({
  id: 'crash-loop-back-off',
  title: 'Containers in CrashLoopBackOff',
  severity: 'warning',
  severities: {
    critical: 'the back-off reached its 5-minute maximum',
    warning: 'a shorter back-off',
  },
  requires: [['journal', 'kernel', 'crictl']],
  lacks: (model) => (model.crictl.exits.length > 0 || model.crictl.containers.length > 0 ? null : lacksServiceLines(model)),
  messages: {
    'back-off': '{namespace}/{pod} container {container} was in CrashLoopBackOff ({backOffs|atLeast:back-off message})',
    'back-off-exit': '{namespace}/{pod} container {container} was in CrashLoopBackOff ({backOffs|atLeast:back-off message}); last exit code {lastExitCode} ({lastExitReason}) after {restarts:restart}',
    restarting: '{namespace}/{pod} container {container} restarted {restarts:time} and is not running; last exit code {lastExitCode} ({lastExitReason})',
  },
  check(model, report) {
    const events = eventsOf(model, ['crash-loop-back-off']);
    const notKept = notKeptData(model, ['crash-loop-back-off']);
    const byContainer = groupBy(events, (event) => keyOf(event.pod?.namespace ?? null, event.pod?.name ?? null, event.container));
    for (const key of new Set([...byContainer.keys(), ...crictlContainerKeys(model)])) {
      const [namespace, pod, container] = key.split('\u0000').map((part) => part || null) as [string | null, string | null, string | null];
      const runtime = runtimeView(model, namespace, pod, container);
      const backOffs = preferDetailed(byContainer.get(key) ?? [], (event) => event.backOff !== null);
      if (backOffs.length === 0 && !loopsWithoutLogs(runtime)) continue;
      const longest = longestDuration(backOffs.map((event) => event.backOff));
      const span = timeSpan(backOffs);
      const exit = runtime.lastExit;
      const exitTime = exit?.finishedAt?.utcMs != null ? new Date(exit.finishedAt.utcMs).toISOString() : null;
      const messageId = backOffs.length === 0 ? 'restarting' : exit ? 'back-off-exit' : 'back-off';
      report({
        messageId,
        severity: longest !== null && longest.seconds >= MAX_BACK_OFF_SECONDS ? 'critical' : 'warning',
        data: {
          namespace,
          pod,
          container,
          backOffs: backOffs.length,
          maxBackOff: longest?.text ?? null,
          maxBackOffSeconds: longest?.seconds ?? null,
          restarts: runtime.restarts,
          running: runtime.running,
          lastExitCode: exit?.exitCode ?? null,
          lastExitReason: exit?.reason ?? null,
          lastExitMessage: exit?.message ? excerpt(exit.message, MAX_EXIT_MESSAGE) : null,
          lastExitAt: exitTime,
          ...span,
          ...notKept,
        },
        subject: { namespace, pod, container },
        time: span.lastTime ?? exitTime,
        evidence: [...eventEvidence(backOffs), ...runtime.evidence],
        commands: crashLoopCommands(model, { namespace, pod, container }, exit, span.lastTime ?? exitTime),
      });
    }
  },
});

/** Why it exits: the last attempt's log and exit first, then what the runtime and kubelet say. */
function crashLoopCommands(model: NodeModel, ref: PodRef, exit: CrictlExit | null, time: string | null) {
  const facts = remedyFacts(model);
  return [
    previousLogs(ref),
    describePod(ref, 'the pod: Last State (exit code, reason) and the back-off events'),
    podRestarts(ref),
    runtimeExit(facts, exit?.containerId),
    runtimeContainers(facts, ref),
    podServiceLogs(facts, ref.pod, time),
  ];
}

function keyOf(namespace: string | null, pod: string | null, container: string | null): string {
  return [namespace ?? '', pod ?? '', container ?? ''].join('\u0000');
}

function crictlContainerKeys(model: NodeModel): string[] {
  return model.crictl.containers.map((c) => keyOf(c.podNamespace, c.podName, c.containerName ?? c.name));
}

function loopsWithoutLogs(runtime: RuntimeView): boolean {
  return runtime.running === false && runtime.restarts !== null && runtime.restarts >= MIN_RESTARTS_WITHOUT_LOGS;
}

/** The container's attempts in crictl and /var/log/pods: restarts = the newest attempt number. */
function runtimeView(model: NodeModel, namespace: string | null, pod: string | null, container: string | null): RuntimeView {
  const attempts = model.crictl.containers.filter((c) => c.podNamespace === namespace && c.podName === pod && (c.containerName ?? c.name) === container);
  const newest = attempts.reduce<(typeof attempts)[number] | null>((best, c) => (best === null || (c.attempt ?? -1) > (best.attempt ?? -1) ? c : best), null);
  const logged = model.pods.filter((p) => p.namespace === namespace && p.name === pod).flatMap((p) => p.containers.filter((c) => c.name === container).flatMap((c) => c.loggedAttempts));
  const numbers = [...attempts.map((c) => c.attempt), ...logged].filter((n): n is number => n !== null);
  const ids = new Set(attempts.map((c) => c.id));
  const exits = model.crictl.exits.filter((exit) => ids.has(exit.containerId) || (exit.podNamespace === namespace && exit.podName === pod && (exit.containerName ?? exit.name) === container));
  const lastExit = exits.reduce<CrictlExit | null>((best, exit) => (best === null || (exit.finishedAt?.utcMs ?? 0) > (best.finishedAt?.utcMs ?? 0) ? exit : best), null);
  const evidence: Evidence[] = [];
  if (lastExit) evidence.push({ path: lastExit.file, line: null, excerpt: `exitCode ${lastExit.exitCode ?? '?'}, reason ${lastExit.reason ?? '?'}` });
  if (newest) evidence.push({ path: newest.file, line: null, excerpt: `${container ?? '?'} attempt ${newest.attempt ?? '?'}: ${newest.state ?? '?'}` });
  return {
    restarts: numbers.length > 0 ? Math.max(...numbers) : null,
    running: newest?.state ? newest.state === 'CONTAINER_RUNNING' || newest.state === 'CONTAINER_CREATED' : null,
    lastExit,
    evidence,
  };
}
