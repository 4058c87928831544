/**
 * Assembles the multi-line kernel OOM report into one OomEvent per `out_of_memory()` call, for
 * every kernel generation of domain-facts §4. Real sample (this machine, kernel 6.18, cgroup v1;
 * the call trace and memory.stat lines are cut here):
 *
 *   [  931.472465] python3 invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=500
 *   [  931.472544] memory: usage 32768kB, limit 32768kB, failcnt 84
 *   [  931.472547] memory+swap: usage 32768kB, limit 9007199254740988kB, failcnt 0
 *   [  931.472548] kmem: usage 168kB, limit 9007199254740988kB, failcnt 0
 *   [  931.472549] Memory cgroup stats for /kubepods/burstable/podf9244834-…/af00aece…:
 *   [  931.472602] Tasks state (memory values in pages):
 *   [  931.472603] [  pid  ]   uid  tgid total_vm      rss rss_anon rss_file rss_shmem pgtables_bytes swapents oom_score_adj name
 *   [  931.472604] [   6519]     0  6519    10823     9782     8128     1654         0   131072        0           500 python3
 *   [  931.472607] oom-kill:constraint=CONSTRAINT_MEMCG,…,oom_memcg=/kubepods/…,task_memcg=/kubepods/…,task=python3,pid=6519,uid=0
 *   [  931.472618] Memory cgroup out of memory: Killed process 6519 (python3) total-vm:43292kB, anon-rss:32512kB, …
 *     → one OomEvent { trigger: { comm: 'python3', … }, globalOom: false, memory: { usageKb: 32768, … },
 *                      victims: [{ pid: 6519, reason: 'memcg', … }], outcome: 'killed', kernelVariant: 'linux-6.8+' }
 *
 * Report parts come in a fixed order; a part that goes back in that order, a new `invoked
 * oom-killer` header, or a second kill line outside a group kill starts a new event. Lines of
 * other CPUs between report lines are skipped; a report whose lines are more than 1000 lines or
 * 30 s apart is not continued. The `Killed process` line alone (rate-limited header) is an event.
 */
import type { KernelMessage } from './kernel-message.js';
import type { OomEvent, OomReap, OomVictim } from './oom-event.js';
import { noteScope, OomEventBuilder, secondsOf } from './oom-event-builder.js';
import { parseOomHeaderLine, type OomHeaderLine, type OomSummaryLine } from './oom-header-lines.js';
import { parseOomKillLine, type OomKillLine, type OomKillProcessLine } from './oom-kill-lines.js';

export interface OomAssemblerSink {
  event(event: OomEvent): void;
  issue?(line: number, message: string): void;
  /** false drops the bulky parts (task rows, memcg stats) of the next event: an OOM storm. */
  keepDetails?(): boolean;
}

/** Every report line except block contents holds one of these: one scan skips the other lines. */
const OOM_HINT = /oom|usage |Memory|Task|Mem-|pid|cpuset=|ill(?:ed)? process|OOM|Out of memory/;
const MAX_LINE_GAP = 1000;
const MAX_SECONDS_GAP = 30;
const RECENT_VICTIMS = 512;
const MAX_SIDE_KILLS = 16;

/** Order of report parts (dump_header → kill); a part with a lower rank than seen starts a new event. */
function headerRank(line: OomHeaderLine): number {
  switch (line.kind) {
    case 'trigger':
      return 0;
    case 'cpuset':
      return 1;
    case 'task-in':
      return 2;
    case 'counter':
      return line.which === 'memory' ? 3 : line.which === 'kmem' ? 3.2 : 3.1;
    case 'stats-header':
    case 'mem-info':
      return 4;
    case 'tasks-state':
      return 5;
    case 'task-header':
      return 5.1;
    case 'summary':
      return 6;
  }
}

export class OomAssembler {
  private open: OomEventBuilder | null = null;
  private readonly recent = new Map<number, { victim: OomVictim; event: OomEvent }>();
  /** `oom_reaper` lines whose kill line was not in this stream. */
  unmatchedReaps = 0;

  constructor(private readonly sink: OomAssemblerSink) {}

