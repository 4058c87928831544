/**
 * The header half of an OOM report (`dump_header`, `mem_cgroup_print_oom_*`), one parser per
 * line kind. Real sample (this machine, kernel 6.18, cgroup v1):
 *
 *   python3 invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=500
 *     → { kind: 'trigger', comm: 'python3', gfpMask: '0xcc0', gfpFlags: 'GFP_KERNEL', order: 0, oomScoreAdj: 500 }
 *   memory: usage 32768kB, limit 32768kB, failcnt 84
 *     → { kind: 'counter', which: 'memory', usageKb: 32768, limitKb: 32768, failcnt: 84 }
 *   oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=/kubepods/…,task_memcg=/kubepods/…,task=python3,pid=6519,uid=0
 *     → { kind: 'summary', constraint: 'CONSTRAINT_MEMCG', oomMemcg: '/kubepods/…', globalOom: false, … }
 *
 * Parsers anchor on fixed words with indexOf rather than unanchored regexes: lines can be 64 KiB.
 */
import type { OomCounter, OomTrigger } from './oom-event.js';
import { emptyRecord } from '../safe-record.js';

export type OomHeaderLine =
  | ({ kind: 'trigger' } & OomTrigger)
  | { kind: 'cpuset'; comm: string; name: string; memsAllowed: string }
  | { kind: 'task-in'; taskMemcg: string | null; oomMemcg: string }
  | ({ kind: 'counter'; which: 'memory' | 'memsw' | 'swap' | 'kmem' } & OomCounter)
  | { kind: 'stats-header'; memcg: string; inline: Record<string, number> | null }
  | { kind: 'mem-info' }
  | { kind: 'tasks-state' }
  | { kind: 'task-header'; columns: string[] }
  | OomSummaryLine;

export interface OomSummaryLine {
  kind: 'summary';
  constraint: string;
  nodemask: string;
  cpuset: string;
  memsAllowed: string;
  oomMemcg: string | null;
  globalOom: boolean;
  taskMemcg: string;
  comm: string;
  pid: number;
  uid: number;
}

const INVOKED = ' invoked oom-killer: ';
const TRIGGER_TAIL =
  /^gfp_mask=(0x[0-9a-fA-F]{1,16})(?:\(([^)]{0,512})\))?,\s{0,4}(?:nodemask=(.{0,256}?),\s{0,4})?order=(-?\d{1,3}),\s{0,4}(?:oom_adj=-?\d{1,5},\s{0,4})?(?:oom_score_adj|oomkilladj)=(-?\d{1,5})/;
const COUNTER = /^(memory|memory\+swap|swap|kmem): usage (\d{1,20})kB, limit (\d{1,20})kB, failcnt (\d{1,20})\s*$/;
const COUNTER_NAMES = { memory: 'memory', 'memory+swap': 'memsw', swap: 'swap', kmem: 'kmem' } as const;
const STATS_FOR = 'Memory cgroup stats for ';
const INLINE_STAT = /([a-z_0-9]{1,64}):(\d{1,20})KB/g;
const TASK_IN = 'Task in ';
const LIMIT_OF = ' killed as a result of limit of ';
const LIMIT_REACHED = 'Memory limit reached of cgroup ';

export function parseOomHeaderLine(text: string): OomHeaderLine | null {
  if (text.includes('oom')) {
    const parsed = parseTrigger(text) ?? parseSummary(text);
    if (parsed) return parsed;
  }
  if (text.includes(': usage ')) return parseCounter(text);
  if (text.startsWith(STATS_FOR)) return parseStatsHeader(text);
  if (text.startsWith(TASK_IN) || text.startsWith(LIMIT_REACHED)) return parseTaskIn(text);
  if (text.startsWith('Tasks state (memory values in pages)')) return { kind: 'tasks-state' };
  if (text.startsWith('Mem-Info:') || text.startsWith('Mem-info:')) return { kind: 'mem-info' };
  if (text.charCodeAt(0) === 0x5b /* [ */ && text.endsWith(' name') && text.includes('pid')) return parseTaskHeader(text);
  if (text.includes(' cpuset=') && text.includes(' mems_allowed=')) return parseCpuset(text);
  return null;
}

function parseTrigger(text: string): OomHeaderLine | null {
  const at = text.indexOf(INVOKED);
  if (at <= 0) return null;
  const tail = TRIGGER_TAIL.exec(text.slice(at + INVOKED.length));
  if (!tail) return null;
  return {
    kind: 'trigger',
    comm: text.slice(0, at),
    gfpMask: tail[1]!,
    gfpFlags: tail[2] ?? null,
    nodemask: tail[3] ?? null,
    order: Number(tail[4]),
    oomScoreAdj: Number(tail[5]),
  };
}

