import type { KernelMessage } from './kernel-message.js';
import type { OomEvent, OomEvidenceRole, OomGap, OomKillReason, OomMemcgStats, OomOutcome, OomReap, OomVictim } from './oom-event.js';
import type { Stamp } from '../stamp.js';
import type { OomHeaderLine } from './oom-header-lines.js';
import type { OomKillProcessLine } from './oom-kill-lines.js';
import { OomSystemMemoryBuilder } from './oom-system-memory.js';
import { OomTaskTableBuilder } from './oom-task-table.js';
import { emptyRecord } from '../safe-record.js';
import { detectReportVariant, derivePageSize } from './oom-variant.js';

/** Where in the report the last line was: decides how the next unmarked line is read. */
export type OomSection = 'header' | 'stats' | 'mem-info' | 'tasks' | 'kill';

const MAX_STATS_CGROUPS = 8;
const MAX_STAT_KEYS = 80;
const MAX_VICTIMS = 200;
const MAX_EVIDENCE = 64;
const GAP_ORDER: readonly OomGap[] = ['kill-line-missing', 'cut-by-next-report', 'lines-lost-inside'];
const STAT_LINE = /^([a-z_0-9]{1,64}) (\d{1,20})\s*$/;

/** The state of one OOM event while its lines arrive. */
export class OomEventBuilder {
  readonly event: OomEvent;
  /** The furthest report part seen so far (ranks: headerRank in the assembler). */
  rank = -1;
  section: OomSection = 'header';
  lastLine: number;
  lastSeconds: number | null;
  legacyAdj = false;
  tasksStateLine = false;
  private stats: OomMemcgStats | null = null;
  private statKeys = 0;
  private table: OomTaskTableBuilder | null = null;
  private memInfo: OomSystemMemoryBuilder | null = null;
  private readonly victimPids = new Set<number>();
  /** Where the `oom-kill:` summary line was: a summary-only victim is stamped there. */
  summaryAt: { stamp: Stamp; line: number } | null = null;
  /** An `oom_reaper` line for the summary's pid before any kill line: confirms a summary-only kill. */
  summaryReap: OomReap | null = null;

  constructor(
    first: KernelMessage,
    readonly detailed: boolean,
  ) {
    this.event = emptyEvent(first);
    this.event.detailsOmitted = !detailed;
    this.lastLine = first.line;
    this.lastSeconds = secondsOf(first);
    this.addEvidence('first', first);
  }

  touch(message: KernelMessage): void {
    this.lastLine = message.line;
    this.lastSeconds = secondsOf(message) ?? this.lastSeconds;
  }

  addEvidence(role: OomEvidenceRole, message: KernelMessage): void {
    if (this.event.evidence.length < MAX_EVIDENCE) this.event.evidence.push({ role, file: message.file, line: message.line, stampText: message.stamp.text });
  }

  /** A line inside a stats, Mem-Info or task-table block; false when it is not one. */
  addBlockLine(text: string): boolean {
    switch (this.section) {
      case 'stats': {
        const stat = STAT_LINE.exec(text);
        if (!stat) return false;
        if (this.stats && this.statKeys < MAX_STAT_KEYS) {
          this.stats.values[stat[1]!] = Number(stat[2]);
          this.statKeys += 1;
        }
        return true;
      }
      case 'mem-info':
        return this.memInfo!.add(text);
      case 'tasks':
        return this.table!.add(text);
      default:
        return false;
    }
  }

