/**
 * `kubectl debug node/<name>` mode: the host is mounted at /host (here a fake tree named by the
 * PODMORTEM_HOST_MOUNT test hook). Host commands go through chroot, else nsenter, else the
 * collector reads files only and says so.
 */
import { chmod, copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copySampleRoot, item, NOW, openBundle, runCollector, scratch, SHELLS, toolFarm } from './helpers/collector.js';
import { expectConsoleSummary } from './helpers/console-summary.js';

const shells = SHELLS.filter((shell) => shell.available);

let dir: string;
let remove: () => Promise<void>;
beforeEach(async () => {
  ({ dir, remove } = await scratch('debug'));
});
afterEach(async () => remove());

/** A chroot or nsenter that works: it logs its arguments and runs the command (ignoring the root). */
function passThrough(skip: number): string {
  return `printf '%s\\n' "$*" >>"$PODMORTEM_TEST_LOG"\nshift ${skip}\nexec "$@"\n`;
}

/** The host's own tools, where chroot mode looks for them (/host/usr/bin/<tool>). */
async function installHostTools(host: string): Promise<void> {
  await mkdir(join(host, 'usr/bin'), { recursive: true });
  for (const tool of ['dmesg', 'top', 'vmstat', 'iostat', 'ss', 'ip', 'free', 'df', 'uname', 'journalctl', 'crictl']) {
    await copyFile(join(host, '.tools', tool), join(host, 'usr/bin', tool));
    await chmod(join(host, 'usr/bin', tool), 0o755);
  }
  await mkdir(join(host, 'var/tmp'), { recursive: true });
}

/** The bundle the collector left in the host's /var/tmp (where a debug pod run writes it). */
async function bundleInVarTmp(host: string): ReturnType<typeof openBundle> {
  const name = (await readdir(join(host, 'var/tmp'))).find((entry) => entry.endsWith('.tar.gz'))!;
  return openBundle(await readFile(join(host, 'var/tmp', name)));
}