  push(message: KernelMessage): void {
    const first = message.text.charCodeAt(0);
    const text = first === 0x20 || first === 0x09 ? message.text.trimStart() : message.text;
    if (this.open && this.isNear(message) && this.open.addBlockLine(text)) {
      this.open.touch(message);
      return;
    }
    if (!OOM_HINT.test(text)) return;
    const header = parseOomHeaderLine(text);
    if (header) return this.onHeader(header, message);
    const kill = parseOomKillLine(text);
    if (kill) return this.onKill(kill, message);
    if (text.includes('invoked oom-killer') || text.includes('Killed process ') || text.startsWith('oom-kill:') || text.startsWith('oom_reaper:')) {
      this.sink.issue?.(message.line, 'OOM report line not understood');
    }
  }

  end(): void {
    if (this.open) this.sink.event(this.open.finish());
    this.open = null;
  }

  /** The kernel said it dropped lines (printk or the OOM header's rate limit) before the open report's end. */
  noteLinesLost(): void {
    if (this.open && !this.open.ended) this.open.markGap('lines-lost-inside');
  }

  private isNear(message: KernelMessage): boolean {
    const open = this.open!;
    if (message.line - open.lastLine > MAX_LINE_GAP) return false;
    const seconds = secondsOf(message);
    return seconds === null || open.lastSeconds === null || Math.abs(seconds - open.lastSeconds) <= MAX_SECONDS_GAP;
  }

  /**
   * The open event if this part may follow what it has seen, else a new event. An open event
   * closed by a part that cannot be its own, before its kill line, was cut there: it keeps none
   * of the next report's fields, and the next report none of its.
   */
  private eventFor(message: KernelMessage, mayContinue: (open: OomEventBuilder) => boolean): OomEventBuilder {
    if (this.open && this.isNear(message)) {
      if (mayContinue(this.open)) return this.open;
      if (!this.open.ended) this.open.markGap('cut-by-next-report');
    }
    this.end();
    this.open = new OomEventBuilder(message, this.sink.keepDetails?.() ?? true);
    return this.open;
  }

  private onHeader(line: OomHeaderLine, message: KernelMessage): void {
    const rank = headerRank(line);
    const repeatable = line.kind === 'stats-header';
    const conflicting = line.kind === 'summary' && this.open && this.isNear(message) && summaryConflicts(this.open, line);
    const moved = conflicting ? this.open!.releaseTableListing(line.pid) : null;
    const builder = this.eventFor(message, (open) => !conflicting && line.kind !== 'trigger' && (rank > open.rank || (repeatable && rank === open.rank)));
    if (moved) builder.adoptTable(moved);
    const firstStats = line.kind === 'stats-header' && builder.event.statsMemcg === null;
    builder.applyHeader(line);
    if (line.kind === 'trigger') {
      builder.addEvidence('trigger', message);
      builder.legacyAdj = message.text.includes('oomkilladj=');
    }
    if (line.kind === 'summary') {
      builder.addEvidence('summary', message);
      builder.summaryAt = { stamp: message.stamp, line: message.line };
    }
    if (line.kind === 'task-in') builder.addEvidence('task-in', message);
    if (firstStats) builder.addEvidence('memcg-stats', message);
    builder.rank = Math.max(builder.rank, rank);
    builder.touch(message);
  }

  private onKill(line: OomKillLine, message: KernelMessage): void {
    if (line.kind === 'reaped' || line.kind === 'reap-failed') return this.onReaper(line, message);
    if (line.kind === 'mm-pinned' || line.kind === 'shared-kill') return this.onSideKill(line, message);
    const beforeKill = (open: OomEventBuilder) => open.rank < 8 && open.victimCount === 0 && !open.event.exitingVictim;
    switch (line.kind) {
      case 'kill': {
        const builder = this.eventFor(message, (open) => (beforeKill(open) || open.event.groupKill !== null) && !killConflicts(open, line));
        const victim = builder.addVictim(line, message);
        if (victim) this.remember(victim, builder.event);
        return this.advance(builder, 8, message);
      }
      case 'select': {
        const builder = this.eventFor(message, (open) => open.rank < 7 && (open.event.chosen === null || open.event.chosen.pid === line.pid));
        builder.event.selected = { pid: line.pid, comm: line.comm, score: line.score, reason: line.reason };
        builder.addEvidence('selected', message);
        noteScope(builder.event, line.reason);
        return this.advance(builder, 7, message);
      }
      case 'exiting': {
        const builder = this.eventFor(message, beforeKill);
        builder.event.exitingVictim = { pid: line.pid, comm: line.comm };
        builder.addEvidence('exiting', message);
        noteScope(builder.event, line.reason);
        return this.advance(builder, 8, message);
      }
      case 'no-killable':
        this.eventFor(message, beforeKill).event.outcome = 'no-killable-process';
        return this.advance(this.open!, 8, message);
      case 'panic':
        this.eventFor(message, () => true).event.panicOnOom = true;
        return this.advance(this.open!, 8, message);
      case 'group': {
        const builder = this.eventFor(message, (open) => open.event.groupKill === null);
        builder.event.groupKill = { memcg: line.memcg };
        builder.addEvidence('group', message);
        return this.advance(builder, 9, message);
      }
    }
  }

