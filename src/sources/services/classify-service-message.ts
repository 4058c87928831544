/**
 * Classifies one service message: who logged it (identifier or unit) and what it says. A pure
 * function, shared by the journal reader, syslog files (/var/log/messages) and a bare kubelet.log.
 *
 *   classifyServiceMessage({ identifier: 'containerd', unit: null, message:
 *     'time="2023-09-01T19:12:33.012922721Z" level=info msg="TaskOOM event container_id:\\"4bcb…\\""' })
 *   → { component: 'containerd', facts: { kind: 'task-oom', containerId: '4bcb…' } }
 *
 * The identifier only picks the classifier set; when it says nothing (a bare log file, `k3s`) the
 * message's own style decides: klog lines go to the kubelet classifiers, logrus lines to the runtime classifiers.
 */
import type { ServiceComponent, ServiceFacts } from './service-event.js';
import { parseServiceLine, type ServiceLine } from './service-line.js';
import { KUBELET_NODE_CLASSIFIERS } from './kubelet-node-classifiers.js';
import { KUBELET_POD_CLASSIFIERS } from './kubelet-pod-classifiers.js';
import { RUNTIME_CLASSIFIERS } from './runtime-classifiers.js';
import { classifySystemdMessage } from './systemd-classifier.js';
import type { MessageClassifier } from './message-classifier.js';

export interface ServiceMessage {
  /** SYSLOG_IDENTIFIER, or the name before `[pid]:` in text forms. */
  identifier: string | null;
  /** The unit the message belongs to (for PID 1's messages: the unit it talks about). */
  unit: string | null;
  message: string;
}

export interface ServiceClassification {
  component: ServiceComponent;
  facts: ServiceFacts;
  /** The message taken apart, when a classifier had to (null for systemd's plain sentences). */
  line: ServiceLine | null;
}

const KUBELET_CLASSIFIERS: readonly MessageClassifier[] = [...KUBELET_NODE_CLASSIFIERS, ...KUBELET_POD_CLASSIFIERS];
const ALL_CLASSIFIERS: readonly MessageClassifier[] = [...KUBELET_CLASSIFIERS, ...RUNTIME_CLASSIFIERS];

/** Which service logged a message, from its identifier or unit: `kubelet`, `kubelet.service`, `hyperkube`, `containerd`, `crio`, … */
export function componentOf(identifier: string | null, unit: string | null): ServiceComponent {
  const name = (identifier ?? unit ?? '').toLowerCase().replace(/\.service$/, '');
  if (name === 'systemd' || name === 'init.scope') return 'systemd';
  if (/kubelet|hyperkube|kubenswrapper|kubelite/.test(name)) return 'kubelet';
  if (name.includes('containerd')) return 'containerd';
  if (name === 'crio' || name === 'cri-o' || name.startsWith('crio')) return 'crio';
  if (name === 'dockerd' || name === 'docker') return 'dockerd';
  return 'unknown';
}

/** Consecutive messages nearly always come from the same service: remember the last answer. */
const lastOrigin: { identifier: string | null; unit: string | null; component: ServiceComponent } = { identifier: null, unit: null, component: 'unknown' };

function cachedComponentOf(identifier: string | null, unit: string | null): ServiceComponent {
  if (identifier !== lastOrigin.identifier || unit !== lastOrigin.unit) {
    lastOrigin.identifier = identifier;
    lastOrigin.unit = unit;
    lastOrigin.component = componentOf(identifier, unit);
  }
  return lastOrigin.component;
}

export function classifyServiceMessage(input: ServiceMessage): ServiceClassification | null {
  const component = cachedComponentOf(input.identifier, input.unit);
  const message = input.message;
  if (component === 'systemd') {
    const facts = classifySystemdMessage(message, input.unit);
    return facts ? { component, facts, line: null } : null;
  }
  if (message.includes('Event occurred')) {
    const event = classifyRecordedEvent(message);
    if (event) return { component: component === 'unknown' ? 'kubelet' : component, ...event };
  }
  let line: ServiceLine | null = null;
  for (const classifier of classifiersFor(component, message)) {
    if (!hasNeedle(message, classifier.needles)) continue;
    line ??= parseServiceLine(message);
    const facts = classifier.match(line);
    if (facts) return { component: component === 'unknown' ? componentOfStyle(line) : component, facts, line };
  }
  return null;
}

function classifiersFor(component: ServiceComponent, message: string): readonly MessageClassifier[] {
  if (component === 'kubelet') return KUBELET_CLASSIFIERS;
  if (component === 'containerd' || component === 'crio' || component === 'dockerd') return RUNTIME_CLASSIFIERS;
  if (message.startsWith('time="') || message.startsWith('level=')) return RUNTIME_CLASSIFIERS;
  return ALL_CLASSIFIERS;
}

function componentOfStyle(line: ServiceLine): ServiceComponent {
  if (line.style === 'klog') return 'kubelet';
  if (line.style === 'logrus') return 'runtime';
  return 'unknown';
}

function hasNeedle(message: string, needles: readonly string[]): boolean {
  for (const needle of needles) if (message.includes(needle)) return true;
  return false;
}

/**
 * kubelet logs the events it records: `"Event occurred" object="default/web-0" kind="Pod" type="Warning"
 * reason="BackOff" message="Back-off restarting failed container app in pod web-0_default(…)"`.
 * The event's own message is classified with the pod taken from `object`.
 */
function classifyRecordedEvent(message: string): Omit<ServiceClassification, 'component'> | null {
  const line = parseServiceLine(message);
  const text = line.fields.message;
  if (line.msg !== 'Event occurred' || !text) return null;
  const fields: Record<string, string> = { ...line.fields };
  if (line.fields.kind === 'Pod' && line.fields.object) fields.pod = line.fields.object;
  if (line.fields.kind === 'Node' && line.fields.object) fields.node = line.fields.object;
  const eventLine: ServiceLine = { ...line, msg: text, fields };
  for (const classifier of KUBELET_CLASSIFIERS) {
    const facts = classifier.match(eventLine);
    if (facts) return { facts, line: eventLine };
  }
  return null;
}
