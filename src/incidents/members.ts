/**
 * The pieces an incident is built from: a member is one finding or one OOM kill (or a few that
 * form one step), with the times it spans and what it did to pods. Chains are drafts of members
 * until build-incidents.ts turns them into incidents.
 */
import type { OomKill } from '../model/index.js';
import type { Finding, FindingData } from '../rules/index.js';
import type { ChainStepKind, IncidentConfidenceReason, IncidentKind } from './types.js';

export interface PodRef {
  namespace: string | null;
  pod: string;
}

export interface Restart extends PodRef {
  container: string | null;
  count: number;
}

export interface Member {
  step: ChainStepKind;
  findings: Finding[];
  kills: OomKill[];
  first: string | null;
  last: string | null;
  /** Values the step's text is filled from. */
  data: FindingData;
  /** A reading taken at collection time (df, meminfo, iostat): it describes the end of the story. */
  snapshot?: boolean;
  /** The member joins the chain by its time alone, not by a shared pod, device or resource. */
  byTimeOnly?: boolean;
  evicted?: PodRef[];
  restarts?: Restart[];
}

export interface Draft {
  kind: IncidentKind;
  members: Member[];
  /** Verdict values the kind needs beyond its steps (the workload, the filesystems …). */
  data: FindingData;
  /** Reasons the chain itself gives (beyond what its members show). */
  reasons?: IncidentConfidenceReason[];
}

/** Steps closer than this in time belong to one episode; a longer quiet gap starts a new incident. */
export const EPISODE_GAP_MS = 30 * 60 * 1000;

const FIRST_KEYS = ['firstTime', 'firstEntered', 'firstKill', 'firstEviction'];
const LAST_KEYS = ['lastTime', 'lastLeft', 'lastKill'];

function timeIn(data: FindingData, keys: readonly string[]): string | null {
  for (const key of keys) {
    const value = data[key];
    if (typeof value === 'string' && value !== '') return value;
  }
  return null;
}

export function findingMember(finding: Finding, step: ChainStepKind, extra: Partial<Member> = {}): Member {
  const first = timeIn(finding.data, FIRST_KEYS) ?? finding.time;
  const last = timeIn(finding.data, LAST_KEYS) ?? finding.time ?? first;
  return { step, findings: [finding], kills: [], first, last, data: {}, ...extra };
}

export function killMember(kill: OomKill): Member {
  return { step: 'oom-kill', findings: [], kills: [kill], first: kill.time, last: kill.time, data: {} };
}

export function ms(time: string | null): number | null {
  if (time === null) return null;
  const value = Date.parse(time);
  return Number.isNaN(value) ? null : value;
}

/** A stable key of a member, for orders that must not depend on input order. */
export function memberKey(member: Member): string {
  return [...member.findings.map((finding) => finding.id), ...member.kills.map((kill) => kill.id)].join(',');
}

/** Members in time order (unknown times last), ties by their ids. */
export function byMemberTime(a: Member, b: Member): number {
  const x = ms(a.first) ?? Number.POSITIVE_INFINITY;
  const y = ms(b.first) ?? Number.POSITIVE_INFINITY;
  if (x !== y) return x < y ? -1 : 1;
  return compareIds(memberKey(a), memberKey(b));
}

/** `oom-kill-2` before `oom-kill-10`: ids compared with their numbers as numbers. */
export function compareIds(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

/**
 * Members split into episodes: timed ones in time order, a new episode after a quiet gap longer
 * than EPISODE_GAP_MS; readings at collection time and members without a time join the last one.
 */
export function episodes(members: readonly Member[]): Member[][] {
  const timed = members.filter((member) => !member.snapshot && ms(member.first) !== null).sort(byMemberTime);
  const rest = members.filter((member) => !timed.includes(member)).sort(byMemberTime);
  const groups: Member[][] = [];
  let end = Number.NEGATIVE_INFINITY;
  for (const member of timed) {
    const first = ms(member.first) as number;
    if (groups.length === 0 || first - end > EPISODE_GAP_MS) groups.push([]);
    (groups.at(-1) as Member[]).push(member);
    end = Math.max(end, ms(member.last) ?? first);
  }
  if (rest.length > 0) {
    if (groups.length === 0) groups.push([]);
    (groups.at(-1) as Member[]).push(...rest);
  }
  return groups;
}

/** `ns/name` or `name`, as the kubelet's eviction lines name pods. */
export function podRef(text: string): PodRef {
  const slash = text.indexOf('/');
  return slash < 0 ? { namespace: null, pod: text } : { namespace: text.slice(0, slash), pod: text.slice(slash + 1) };
}

export function stringList(value: FindingData[string] | undefined): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}

export function stringOf(value: FindingData[string] | undefined): string | null {
  return typeof value === 'string' ? value : null;
}

export function numberOf(value: FindingData[string] | undefined): number | null {
  return typeof value === 'number' ? value : null;
}
