/**
 * The kubelet's command line, `system/kubelet-flags.txt`: the collector writes /proc/<pid>/cmdline
 * one argument per line (secrets redacted); a whole command line on one line (from `ps`, a unit
 * file) and raw NUL-separated cmdline are read too. Sample, one argument per line:
 *
 *   /usr/bin/kubelet
 *   --config=/var/lib/kubelet/config.yaml
 *   --eviction-hard=memory.available<100Mi,nodefs.available<10%
 *   --max-pods
 *   110
 *
 *   → { program: '/usr/bin/kubelet', flags: { config: '/var/lib/kubelet/config.yaml', 'eviction-hard': 'memory.available<100Mi,…',
 *       'max-pods': '110' }, configFile: '/var/lib/kubelet/config.yaml', maxPods: 110,
 *       evictionHard: { 'memory.available': '100Mi', 'nodefs.available': '10%' } }
 *
 * `--flag=value` and `--flag value` both count; a flag followed by another flag (or nothing) is a
 * bare boolean: `true`. Values that look redacted stay as printed and are listed in `redacted`.
 */
import type { SourceFile } from '../source-reader.js';
import { BoundedRecord } from '../stats/columns.js';
import { createLineReader, type LineParser, type ReportIssue } from '../stats/line-reader.js';
import { parseInteger } from '../stats/numbers.js';

export interface KubeletFlags {
  file: string;
  /** The program, when the command line starts with it. */
  program: string | null;
  /** Every flag by its name without dashes (`max-pods`), value as printed without surrounding quotes. */
  flags: Record<string, string>;
  /** Flags given more than once: the last value wins, as in the kubelet. */
  repeated: string[];
  /** Flags whose value looks redacted (`[REDACTED]`, `***`, `<redacted>` …). */
  redacted: string[];
  /** Arguments that are neither flags nor flag values (the kubelet takes none). */
  positional: string[];
  configFile: string | null;
  kubeconfig: string | null;
  cgroupDriver: string | null;
  containerRuntimeEndpoint: string | null;
  maxPods: number | null;
  /** `memory.available<100Mi,nodefs.available<10%` → { 'memory.available': '100Mi', … }. */
  evictionHard: Record<string, string>;
  evictionSoft: Record<string, string>;
  evictionSoftGracePeriod: Record<string, string>;
  /** `cpu=100m,memory=1Gi` → { cpu: '100m', memory: '1Gi' }. */
  kubeReserved: Record<string, string>;
  systemReserved: Record<string, string>;
  featureGates: Record<string, string>;
}

export const MAX_KUBELET_FLAGS = 500;
const MAX_POSITIONAL = 50;

const REDACTED = /redacted|\*{3}|hidden|<secret>|^x{4,}$/i;

/** `[REDACTED]`, `<redacted>`, `***`, `xxxx` …: what the collector and other tools put in place of a secret. */
export function looksRedacted(value: string): boolean {
  return REDACTED.test(value);
}

export function createKubeletFlagsReader() {
  return createLineReader(startKubeletFlags, (result) => result.program === null && Object.keys(result.flags).length === 0);
}

export function startKubeletFlags(file: SourceFile, report: ReportIssue): LineParser<KubeletFlags> {
  const args = new CommandLine();
  return {
    line(text, lineNo) {
      for (const arg of splitArguments(text)) {
        if (!args.add(arg)) report(lineNo, 'argument without a flag (the kubelet takes none)');
      }
    },
    finish() {
      args.end();
      if (args.program === null && args.flags.size === 0) report(null, 'no kubelet arguments found');
      return args.result(file.path);
    },
  };
}

/** One line → its arguments: a raw cmdline line splits at NULs, a whole command line at spaces. */
function splitArguments(text: string): string[] {
  if (text.includes('\0')) return text.split('\0').flatMap(splitArguments);
  const trimmed = text.trim();
  if (trimmed === '') return [];
  return /\s-/.test(trimmed) ? trimmed.split(/\s+/) : [trimmed];
}

/** Pairs flags with their values as the arguments arrive. */
class CommandLine {
  program: string | null = null;
  readonly flags = new BoundedRecord<string>(MAX_KUBELET_FLAGS);
  private readonly repeated = new Set<string>();
  private readonly positional: string[] = [];
  private pending: string | null = null;
  private seen = 0;

  /** false for an argument that is neither the program, a flag nor a flag's value. */
  add(arg: string): boolean {
    this.seen += 1;
    const flag = /^--?([A-Za-z0-9][\w.-]*)(?:=(.*))?$/s.exec(arg);
    if (flag && !/^-\d/.test(arg)) {
      this.end();
      if (flag[2] === undefined) this.pending = flag[1]!;
      else this.set(flag[1]!, flag[2]);
      return true;
    }
    if (this.pending !== null) {
      this.set(this.pending, arg);
      this.pending = null;
      return true;
    }
    if (this.seen === 1) {
      this.program = arg;
      return true;
    }
    if (this.positional.length < MAX_POSITIONAL) this.positional.push(arg);
    return false;
  }

  /** A flag left without a value is a bare boolean. */
  end(): void {
    if (this.pending !== null) this.set(this.pending, 'true');
    this.pending = null;
  }

  private set(name: string, value: string): void {
    if (Object.prototype.hasOwnProperty.call(this.flags.values, name)) this.repeated.add(name);
    this.flags.set(name, unquote(value));
  }

  result(file: string): KubeletFlags {
    const flags = this.flags.values;
    const get = (name: string) => flags[name] ?? null;
    const redacted = Object.keys(flags).filter((name) => looksRedacted(flags[name]!));
    const usable = (name: string) => (redacted.includes(name) ? null : get(name));
    return {
      file,
      program: this.program,
      flags,
      repeated: [...this.repeated],
      redacted,
      positional: this.positional,
      configFile: get('config'),
      kubeconfig: get('kubeconfig'),
      cgroupDriver: get('cgroup-driver'),
      containerRuntimeEndpoint: get('container-runtime-endpoint'),
      maxPods: parseInteger(usable('max-pods') ?? ''),
      evictionHard: readMap(usable('eviction-hard'), '<'),
      evictionSoft: readMap(usable('eviction-soft'), '<'),
      evictionSoftGracePeriod: readMap(usable('eviction-soft-grace-period'), '='),
      kubeReserved: readMap(usable('kube-reserved'), '='),
      systemReserved: readMap(usable('system-reserved'), '='),
      featureGates: readMap(usable('feature-gates'), '='),
    };
  }
}

function unquote(value: string): string {
  return value.length >= 2 && (value[0] === '"' || value[0] === "'") && value[value.length - 1] === value[0] ? value.slice(1, -1) : value;
}

/** `a<1,b<2` (separator `<`) or `a=1,b=2` → { a: '1', b: '2' }; pieces without the separator are skipped. */
function readMap(text: string | null, separator: '<' | '='): Record<string, string> {
  const map = new BoundedRecord<string>(64);
  for (const piece of (text ?? '').split(',')) {
    const at = piece.indexOf(separator);
    if (at > 0) map.set(piece.slice(0, at).trim(), piece.slice(at + 1).trim());
  }
  return map.values;
}
