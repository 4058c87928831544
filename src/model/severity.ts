/**
 * How bad something is, one scale for findings, timeline events and incidents. Defined in the
 * model because the severity of a single event (event-severity.ts) is the model's reading, which
 * rules and the report both take from there.
 */
export type Severity = 'critical' | 'warning' | 'info';
export const SEVERITIES: readonly Severity[] = ['critical', 'warning', 'info'];

/** The worse of several severities (`info` for none). */
export function worstSeverity(severities: Iterable<Severity>): Severity {
  let worst: Severity = 'info';
  for (const severity of severities) if (SEVERITIES.indexOf(severity) < SEVERITIES.indexOf(worst)) worst = severity;
  return worst;
}
