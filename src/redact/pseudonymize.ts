/**
 * Puts pseudonyms in for the values value-finder.ts finds in one piece of text (a line without
 * its secrets). Every detector reports spans on the original text; overlaps are settled
 * (earliest first, then longest), so a pseudonym is never itself matched again and a keyword
 * inside a hostname does not break the hostname apart.
 */
import { isPublicDomain, pseudonymHostname, pseudonymLabel } from './host-pseudonyms.js';
import { parseIpv6, pseudonymIpv4, pseudonymIpv6, pseudonymMac } from './network-pseudonyms.js';
import { detach } from '../util/cap-text.js';
import { hexLabel, type PseudonymTable } from './pseudonym-table.js';
import { DETECTORS, FOUND_ENTRIES, ValueFinder, type Detector, type FoundValues } from './value-finder.js';
import type { VocabularyKind } from './vocabulary.js';

/** What was pseudonymized: the record counts replacements by kind. */
export type PseudonymRule = 'ipv4' | 'ipv6' | 'mac' | 'hostname' | 'user' | 'name' | 'keyword';

interface Span {
  start: number;
  end: number;
  rule: PseudonymRule;
  replacement: string;
}

/** Per detector: the rule its values count under. */
const RULES: Record<Detector, PseudonymRule> = { mac: 'mac', ipv6: 'ipv6', ipv4: 'ipv4', fqdn: 'hostname', ipLabel: 'hostname', word: 'hostname', keyword: 'keyword' };

export interface PseudonymizerOptions {
  /** Learned words (hostnames, users, names), longest first. */
  words: [string, VocabularyKind][];
  /** `--keyword`s: replaced wherever they occur, in any case. */
  keywords: string[];
}

export class Pseudonymizer {
  private readonly wordKinds: Map<string, VocabularyKind>;
  /** Finds the values; the same finder may run on the scan thread (its options are what it needs). */
  readonly finder: ValueFinder;
  /** What any value to replace needs in a line (see LineRedactor.triggers). */
  readonly trigger: RegExp;
  /** Per detector, by its index in DETECTORS: a match's pseudonym, null when it is no value ('' for a learned word: its kind decides, see word()). */
  private readonly maps: readonly ((value: string) => string | null)[];
  private readonly memo = new ReplacementMemo();

  constructor(
    private readonly table: PseudonymTable,
    options: PseudonymizerOptions,
  ) {
    this.wordKinds = new Map(options.words);
    this.finder = new ValueFinder({ words: options.words.map(([word]) => word), keywords: options.keywords });
    this.trigger = this.finder.trigger;
    const maps: Record<Detector, (value: string) => string | null> = {
      mac: (mac) => pseudonymMac(table, mac),
      ipv6: (address) => ((address.includes('::') || address.split(':').length === 8) && parseIpv6(address) ? pseudonymIpv6(table, address) : null),
      ipv4: (address) => (address.split('.').every((octet) => Number(octet) <= 255) ? pseudonymIpv4(table, address) : null),
      // A public domain is no value of its own, so a learned name inside it (`registry.shop.example.com`) is still found.
      fqdn: (name) => (isPublicDomain(name) ? null : pseudonymHostname(table, name)),
      ipLabel: (label) => pseudonymLabel(table, label),
      word: () => '',
      keyword: (word) => table.pseudonym('keyword', word.toLowerCase(), hexLabel('kw')),
    };
    this.maps = DETECTORS.map((detector) => maps[detector]);
  }

  /**
   * `text` with every value pseudonymized; `count` hears of each replacement with its original.
   * `hinted`: the caller found the trigger in this text already (the trigger only filters; each
   * detector is gated by its own hint, so skipping it changes nothing but the time).
   */
  apply(text: string, count: (rule: PseudonymRule, original: string, pseudonym: string) => void, hinted = false): string {
    if (!hinted && !this.trigger.test(text)) return text;
    const found: FoundValues = [];
    this.finder.find(text, found);
    return this.replace(text, found, 0, count);
  }

  /**
   * `text` with the values a ValueFinder with this finder's options found in it (`found` from
   * `offset`, see FoundValues) pseudonymized: what apply() gives, wherever the finding ran.
   */
  replace(text: string, found: ArrayLike<number>, offset: number, count: (rule: PseudonymRule, original: string, pseudonym: string) => void): string {
    const spans = this.spans(text, found, offset);
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

  /** Each found value with its pseudonym, made in the order found (a fresh table hands pseudonyms out in that order). */
  private spans(text: string, found: ArrayLike<number>, offset: number): Span[] {
    const spans: Span[] = [];
    const values = found[offset]!;
    for (let at = offset + 1; at < offset + 1 + FOUND_ENTRIES * values; at += FOUND_ENTRIES) {
      const start = found[at]!;
      const end = found[at + 1]!;
      const detector = found[at + 2]!;
      const replacement = this.memo.get(detector, text.slice(start, end), this.maps[detector]!);
      if (replacement !== null) spans.push({ start, end, rule: RULES[DETECTORS[detector]!], replacement });
    }
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

/**
 * The replacement of each value met lately, per detector: a log repeats its addresses and names on
 * line after line, and computing a pseudonym (splits, table look-ups) costs more than one look-up
 * here. A pseudonym never changes once made, so a remembered one is the one map would give.
 * Forgotten wholesale at a bound, so memory stays constant.
 */
class ReplacementMemo {
  private readonly known: Map<string, string | null>[] = DETECTORS.map(() => new Map<string, string | null>());

  get(detector: number, value: string, map: (value: string) => string | null): string | null {
    const known = this.known[detector]!;
    const remembered = known.get(value);
    if (remembered !== undefined) return remembered;
    if (known.size >= MEMO_ENTRIES) known.clear();
    const replacement = map(value);
    known.set(detach(value), replacement);
    return replacement;
  }
}

const MEMO_ENTRIES = 50_000;
