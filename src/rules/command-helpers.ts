/**
 * Next steps filled in with this bundle's names: the builders every rule uses for its
 * `commands` (kubectl, crictl or docker, cgroup files, journalctl), and the node facts they
 * depend on (cgroup v1 or v2, the container runtime, the kubelet's config file).
 *
 * Every value taken from the bundle goes through `sh`, which shell-quotes it; a value that is
 * unknown, empty, starts with `-` (it would read as an option) or holds a control character
 * (it cannot be copied as one line) makes the whole command null, and a null command is left
 * out of the finding: a command is complete or absent, never a `<pod>` placeholder.
 */
import { decodeCgroupPath, type NodeModel } from '../model/index.js';
import type { SuggestedCommand } from './define-rule.js';

export type Runtime = 'containerd' | 'crio' | 'docker';

/** What the commands must match on this node; null where the bundle does not tell. */
export interface RemedyFacts {
  /** The node's name as the collector saw it (the manifest or the bundle folder). */
  node: string | null;
  cgroupVersion: 1 | 2 | null;
  runtime: Runtime | null;
  /** The kubelet's `--config` file. */
  kubeletConfig: string | null;
  /** The kubelet's top cgroup as the kernel prints it: `/kubepods.slice` (systemd driver) or `/kubepods` (cgroupfs). */
  kubepods: string | null;
}

/** A fragment already quoted or written by us: put into a command as it is. */
export class Raw {
  constructor(readonly text: string) {}
}

export type Arg = string | number | null | undefined | Raw;

/** Letters that never need quoting in POSIX sh. */
const SAFE = /^[A-Za-z0-9_./:=@%+,-]+$/;

/** `web-1` → `web-1`; `a;b` → `'a;b'`; `it's` → `'it'\''s'`. */
export function shellQuote(value: string): string {
  return SAFE.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** A bundle value that can stand in a command as one argument. */
export function usableValue(value: Arg): value is string | number | Raw {
  if (value instanceof Raw) return true;
  if (value === null || value === undefined) return false;
  const text = String(value);
  // Control characters break the line; bidi and zero-width marks make the shown text differ from the copied one.
  return text !== '' && !text.startsWith('-') && !/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/.test(text);
}

/**
 * A command with its bundle values quoted: sh`kubectl -n ${ns} describe pod ${pod}`. Null when
 * any value is unusable, so the caller leaves the command out.
 */
export function sh(strings: TemplateStringsArray, ...values: Arg[]): string | null {
  let command = strings[0] ?? '';
  for (let i = 0; i < values.length; i += 1) {
    const value = values[i];
    if (!usableValue(value)) return null;
    command += value instanceof Raw ? value.text : shellQuote(String(value));
    command += strings[i + 1] ?? '';
  }
  return command;
}

/** A suggested command, or null when its command could not be filled in. */
export function suggest(purpose: string, command: string | null, changesCluster = false): SuggestedCommand | null {
  return command === null ? null : { purpose, command, changesCluster };
}

const factsOf = new WeakMap<NodeModel, RemedyFacts>();

/** The node facts the commands follow, read once per model. */
export function remedyFacts(model: NodeModel): RemedyFacts {
  let facts = factsOf.get(model);
  if (!facts) {
    facts = { node: model.node.name, cgroupVersion: cgroupVersion(model), runtime: runtimeOf(model), kubeletConfig: model.system.kubeletFlags?.configFile ?? null, kubepods: kubepodsOf(model) };
    factsOf.set(model, facts);
  }
  return facts;
}

/** From the cgroup interface files in the bundle (memory.events is v2, memory.oom_control v1). */
function cgroupVersion(model: NodeModel): 1 | 2 | null {
  const versions = new Set(model.cgroups.map((cgroup) => cgroup.version));
  if (versions.has(2) && !versions.has(1)) return 2;
  if (versions.has(1) && !versions.has(2)) return 1;
  return null;
}

/** From the cgroup files, else the kills' memcg paths; a kubelet under a prefix (kind) is left unknown. */
function kubepodsOf(model: NodeModel): string | null {
  const paths = [...model.cgroups.map((cgroup) => cgroup.path), ...model.oomKills.flatMap((kill) => [kill.oomMemcg, kill.taskMemcg])];
  for (const path of paths) {
    const top = path ? /^\/(kubepods\.slice|kubepods)(?:\/|$)/.exec(path)?.[1] : undefined;
    if (top) return `/${top}`;
  }
  return null;
}

const ENDPOINTS: readonly [RegExp, Runtime][] = [
  [/containerd/, 'containerd'],
  [/crio/, 'crio'],
  [/docker/, 'docker'],
];

/** The kubelet's runtime endpoint, else the victims' cgroup scopes, else which runtime's journal spoke. */
function runtimeOf(model: NodeModel): Runtime | null {
  const endpoint = model.system.kubeletFlags?.containerRuntimeEndpoint ?? model.system.kubeletConfig?.fields.containerRuntimeEndpoint ?? null;
  const fromEndpoint = endpoint ? ENDPOINTS.find(([pattern]) => pattern.test(endpoint))?.[1] : undefined;
  if (fromEndpoint) return fromEndpoint;
  for (const kill of model.oomKills) {
    const runtime = decodeCgroupPath(kill.taskMemcg ?? kill.oomMemcg ?? '').runtime;
    if (runtime === 'containerd' || runtime === 'crio' || runtime === 'docker') return runtime;
  }
  const components = new Set(model.serviceEvents.map((event) => event.component));
  if (components.has('containerd')) return 'containerd';
  if (components.has('crio')) return 'crio';
  if (components.has('dockerd')) return 'docker';
  return model.crictl.containers.length > 0 || model.crictl.sandboxes.length > 0 ? 'containerd' : null;
}

/** The systemd unit of the runtime. */
export function runtimeUnit(facts: RemedyFacts): string | null {
  return facts.runtime === null ? null : { containerd: 'containerd', crio: 'crio', docker: 'docker' }[facts.runtime];
}

/** Where the runtime keeps images and container layers. */
export function runtimeRoot(facts: RemedyFacts): string | null {
  return facts.runtime === null ? null : { containerd: '/var/lib/containerd', crio: '/var/lib/containers', docker: '/var/lib/docker' }[facts.runtime];
}

/** `journalctl --since/--until` five minutes either side of a time, in UTC (journalctl reads the zone). */
export function aroundTime(time: string | null | undefined, minutes = 5): Raw | null {
  const at = time ? Date.parse(time) : NaN;
  if (!Number.isFinite(at)) return null;
  const stamp = (ms: number) => `'${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC'`;
  return new Raw(`--since ${stamp(at - minutes * 60_000)} --until ${stamp(at + minutes * 60_000)}`);
}

/** The logs of the kubelet (and other units) around a time, or since boot when the time is unknown. */
export function unitLogs(units: readonly (string | null)[], time: string | null | undefined, grep?: string): string | null {
  const known = units.filter((unit): unit is string => unit !== null);
  if (known.length === 0) return null;
  const window = aroundTime(time) ?? new Raw('-b');
  const filter = grep ? ` | grep -iE ${shellQuote(grep)}` : '';
  return `${sh`journalctl ${new Raw(known.map((unit) => `-u ${shellQuote(unit)}`).join(' '))} ${window} --no-pager`}${filter}`;
}

/** Kernel messages around a time (or this boot), filtered. */
export function kernelLogs(time: string | null | undefined, grep: string): string {
  return `journalctl -k ${(aroundTime(time) ?? new Raw('-b')).text} --no-pager | grep -iE ${shellQuote(grep)}`;
}
