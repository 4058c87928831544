/**
 * The kubelet configuration file in the forms real nodes have: kubeadm's YAML (the header comment
 * sample), EKS' JSON, the Kubernetes docs' quoted example, an RKE2 drop-in with
 * mergeDefaultEvictionSettings; then the YAML details hand-written files use, and broken input.
 */
import { describe, expect, it } from 'vitest';
import { createKubeletConfigReader } from '../../../src/sources/system/kubelet-config.js';
import { SeededRandom } from '../../helpers/seeded-random.js';
import { fixture, readAll, readOne } from '../stats/helpers.js';

const PATH = 'runtime/kubelet-config.yaml';
const read = (content: string) => readOne(createKubeletConfigReader(), 'kubeletConfig', PATH, content);
const system = (name: string) => fixture(name, 'system');

describe('kubelet config reader', () => {
  it('reads the header comment sample: kubeadm 1.32 /var/lib/kubelet/config.yaml', async () => {
    const { result, issues } = await read(system('kubelet-config-kubeadm-1.32-containerd.yaml'));
    expect(issues).toEqual([]);
    expect(result).toMatchObject({
      file: PATH,
      format: 'yaml',
      kind: 'KubeletConfiguration',
      apiVersion: 'kubelet.config.k8s.io/v1beta1',
      cgroupDriver: 'systemd',
      containerRuntimeEndpoint: 'unix:///var/run/containerd/containerd.sock',
      evictionPressureTransitionPeriod: '0s',
      evictionHard: null,
      evictionSoft: null,
      systemReserved: null,
      kubeReserved: null,
      enforceNodeAllocatable: null,
      swapBehavior: null,
      maxPods: null,
      failSwapOn: null,
      mergeDefaultEvictionSettings: null,
      redacted: [],
    });
    expect(result?.fields).toMatchObject({ clusterDomain: 'cluster.local', rotateCertificates: 'true', staticPodPath: '/etc/kubernetes/manifests', healthzPort: '10248' });
    // Nested maps and lists are not top-level fields; the key lines are kept for evidence.
    expect(result?.fields.authentication).toBeUndefined();
    expect(result?.fields.clusterDNS).toBeUndefined();
    expect(result?.lines).toMatchObject({ apiVersion: 1, authentication: 2, cgroupDriver: 15, clusterDNS: 16, memorySwap: 38, kind: 29 });
  });

  it("reads EKS' JSON: an evictionHard without imagefs, reserved resources, feature gates", async () => {
    const { result, issues } = await read(system('kubelet-config-eks-al2-json.json'));
    expect(issues).toEqual([]);
    expect(result).toMatchObject({
      format: 'json',
      kind: 'KubeletConfiguration',
      cgroupDriver: 'systemd',
      maxPods: 17,
      evictionHard: { 'memory.available': '100Mi', 'nodefs.available': '10%', 'nodefs.inodesFree': '5%' },
      kubeReserved: { cpu: '70m', 'ephemeral-storage': '1Gi', memory: '442Mi' },
      featureGates: { RotateKubeletServerCertificate: 'true', KubeletCredentialProviders: 'true' },
      systemReserved: null,
    });
    expect(result?.fields).toMatchObject({ readOnlyPort: '0', serializeImagePulls: 'false', hairpinMode: 'hairpin-veth' });
    expect(result?.lines.evictionHard).toBe(51);
  });

  it('reads the quoted values of the Kubernetes docs example', async () => {
    const { result, issues } = await read(system('kubelet-config-docs-eviction-minimum-reclaim.yaml'));
    expect(issues).toEqual([]);
    expect(result).toMatchObject({
      evictionHard: { 'memory.available': '500Mi', 'nodefs.available': '1Gi', 'imagefs.available': '100Gi' },
      evictionMinimumReclaim: { 'memory.available': '0Mi', 'nodefs.available': '500Mi', 'imagefs.available': '2Gi' },
    });
  });

  it('reads an RKE2 drop-in that merges the default eviction settings', async () => {
    const { result, issues } = await read(system('kubelet-config-rke2-merge-default-eviction.yaml'));
    expect(issues).toEqual([]);
    expect(result).toMatchObject({
      maxPods: 50,
      mergeDefaultEvictionSettings: true,
      evictionHard: { 'memory.available': '100Mi', 'nodefs.available': '5%' },
      kubeReserved: { cpu: '200m', memory: '256Mi' },
      systemReserved: { cpu: '200m', memory: '256Mi' },
    });
  });

  it('reads comments, quoted keys, flow maps and lists, lists at the key indent, swap and booleans', async () => {
    const text = [
      '# written by hand',
      'apiVersion: kubelet.config.k8s.io/v1beta1   # the version',
      "kind: 'KubeletConfiguration'",
      'evictionHard:',
      '    "memory.available": "200Mi" # quoted key',
      "    'nodefs.available': '10%'",
      'evictionSoft: {memory.available: 500Mi, "nodefs.available": "15%"}',
      'evictionSoftGracePeriod: {}',
      'enforceNodeAllocatable: ["pods", system-reserved]',
      'systemReserved:',
      '  memory: 1Gi',
      'tlsCipherSuites:',
      '- TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
      'shutdownGracePeriodByPodPriority:',
      '  - priority: 0',
      '    shutdownGracePeriodSeconds: 10',
      '  - priority: 100000',
      '    shutdownGracePeriodSeconds: 20',
      'failSwapOn: False',
      'memorySwap:',
      '  swapBehavior: LimitedSwap',
      'description: it\'s "fine" # an apostrophe is text',
      'banner: |',
      '  evictionHard: not a key here',
      '  # nor a comment',
      'maxPods: 58',
    ].join('\n');
    const { result, issues } = await read(text);
    expect(issues).toEqual([]);
    expect(result).toMatchObject({
      kind: 'KubeletConfiguration',
      evictionHard: { 'memory.available': '200Mi', 'nodefs.available': '10%' },
      evictionSoft: { 'memory.available': '500Mi', 'nodefs.available': '15%' },
      evictionSoftGracePeriod: {},
      enforceNodeAllocatable: ['pods', 'system-reserved'],
      systemReserved: { memory: '1Gi' },
      failSwapOn: false,
      swapBehavior: 'LimitedSwap',
      maxPods: 58,
    });
    expect(result?.fields.description).toBe('it\'s "fine"');
    // A block scalar is a string: what looks like a key inside it is not one.
    expect(result?.fields.banner).toBe('evictionHard: not a key here\n# nor a comment\n');
    expect(result?.evictionHard).not.toHaveProperty('not a key here');
    expect(result?.lines).toMatchObject({ evictionHard: 4, shutdownGracePeriodByPodPriority: 14, maxPods: 26 });
  });

  it('tells an empty evictionHard ({}: no thresholds) from a null one (absent: defaults)', async () => {
    expect((await read('kind: KubeletConfiguration\nevictionHard: {}\n')).result?.evictionHard).toEqual({});
    expect((await read('kind: KubeletConfiguration\nevictionHard:\nmaxPods: 10\n')).result?.evictionHard).toBeNull();
    expect((await read('kind: KubeletConfiguration\nevictionHard: null\n')).result?.evictionHard).toBeNull();
    expect((await read('{"kind": "KubeletConfiguration", "evictionHard": {}}')).result?.evictionHard).toEqual({});
    expect((await read('{"kind": "KubeletConfiguration", "evictionHard": null}')).result?.evictionHard).toBeNull();
  });

  it('keeps redacted values as printed and lists them', async () => {
    const { result } = await read('kind: KubeletConfiguration\ntlsPrivateKeyFile: "<redacted>"\nstaticPodURL: \'[REDACTED]\'\ncgroupDriver: systemd\n');
    expect(result?.redacted).toEqual(['tlsPrivateKeyFile', 'staticPodURL']);
    expect(result?.fields.tlsPrivateKeyFile).toBe('<redacted>');
    expect(result?.cgroupDriver).toBe('systemd');
  });

  it('reports what the YAML parser refuses on its line and reads only what comes before it', async () => {
    const text = ['kind: KubeletConfiguration', 'maxPods: 20', 'just text', 'cgroupDriver: systemd', 'evictionHard: {memory.available: 100Mi}'].join('\n');
    const { result, issues } = await read(text);
    expect(issues.map((issue) => [issue.file, issue.line])).toEqual([[PATH, 3]]);
    expect(result).toMatchObject({ kind: 'KubeletConfiguration', maxPods: 20, cgroupDriver: null, evictionHard: null });
  });

  it('reports keys given again, resolves aliases and does not read later documents', async () => {
    const text = [
      'kind: KubeletConfiguration',
      'cgroupDriver: systemd',
      'cgroupDriver: cgroupfs',
      'evictionHard: {a: {b: c}, memory.available: 100Mi}',
      'kubeReserved: &reserved {memory: 1Gi}',
      'systemReserved: *reserved',
      '---',
      'kind: InitConfiguration',
    ].join('\n');
    const { result, issues } = await read(text);
    expect(issues.map((issue) => [issue.file, issue.line])).toEqual([
      [PATH, 3],
      [PATH, 7],
    ]);
    expect(result).toMatchObject({
      kind: 'KubeletConfiguration',
      cgroupDriver: 'cgroupfs',
      evictionHard: { 'memory.available': '100Mi' },
      kubeReserved: { memory: '1Gi' },
      systemReserved: { memory: '1Gi' },
    });
  });

  it('stops expanding aliases past a hundred: a small file cannot become a large one', async () => {
    const lines = [
      'kind: KubeletConfiguration',
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]',
      'maxPods: 7',
    ];
    const { result, issues } = await read(lines.join('\n'));
    expect(issues.map((issue) => issue.message)).toEqual([expect.stringContaining('more than 100 aliases')]);
    expect(result).toMatchObject({ kind: 'KubeletConfiguration', maxPods: 7 });
  });

  it('reads JSON up to the line of its first error, reports it there, and reports a file cut short', async () => {
    const broken = await read('{\n  "kind": "KubeletConfiguration",\n  "maxPods": 20,\n  "cgroupDriver" "systemd",\n  "failSwapOn": false\n}\n');
    expect(broken.result).toMatchObject({ kind: 'KubeletConfiguration', maxPods: 20, cgroupDriver: null, failSwapOn: null });
    expect(broken.issues.map((issue) => issue.line)).toEqual([4]);
    const cutInString = await read('{\n  "kind": "KubeletConfiguration",\n  "evictionHard": {\n    "memory.available": "1');
    expect(cutInString.result).toMatchObject({ kind: 'KubeletConfiguration', evictionHard: {} });
    expect(cutInString.issues.map((issue) => issue.line)).toEqual([null]);
    const cut = await read('{\n  "kind": "KubeletConfiguration",\n  "evictionHard": {\n    "memory.available": "100Mi",\n');
    expect(cut.result?.evictionHard).toEqual({ 'memory.available': '100Mi' });
    expect(cut.issues.map((issue) => issue.line)).toEqual([null]);
    const trailing = await read('{"kind": "KubeletConfiguration"}\n{"kind": "Other"}\n');
    expect(trailing.issues.map((issue) => issue.line)).toEqual([2]);
  });

  it('reports a file that is no KubeletConfiguration, and an empty one', async () => {
    const other = await read('apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\n');
    expect(other.result?.kind).toBe('ClusterConfiguration');
    expect(other.issues).toEqual([expect.objectContaining({ line: null, message: expect.stringContaining('ClusterConfiguration') })]);
    const empty = await read('# nothing\n\n');
    expect(empty.result).toMatchObject({ fields: {}, evictionHard: null });
    expect(empty.issues).toEqual([expect.objectContaining({ line: null })]);
    const list = await read('- a\n- b\n');
    expect(list.issues.map((issue) => issue.line)).toEqual([1, null]);
  });

  it('keeps the preferred candidate: the collected copy over a hand-made var/lib/kubelet/config.yaml', async () => {
    const { result } = await readAll(createKubeletConfigReader(), 'kubeletConfig', [
      { path: 'var/lib/kubelet/config.yaml', content: 'kind: KubeletConfiguration\nmaxPods: 10\n', candidate: 1 },
      { path: PATH, content: 'kind: KubeletConfiguration\nmaxPods: 20\n', candidate: 0 },
    ]);
    expect(result).toMatchObject({ file: PATH, maxPods: 20 });
  });

  it('bounds what it keeps: keys, map entries and list items', async () => {
    const keys = Array.from({ length: 2000 }, (_, index) => `key${index}: ${index}`);
    const entries = Array.from({ length: 500 }, (_, index) => `  signal${index}: ${index}%`);
    const items = Array.from({ length: 500 }, (_, index) => `- item${index}`);
    const { result } = await read(['kind: KubeletConfiguration', 'evictionHard:', ...entries, 'enforceNodeAllocatable:', ...items, ...keys].join('\n'));
    expect(Object.keys(result!.fields).length).toBeLessThanOrEqual(500);
    expect(Object.keys(result!.evictionHard!).length).toBeLessThanOrEqual(64);
    expect(result!.enforceNodeAllocatable!.length).toBeLessThanOrEqual(16);
  });
});

