/**
 * The name of a `/var/log/containers` link: `<pod>_<namespace>_<container>-<64-hex id>.log`
 * (pod before namespace: the opposite of `/var/log/pods`). Sample:
 *
 *   `checkout-7d9f8b6c5-x2x9q_shop_api-3b1f9c0d2e4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c.log`
 *     → { pod: 'checkout-7d9f8b6c5-x2x9q', namespace: 'shop', container: 'api', containerId: '3b1f…9b0c', truncated: false }
 *
 * The kubelet cuts the name so it fits 255 bytes with `.log` (k/k `legacyLogSymlink`), which
 * cuts the id first and then the container name: a cut name yields no id and no container, and
 * the link target has to be resolved instead.
 */
export interface ContainerLinkName {
  pod: string | null;
  namespace: string | null;
  container: string | null;
  containerId: string | null;
  truncated: boolean;
}

const MAX_NAME_BYTES = 255;
const FULL_NAME = /^([^_]+)_([^_]+)_([^_]+)-([0-9a-f]{64})$/;

/** Parses a link file name (a path is cut to its last segment); null when it is not one. */
export function parseContainerLinkName(fileName: string): ContainerLinkName | null {
  const name = fileName.slice(fileName.lastIndexOf('/') + 1);
  if (!name.endsWith('.log')) return null;
  const body = name.slice(0, -'.log'.length);
  const full = FULL_NAME.exec(body);
  if (full) return { pod: full[1] as string, namespace: full[2] as string, container: full[3] as string, containerId: full[4] as string, truncated: false };
  if (Buffer.byteLength(name) < MAX_NAME_BYTES) return null;
  const fields = body.split('_');
  const pod = fields[0] || null;
  const namespace = fields.length >= 3 ? fields[1] || null : null;
  return { pod, namespace, container: null, containerId: null, truncated: true };
}
