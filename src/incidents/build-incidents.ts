/**
 * The combiner over findings and events (DESIGN.md §1, "combiners in the model"): run after the
 * rules, it groups what belongs together into incidents, ranks them by harm and numbers them. The
 * report and the templates only show them. Memory first (a kill is placed once), then a full disk,
 * then a failing disk; a critical finding no chain took becomes an incident of its own.
 */
import type { NodeModel, OomKill, OomKillDetail } from '../model/index.js';
import type { Finding } from '../rules/index.js';
import { chainSteps, effectsOf } from './chain-steps.js';
import { confidenceOf } from './confidence.js';
import { diskFullDrafts, diskIoDrafts } from './disk-chains.js';
import { harmOf, workloadsOf } from './harm.js';
import { attachToKills, memoryLimitDrafts, nodeMemoryDrafts } from './memory-chains.js';
import { compareIds, findingMember, ms, type Draft, type Member } from './members.js';
import { nextStepsOf } from './next-steps.js';
import { compareHarm, type Ranked } from './rank.js';
import type { Incident } from './types.js';
import { verdictIdOf, verdictText } from './verdict.js';

export function buildIncidents(model: Pick<NodeModel, 'oomKills' | 'oomKillDetails'>, findings: readonly Finding[]): Incident[] {
  // Ids, not input positions: the same evidence in any order gives the same incidents.
  const sortedFindings = [...findings].sort((a, b) => compareIds(a.id, b.id));
  const kills = [...model.oomKills].sort((a, b) => compareIds(a.id, b.id));
  const details = new Map(model.oomKills.map((kill, index) => [kill.id, model.oomKillDetails[index] as OomKillDetail]));

  const claimed = new Set<Finding>();
  const free = () => sortedFindings.filter((finding) => !claimed.has(finding));
  const claim = (drafts: Draft[]) => {
    for (const finding of drafts.flatMap((draft) => draft.members.flatMap((member) => member.findings))) claimed.add(finding);
    return drafts;
  };
  const memory = [...claim(nodeMemoryDrafts(free(), kills)), ...memoryLimitDrafts(kills)];
  for (const finding of attachToKills(memory, free())) claimed.add(finding);
  claim(memory);
  const drafts = [...memory, ...claim(diskFullDrafts(free())), ...claim(diskIoDrafts(free()))];
  drafts.push(
    ...free()
      .filter((finding) => finding.severity === 'critical')
      .map(singleDraft),
  );

  return drafts
    .map((draft) => finish(draft, details))
    .sort(compareHarm)
    .map(({ incident }, index) => ({ id: `incident-${index + 1}`, ...incident }));
}

function singleDraft(finding: Finding): Draft {
  return { kind: 'finding', members: [findingMember(finding, 'finding')], data: { message: finding.message, ruleId: finding.ruleId } };
}

function finish(draft: Draft, details: ReadonlyMap<string, OomKillDetail>): Ranked {
  const { members } = draft;
  const chain = chainSteps(members);
  const findings = orderedFindings(members);
  const kills = members.flatMap((member) => member.kills).sort((a, b) => compareIds(a.id, b.id));
  const { start, end } = spanOf(members);
  const workloads = workloadsOf(members, details);
  const harm = harmOf(members, workloads, start, end);
  const effects = effectsOf(members);
  const verdictId = verdictIdOf(draft.kind, effects, draft.data);
  const verdictData = { ...draft.data, effects, killedPods: harm.killedPods, evictedPods: harm.evictedPods, restarts: harm.restarts, oomKills: harm.oomKills };
  return {
    incident: {
      kind: draft.kind,
      verdict: verdictText(verdictId, verdictData),
      verdictId,
      verdictData,
      start,
      end,
      chain,
      workloads,
      findingIds: findings.map((finding) => finding.id),
      oomKillIds: kills.map((kill: OomKill) => kill.id),
      harm,
      ...confidenceOf(members, draft.reasons),
      nextSteps: nextStepsOf(findings),
    },
    criticalFindings: findings.filter((finding) => finding.severity === 'critical').length,
  };
}

/** The member findings in chain order (the cause's first), each once. */
function orderedFindings(members: readonly Member[]): Finding[] {
  const steps = chainSteps(members).flatMap((step) => step.findingIds);
  const byId = new Map(members.flatMap((member) => member.findings).map((finding) => [finding.id, finding]));
  return [...new Set(steps)].map((id) => byId.get(id) as Finding);
}

function spanOf(members: readonly Member[]): { start: string | null; end: string | null } {
  const times = members.flatMap((member) => [member.first, member.last]).filter((time): time is string => ms(time) !== null);
  times.sort((a, b) => (ms(a) as number) - (ms(b) as number));
  return { start: times[0] ?? null, end: times.at(-1) ?? null };
}