describe.each(shells)('debug pod mode under $name', ({ name }) => {
  it('falls back to read-only file collection when chroot and nsenter are denied, and says so (sizes in binary units, the next step last)', async () => {
    const host = await copySampleRoot('debug-pod-minimal', join(dir, 'host'));
    const tools = await toolFarm(join(dir, 'bin'), name, { fakeDirs: [join(host, '.tools')] });
    const result = await runCollector({ shell: name, path: tools, args: ['--timeout', '5'], env: { PODMORTEM_NOW: String(NOW), PODMORTEM_HOST_MOUNT: host } });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`podmortem-collect: warning: chroot ${host} was denied (chroot: cannot change root directory to '${host}': Operation not permitted)`);
    expect(result.stderr).toContain('for a complete bundle run it in: kubectl debug node/gke-shop-pool-2-8f3a1c2d-x9z1 -it --profile=sysadmin');

    const archive = join(host, 'var/tmp/podmortem-gke-shop-pool-2-8f3a1c2d-x9z1-20261127T101502Z.tar.gz');
    expect(await readdir(join(host, 'var/tmp'))).toContain('podmortem-gke-shop-pool-2-8f3a1c2d-x9z1-20261127T101502Z.tar.gz');
    expect(result.stdout.toString()).toContain(`kubectl cp <namespace>/<debug-pod>:${archive} ./podmortem-gke-shop-pool-2-8f3a1c2d-x9z1-20261127T101502Z.tar.gz -c <container>`);

    // What the console says is checked as for the --root runs of console.test.ts, on this run.
    await expectConsoleSummary(result, archive);

    const bundle = await openBundle(await readFile(archive));
    expect(bundle.manifest.collection).toMatchObject({ mode: 'read-only', root: host });
    expect(item(bundle, 'runtime/crictl-ps.json')).toMatchObject({ status: 'missing', note: 'read-only mode: host command crictl not run' });
    expect(item(bundle, 'stats/df.txt')).toMatchObject({ status: 'missing', note: 'read-only mode: host command df not run' });
    expect(item(bundle, 'journal/kubelet.export')).toMatchObject({ status: 'missing', note: 'journalctl not found in the debug image (read-only mode)' });
    // Files of the host, and the pod's own tools that see the host's kernel, PIDs and network.
    for (const path of ['stats/ps.txt', 'cgroup/kubepods.slice', 'containers.txt', 'kernel/dmesg.txt', 'stats/top.txt', 'stats/netstat-tulpn.txt']) {
      expect(item(bundle, path).status).toBe('ok');
    }
    expect(bundle.files.get('stats/ps.txt')?.toString()).toContain('1204\t1\tS\t0\t91204\t2012044\t-999\tkubelet\t/system.slice/kubelet.service\t/home/kubernetes/bin/kubelet');
    expect(bundle.manifest.missingTools).toEqual(['vmstat', 'iostat', 'journalctl']);
  });

  it('runs host commands through chroot /host when it is allowed', async () => {
    const host = await copySampleRoot('oom-burstable-containerd', join(dir, 'host'));
    await installHostTools(host);
    const log = join(dir, 'chroot.log');
    const tools = await toolFarm(join(dir, 'bin'), name, { fakeDirs: [join(host, '.tools')], fakes: { chroot: passThrough(1) } });
    const result = await runCollector({ shell: name, path: tools, args: ['--timeout', '5'], env: { PODMORTEM_NOW: String(NOW), PODMORTEM_HOST_MOUNT: host, PODMORTEM_TEST_LOG: log } });
    expect(result.code).toBe(0);
    const calls = (await readFile(log, 'utf8')).trimEnd().split('\n');
    expect(calls[0]).toBe(`${host} /bin/sh -c exit 0`);
    expect(calls).toContain(`${host} crictl ps -a -o json`);
    expect(calls).toContain(`${host} dmesg`);
    expect(calls).toContain(`${host} journalctl -o export --no-pager --since 2026-11-25 10:15:02 UTC --until 2026-11-27 10:15:02 UTC _TRANSPORT=kernel`);
    // Files are read from /host directly, never through chroot.
    expect(calls.filter((call) => / (cat|head|tail|sh) /.test(call))).toEqual([]);
    const bundle = await bundleInVarTmp(host);
    expect(bundle.manifest.collection).toMatchObject({ mode: 'chroot', root: host });
    expect(bundle.manifest.items.filter((entry) => entry.status !== 'ok').map((entry) => entry.path)).toEqual(['kernel/*', 'runtime/crio.conf']);
  });

  // A noexec /host (or a security module) makes `[ -x /host/usr/bin/df ]` false in the pod, which
  // is why chroot failed; nsenter runs df in PID 1's mount namespace all the same. One run shows
  // both: the tools that keep their x bit and those that lost it all run through nsenter.
  it('uses nsenter into PID 1 when chroot is denied, and runs host tools the pod may not execute under /host', async () => {
    const host = await copySampleRoot('oom-burstable-containerd', join(dir, 'host'));
    await installHostTools(host);
    const NOT_EXECUTABLE = ['uname', 'df', 'crictl', 'journalctl'];
    for (const tool of NOT_EXECUTABLE) await chmod(join(host, 'usr/bin', tool), 0o644);
    const log = join(dir, 'nsenter.log');
    const chrootDenied = `echo "chroot: failed to run command '/bin/sh': Permission denied" >&2\nexit 126\n`;
    const tools = await toolFarm(join(dir, 'bin'), name, { fakeDirs: [join(host, '.tools')], fakes: { chroot: chrootDenied, nsenter: passThrough(7) } });
    const result = await runCollector({ shell: name, path: tools, args: ['--timeout', '5'], env: { PODMORTEM_NOW: String(NOW), PODMORTEM_HOST_MOUNT: host, PODMORTEM_TEST_LOG: log } });
    expect(result.code).toBe(0);
    const calls = (await readFile(log, 'utf8')).split('\n');
    expect(calls).toContain('-t 1 -m -u -i -n -p crictl pods -o json');
    expect(calls).toContain('-t 1 -m -u -i -n -p dmesg');
    const bundle = await bundleInVarTmp(host);
    expect(bundle.manifest.collection.mode).toBe('nsenter');
    expect(bundle.manifest.missingTools).toEqual([]);
    for (const path of ['system/uname.txt', 'stats/df.txt', 'runtime/crictl-ps.json', 'runtime/crictl-pods.json', 'journal/kubelet.export', 'kernel/dmesg.txt', 'stats/top.txt']) {
      expect({ path, status: item(bundle, path).status }).toEqual({ path, status: 'ok' });
    }
  });

  // journald keeps the journal in /run/log/journal when it is volatile or not yet flushed, while
  // packages create an empty /var/log/journal.
  it.each([
    { holding: ['run/log/journal'], read: '/run/log/journal' },
    { holding: ['var/log/journal', 'run/log/journal'], read: '/var/log/journal' },
  ])('in read-only mode, reads the journal folder that holds journal files: $holding -> $read', async ({ holding, read }) => {
    const host = await copySampleRoot('debug-pod-minimal', join(dir, 'host'));
    for (const folder of holding) {
      await mkdir(join(host, folder, '5e1f2a3b4c5d6e7f8091a2b3c4d5e6f7'), { recursive: true });
      await writeFile(join(host, folder, '5e1f2a3b4c5d6e7f8091a2b3c4d5e6f7/system.journal'), '');
    }
    const log = join(dir, 'journalctl.log');
    const tools = await toolFarm(join(dir, 'bin'), name, { fakeDirs: [join(host, '.tools')], fakes: { journalctl: `printf '%s\\n' "$*" >>"$PODMORTEM_TEST_LOG"\n` } });
    const result = await runCollector({ shell: name, path: tools, args: ['--timeout', '5'], env: { PODMORTEM_NOW: String(NOW), PODMORTEM_HOST_MOUNT: host, PODMORTEM_TEST_LOG: log } });
    expect(result.code).toBe(0);
    expect((await readFile(log, 'utf8')).split('\n')).toContain(`-D ${host}${read} -o export --no-pager --since 2026-11-25 10:15:02 UTC --until 2026-11-27 10:15:02 UTC _TRANSPORT=kernel`);
    const bundle = await openBundle(await readFile(join(host, 'var/tmp/podmortem-gke-shop-pool-2-8f3a1c2d-x9z1-20261127T101502Z.tar.gz')));
    expect(item(bundle, 'journal/kernel.export')).toMatchObject({
      status: 'ok',
      what: `journalctl -D ${read} -o export --no-pager --since '2026-11-25 10:15:02 UTC' --until '2026-11-27 10:15:02 UTC' _TRANSPORT=kernel`,
    });
  });
});
