/**
 * The hardware under the node failed or wavered: network links that went down
 * (`e1000e 0000:00:19.0 eth1: NIC Link is Down`), machine checks (`mce: [Hardware Error]: CPU 0:
 * Machine Check: 0 Bank 5: …`, APEI `event severity: fatal`) and memory-controller errors
 * (`EDAC MC0: 1 CE memory read error on CPU_SrcID#0_Ha#0_Chan#1_DIMM#0 …`). One finding per
 * interface, per machine-check source, per memory location.
 */
import { defineRule, type FindingInput } from './define-rule.js';
import { linesNotKept, occurrencesOf, signalEvidence, spanData, type Occurrence, type SignalOf } from './kernel-signal-helpers.js';
import { distinct, groupsOf } from './rule-helpers.js';
import { sh, suggest } from './command-helpers.js';
import { fixed } from './node-command-helpers.js';

type MessageId = 'link-down' | 'link-flapping' | 'machine-check' | 'machine-check-corrected' | 'memory-errors' | 'memory-corrected';
type LinkEvent = Occurrence<SignalOf<'nic-link'>>;
type HardwareEvent = Occurrence<SignalOf<'hardware-error'>>;

/**
 * Interfaces that pods and CNI plugins create and delete all day (veth pairs, bridges, tunnels):
 * their carrier going down is pod churn, not hardware.
 */
const VIRTUAL_INTERFACE = /^(?:veth|cali|cilium|lxc|flannel|cni|docker|br-|virbr|vxlan|tunl|tun|tap|kube-|weave|vnet|genev|gre|ip6tnl|sit|dummy|nodelocaldns|lo$)/;

export const hardwareErrors = defineRule({
  id: 'hardware-errors',
  title: 'Hardware errors: network links, machine checks, memory',
  severity: 'critical',
  severities: {
    critical: 'a network link still down, or uncorrected (or unrated) machine-check or memory errors',
    warning: 'a link that flapped and came back, or corrected errors only',
  },
  requires: [['kernel', 'journal']],
  messages: {
    'link-down': 'Network link {interface} went down at {lastDown} and had not come back when the log ends (downs: {downs|atLeast})',
    'link-flapping': 'Network link {interface} went down and came back {flaps|atLeast:time} from {firstDown} to {lastUp}',
    'machine-check': 'The CPU reported machine-check errors ({source}) from {firstTime} to {lastTime} (lines: {lines|atLeast}, CPUs: {cpus}, banks: {banks})',
    'machine-check-corrected': 'The CPU reported corrected machine-check errors ({source}) from {firstTime} to {lastTime} (lines: {lines|atLeast})',
    'memory-errors': 'The memory controller reported errors on {location} from {firstTime} to {lastTime} (uncorrected: {uncorrected|atLeast}, corrected: {corrected|atLeast})',
    'memory-corrected': 'The memory controller corrected {corrected|atLeast:error} on {location} from {firstTime} to {lastTime}',
  },
  commands(finding) {
    const iface = typeof finding.data.interface === 'string' ? finding.data.interface : null;
    if (finding.messageId === 'link-down' || finding.messageId === 'link-flapping') {
      const stats = sh`ethtool -S ${iface}`;
      return [
        suggest(`the state and counters of ${iface ?? 'the link'} now`, sh`ip -s link show ${iface}`),
        suggest(`the speed, duplex and link detection of ${iface ?? 'the link'}`, sh`ethtool ${iface}`),
        suggest(`the error and drop counters of ${iface ?? 'the link'}`, stats === null ? null : `${stats} | grep -Ei 'err|drop|crc'`),
        suggest(`the kernel's link lines about ${iface ?? 'the link'}`, iface === null ? null : `dmesg -T | grep -F ${sh`${iface}`} | tail -30`),
      ];
    }
    return [
      fixed('the hardware error lines of this boot', "dmesg -T | grep -Ei 'Hardware Error|mce|EDAC' | tail -50"),
      fixed("rasdaemon's summary and error list", 'ras-mc-ctl --summary; ras-mc-ctl --errors'),
      fixed('corrected and uncorrected memory errors per controller', 'grep . /sys/devices/system/edac/mc/mc*/ce_count /sys/devices/system/edac/mc/mc*/ue_count'),
      fixed("the board's own event log (bare metal)", 'ipmitool sel list'),
    ];
  },
  check(model, report) {
    const linksNotKept = linesNotKept(model, ['nic-link']);
    const links = occurrencesOf(model, ['nic-link']).filter((occurrence) => !VIRTUAL_INTERFACE.test(occurrence.signal.interface));
    for (const group of groupsOf(links, (occurrence) => occurrence.signal.interface)) {
      const finding = linkFinding(group, linksNotKept);
      if (finding) report(finding);
    }
    const errorsNotKept = linesNotKept(model, ['hardware-error']);
    const errors = occurrencesOf(model, ['hardware-error']);
    const [memory, machineChecks] = [errors.filter(isEdac), errors.filter((occurrence) => !isEdac(occurrence))];
    for (const group of groupsOf(machineChecks, (occurrence) => occurrence.signal.source)) report(machineCheckFinding(group, errorsNotKept));
    for (const group of groupsOf(memory, (occurrence) => occurrence.signal.location ?? '')) report(memoryFinding(group, errorsNotKept));
  },
});

