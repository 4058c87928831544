/**
 * Numbers as the stat tools print them. Tools follow the node's locale unless the collector set
 * `LC_ALL=C`, so `0,15` is 0.15 (domain-facts §6); sizes may carry a unit suffix (`1.2g` in top,
 * `4.0K` in `df -h`, `8.6Mi` in `free -h`, `366.9k` in `iostat -h`), always in powers of 1024.
 */

const DECIMAL = /^[-+]?(?:\d+(?:[.,]\d*)?|[.,]\d+)$/;
const INTEGER = /^[-+]?\d+$/;

/** `12`, `-3`, `0.15`, `0,15` → number; anything else → null. */
export function parseDecimal(text: string): number | null {
  if (!DECIMAL.test(text)) return null;
  const value = Number(text.includes(',') ? text.replace(',', '.') : text);
  return Number.isFinite(value) ? value : null;
}

/** Whole numbers only: `1234` → 1234; `12.5`, `-`, `` → null. */
export function parseInteger(text: string): number | null {
  if (!INTEGER.test(text)) return null;
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : null;
}

/** A percentage as printed, with or without its `%`: `22%`, `17.6%`, `0,5` → number. */
export function parsePercent(text: string): number | null {
  return parseDecimal(text.endsWith('%') ? text.slice(0, -1) : text);
}

const SIZE = /^([-+]?(?:\d+(?:[.,]\d*)?|[.,]\d+))\s?([KMGTPEkmgtpe]?)(i?)(B?)$/;
const POWERS: Record<string, number> = { '': 0, k: 1, m: 2, g: 3, t: 4, p: 5, e: 6 };

/**
 * A size in KiB. `unitKib` is what a bare number counts (1 for KiB columns, 1024 for MiB columns,
 * 1/1024 for bytes); a suffix overrides it: `K`/`k`/`Ki`/`KB` = KiB, `M` = MiB, … and a bare `B`
 * = bytes (`free -h` prints `0B`).
 */
export function parseKib(text: string, unitKib = 1): number | null {
  const match = SIZE.exec(text);
  if (!match) return null;
  const value = parseDecimal(match[1] ?? '');
  if (value === null) return null;
  const prefix = (match[2] ?? '').toLowerCase();
  if (prefix === '') return match[4] === 'B' ? value / 1024 : value * unitKib;
  return value * 1024 ** ((POWERS[prefix] ?? 1) - 1);
}

/** True when the text carries a size suffix, i.e. the tool printed a rounded, human-readable value. */
export function hasSizeSuffix(text: string): boolean {
  const last = text.charCodeAt(text.length - 1);
  return (last >= 65 && last <= 90) || (last >= 97 && last <= 122);
}

/** A count that `-h` may print suffixed (`df -hi`: `3.0M` inodes = 3 × 1024²); `-` and junk → null. */
export function parseCount(text: string): number | null {
  const kib = parseKib(text, 1 / 1024);
  return kib === null ? null : Math.round(kib * 1024);
}
