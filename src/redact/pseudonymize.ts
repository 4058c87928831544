/**
 * Finds the values to pseudonymize in one piece of text (a line without its secrets) and puts
 * their pseudonyms in. Every detector reports spans on the original text; overlaps are settled
 * (earliest first, then longest), so a pseudonym is never itself matched again and a keyword
 * inside a hostname does not break the hostname apart.
 */
import { isPublicDomain, pseudonymHostname, pseudonymLabel, TOP_LEVEL_DOMAINS } from './host-pseudonyms.js';
import { parseIpv6, pseudonymIpv4, pseudonymIpv6, pseudonymMac } from './network-pseudonyms.js';
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

  constructor(
    private readonly table: PseudonymTable,
    options: PseudonymizerOptions,
  ) {
    this.wordKinds = new Map(options.words);
    this.wordPattern = options.words.length === 0 ? null : new RegExp(`(?<![A-Za-z0-9])(?:${options.words.map(([word]) => escape(word)).join('|')})(?![A-Za-z0-9])`, 'gi');
    const keywords = [...new Set(options.keywords.map((word) => word.toLowerCase()).filter((word) => word.length > 0))].sort((a, b) => b.length - a.length);
    this.keywordPattern = keywords.length === 0 ? null : new RegExp(keywords.map(escape).join('|'), 'gi');
  }

  /** `text` with every value pseudonymized; `count` hears of each replacement with its original. */
  apply(text: string, count: (rule: PseudonymRule, original: string, pseudonym: string) => void): string {
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
    const add = (pattern: RegExp, rule: PseudonymRule, map: (value: string) => string | null) => {
      for (const match of text.matchAll(pattern)) {
        const replacement = map(match[0]);
        if (replacement !== null) spans.push({ start: match.index, end: match.index + match[0].length, rule, replacement });
      }
    };
    const colon = text.includes(':');
    if (colon || text.includes('-')) add(MAC, 'mac', (mac) => pseudonymMac(this.table, mac));
    if (colon) add(IPV6, 'ipv6', (address) => (address.includes('::') || address.split(':').length === 8) && parseIpv6(address) ? pseudonymIpv6(this.table, address) : null);
    const dot = text.includes('.');
    if (dot) add(IPV4, 'ipv4', (address) => (address.split('.').every((octet) => Number(octet) <= 255) ? pseudonymIpv4(this.table, address) : null));
    // A public domain is no span of its own, so a learned name inside it (`registry.shop.example.com`) is still found.
    if (dot) add(FQDN, 'hostname', (name) => (isPublicDomain(name) ? null : pseudonymHostname(this.table, name)));
    if (text.includes('-')) add(IP_LABEL, 'hostname', (label) => pseudonymLabel(this.table, label));
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

function escape(word: string): string {
  return word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
