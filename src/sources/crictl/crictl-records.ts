/**
 * Records from crictl's JSON (the CRI protobuf messages printed by protojson). Samples, cut to the
 * fields kept:
 *
 *   `crictl ps -a -o json`:
 *     {"containers":[{"id":"3b1f…","podSandboxId":"9c0d…","metadata":{"name":"api","attempt":1},
 *       "state":"CONTAINER_EXITED","createdAt":"1795770000123456789",
 *       "labels":{"io.kubernetes.pod.name":"checkout-7d9f8b6c5-x2x9q","io.kubernetes.pod.namespace":"shop",
 *                 "io.kubernetes.pod.uid":"6f1e…","io.kubernetes.container.name":"api"}}]}
 *   `crictl pods -o json`:
 *     {"items":[{"id":"9c0d…","metadata":{"name":"checkout-7d9f8b6c5-x2x9q","uid":"6f1e…","namespace":"shop","attempt":0},
 *       "state":"SANDBOX_READY","createdAt":"1795769000000000000","runtimeHandler":""}]}
 *   `crictl inspect <id>`:
 *     {"status":{"id":"3b1f…","metadata":{"attempt":1,"name":"api"},"state":"CONTAINER_EXITED",
 *       "createdAt":"2026-11-27T09:13:24.1Z","startedAt":"2026-11-27T09:13:24.3Z","finishedAt":"2026-11-27T10:14:58.9Z",
 *       "exitCode":137,"reason":"OOMKilled","message":"","logPath":"/var/log/pods/shop_…/api/1.log",…},
 *      "info":{"pid":41234,"runtimeSpec":{"linux":{"cgroupsPath":"kubepods-burstable-pod6f1e….slice:cri-containerd:3b1f…"}}}}
 *
 * Times are int64 nanoseconds as strings in list output and RFC 3339 (in crictl's local zone)
 * in inspect output; Go's zero time and the epoch mean "not set".
 */
import type { Stamp } from '../stamp.js';
import { rfc3339Stamp } from '../time-text.js';
import { keepText } from '../keep-text.js';

export const CONTAINER_STATES = ['CONTAINER_CREATED', 'CONTAINER_RUNNING', 'CONTAINER_EXITED', 'CONTAINER_UNKNOWN'] as const;
export type CrictlContainerState = (typeof CONTAINER_STATES)[number];
export const SANDBOX_STATES = ['SANDBOX_READY', 'SANDBOX_NOTREADY'] as const;
export type CrictlSandboxState = (typeof SANDBOX_STATES)[number];

/** The pod and container a CRI object belongs to, from the kubelet's labels. */
export interface KubernetesLabels {
  podName: string | null;
  podNamespace: string | null;
  podUid: string | null;
  containerName: string | null;
}

export interface CrictlContainer extends KubernetesLabels {
  id: string;
  podSandboxId: string | null;
  name: string | null;
  attempt: number | null;
  state: CrictlContainerState | null;
  createdAt: Stamp | null;
  image: string | null;
  imageRef: string | null;
  file: string;
}

export interface CrictlSandbox {
  id: string;
  name: string | null;
  namespace: string | null;
  uid: string | null;
  attempt: number | null;
  state: CrictlSandboxState | null;
  createdAt: Stamp | null;
  runtimeHandler: string | null;
  file: string;
}

/** How an exited container ended, from `crictl inspect`. */
export interface CrictlExit extends KubernetesLabels {
  containerId: string;
  name: string | null;
  attempt: number | null;
  state: CrictlContainerState | null;
  exitCode: number | null;
  /** `OOMKilled`, `Error`, `Completed`, … as the runtime reports it. */
  reason: string | null;
  message: string | null;
  createdAt: Stamp | null;
  startedAt: Stamp | null;
  finishedAt: Stamp | null;
  logPath: string | null;
  /** The OCI spec's cgroupsPath (`<slice>:cri-containerd:<id>` or a cgroupfs path), when shown. */
  cgroupsPath: string | null;
  pid: number | null;
  file: string;
}

