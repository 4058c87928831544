/** Kernel messages: line forms, the OOM report assembler, other kernel signals, and the reader. */
export { createKernelReader, type KernelReaderOptions } from './kernel-reader.js';
export { createKernelCollector, type KernelCollector, type KernelStream, type ServiceMessageSeen } from './kernel-collector.js';
export { losesOomLines, parseJournaldLostLines, parseKernelLostLines, type LostLinesKind, type LostLinesMarker } from './lost-lines.js';
export { KERNEL_LIMITS, type KernelBootMarker, type KernelCounts, type KernelData, type KernelFileSummary } from './kernel-data.js';
export { parseKernelLine, type ParsedKernelLine } from './kernel-line.js';
export type { KernelLineFormat, KernelMessage, ServiceLine, SkippedLineKind } from './kernel-message.js';
export { OomAssembler, type OomAssemblerSink } from './oom-assembler.js';
export type * from './oom-event.js';
export { detectKernelSignal } from './detect-signal.js';
export { KERNEL_SIGNAL_KINDS } from './kernel-signal.js';
export type * from './kernel-signal.js';
export type { ClockPair, ClockPairKind } from './clock-pairs.js';
