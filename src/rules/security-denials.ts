/**
 * AppArmor and SELinux refused something (`apparmor="DENIED" operation="open" profile="cri-containerd.apparmor.d"
 * name="/etc/shadow" pid=10233 comm="cat"`, `avc:  denied  { read write } for pid=5120 comm="nginx" …
 * scontext=…:container_t:… tclass=sock_file`). One finding per profile or context, operation, process
 * and pod; the dmesg and audit.log copies of a denial are one denial (same audit id). The pod comes
 * from the denial's pid in the process table.
 */
import { defineRule, type FindingInput } from './define-rule.js';
import { linesNotKept, occurrencesOf, signalEvidence, spanData, type Occurrence, type SignalOf } from './kernel-signal-helpers.js';
import { podData, podOfProcess, processSubject, type ProcessPod } from './process-pod-helpers.js';
import { distinct, groupsOf } from './rule-helpers.js';
import { remedyFacts, sh, suggest } from './command-helpers.js';
import { fixed } from './node-command-helpers.js';
import { aboutPod } from './pod-command-helpers.js';

const KINDS = ['apparmor-denied', 'selinux-denied'] as const;
type Denial = Occurrence<SignalOf<'apparmor-denied'> | SignalOf<'selinux-denied'>> & { pod: ProcessPod | null };
type MessageId = 'apparmor' | 'apparmor-in-pod' | 'selinux' | 'selinux-in-pod' | 'selinux-permissive' | 'more';

/** One finding per kind of denial up to this many; a profile denying everything stays one screen. */
const MAX_GROUP_FINDINGS = 20;
/** The default profiles runtimes put containers under (containerd, CRI-O, Docker). */
const CONTAINER_PROFILE = /^(?:cri-containerd\.apparmor\.d|crio-default(?:-[\w.]+)?|docker-default)$/;
/** SELinux types of container processes (container-selinux; `svirt_lxc_net_t` before it). */
const CONTAINER_DOMAIN = /^[^:]*:[^:]*:(?:container_t|container_init_t|container_engine_t|spc_t|svirt_lxc_net_t)(?::|$)/;

export const securityDenials = defineRule({
  id: 'security-denials',
  title: 'AppArmor and SELinux denials',
  severity: 'warning',
  severities: {
    warning: 'AppArmor or enforcing SELinux denials',
    info: 'SELinux denials in permissive mode only',
  },
  requires: [['kernel', 'journal']],
  messages: {
    apparmor: 'AppArmor profile {profile} denied "{process}" {operation} on {target} ({denials|atLeast:denial})',
    'apparmor-in-pod': 'Pod {namespace}/{pod}: AppArmor profile {profile} denied "{process}" {operation} on {target} ({denials|atLeast:denial})',
    selinux: 'SELinux denied "{process}" {permissions} on {tclass} {target} ({scontext} → {tcontext}, {denials|atLeast:denial})',
    'selinux-in-pod': 'Pod {namespace}/{pod}: SELinux denied "{process}" {permissions} on {tclass} {target} ({denials|atLeast:denial})',
    'selinux-permissive': 'SELinux in permissive mode let "{process}" {permissions} on {tclass} {target} but logged a denial ({denials|atLeast:denial})',
    more: '{groups:more kind} of denial ({denials|atLeast:denial})',
  },
  commands(finding, model) {
    const facts = remedyFacts(model);
    const selinux = finding.messageId.startsWith('selinux');
    const subject = finding.subject;
    const context = `'{.spec.securityContext}{"\\n"}{range .spec.containers[*]}{.name}{": "}{.securityContext}{"\\n"}{end}'`;
    const get = sh`kubectl -n ${subject?.namespace} get pod ${subject?.pod} -o jsonpath=`;
    return [
      selinux
        ? fixed('the SELinux denials the audit log holds', 'ausearch -m AVC,USER_AVC -ts recent')
        : fixed('the AppArmor denials of this boot', 'dmesg -T | grep -F \'apparmor="DENIED"\' | tail -30'),
      ...aboutPod(facts, subject, finding.time),
      suggest("the pod's and its containers' security context", get === null ? null : `${get}${context}`),
      selinux ? fixed('whether SELinux enforces', 'getenforce; sestatus') : fixed('the AppArmor profiles loaded', 'aa-status'),
    ];
  },
  check(model, report) {
    const notKept = linesNotKept(model, KINDS);
    const denials: Denial[] = occurrencesOf(model, KINDS).map((occurrence) => ({ ...occurrence, pod: podOfProcess(model, occurrence.signal.pid, occurrence.signal.comm) }));
    const groups = groupsOf(denials, keyOf);
    for (const group of groups.slice(0, MAX_GROUP_FINDINGS)) report(denialFinding(group, notKept));
    const rest = groups.slice(MAX_GROUP_FINDINGS).flat();
    if (rest.length > 0) report({ messageId: 'more', data: { groups: groups.length - MAX_GROUP_FINDINGS, denials: rest.length }, evidence: signalEvidence(rest, 3) });
  },
});

function keyOf({ signal, pod }: Denial): string {
  const where = `${signal.comm}\0${pod?.podUid ?? ''}`;
  if (signal.kind === 'apparmor-denied') return `apparmor\0${signal.profile}\0${signal.operation}\0${where}`;
  return `selinux\0${signal.scontext}\0${signal.tcontext}\0${signal.tclass}\0${signal.permissions.join(' ')}\0${where}`;
}

function denialFinding(group: Denial[], notKept: number): FindingInput<MessageId, 'warning' | 'info'> {
  const first = group[0]!;
  const span = spanData(group, notKept);
  const common = {
    process: first.signal.comm,
    denials: group.length,
    target: first.signal.name,
    targets: distinct(
      group.map(({ signal }) => signal.name),
      5,
    ),
    pids: distinct(group.map(({ signal }) => signal.pid)),
    ...podData(first.pod),
    ...span,
  };
  const base = { subject: processSubject(first.signal.comm, first.pod), time: span.firstTime, evidence: signalEvidence(group) };
  if (first.signal.kind === 'apparmor-denied') {
    const signals = group.map(({ signal }) => signal as SignalOf<'apparmor-denied'>);
    const { profile, operation } = first.signal;
    const data = {
      mechanism: 'apparmor',
      profile,
      operation,
      ...common,
      deniedMasks: distinct(signals.map((signal) => signal.deniedMask)),
      containerProfile: profile !== null && CONTAINER_PROFILE.test(profile),
    };
    return { ...base, messageId: first.pod ? 'apparmor-in-pod' : 'apparmor', data };
  }
  const signals = group.map(({ signal }) => signal as SignalOf<'selinux-denied'>);
  const { scontext, tcontext, tclass, permissions } = first.signal;
  const permissive = signals.every((signal) => signal.permissive === true);
  const data = { mechanism: 'selinux', scontext, tcontext, tclass, permissions, ...common, permissive, containerDomain: scontext !== null && CONTAINER_DOMAIN.test(scontext) };
  if (permissive) return { ...base, messageId: 'selinux-permissive', severity: 'info', data };
  return { ...base, messageId: first.pod ? 'selinux-in-pod' : 'selinux', data };
}
