/**
 * Planted values: secrets (every form the collector's own corpus knows, plus cloud keys, vendor
 * tokens and PEM, plain and base64), hostnames, IPs, MACs, user names, a keyword and (with
 * --names) Kubernetes names are planted into a copy of the sample bundle — kubelet config and
 * flags, kubeconfig, pod logs (plain, gzip-rotated, a 2 MiB line, non-UTF-8 bytes), journal
 * exports (text fields and a binary-safe field), crictl inspect JSON — and into copies of the EKS
 * and sos samples. After `podmortem redact`, no planted value is found anywhere in the unpacked
 * output (names and contents, nested .gz decompressed), the journal exports still parse with
 * their binary field's new length, binary files are dropped and listed, and the analysis is the
 * original's modulo pseudonyms.
 */
import { spawnSync } from 'node:child_process';
import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli.js';
import { runPodmortemInProcess } from '../helpers/cli-in-process.js';
import { parseExport } from '../collector/helpers/journal-export.js';
import { analysisDifferences, analyzeJson, analyzeReversed, filesUnder, leaks, scratchDir, unpack } from './helpers.js';

const FIXTURES = join(REPO_ROOT, 'test/collector/fixtures/redact-corpus');
const ROOT = 'podmortem-worker-3-20261127T101502Z';
const API = 'pods/shop_checkout-7d9f8b6c5-x2x9q_6f1e2d3c-4b5a-4978-8c1d-2e3f4a5b6c7d/api';
const INSPECT = 'runtime/inspect/cc9f5ce2a89d419cec6710972c11310366835d913bb4748fb2b0723d8aa752e9.json';

const PEM = '-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEAplantedKEYmaterial\n-----END RSA PRIVATE KEY-----\n';
const PEM_BASE64 = Buffer.from(PEM).toString('base64');

/** Values that must not survive; every secret also holds `s3cr3t`, which is searched for on its own. */
const PLANTED: (string | RegExp)[] = [
  's3cr3t',
  PEM_BASE64,
  'plantedKEYmaterial',
  'p1ant3.s3cr3t0123456789',
  'p1ant4',
  'glpat-',
  'worker-3',
  'ip-10-20-30-40',
  'dhcp-192-168-0-66',
  'db01',
  'acmecorp',
  'jdoe',
  '10.20.30.40',
  '192.168.0.66',
  '203.0.113.77',
  '10.0.0.31',
  '2001:db8:abcd:12::7',
  'fd12:3456:789a:1::42',
  '0a:1b:2c:3d:4e:5f',
  /\bcheckout\b/i,
  /\bshop\b/i,
  /\breport-worker\b/i,
];

const EXTRA_LINES = [
  'aws_access_key_id = AKIAS3CR3T0PLANTED01',
  'gcp api key AIzaS3cr3tPlantedGcpKey_0123456789abcde',
  'GITHUB_TOKEN: ghp_S3cr3tPlanted0123456789abcdefghijklmn',
  'DefaultEndpointsProtocol=https;AccountName=acmecorpstore;AccountKey=s3cr3tAzureKey0123==;EndpointSuffix=core.windows.net',
  'GET https://acmecorpstore.blob.core.windows.net/c?sv=2020-08-04&sig=s3cr3tSasSig%3D 200',
  'connecting to postgres://app:s3cr3t-url-pw@db01.acmecorp.example.net:5432/ledger',
  'Authorization: Bearer s3cr3t.bearer.token',
  'kubeadm join 10.20.30.40:6443 --token p1ant3.s3cr3t0123456789',
  `client-key-data: ${PEM_BASE64}`,
  'node ip-10-20-30-40.ec2.internal (dhcp-192-168-0-66, 192.168.0.66) peer 203.0.113.77 via 2001:db8:abcd:12::7 and fd12:3456:789a:1::42 mac 0a:1b:2c:3d:4e:5f',
  'Accepted publickey for jdoe from 10.20.30.40 port 52022 ssh2; home /home/jdoe; AcmeCorp billing ACMECORP',
  // Secrets with no key before them: only their own shape gives them away.
  'retrying the call with Bearer s3cr3t.bearer.free',
  'discovery via p1ant4.s3cr3t9876543210 succeeded',
  'pushed with glpat-s3cr3tPlanted0123456789ab to the mirror',
];

