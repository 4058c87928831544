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

/** Kubernetes' random suffixes use this alphabet (no vowels, no 0 1 3): `bcdfghjklmnpqrstvwxz2456789`. */
const SAFE = '[bcdfghjklmnpqrstvwxz2456789]';
const REPLICA_SET = new RegExp(`^(.+)-${SAFE}{6,10}-${SAFE}{5}$`);
const CRON_JOB = new RegExp(`^(.+)-\\d{8,}-${SAFE}{5}$`);
const ONE_SUFFIX = new RegExp(`^(.+)-${SAFE}{5}$`);
const ORDINAL = /^(.+)-\d{1,5}$/;

export function workloadOf(pod: string): string {
  for (const form of [REPLICA_SET, CRON_JOB, ONE_SUFFIX, ORDINAL]) {
    const match = form.exec(pod);
    if (match?.[1]) return match[1];
  }
  return pod;
}