  private advance(builder: OomEventBuilder, rank: number, message: KernelMessage): void {
    builder.rank = Math.max(builder.rank, rank);
    builder.section = 'kill';
    builder.touch(message);
  }

  private onSideKill(line: Extract<OomKillLine, { kind: 'mm-pinned' | 'shared-kill' }>, message: KernelMessage): void {
    if (!this.open || !this.isNear(message)) return;
    const event = this.open.event;
    if (line.kind === 'mm-pinned' && event.mmPinned.length < MAX_SIDE_KILLS) event.mmPinned.push({ pid: line.pid, comm: line.comm, byPid: line.byPid, byComm: line.byComm });
    if (line.kind === 'shared-kill' && event.sharedMemoryKills.length < MAX_SIDE_KILLS) event.sharedMemoryKills.push({ pid: line.pid, comm: line.comm });
    this.open.touch(message);
  }

  /** The reaper runs after the kill (2 s later in 6.x), possibly after other events: found by pid. */
  private onReaper(line: Extract<OomKillLine, { kind: 'reaped' | 'reap-failed' }>, message: KernelMessage): void {
    const reap: OomReap =
      line.kind === 'reaped'
        ? { state: 'reaped', anonRssKb: line.anonRssKb, fileRssKb: line.fileRssKb, shmemRssKb: line.shmemRssKb, stamp: message.stamp, line: message.line }
        : { state: 'unable', stamp: message.stamp, line: message.line };
    const entry = this.recent.get(line.pid);
    if (entry && !entry.victim.reaped) {
      entry.victim.reaped = reap;
      if (entry.event.evidence.length < 64) entry.event.evidence.push({ role: 'reaper', file: message.file, line: message.line, stampText: message.stamp.text });
      return;
    }
    // The reaper names the pid the summary chose when the kill line between them was lost.
    const open = this.open;
    if (!entry && open && open.victimCount === 0 && open.event.chosen?.pid === line.pid && !open.summaryReap) {
      open.summaryReap = reap;
      open.addEvidence('reaper', message);
      return;
    }
    this.unmatchedReaps += 1;
  }

  private remember(victim: OomVictim, event: OomEvent): void {
    this.recent.delete(victim.pid);
    this.recent.set(victim.pid, { victim, event });
    if (this.recent.size > RECENT_VICTIMS) this.recent.delete(this.recent.keys().next().value!);
  }
}

/**
 * A summary that names another cgroup or scope than the report's earlier lines belongs to
 * another report (the lines between were lost): `limit of` / the first stats cgroup is the
 * cgroup whose limit was hit, `memory: usage` only appears in memcg OOMs, `Mem-Info:` only in
 * global ones.
 */
function summaryConflicts(open: OomEventBuilder, line: OomSummaryLine): boolean {
  const event = open.event;
  if (line.globalOom) return event.memory !== null || event.globalOom === false;
  if (open.hasMemInfo || event.globalOom === true) return true;
  if (event.oomMemcg !== null && event.oomMemcg !== line.oomMemcg) return true;
  return event.statsMemcg !== null && event.statsMemcg !== line.oomMemcg;
}

/**
 * A kill line whose victim is not the one the summary chose (and no `sacrifice child` or group
 * kill explains it), or whose reason says the other scope, ends the report it would join.
 */
function killConflicts(open: OomEventBuilder, line: OomKillProcessLine): boolean {
  const event = open.event;
  if (open.victimCount === 0 && event.chosen && !event.selected && !event.groupKill && event.chosen.pid !== line.pid) return true;
  return (line.reason === 'memcg' && event.globalOom === true) || (line.reason === 'global' && event.globalOom === false);
}
