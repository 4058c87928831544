import type { LocalTime, Stamp } from '../stamp.js';
import type { KernelLineFormat } from './kernel-message.js';

/** What one line of a kernel file turned out to be (file and line are added by the caller). */
export type ParsedKernelLine = KernelLineParse | ServiceLineParse | SkippedLineParse;

export interface KernelLineParse {
  kind: 'kernel';
  format: KernelLineFormat;
  stamp: Stamp;
  level: number | null;
  facility: number | null;
  text: string;
  /** Set when part of the line was malformed (an unknown month, a broken stamp); the text is kept. */
  issue: string | null;
}

export interface ServiceLineParse {
  kind: 'service';
  format: KernelLineFormat;
  stamp: Stamp;
  identifier: string | null;
  pid: number | null;
  host: string | null;
  message: string;
}

export interface SkippedLineParse {
  kind: 'skip';
  reason: 'blank' | 'dictionary' | 'binary';
  issue: string | null;
}

export function makeStamp(text: string, parts: { monotonic?: number; utcMs?: number; local?: LocalTime }): Stamp {
  return { text, monotonic: parts.monotonic ?? null, utcMs: parts.utcMs ?? null, local: parts.local ?? null, bootId: null };
}

export function kernelLine(format: KernelLineFormat, stamp: Stamp, text: string, level: number | null = null, facility: number | null = null, issue: string | null = null): KernelLineParse {
  return { kind: 'kernel', format, stamp, level, facility, text, issue };
}
