/**
 * A pod's owning workload, read from its name alone (the bundle holds no owner references):
 * the same Deployment or DaemonSet has differently named pods on every node, and a fleet view
 * groups them by what they have in common.
 *
 *   checkout-7d9f8b6c5d-x2x7q  → checkout      (Deployment: ReplicaSet hash + pod suffix)
 *   backup-28936620-kq9zt      → backup        (CronJob: schedule minute + Job suffix)
 *   fluent-bit-7xk2p           → fluent-bit    (DaemonSet or Job: one suffix)
 *   postgres-2                 → postgres      (StatefulSet ordinal)
 */

/**
 * Kubernetes' generated suffixes use `bcdfghjklmnpqrstvwxz2456789` (no vowels); hand-written and
 * older names do not always, so a segment also counts as generated when it holds a digit. A word
 * such as `proxy` or `server` is neither, and stays part of the name.
 */
const SAFE = '[bcdfghjklmnpqrstvwxz2456789]';
const generated = (length: string) => `(?:${SAFE}${length}|(?=[a-z0-9]${length}(?:-|$))[a-z]*\\d[a-z0-9]*)`;
const REPLICA_SET = new RegExp(`^(.+)-${generated('{6,10}')}-${generated('{5}')}$`);
const CRON_JOB = new RegExp(`^(.+)-\\d{8,}-${generated('{5}')}$`);
const ONE_SUFFIX = new RegExp(`^(.+)-${generated('{5}')}$`);
const ORDINAL = /^(.+)-\d{1,5}$/;

export function workloadOf(pod: string): string {
  for (const form of [REPLICA_SET, CRON_JOB, ONE_SUFFIX, ORDINAL]) {
    const match = form.exec(pod);
    if (match?.[1]) return match[1];
  }
  return pod;
}
