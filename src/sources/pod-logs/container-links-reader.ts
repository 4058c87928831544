/**
 * The `containerLinks` source: the `/var/log/containers` table. Accepted forms:
 *
 *   `containers.txt` (collector): `<name>\t<target>` per line
 *     `checkout-7d9f8b6c5-x2x9q_shop_api-3b1f….log\t/var/log/pods/shop_checkout-7d9f8b6c5-x2x9q_6f1e…/api/0.log`
 *     → { pod: 'checkout-7d9f8b6c5-x2x9q', namespace: 'shop', container: 'api', containerId: '3b1f…',
 *         target: '/var/log/pods/shop_…/api/0.log', targetUid: '6f1e…', targetAttempt: 0 }
 *   `ls -l` output pasted into it: `lrwxrwxrwx 1 root root 98 Nov 27 10:00 <name> -> <target>`
 *   a bare name per line (`ls`), or symlink entries in `containers/` (hand-made bundles); a plain
 *   file there is a dereferenced copy of the log: only its name is used.
 *
 * Where the target is a pod log path it is authoritative (a long name is truncated); the name
 * gives the container id.
 */
import { readLines } from '../lines.js';
import type { IssueLog, SourceFile, SourceReader } from '../source-reader.js';
import { parseContainerLinkName } from './container-link-name.js';
import { parsePodLogTarget } from './pod-log-path.js';

export interface ContainerLink {
  /** The link's file name. */
  name: string;
  pod: string | null;
  namespace: string | null;
  container: string | null;
  /** The full 64-hex runtime id, null when the name was truncated. */
  containerId: string | null;
  nameTruncated: boolean;
  /** Where the link points, as read; null when only the name is known. */
  target: string | null;
  targetUid: string | null;
  targetAttempt: number | null;
  file: string;
  line: number | null;
}

export interface ContainerLinkData {
  links: ContainerLink[];
}

/** Splits one line of the table into name and target; 'blank' for lines that hold nothing, null for bad ones. */
export function parseContainerLinkLine(line: string): { name: string; target: string | null } | 'blank' | null {
  const text = line.trim();
  if (text === '' || /^total \d+$/.test(text)) return 'blank';
  const tab = text.indexOf('\t');
  if (tab >= 0) return { name: text.slice(0, tab).trim(), target: text.slice(tab + 1).trim() || null };
  const arrow = text.indexOf(' -> ');
  if (arrow >= 0) {
    const before = text.slice(0, arrow);
    return { name: before.slice(before.lastIndexOf(' ') + 1), target: text.slice(arrow + 4).trim() || null };
  }
  return text.includes(' ') ? null : { name: text, target: null };
}

/** A row from a link's name and target, or null when neither says anything. */
export function containerLink(name: string, target: string | null, file: string, line: number | null): ContainerLink | null {
  const fromName = parseContainerLinkName(name);
  const fromTarget = target === null ? null : parsePodLogTarget(target);
  if (!fromName && !fromTarget) return null;
  return {
    name: name.slice(name.lastIndexOf('/') + 1),
    pod: fromTarget?.pod ?? fromName?.pod ?? null,
    namespace: fromTarget?.namespace ?? fromName?.namespace ?? null,
    container: fromTarget?.container ?? fromName?.container ?? null,
    containerId: fromName?.containerId ?? null,
    nameTruncated: fromName?.truncated ?? false,
    target,
    targetUid: fromTarget?.uid ?? null,
    targetAttempt: fromTarget?.attempt ?? null,
    file,
    line,
  };
}

/** A node runs a few hundred containers; a table far longer than this is not a real one. */
const MAX_LINKS = 100_000;

export function createContainerLinksReader(): SourceReader<ContainerLinkData> {
  const links: ContainerLink[] = [];
  let dropped = 0;
  const keep = (link: ContainerLink) => {
    if (links.length < MAX_LINKS) links.push(link);
    else dropped += 1;
  };
  return {
    async read(file: SourceFile, content: AsyncIterable<Buffer>, issues: IssueLog) {
      const report = issues.forFile(file);
      const isTable = !file.path.includes('/') && file.linkTarget === null;
      if (!isTable) {
        const link = containerLink(file.path, file.linkTarget, file.path, null);
        return link ? keep(link) : report(null, 'not a /var/log/containers link (<pod>_<namespace>_<container>-<id>.log)');
      }
      await readLines(content, {
        line(text, lineNo) {
          const entry = parseContainerLinkLine(text);
          if (entry === 'blank') return;
          const link = entry && containerLink(entry.name, entry.target, file.path, lineNo);
          if (link) keep(link);
          else report(lineNo, 'not a container log link (<pod>_<namespace>_<container>-<id>.log\\t<target>)');
        },
      });
      if (dropped > 0) report(null, `more than ${MAX_LINKS} links: ${dropped} ignored`);
      dropped = 0;
    },
    result: () => ({ links: links.slice().sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)) }),
  };
}
