/**
 * The kill half of an OOM report (`oom_kill_process`, `__oom_kill_process`, `oom_reap_task`).
 * Real sample (this machine, kernel 6.18):
 *
 *   Memory cgroup out of memory: Killed process 6519 (python3) total-vm:43292kB, anon-rss:32512kB, file-rss:6616kB, shmem-rss:0kB, UID:0 pgtables:128kB oom_score_adj:500
 *     → { kind: 'kill', reason: 'memcg', pid: 6519, comm: 'python3', totalVmKb: 43292, anonRssKb: 32512, … }
 *
 * Process names may hold spaces and parentheses (`next-server (v1`, `runc:[2:INIT]`), so the
 * name ends at the LAST `) total-vm:` / `), now anon-rss` / `) score `, never at the first `)`.
 */
import type { OomKilledProcess, OomKillReason } from './oom-event.js';
import { emptyRecord } from '../safe-record.js';

export type OomKillLine =
  | OomKillProcessLine
  | { kind: 'select'; reason: OomKillReason | null; pid: number; comm: string; score: number | null }
  | { kind: 'shared-kill'; pid: number; comm: string }
  | { kind: 'reaped'; pid: number; comm: string; anonRssKb: number; fileRssKb: number; shmemRssKb: number }
  | { kind: 'reap-failed'; pid: number; comm: string }
  | { kind: 'exiting'; reason: OomKillReason | null; pid: number; comm: string }
  | { kind: 'group'; memcg: string }
  | { kind: 'mm-pinned'; pid: number; comm: string; byPid: number; byComm: string }
  | { kind: 'no-killable' }
  | { kind: 'panic' };

export interface OomKillProcessLine extends OomKilledProcess {
  kind: 'kill';
}

