/**
 * The same kernel line seen in two copies, one with the printk clock and one with the wall clock,
 * ties that boot's monotonic zero to the wall clock when nothing else does (a sos report, an EKS
 * or Rancher bundle, a `/var/log` copy: no podmortem manifest). Pairs, by the message text:
 *
 *   raw dmesg   `[  931.472465] Memory cgroup out of memory: Killed process 6519 (python3) …`
 *   dmesg -T    `[Sat Nov 28 04:13:10 2026] Memory cgroup out of memory: Killed process 6519 …`
 *     → { monotonic: 931.472465, wall: local 2026-11-28 04:13:10, kind: 'dmesg-ctime' }
 *   kern.log    `Nov 28 04:13:10 worker-3 kernel: [  931.472465] Memory cgroup out of memory: …`
 *     → { monotonic: 931.472465, wall: local Nov 28 04:13:10 (no year), kind: 'syslog' }
 *   journalctl  `Nov 28 04:13:10 worker-3 kernel: Memory cgroup out of memory: …` (short text)
 *     → { kind: 'journal-text' }
 *
 * The monotonic side names the boot (a raw dmesg line: the boot the bundle was taken in); a
 * syslog line that shows its own `[seconds]` must match them too, so a line of an older boot in
 * a rotated kern.log is not taken for one of this boot. Turning the wall side into UTC (zone,
 * year) is the model's work (model/clock-pairing.ts). Bounded: the last LINES_PER_FILE distinct
 * texts of each file on each side (copies taken together share their newest lines), MAX_FILES files.
 */
import type { LocalTime, Stamp } from '../stamp.js';
import type { KernelMessage } from './kernel-message.js';
import { detach } from '../keep-text.js';

export type ClockPairKind = 'dmesg-ctime' | 'syslog' | 'journal-text';

export interface ClockPair {
  /** printk seconds since boot, from the monotonic copy. */
  monotonic: number;
  /** The boot of the monotonic copy; null for raw dmesg (the boot the bundle was taken in). */
  bootId: string | null;
  /** Wall time of the other copy: exact when it printed a zone, else node-local fields. */
  utcMs: number | null;
  local: LocalTime | null;
  /** How finely the wall side is printed: 1000 for whole seconds. */
  resolutionMs: number;
  kind: ClockPairKind;
}

const LINES_PER_FILE = 4096;
const MAX_FILES = 32;
/** Enough of a message to tell lines apart; the rest is not kept. */
const KEY_CHARS = 200;
/** Two copies of one record show the same printk stamp; a float parse may differ in the last digit. */
const SAME_MONOTONIC = 1e-6;

interface MonotonicSide {
  monotonic: number;
  bootId: string | null;
  /** The text was seen more than once with different stamps: it cannot pair. */
  ambiguous: boolean;
}

interface WallSide {
  stamp: Stamp;
  kind: ClockPairKind;
  ambiguous: boolean;
}

interface FileSides {
  path: string;
  monotonic: Map<string, MonotonicSide>;
  wall: Map<string, WallSide>;
}

export class ClockPairSampler {
  private readonly files = new Map<string, FileSides>();

  note(message: KernelMessage): void {
    const { stamp } = message;
    const wall = stamp.utcMs !== null || stamp.local !== null;
    // Journal export/json entries carry both clocks with a boot id: the journal reader anchors them.
    if (stamp.bootId !== null && wall && stamp.monotonic !== null) return;
    if (!wall && stamp.monotonic === null) return;
    const sides = this.sides(message.file);
    if (!sides) return;
    const key = message.text.trim().slice(0, KEY_CHARS);
    if (key === '') return;
    // Kept strings are detached: a slice would keep its whole line (up to 64 KiB) alive.
    if (wall) remember(sides.wall, key, { stamp, kind: kindOf(message), ambiguous: false }, sameWall, (side) => ({ ...side, stamp: { ...side.stamp, text: detach(side.stamp.text) } }));
    else remember(sides.monotonic, key, { monotonic: stamp.monotonic!, bootId: stamp.bootId, ambiguous: false }, sameMonotonic, (side) => side);
  }

  /** Every pair, in file-name order (never the order the archive gave the files in). */
  result(): ClockPair[] {
    const files = [...this.files.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    const monotonic = new Map<string, MonotonicSide>();
    for (const file of files) for (const [key, side] of file.monotonic) remember(monotonic, key, side, sameMonotonic, (kept) => kept, Infinity);
    const pairs: ClockPair[] = [];
    for (const file of files) {
      for (const [key, wall] of file.wall) {
        const mono = monotonic.get(key);
        if (!mono || mono.ambiguous || wall.ambiguous) continue;
        // A syslog line that kept its printk stamp must show this one: else it is another boot's line.
        if (wall.stamp.monotonic !== null && Math.abs(wall.stamp.monotonic - mono.monotonic) > SAME_MONOTONIC) continue;
        pairs.push({
          monotonic: mono.monotonic,
          bootId: mono.bootId,
          utcMs: wall.stamp.utcMs,
          local: wall.stamp.local,
          resolutionMs: resolutionOf(wall.stamp),
          kind: wall.kind,
        });
      }
    }
    return pairs;
  }

  private sides(path: string): FileSides | null {
    const known = this.files.get(path);
    if (known || this.files.size >= MAX_FILES) return known ?? null;
    const sides: FileSides = { path, monotonic: new Map(), wall: new Map() };
    this.files.set(path, sides);
    return sides;
  }
}

function kindOf(message: KernelMessage): ClockPairKind {
  if (message.format === 'dmesg-ctime' || message.format === 'dmesg-iso') return 'dmesg-ctime';
  return message.format === 'journal' ? 'journal-text' : 'syslog';
}

/** Keeps the newest `limit` distinct keys; a key seen again with another stamp becomes ambiguous. */
function remember<T extends { ambiguous: boolean }>(map: Map<string, T>, key: string, value: T, same: (a: T, b: T) => boolean, keep: (value: T) => T, limit = LINES_PER_FILE): void {
  const known = map.get(key);
  if (known) {
    // Moved to the newest end; the key stored anew, so detached again.
    map.delete(key);
    map.set(detach(key), same(known, value) && !value.ambiguous ? known : { ...known, ambiguous: true });
    return;
  }
  map.set(detach(key), keep(value));
  if (map.size > limit) map.delete(map.keys().next().value as string);
}

function sameMonotonic(a: MonotonicSide, b: MonotonicSide): boolean {
  return a.bootId === b.bootId && Math.abs(a.monotonic - b.monotonic) <= SAME_MONOTONIC;
}

function sameWall(a: WallSide, b: WallSide): boolean {
  return a.stamp.text === b.stamp.text;
}

/** A printed fraction of the second makes the wall side exact to the microsecond. */
function resolutionOf(stamp: Stamp): number {
  if (stamp.local) return stamp.local.micros !== 0 ? 0.001 : 1000;
  return stamp.utcMs !== null && stamp.utcMs % 1000 !== 0 ? 0.001 : 1000;
}
