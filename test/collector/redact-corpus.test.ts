/**
 * Planted secrets: every form the collector's redaction knows (fixtures in
 * fixtures/redact-corpus/, named after the form they show) is planted in a fake node — kubelet
 * config and flags, kubeconfig, unit files, runtime config, crictl inspect JSON, process
 * arguments, pod logs (plain and .gz), journal exports and kernel logs — and the real collector
 * runs over it under dash and busybox sh. No planted value may reach the archive, and the lines
 * the analyzer reads (OOM kill lines, CRI prefixes, journal field names, memory.max, PATH=,
 * oom_score_adj) must come out unchanged.
 */
import { spawnSync } from 'node:child_process';
import { appendFile, cp, lutimes, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli.js';
import { archiveIn, copySampleRoot, item, NOW, openBundle, runCollector, scratch, SHELLS, toolFarm, type CollectedBundle } from './helpers/collector.js';
import { parseExport } from './helpers/journal-export.js';

const FIXTURES = join(REPO_ROOT, 'test/collector/fixtures/redact-corpus');
const PLANTED = /s3cr3t/i;
const API = 'var/log/pods/shop_checkout-7d9f8b6c5-x2x9q_6f1e2d3c-4b5a-4978-8c1d-2e3f4a5b6c7d/api';
const INSPECTED = 'cc9f5ce2a89d419cec6710972c11310366835d913bb4748fb2b0723d8aa752e9';
const shells = SHELLS.filter((shell) => shell.available);

const fixture = (name: string) => readFile(join(FIXTURES, name), 'utf8');

/** Where each fixture lands in the bundle. */
const LANDS_IN: Record<string, string> = {
  'kubelet-config-yaml-block-scalars.yaml': 'runtime/kubelet-config.yaml',
  'kubeconfig-exec-args.yaml': 'system/kubelet-kubeconfig.yaml',
  'kubelet-unit-env-names.conf': 'system/kubelet-unit.txt',
  'containerd-config-key-values.toml': 'runtime/containerd-config.toml',
  'crictl-inspect-env-pairs.json': `runtime/inspect/${INSPECTED}.json`,
  'kubelet-cmdline-argv-per-line.txt': 'system/kubelet-flags.txt',
  'process-args-curl.txt': 'stats/ps.txt',
  'pod-log-cri-lines.log': `${API.replace('var/log/', '')}/3.log`,
  'journal-export-text-fields.export': 'journal/kubelet.export',
  'kern-log-cmdline.log': 'kernel/kern.log',
};

/** A journal entry whose MESSAGE is in the binary form (it holds a newline). */
function binaryJournalEntry(): Buffer {
  const message = Buffer.from('panic: cannot connect\npassword=s3cr3t-journal-binary-field\ngoroutine 1 [running]:');
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(message.length));
  const text = (lines: string[]) => Buffer.from(lines.map((line) => `${line}\n`).join(''));
  return Buffer.concat([
    text(['', '__REALTIME_TIMESTAMP=1795770914501400', '__MONOTONIC_TIMESTAMP=86412921400', '_BOOT_ID=3b5d0c1e7a2f4c8e9d105e6f7a8b9c0d', 'SYSLOG_IDENTIFIER=containerd']),
    Buffer.from('MESSAGE\n'),
    length,
    message,
    text(['', '_PID=598']),
  ]);
}

