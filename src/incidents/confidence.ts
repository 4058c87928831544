/** How sure an incident is, and why not surer: from its members' times, attributions and links. */
import type { Member } from './members.js';
import type { IncidentConfidence, IncidentConfidenceReason } from './types.js';

export function confidenceOf(members: readonly Member[], extra: readonly IncidentConfidenceReason[] = []): { confidence: IncidentConfidence; confidenceReasons: IncidentConfidenceReason[] } {
  const kills = members.flatMap((member) => member.kills);
  const findings = members.flatMap((member) => member.findings);
  const reasons = new Set<IncidentConfidenceReason>(extra);
  if (kills.some((kill) => kill.timeQuality === 'approximate')) reasons.add('times-estimated');
  if (members.some((member) => member.first === null) || kills.some((kill) => kill.timeQuality === 'unknown')) reasons.add('times-unknown');
  if (kills.some((kill) => kill.confidence !== 'high' || kill.confidenceReasons.includes('kernel-only'))) reasons.add('kernel-only-attribution');
  if (members.some((member) => member.byTimeOnly)) reasons.add('time-proximity-only');
  if (findings.some((finding) => finding.data.countIsLowerBound === true)) reasons.add('counts-lower-bound');
  const ordered = ORDER.filter((reason) => reasons.has(reason));
  const low = reasons.has('times-unknown') || kills.some((kill) => kill.confidence === 'low') || ordered.length >= 3;
  return { confidence: low ? 'low' : ordered.length > 0 ? 'medium' : 'high', confidenceReasons: ordered };
}

const ORDER: readonly IncidentConfidenceReason[] = ['times-unknown', 'times-estimated', 'kernel-only-attribution', 'time-proximity-only', 'counts-lower-bound'];

/** Said next to the confidence in the page and the text summary. */
export const REASON_TEXT: Record<IncidentConfidenceReason, string> = {
  'times-unknown': 'some steps have no time',
  'times-estimated': 'some times are estimated (a log without year or zone)',
  'kernel-only-attribution': 'a killed pod is named by the kernel message alone, or its attribution is uncertain',
  'time-proximity-only': 'some steps are linked by their time alone',
  'counts-lower-bound': 'log lines were dropped: counts are at least these',
};
