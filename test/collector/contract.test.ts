/**
 * The contract: the real collector, run by dash and by busybox sh against a fake node root
 * (samples/roots/oom-burstable-containerd with secrets planted and three broken tools), writes
 * an archive whose paths are the layout table's and whose manifest says what went wrong.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAYOUT, matchSource, SOURCE_IDS, type SourceId } from '../../src/bundle/index.js';
import { archiveIn, copySampleRoot, item, NOW, openBundle, runCollector, scratch, SHELLS, toolFarm, type CollectedBundle, type CollectorRun } from './helpers/collector.js';

/** Collected files the layout table does not know yet (proposed to the lead). */
const PROPOSED_PATHS = ['system/kubelet-unit.txt', 'system/kubelet-kubeconfig.yaml'];

const API_LOGS = 'var/log/pods/shop_checkout-7d9f8b6c5-x2x9q_6f1e2d3c-4b5a-4978-8c1d-2e3f4a5b6c7d/api';

/** Secret values planted in the fake node; none may reach the bundle. */
const SECRETS = [
  'PLANTED-kubeconfig-token',
  'UExBTlRFRC1jbGllbnQta2V5',
  'PLANTED-pem-body',
  'q7x9zk.4f8e2d1c0b9a8f7e',
  'PLANTEDbearer0123456789',
  'PLANTED-url-pass',
  'PLANTED-proc-password',
  'PLANTED-proc-token',
  'PLANTED-flag-secret',
  'pull-Secret-9f8e7d',
  'db-Secret-5c4b3a',
];

async function put(root: string, path: string, data: string | Buffer): Promise<void> {
  await mkdir(dirname(join(root, path)), { recursive: true });
  await writeFile(join(root, path), data);
}

async function plantSecrets(root: string): Promise<void> {
  await put(
    root,
    'etc/kubernetes/kubelet.conf',
    `apiVersion: v1
kind: Config
clusters:
- cluster:
    server: https://10.0.0.10:6443
  name: kubernetes
users:
- name: system:node:worker-3
  user:
    token: PLANTED-kubeconfig-token
    client-key-data: UExBTlRFRC1jbGllbnQta2V5
`,
  );
  await put(
    root,
    'etc/crio/crio.conf.d/10-mirror.conf',
    `[crio.image]
registries = ["https://mirror-user:PLANTED-url-pass@mirror.shop.example.com"]
# an inline key that should never have been here
-----BEGIN EC PRIVATE KEY-----
PLANTED-pem-body
-----END EC PRIVATE KEY-----
`,
  );
  await put(
    root,
    'etc/default/kubelet',
    `KUBELET_EXTRA_ARGS="--node-labels=tier=shop --bootstrap-token=q7x9zk.4f8e2d1c0b9a8f7e"
API_AUTH="Bearer PLANTEDbearer0123456789"
`,
  );
  const cmdline = (args: string[]) => Buffer.from(args.map((arg) => `${arg}\0`).join(''));
  await writeFile(join(root, 'proc/53011/cmdline'), cmdline(['java', '-jar', '/app/checkout.jar', '--db.password=PLANTED-proc-password', '--api-token', 'PLANTED-proc-token']));
  const kubelet = (await readFile(join(root, 'proc/812/cmdline'))).toString('utf8');
  await writeFile(join(root, 'proc/812/cmdline'), `${kubelet}--registry-secret=PLANTED-flag-secret\0`);
}

/**
 * Tools that misbehave: df fails on the output folder's free space and hangs on the rest (a dead
 * NFS mount), free fails with hostile stderr, iostat is absent.
 */
const BROKEN_TOOLS = {
  df: `case "$*" in
"-Pk "*) exit 1 ;;
*) exec sleep 297 ;;
esac
`,
  free: `printf 'free: cannot read "/proc/meminfo": \\\\ \\033[31mbad\\001 \\377\\376 caf\\303\\251\\n' >&2
exit 3
`,
};

interface Fixture {
  root: string;
  out: string;
  run: CollectorRun;
  bundle: CollectedBundle;
}