async function plantCorpus(root: string): Promise<void> {
  await appendFile(join(root, 'var/lib/kubelet/config.yaml'), await fixture('kubelet-config-yaml-block-scalars.yaml'));
  await writeFile(join(root, 'etc/kubernetes/kubelet.conf'), await fixture('kubeconfig-exec-args.yaml'));
  await writeFile(join(root, 'etc/systemd/system/kubelet.service.d/30-planted.conf'), await fixture('kubelet-unit-env-names.conf'));
  await appendFile(join(root, 'etc/containerd/config.toml'), await fixture('containerd-config-key-values.toml'));
  await writeFile(join(root, `.tools/data/inspect-${INSPECTED}.json`), await fixture('crictl-inspect-env-pairs.json'));
  // /proc/<pid>/cmdline: one argument per NUL; the kubelet's arguments become one per line.
  const argv = async (name: string) => `${(await fixture(name)).trimEnd().split('\n').join('\0')}\0`;
  await appendFile(join(root, 'proc/812/cmdline'), await argv('kubelet-cmdline-argv-per-line.txt'));
  await cp(join(root, 'proc/2840'), join(root, 'proc/60001'), { recursive: true });
  await writeFile(join(root, 'proc/60001/cmdline'), await argv('process-args-curl.txt'));
  await writeFile(join(root, 'proc/60001/comm'), 'curl\n');
  const podLog = await fixture('pod-log-cri-lines.log');
  await writeFile(join(root, API, '3.log'), podLog);
  await writeFile(join(root, API, '2.log.20261127-101000.gz'), gzipSync(podLog));
  await appendFile(join(root, '.tools/data/kubelet.export'), await fixture('journal-export-text-fields.export'));
  await appendFile(join(root, '.tools/data/runtime.export'), binaryJournalEntry());
  await writeFile(join(root, 'var/log/kern.log'), await fixture('kern-log-cmdline.log'));
  const time = new Date((NOW - 300) * 1000);
  for (const path of [join(API, '3.log'), join(API, '2.log.20261127-101000.gz'), 'var/log/kern.log']) await lutimes(join(root, path), time, time);
}

/** Whether this awk keeps NUL bytes inside a line (needed to rewrite binary journal fields). */
function awkKeepsNul(farm: string): boolean {
  return spawnSync(join(farm, 'awk'), ['{ print length($0) }'], { input: 'a\0b\n', encoding: 'utf8' }).stdout.trim() === '3';
}

function text(path: string, data: Buffer): string {
  return (path.endsWith('.gz') ? gunzipSync(data) : data).toString('latin1');
}

