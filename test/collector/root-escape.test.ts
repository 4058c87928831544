/**
 * --root reads stay inside the root: the real collector, under dash and busybox sh, reads a
 * sample root planted with links that climb out of it (relative), that point to host paths
 * (absolute: resolved from the root, not from this machine's /), that sit in the middle of
 * var/log/pods, and that loop. A file planted outside the root never reaches the archive, and
 * each refused path is a skipped-unsafe manifest item with its reason. Pod log files and pod
 * folders with odd names (newline, tab, carriage return, spaces, a leading dash, a backslash,
 * non-UTF-8 bytes) give no stderr noise and no bogus items: collected, or skipped with a reason.
 */
import { readFileSync } from 'node:fs';
import { mkdir, readFile, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtml, renderJson } from '../../src/report/index.js';
import { reportOf } from '../report/helpers/report-of.js';
import { archiveIn, copySampleRoot, NOW, openBundle, runCollector, scratch, SHELLS, toolFarm, type CollectedBundle } from './helpers/collector.js';

const PODS = 'var/log/pods';
const CHECKOUT = 'shop_checkout-7d9f8b6c5-x2x9q_6f1e2d3c-4b5a-4978-8c1d-2e3f4a5b6c7d';
const UID = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const SECRET = 'PLANTED-OUTSIDE-THE-ROOT-7f3a9c';
const LOG_LINE = (text: string) => `2026-11-27T10:14:00.000000417Z stdout F ${text}\n`;

/** Links planted under the root that leave it, and the reason the manifest must give. */
const ESCAPES: { link: string; target: string; item: string; reason: RegExp }[] = [
  { link: `${PODS}/${CHECKOUT}/api/9.log`, target: '../../../../../../etc/secret-outside', item: `pods/${CHECKOUT}/api/9.log`, reason: /climbs out of the root/ },
  { link: `${PODS}/shop_escape-6b7c8d9e0-abcde_${UID}`, target: '../../../../outside/pod', item: `pods/shop_escape-6b7c8d9e0-abcde_${UID}`, reason: /climbs out of the root/ },
  { link: `${PODS}/${CHECKOUT}/sidecar`, target: '../../../../../outside/pod/app', item: `pods/${CHECKOUT}/sidecar`, reason: /climbs out of the root/ },
  { link: `${PODS}/${CHECKOUT}/api/7.log`, target: '7.log', item: `pods/${CHECKOUT}/api/7.log`, reason: /loops/ },
  { link: `${PODS}/${CHECKOUT}/api/5.log`, target: '6.log', item: `pods/${CHECKOUT}/api/5.log`, reason: /loops/ },
  { link: `${PODS}/${CHECKOUT}/api/6.log`, target: '5.log', item: `pods/${CHECKOUT}/api/6.log`, reason: /loops/ },
  { link: 'var/log/kern.log', target: '../../../etc/secret-outside', item: 'kernel/kern.log', reason: /climbs out of the root/ },
  { link: 'etc/crio/crio.conf', target: '../../../etc/secret-outside', item: 'runtime/crio.conf', reason: /climbs out of the root/ },
  { link: 'sys/fs/cgroup/kubepods.slice/memory.peak', target: '../../../../../etc/secret-outside', item: 'cgroup/kubepods.slice/memory.peak', reason: /cgroup/ },
  { link: 'etc/systemd/system/kubelet.service.d/20-escape.conf', target: '../../../../../etc/secret-outside', item: 'system/kubelet-unit.txt', reason: /climbs out of the root/ },
];

/** Odd pod log names: [path under var/log/pods, collected (true) or skipped (false)]. */
const ODD: { path: string | Buffer; item: string; collected: boolean }[] = [
  { path: `shop_odd-1_${UID}/app/evil\n1.log`, item: `pods/shop_odd-1_${UID}/app/evil?1.log`, collected: false },
  { path: `shop_nl\n99 99 x.log_${UID}/app/0.log`, item: `pods/shop_nl?99 99 x.log_${UID}/app/0.log`, collected: false },
  { path: `shop_tab-1_${UID}/app/1\t2.log`, item: `pods/shop_tab-1_${UID}/app/1?2.log`, collected: false },
  { path: `shop_cr-1_${UID}/app/0\r.log`, item: `pods/shop_cr-1_${UID}/app/0?.log`, collected: false },
  { path: `shop_space-1_${UID}/app/a b.log`, item: `pods/shop_space-1_${UID}/app/a b.log`, collected: true },
  { path: `shop_space-1_${UID}/app/0.log.1 `, item: `pods/shop_space-1_${UID}/app/0.log.1 `, collected: true },
  { path: `-rf_dash-1_${UID}/-n/-e.log`, item: `pods/-rf_dash-1_${UID}/-n/-e.log`, collected: true },
  { path: `shop_bs-1_${UID}/app/a\\nb.log`, item: `pods/shop_bs-1_${UID}/app/a\\nb.log`, collected: true },
  { path: Buffer.from(`shop_latin-1_${UID}/app/caf\xe9.log`, 'latin1'), item: `pods/shop_latin-1_${UID}/app/caf\ufffd.log`, collected: true },
];

