/**
 * What a lone log file is, told from its first lines, never from its name: each form is the one
 * whose parser (in sources/) reads those lines. Samples, one per form:
 *
 *   [  931.472465] python3 invoked oom-killer: …                          → dmesg        (kernel)
 *   [Sat Nov 28 04:13:10 2026] python3 invoked oom-killer: …               → dmesg-ctime  (kernel)
 *   2026-11-28T04:13:10,472465+00:00 python3 invoked oom-killer: …         → dmesg-iso    (kernel)
 *   Nov 28 04:13:10 node-1 kernel: python3 invoked oom-killer: …           → syslog       (kernel)
 *   2026-11-28T04:13:10.472465+00:00 node-1 kernel: …  (rsyslog RFC 3339)  → syslog       (kernel)
 *   __CURSOR=s=33b0…  (journalctl -o export)                               → journal-export
 *   {"__CURSOR":"s=33b0…","MESSAGE":"…"}  (journalctl -o json)             → journal-json
 *   -- Journal begins at … --  /  Sat 2026-11-28 04:13:10 UTC node-1 kernel: …  → journal-text
 *   I1128 04:13:10.110852 1025 kubelet.go:2134] …  (kubelet.log)           → service-log  (journal)
 *   2026-11-28T04:13:10.123456789Z stdout F GET /healthz 200               → cri          (podLogs)
 *   {"log":"GET /healthz 200\n","stream":"stdout","time":"2026-…Z"}        → docker-json  (podLogs)
 *
 * `journalctl -o short` lines and classic syslog lines have the same shape; without a journalctl
 * marker line they are read as syslog, by the kernel source, which also hands the lines of other
 * programs (kubelet, containerd) to the service classifier, as the journal's text reader would.
 */
import { parseKernelLine } from '../sources/kernel/kernel-line.js';
import { isBinaryJournal } from '../sources/journal/binary-journal.js';
import { formatOf } from '../sources/journal/sniff-format.js';
import { parseTextLine } from '../sources/journal/text-line.js';
import { detectLogFormat } from '../sources/pod-logs/log-format.js';
import type { SourceId } from './layout.js';

export type LoneFileFormat = 'dmesg' | 'dmesg-ctime' | 'dmesg-iso' | 'syslog' | 'journal-export' | 'journal-json' | 'journal-text' | 'service-log' | 'cri' | 'docker-json';

/** Every form, with the source whose parser reads it and what such a file cannot tell. */
export const LONE_FILE_FORMATS: Record<LoneFileFormat, { source: SourceId; title: string; unknown: string }> = {
  dmesg: { source: 'kernel', title: 'raw dmesg, seconds since boot', unknown: 'no wall-clock anchor: times stay seconds since boot; pod names, namespaces and logs are not in it' },
  'dmesg-ctime': {
    source: 'kernel',
    title: 'dmesg -T / --ctime',
    unknown: 'times are the node-local clock as dmesg printed it: time zone unknown, drift after a suspend; pod names, namespaces and logs are not in it',
  },
  'dmesg-iso': { source: 'kernel', title: 'dmesg --time-format iso', unknown: 'pod names, namespaces and logs are not in it' },
  syslog: {
    source: 'kernel',
    title: 'syslog file: kern.log, messages or syslog',
    unknown: 'classic syslog stamps carry no year and no time zone, RFC 3339 stamps do; pod names, namespaces and logs are not in it',
  },
  'journal-export': { source: 'journal', title: 'journalctl -o export', unknown: 'only the units and boots that were exported; pod logs are not in it' },
  'journal-json': { source: 'journal', title: 'journalctl -o json', unknown: 'only the units and boots that were exported; messages over 4096 bytes are null; pod logs are not in it' },
  'journal-text': { source: 'journal', title: 'journalctl -o short* text', unknown: 'short stamps carry no year and no time zone, short-iso and short-full do; pod logs are not in it' },
  'service-log': { source: 'journal', title: 'service log: kubelet.log, containerd.log', unknown: 'only that service; kernel messages and pod logs are not in it' },
  cri: { source: 'podLogs', title: 'CRI container log', unknown: "the pod, namespace and container are not in a container log's content: unknown" },
  'docker-json': { source: 'podLogs', title: 'docker json-file container log', unknown: "the pod, namespace and container are not in a container log's content: unknown" },
};

