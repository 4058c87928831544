/**
 * The workload a pod belongs to, read from its name: the bundle carries no owner references, but
 * controllers name their pods by fixed rules.
 *   Deployment → ReplicaSet → pod: `checkout-7d9f8b6c5-x2x9q` (pod-template-hash, then 5 random characters)
 *   CronJob → Job → pod:           `backup-29012345-k8s7q` (the schedule time in minutes, then 5 random characters)
 *   Job, DaemonSet → pod:          `node-exporter-x7k2m`
 *   StatefulSet → pod:             `postgres-0` (the ordinal, 1 to 4 digits)
 * One reading for every part that groups pods by workload: incidents, the fleet page and the
 * redaction's name vocabulary. A static pod is named after its node (`kube-apiserver-master-1`):
 * a node name ending in a number reads as an ordinal, a known limit of reading names alone.
 */

/**
 * The characters Kubernetes draws generated names from (`rand.String`: no vowels, no 0, 1, 3), so
 * that a real word like `redis` or `nginx` is not mistaken for a suffix.
 */
const GENERATED = /^[bcdfghjklmnpqrstvwxz2456789]+$/;

/** A segment that reads as generated: made of the generator's characters, or mixing letters and digits. */
function generated(segment: string): boolean {
  if (!/^[a-z0-9]+$/.test(segment) || /^\d+$/.test(segment)) return false;
  return GENERATED.test(segment) || (/\d/.test(segment) && /[a-z]/.test(segment));
}

/** `shop` pod `checkout-7d9f8b6c5-x2x9q` → `checkout`; a name with no generated suffix is its own owner. */
export function ownerName(pod: string): string {
  const parts = pod.split('-');
  if (parts.length < 2) return pod;
  const last = parts.at(-1) as string;
  if (/^\d{1,4}$/.test(last)) return parts.slice(0, -1).join('-');
  if (last.length !== 5 || !generated(last)) return pod;
  const rest = parts.slice(0, -1);
  const middle = rest.at(-1) as string;
  // CronJob: the Job's suffix is the scheduled time in minutes since the epoch (8 digits today).
  const cronJob = rest.length > 1 && /^\d{8,10}$/.test(middle);
  // ReplicaSet: the pod-template-hash, 6 to 10 generated characters.
  const replicaSet = rest.length > 1 && middle.length >= 6 && middle.length <= 10 && generated(middle);
  return (cronJob || replicaSet ? rest.slice(0, -1) : rest).join('-');
}