/** A link at `link`, in place of the sample's file there if any. */
async function plantLink(root: string, link: string, target: string): Promise<void> {
  await mkdir(dirname(join(root, link)), { recursive: true });
  await rm(join(root, link), { force: true });
  await symlink(target, join(root, link));
}

async function plantFile(path: string | Buffer, text: string): Promise<void> {
  const name = typeof path === 'string' ? path : path.toString('latin1');
  await mkdir(dirname(name), { recursive: true });
  await writeFile(path, text);
  const time = new Date((NOW - 300) * 1000);
  await utimes(path, time, time);
}

/** The root with every plant, and the files outside it that must never be read. */
async function plantedRoot(dir: string): Promise<string> {
  const root = await copySampleRoot('oom-burstable-containerd', join(dir, 'root'));
  await plantFile(join(dir, 'etc/secret-outside'), `${SECRET} file\n`);
  await plantFile(join(dir, 'outside/pod/app/0.log'), LOG_LINE(`${SECRET} pod`));
  for (const escape of ESCAPES) await plantLink(root, escape.link, escape.target);
  await plantAbsoluteLinks(root);
  // A pod folder moved to another disk, linked back by an absolute path, and a folder loop.
  await plantFile(join(root, `data/pods/shop_moved-1_${UID}/app/0.log`), LOG_LINE('MOVED-POD-FOLDER'));
  await plantLink(root, `${PODS}/shop_moved-1_${UID}`, `/data/pods/shop_moved-1_${UID}`);
  await plantLink(root, `${PODS}/${CHECKOUT}/again`, '..');
  for (const odd of ODD) {
    const path = typeof odd.path === 'string' ? join(root, PODS, odd.path) : Buffer.concat([Buffer.from(join(root, PODS) + '/'), odd.path]);
    await plantFile(path, LOG_LINE(`ODD-NAME ${odd.item.replace(/\n/g, ' ')}`));
  }
  // The /var/log/containers table is link text only: odd names must not break its lines.
  await plantLink(root, 'var/log/containers/evil\nname_shop_x-1.log', `/var/log/pods/shop_odd-1_${UID}/app/evil\n1.log`);
  await plantLink(root, 'var/log/containers/out_shop_x-2.log', '../../../../outside/pod/app/0.log');
  return root;
}

/**
 * Absolute links are the host's paths: read from the root, never from this machine's /.
 * containerd's config points into the root; the kubeconfig points at /etc/passwd, which this
 * machine has and the root has not: the item must be missing, not this machine's file.
 */
async function plantAbsoluteLinks(root: string): Promise<void> {
  await plantFile(join(root, 'opt/containerd/config.toml'), 'version = 2 # ABSOLUTE-INSIDE-THE-ROOT\n');
  await rm(join(root, 'etc/containerd/config.toml'));
  await symlink('/opt/containerd/config.toml', join(root, 'etc/containerd/config.toml'));
  await rm(join(root, 'etc/kubernetes/kubelet.conf'));
  await symlink('/etc/passwd', join(root, 'etc/kubernetes/kubelet.conf'));
}

