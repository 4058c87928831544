import type { Stamp } from '../stamp.js';

/**
 * A kernel message that says something about the node's health besides OOM kills: one typed
 * record per line, with the fields the rule catalogue keys on. Exact wordings (and one sample
 * per kind) are in the detector files: signal-system.ts, signal-storage.ts, signal-security.ts.
 */
export type KernelSignal = SignalBase & KernelSignalFields;

export type KernelSignalFields = HungTaskFields | IoErrorFields | FilesystemFields | AppArmorFields | SelinuxFields | NicLinkFields | HardwareErrorFields | LockupFields | RcuStallFields;

export type KernelSignalKind = KernelSignalFields['kind'];

export const KERNEL_SIGNAL_KINDS: readonly KernelSignalKind[] = ['hung-task', 'io-error', 'filesystem', 'apparmor-denied', 'selinux-denied', 'nic-link', 'hardware-error', 'lockup', 'rcu-stall'];

export interface SignalBase {
  stamp: Stamp;
  file: string;
  line: number;
  /** The message, cut to 300 characters, for the evidence excerpt. */
  excerpt: string;
}

/** `INFO: task java:4242 blocked for more than 120 seconds.` */
export interface HungTaskFields {
  kind: 'hung-task';
  comm: string;
  pid: number;
  blockedSeconds: number;
}

export interface IoErrorFields {
  kind: 'io-error';
  /** block: `… error, dev sda, sector …` · buffer: `Buffer I/O error on dev …` · scsi: `[sda] … Result:` · nvme */
  form: 'block' | 'buffer' | 'scsi' | 'nvme';
  device: string;
  /** `I/O`, `critical medium`, `timeout`, … */
  error: string;
  sector: number | null;
  /** `READ`, `WRITE`, `FLUSH`, … (5.x+ `op 0x1:(WRITE)`). */
  operation: string | null;
  logicalBlock: number | null;
  /** SCSI `hostbyte=… driverbyte=…`. */
  result: string | null;
}

export interface FilesystemFields {
  kind: 'filesystem';
  fs: 'ext2' | 'ext3' | 'ext4' | 'xfs' | 'btrfs' | 'jbd2';
  device: string;
  problem: 'error' | 'warning' | 'corruption' | 'remount-read-only' | 'shutdown' | 'journal-abort';
  detail: string;
}

export interface AppArmorFields {
  kind: 'apparmor-denied';
  operation: string | null;
  profile: string | null;
  name: string | null;
  pid: number | null;
  comm: string | null;
  requestedMask: string | null;
  deniedMask: string | null;
  /** `1704110400.123:456`: the same denial in dmesg and audit.log shares it. */
  auditId: string | null;
}

export interface SelinuxFields {
  kind: 'selinux-denied';
  permissions: string[];
  pid: number | null;
  comm: string | null;
  /** `name=` or `path=` */
  name: string | null;
  scontext: string | null;
  tcontext: string | null;
  tclass: string | null;
  permissive: boolean | null;
  auditId: string | null;
}

export interface NicLinkFields {
  kind: 'nic-link';
  interface: string;
  driver: string | null;
  state: 'up' | 'down';
  /** `1000 Mbps`, `10 Gbps`, `1Gbps` as printed. */
  speed: string | null;
}

export interface HardwareErrorFields {
  kind: 'hardware-error';
  source: 'mce' | 'apei' | 'edac';
  /** CE / `corrected` → true, UE / `fatal` / `recoverable` → false, unknown → null. */
  corrected: boolean | null;
  cpu: number | null;
  bank: number | null;
  /** EDAC: number of errors on this line. */
  count: number | null;
  /** EDAC: `CPU_SrcID#0_Ha#0_Chan#1_DIMM#0`. */
  location: string | null;
}

export interface LockupFields {
  kind: 'lockup';
  type: 'soft' | 'hard';
  cpu: number;
  seconds: number | null;
  comm: string | null;
  pid: number | null;
}

export interface RcuStallFields {
  kind: 'rcu-stall';
  /** `rcu_sched`, `rcu_preempt`, … */
  flavor: string;
  detection: 'self' | 'other' | 'expedited';
  cpus: number[];
}