/** `oom-kill:constraint=…,nodemask=…,cpuset=…,mems_allowed=…,(oom_memcg=…|global_oom),task_memcg=…,task=…,pid=…,uid=…` */
function parseSummary(text: string): OomSummaryLine | null {
  if (!text.startsWith('oom-kill:constraint=')) return null;
  const pidAt = text.lastIndexOf(',pid=');
  const ids = /^,pid=(-?\d{1,10}),uid=(-?\d{1,10})\s*$/.exec(text.slice(pidAt));
  const taskAt = text.lastIndexOf(',task=', pidAt);
  const memcgAt = text.indexOf(',task_memcg=');
  if (pidAt < 0 || !ids || taskAt < 0 || memcgAt < 0 || memcgAt > taskAt) return null;
  const head = text.slice('oom-kill:constraint='.length, memcgAt);
  const nodemaskAt = head.indexOf(',nodemask=');
  const cpusetAt = head.indexOf(',cpuset=', nodemaskAt);
  const memsAt = head.indexOf(',mems_allowed=', cpusetAt);
  if (nodemaskAt < 0 || cpusetAt < 0 || memsAt < 0) return null;
  const scope = head.slice(memsAt + ',mems_allowed='.length);
  const globalOom = scope.endsWith(',global_oom') || scope === 'global_oom';
  const memcgKey = scope.indexOf(',oom_memcg=');
  if (!globalOom && memcgKey < 0) return null;
  return {
    kind: 'summary',
    constraint: head.slice(0, nodemaskAt),
    nodemask: head.slice(nodemaskAt + ',nodemask='.length, cpusetAt),
    cpuset: head.slice(cpusetAt + ',cpuset='.length, memsAt),
    memsAllowed: globalOom ? scope.slice(0, scope.lastIndexOf('global_oom')).replace(/,$/, '') : scope.slice(0, memcgKey),
    oomMemcg: globalOom ? null : scope.slice(memcgKey + ',oom_memcg='.length),
    globalOom,
    taskMemcg: text.slice(memcgAt + ',task_memcg='.length, taskAt),
    comm: text.slice(taskAt + ',task='.length, pidAt),
    pid: Number(ids[1]),
    uid: Number(ids[2]),
  };
}

function parseCounter(text: string): OomHeaderLine | null {
  const match = COUNTER.exec(text);
  if (!match) return null;
  const which = COUNTER_NAMES[match[1] as keyof typeof COUNTER_NAMES];
  return { kind: 'counter', which, usageKb: Number(match[2]), limitKb: Number(match[3]), failcnt: Number(match[4]) };
}

/** v2 and new v1: `Memory cgroup stats for /path:` then `key value` lines; old v1: `…/path: cache:0KB rss:524288KB …`. */
function parseStatsHeader(text: string): OomHeaderLine | null {
  const rest = text.slice(STATS_FOR.length).trimEnd();
  if (rest.endsWith(':')) return { kind: 'stats-header', memcg: rest.slice(0, -1), inline: null };
  const end = rest.indexOf(': ');
  if (end < 0) return null;
  const inline = emptyRecord<number>();
  for (const match of rest.slice(end + 2).matchAll(INLINE_STAT)) inline[match[1]!] = Number(match[2]) * 1024;
  return { kind: 'stats-header', memcg: rest.slice(0, end), inline };
}

/** `Task in <victim memcg> killed as a result of limit of <oom memcg>` (< 5.0). */
function parseTaskIn(text: string): OomHeaderLine | null {
  if (text.startsWith(LIMIT_REACHED)) return { kind: 'task-in', taskMemcg: null, oomMemcg: text.slice(LIMIT_REACHED.length).trimEnd() };
  const at = text.indexOf(LIMIT_OF);
  if (at < 0) return null;
  return { kind: 'task-in', taskMemcg: text.slice(TASK_IN.length, at), oomMemcg: text.slice(at + LIMIT_OF.length).trimEnd() };
}

/** `[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name` */
function parseTaskHeader(text: string): OomHeaderLine | null {
  const columns = text.replace(/[[\]]/g, ' ').trim().split(/\s+/);
  if (columns[0] !== 'pid' || columns.length < 4 || columns.length > 24) return null;
  return { kind: 'task-header', columns };
}

/** 4.x–4.20: `java cpuset=/ mems_allowed=0` right after the trigger line. */
function parseCpuset(text: string): OomHeaderLine | null {
  const cpusetAt = text.lastIndexOf(' cpuset=');
  const memsAt = text.indexOf(' mems_allowed=', cpusetAt);
  if (cpusetAt <= 0 || memsAt < 0) return null;
  return { kind: 'cpuset', comm: text.slice(0, cpusetAt), name: text.slice(cpusetAt + ' cpuset='.length, memsAt), memsAllowed: text.slice(memsAt + ' mems_allowed='.length).trimEnd() };
}
