/**
 * The live tests' last step: run the real collector on this machine (dash, host mode, the last
 * hour) and the real analyzer on its archive, and return the JSON report with a way to remove the
 * scratch folder.
 */
import { join } from 'node:path';
import { archiveIn, runCollector, scratch } from '../collector/helpers/collector.js';
import { LIVE_COMMAND_LIMIT_SECONDS } from '../collector/helpers/live-run.js';
import { runPodmortem } from './cli.js';

/** The report's JSON, read loosely by the tests. */
export type LiveReport = { oomKills: Record<string, any>[]; oomKillDetails: Record<string, any>[] };

export async function collectAndAnalyze(label: string): Promise<{ report: LiveReport; remove: () => Promise<void> }> {
  const work = await scratch(label);
  try {
    const run = await runCollector({
      shell: 'dash',
      path: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin',
      args: ['--output-dir', work.dir, '--since', '1h', '--budget', '64M', '--max-journal-size', '1M', '--timeout', String(LIVE_COMMAND_LIMIT_SECONDS)],
    });
    if (run.code !== 0) throw new Error(`collector exited ${run.code}: ${run.stderr}`);
    const analyzed = await runPodmortem(['analyze', await archiveIn(work.dir), '-o', join(work.dir, 'r.html'), '--json', '-', '--quiet']);
    if (analyzed.code !== 0) throw new Error(`analyzer exited ${analyzed.code}: ${analyzed.stderr}`);
    return { report: JSON.parse(analyzed.stdout) as LiveReport, remove: work.remove };
  } catch (error) {
    await work.remove();
    throw error;
  }
}
