/**
 * `journalctl -o export` entries (systemd 252), field order as journalctl prints them:
 *
 *   __CURSOR=s=9f0e…;i=1d2a4;b=e663…;m=4161ff1d;t=6614e6ee2b8b8;x=cf477bbb82ddd9fd
 *   __REALTIME_TIMESTAMP=1795839355959480
 *   __MONOTONIC_TIMESTAMP=1096941341
 *   __SEQNUM=119460
 *   __SEQNUM_ID=9f0e…
 *   _BOOT_ID=e663…
 *   …trusted fields of the unit…
 *   PRIORITY=6
 *   MESSAGE=I1127 10:15:02.123456    1234 kubelet.go:2455] "SyncLoop (probe)" …
 *   (empty line)
 *
 * A message holding a newline (the kernel's memcg stats block) takes the binary form: the
 * field name, a newline, its length as 64-bit little-endian, the bytes, a newline. The length
 * bytes are written as latin1 characters: one character is one byte in the generated streams.
 */
import type { SeededRandom } from '../../helpers/seeded-random.js';
import type { NodePlan } from './bundle-plan.js';

export interface JournalSource {
  /** Trusted and unit fields, `NAME=value\n` each, written after `_BOOT_ID`. */
  fields: string;
  /** journald receives messages a little after they are printed. */
  delayUs: number;
}

export class JournalExport {
  private readonly seqnumId: string;
  private readonly bootUs: number;

  constructor(
    private readonly node: NodePlan,
    seqnumId: string,
  ) {
    this.seqnumId = seqnumId;
    this.bootUs = node.bootMs * 1000;
  }

  /** One entry at wall time `ms` (its monotonic time follows from the boot time). */
  entry(source: JournalSource, ms: number, priority: number, message: string, extra = ''): string {
    const realtime = Math.floor(ms * 1000) + source.delayUs;
    const monotonic = realtime - this.bootUs;
    const seq = Math.floor(monotonic / 200);
    const head = `__CURSOR=s=${this.seqnumId};i=${seq.toString(16)};b=${this.node.bootId};m=${monotonic.toString(16)};t=${realtime.toString(16)};x=${mix(seq)}\n__REALTIME_TIMESTAMP=${realtime}\n__MONOTONIC_TIMESTAMP=${monotonic}\n__SEQNUM=${seq}\n__SEQNUM_ID=${this.seqnumId}\n_BOOT_ID=${this.node.bootId}\n`;
    return `${head}${source.fields}PRIORITY=${priority}\n${extra}${messageField(message)}\n`;
  }

  /** Bytes an entry without extra fields takes besides its one-line message text (for a filler of an exact size). */
  overhead(source: JournalSource, ms: number, priority: number): number {
    return this.entry(source, ms, priority, '').length;
  }
}

function messageField(message: string): string {
  if (!message.includes('\n')) return `MESSAGE=${message}\n`;
  return `MESSAGE\n${le64(message.length)}${message}\n`;
}

function le64(value: number): string {
  let out = '';
  for (let i = 0; i < 8; i += 1) out += String.fromCharCode(i < 4 ? (value >>> (8 * i)) & 0xff : 0);
  return out;
}

function mix(seq: number): string {
  const a = (Math.imul(seq, 2654435761) >>> 0).toString(16).padStart(8, '0');
  const b = (Math.imul(seq ^ 0x5bd1e995, 40503) >>> 0).toString(16).padStart(8, '0');
  return a + b;
}

export interface ServiceUnit {
  /** `kubelet.service` */
  name: string;
  /** `/usr/bin/kubelet`; its base name is the command and syslog identifier. */
  exe: string;
  args: string;
  pid: number;
}

/** The fields journald adds to a line a systemd service wrote on stdout. */
export function serviceSource(node: NodePlan, unit: ServiceUnit, random: SeededRandom): JournalSource {
  const comm = unit.exe.slice(unit.exe.lastIndexOf('/') + 1);
  const fields = [
    `_MACHINE_ID=${node.machineId}`,
    `_HOSTNAME=${node.name}`,
    '_RUNTIME_SCOPE=system',
    'SYSLOG_FACILITY=3',
    '_UID=0',
    '_GID=0',
    '_CAP_EFFECTIVE=1ffffffffff',
    '_SELINUX_CONTEXT=unconfined',
    '_SYSTEMD_SLICE=system.slice',
    '_TRANSPORT=stdout',
    `_STREAM_ID=${random.hex(32)}`,
    `SYSLOG_IDENTIFIER=${comm}`,
    `_PID=${unit.pid}`,
    `_COMM=${comm}`,
    `_EXE=${unit.exe}`,
    `_CMDLINE=${`${unit.exe} ${unit.args}`.trim()}`,
    `_SYSTEMD_CGROUP=/system.slice/${unit.name}`,
    `_SYSTEMD_UNIT=${unit.name}`,
    `_SYSTEMD_INVOCATION_ID=${random.hex(32)}`,
  ];
  return { fields: `${fields.join('\n')}\n`, delayUs: 37 };
}

/** The fields journald adds to a kernel message read from /dev/kmsg. */
export function kernelSource(node: NodePlan): JournalSource {
  const fields = ['_TRANSPORT=kernel', 'SYSLOG_FACILITY=0', 'SYSLOG_IDENTIFIER=kernel', `_MACHINE_ID=${node.machineId}`, `_HOSTNAME=${node.name}`, '_RUNTIME_SCOPE=system'];
  return { fields: `${fields.join('\n')}\n`, delayUs: 211 };
}
