/**
 * The `crictl` source: `runtime/crictl-ps.json`, `runtime/crictl-pods.json` and
 * `runtime/inspect/<id>.json`. Which is which is told by content (`containers`, `items`,
 * `status`), never by the file name; samples are in crictl-records.ts. Each file is read whole,
 * up to MAX_JSON_BYTES, its strings cut at MAX_STRING_BYTES as it is read: the fields kept are
 * short (ids, names, states, a message kept to 4096 characters), and one huge string (a 60 MiB
 * container name) would otherwise cost four times its size in memory.
 */
import { readCappedJson } from '../capped-json.js';
import type { IssueLog, SourceFile, SourceReader } from '../source-reader.js';
import { crictlContainer, crictlExit, crictlSandbox, isObject, type CrictlContainer, type CrictlExit, type CrictlSandbox } from './crictl-records.js';
import { parseJsonDocuments } from './json-documents.js';

export interface CrictlData {
  containers: CrictlContainer[];
  sandboxes: CrictlSandbox[];
  /** Containers that ended (state CONTAINER_EXITED or a finish time), from `crictl inspect`. */
  exits: CrictlExit[];
}

export const MAX_JSON_BYTES = 64 * 1024 * 1024;
const MAX_STRING_BYTES = 64 * 1024;

type Report = (line: number | null, message: string) => void;

class CrictlRecords {
  readonly containers = new Map<string, CrictlContainer>();
  readonly sandboxes = new Map<string, CrictlSandbox>();
  readonly exits = new Map<string, CrictlExit>();

  /** Takes one JSON document of any of the three kinds. */
  take(document: unknown, file: string, report: Report): void {
    if (Array.isArray(document)) return document.forEach((entry, index) => this.inspected(entry, file, report, `[${index}]`));
    if (isObject(document) && Array.isArray(document.containers)) {
      return document.containers.forEach((entry, index) => {
        const container = crictlContainer(entry, file);
        if (container) this.containers.set(container.id, this.containers.get(container.id) ?? container);
        else report(null, `containers[${index}] has no id: ignored`);
      });
    }
    if (isObject(document) && Array.isArray(document.items)) {
      return document.items.forEach((entry, index) => {
        const sandbox = crictlSandbox(entry, file);
        if (sandbox) this.sandboxes.set(sandbox.id, this.sandboxes.get(sandbox.id) ?? sandbox);
        else report(null, `items[${index}] has no id: ignored`);
      });
    }
    if (isObject(document) && 'status' in document) return this.inspected(document, file, report, '');
    report(null, 'not crictl ps, pods or inspect output (no "containers", "items" or "status")');
  }

  private inspected(document: unknown, file: string, report: Report, where: string): void {
    const exit = crictlExit(document, file);
    if (!exit) return report(null, `inspect output${where} has no status.id: ignored`);
    if (exit.state !== 'CONTAINER_EXITED' && exit.finishedAt === null) return;
    if (!this.exits.has(exit.containerId)) this.exits.set(exit.containerId, exit);
  }
}

export function createCrictlReader(): SourceReader<CrictlData> {
  const records = new CrictlRecords();
  return {
    async read(file: SourceFile, content: AsyncIterable<Buffer>, issues: IssueLog) {
      const report = issues.forFile(file);
      const { text, cut } = await readCappedJson(content, MAX_STRING_BYTES, MAX_JSON_BYTES);
      if (cut) return report(null, `larger than ${MAX_JSON_BYTES} bytes: ignored`);
      if (text.trim() === '') return report(null, 'empty file');
      for (const document of parseJsonDocuments(text, ({ line, message }) => report(line, message))) records.take(document, file.path, report);
    },
    result() {
      const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
      return {
        containers: [...records.containers.values()].sort(byId),
        sandboxes: [...records.sandboxes.values()].sort(byId),
        exits: [...records.exits.values()].sort((a, b) => (a.containerId < b.containerId ? -1 : a.containerId > b.containerId ? 1 : 0)),
      };
    },
  };
}
