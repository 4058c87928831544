import { posix } from 'node:path';
import { readArchive, type ArchiveEntry, type ArchiveLimits, type ArchiveProgress, type ArchiveReadResult, type InputInfo, type RejectedEntry } from '../archive/index.js';
import { MAX_LISTED, MAX_UNUSED_SAMPLE, type BundleInventory } from './inventory.js';
import { SOURCE_IDS, sourceLayout, type SourceId } from './layout.js';
import { candidateRoots, formatsClaiming, matchSource } from './match-source.js';
import { ContentFanOut } from './fan-out.js';
import { RootCandidates, type RootCandidate } from './root-choice.js';
import { SortedSample } from './sorted-sample.js';
import { loneBundleFile, type LoneFileFacts } from './lone-file.js';

/** One file of a logical source, as the sources stage sees it. */
export interface BundleFile {
  /** Path relative to the bundle root, e.g. `pods/default_web_0b1c…/app/0.log`. */
  path: string;
  source: SourceId;
  /** Which of the source's candidate paths matched: lower is preferred. */
  candidate: number;
  kind: 'file' | 'symlink';
  size: number | null;
  /** For a symlink: where it points (the `/var/log/containers` table). Never followed. */
  linkTarget: string | null;
  /**
   * The candidate root this file was read under (see `readBundle`); the consumer keeps one reading
   * per root and uses the one `BundleInventory.root` names. Absent means the only one ('').
   */
  root?: string;
  /** The file's content (decompressed if gzip); valid only while the consumer runs. */
  open(): AsyncIterable<Buffer>;
}

export interface BundleReadResult {
  inventory: BundleInventory;
  archive: ArchiveReadResult;
}

interface Claim {
  candidate: RootCandidate;
  path: string;
  source: SourceId;
  number: number;
}

/**
 * Reads the input once, in archive order, and never lets that order decide anything.
 *
 * Which folder holds the bundle, and whose layout it follows (podmortem, a `/var/log` copy, EKS,
 * Rancher, sos), is known only when every name has been seen, but a tar.gz can be read only once
 * and an entry's content only while it is current. So each entry is handed to the reader under
 * every candidate root (the top, its first folder, its first two folders) where some layout
 * knows its path, with `file.root` saying which; the consumer keeps one reading per root. When the
 * archive ends, the root under which layouts know the most entries wins (ties: the deeper one,
 * then name order) and its reading is the analysis. In practice only the true root claims the
 * large files (pod logs, journals); the other candidates see a few small ones (a `kern.log` under
 * `kernel/`), and an entry claimed twice is still read from the archive once (ContentFanOut).
 * Buffering entries until the decision is safe was the other way; it needs memory in proportion
 * to what comes before the deciding names, which a shuffled archive can make the whole bundle.
 *
 * Links are metadata: kept where the winning layout says they are data, counted as unused where
 * they point inside the bundle (sos's top-level aliases), refused elsewhere.
 */