/** Why a lone file is refused (one line each, exit 2). */
export type LoneFileRefusal = 'binary-journal' | 'empty' | 'unknown';

const MAX_LINES = 50;
/** Tie order: the more specific form first. */
const ORDER: LoneFileFormat[] = ['cri', 'docker-json', 'journal-text', 'dmesg', 'dmesg-ctime', 'dmesg-iso', 'syslog', 'service-log'];

/** `complete`: the head is the whole file (its last line is whole even without a newline). */
export function classifyLoneFile(head: Buffer, complete: boolean): LoneFileFormat | LoneFileRefusal {
  if (head.length === 0) return 'empty';
  if (isBinaryJournal(head)) return 'binary-journal';
  if (head.subarray(0, 4096).includes(0)) return 'unknown';
  const text = head.toString('utf8');
  const journal = journalForm(head, text);
  if (journal) return journal;
  const lines = text.split('\n');
  if (!complete && lines.length > 1) lines.pop();
  return lineForm(lines);
}

function journalForm(head: Buffer, text: string): LoneFileFormat | null {
  const form = formatOf(head);
  const firstLine = text.slice(0, text.indexOf('\n') === -1 ? text.length : text.indexOf('\n'));
  if (form === 'export') return /^(?:__CURSOR|__REALTIME_TIMESTAMP|MESSAGE)=/m.test(text) ? 'journal-export' : null;
  if (form === 'json-seq' || form === 'json-pretty') return /"(?:__REALTIME_TIMESTAMP|MESSAGE)"/.test(text) ? 'journal-json' : null;
  if (form === 'json' && detectLogFormat(firstLine.replace(/\r$/, '')) === null) return /"(?:__REALTIME_TIMESTAMP|MESSAGE)"\s*:/.test(firstLine) ? 'journal-json' : null;
  return null;
}

/** Each of the first lines votes for the form that reads it; the form that reads most wins, if it reads at least half. */
function lineForm(lines: string[]): LoneFileFormat | 'unknown' {
  const votes = new Map<LoneFileFormat, number>();
  let counted = 0;
  let journalMarker = false;
  for (const raw of lines) {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '' || line.charCodeAt(0) === 0x20 || line.charCodeAt(0) === 0x09) continue;
    if (counted >= MAX_LINES) break;
    counted += 1;
    if (/^-- .* --$/.test(line)) journalMarker = true;
    const form = lineFormOf(line);
    if (form) votes.set(form, (votes.get(form) ?? 0) + 1);
  }
  let best: LoneFileFormat | null = null;
  for (const form of ORDER) if ((votes.get(form) ?? 0) > (best ? votes.get(best)! : 0)) best = form;
  if (!best || votes.get(best)! * 2 < counted) return 'unknown';
  // journalctl's short form and syslog look alike; journalctl's own marker lines tell them apart.
  return journalMarker && (best === 'syslog' || best === 'journal-text') ? 'journal-text' : best;
}

function lineFormOf(line: string): LoneFileFormat | null {
  const podLog = detectLogFormat(line);
  if (podLog === 'docker-json') return 'docker-json';
  if (podLog) return 'cri';
  if (line.startsWith('-- ') && line.endsWith(' --')) return 'journal-text';
  const kernel = parseKernelLine(line);
  if (kernel.kind === 'service') return 'syslog';
  if (kernel.kind === 'kernel') {
    switch (kernel.format) {
      case 'dmesg':
      case 'kmsg':
        return 'dmesg';
      case 'dmesg-ctime':
        return 'dmesg-ctime';
      case 'dmesg-iso':
      case 'talos':
        return 'dmesg-iso';
      case 'syslog':
      case 'syslog-rfc3339':
      case 'audit':
        return 'syslog';
      default:
        break;
    }
  }
  const text = parseTextLine(line);
  if (text.type === 'entry') return 'journal-text';
  if (text.type === 'bare') return 'service-log';
  return null;
}
