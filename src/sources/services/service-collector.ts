/**
 * Takes every service message of an analysis (from the journal in any form, and later from syslog
 * files and kubelet.log), counts it, classifies it and keeps the events within a budget. Bounded:
 * memory depends on the budgets, never on how many lines were read.
 *
 * klog prints a multi-line value as `output=<` followed by tab-indented lines and ` >`; through
 * journald's stdout stream each of those lines is an entry of its own, so the collector appends
 * them to the probe failure they belong to.
 */
import type { Stamp } from '../stamp.js';
import { classifyServiceMessage, type ServiceMessage } from './classify-service-message.js';
import { MAX_EVENT_TEXT, type ServiceEvent, type ServiceEventKind } from './service-event.js';
import { ServiceEventLog, type ServiceEventTotal } from './service-event-log.js';
import { ServiceCounts, type ServiceLineCount } from './service-counts.js';
import { SEVERITY_PRIORITY, severityOf } from './service-line.js';
import { detachStrings, keepText } from '../keep-text.js';

export interface ServiceMessageInput extends ServiceMessage {
  /** The journal's PRIORITY, or null; a klog or logrus level inside the message wins over it. */
  priority: number | null;
  stamp: Stamp;
  file: string;
  /** 1-based line of the message's first line in `file`. */
  line: number;
}

export interface ServiceData {
  /** Kept events in the order they were read. */
  events: ServiceEvent[];
  /** Per kind: how many were seen, how many are in `events`. */
  eventTotals: Partial<Record<ServiceEventKind, ServiceEventTotal>>;
  counts: ServiceLineCount[];
}

export interface ServiceCollectorOptions {
  maxEventsPerKind?: number;
  maxCountNames?: number;
}

type ProbeEvent = Extract<ServiceEvent, { kind: 'probe-failed' }>;

interface OpenBlock {
  origin: string;
  event: ProbeEvent;
  output: string;
}

export class ServiceCollector {
  private readonly counts: ServiceCounts;
  private readonly log: ServiceEventLog;
  private block: OpenBlock | null = null;

  constructor(options: ServiceCollectorOptions = {}) {
    this.counts = new ServiceCounts(options.maxCountNames);
    this.log = new ServiceEventLog(options.maxEventsPerKind);
  }

  /** Counts the message and returns the event it was recognised as, if any (already kept). */
  accept(input: ServiceMessageInput): ServiceEvent | null {
    const severity = severityOf(input.message);
    this.counts.add(input.unit ?? input.identifier, severity ? SEVERITY_PRIORITY[severity] : input.priority);
    if (this.continueBlock(input)) return null;
    const classified = classifyServiceMessage(input);
    if (!classified) return null;
    const text = input.message.length > MAX_EVENT_TEXT ? input.message.slice(0, MAX_EVENT_TEXT) : input.message;
    // detached: the facts and the text are slices of a message of up to 64 KiB
    const event = detachStrings<ServiceEvent>({ ...classified.facts, component: classified.component, stamp: input.stamp, evidence: { file: input.file, line: input.line }, text });
    this.log.add(event);
    if (event.kind === 'probe-failed' && event.output === null && classified.line?.openBlock === 'output') {
      this.block = { origin: originOf(input), event, output: '' };
    }
    return event;
  }

  /** A new file begins: a multi-line block left open by the last one cannot continue in it. */
  beginFile(): void {
    this.block = null;
  }

  /** Lines that are counted but not classified (kernel records go to the kernel parser). */
  countOnly(name: string | null, priority: number | null): void {
    this.counts.add(name, priority);
  }

  result(): ServiceData {
    return { events: this.log.events(), eventTotals: this.log.totals(), counts: this.counts.result() };
  }

  private continueBlock(input: ServiceMessageInput): boolean {
    const block = this.block;
    if (!block) return false;
    // Other services' lines may come in between; the block ends with the next line of its own service that is not indented.
    if (originOf(input) !== block.origin) return false;
    const first = input.message.charCodeAt(0);
    if (first !== 0x09 && first !== 0x20) {
      this.block = null;
      return false;
    }
    const text = input.message.trim();
    if (text === '>') {
      this.block = null;
      return true;
    }
    if (block.output.length < MAX_EVENT_TEXT) block.output = keepText(block.output ? `${block.output}\n${text}` : text, MAX_EVENT_TEXT);
    block.event.output = block.output;
    return true;
  }
}

function originOf(input: ServiceMessage): string {
  return `${input.identifier ?? ''}\u0000${input.unit ?? ''}`;
}
