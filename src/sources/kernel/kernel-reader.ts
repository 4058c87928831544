/**
 * The reader of the `kernel` source (kernel/dmesg.txt, kern.log*, messages*, syslog*, …): reads
 * each file once, line by line, recognises each line's form by its content, and pushes kernel
 * messages into a KernelCollector. Sample line and what it becomes:
 *
 *   [  931.472618] Memory cgroup out of memory: Killed process 6519 (python3) total-vm:43292kB, …
 *     → KernelMessage { format: 'dmesg', stamp: { monotonic: 931.472618 }, text: 'Memory cgroup out of memory: …' }
 *     → (with the report's other lines) one OomEvent in KernelData.oomEvents
 *
 * Lines of other programs in syslog files go to `onServiceLine` (the lead routes kubelet lines
 * found in /var/log/messages to the kubelet classifier); they are counted, not kept.
 */
import { MAX_LINE_BYTES, readLines } from '../lines.js';
import type { IssueLog, SourceFile, SourceReader } from '../source-reader.js';
import { createKernelCollector, type KernelCollector, type KernelStream } from './kernel-collector.js';
import type { KernelData } from './kernel-data.js';
import { parseKernelLine } from './kernel-line.js';
import type { KernelMessage, ServiceLine } from './kernel-message.js';

export interface KernelReaderOptions {
  onServiceLine?(line: ServiceLine): void;
}

export function createKernelReader(collector: KernelCollector = createKernelCollector(), options: KernelReaderOptions = {}): SourceReader<KernelData> {
  return {
    async read(file: SourceFile, content: AsyncIterable<Buffer>, issues: IssueLog) {
      const report = issues.forFile(file);
      const stream = collector.stream(file, report);
      const lines = new KernelFileLines(file.path, stream, report, options);
      try {
        await readLines(content, { line: (text, lineNo, cut) => lines.line(text, lineNo, cut) });
      } finally {
        stream.end();
      }
    },
    result: () => collector.result(),
  };
}

/** Turns the lines of one file into kernel messages; indented lines continue the previous record. */
class KernelFileLines {
  private previous: KernelMessage | null = null;

  constructor(
    private readonly path: string,
    private readonly stream: KernelStream,
    private readonly report: (line: number | null, message: string) => void,
    private readonly options: KernelReaderOptions,
  ) {}

  line(text: string, lineNo: number, cut: boolean): void {
    if (cut) {
      this.report(lineNo, `line longer than ${MAX_LINE_BYTES} bytes: cut`);
      this.stream.markCut();
    }
    const parsed = parseKernelLine(text);
    if (parsed.kind !== 'service' && parsed.issue) this.report(lineNo, parsed.issue);
    if (parsed.kind === 'skip') return this.stream.skip(parsed.reason);
    if (parsed.kind === 'service') {
      this.stream.skip('service', parsed.identifier);
      const { stamp, identifier, pid, host, message } = parsed;
      this.options.onServiceLine?.({ stamp, identifier, pid, host, message, file: this.path, line: lineNo });
      return;
    }
    const previous = this.previous;
    const continues = parsed.format === 'none' && previous !== null && previous.format !== 'none' && isIndented(text);
    const message: KernelMessage = continues
      ? { stamp: previous.stamp, level: previous.level, facility: previous.facility, text: parsed.text, format: 'continuation', file: this.path, line: lineNo }
      : { stamp: parsed.stamp, level: parsed.level, facility: parsed.facility, text: parsed.text, format: parsed.format, file: this.path, line: lineNo };
    this.previous = continues ? previous : message;
    this.stream.push(message);
  }
}

function isIndented(text: string): boolean {
  const first = text.charCodeAt(0);
  return first === 0x20 || first === 0x09;
}
