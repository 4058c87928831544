/**
 * The redaction's awk runs without a watchdog of its own when a timeout tool exists (one process
 * group and three processes fewer per item): a redaction that never ends must still be stopped at
 * --timeout, its item's text dropped (unredacted text never reaches the bundle), and the run must
 * go on and leave no process behind. Without a timeout tool the watchdog stops it, as before.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { archiveIn, commandPath, copySampleRoot, item, NOW, openBundle, runCollector, scratch, SHELLS, toolFarm } from './helpers/collector.js';

/** The item whose redaction hangs; every other awk call is the real awk. */
const HUNG_ITEM = 'system/os-release';

/** An awk that, asked to redact HUNG_ITEM, sleeps instead (TERM ends it, as it ends a spinning awk). */
function hangingAwk(realAwk: string): string {
  return `case "$*" in
*JOURNAL=*${HUNG_ITEM}) : >"$PM_FAULT_DIR/redact-started"; exec sleep 3004 ;;
esac
exec ${realAwk} "$@"
`;
}

/** PIDs whose environment carries the run's marker. */
async function marked(marker: string): Promise<string[]> {
  const found: string[] = [];
  for (const pid of (await readdir('/proc')).filter((name) => /^\d+$/.test(name))) {
    const environ = await readFile(`/proc/${pid}/environ`, 'latin1').catch(() => '');
    if (environ.includes(marker)) found.push(pid);
  }
  return found;
}

const CASES = SHELLS.filter((shell) => shell.available).flatMap((shell) => [
  { label: `${shell.name} with timeout`, shell: shell.name, omit: [] as string[] },
  { label: `${shell.name} without timeout`, shell: shell.name, omit: ['timeout'] },
]);

describe.concurrent('a redaction that never ends', () => {
  it.for(CASES)('$label: stopped at --timeout, the item emptied, the run goes on', { timeout: 120_000 }, async ({ shell, omit }, context) => {
    const { dir, remove } = await scratch('redact-hang');
    context.onTestFinished(remove);
    const root = await copySampleRoot('oom-burstable-containerd', join(dir, 'root'));
    const out = join(dir, 'out');
    await mkdir(out);
    const realAwk = shell === 'busybox' ? '/usr/bin/busybox awk' : commandPath('awk');
    const path = await toolFarm(join(dir, 'bin'), shell, { omit, fakeDirs: [join(root, '.tools')], fakes: { awk: hangingAwk(realAwk) } });
    const marker = `pm-redact-hang-${randomUUID()}`;
    const env = { PODMORTEM_NOW: String(NOW), PM_FAULT_DIR: dir, PM_FAULT_MARK: marker };
    const run = await runCollector({ shell, path, env, args: ['--root', root, '--output-dir', out, '--timeout', '2'] });
    let left = await marked(marker);
    for (let i = 0; i < 30 && left.length > 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      left = await marked(marker);
    }
    for (const pid of left) process.kill(Number(pid), 'SIGKILL');
    expect(run.code).toBe(0);
    expect(await readdir(dir)).toContain('redact-started');
    expect(run.stderr).toContain(`redaction failed or ran over 2 s for ${HUNG_ITEM}: its content was dropped`);
    const bundle = await openBundle(await readFile(await archiveIn(out)));
    expect(item(bundle, HUNG_ITEM)).toMatchObject({ bytes: 0 });
    expect(bundle.files.get(HUNG_ITEM)?.length ?? 0).toBe(0);
    // The items after it are collected and redacted as usual.
    expect(item(bundle, 'system/uname.txt')).toMatchObject({ status: 'ok' });
    expect(bundle.manifest.redactions).toContainEqual({ path: 'runtime/containerd-config.toml', count: 1 });
    expect(left).toEqual([]);
  });
});