  applyHeader(line: OomHeaderLine): void {
    const event = this.event;
    this.section = 'header';
    switch (line.kind) {
      case 'trigger':
        event.trigger = { comm: line.comm, gfpMask: line.gfpMask, gfpFlags: line.gfpFlags, nodemask: line.nodemask, order: line.order, oomScoreAdj: line.oomScoreAdj };
        break;
      case 'cpuset':
        event.cpuset = { name: line.name, memsAllowed: line.memsAllowed };
        break;
      case 'task-in':
        event.taskMemcg = line.taskMemcg ?? event.taskMemcg;
        event.oomMemcg = line.oomMemcg;
        event.globalOom = false;
        break;
      case 'counter':
        event[line.which] = { usageKb: line.usageKb, limitKb: line.limitKb, failcnt: line.failcnt };
        break;
      case 'stats-header':
        event.statsMemcg ??= line.memcg;
        this.startStats(line.memcg, line.inline);
        break;
      case 'mem-info':
        this.memInfo = new OomSystemMemoryBuilder();
        this.section = 'mem-info';
        break;
      case 'tasks-state':
        this.tasksStateLine = true;
        break;
      case 'task-header':
        this.table = new OomTaskTableBuilder(line.columns);
        this.section = 'tasks';
        break;
      case 'summary':
        event.constraint = line.constraint;
        event.cpuset = { name: line.cpuset, memsAllowed: line.memsAllowed };
        event.oomMemcg = line.oomMemcg;
        event.taskMemcg = line.taskMemcg;
        event.globalOom = line.globalOom;
        event.chosen = { comm: line.comm, pid: line.pid, uid: line.uid };
        this.section = 'kill';
        break;
    }
  }

  private startStats(memcg: string, inline: Record<string, number> | null): void {
    if (this.event.memcgStats.length >= MAX_STATS_CGROUPS || !this.detailed) {
      this.event.memcgStatsOmitted += 1;
      this.stats = null;
    } else {
      this.stats = { memcg, values: inline ?? emptyRecord() };
      this.statKeys = 0;
      this.event.memcgStats.push(this.stats);
    }
    if (!inline) this.section = 'stats';
  }

  /** Adds a victim unless the group kill already named this pid; returns it when added. */
  addVictim(kill: OomKillProcessLine, message: KernelMessage): OomVictim | null {
    if (this.victimPids.has(kill.pid)) return null;
    this.victimPids.add(kill.pid);
    this.section = 'kill';
    this.addEvidence('kill', message);
    const event = this.event;
    if (event.victims.length >= MAX_VICTIMS) {
      event.victimsOmitted += 1;
      return null;
    }
    const selected = event.victims.length === 0 ? event.selected : null;
    const reason = kill.reason ?? selected?.reason ?? reasonFromScope(event.globalOom);
    noteScope(event, reason);
    const { kind: _kind, ...killed } = kill;
    const victim: OomVictim = { ...killed, killLine: true, reason, selectedPid: selected?.pid ?? null, score: selected?.score ?? null, reaped: null, stamp: message.stamp, line: message.line };
    event.victims.push(victim);
    return victim;
  }

  get victimCount(): number {
    return this.victimPids.size;
  }

  /**
   * Gives up the task table when it lists `pid`: lines between two reports were lost, and the
   * table is the one of the report whose summary chose that pid, not this one's.
   */
  releaseTableListing(pid: number): { table: OomTaskTableBuilder; tasksStateLine: boolean } | null {
    if (!this.table?.lists(pid)) return null;
    const moved = { table: this.table, tasksStateLine: this.tasksStateLine };
    this.table = null;
    this.tasksStateLine = false;
    if (this.section === 'tasks') this.section = 'header';
    return moved;
  }

  adoptTable(moved: { table: OomTaskTableBuilder; tasksStateLine: boolean }): void {
    this.table = moved.table;
    this.tasksStateLine = moved.tasksStateLine;
  }

  /** The report reached its end: a kill, an exiting victim, nothing killable, or a panic. */
  get ended(): boolean {
    const event = this.event;
    return this.victimPids.size > 0 || event.exitingVictim !== null || event.panicOnOom || event.outcome === 'no-killable-process';
  }

  /** The Mem-Info block of a global OOM was seen. */
  get hasMemInfo(): boolean {
    return this.memInfo !== null;
  }

