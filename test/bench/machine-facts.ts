/** The machine a bench ran on, printed with its figures so they can be compared later. */
import { execFileSync } from 'node:child_process';
import { cpus, freemem, release, totalmem } from 'node:os';
import { statfsSync } from 'node:fs';

export interface MachineFacts {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  freeMemoryGiB: number;
  kernel: string;
  node: string;
  tar: string;
  gzip: string;
  /** Free space where the generated data goes. */
  freeDiskGiB: number | null;
}

function firstLine(command: string, args: string[]): string {
  try {
    return (
      execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
        .split('\n')[0]
        ?.trim() ?? 'unknown'
    );
  } catch {
    return 'not found';
  }
}

export function machineFacts(dataDir: string): MachineFacts {
  const gib = (bytes: number) => Math.round((bytes / 1024 ** 3) * 10) / 10;
  let freeDiskGiB: number | null = null;
  try {
    const fs = statfsSync(dataDir);
    freeDiskGiB = gib(fs.bavail * fs.bsize);
  } catch {
    freeDiskGiB = null;
  }
  return {
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    cores: cpus().length,
    memoryGiB: gib(totalmem()),
    freeMemoryGiB: gib(freemem()),
    kernel: `Linux ${release()}`,
    node: process.version,
    tar: firstLine('tar', ['--version']),
    gzip: firstLine('gzip', ['--version']),
    freeDiskGiB,
  };
}

export function describeMachine(facts: MachineFacts): string {
  return [
    `machine: ${facts.cpuModel}, ${facts.cores} cores, ${facts.memoryGiB} GiB RAM (${facts.freeMemoryGiB} free), ${facts.kernel}`,
    `tools:   node ${facts.node}, ${facts.tar}, ${facts.gzip}${facts.freeDiskGiB === null ? '' : `, ${facts.freeDiskGiB} GiB free disk for data`}`,
  ].join('\n');
}
