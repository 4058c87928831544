/**
 * The archive stream itself broke — truncated, a bad CRC, a corrupt deflate block, a bad tar or
 * zip structure — so reading ends there. Everything read before the break is still reported;
 * the message says where (the byte offset in the input file) and what failed.
 */
export class ArchiveBreakError extends Error {
  override readonly name = 'ArchiveBreakError';
  constructor(
    /** Offset in the input file (the compressed bytes for a tar.gz) where the break was found. */
    readonly atByte: number,
    readonly what: string,
    /** The offset is where the decoder had been fed to, not where it stopped (a child `xz`). */
    readonly approximate = false,
  ) {
    super(approximate ? `archive cut near byte ${atByte}: ${what}` : `archive cut at ${atByte} bytes: ${what}`);
  }
}
