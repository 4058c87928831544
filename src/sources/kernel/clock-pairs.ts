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
 * year) is the model's work (model/clock-pairing.ts). Bounded: per file and side (MAX_FILES
 * files), the newest LINES_PER_FILE of the lines kept — all of a file's first LINES_PER_FILE,
 * then one in 64 chosen by a hash of the text, so that copies keep the same lines.
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

const LINES_PER_FILE = 1024;
const MAX_FILES = 16;
/** Enough of a message to tell lines apart; the rest is not kept. */
const KEY_CHARS = 200;
/** Two copies of one record show the same printk stamp; a float parse may differ in the last digit. */
const SAME_MONOTONIC = 1e-6;

/**
 * The newest LINES_PER_FILE kept messages of one side of one file, overwritten in a circle (this
 * runs for every kernel line: a line not kept costs a short hash).
 */
class Ring {
  private readonly texts: string[] = [];
  private readonly stamps: Stamp[] = [];
  private next = 0;
  private seen = 0;

  add(text: string, stamp: Stamp): void {
    // Past the first LINES_PER_FILE lines, one line in 2^SAMPLE_BITS is kept, chosen by its text,
    // so both copies keep the same lines.
    this.seen += 1;
    if (this.seen > LINES_PER_FILE && !sampled(text)) return;
    // Kept strings are copied: a slice keeps alive the whole string it was cut from (V8), and a
    // line is itself cut from a decoded chunk of the file (measured: +50 MiB RSS on 360 MB of
    // kernel logs when the slices were kept).
    const key = detach(text.trim().slice(0, KEY_CHARS));
    const kept: Stamp = { text: detach(stamp.text), monotonic: stamp.monotonic, utcMs: stamp.utcMs, local: stamp.local, bootId: stamp.bootId === null ? null : detach(stamp.bootId) };
    if (this.texts.length < LINES_PER_FILE) {
      this.texts.push(key);
      this.stamps.push(kept);
      return;
    }
    this.texts[this.next] = key;
    this.stamps[this.next] = kept;
    this.next = (this.next + 1) % LINES_PER_FILE;
  }

  /** Oldest first, by key. */
  *entries(): Iterable<[string, Stamp]> {
    for (let i = 0; i < this.texts.length; i += 1) {
      const at = (this.next + i) % this.texts.length;
      const key = this.texts[at]!;
      if (key !== '') yield [key, this.stamps[at]!];
    }
  }
}

/** One text in 2^SAMPLE_BITS (64) is kept: those whose mixed hash has its top bits zero. */
const SAMPLE_BITS = 6;
const HASHED_CHARS = 48;

/**
 * The same answer for the same text in any copy (trailing blanks left out): an FNV-1a hash of
 * its length and first HASHED_CHARS characters (where kernel lines put what varies: device,
 * pid, counter), one in 2^SAMPLE_BITS texts kept whatever their alphabet.
 */
function sampled(text: string): boolean {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) <= 0x20) end -= 1;
  let hash = Math.imul(0x811c9dc5 ^ end, 0x01000193);
  for (let i = 0, n = Math.min(end, HASHED_CHARS); i < n; i += 1) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return (hash ^ (hash >>> 15)) >>> (32 - SAMPLE_BITS) === 0;
}

interface FileSides {
  path: string;
  kind: ClockPairKind | null;
  monotonic: Ring;
  wall: Ring;
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
    if (wall) {
      sides.kind ??= kindOf(message);
      sides.wall.add(message.text, stamp);
    } else sides.monotonic.add(message.text, stamp);
  }

  /** Every pair, in file-name order (never the order the archive gave the files in). */
  result(): ClockPair[] {
    const files = [...this.files.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    const monotonic = new Map<string, Sided>();
    for (const file of files) for (const [key, stamp] of file.monotonic.entries()) remember(monotonic, key, stamp, sameMonotonic);
    const pairs: ClockPair[] = [];
    for (const file of files) {
      const walls = new Map<string, Sided>();
      for (const [key, stamp] of file.wall.entries()) remember(walls, key, stamp, sameWall);
      for (const [key, wall] of walls) {
        const mono = monotonic.get(key);
        if (!mono || mono.ambiguous || wall.ambiguous) continue;
        const { monotonic: seconds, bootId } = mono.stamp;
        // A syslog line that kept its printk stamp must show this one: else it is another boot's line.
        if (wall.stamp.monotonic !== null && Math.abs(wall.stamp.monotonic - seconds!) > SAME_MONOTONIC) continue;
        const { utcMs, local } = wall.stamp;
        pairs.push({ monotonic: seconds!, bootId, utcMs, local, resolutionMs: resolutionOf(wall.stamp), kind: file.kind ?? 'syslog' });
      }
    }
    return pairs;
  }

  private sides(path: string): FileSides | null {
    const known = this.files.get(path);
    if (known || this.files.size >= MAX_FILES) return known ?? null;
    const sides: FileSides = { path, kind: null, monotonic: new Ring(), wall: new Ring() };
    this.files.set(path, sides);
    return sides;
  }
}

interface Sided {
  stamp: Stamp;
  /** The text was seen more than once with different stamps: it cannot pair. */
  ambiguous: boolean;
}

function kindOf(message: KernelMessage): ClockPairKind {
  if (message.format === 'dmesg-ctime' || message.format === 'dmesg-iso') return 'dmesg-ctime';
  return message.format === 'journal' ? 'journal-text' : 'syslog';
}

/** A key seen again with another stamp becomes ambiguous. */
function remember(map: Map<string, Sided>, key: string, stamp: Stamp, same: (a: Stamp, b: Stamp) => boolean): void {
  const known = map.get(key);
  if (!known) map.set(key, { stamp, ambiguous: false });
  else if (!same(known.stamp, stamp)) known.ambiguous = true;
}

function sameMonotonic(a: Stamp, b: Stamp): boolean {
  return a.bootId === b.bootId && Math.abs(a.monotonic! - b.monotonic!) <= SAME_MONOTONIC;
}

function sameWall(a: Stamp, b: Stamp): boolean {
  return a.text === b.text;
}

/** A printed fraction of the second makes the wall side exact to the microsecond. */
function resolutionOf(stamp: Stamp): number {
  if (stamp.local) return stamp.local.micros !== 0 ? 0.001 : 1000;
  return stamp.utcMs !== null && stamp.utcMs % 1000 !== 0 ? 0.001 : 1000;
}