export async function readBundle(input: InputInfo, limits: ArchiveLimits, consume: (file: BundleFile) => Promise<void>, progress?: ArchiveProgress): Promise<BundleReadResult> {
  const roots = new RootCandidates();
  const policy = new SortedSample<RejectedEntry>(MAX_LISTED, (entry) => entry.name);
  let policyCount = 0;
  const links = new SortedSample<ArchiveEntry>(MAX_LISTED * 2, (entry) => entry.path);
  let linkCount = 0;
  const linksKept = new Map<string, number>();
  const unknown = new SortedSample<string>(MAX_UNUSED_SAMPLE, (path) => path);
  let entries = 0;
  let lone: LoneFileFacts | undefined;
  const top = new ArchiveTop();

  const archive = await readArchive(
    input,
    limits,
    {
      reject: (entry) => {
        policyCount += 1;
        policy.add(entry);
      },
      entry: async (entry) => {
        entries += 1;
        top.see(entry.path);
        if (input.kind === 'file') {
          const { file, facts } = await loneBundleFile(entry);
          lone = facts;
          return consumeLoneFile(file, input.bytes, roots, consume);
        }
        if (entry.kind !== 'file') {
          linkCount += 1;
          links.add(entry);
          for (const root of candidateRoots(entry.path)) if (linkRole(entry, root) === 'alias') linksKept.set(root, (linksKept.get(root) ?? 0) + 1);
        }
        const claims = claimsOf(entry, roots);
        if (claims.length === 0) return entry.kind === 'file' ? unknown.add(entry.path) : undefined;
        await readClaims(entry, claims, consume);
      },
    },
    progress,
  );

  const winner = roots.winner();
  const format = lone ? 'lone-file' : winner.format();
  // Only sos documents its in-bundle links as aliases; elsewhere a link is refused as before.
  const aliases = format === 'sos' ? (linksKept.get(winner.root) ?? 0) : 0;
  const keptLinks = winner.dataLinks + aliases;
  const kept = (link: ArchiveEntry) => {
    const role = linkRole(link, winner.root);
    return role === 'data' || (role === 'alias' && format === 'sos');
  };
  const refusedLinks = links
    .sorted()
    .filter((link) => !kept(link))
    .map(refusedLink);
  const rejected = [...policy.sorted(), ...refusedLinks].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).slice(0, MAX_LISTED);
  const topFolder = lone ? '' : top.folder();
  const notes = notesFromTop(winner, roots.find(topFolder));
  const inventory: BundleInventory = {
    root: winner.root,
    top: topFolder,
    format,
    sources: notes.sources,
    rejected,
    rejectedCount: policyCount + linkCount - keptLinks,
    unused: { count: entries - linkCount - (winner.claimed - winner.dataLinks) - notes.usedMore + aliases, sample: unknown.sorted() },
    ...(lone ? { loneFile: lone } : {}),
  };
  return { inventory, archive };
}

/** The folder every entry is in, as `podmortem redact` finds it when it places its record (redact-bundle.ts). */
class ArchiveTop {
  private readonly folders = new Set<string>();
  private allInFolders = true;

  see(path: string): void {
    const slash = path.indexOf('/');
    if (slash < 0) this.allInFolders = false;
    else if (this.folders.size < 2) this.folders.add(path.slice(0, slash + 1));
  }

  folder(): string {
    return this.folders.size === 1 && this.allInFolders ? ([...this.folders][0] as string) : '';
  }
}

/**
 * The winner's sources, with the notes about the bundle (the redaction record) those found at the
 * archive's top instead: a record anywhere else is not one `podmortem redact` wrote for this
 * bundle, and is not believed. `usedMore`: how many more entries that makes used.
 */
function notesFromTop(winner: RootCandidate, top: RootCandidate | null): { sources: BundleInventory['sources']; usedMore: number } {
  const sources = winner.inventory.sources();
  if (top === winner) return { sources, usedMore: 0 };
  const aboutBundle = new Set<string>(SOURCE_IDS.filter((source) => sourceLayout(source).aboutBundle === true));
  const own = Object.entries(sources).filter(([id]) => !aboutBundle.has(id));
  const atTop = Object.entries(top?.inventory.sources() ?? {}).filter(([id]) => aboutBundle.has(id));
  return { sources: Object.fromEntries([...own, ...atTop]), usedMore: (top?.notes ?? 0) - winner.notes };
}

/**
 * Folders of podmortem's own bundle. Where podmortem's table knows an entry under a root, the
 * folder it sits in is that folder, not the root of another bundle: `X/kernel/dmesg.txt` is not
 * also read as the `dmesg` of a `/var/log` copy rooted at `X/kernel/`, which parsed the largest
 * kernel files twice. Decided from the entry's own path, so entry order still does not matter.
 */
