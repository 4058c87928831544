export { createJournalReader, type JournalData, type JournalFileSummary, type JournalKernelStream, type JournalReaderOptions } from './journal-reader.js';
export { createJournalBootsReader, parseListBoots, type ListedBoot } from './list-boots.js';
export { BootAnchors, type BootAnchor } from './boot-anchors.js';
export { isKernelEntry, kernelEntryOf, type JournalEntry, type JournalFormat, type JournalKernelEntry } from './journal-entry.js';
export { ExportParser } from './export-parser.js';
export { JournalFieldSet, MAX_MESSAGE_BYTES } from './journal-fields.js';
export { parseTextLine, parseFullTime, type TextLine } from './text-line.js';
export { sniffJournalFormat, formatOf, type SniffedFormat } from './sniff-format.js';
