/**
 * Finds the values to pseudonymize in one piece of text (a line without its secrets) and puts
 * their pseudonyms in. Every detector reports spans on the original text; overlaps are settled
 * (earliest first, then longest), so a pseudonym is never itself matched again and a keyword
 * inside a hostname does not break the hostname apart.
 */
import { isPublicDomain, pseudonymHostname, pseudonymLabel, TOP_LEVEL_DOMAINS } from './host-pseudonyms.js';
import { parseIpv6, pseudonymIpv4, pseudonymIpv6, pseudonymMac } from './network-pseudonyms.js';
import { detach } from '../util/cap-text.js';
import { hexLabel, type PseudonymTable } from './pseudonym-table.js';
import type { VocabularyKind } from './vocabulary.js';

/** What was pseudonymized: the record counts replacements by kind. */
export type PseudonymRule = 'ipv4' | 'ipv6' | 'mac' | 'hostname' | 'user' | 'name' | 'keyword';

interface Span {
  start: number;
  end: number;
  rule: PseudonymRule;
  replacement: string;
}

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

export interface PseudonymizerOptions {
  /** Learned words (hostnames, users, names), longest first. */
  words: [string, VocabularyKind][];
  /** `--keyword`s: replaced wherever they occur, in any case. */
  keywords: string[];
}

export class Pseudonymizer {
  private readonly wordPattern: RegExp | null;
  private readonly wordKinds: Map<string, VocabularyKind>;
  private readonly keywordPattern: RegExp | null;
  /** What any value to replace needs in a line (see LineRedactor.triggers). */
  readonly trigger: RegExp;
  private readonly memo = new ReplacementMemo();

  constructor(
    private readonly table: PseudonymTable,
    options: PseudonymizerOptions,
  ) {
    this.wordKinds = new Map(options.words);
    this.wordPattern = options.words.length === 0 ? null : new RegExp(`(?<![A-Za-z0-9])(?:${options.words.map(([word]) => escape(word)).join('|')})(?![A-Za-z0-9])`, 'gi');
    const keywords = [...new Set(options.keywords.map((word) => word.toLowerCase()).filter((word) => word.length > 0))].sort((a, b) => b.length - a.length);
    this.keywordPattern = keywords.length === 0 ? null : new RegExp(keywords.map(escape).join('|'), 'gi');
    // All hints and the word lists as one test: most lines hold no value at all, and one scan
    // of the line tells so.
    // The learned words without their lookarounds: a lookbehind in the alternation makes V8 try
    // it at every position.
    const words = options.words.length === 0 ? [] : [options.words.map(([word]) => escape(word)).join('|')];
    const hints = [MAC_HINT.source, IPV6_HINT.source, IPV4_HINT.source, FQDN_HINT.source, IP_LABEL_HINT.source, ...words, ...(this.keywordPattern ? [this.keywordPattern.source] : [])];
    this.trigger = new RegExp(hints.join('|'), 'i');
  }

  /**
   * `text` with every value pseudonymized; `count` hears of each replacement with its original.
   * `hinted`: the caller found the trigger in this text already (the trigger only filters; each
   * detector is gated by its own hint, so skipping it changes nothing but the time).
   */
  apply(text: string, count: (rule: PseudonymRule, original: string, pseudonym: string) => void, hinted = false): string {
    if (!hinted && !this.trigger.test(text)) return text;
    const spans = this.spans(text);
    if (spans.length === 0) return text;
    spans.sort((a, b) => a.start - b.start || b.end - a.end);
    let out = '';
    let done = 0;
    for (const span of spans) {
      if (span.start < done) continue;
      out += text.slice(done, span.start) + span.replacement;
      done = span.end;
      if (span.replacement !== text.slice(span.start, span.end)) count(span.rule, text.slice(span.start, span.end), span.replacement);
    }
    return out + text.slice(done);
  }

