import type { BundleFile, SourceId } from '../bundle/index.js';
import { createCgroupMemoryReader, type CgroupMemoryData } from './cgroup/index.js';
import { createCrictlReader, type CrictlData } from './crictl/index.js';
import { createManifestReader, type BundleManifest } from './manifest.js';
import { createContainerLinksReader, createPodLogsReader, type ContainerLinkData, type PodLogData } from './pod-logs/index.js';
import { IssueLog, type ParseIssue, type SourceReader } from './source-reader.js';

export { IssueLog, type ParseIssue, type SourceFile, type SourceReader } from './source-reader.js';
export { ITEM_STATUSES, RUN_MODES, parseManifest, type BundleManifest, type ItemStatus, type ManifestItem, type RunMode } from './manifest.js';
export { MAX_LINE_BYTES, readLines, splitLines, type LineSink } from './lines.js';
export { NO_STAMP, normaliseBootId, type LocalTime, type Stamp } from './stamp.js';
export type { CgroupMemoryData, CgroupMemoryState } from './cgroup/index.js';
export type { CrictlContainer, CrictlData, CrictlExit, CrictlSandbox } from './crictl/index.js';
export type { ContainerAttempt, ContainerLink, ContainerLinkData, PodLogData, PodLogLine } from './pod-logs/index.js';

/** Everything the parsers produced, by source; the input of the model stage. */
export interface SourceData {
  manifest: BundleManifest | null;
  podLogs: PodLogData;
  containerLinks: ContainerLinkData;
  cgroup: CgroupMemoryData;
  crictl: CrictlData;
  parseIssues: readonly ParseIssue[];
  parseIssueCounts: Partial<Record<SourceId, number>>;
}

/**
 * Feeds each bundle file to the reader of its source, once, as a stream. A reader that throws
 * is a bug in that reader: it becomes a parse issue and the analysis goes on. Errors from the
 * content itself (a limit, a corrupt archive) are passed back to the bundle stage.
 */
export class SourceReading {
  private readonly issues = new IssueLog();
  private readonly readers = {
    manifest: createManifestReader(),
    podLogs: createPodLogsReader(),
    containerLinks: createContainerLinksReader(),
    cgroup: createCgroupMemoryReader(),
    crictl: createCrictlReader(),
  } satisfies Partial<Record<SourceId, SourceReader<unknown>>>;

  async read(file: BundleFile): Promise<void> {
    const reader = (this.readers as Partial<Record<SourceId, SourceReader<unknown>>>)[file.source];
    if (!reader) return;
    let contentError: unknown = null;
    const content = async function* () {
      try {
        yield* file.open();
      } catch (error) {
        contentError = error;
        throw error;
      }
    };
    try {
      await reader.read(file, content(), this.issues);
    } catch (error) {
      if (!contentError) {
        this.issues.add({ source: file.source, file: file.path, line: null, message: `internal error in the ${file.source} reader, please report: ${(error as Error).message}` });
      }
    }
    if (contentError) throw contentError;
  }

  finish(): SourceData {
    const counts: Partial<Record<SourceId, number>> = {};
    for (const issue of this.issues.issues) counts[issue.source] = this.issues.count(issue.source);
    return {
      manifest: this.readers.manifest.result(),
      podLogs: this.readers.podLogs.result(),
      containerLinks: this.readers.containerLinks.result(),
      cgroup: this.readers.cgroup.result(),
      crictl: this.readers.crictl.result(),
      parseIssues: this.issues.issues,
      parseIssueCounts: counts,
    };
  }
}
