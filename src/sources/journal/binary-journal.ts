/**
 * systemd's own journal file (`system.journal`, `user-1000@….journal~`), as found in a copy of
 * `/var/log/journal` or handed over alone. Its header starts with the signature `LPKSHHRH`
 * (systemd's journal-def.h); its objects may be compressed with xz, lz4 or zstd and its layout is
 * systemd's to change, so podmortem does not read it: it says so, and how to export it where
 * journalctl runs. One sentence for both cases (a lone file, a file inside a bundle).
 */
const JOURNAL_FILE_MAGIC = 'LPKSHHRH';

export function isBinaryJournal(head: Buffer): boolean {
  return head.length >= JOURNAL_FILE_MAGIC.length && head.toString('latin1', 0, JOURNAL_FILE_MAGIC.length) === JOURNAL_FILE_MAGIC;
}

/** `journal/…/system.journal` → "a binary systemd journal file, which podmortem cannot read; export it …". */
export function binaryJournalNotice(path: string): string {
  const stem = path.replace(/\.journal~?$/, '');
  return `a binary systemd journal file, which podmortem cannot read; export it where journalctl runs: journalctl --file ${path} -o export > ${stem}.export`;
}
