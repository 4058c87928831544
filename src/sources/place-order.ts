/**
 * One order for records that the archive's entry order cannot change: by file name, then line
 * (DESIGN.md "Order never matters"). Files reach the readers in archive order, so any list a
 * reader fills from several files is put in this order before it leaves the sources stage.
 */

/** Code-unit order, the same on every machine and locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export interface Place {
  file: string;
  line: number | null;
}

export function comparePlaces(a: Place, b: Place): number {
  return compareText(a.file, b.file) || (a.line ?? 0) - (b.line ?? 0);
}