const REASONS: Record<string, OomKillReason> = {
  'Out of memory': 'global',
  'Memory cgroup out of memory': 'memcg',
  'Out of memory (oom_kill_allocating_task)': 'allocating-task',
};
const KILL_FIELD = /([A-Za-z_-]{1,20}):(-?\d{1,20})(?:kB)?/g;
const GROUP = /^Tasks in (.+) are going to be killed due to memory\.oom\.group set\s*$/;
const PINNED_BY = /^\) has mm pinned by (\d{1,10}) \((.*)\)\s*$/;
const UNABLE_TO_REAP = /^oom_reaper: unable to reap pid:(\d{1,10}) \((.*)\)\s*$/;
const PID_OPEN = /^(\d{1,10}) \(/;

/** `Out of memory: ` → 'global'; '' (old kernels print `Killed process` bare) → null. */
function reasonOf(prefix: string): OomKillReason | null {
  const trimmed = prefix.trimEnd();
  return REASONS[trimmed.endsWith(':') ? trimmed.slice(0, -1) : trimmed] ?? null;
}

/** `<pid> (<comm>)<end>` after `start`; the comm ends at the last `end` marker. */
function pidAndComm(text: string, start: number, end: string): { pid: number; comm: string; after: number } | null {
  const open = PID_OPEN.exec(text.slice(start, start + 14));
  if (!open) return null;
  const commStart = start + open[0].length;
  const close = text.lastIndexOf(end);
  if (close < commStart) return null;
  return { pid: Number(open[1]), comm: text.slice(commStart, close), after: close + end.length };
}

export function parseOomKillLine(text: string): OomKillLine | null {
  const killed = text.indexOf('Killed process ');
  if (killed >= 0) return parseKilled(text, killed);
  if (text.includes('ill process ')) return parseSelected(text);
  if (text.startsWith('oom_reaper: ')) return parseReaper(text);
  if (text.includes(' is already exiting. Skip killing')) return parseExiting(text);
  if (text.startsWith('Tasks in ')) {
    const group = GROUP.exec(text);
    return group ? { kind: 'group', memcg: group[1]! } : null;
  }
  if (text.startsWith('oom killer ')) return parsePinned(text);
  if (text.startsWith('Out of memory and no killable processes')) return { kind: 'no-killable' };
  if (text.includes('panic_on_oom is enabled')) return { kind: 'panic' };
  return null;
}

function parseKilled(text: string, at: number): OomKillLine | null {
  const prefix = text.slice(0, at);
  const reason = reasonOf(prefix);
  if (reason === null && prefix.trim() !== '') return null;
  const start = at + 'Killed process '.length;
  const marker = text.lastIndexOf(') total-vm:') > start ? ') total-vm:' : text.lastIndexOf(') vsz:') > start ? ') vsz:' : ')';
  const head = pidAndComm(text, start, marker);
  if (!head) return null;
  const fields = emptyRecord<number>();
  for (const match of text.slice(head.after - (marker.length - 2)).matchAll(KILL_FIELD)) fields[match[1]!] = Number(match[2]);
  return {
    kind: 'kill',
    reason,
    pid: head.pid,
    comm: head.comm,
    totalVmKb: fields['total-vm'] ?? fields.vsz ?? null,
    anonRssKb: fields['anon-rss'] ?? null,
    fileRssKb: fields['file-rss'] ?? null,
    shmemRssKb: fields['shmem-rss'] ?? null,
    uid: fields.UID ?? null,
    pgtablesKb: fields.pgtables ?? null,
    oomScoreAdj: fields.oom_score_adj ?? null,
  };
}

/** ≤ 5.0: `Memory cgroup out of memory: Kill process 62685 (bash) score 0 or sacrifice child`; 2.6: `kill process … or a child`. */
function parseSelected(text: string): OomKillLine | null {
  const at = Math.max(text.indexOf('Kill process '), text.indexOf('kill process '));
  if (at < 0) return null;
  const start = at + 'Kill process '.length;
  if (text.trimEnd().endsWith(') sharing same memory')) {
    const shared = pidAndComm(text.trimEnd(), start, ') sharing same memory');
    return shared ? { kind: 'shared-kill', pid: shared.pid, comm: shared.comm } : null;
  }
  const head = pidAndComm(text, start, ') score ');
  if (!head) return null;
  const score = /^(-?\d{1,20}) or (?:sacrifice|a) child/.exec(text.slice(head.after));
  if (!score) return null;
  return { kind: 'select', reason: reasonOf(text.slice(0, at)), pid: head.pid, comm: head.comm, score: Number(score[1]) };
}

/** `oom_reaper: reaped process 6519 (python3), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB` */
function parseReaper(text: string): OomKillLine | null {
  const unable = UNABLE_TO_REAP.exec(text);
  if (unable) return { kind: 'reap-failed', pid: Number(unable[1]), comm: unable[2]! };
  if (!text.startsWith('oom_reaper: reaped process ')) return null;
  const head = pidAndComm(text, 'oom_reaper: reaped process '.length, '), now ');
  if (!head) return null;
  const fields = emptyRecord<number>();
  for (const match of text.slice(head.after).matchAll(KILL_FIELD)) fields[match[1]!] = Number(match[2]);
  return { kind: 'reaped', pid: head.pid, comm: head.comm, anonRssKb: fields['anon-rss'] ?? 0, fileRssKb: fields['file-rss'] ?? 0, shmemRssKb: fields['shmem-rss'] ?? 0 };
}

/** `oom killer 500 (app) has mm pinned by 1 (tini)`: the victim's memory cannot be reaped. */
function parsePinned(text: string): OomKillLine | null {
  const head = pidAndComm(text, 'oom killer '.length, ') has mm pinned by ');
  const by = head ? PINNED_BY.exec(text.slice(head.after - ') has mm pinned by '.length)) : null;
  return head && by ? { kind: 'mm-pinned', pid: head.pid, comm: head.comm, byPid: Number(by[1]), byComm: by[2]! } : null;
}

/** `Memory cgroup out of memory: OOM victim 1234 (java) is already exiting. Skip killing the task` */
function parseExiting(text: string): OomKillLine | null {
  const at = text.indexOf('OOM victim ');
  if (at < 0) return null;
  const head = pidAndComm(text, at + 'OOM victim '.length, ') is already exiting.');
  return head ? { kind: 'exiting', reason: reasonOf(text.slice(0, at)), pid: head.pid, comm: head.comm } : null;
}
