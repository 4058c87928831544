/**
 * How many log bytes each container attempt left, and in which files: the kubelet rotates the
 * live `N.log` at `containerLogMaxSize` into `N.log.<stamp>` (the newest stays plain) and gzips
 * older ones, keeping at most `containerLogMaxFiles` (5) files per attempt.
 */
import type { SeededRandom } from '../../helpers/seeded-random.js';
import type { AttemptPlan, LogFilePlan, NodePlan, PodPlan } from './bundle-plan.js';

/**
 * Spreads the pod log budget over the attempts as on a busy node: about one container in eight
 * is chatty and writes three quarters of the bytes (it rotates, leaving `.gz` files), the rest
 * share the remainder with a heavy tail; then each attempt is cut into the files rotation leaves.
 */
export function spreadLogVolume(random: SeededRandom, node: NodePlan, pods: PodPlan[], budget: number): void {
  const attempts = pods.flatMap((pod) => pod.containers.flatMap((container) => container.attempts.map((attempt) => ({ container, attempt }))));
  const chatty = attempts.map(({ container }) => !container.init && random.chance(0.12));
  if (!chatty.includes(true)) chatty[attempts.findIndex(({ container }) => !container.init)] = true;
  const quiet = attempts.map(({ container }, index) => (chatty[index] ? 0 : container.init ? 0.0005 : random.skewed(3)));
  const loud = chatty.map((isChatty) => (isChatty ? 0.5 + random.next() : 0));
  const sum = (values: number[]) => values.reduce((acc, value) => acc + value, 0);
  const scale = (3 * Math.max(sum(quiet), 1e-9)) / sum(loud);
  const bytes = distribute(
    quiet.map((weight, index) => weight + (loud[index] ?? 0) * scale),
    budget,
    5 * node.rotateBytes,
  );
  attempts.forEach(({ attempt }, index) => (attempt.files = rotatedFiles(random, node, attempt, bytes[index] ?? 0)));
}

/** Shares `total` by weight, no share above `cap`; what a capped share cannot take goes to the others. */
function distribute(weights: number[], total: number, cap: number): number[] {
  const shares = weights.map(() => 0);
  let open = weights.map((_, index) => index);
  let left = total;
  while (left > 1 && open.length > 0) {
    const sum = open.reduce((acc, index) => acc + (weights[index] ?? 0), 0);
    const next: number[] = [];
    let given = 0;
    for (const index of open) {
      const want = (left * (weights[index] ?? 0)) / sum;
      const take = Math.min(want, cap - (shares[index] ?? 0));
      shares[index] = (shares[index] ?? 0) + take;
      given += take;
      if ((shares[index] ?? 0) < cap) next.push(index);
    }
    left -= given;
    if (next.length === open.length) break;
    open = next;
  }
  return shares.map(Math.round);
}

/** `N.log` plus what rotation left: the newest rotated file plain, older ones `.gz`, at most 4. */
function rotatedFiles(random: SeededRandom, node: NodePlan, attempt: AttemptPlan, bytes: number): LogFilePlan[] {
  const sizes: number[] = [];
  let left = bytes;
  while (sizes.length < 4) {
    const size = Math.round(node.rotateBytes * (1 + random.next() * 0.05));
    if (left <= size) break;
    sizes.push(size);
    left -= size;
  }
  sizes.push(left);
  const span = attempt.endMs - attempt.startMs;
  let from = 0;
  return sizes.map((size, index) => {
    const startMs = attempt.startMs + (span * from) / Math.max(1, bytes);
    from += size;
    const endMs = attempt.startMs + (span * from) / Math.max(1, bytes);
    const live = index === sizes.length - 1;
    const gz = !live && index < sizes.length - 2;
    const name = live ? `${attempt.attempt}.log` : `${attempt.attempt}.log.${rotationSuffix(endMs + random.between(1_000, 10_000))}${gz ? '.gz' : ''}`;
    return { name, bytes: size, startMs, endMs, gz };
  });
}

/** Go layout `20060102-150405` in the node's zone (UTC here). */
export function rotationSuffix(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}-${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}`;
}

/** Moves an attempt's files to its (changed) number and time span, keeping each file's share of the span. */
export function retimeFiles(files: LogFilePlan[], attempt: AttemptPlan): LogFilePlan[] {
  const first = files[0]?.startMs ?? 0;
  const span = Math.max(1, (files.at(-1)?.endMs ?? 1) - first);
  const scale = (ms: number) => attempt.startMs + ((ms - first) * (attempt.endMs - attempt.startMs)) / span;
  return files.map((file, index) => {
    const live = index === files.length - 1;
    const endMs = scale(file.endMs);
    const name = live ? `${attempt.attempt}.log` : `${attempt.attempt}.log.${rotationSuffix(endMs + 5_000)}${file.gz ? '.gz' : ''}`;
    return { ...file, name, startMs: scale(file.startMs), endMs };
  });
}