  markGap(gap: OomGap): void {
    if (!this.event.gaps.includes(gap)) this.event.gaps.push(gap);
  }

  finish(): OomEvent {
    const event = this.event;
    const table = this.table?.build() ?? null;
    event.tasks = table && !this.detailed ? { ...table, rows: [] } : table;
    event.systemMemory = this.memInfo?.build() ?? null;
    event.outcome = outcomeOf(event);
    event.pageSizeBytes = derivePageSize(event.victims, table?.rows ?? []);
    event.kernelVariant = detectReportVariant(event, { columns: table?.columns ?? null, tasksStateLine: this.tasksStateLine, legacyAdj: this.legacyAdj });
    if (event.outcome === 'none-seen') this.addSummaryVictim();
    event.gaps.sort((a, b) => GAP_ORDER.indexOf(a) - GAP_ORDER.indexOf(b));
    return event;
  }

  /**
   * ≥ 5.0 prints the `oom-kill:` summary only right before it kills (an exiting victim returns
   * before the header), and the kill line itself is not rate-limited: a summary without its kill
   * line lost that line on the way. The victim is the task the summary names, nothing more.
   */
  private addSummaryVictim(): void {
    const event = this.event;
    this.markGap('kill-line-missing');
    if (!event.chosen || !this.summaryAt || event.victimsOmitted > 0) return;
    const { comm, pid, uid } = event.chosen;
    const reason: OomKillReason | null = event.globalOom === null ? null : event.globalOom ? 'global' : 'memcg';
    const selected = event.selected?.pid === pid ? event.selected : null;
    event.victims.push({
      pid,
      comm,
      reason,
      totalVmKb: null,
      anonRssKb: null,
      fileRssKb: null,
      shmemRssKb: null,
      uid,
      pgtablesKb: null,
      oomScoreAdj: null,
      killLine: false,
      selectedPid: selected?.pid ?? null,
      score: selected?.score ?? null,
      reaped: this.summaryReap,
      stamp: this.summaryAt.stamp,
      line: this.summaryAt.line,
    });
    event.outcome = 'summary-only';
  }
}

export function noteScope(event: OomEvent, reason: OomKillReason | null): void {
  if (event.globalOom === null && reason !== null) event.globalOom = reason !== 'memcg';
}

function reasonFromScope(globalOom: boolean | null): OomKillReason | null {
  return globalOom === null ? null : globalOom ? 'global' : 'memcg';
}

function outcomeOf(event: OomEvent): OomOutcome {
  if (event.victims.length > 0 || event.victimsOmitted > 0) return 'killed';
  if (event.panicOnOom) return 'panic';
  if (event.exitingVictim) return 'victim-exiting';
  return event.outcome === 'no-killable-process' ? 'no-killable-process' : 'none-seen';
}

/** Seconds on whatever clock the stream's stamps show, to measure gaps between report lines. */
export function secondsOf(message: KernelMessage): number | null {
  const stamp = message.stamp;
  return stamp.monotonic ?? (stamp.utcMs === null ? null : stamp.utcMs / 1000);
}

function emptyEvent(first: KernelMessage): OomEvent {
  return {
    stamp: first.stamp,
    file: first.file,
    trigger: null,
    cpuset: null,
    constraint: null,
    oomMemcg: null,
    taskMemcg: null,
    globalOom: null,
    chosen: null,
    memory: null,
    memsw: null,
    swap: null,
    kmem: null,
    memcgStats: [],
    memcgStatsOmitted: 0,
    statsMemcg: null,
    systemMemory: null,
    tasks: null,
    selected: null,
    victims: [],
    victimsOmitted: 0,
    groupKill: null,
    sharedMemoryKills: [],
    mmPinned: [],
    exitingVictim: null,
    outcome: 'none-seen',
    gaps: [],
    panicOnOom: false,
    kernelVariant: 'unknown',
    pageSizeBytes: null,
    detailsOmitted: false,
    evidence: [],
  };
}
