/**
 * CPU, hardware and NIC signals. One sample per detector (real-world wording, numbers changed;
 * the same lines are in test/sources/kernel/fixtures/kernel-signals-dmesg-kernel-5.15.txt):
 *
 *   INFO: task kworker/u8:2:1234 blocked for more than 122 seconds.
 *     → { kind: 'hung-task', comm: 'kworker/u8:2', pid: 1234, blockedSeconds: 122 }
 *   watchdog: BUG: soft lockup - CPU#3 stuck for 22s! [java:4242]
 *     → { kind: 'lockup', type: 'soft', cpu: 3, seconds: 22, comm: 'java', pid: 4242 }
 *   rcu: INFO: rcu_sched self-detected stall on CPU
 *     → { kind: 'rcu-stall', flavor: 'rcu_sched', detection: 'self', cpus: [] }
 *   mce: [Hardware Error]: CPU 0: Machine Check: 0 Bank 5: bd80000000100134
 *     → { kind: 'hardware-error', source: 'mce', corrected: false, cpu: 0, bank: 5 }   (MCi_STATUS: VAL and UC set)
 *   EDAC MC0: 1 CE memory read error on CPU_SrcID#0_Ha#0_Chan#1_DIMM#0 (channel:1 slot:0 …)
 *     → { kind: 'hardware-error', source: 'edac', corrected: true, count: 1, location: 'CPU_SrcID#0_Ha#0_Chan#1_DIMM#0' }
 *   e1000e 0000:00:19.0 eth1: NIC Link is Down
 *     → { kind: 'nic-link', interface: 'eth1', driver: 'e1000e', state: 'down' }
 */
import type { HardwareErrorFields, HungTaskFields, LockupFields, NicLinkFields, RcuStallFields } from './kernel-signal.js';

const BLOCKED = ' blocked for more than ';
const SOFT_LOCKUP = /^soft lockup - CPU#(\d{1,5}) stuck for (\d{1,10})s! \[(.*):(\d{1,10})\]/;
const HARD_LOCKUP = /hard LOCKUP on cpu (\d{1,5})/;
const RCU_STALL = /^INFO: (rcu_[a-z_]{1,20}?)(?:_state)? (self-detected stall|detected (expedited )?stalls?) on CPU(?:s\/tasks:)?(?: (\d{1,5}))?(?: \{([^}]{0,512})\})?/;
const MCE_BANK = /^CPU (\d{1,5}): Machine Check(?: Exception)?: \S+ Bank (\d{1,4}): ([0-9a-fA-F]{1,16})\b/;
const EDAC_COUNT = /^EDAC (?:\S{1,32} )?MC\d{1,4}: (\d{1,10}) (CE|UE) .{0,200}? on (\S{1,128})/;
const LINK = /\b[Ll]ink (?:is )?([Dd]own|[Uu]p)\b/;
const BOND_LINK = /link status definitely (down|up)(?: for interface ([\w.@-]{1,32}))?/;
const IFACE = /^[A-Za-z][\w.@-]{0,31}$/;
/**
 * Words some drivers put where others put the interface: Google's gve prints `gve 0000:00:04.0:
 * Device link is down.` (and never a matching "up"), cxl prints the same: not a network link.
 */
const NOT_AN_INTERFACE = new Set(['Device', 'device', 'Port', 'port', 'PHY', 'Physical', 'The', 'the']);

export function detectHungTask(text: string): HungTaskFields | null {
  const at = text.indexOf(BLOCKED);
  const taskAt = text.lastIndexOf('task ', at);
  if (at < 0 || taskAt < 0) return null;
  const who = text.slice(taskAt + 'task '.length, at);
  const colon = who.lastIndexOf(':');
  const seconds = /^(\d{1,10}) seconds/.exec(text.slice(at + BLOCKED.length));
  if (colon <= 0 || !/^\d{1,10}$/.test(who.slice(colon + 1)) || !seconds) return null;
  return { kind: 'hung-task', comm: who.slice(0, colon), pid: Number(who.slice(colon + 1)), blockedSeconds: Number(seconds[1]) };
}

export function detectLockup(text: string): LockupFields | null {
  const softAt = text.indexOf('soft lockup - CPU#');
  if (softAt >= 0) {
    const soft = SOFT_LOCKUP.exec(text.slice(softAt));
    return soft ? { kind: 'lockup', type: 'soft', cpu: Number(soft[1]), seconds: Number(soft[2]), comm: soft[3]!, pid: Number(soft[4]) } : null;
  }
  const hard = HARD_LOCKUP.exec(text);
  return hard ? { kind: 'lockup', type: 'hard', cpu: Number(hard[1]), seconds: null, comm: null, pid: null } : null;
}