describe.each(SHELLS)('--root reads stay inside the root under $name', ({ name, available }) => {
  let bundle: CollectedBundle;
  let archive: string;
  let stderr: string;
  let dir: string;
  let remove: () => Promise<void>;

  beforeAll(async () => {
    if (!available) return;
    ({ dir, remove } = await scratch(`root-escape-${name}`));
    const root = await plantedRoot(dir);
    const tools = await toolFarm(join(dir, 'bin'), name, { fakeDirs: [join(root, '.tools')] });
    const out = join(dir, 'out');
    await mkdir(out);
    const run = await runCollector({ shell: name, path: tools, args: ['--root', root, '--output-dir', out], env: { PODMORTEM_NOW: String(NOW) } });
    if (run.code !== 0) throw new Error(`collector exited ${run.code}: ${run.stderr}`);
    stderr = run.stderr;
    archive = await archiveIn(out);
    bundle = await openBundle(await readFile(archive));
  });
  afterAll(async () => remove?.());

  it.skipIf(!available)('never archives a file from outside the root', () => {
    const passwd = readFileSync('/etc/passwd', 'utf8').split('\n')[0]!;
    for (const entry of bundle.entries) {
      expect(entry.data.includes(SECRET), entry.name).toBe(false);
      if (passwd) expect(entry.data.includes(passwd), entry.name).toBe(false);
    }
    expect(bundle.manifestText.includes(SECRET)).toBe(false);
  });

  it.skipIf(!available)('lists each refused link as a skipped-unsafe item with its reason', () => {
    const skipped = bundle.manifest.items.filter((entry) => entry.status === 'skipped-unsafe');
    for (const escape of ESCAPES) {
      const found = skipped.filter((entry) => entry.path === escape.item);
      expect(found, escape.item).toHaveLength(1);
      expect(found[0]!.note, escape.item).toMatch(escape.reason);
      expect(found[0]!.bytes).toBe(0);
      expect(bundle.files.has(escape.item) && escape.item !== 'system/kubelet-unit.txt').toBe(false);
    }
  });

  it.skipIf(!available)('resolves absolute links from the root, not from this machine', () => {
    expect(bundle.files.get('runtime/containerd-config.toml')?.toString()).toContain('ABSOLUTE-INSIDE-THE-ROOT');
    const kubeconfig = bundle.manifest.items.find((entry) => entry.path === 'system/kubelet-kubeconfig.yaml');
    expect(kubeconfig).toMatchObject({ status: 'missing', what: '/etc/kubernetes/kubelet.conf' });
    expect(bundle.files.get(`pods/shop_moved-1_${UID}/app/0.log`)?.toString()).toContain('MOVED-POD-FOLDER');
  });

  it.skipIf(!available)('follows a folder loop only as deep as the pod log layout goes', () => {
    const looped = bundle.manifest.items.filter((entry) => entry.path.includes('/again/'));
    for (const entry of looped) expect(entry.path.split('/')).toHaveLength(4);
  });

  it.skipIf(!available)('handles odd pod log names without noise or bogus items', () => {
    expect(stderr).toBe('');
    for (const odd of ODD) {
      const found = bundle.manifest.items.filter((entry) => entry.path === odd.item);
      expect(found, odd.item).toHaveLength(1);
      if (odd.collected) {
        expect(found[0]).toMatchObject({ status: 'ok' });
        expect(bundle.files.get(odd.item)?.toString(), odd.item).toContain('ODD-NAME');
      } else {
        expect(found[0]).toMatchObject({ status: 'skipped-unsafe', bytes: 0, note: 'name holds a newline, tab or carriage return: not collected' });
      }
    }
    // Every pod item stands for a file the root holds: collected ones are in the archive.
    for (const entry of bundle.manifest.items.filter((item) => item.path.startsWith('pods/'))) {
      if (entry.status === 'ok') expect(bundle.files.has(entry.path), entry.path).toBe(true);
      expect(['ok', 'skipped-unsafe'], entry.path).toContain(entry.status);
    }
    const names = [...bundle.files.keys()].filter((path) => path.startsWith('pods/'));
    expect(names.filter((path) => /[\n\t\r]/.test(path))).toEqual([]);
    expect(names.every((path) => bundle.manifest.items.some((entry) => entry.path === path))).toBe(true);
  });

  it.skipIf(!available)('keeps the container link table to one name and one target per line', () => {
    const table = bundle.files.get('containers.txt')!.toString('utf8').replace(/\n$/, '').split('\n');
    for (const line of table) expect(line.split('\t'), line).toHaveLength(2);
    expect(table).toContain(`evil?name_shop_x-1.log\t/var/log/pods/shop_odd-1_${UID}/app/evil?1.log`);
    expect(table).toContain('out_shop_x-2.log\t../../../../outside/pod/app/0.log');
  });

  it.skipIf(!available)('gives a bundle the analyzer reads', async () => {
    // The real pipeline in this process (a bug would throw here), rendered as the CLI writes it.
    const report = await reportOf(archive);
    const html = renderHtml(report);
    const json = renderJson(report);
    expect(JSON.parse(json)).toMatchObject({ node: { name: 'worker-3' } });
    for (const text of [html, json]) expect(text).not.toContain(SECRET);
  });
});
