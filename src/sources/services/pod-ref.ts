/**
 * A pod as a service message names it. kubelet wrote `name_namespace(uid)` before structured
 * logging (format.Pod) and `namespace/name` plus a separate `podUID=` since (klog.KObj):
 *
 *   kube-apiserver-ip-172-31-17-197_kube-system(0332406a2c4a3de48df62d6a3422892b)
 *     → { namespace: 'kube-system', name: 'kube-apiserver-ip-172-31-17-197', uid: '0332406a2c4a3de48df62d6a3422892b' }
 *   monitoring/prometheus-k8s-0 → { namespace: 'monitoring', name: 'prometheus-k8s-0', uid: null }
 *
 * Pod and namespace names are DNS labels without `_` or `/`, which is what makes both forms unambiguous.
 */
export interface PodRef {
  namespace: string | null;
  name: string;
  uid: string | null;
}

const LEGACY = /^([a-z0-9][-a-z0-9.]*)_([a-z0-9][-a-z0-9]*)(?:\(([0-9a-fA-F-]{32,36})\))?$/;
const SLASHED = /^([a-z0-9][-a-z0-9]*)\/([a-z0-9][-a-z0-9.]*)$/;
const BARE = /^[a-z0-9][-a-z0-9.]*$/;

export function parsePodRef(text: string | undefined | null, uid: string | null = null): PodRef | null {
  if (!text) return null;
  const value = text.trim();
  const slashed = SLASHED.exec(value);
  if (slashed) return { namespace: slashed[1] as string, name: slashed[2] as string, uid: cleanUid(uid) };
  const legacy = LEGACY.exec(value);
  if (legacy) return { namespace: legacy[2] as string, name: legacy[1] as string, uid: cleanUid(legacy[3] ?? uid) };
  if (BARE.test(value)) return { namespace: null, name: value, uid: cleanUid(uid) };
  return null;
}

/**
 * Pod lists as the eviction manager prints them: `[ns/a ns/b]`, `["ns/a","ns/b"]`, or the old
 * `a_ns(uid), b_ns(uid)`. At most `max` are kept; the caller keeps the total.
 */
export function parsePodList(text: string, max: number): { pods: PodRef[]; total: number } {
  const items = text
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .map((item) => item.replace(/^"|"$/g, ''))
    .filter((item) => item !== '');
  const pods: PodRef[] = [];
  for (const item of items) {
    if (pods.length >= max) break;
    const pod = parsePodRef(item);
    if (pod) pods.push(pod);
  }
  return { pods, total: items.length };
}

function cleanUid(uid: string | null | undefined): string | null {
  if (!uid) return null;
  const value = uid.trim().toLowerCase();
  return /^[0-9a-f-]{32,36}$/.test(value) ? value : null;
}