function isEdac(occurrence: HardwareEvent): boolean {
  return occurrence.signal.source === 'edac';
}

/** Down then up is a flap; a link whose last word is down is still down. Ups alone (boot) are nothing. */
function linkFinding(group: LinkEvent[], notKept: number): FindingInput<MessageId, 'critical' | 'warning'> | null {
  const downs = group.filter((occurrence) => occurrence.signal.state === 'down');
  if (downs.length === 0) return null;
  let flaps = 0;
  let wasDown = false;
  let lastUp: LinkEvent | null = null;
  for (const occurrence of group) {
    const down = occurrence.signal.state === 'down';
    if (!down && wasDown) {
      flaps += 1;
      lastUp = occurrence;
    }
    wasDown = down;
  }
  const stillDown = group.at(-1)!.signal.state === 'down';
  const signal = group[0]!.signal;
  const data = {
    interface: signal.interface,
    driver: distinct(group.map((occurrence) => occurrence.signal.driver))[0] ?? null,
    downs: downs.length,
    flaps,
    stillDown,
    firstDown: downs[0]!.time.utc,
    lastDown: downs.at(-1)!.time.utc,
    lastUp: lastUp?.time.utc ?? null,
    speed: lastUp?.signal.speed ?? null,
    linesNotKept: notKept,
    countIsLowerBound: notKept > 0,
  };
  const evidence = signalEvidence(group.filter((occurrence) => occurrence.signal.state === 'down' || occurrence === lastUp));
  if (stillDown) return { messageId: 'link-down', severity: 'critical', data, subject: { device: signal.interface }, time: data.lastDown, evidence };
  return { messageId: 'link-flapping', severity: 'warning', data, subject: { device: signal.interface }, time: data.firstDown, evidence };
}

/** Corrected-only machine checks were fixed by the hardware: a warning that a part is wearing, not an outage. */
function machineCheckFinding(group: HardwareEvent[], notKept: number): FindingInput<MessageId, 'critical' | 'warning'> {
  const signals = group.map((occurrence) => occurrence.signal);
  // Headlines (`Machine check events logged`, `Hardware error from APEI …`) say nothing of severity.
  const rated = signals.filter((signal) => signal.corrected !== null);
  const corrected = rated.length > 0 && rated.every((signal) => signal.corrected === true);
  const span = spanData(group, notKept);
  return {
    messageId: corrected ? 'machine-check-corrected' : 'machine-check',
    severity: corrected ? 'warning' : 'critical',
    data: {
      source: signals[0]!.source,
      lines: group.length,
      corrected,
      cpus: distinct(
        signals.map((signal) => signal.cpu),
        64,
      ).sort((a, b) => a - b),
      banks: distinct(
        signals.map((signal) => signal.bank),
        64,
      ).sort((a, b) => a - b),
      ...span,
    },
    time: span.firstTime,
    evidence: signalEvidence(group),
  };
}

/** EDAC prints how many errors each line stands for (`EDAC MC0: 3 CE …`); a line without a count is one. */
function memoryFinding(group: HardwareEvent[], notKept: number): FindingInput<MessageId, 'critical' | 'warning'> {
  const count = (corrected: boolean | null) => group.reduce((sum, { signal }) => sum + (signal.corrected === corrected ? (signal.count ?? 1) : 0), 0);
  const [corrected, uncorrected, unclassified] = [count(true), count(false), count(null)];
  const span = spanData(group, notKept);
  const location = group[0]!.signal.location;
  const onlyCorrected = uncorrected === 0 && unclassified === 0;
  return {
    messageId: onlyCorrected ? 'memory-corrected' : 'memory-errors',
    severity: onlyCorrected ? 'warning' : 'critical',
    data: { location, corrected, uncorrected, unclassified, lines: group.length, ...span },
    subject: location ? { device: location } : null,
    time: span.firstTime,
    evidence: signalEvidence(group),
  };
}
