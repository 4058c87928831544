/** Flag values shared by the commands: parsed once, refused with commander's one-line error. */
import { InvalidArgumentError } from 'commander';

/** `--jobs`, `--parallel`, `--max-entries`, `--max-ratio`: a whole number of at least 1. */
export function parseCount(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new InvalidArgumentError('expected a whole number of at least 1.');
  return Number(value);
}