function journalEntry(fields: string[], binary: { name: string; value: Buffer } | null): Buffer {
  const head = Buffer.from(`${['__REALTIME_TIMESTAMP=1795770914501400', '__MONOTONIC_TIMESTAMP=86412921400', '_BOOT_ID=3b5d0c1e7a2f4c8e9d105e6f7a8b9c0d', ...fields].join('\n')}\n`);
  if (!binary) return Buffer.concat([head, Buffer.from('\n')]);
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(binary.value.length));
  return Buffer.concat([head, Buffer.from(`${binary.name}\n`), length, binary.value, Buffer.from('\n_PID=598\n\n')]);
}

async function plantPodmortem(root: string): Promise<void> {
  const bundle = join(root, ROOT);
  const fixture = (name: string) => readFile(join(FIXTURES, name), 'utf8');
  await appendFile(join(bundle, 'runtime/kubelet-config.yaml'), await fixture('kubelet-config-yaml-block-scalars.yaml'));
  await appendFile(
    join(bundle, 'system/kubelet-kubeconfig.yaml'),
    `${await fixture('kubeconfig-exec-args.yaml')}\n- name: planted\n  user:\n    token: s3cr3t-kubeconfig-token\n    client-key-data: ${PEM_BASE64}\n`,
  );
  await appendFile(join(bundle, 'system/kubelet-unit.txt'), `${await fixture('kubelet-unit-env-names.conf')}\nEnvironment="DB_PASSWORD=s3cr3t-env"\n`);
  await appendFile(join(bundle, 'system/kubelet-flags.txt'), `${await fixture('kubelet-cmdline-argv-per-line.txt')}--hostname-override=ip-10-20-30-40.ec2.internal\n`);
  await appendFile(join(bundle, 'runtime/containerd-config.toml'), await fixture('containerd-config-key-values.toml'));
  await writeFile(join(bundle, 'runtime/inspect/f00df00df00df00df00df00df00df00df00df00df00df00df00df00df00df00d.json'), await fixture('crictl-inspect-env-pairs.json'));
  const inspect = await readFile(join(bundle, INSPECT), 'utf8');
  await writeFile(join(bundle, INSPECT), inspect.replace('"labels": {', '"labels": {\n        "planted.example/ip": "10.20.30.40",\n        "planted.example/token": "s3cr3t-label",'));
  await appendFile(join(bundle, 'stats/ps.txt'), await fixture('process-args-curl.txt'));
  await appendFile(join(bundle, 'kernel/dmesg.txt'), `${(await fixture('kern-log-cmdline.log')).trimEnd()}\n`);
  await writeFile(join(bundle, 'stats/ip-link.txt'), `2: ens5: <BROADCAST,MULTICAST,UP> mtu 9001\n    link/ether 0a:1b:2c:3d:4e:5f brd ff:ff:ff:ff:ff:ff\n`);
  await writeFile(join(bundle, 'planted-notes.txt'), `${[...EXTRA_LINES, PEM.trimEnd()].join('\n')}\n`);
  // Pod logs: CRI lines, a rotated .gz, a 2 MiB line with values in its middle and at its end, non-UTF-8 bytes.
  const cri = (message: string) => `2026-11-27T09:10:00.000000001Z stdout F ${message}`;
  const podLog = `${[...(await fixture('pod-log-cri-lines.log')).trimEnd().split('\n'), ...EXTRA_LINES.map(cri)].join('\n')}\n`;
  await writeFile(join(bundle, API, '0.log.20261127-090000.gz'), gzipSync(podLog));
  // The 1 MiB piece limit falls inside `password` (the CRI prefix is 40 bytes): the cut must fall before the key.
  const long = cri(`${'x'.repeat(1024 * 1024 - 45)} password=s3cr3t-long-middle 10.20.30.40 ${'y '.repeat(512 * 1024)}host db01.acmecorp.example.net token=s3cr3t-long-end`);
  const nonUtf8 = Buffer.concat([Buffer.from(cri('bytes \xff\xfe\x80 then ')), Buffer.from([0xff, 0xfe, 0x80]), Buffer.from(' 10.20.30.40 acmecorp secret=s3cr3t-x password=s3cr3t-latin1\n')]);
  await appendFile(join(bundle, API, '0.log'), Buffer.concat([Buffer.from(`${podLog}${long}\n`), nonUtf8]));
  // Journals: text fields and a binary-safe MESSAGE holding a newline.
  const binary = Buffer.from('panic: cannot reach db01.acmecorp.example.net\npassword=s3cr3t-journal-binary 10.20.30.40\n\xff\xfe goroutine 1 [running]:', 'latin1');
  await appendFile(join(bundle, 'journal/runtime.export'), journalEntry(['_HOSTNAME=worker-3', 'SYSLOG_IDENTIFIER=containerd'], { name: 'MESSAGE', value: binary }));
  await appendFile(
    join(bundle, 'journal/kubelet.export'),
    Buffer.concat([
      await readFile(join(FIXTURES, 'journal-export-text-fields.export')),
      journalEntry(['_HOSTNAME=worker-3', 'SYSLOG_IDENTIFIER=sshd', `MESSAGE=${EXTRA_LINES[10]}`], null),
      // A binary field whose name says it is a secret, with nothing in the value that does.
      journalEntry(['_HOSTNAME=worker-3', 'SYSLOG_IDENTIFIER=app'], { name: 'DB_TOKEN', value: Buffer.from('s3cr3tBinaryToken\nsecond line') }),
    ]),
  );
  // A binary file: dropped, never copied.
  await writeFile(join(bundle, 'stats/core.bin'), Buffer.concat([Buffer.from([0, 1, 2, 0]), Buffer.from('10.20.30.40 s3cr3t-binary')]));
}