async function collect(shell: 'dash' | 'busybox', dir: string): Promise<Fixture> {
  const root = await copySampleRoot('oom-burstable-containerd', join(dir, 'root'));
  await plantSecrets(root);
  // A rotation leftover the kubelet would delete, and a plain file whose .gz twin is kept.
  await writeFile(join(root, API_LOGS, '1.log.20261127-090000.gz.tmp'), 'partial');
  const tools = await toolFarm(join(dir, 'bin'), shell, { fakeDirs: [join(root, '.tools')], fakes: BROKEN_TOOLS });
  await rm(join(tools, 'iostat'));
  const out = join(dir, 'out');
  await mkdir(out);
  const run = await runCollector({ shell, path: tools, args: ['--root', root, '--output-dir', out, '--timeout', '2'], env: { PODMORTEM_NOW: String(NOW) } });
  if (run.code !== 0) throw new Error(`collector exited ${run.code}: ${run.stderr}`);
  const bundle = await openBundle(await readFile(await archiveIn(out)));
  return { root, out, run, bundle };
}

// Each shell's run mostly waits out the hung df items' --timeout: the two collect side by side
// (each in its own folder), and every test only reads its shell's run.
describe.concurrent.each(SHELLS)('collector contract under $name', ({ name, available }) => {
  let fixture: Fixture;
  let remove: () => Promise<void>;

  beforeAll(async () => {
    if (!available) return;
    const tmp = await scratch(`contract-${name}`);
    remove = tmp.remove;
    fixture = await collect(name, tmp.dir);
  });
  afterAll(async () => remove?.());

  it.skipIf(!available)('writes one top folder named after the node and the UTC time, manifest first', async () => {
    const { bundle } = fixture;
    expect(bundle.top).toBe('podmortem-worker-3-20261127T101502Z');
    expect(bundle.entries[0]?.name).toBe(`${bundle.top}/manifest.json`);
    expect(bundle.entries.every((entry) => entry.name === bundle.top || entry.name.startsWith(`${bundle.top}/`))).toBe(true);
    expect(await archiveIn(fixture.out)).toMatch(/podmortem-worker-3-20261127T101502Z\.tar\.gz$/);
  });

  it.skipIf(!available)('writes a manifest that is valid JSON and matches the manifest schema', () => {
    const { manifest, manifestWarnings } = fixture.bundle;
    expect(manifestWarnings).toEqual([]);
    expect(manifest.format).toBe('podmortem-bundle');
    expect(manifest.formatVersion).toBe(1);
    expect(manifest.collector).toEqual({ name: 'podmortem-collect', version: '0.1.0' });
    expect(manifest.node).toBe('worker-3');
    expect(manifest.collection).toMatchObject({ start: '2026-11-27T10:15:02Z', since: '2026-11-25T10:15:02Z', mode: 'root-dir', budgetBytes: 268435456, redact: true });
    expect(manifest.anchors).toEqual({
      wallClockUtc: '2026-11-27T10:15:02Z',
      uptimeSeconds: 90000.42,
      btime: 1795684501,
      bootId: '3b5d0c1e-7a2f-4c8e-9d10-5e6f7a8b9c0d',
      timezone: 'Etc/UTC',
      utcOffset: '+0000',
    });
  });

  it.skipIf(!available)('puts every file at a path of the layout table', () => {
    const unknown = [...fixture.bundle.files.keys()].filter((path) => !matchSource(path) && !PROPOSED_PATHS.includes(path));
    expect(unknown).toEqual([]);
    const unknownItems = fixture.bundle.manifest.items.filter((entry) => !matchSource(entry.path) && !PROPOSED_PATHS.includes(entry.path));
    expect(unknownItems).toEqual([]);
  });

  it.skipIf(!available)('collects every source the fake node has, from its first candidate path', () => {
    const found = new Map<SourceId, number>();
    for (const path of fixture.bundle.files.keys()) {
      const match = matchSource(path);
      if (match) found.set(match.source, Math.min(found.get(match.source) ?? Infinity, match.candidate));
    }
    // collectionClock is other collectors' record of when they ran; podmortem's is in manifest.json.
    // redactionRecord is written by `podmortem redact`, never by the collector.
    const expected = SOURCE_IDS.filter((id) => !['iostat', 'df', 'dfInodes', 'free', 'collectionClock', 'redactionRecord'].includes(id));
    expect([...found.keys()].sort()).toEqual(expected.sort());
    for (const [source, candidate] of found) expect({ source, candidate }).toEqual({ source, candidate: 0 });
    expect(LAYOUT.iostat.candidates[0]).toBe('stats/iostat.txt');
  });

  it.skipIf(!available)('records the hanging tool as timeout, the failing one as failed, the absent one as missing', () => {
    const { bundle } = fixture;
    for (const path of ['stats/df.txt', 'stats/df-inodes.txt']) {
      expect(item(bundle, path)).toMatchObject({ status: 'timeout', bytes: 0 });
      expect(bundle.files.has(path)).toBe(false);
    }
    const free = item(bundle, 'stats/free.txt');
    expect(free).toMatchObject({ status: 'failed', exitCode: 3, what: 'free' });
    // Quotes, a backslash, control characters and bad bytes all arrive escaped; valid UTF-8 stays.
    expect(free.note).toBe('exit 3: free: cannot read "/proc/meminfo": \\ \u001b[31mbad\u0001 \ufffd\ufffd café');
    expect(item(bundle, 'stats/iostat.txt')).toMatchObject({ status: 'missing', note: 'iostat not found', bytes: 0 });
    expect(bundle.manifest.missingTools).toEqual(['iostat']);
    // The free-space check cannot run: a warning, and the run goes on.
    expect(fixture.run.stderr).toContain(`podmortem-collect: warning: could not read free space of ${fixture.out} (df exit 1): not checked\n`);
  });

  it.skipIf(!available)('records each item with the bytes the bundle holds, within the budget', () => {
    const { bundle } = fixture;
    let sum = 0;
    for (const entry of bundle.manifest.items) {
      if (entry.path.startsWith('cgroup/')) continue;
      const data = bundle.files.get(entry.path);
      expect({ path: entry.path, bytes: data?.length ?? 0 }).toEqual({ path: entry.path, bytes: entry.bytes });
      sum += entry.bytes ?? 0;
    }
    const cgroupBytes = [...bundle.files].filter(([path]) => path.startsWith('cgroup/')).reduce((total, [, data]) => total + data.length, 0);
    expect(item(bundle, 'cgroup/kubepods.slice').bytes).toBe(cgroupBytes);
    expect(bundle.manifest.collection.usedBytes).toBe(sum + cgroupBytes);
    expect(bundle.manifest.collection.usedBytes).toBeLessThanOrEqual(bundle.manifest.collection.budgetBytes!);
  });

  it.skipIf(!available)('leaves no planted secret in any file and counts the redactions per file', () => {
    const { bundle } = fixture;
    for (const [path, data] of bundle.files) {
      const text = data.toString('latin1');
      for (const secret of SECRETS) expect({ path, leaked: text.includes(secret) ? secret : null }).toEqual({ path, leaked: null });
    }
    const counts = Object.fromEntries(bundle.manifest.redactions.map((entry) => [entry.path, entry.count]));
    expect(counts).toMatchObject({
      'system/kubelet-kubeconfig.yaml': 2,
      'system/kubelet-unit.txt': 2,
      'system/kubelet-flags.txt': 1,
      'stats/ps.txt': 3,
      'runtime/containerd-config.toml': 1,
      'runtime/crio.conf.d/10-mirror.conf': 2,
      'runtime/crictl-pods.json': 1,
    });
    expect(bundle.manifest.redactions.filter((entry) => entry.path.startsWith('runtime/inspect/')).map((entry) => entry.count)).toEqual([2, 2]);
    expect(bundle.files.get('runtime/kubelet-config.yaml')?.toString()).toContain('singleProcessOOMKill: true');
  });

  it.skipIf(!available)('mirrors /var/log/pods with rotated and .gz files, never the .tmp leftovers', async () => {
    const { bundle, root } = fixture;
    const pods = [...bundle.files.keys()].filter((path) => path.startsWith('pods/')).sort();
    const prefix = 'pods/shop_checkout-7d9f8b6c5-x2x9q_6f1e2d3c-4b5a-4978-8c1d-2e3f4a5b6c7d/api/';
    expect(pods.filter((path) => path.startsWith(prefix)).map((path) => path.slice(prefix.length))).toEqual(['0.log', '1.log', '1.log.20261127-094026.gz', '1.log.20261127-100526', '2.log']);
    for (const name of ['1.log.20261127-094026.gz', '1.log.20261127-100526', '0.log']) {
      expect(bundle.files.get(prefix + name)?.equals(await readFile(join(root, API_LOGS, name)))).toBe(true);
    }
    expect(
      gzipSync('x')
        .subarray(0, 2)
        .equals(bundle.files.get(`${prefix}1.log.20261127-094026.gz`)!.subarray(0, 2)),
    ).toBe(true);
  });

  it.skipIf(!available)('keeps /var/log/containers as a link table, not as copies', () => {
    const table = fixture.bundle.files.get('containers.txt')!.toString().trimEnd().split('\n');
    expect(table).toHaveLength(4);
    expect(table[0]).toBe(
      'checkout-7d9f8b6c5-x2x9q_shop_api-488bbb746bdc0f2ac6f65f6b9058a7503f02df73ed37bc52562588a9cb031b43.log\t/var/log/pods/shop_checkout-7d9f8b6c5-x2x9q_6f1e2d3c-4b5a-4978-8c1d-2e3f4a5b6c7d/api/2.log',
    );
    expect([...fixture.bundle.files.keys()].some((path) => path.includes('containers/'))).toBe(false);
  });

  it.skipIf(!available)('builds ps.txt from /proc with oom_score_adj and the memory cgroup', () => {
    const lines = fixture.bundle.files.get('stats/ps.txt')!.toString().trimEnd().split('\n');
    expect(lines[0]).toBe('PID\tPPID\tSTATE\tUID\tRSS_KB\tVSZ_KB\tOOM_SCORE_ADJ\tCOMM\tCGROUP\tARGS');
    const java = lines.find((line) => line.startsWith('53011\t'))!.split('\t');
    expect(java.slice(0, 9)).toEqual([
      '53011',
      '52001',
      'S',
      '1000',
      '298112',
      '3604080',
      '984',
      'java',
      '/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod6f1e2d3c_4b5a_4978_8c1d_2e3f4a5b6c7d.slice/cri-containerd-488bbb746bdc0f2ac6f65f6b9058a7503f02df73ed37bc52562588a9cb031b43.scope',
    ]);
    expect(java[9]).toBe('java -jar /app/checkout.jar --db.password=<redacted> --api-token <redacted>');
    expect(lines.every((line) => line.split('\t').length === 10)).toBe(true);
  });

  it.skipIf(!available)('copies the memory files of every kubepods cgroup level', async () => {
    const { bundle, root } = fixture;
    const events = 'kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod6f1e2d3c_4b5a_4978_8c1d_2e3f4a5b6c7d.slice/memory.events';
    expect(bundle.files.get(`cgroup/${events}`)?.equals(await readFile(join(root, 'sys/fs/cgroup', events)))).toBe(true);
    expect(bundle.files.has('cgroup/kubepods.slice/memory.max')).toBe(true);
  });

  it.skipIf(!available)('exports journals for the whole window and runs crictl inspect for exited containers', () => {
    const { bundle } = fixture;
    for (const path of ['journal/kubelet.export', 'journal/runtime.export', 'journal/kernel.export']) {
      const entry = item(bundle, path);
      expect(entry.status).toBe('ok');
      expect(entry.what).toContain("-o export --no-pager --since '2026-11-25 10:15:02 UTC' --until '2026-11-27 10:15:02 UTC'");
    }
    expect(item(bundle, 'journal/kernel.export').what).toMatch(/ _TRANSPORT=kernel$/);
    expect(bundle.files.get('journal/kernel.export')?.toString()).toContain('_SOURCE_MONOTONIC_TIMESTAMP=86412300871');
    const inspected = [...bundle.files.keys()].filter((path) => path.startsWith('runtime/inspect/'));
    expect(inspected.sort()).toEqual([
      'runtime/inspect/3b1f6a2c9d8e7f60112233445566778899aabbccddeeff001122334455667788.json',
      'runtime/inspect/cc9f5ce2a89d419cec6710972c11310366835d913bb4748fb2b0723d8aa752e9.json',
    ]);
    expect(JSON.parse(bundle.files.get(inspected[0]!)!.toString()).status.reason).toBe('OOMKilled');
  });
});
