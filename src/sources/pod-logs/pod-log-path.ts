/**
 * What a pod log file's path says: pod, container, attempt and rotation. Layouts (relative to the
 * pods root, `/var/log/pods` on the node, `pods/` in a bundle):
 *
 *   `shop_checkout-7d9f8b6c5-x2x9q_6f1e2d3c-4b5a-4978-8c1d-2e3f4a5b6c7d/api/0.log`   ≥ 1.14 ('namespace-pod-uid')
 *     → { namespace: 'shop', pod: 'checkout-7d9f8b6c5-x2x9q', uid: '6f1e…6c7d', uidForm: 'dashed', container: 'api', attempt: 0 }
 *   `…/api/3.log.20240101-120000` and `…/api/3.log.20240101-115000.gz`        rotated files of attempt 3
 *   `6f1e…6c7d/api/0.log`                                                       1.10–1.13 ('uid-container-dir')
 *   `6f1e…6c7d/api_0.log`                                                       ≤ 1.9 ('uid-container-file')
 *
 * The namespace is the first `_` field, the UID the LAST one (as the kubelet's
 * `parsePodUIDFromLogsDirectory` does) and the pod name the rest. Static pods have a 32-hex UID
 * (the config hash). `*.tmp` files are the kubelet's half-written gzip files: ignored.
 */
import type { Stamp } from '../stamp.js';

/** `lone-file`: a container log given on its own; its pod, namespace, UID and container are unknown. */
export type PodLogLayout = 'namespace-pod-uid' | 'uid-container-dir' | 'uid-container-file' | 'lone-file';

/** `dashed` = API object UID; `static-hash` = a static pod's 32-hex config hash; `other` = neither. */
export type UidForm = 'dashed' | 'static-hash' | 'other';

export interface PodLogPath {
  /** The pod directory as named in the path it came from: `pods/<ns>_<pod>_<uid>`. */
  podDir: string;
  namespace: string | null;
  pod: string | null;
  uid: string;
  uidForm: UidForm;
  layout: PodLogLayout;
  container: string;
  attempt: number;
  /** The rotation suffix `YYYYMMDD-hhmmss` (node-local time), null for the live file. */
  rotation: string | null;
  /** The name ends in `.gz` (the content arrives already decompressed). */
  compressed: boolean;
}

/** Why a path under the pods root is not a log file to read. */
export type PodLogPathRejection = 'temporary' | 'unrecognised';

const DASHED_UID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const STATIC_HASH_UID = /^[0-9a-f]{32}$/;
const LOG_FILE = /^(\d{1,9})\.log(?:\.(\d{8}-\d{6})(\.gz)?)?$/;
const LEGACY_LOG_FILE = /^([^_/]+)_(\d{1,9})\.log$/;
const BUNDLE_ROOTS = ['pods/', 'var/log/pods/'];

export function uidForm(uid: string): UidForm {
  if (DASHED_UID.test(uid)) return 'dashed';
  return STATIC_HASH_UID.test(uid) ? 'static-hash' : 'other';
}

/**
 * A container log given alone (`podmortem analyze 0.log`): nothing in its content names the pod,
 * so nothing is guessed; uid and container stay empty and the file never joins a pod.
 */
export function lonePodLogPath(path: string): PodLogPath {
  return { podDir: path, namespace: null, pod: null, uid: '', uidForm: 'other', layout: 'lone-file', container: '', attempt: 0, rotation: null, compressed: false };
}

/**
 * Parses a bundle path (`pods/…` or `var/log/pods/…`). Other collectors copy pod folders under
 * their own folder (EKS `var_log/<ns>_<pod>_<uid>/…`, Rancher `<distro>/podlogs/<ns>_<pod>_<uid>/…`):
 * there the last three segments are read, as in a link target.
 */
export function parsePodLogPath(path: string): PodLogPath | PodLogPathRejection {
  if (path.endsWith('.tmp')) return 'temporary';
  const root = BUNDLE_ROOTS.find((prefix) => path.startsWith(prefix));
  if (root === undefined) {
    const segments = path.split('/');
    if (segments.length < 4) return 'unrecognised';
    return (
      parsePodLogSegments(
        segments.slice(-3),
        segments
          .slice(0, -3)
          .map((segment) => `${segment}/`)
          .join(''),
      ) ?? 'unrecognised'
    );
  }
  return parsePodLogSegments(path.slice(root.length).split('/'), root) ?? 'unrecognised';
}

/**
 * Parses the target of a `/var/log/containers` link (`/var/log/pods/<ns>_<pod>_<uid>/<c>/<n>.log`,
 * or under a custom `podLogsDir`): only the last segments are read.
 */
export function parsePodLogTarget(target: string): PodLogPath | null {
  const segments = target.split('/').filter((segment) => segment !== '' && segment !== '.');
  const lead = target.startsWith('/') ? '/' : '';
  const base = (count: number) =>
    lead +
    segments
      .slice(0, segments.length - count)
      .map((segment) => `${segment}/`)
      .join('');
  if (segments.length >= 3) {
    const parsed = parsePodLogSegments(segments.slice(-3), base(3));
    if (parsed) return parsed;
  }
  return segments.length >= 2 ? parsePodLogSegments(segments.slice(-2), base(2)) : null;
}

function parsePodLogSegments(segments: string[], root: string): PodLogPath | null {
  if (segments.length === 3) {
    const [dir, container, file] = segments as [string, string, string];
    const name = LOG_FILE.exec(file);
    const pod = name && container !== '' && !container.includes('_') ? parsePodDir(dir) : null;
    if (!name || !pod) return null;
    return { ...pod, podDir: root + dir, container, attempt: Number(name[1]), rotation: name[2] ?? null, compressed: name[3] !== undefined };
  }
  if (segments.length === 2) {
    const [dir, file] = segments as [string, string];
    const name = LEGACY_LOG_FILE.exec(file);
    const form = uidForm(dir);
    if (!name || form === 'other') return null;
    const fields = { namespace: null, pod: null, uid: dir, uidForm: form, layout: 'uid-container-file' as const };
    return { ...fields, podDir: root + dir, container: name[1] as string, attempt: Number(name[2]), rotation: null, compressed: false };
  }
  return null;
}

type PodDirFields = Pick<PodLogPath, 'namespace' | 'pod' | 'uid' | 'uidForm' | 'layout'>;

function parsePodDir(dir: string): PodDirFields | null {
  const fields = dir.split('_');
  if (fields.length === 1) {
    const form = uidForm(dir);
    return form === 'other' ? null : { namespace: null, pod: null, uid: dir, uidForm: form, layout: 'uid-container-dir' };
  }
  if (fields.length < 3 || fields.some((field) => field === '')) return null;
  const uid = fields[fields.length - 1] as string;
  return { namespace: fields[0] as string, pod: fields.slice(1, -1).join('_'), uid, uidForm: uidForm(uid), layout: 'namespace-pod-uid' };
}

/** The rotation suffix as a Stamp: node-local wall time with a year but no zone. */
export function rotationStamp(suffix: string): Stamp {
  const digit = (start: number, length: number) => Number(suffix.slice(start, start + length));
  return {
    text: suffix,
    monotonic: null,
    utcMs: null,
    local: { year: digit(0, 4), month: digit(4, 2), day: digit(6, 2), hour: digit(9, 2), minute: digit(11, 2), second: digit(13, 2), micros: 0 },
    bootId: null,
  };
}
