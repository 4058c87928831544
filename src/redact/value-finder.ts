/**
 * Where the values to pseudonymize are in a piece of text, without the pseudonyms: a pure function
 * of the text and the words to look for, so it may run on another thread (the scan thread finds
 * the values of a chunk's hit lines while the main thread puts in the pseudonyms of the chunk
 * before). pseudonymize.ts turns what is found here into pseudonyms, in the order found here.
 */
import { TOP_LEVEL_DOMAINS } from './host-pseudonyms.js';

/** The detectors, in the order their values are met (the order pseudonyms are made in). */
export const DETECTORS = ['mac', 'ipv6', 'ipv4', 'fqdn', 'ipLabel', 'word', 'keyword'] as const;
export type Detector = (typeof DETECTORS)[number];
const MAC_DETECTOR = DETECTORS.indexOf('mac');
const IPV6_DETECTOR = DETECTORS.indexOf('ipv6');
const IPV4_DETECTOR = DETECTORS.indexOf('ipv4');
const FQDN_DETECTOR = DETECTORS.indexOf('fqdn');
const IP_LABEL_DETECTOR = DETECTORS.indexOf('ipLabel');
const WORD_DETECTOR = DETECTORS.indexOf('word');
const KEYWORD_DETECTOR = DETECTORS.indexOf('keyword');

const MAC = /(?<![0-9A-Fa-f:-])[0-9A-Fa-f]{2}([:-])(?:[0-9A-Fa-f]{2}\1){4}[0-9A-Fa-f]{2}(?![0-9A-Fa-f:-])/g;
const IPV6 = /(?<![0-9A-Za-z:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9A-Fa-f]{0,4})(?![0-9A-Za-z:])/g;
const IPV4 = /(?<![0-9.])(?:\d{1,3}\.){3}\d{1,3}(?![0-9]|\.\d)/g;
const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
const FQDN = new RegExp(`(?<![A-Za-z0-9_.-])(?:${LABEL}\\.)+(?:${TOP_LEVEL_DOMAINS.join('|')})(?![A-Za-z0-9_-]|\\.[A-Za-z0-9])`, 'gi');
const IP_LABEL = /(?<![A-Za-z0-9.])(?:ip|dhcp|ec2|host|node)-\d{1,3}-\d{1,3}-\d{1,3}-\d{1,3}(?![A-Za-z0-9])/gi;

/**
 * Cheap tests, one per detector, that every value it replaces implies: led by a literal where
 * the detector is led by a character class (which V8 tries at every position of the line).
 * A MAC has five separators with hex pairs between; an IPv6 address that is replaced has `::`
 * or seven colons; an IPv4 address has `.b.c.` inside; a hostname ends in `.<top-level domain>`.
 */
const MAC_HINT = /[:-][0-9A-Fa-f]{2}[:-][0-9A-Fa-f]{2}[:-][0-9A-Fa-f]{2}[:-][0-9A-Fa-f]{2}[:-]/;
const IPV6_HINT = /::|:[0-9A-Fa-f]{1,4}:[0-9A-Fa-f]{1,4}:[0-9A-Fa-f]{1,4}:[0-9A-Fa-f]{1,4}:[0-9A-Fa-f]{1,4}:[0-9A-Fa-f]{1,4}:/;
const IPV4_HINT = /\.\d{1,3}\.\d{1,3}\./;
const FQDN_HINT = new RegExp(`\\.(?:${TOP_LEVEL_DOMAINS.join('|')})(?![A-Za-z0-9_-]|\\.[A-Za-z0-9])`, 'i');
const IP_LABEL_HINT = /-\d{1,3}-\d{1,3}-\d{1,3}-\d/;

export interface ValueFinderOptions {
  /** Learned words (hostnames, users, names), longest first. */
  words: string[];
  /** `--keyword`s: found wherever they occur, in any case. */
  keywords: string[];
}

/**
 * What was found in one text, appended to a number list: the count of matches, then per match its
 * start, end and detector (an index into DETECTORS). Matches may overlap, and some are no value
 * (an IPv4 octet over 255, a public domain): pseudonymize.ts settles both, once per distinct match.
 */
export type FoundValues = number[];
/** Numbers per match in FoundValues: start, end, detector. */
export const FOUND_ENTRIES = 3;

export class ValueFinder {
  private readonly wordPattern: RegExp | null;
  private readonly keywordPattern: RegExp | null;
  /** What any value to replace needs in a line (see LineRedactor.triggers). */
  readonly trigger: RegExp;

  constructor(readonly options: ValueFinderOptions) {
    const { words } = options;
    this.wordPattern = words.length === 0 ? null : new RegExp(`(?<![A-Za-z0-9])(?:${words.map(escape).join('|')})(?![A-Za-z0-9])`, 'gi');
    const keywords = [...new Set(options.keywords.map((word) => word.toLowerCase()).filter((word) => word.length > 0))].sort((a, b) => b.length - a.length);
    this.keywordPattern = keywords.length === 0 ? null : new RegExp(keywords.map(escape).join('|'), 'gi');
    // All hints and the word lists as one test: most lines hold no value at all, and one scan
    // of the line tells so.
    // The learned words without their lookarounds: a lookbehind in the alternation makes V8 try
    // it at every position.
    const wordHint = words.length === 0 ? [] : [words.map(escape).join('|')];
    const hints = [MAC_HINT.source, IPV6_HINT.source, IPV4_HINT.source, FQDN_HINT.source, IP_LABEL_HINT.source, ...wordHint, ...(this.keywordPattern ? [this.keywordPattern.source] : [])];
    this.trigger = new RegExp(hints.join('|'), 'i');
  }

  /** The values in `text`, appended to `out` (see FoundValues), in detector order, each detector's from left to right. */
  find(text: string, out: FoundValues): void {
    const at = out.length;
    out.push(0);
    // exec with lastIndex, not matchAll: matchAll copies the RegExp on every call.
    const add = (pattern: RegExp, detector: number, from = 0) => {
      pattern.lastIndex = from;
      for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
        if (match[0].length === 0) pattern.lastIndex++;
        out.push(match.index, match.index + match[0].length, detector);
      }
    };
    if (MAC_HINT.test(text)) add(MAC, MAC_DETECTOR);
    if (IPV6_HINT.test(text)) add(IPV6, IPV6_DETECTOR);
    // The first address or hostname cannot start before the first hint says (at most three
    // digits before `.b.c.`; within the run of name characters that holds `.<tld>`): the scan
    // starts there, not at the start of the line.
    const ipv4 = IPV4_HINT.exec(text);
    if (ipv4) add(IPV4, IPV4_DETECTOR, Math.max(0, ipv4.index - 3));
    const fqdn = FQDN_HINT.exec(text);
    if (fqdn) add(FQDN, FQDN_DETECTOR, nameRunStart(text, fqdn.index));
    if (IP_LABEL_HINT.test(text)) add(IP_LABEL, IP_LABEL_DETECTOR);
    if (this.wordPattern) add(this.wordPattern, WORD_DETECTOR);
    if (this.keywordPattern) add(this.keywordPattern, KEYWORD_DETECTOR);
    out[at] = (out.length - at - 1) / FOUND_ENTRIES;
  }
}

/** Where the run of characters a hostname's lookbehind excludes (`A-Za-z0-9_.-`) that holds `at` begins. */
function nameRunStart(text: string, at: number): number {
  let start = at;
  while (start > 0 && /[A-Za-z0-9_.-]/.test(text[start - 1]!)) start--;
  return start;
}

function escape(word: string): string {
  return word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
