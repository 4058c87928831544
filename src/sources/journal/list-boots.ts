/**
 * `journalctl --list-boots` (system/journal-boots.txt): which boots the journal holds and when each
 * began and ended. systemd ≥ 251 prints a header and columns; older versions print one line per
 * boot with an em dash between the first and last entry (systemd issues #2884, #27422):
 *
 *   IDX BOOT ID                          FIRST ENTRY                 LAST ENTRY
 *     0 e66375b30f6145f2a3df737bac559bc9 Sat 2026-11-28 04:15:55 UTC Sat 2026-11-28 04:16:19 UTC
 *   -1 3b5d1e2c7a8f4e0d9c6b5a4f3e2d1c0b Wed 2023-04-26 18:47:58 CEST—Wed 2023-04-26 16:50:59 CEST
 *   → { index: 0, bootId: 'e663…', first: { utcMs: … }, last: { utcMs: … } },
 *     { index: -1, bootId: '3b5d…', first: { local: { year: 2023, … } }, … }   (CEST is not a zone we can resolve)
 */
import type { IssueLog, SourceFile, SourceReader } from '../source-reader.js';
import type { Stamp } from '../stamp.js';
import { readSmallFile } from '../../util/read-small.js';
import { splitLines } from '../lines.js';
import { parseFullTime } from './text-line.js';

export interface ListedBoot {
  /** 0 = the boot the list was made in, -1 the one before, … */
  index: number;
  bootId: string;
  first: Stamp | null;
  last: Stamp | null;
  line: number;
}

const TIME = '[A-Z][a-z]{2} \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)?(?: [A-Za-z][\\w/+-]*| [+-]\\d\\d:?\\d\\d)?';
const BOOT_LINE = new RegExp(`^\\s*(-?\\d+)\\s+([0-9a-f]{32})\\s+(${TIME}|n/a)\\s*(?:—|\\s)\\s*(${TIME}|n/a)\\s*$`);
const MAX_BOOTS_FILE = 4 * 1024 * 1024;

export function parseListBoots(text: string, warn: (line: number, message: string) => void): ListedBoot[] {
  const boots: ListedBoot[] = [];
  splitLines(text).forEach((raw, index) => {
    const line = raw.trimEnd();
    if (line === '' || /^\s*IDX\s+BOOT ID/.test(line) || /^-- No entries --$|^No boots found/i.test(line.trim())) return;
    const m = BOOT_LINE.exec(line);
    if (!m) {
      warn(index + 1, `not a --list-boots line: ${line.slice(0, 80)}`);
      return;
    }
    boots.push({ index: Number(m[1]), bootId: m[2] as string, first: timeOf(m[3]), last: timeOf(m[4]), line: index + 1 });
  });
  return boots;
}

function timeOf(text: string | undefined): Stamp | null {
  return text && text !== 'n/a' ? parseFullTime(text) : null;
}

/** Reader for the `journalBoots` source. */
export function createJournalBootsReader(): SourceReader<ListedBoot[]> {
  let boots: ListedBoot[] = [];
  return {
    async read(file: SourceFile, content: AsyncIterable<Buffer>, issues: IssueLog) {
      const report = issues.forFile(file);
      const { text, cut } = await readSmallFile(content, MAX_BOOTS_FILE);
      if (cut) report(null, `larger than ${MAX_BOOTS_FILE} bytes: read the first part only`);
      boots = parseListBoots(text, report);
    },
    result: () => boots,
  };
}