const COLLECTOR_FOLDERS: ReadonlySet<string> = new Set(['kernel/', 'journal/', 'cgroup/', 'runtime/', 'stats/', 'system/']);

/** Where layouts know this entry: one claim per candidate root, recorded in that root's inventory. */
function claimsOf(entry: ArchiveEntry, roots: RootCandidates): Claim[] {
  const claims: Claim[] = [];
  let podmortemRoot: string | null = null;
  for (const root of candidateRoots(entry.path)) {
    if (podmortemRoot !== null && COLLECTOR_FOLDERS.has(root.slice(podmortemRoot.length))) continue;
    const path = entry.path.slice(root.length);
    const match = matchSource(path);
    if (!match) continue;
    // A note about the bundle (the redaction record) is read at the root, but it says nothing of whose layout it is.
    const evidence = sourceLayout(match.source).aboutBundle !== true;
    const formats = evidence ? formatsClaiming(path) : [];
    if (formats.includes('podmortem')) podmortemRoot = root;
    const candidate = roots.candidate(root);
    if (!candidate) continue;
    const isData = entry.kind === 'file' || (entry.kind === 'symlink' && sourceLayout(match.source).linksAreData === true);
    if (!isData) continue;
    candidate.claim(formats, evidence);
    if (entry.kind !== 'file') candidate.dataLinks += 1;
    candidate.inventory.used(match.source, path, entry.size ?? 0);
    claims.push({ candidate, path, source: match.source, number: match.candidate });
  }
  return claims;
}

async function readClaims(entry: ArchiveEntry, claims: Claim[], consume: (file: BundleFile) => Promise<void>): Promise<void> {
  const file = (claim: Claim, open: () => AsyncIterable<Buffer>): BundleFile => ({
    path: claim.path,
    source: claim.source,
    candidate: claim.number,
    kind: entry.kind === 'symlink' ? 'symlink' : 'file',
    size: entry.size,
    linkTarget: entry.linkTarget,
    root: claim.candidate.root,
    open,
  });
  if (claims.length === 1) return consume(file(claims[0] as Claim, () => entry.open()));
  const fanOut = new ContentFanOut(() => entry.open(), claims.length);
  await Promise.all(claims.map((claim, index) => consume(file(claim, () => fanOut.stream(index))).finally(() => fanOut.settle(index))));
}

/**
 * What a link is under `root`: `data` where the layout reads links (the `/var/log/containers`
 * table), `alias` when it is relative and stays inside the root (sos's `df ->
 * sos_commands/filesys/df_-al_-x_autofs`: another name of a file that is read), else null (refused).
 */
function linkRole(link: ArchiveEntry, root: string): 'data' | 'alias' | null {
  if (link.kind !== 'symlink' || !link.path.startsWith(root)) return null;
  const match = matchSource(link.path.slice(root.length));
  if (match !== null && sourceLayout(match.source).linksAreData === true) return 'data';
  if (!link.linkTarget || link.linkTarget.startsWith('/')) return null;
  const resolved = posix.normalize(posix.join(posix.dirname(link.path), link.linkTarget));
  return resolved.startsWith(root) && !resolved.startsWith('../') ? 'alias' : null;
}

function refusedLink(entry: ArchiveEntry): RejectedEntry {
  const what = entry.kind === 'hardlink' ? 'hard link' : 'symbolic link';
  return { name: entry.path, kind: entry.kind, reason: `${what} to ${entry.linkTarget ?? '?'}: links are not followed`, partlyRead: false };
}

/** A lone log file: its content, not a layout, named its source (lone-file.ts); its root is ''. */
async function consumeLoneFile(file: BundleFile, fileBytes: number | null, roots: RootCandidates, consume: (file: BundleFile) => Promise<void>): Promise<void> {
  const top = roots.candidate('') as RootCandidate;
  top.claim([]);
  top.inventory.used(file.source, file.path, fileBytes ?? 0);
  await consume(file);
}
