/**
 * `uname -a`: kernel name, host name, kernel release, the kernel's build version (free text with
 * spaces), then machine, processor and platform (GNU; `unknown` or absent elsewhere) and the
 * operating system. Sample (Ubuntu 18.04 on AWS):
 *
 *   Linux ip-172-31-89-98 5.4.0-1045-aws #47~18.04.1-Ubuntu SMP Tue Apr 13 15:58:14 UTC 2021 x86_64 x86_64 x86_64 GNU/Linux
 *
 *   → { kernelName: 'Linux', hostname: 'ip-172-31-89-98', kernelRelease: '5.4.0-1045-aws',
 *       kernelVersion: '#47~18.04.1-Ubuntu SMP Tue Apr 13 15:58:14 UTC 2021', machine: 'x86_64', operatingSystem: 'GNU/Linux' }
 */
import type { SourceFile } from '../source-reader.js';
import { splitWords } from '../stats/columns.js';
import { createLineReader, type LineParser, type ReportIssue } from '../stats/line-reader.js';

export interface UnameInfo {
  file: string;
  /** The whole line as printed. */
  text: string;
  kernelName: string;
  hostname: string | null;
  kernelRelease: string | null;
  kernelVersion: string | null;
  /** `x86_64`, `aarch64` …: the CPU architecture. */
  machine: string | null;
  operatingSystem: string | null;
}

const ARCH = /^(?:x86_64|amd64|i[3-6]86|aarch64|arm64|armv\d+\w*|ppc64(?:le)?|s390x|riscv64|mips\w*|loongarch64|sparc64)$/;

export function createUnameReader() {
  return createLineReader(startUname, (info) => info === null);
}

export function startUname(file: SourceFile, report: ReportIssue): LineParser<UnameInfo | null> {
  let info: UnameInfo | null = null;
  return {
    line(text, lineNo) {
      if (text.trim() === '') return;
      if (info) return report(lineNo, 'more than one line in uname output: ignored');
      info = readUname(file.path, text.trim());
      if (!info) report(lineNo, 'not uname -a output');
    },
    finish() {
      if (!info) report(null, 'no uname line found');
      return info;
    },
  };
}

function readUname(file: string, text: string): UnameInfo | null {
  const words = splitWords(text);
  if (words.length < 3 || /[=:]$/.test(words[0]!)) return null;
  const machineAt = words.findIndex((word, index) => index >= 3 && ARCH.test(word));
  const last = words[words.length - 1]!;
  const operatingSystem = words.length > 3 && /linux|gnu/i.test(last) && last !== words[2] ? last : null;
  const versionEnd = machineAt === -1 ? words.length - (operatingSystem ? 1 : 0) : machineAt;
  return {
    file,
    text,
    kernelName: words[0]!,
    hostname: words[1]!,
    kernelRelease: words[2]!,
    kernelVersion: versionEnd > 3 ? words.slice(3, versionEnd).join(' ') : null,
    machine: machineAt === -1 ? null : words[machineAt]!,
    operatingSystem,
  };
}
