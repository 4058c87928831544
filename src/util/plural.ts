/**
 * Plurals for every sentence podmortem writes (rule messages, the page, the terminal summary): one
 * helper, so no text reads "1 times", "1 pod(s)" or "1 archive entries". Nouns are given in the
 * singular; the English rules cover the nouns our texts use (time → times, entry → entries,
 * process → processes), and an irregular one can pass its plural.
 */

/** The noun for `count`: `plural(1, 'pod')` → `pod`, `plural(3, 'entry')` → `entries`. */
export function plural(count: number, singular: string, pluralForm?: string): string {
  if (count === 1) return singular;
  if (pluralForm !== undefined) return pluralForm;
  return pluralOf(singular);
}

/** The count and its noun: `counted(1, 'time')` → `1 time`, `counted(2, 'time')` → `2 times`. */
export function counted(count: number, singular: string, pluralForm?: string): string {
  return `${count.toLocaleString('en-US')} ${plural(count, singular, pluralForm)}`;
}

/** `time` → `times`, `entry` → `entries`, `process` → `processes`; the last word of a phrase. */
function pluralOf(singular: string): string {
  if (/[^aeiou]y$/.test(singular)) return `${singular.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/.test(singular)) return `${singular}es`;
  return `${singular}s`;
}