function untar(archive: string, into: string, flags: string): void {
  const result = spawnSync('tar', [flags, archive, '-C', into], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`tar ${flags} ${archive}: ${result.stderr}`);
}

let dir: string;
let remove: () => Promise<void>;
beforeAll(async () => ({ dir, remove } = await scratchDir('corpus')));
afterAll(async () => remove());

async function redactAndUnpack(input: string, name: string, extra: string[] = []): Promise<{ files: Map<string, string>; out: string; map: string }> {
  const out = join(dir, `${name}.clean.tar.gz`);
  const map = join(dir, `${name}.map.json`);
  const run = await runPodmortemInProcess(['redact', input, '-o', out, '--map', map, '--names', '--keyword', 'AcmeCorp', ...extra]);
  expect(run.code, run.stderr).toBe(0);
  const unpacked = join(dir, `${name}.unpacked`);
  await mkdir(unpacked);
  await unpack(out, unpacked);
  return { files: await filesUnder(unpacked), out, map };
}

describe('planted values in a podmortem bundle', () => {
  let input: string;
  let result: { files: Map<string, string>; out: string; map: string };
  beforeAll(async () => {
    input = join(dir, 'podmortem');
    await mkdir(input);
    untar(join(REPO_ROOT, 'samples/bundles/oom-burstable-containerd.tar.gz'), input, '-xzf');
    await plantPodmortem(input);
    result = await redactAndUnpack(input, 'podmortem');
  }, 120_000);

  it('leaves none of them in any file or name of the output, nested .gz included', async () => {
    const before = await filesUnder(input);
    // The plant worked: every value is in the input.
    for (const value of PLANTED) expect(leaks(before, [value]).length, String(value)).toBeGreaterThan(0);
    expect(leaks(result.files, PLANTED)).toEqual([]);
    expect([...result.files.keys()].some((path) => path.endsWith('.log.20261127-090000.gz'))).toBe(true);
  });

  it('keeps journal exports valid: field names in order, the binary field rewritten with its new length', async () => {
    const journal = [...result.files.entries()].find(([path]) => path.endsWith('journal/runtime.export'))!;
    const fields = parseExport(Buffer.from(journal[1], 'latin1'));
    const original = parseExport(await readFile(join(input, ROOT, 'journal/runtime.export')));
    expect(fields.map((field) => field.name)).toEqual(original.map((field) => field.name));
    const binary = fields.filter((field) => field.binary).map((field) => field.value.toString('latin1'));
    expect(binary).toHaveLength(1);
    expect(binary[0]).toMatch(/^panic: cannot reach host-[0-9a-f]{8}\.host-[0-9a-f]{8}\.host-[0-9a-f]{8}\.net\npassword=<redacted:secret> 10\.\d+\.\d+\.40\n\xff\xfe goroutine 1 \[running\]:$/);
  });

  it('drops binary files and writes the record: per file rule counts, dropped and skipped', async () => {
    expect([...result.files.keys()].some((path) => path.endsWith('core.bin'))).toBe(false);
    const [path, text] = [...result.files.entries()].find(([name]) => name.endsWith('/podmortem-redaction.json'))!;
    expect(path.split('/')).toHaveLength(2);
    const record = JSON.parse(text) as {
      map: string;
      secrets: Record<string, number>;
      pseudonyms: Record<string, number>;
      files: { path: string; replaced: Record<string, number> }[];
      dropped: { path: string }[];
    };
    expect(record.map).toBe('private');
    expect(record.dropped.map((file) => file.path.split('/').slice(1).join('/'))).toEqual(['stats/core.bin']);
    for (const rule of ['key-value', 'pem-block', 'pem-base64', 'aws-access-key', 'gcp-key', 'vendor-token', 'url-password', 'bearer', 'bootstrap-token', 'env-pair'])
      expect(record.secrets[rule], rule).toBeGreaterThan(0);
    for (const rule of ['ipv4', 'ipv6', 'mac', 'hostname', 'user', 'name', 'keyword']) expect(record.pseudonyms[rule], rule).toBeGreaterThan(0);
    expect(record.files.find((file) => file.path.endsWith('planted-notes.txt'))?.replaced['aws-access-key']).toBe(1);
  });

  it('analyzes the same as the original, modulo pseudonyms', async () => {
    const original = await analyzeJson(input, join(dir, 'podmortem-original.json'));
    expect(analysisDifferences(original, await analyzeReversed(result.out, result.map, dir, 'podmortem'))).toEqual([]);
  }, 120_000);
});