type JsonObject = Record<string, unknown>;

const MAX_MESSAGE_CHARS = 4096;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function integer(value: unknown): number | null {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  return typeof value === 'string' && /^-?\d{1,15}$/.test(value) ? Number(value) : null;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[]): T | null {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value) ? (value as T) : null;
}

/** A CRI time: int64 nanoseconds (number or string) or RFC 3339; null when unset (zero time, epoch). */
export function crictlStamp(value: unknown): Stamp | null {
  const raw = typeof value === 'number' ? String(value) : value;
  if (typeof raw !== 'string') return null;
  if (/^\d{1,20}$/.test(raw)) {
    const utcMs = Number(raw) / 1e6;
    return utcMs > 0 ? { text: raw, monotonic: null, utcMs, local: null, bootId: null } : null;
  }
  const stamp = rfc3339Stamp(raw);
  return stamp && stamp.utcMs !== null && stamp.utcMs > 0 ? stamp : null;
}

export function kubernetesLabels(labels: unknown): KubernetesLabels {
  const of = isObject(labels) ? labels : {};
  return {
    podName: text(of['io.kubernetes.pod.name']),
    podNamespace: text(of['io.kubernetes.pod.namespace']),
    podUid: text(of['io.kubernetes.pod.uid']),
    containerName: text(of['io.kubernetes.container.name']),
  };
}

/** One entry of `crictl ps -o json`; null without an id. */
export function crictlContainer(entry: unknown, file: string): CrictlContainer | null {
  if (!isObject(entry) || text(entry.id) === null) return null;
  const metadata = isObject(entry.metadata) ? entry.metadata : {};
  return {
    id: entry.id as string,
    podSandboxId: text(entry.podSandboxId),
    name: text(metadata.name),
    attempt: integer(metadata.attempt),
    state: oneOf(entry.state, CONTAINER_STATES),
    createdAt: crictlStamp(entry.createdAt),
    image: isObject(entry.image) ? text(entry.image.image) : null,
    imageRef: text(entry.imageRef),
    ...kubernetesLabels(entry.labels),
    file,
  };
}

/** One entry of `crictl pods -o json`; null without an id. */
export function crictlSandbox(entry: unknown, file: string): CrictlSandbox | null {
  if (!isObject(entry) || text(entry.id) === null) return null;
  const metadata = isObject(entry.metadata) ? entry.metadata : {};
  return {
    id: entry.id as string,
    name: text(metadata.name),
    namespace: text(metadata.namespace),
    uid: text(metadata.uid),
    attempt: integer(metadata.attempt),
    state: oneOf(entry.state, SANDBOX_STATES),
    createdAt: crictlStamp(entry.createdAt),
    runtimeHandler: text(entry.runtimeHandler),
    file,
  };
}

/** A `crictl inspect` document; null without a status id. */
export function crictlExit(document: unknown, file: string): CrictlExit | null {
  if (!isObject(document) || !isObject(document.status) || text(document.status.id) === null) return null;
  const status = document.status;
  const metadata = isObject(status.metadata) ? status.metadata : {};
  const info = isObject(document.info) ? document.info : {};
  const spec = isObject(info.runtimeSpec) ? info.runtimeSpec : {};
  const message = text(status.message);
  return {
    containerId: status.id as string,
    name: text(metadata.name),
    attempt: integer(metadata.attempt),
    state: oneOf(status.state, CONTAINER_STATES),
    exitCode: integer(status.exitCode),
    reason: text(status.reason),
    message: message === null ? null : keepText(message, MAX_MESSAGE_CHARS),
    createdAt: crictlStamp(status.createdAt),
    startedAt: crictlStamp(status.startedAt),
    finishedAt: crictlStamp(status.finishedAt),
    logPath: text(status.logPath),
    cgroupsPath: isObject(spec.linux) ? text(spec.linux.cgroupsPath) : null,
    pid: integer(info.pid),
    ...kubernetesLabels(status.labels),
    file,
  };
}
