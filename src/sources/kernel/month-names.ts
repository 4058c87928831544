/**
 * Month abbreviations as strftime `%b` prints them: `dmesg -T` follows the node's locale, so a
 * German node writes `[Sa Mär  2 10:00:00 2024]` and a French one `[sam. nov. 28 04:13:10 2026]`.
 * Keys are lower case without a trailing dot. Captured with `date +%b` under de_DE, fr_FR, es_ES
 * (glibc locales); Italian, Portuguese and Dutch added from the same glibc tables.
 */
const MONTHS: Record<string, number> = {};

const TABLES: readonly (readonly string[])[] = [
  ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'],
  // de_DE; `mrz` is the older glibc spelling of March.
  ['jan', 'feb', 'mär', 'apr', 'mai', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dez'],
  ['jan', 'feb', 'mrz'],
  // fr_FR: `janv.`, `févr.`, `mars`, `avril` (older glibc: `avr.`), `juil.`, `août`, `sept.`, `déc.`
  ['janv', 'févr', 'mars', 'avril', 'mai', 'juin', 'juil', 'août', 'sept', 'oct', 'nov', 'déc'],
  ['janv', 'févr', 'mars', 'avr'],
  // es_ES
  ['ene', 'feb', 'mar', 'abr', 'may', 'jun', 'jul', 'ago', 'sep', 'oct', 'nov', 'dic'],
  ['ene', 'feb', 'mar', 'abr', 'may', 'jun', 'jul', 'ago', 'sept'],
  // it_IT, pt_PT / pt_BR, nl_NL
  ['gen', 'feb', 'mar', 'apr', 'mag', 'giu', 'lug', 'ago', 'set', 'ott', 'nov', 'dic'],
  ['jan', 'fev', 'mar', 'abr', 'mai', 'jun', 'jul', 'ago', 'set', 'out', 'nov', 'dez'],
  ['jan', 'feb', 'mrt', 'apr', 'mei', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dec'],
];

for (const table of TABLES) table.forEach((name, index) => (MONTHS[name] = index + 1));

/** 1–12 for a month name in one of the known locales, or null. */
export function monthNumber(name: string): number | null {
  let key = name.toLowerCase();
  if (key.endsWith('.')) key = key.slice(0, -1);
  return MONTHS[key.normalize('NFC')] ?? null;
}
