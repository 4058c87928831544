/** The sources stage as wired: every reader gets its files, and the cross-source routes work. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { detectInput, DEFAULT_LIMITS } from '../../src/archive/index.js';
import { readBundle } from '../../src/bundle/index.js';
import { CandidateReadings, type SourceData } from '../../src/sources/index.js';
import { tempDir, writeBundle } from '../helpers/bundle.js';

const BOOT = '3b5d0c1e7a2f4c8e9d105e6f7a8b9c0d';
const KILL = 'Memory cgroup out of memory: Killed process 41234 (java) total-vm:1204080kB, anon-rss:523012kB, file-rss:2596kB, shmem-rss:0kB, UID:1000 pgtables:1196kB oom_score_adj:968';

/** One journal export entry in the text form (`journalctl -o export`). */
function exportEntry(fields: Record<string, string>): string {
  return `${Object.entries(fields)
    .map(([key, value]) => `${key}=${value}`)
    .join('\n')}\n\n`;
}

let sources: SourceData;
let work: Awaited<ReturnType<typeof tempDir>>;

beforeAll(async () => {
  work = await tempDir();
  const path = await writeBundle(
    join(work.path, 'bundle.tar.gz'),
    {
      'journal/kernel.export': exportEntry({
        __REALTIME_TIMESTAMP: '1795770914301290',
        __MONOTONIC_TIMESTAMP: '86412301290',
        _BOOT_ID: BOOT,
        _TRANSPORT: 'kernel',
        PRIORITY: '3',
        SYSLOG_IDENTIFIER: 'kernel',
        _SOURCE_MONOTONIC_TIMESTAMP: '86412301290',
        MESSAGE: KILL,
      }),
      'kernel/messages':
        'Nov 27 09:15:14 worker-3 kubelet[1025]: E1127 09:15:14.100000    1025 kubelet.go:2412] "PLEG is not healthy" pleg="pleg was last seen active 3m0.5s ago; threshold is 3m0s"\n',
    },
    'tar.gz',
  );
  const reading = new CandidateReadings();
  const { inventory: bundleInventory } = await readBundle(await detectInput(path), DEFAULT_LIMITS, (file) => reading.read(file));
  sources = reading.finish(bundleInventory);
});
afterAll(async () => work.remove());

describe('SourceReading', () => {
  it('hands journal kernel entries to the kernel OOM assembler', () => {
    expect(sources.kernel.oomEvents).toHaveLength(1);
    expect(sources.kernel.oomEvents[0]).toMatchObject({ file: 'journal/kernel.export', victims: [expect.objectContaining({ pid: 41234, comm: 'java', oomScoreAdj: 968 })] });
    expect(sources.kernel.oomEvents[0]?.stamp).toMatchObject({ monotonic: 86412.30129, bootId: BOOT });
  });

  it('anchors the boot from the journal', () => {
    expect(sources.journal.boots).toEqual([expect.objectContaining({ bootId: BOOT })]);
  });

  it('classifies kubelet lines found in a syslog file with the journal events', () => {
    expect(sources.journal.events).toEqual([expect.objectContaining({ kind: 'pleg-unhealthy', evidence: { file: 'kernel/messages', line: 1 } })]);
  });

  it('has a result for every reader, and no parse issues for good input', () => {
    expect(sources.parseIssues).toEqual([]);
    expect(sources.manifest).toBeNull();
    expect(sources.podLogs.attempts).toEqual([]);
  });
});
