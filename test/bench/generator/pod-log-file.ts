/**
 * One pod log file in the CRI logging format, as the runtime writes it:
 *
 *   2026-11-27T10:15:02.48213Z stdout F {"level":"info","ts":"2026-11-27T10:15:02.482Z",…}          containerd
 *   2026-11-27T10:15:02.482130871+00:00 stderr F 2026-11-27 10:15:02,482 INFO [worker-3] scored …   CRI-O (conmon)
 *
 * containerd cuts lines longer than 16 KiB into `P` fragments; conmon cuts at its 8 KiB read
 * buffer and, now and then, wherever a read happened to end, and gives all lines of one read the
 * same stamp. Line times advance with the bytes written, across the file's planned time span.
 */
import type { SeededRandom } from '../../helpers/seeded-random.js';
import { appEventWriter, type LogStream } from './app-lines.js';
import type { CriStyle, LogFilePlan, PodPlan } from './bundle-plan.js';
import type { AppStyle } from './workloads.js';
import { TimeText } from './time-text.js';

const CONTAINERD_MAX_LINE = 16 * 1024;
const CONMON_READ = 8 * 1024;
const BATCH_CHARS = 64 * 1024;

/** Collects text into Buffers of about 64 KiB: no string of a whole file is built. */
export class TextChunks {
  readonly chunks: Buffer[] = [];
  bytes = 0;
  private batch = '';

  add(text: string): void {
    this.batch += text;
    if (this.batch.length >= BATCH_CHARS) this.flush();
  }

  /** Characters added so far: bytes for ASCII text, close enough for the rest. */
  get length(): number {
    return this.bytes + this.batch.length;
  }

  flush(): Buffer[] {
    if (this.batch) {
      const chunk = Buffer.from(this.batch);
      this.chunks.push(chunk);
      this.bytes += chunk.length;
      this.batch = '';
    }
    return this.chunks;
  }
}

interface Framer {
  line(ms: number, stream: LogStream, text: string): void;
  /** A last fragment without its end: the process died mid-line. */
  unterminated(ms: number, stream: LogStream, text: string): void;
}

function containerdFramer(out: TextChunks, time: TimeText): Framer {
  return {
    line(ms, stream, text) {
      for (let at = 0; at < text.length; at += CONTAINERD_MAX_LINE) {
        const end = Math.min(text.length, at + CONTAINERD_MAX_LINE);
        out.add(`${time.containerd(ms)} ${stream} ${end < text.length ? 'P' : 'F'} ${text.slice(at, end)}\n`);
      }
    },
    unterminated: (ms, stream, text) => out.add(`${time.containerd(ms)} ${stream} P ${text}\n`),
  };
}

function crioFramer(out: TextChunks, time: TimeText, random: SeededRandom): Framer {
  let stamp = '';
  let stampMs = -1;
  const stampOf = (ms: number) => {
    if (ms - stampMs > 2 || random.chance(0.4)) {
      stamp = time.crio(ms);
      stampMs = ms;
    }
    return stamp;
  };
  return {
    line(ms, stream, text) {
      const readEnd = text.length > 40 && random.chance(0.01) ? random.between(10, text.length - 10) : CONMON_READ;
      let at = 0;
      let piece = readEnd;
      while (text.length - at > piece) {
        out.add(`${stampOf(ms)} ${stream} P ${text.slice(at, at + piece)}\n`);
        at += piece;
        piece = CONMON_READ;
      }
      out.add(`${stampOf(ms)} ${stream} F ${text.slice(at)}\n`);
    },
    unterminated: (ms, stream, text) => out.add(`${stampOf(ms)} ${stream} P ${text}\n`),
  };
}

export interface PodLogFileInput {
  file: LogFilePlan;
  pod: PodPlan;
  style: AppStyle;
  criStyle: CriStyle;
  random: SeededRandom;
  /** The attempt died here: maybe in the middle of a line. */
  last: boolean;
}

/** The file's content as Buffers (at most the rotation size, about 10 MiB). */
export function podLogFile(input: PodLogFileInput): TextChunks {
  const { file, random } = input;
  const out = new TextChunks();
  const time = new TimeText();
  const framer = input.criStyle === 'crio' ? crioFramer(out, time, random) : containerdFramer(out, time);
  const write = appEventWriter(input.style, { random, time, pod: input.pod.name, podIp: input.pod.podIp });
  const span = file.endMs - file.startMs;
  let ms = file.startMs;
  const emit = (stream: LogStream, text: string) => framer.line(ms, stream, text);
  while (out.length < file.bytes) {
    ms = Math.max(ms, file.startMs + (span * out.length) / file.bytes + random.next() * 3);
    write(ms, emit);
  }
  if (input.last && random.chance(0.3)) framer.unterminated(ms + 1, 'stdout', `{"level":"info","ts":"${time.isoMillis(ms + 1)}","msg":"flushing ${random.int(9_000)} pending rec`);
  out.flush();
  return out;
}