  private spans(text: string): Span[] {
    const spans: Span[] = [];
    // exec with lastIndex, not matchAll: matchAll copies the RegExp on every call.
    const add = (pattern: RegExp, rule: PseudonymRule, map: (value: string) => string | null, from = 0) => {
      pattern.lastIndex = from;
      for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
        if (match[0].length === 0) pattern.lastIndex++;
        const replacement = this.memo.get(pattern, match[0], map);
        if (replacement !== null) spans.push({ start: match.index, end: match.index + match[0].length, rule, replacement });
      }
    };
    if (MAC_HINT.test(text)) add(MAC, 'mac', (mac) => pseudonymMac(this.table, mac));
    if (IPV6_HINT.test(text)) add(IPV6, 'ipv6', (address) => ((address.includes('::') || address.split(':').length === 8) && parseIpv6(address) ? pseudonymIpv6(this.table, address) : null));
    // The first address or hostname cannot start before the first hint says (at most three
    // digits before `.b.c.`; within the run of name characters that holds `.<tld>`): the scan
    // starts there, not at the start of the line.
    const ipv4 = IPV4_HINT.exec(text);
    if (ipv4) add(IPV4, 'ipv4', (address) => (address.split('.').every((octet) => Number(octet) <= 255) ? pseudonymIpv4(this.table, address) : null), Math.max(0, ipv4.index - 3));
    // A public domain is no span of its own, so a learned name inside it (`registry.shop.example.com`) is still found.
    const fqdn = FQDN_HINT.exec(text);
    if (fqdn) add(FQDN, 'hostname', (name) => (isPublicDomain(name) ? null : pseudonymHostname(this.table, name)), nameRunStart(text, fqdn.index));
    if (IP_LABEL_HINT.test(text)) add(IP_LABEL, 'hostname', (label) => pseudonymLabel(this.table, label));
    if (this.wordPattern) add(this.wordPattern, 'hostname', () => '');
    if (this.keywordPattern) add(this.keywordPattern, 'keyword', (word) => this.table.pseudonym('keyword', word.toLowerCase(), hexLabel('kw')));
    for (const span of spans) if (span.replacement === '' && span.rule === 'hostname') this.word(text, span);
    return spans;
  }

  /** A learned word: its kind decides the pseudonym. */
  private word(text: string, span: Span): void {
    const original = text.slice(span.start, span.end);
    const kind = this.wordKinds.get(original.toLowerCase()) ?? 'host';
    if (kind === 'host') {
      span.replacement = pseudonymHostname(this.table, original);
    } else {
      span.rule = kind;
      span.replacement = this.table.pseudonym(kind, original.toLowerCase(), hexLabel(kind === 'user' ? 'user-' : 'name-'));
    }
  }
}

/** Where the run of characters a hostname's lookbehind excludes (`A-Za-z0-9_.-`) that holds `at` begins. */
function nameRunStart(text: string, at: number): number {
  let start = at;
  while (start > 0 && /[A-Za-z0-9_.-]/.test(text[start - 1]!)) start--;
  return start;
}

/**
 * The replacement of each value met lately, per detector: a log repeats its addresses and names on
 * line after line, and computing a pseudonym (splits, table look-ups) costs more than one look-up
 * here. A pseudonym never changes once made, so a remembered one is the one map would give.
 * Forgotten wholesale at a bound, so memory stays constant.
 */
class ReplacementMemo {
  private readonly known = new Map<RegExp, Map<string, string | null>>();

  get(detector: RegExp, value: string, map: (value: string) => string | null): string | null {
    let known = this.known.get(detector);
    if (!known) this.known.set(detector, (known = new Map<string, string | null>()));
    const remembered = known.get(value);
    if (remembered !== undefined) return remembered;
    if (known.size >= MEMO_ENTRIES) known.clear();
    const replacement = map(value);
    known.set(detach(value), replacement);
    return replacement;
  }
}

const MEMO_ENTRIES = 50_000;

function escape(word: string): string {
  return word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
