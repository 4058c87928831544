/**
 * Findings and kills built by hand, shaped as the rules and the model give them (the fields the
 * combiner reads, the rest at their empty values), for chains no sample shows.
 */
import type { OomKill, OomKillDetail } from '../../src/model/index.js';
import type { Finding, FindingData, Severity, Subject, SuggestedCommand } from '../../src/rules/index.js';

export function finding(
  id: string,
  severity: Severity,
  fields: { messageId?: string; data?: FindingData; subject?: Subject | null; time?: string | null; commands?: SuggestedCommand[] } = {},
): Finding {
  const ruleId = id.replace(/-\d+$/, '');
  return {
    id,
    ruleId,
    severity,
    messageId: fields.messageId ?? 'main',
    message: `${ruleId} message`,
    data: fields.data ?? {},
    subject: fields.subject ?? null,
    time: fields.time ?? null,
    evidence: [],
    commands: fields.commands ?? [],
  };
}

export function kill(id: string, fields: Partial<OomKill>): OomKill {
  return {
    id,
    time: null,
    timeText: '',
    timeQuality: 'exact',
    bootId: null,
    pid: 1000,
    process: 'java',
    uid: null,
    kernelOutcome: 'killed',
    scope: 'memcg',
    limitLevel: 'container',
    constraint: 'CONSTRAINT_MEMCG',
    oomMemcg: null,
    taskMemcg: null,
    podUid: null,
    containerId: null,
    namespace: null,
    pod: null,
    container: null,
    qosClass: 'Burstable',
    qosEvidence: null,
    attributionSource: null,
    oomScoreAdj: null,
    totalVmKb: null,
    anonRssKb: null,
    fileRssKb: null,
    shmemRssKb: null,
    memoryUsageKb: null,
    memoryLimitKb: 524288,
    confidence: 'high',
    confidenceReasons: [],
    corroboratedBy: [],
    linesLost: [],
    logBefore: [],
    evidence: [],
    ...fields,
  };
}

export function detail(restarted: boolean): OomKillDetail {
  return {
    outcome: 'container-ended',
    attempt: null,
    restarted,
    logAfter: [],
    contradictions: [],
    attribution: null,
    containerNamedBy: null,
    victimCgroup: null,
    qos: { fromCgroup: null, fromScore: null } as unknown as OomKillDetail['qos'],
    impliedRequestBytes: null,
    trigger: null,
    groupKill: false,
    sandbox: false,
    seenIn: [],
    logsOmitted: false,
  };
}

export function model(kills: OomKill[], restarted: boolean[] = kills.map(() => false)) {
  return { oomKills: kills, oomKillDetails: restarted.map(detail) };
}

export function command(text: string, changesCluster = false): SuggestedCommand {
  return { purpose: `run ${text}`, command: text, changesCluster };
}
