/**
 * Exit codes and the one error type for bad input. Every stage throws BundleError for input the
 * user can fix (bad archive, bad flag, missing file); anything else is a bug in podmortem.
 */
export const ExitCode = {
  /** The report was written. */
  ok: 0,
  /** A bug in podmortem: the message asks the user to report it. */
  internalError: 1,
  /**
   * Bad input or usage: a missing or unreadable file, a corrupt archive, a bad flag, an output
   * that is not a regular file or cannot be written (disk full, read-only, no permission).
   */
  badInput: 2,
  /** The report was written and a finding at or above `--fail-on` exists. */
  failOn: 3,
  /** `podmortem collect`: some nodes gave no bundle (the others' bundles are written); the summary says why. */
  someNodesFailed: 4,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** Input the user can fix. The message is one line, shown as is, without a stack trace. */
export class BundleError extends Error {
  override readonly name = 'BundleError';
}

export function isBundleError(error: unknown): error is BundleError {
  return error instanceof BundleError;
}

/** A message safe to print on one terminal line: no control characters, bounded length. */
export function oneLine(text: string, max = 300): string {
  const flat = text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