describe('kubelet config reader, YAML against JSON', () => {
  const SIGNALS = ['memory.available', 'nodefs.available', 'nodefs.inodesFree', 'imagefs.available', 'imagefs.inodesFree', 'pid.available'];
  const QUANTITIES = ['100Mi', '10%', '5%', '1Gi', '0%', '2.5Gi', "it's", 'a: b', 'x # y'];

  /** One random evictionHard written the ways people write YAML: plain, quoted, flow, with comments. */
  function yamlOf(random: SeededRandom, map: Record<string, string>): string {
    const quote = (text: string) => random.pick([`"${text}"`, `'${text.replaceAll("'", "''")}'`, /^[\w.%]+$/.test(text) ? text : `"${text}"`]);
    const entries = Object.entries(map);
    if (random.chance(0.3)) return `evictionHard: {${entries.map(([key, value]) => `${quote(key)}: ${quote(value)}`).join(', ')}}\n`;
    const indent = ' '.repeat(1 + random.int(4));
    const comment = () => (random.chance(0.3) ? '  # note' : '');
    return `evictionHard:${comment()}\n${entries.map(([key, value]) => `${indent}${quote(key)}: ${quote(value)}${comment()}`).join('\n')}\n`;
  }

  it('reads the same thresholds from both forms of 300 seeded random configurations', async () => {
    const random = new SeededRandom(0x6b75626c);
    for (let index = 0; index < 300; index += 1) {
      const map: Record<string, string> = {};
      for (const signal of SIGNALS) if (random.chance(0.5)) map[signal] = random.pick(QUANTITIES);
      if (Object.keys(map).length === 0) map['memory.available'] = '100Mi';
      const yaml = await read(`kind: KubeletConfiguration\n${yamlOf(random, map)}maxPods: ${index}\n`);
      const json = await read(JSON.stringify({ kind: 'KubeletConfiguration', evictionHard: map, maxPods: index }, null, random.int(3) * 2));
      expect(yaml.issues, `case ${index}`).toEqual([]);
      expect(json.issues, `case ${index}`).toEqual([]);
      expect(yaml.result?.evictionHard, `case ${index}`).toEqual(map);
      expect(json.result?.evictionHard, `case ${index}`).toEqual(map);
      expect([yaml.result?.maxPods, json.result?.maxPods]).toEqual([index, index]);
    }
  });
});