export function detectRcuStall(text: string): RcuStallFields | null {
  const at = text.indexOf('INFO: rcu_');
  if (at < 0) return null;
  const stall = RCU_STALL.exec(text.slice(at));
  if (!stall) return null;
  const detection = stall[2]!.startsWith('self') ? 'self' : stall[3] ? 'expedited' : 'other';
  const listed = stall[5] ? [...stall[5].matchAll(/\d{1,5}/g)].slice(0, 64).map((match) => Number(match[0])) : [];
  return { kind: 'rcu-stall', flavor: stall[1]!, detection, cpus: stall[4] ? [Number(stall[4])] : listed };
}

/** Only the headline of each hardware error: the detail lines (TSC, ADDR, PROCESSOR) are skipped. */
export function detectHardwareError(text: string): HardwareErrorFields | null {
  const base = { kind: 'hardware-error', corrected: null, cpu: null, bank: null, count: null, location: null } as const;
  const marker = text.indexOf('[Hardware Error]: ');
  if (marker >= 0) {
    const rest = text.slice(marker + '[Hardware Error]: '.length);
    const source = text.startsWith('mce:') ? 'mce' : 'apei';
    if (rest.startsWith('Machine check events logged') || rest.startsWith('Hardware error from APEI')) return { ...base, source };
    const bank = MCE_BANK.exec(rest);
    if (bank) return { ...base, source, corrected: mciStatusCorrected(bank[3]!), cpu: Number(bank[1]), bank: Number(bank[2]) };
    const severity = /^event severity: (\w+)/.exec(rest);
    return severity ? { ...base, source, corrected: severity[1] === 'corrected' } : null;
  }
  if (!text.startsWith('EDAC ')) return null;
  const counted = EDAC_COUNT.exec(text);
  if (counted) return { ...base, source: 'edac', corrected: counted[2] === 'CE', count: Number(counted[1]), location: counted[3]! };
  if (!/error/i.test(text) || text.includes('HANDLING MCE MEMORY ERROR')) return null;
  const kind = /\b(CE|UE)\b/.exec(text);
  return { ...base, source: 'edac', corrected: kind ? kind[1] === 'CE' : null };
}

/**
 * The bank's MCi_STATUS register, printed in hex without leading zeros: bit 63 (VAL) says the
 * record is valid, bit 61 (UC) that the error was not corrected (Intel SDM vol. 3B §16.3.2.2; AMD
 * uses the same bits). A status without VAL says nothing.
 */
function mciStatusCorrected(hex: string): boolean | null {
  if (hex.length < 16) return null;
  const top = parseInt(hex[0]!, 16);
  const valid = (top & 0b1000) !== 0;
  const uncorrected = (top & 0b0010) !== 0;
  return valid ? !uncorrected : null;
}

/** NIC carrier changes; SATA, PCIe hot-plug and USB "link" lines are not network links. */
export function detectNicLink(text: string): NicLinkFields | null {
  if (text.startsWith('ata') || text.includes('SATA link') || text.includes('pciehp') || text.includes('PCIe') || text.startsWith('usb')) return null;
  const bond = BOND_LINK.exec(text);
  if (bond) {
    const iface = bond[2] ?? /\(slave ([\w.@-]{1,32})\)/.exec(text)?.[1];
    return iface ? { kind: 'nic-link', interface: iface, driver: null, state: bond[1] as 'down' | 'up', speed: null } : null;
  }
  const link = LINK.exec(text);
  if (!link) return null;
  let prefix = text.slice(0, link.index).trimEnd();
  if (prefix.endsWith(' NIC') || prefix === 'NIC') prefix = prefix.slice(0, -3).trimEnd();
  const tokens = prefix.split(' ');
  const iface = tokens[tokens.length - 1]!.replace(/:$/, '');
  if (!IFACE.test(iface) || NOT_AN_INTERFACE.has(iface)) return null;
  const driver = tokens.length >= 2 ? tokens[0]!.replace(/:$/, '') : null;
  const speed = /^ (?:- )?(\d{1,6} ?[MG]bps)/.exec(text.slice(link.index + link[0].length));
  return { kind: 'nic-link', interface: iface, driver: driver === iface ? null : driver, state: link[1]!.toLowerCase() as 'down' | 'up', speed: speed?.[1] ?? null };
}