describe.each(shells)('redaction corpus under $name', ({ name }) => {
  let dir: string;
  let remove: () => Promise<void>;
  let root: string;
  let bundle: CollectedBundle;
  let keepsNul: boolean;
  beforeAll(async () => {
    ({ dir, remove } = await scratch(`redact-${name}`));
    root = await copySampleRoot('oom-burstable-containerd', join(dir, 'root'));
    await plantCorpus(root);
    const farm = await toolFarm(join(dir, 'bin'), name, { fakeDirs: [join(root, '.tools')] });
    keepsNul = awkKeepsNul(farm);
    const out = join(dir, 'out');
    await mkdir(out);
    const result = await runCollector({ shell: name, path: farm, args: ['--root', root, '--output-dir', out], env: { PODMORTEM_NOW: String(NOW) } });
    expect(result.code, result.stderr).toBe(0);
    bundle = await openBundle(await readFile(await archiveIn(out)));
  }, 240_000);
  afterAll(async () => remove());

  it('lets no planted value into any entry of the archive', async () => {
    const planted = new Set<string>();
    for (const name of Object.keys(LANDS_IN)) for (const match of (await fixture(name)).matchAll(/[\w.+/=-]*s3cr3t[\w.+/=-]*/gi)) planted.add(match[0]);
    expect(planted.size).toBeGreaterThanOrEqual(41);
    const binaryJournal = 'journal/runtime.export';
    const leaks: { path: string; line: string }[] = [];
    for (const [path, data] of bundle.files) {
      if (path === binaryJournal && !keepsNul) continue;
      for (const line of text(path, data).split('\n')) if (PLANTED.test(line)) leaks.push({ path, line });
    }
    expect(leaks).toEqual([]);
    for (const [name, path] of Object.entries(LANDS_IN)) {
      expect({ name, path, redacted: text(path, bundle.files.get(path) ?? Buffer.alloc(0)).includes('<redacted>') }).toEqual({ name, path, redacted: true });
      expect(bundle.manifest.redactions.some((entry) => entry.path === path && entry.count > 0)).toBe(true);
    }
    const gz = `${API.replace('var/log/', '')}/2.log.20261127-101000.gz`;
    expect(text(gz, bundle.files.get(gz)!)).toBe(text('', bundle.files.get(LANDS_IN['pod-log-cri-lines.log']!)!));
  });

  it('keeps the lines the analyzer reads as they were', async () => {
    const source = (path: string) => readFile(join(root, path), 'utf8');
    expect(bundle.files.get('kernel/dmesg.txt')?.toString()).toBe(await source('.tools/data/dmesg.txt'));
    expect(bundle.files.get('kernel/dmesg.txt')?.toString()).toContain(
      'Memory cgroup out of memory: Killed process 41234 (java) total-vm:3604080kB, anon-rss:523012kB, file-rss:2596kB, shmem-rss:0kB, UID:1000 pgtables:1196kB oom_score_adj:984\n',
    );
    const inspect = bundle.files.get(LANDS_IN['crictl-inspect-env-pairs.json']!)!.toString();
    for (const line of ['"memory.max": "536870912"', '"oom_score_adj": 984,', '"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",', '"key": "PATH",', '"reason": "OOMKilled",'])
      expect(inspect).toContain(line);
    expect(bundle.files.get('system/kubelet-unit.txt')?.toString()).toContain('Environment="PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" "GOMAXPROCS=2"\n');
    expect(bundle.files.get('runtime/containerd-config.toml')?.toString()).toContain('\noom_score_adj = -999\n');
    expect(bundle.files.get('stats/ps.txt')?.toString().split('\n')[0]).toBe('PID\tPPID\tSTATE\tUID\tRSS_KB\tVSZ_KB\tOOM_SCORE_ADJ\tCOMM\tCGROUP\tARGS');
    const memoryMax = [...bundle.files.keys()].filter((path) => path.startsWith('cgroup/') && path.endsWith('/memory.max'));
    expect(memoryMax.length).toBeGreaterThan(0);
    for (const path of memoryMax) expect(bundle.files.get(path)?.toString()).toMatch(/^(max|\d+)\n$/);
    // CRI lines keep their stamp, stream and tag; only the message changes.
    const podSource = (await fixture('pod-log-cri-lines.log')).split('\n');
    const podLines = bundle.files.get(LANDS_IN['pod-log-cri-lines.log']!)!.toString().split('\n');
    expect(podLines.map((line) => line.split(' ').slice(0, 3).join(' '))).toEqual(podSource.map((line) => line.split(' ').slice(0, 3).join(' ')));
    expect(podLines).toContain('2026-11-27T10:05:00.000000006Z stdout F java.lang.OutOfMemoryError: Java heap space');
    // Journal exports keep every field name, in order.
    const names = (data: Buffer) => parseExport(data).map((field) => field.name);
    expect(names(bundle.files.get('journal/kubelet.export')!)).toEqual(names(await readFile(join(root, '.tools/data/kubelet.export'))));
  });

  it('rewrites a binary journal field with its new length, or says it could not', async () => {
    const path = 'journal/runtime.export';
    const source = await readFile(join(root, '.tools/data/runtime.export'));
    const collected = bundle.files.get(path)!;
    const fields = parseExport(collected);
    expect(fields.map((field) => field.name)).toEqual(parseExport(source).map((field) => field.name));
    const message = fields.filter((field) => field.binary).map((field) => field.value.toString('latin1'));
    if (keepsNul) {
      expect(message).toEqual(['panic: cannot connect\npassword=<redacted>\ngoroutine 1 [running]:']);
      expect(item(bundle, path).note ?? '').not.toMatch(/not redacted/);
    } else {
      // busybox awk ends a line at NUL: the export is kept as it was, and the manifest says so.
      expect(collected.equals(source)).toBe(true);
      expect(item(bundle, path).note).toMatch(/not redacted: binary journal fields/);
    }
  });
});
