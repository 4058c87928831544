/** A draft's members as the ordered steps of its chain: kills side by side in time become one step. */
import type { OomKill } from '../model/index.js';
import { byMemberTime, type Member } from './members.js';
import type { ChainStep } from './types.js';
import { EFFECT_STEPS, effectText, stepText } from './verdict.js';

/** Victims named in a kill step; the count says how many there were. */
const VICTIMS_NAMED = 3;

export function chainSteps(members: readonly Member[]): ChainStep[] {
  const steps: ChainStep[] = [];
  let kills: Member[] = [];
  const flush = () => {
    if (kills.length > 0) steps.push(killStep(kills));
    kills = [];
  };
  for (const member of [...members].sort(byMemberTime)) {
    if (member.step === 'oom-kill') {
      kills.push(member);
      continue;
    }
    flush();
    steps.push({
      kind: member.step,
      time: member.first,
      text: stepText(member.step, { ...memberMessage(member), ...member.data }),
      findingIds: member.findings.map((finding) => finding.id),
      oomKillIds: [],
    });
  }
  flush();
  return steps;
}

function memberMessage(member: Member): Record<string, string> {
  return member.step === 'finding' && member.findings[0] ? { message: member.findings[0].message } : {};
}

function killStep(members: readonly Member[]): ChainStep {
  const kills = members.flatMap((member) => member.kills);
  const pods = new Set(kills.filter((kill) => kill.pod || kill.podUid).map((kill) => `${kill.namespace}/${kill.pod ?? kill.podUid}`));
  const victims = [...new Set(kills.map(victimName))];
  const named = victims.length > VICTIMS_NAMED ? [...victims.slice(0, VICTIMS_NAMED), `${victims.length - VICTIMS_NAMED} more`] : victims;
  const data = { kills: kills.length, pods: pods.size, victims: named, variant: pods.size === 0 ? 'host' : null };
  return {
    kind: 'oom-kill',
    time: members[0]?.first ?? null,
    text: stepText('oom-kill', data),
    findingIds: members.flatMap((member) => member.findings.map((finding) => finding.id)),
    oomKillIds: kills.map((kill) => kill.id),
  };
}

/** `shop/checkout-7d9f8b6c5-x2x9q/api` (`"java"`), or the process alone outside a pod. */
function victimName(kill: OomKill): string {
  const where = [kill.namespace, kill.pod ?? kill.podUid, kill.container].filter(Boolean).join('/');
  return where ? `${where} ("${kill.process}")` : `"${kill.process}" (pid ${kill.pid})`;
}

/**
 * What the incident did, for its verdict: one clause per kind of effect in the order they first
 * happened, kills and evictions summed over the chain, each crash-looping container named.
 */
export function effectsOf(members: readonly Member[]): string[] {
  const sorted = [...members].sort(byMemberTime).filter((member) => EFFECT_STEPS.has(member.step));
  const clauses = new Map<string, string>();
  for (const member of sorted) {
    const key = member.step === 'eviction' && member.data.variant === null ? 'eviction' : member.step === 'oom-kill' ? 'oom-kill' : `${member.step}\0${stepText(member.step, member.data)}`;
    if (clauses.has(key)) continue;
    clauses.set(key, clauseOf(member, sorted));
  }
  return [...clauses.values()];
}

function clauseOf(member: Member, all: readonly Member[]): string {
  if (member.step === 'oom-kill') {
    const kills = all.flatMap((other) => other.kills);
    const pods = new Set(kills.filter((kill) => kill.pod || kill.podUid).map((kill) => `${kill.namespace}/${kill.pod ?? kill.podUid}`));
    return pods.size === 0
      ? stepText('oom-kill', { kills: kills.length, victims: [...new Set(kills.map(victimName))], variant: 'host' })
      : effectText('oom-kill', { kills: kills.length, pods: pods.size });
  }
  if (member.step === 'eviction' && member.data.variant === null) {
    const evicted = new Set(all.flatMap((other) => (other.step === 'eviction' ? (other.evicted ?? []) : [])).map((ref) => `${ref.namespace}/${ref.pod}`));
    return effectText('eviction', { pods: evicted.size });
  }
  return effectText(member.step, member.data);
}