describe('planted values in foreign layouts', () => {
  it('EKS log collector bundle: none survives, the analysis holds', async () => {
    const input = join(dir, 'eks');
    await mkdir(input);
    untar(join(REPO_ROOT, 'samples/foreign/eks-oom-burstable-containerd.tar.gz'), input, '-xzf');
    await appendFile(join(input, 'kubelet/kubelet.log'), `${EXTRA_LINES.map((line) => `Nov 27 09:10:00 ip-10-20-30-40 kubelet[812]: ${line}`).join('\n')}\n`);
    const { files, out, map } = await redactAndUnpack(input, 'eks');
    expect(leaks(files, PLANTED)).toEqual([]);
    const original = await analyzeJson(input, join(dir, 'eks-original.json'));
    expect(analysisDifferences(original, await analyzeReversed(out, map, dir, 'eks'))).toEqual([]);
  }, 120_000);

  it('sos report (tar.xz unpacked, planted, redacted as a folder): none survives, the analysis holds', async (context) => {
    if (spawnSync('xz', ['--version']).status !== 0) {
      console.log('skipped: no xz on this machine to unpack the sos sample');
      return context.skip();
    }
    const input = join(dir, 'sos');
    await mkdir(input);
    untar(join(REPO_ROOT, 'samples/foreign/sos-oom-burstable-containerd.tar.xz'), input, '-xJf');
    const [top] = await import('node:fs/promises').then((fs) => fs.readdir(input));
    await appendFile(join(input, top!, 'var/log/messages'), `${EXTRA_LINES.map((line) => `Nov 27 09:10:00 worker-3 sshd[90]: ${line}`).join('\n')}\n`).catch(async () =>
      writeFile(join(input, top!, 'sos_commands/planted.txt'), EXTRA_LINES.join('\n')),
    );
    const { files, out, map } = await redactAndUnpack(input, 'sos');
    expect(leaks(files, PLANTED)).toEqual([]);
    const original = await analyzeJson(input, join(dir, 'sos-original.json'));
    expect(analysisDifferences(original, await analyzeReversed(out, map, dir, 'sos'))).toEqual([]);
  }, 120_000);
});
