/**
 * The `cgroup` source: memory interface files of the kubepods cgroups, one small file each,
 * gathered into one CgroupMemoryState per cgroup path. Files of other controllers are skipped.
 * The version is told by the file names (memory.max is v2, memory.limit_in_bytes is v1) or, for
 * a cgroup with only memory.stat, by its keys or by the other cgroups of the bundle.
 * Sample: `cgroup/kubepods/burstable/pod6f1e…/3b1f…/memory.failcnt` holding `5402`
 *   → { path: '/kubepods/burstable/pod6f1e…/3b1f…', version: 1, failcnt: 5402, … }
 */
import { readSmallFile } from '../../util/read-small.js';
import type { IssueLog, SourceFile, SourceReader } from '../source-reader.js';
import { compareText } from '../place-order.js';
import { parseCgroupFilePath } from './cgroup-file-path.js';
import { emptyState, keptStat, memoryEvents, oomControl, statVersion, type CgroupMemoryState } from './cgroup-memory-state.js';
import { MEMORY_INTERFACE_FILES, parseCounter, parseFlag, parseFlatKeyed, parseLimit, type InterfaceFile } from './memory-interface-files.js';

export interface CgroupMemoryData {
  cgroups: CgroupMemoryState[];
}

/** Interface files are a few KiB at most (memory.stat); anything bigger is not one. */
const MAX_INTERFACE_FILE_BYTES = 1024 * 1024;

type Report = (line: number | null, message: string) => void;

const LIMIT_FIELDS = { 'memory.max': 'limit', 'memory.limit_in_bytes': 'limit', 'memory.high': 'high', 'memory.swap.max': 'swapMax' } as const;
const COUNTER_FIELDS = {
  'memory.current': 'usage',
  'memory.usage_in_bytes': 'usage',
  'memory.peak': 'peak',
  'memory.max_usage_in_bytes': 'peak',
  'memory.failcnt': 'failcnt',
} as const;

function setVersion(state: CgroupMemoryState, version: 1 | 2 | null, report: Report): void {
  if (version === null) return;
  if (state.version === null) state.version = version;
  else if (state.version !== version) report(null, `a cgroup v${version} file beside cgroup v${state.version} files in ${state.path}`);
}

/** Reads one interface file's text into the state of its cgroup. */
export function applyInterfaceFile(state: CgroupMemoryState, file: string, spec: InterfaceFile, text: string, report: Report): void {
  setVersion(state, spec.version, report);
  if (spec.kind === 'limit') {
    const limit = parseLimit(text);
    if (limit === null) return report(1, 'not a byte count or "max"');
    state[LIMIT_FIELDS[file as keyof typeof LIMIT_FIELDS]] = limit;
  } else if (spec.kind === 'counter') {
    const count = parseCounter(text);
    if (count === null) return report(1, 'not a number');
    state[COUNTER_FIELDS[file as keyof typeof COUNTER_FIELDS]] = count;
  } else if (spec.kind === 'flag') {
    const flag = parseFlag(text);
    if (flag === null) return report(1, 'not 0 or 1');
    state.oomGroup = flag;
  } else {
    applyKeyedFile(state, file, parseFlatKeyed(text, report), report);
  }
}

function applyKeyedFile(state: CgroupMemoryState, file: string, values: Map<string, number>, report: Report): void {
  if (file === 'memory.events') state.events = memoryEvents(values);
  else if (file === 'memory.events.local') state.eventsLocal = memoryEvents(values);
  else if (file === 'memory.oom_control') state.oomControl = oomControl(values);
  else {
    setVersion(state, statVersion(values), report);
    state.stat = keptStat(values);
  }
}

export function createCgroupMemoryReader(): SourceReader<CgroupMemoryData> {
  const states = new Map<string, CgroupMemoryState>();
  return {
    async read(file: SourceFile, content: AsyncIterable<Buffer>, issues: IssueLog) {
      const report = issues.forFile(file);
      const where = parseCgroupFilePath(file.path);
      const spec = where ? MEMORY_INTERFACE_FILES[where.file] : undefined;
      if (!where || !spec) return;
      const { text, cut } = await readSmallFile(content, MAX_INTERFACE_FILE_BYTES);
      if (cut) return report(null, `larger than ${MAX_INTERFACE_FILE_BYTES} bytes: not a cgroup interface file, ignored`);
      const state = states.get(where.cgroupPath) ?? emptyState(where.cgroupPath);
      states.set(where.cgroupPath, state);
      state.files.push(file.path);
      applyInterfaceFile(state, where.file, spec, text, report);
    },
    result() {
      const cgroups = [...states.values()].sort((a, b) => compareText(a.path, b.path));
      // Interface files arrive in archive order; evidence names them by name (memory.current first).
      for (const state of cgroups) state.files.sort(compareText);
      const versions = new Set(cgroups.map((state) => state.version).filter((version) => version !== null));
      // One node mounts the memory controller once: cgroups that do not tell share the others' version.
      const [only] = versions;
      if (versions.size === 1 && only !== undefined) for (const state of cgroups) state.version ??= only;
      return { cgroups };
    },
  };
}
