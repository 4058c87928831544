import { describe, expect, it } from 'vitest';
import { createCrictlReader, crictlStamp, parseJsonDocuments } from '../../../src/sources/crictl/index.js';
import { feedReader, fixture } from '../pod-logs/feed-reader.js';

const UID = '6f1e2d3c-4b5a-4978-8c1d-2e3f4a5b6c7d';
const ID0 = '3b1f9c0d2e4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c';
const ID1 = '7c2e0a1b3d5f4e6a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a';
const SANDBOX = '9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d';

async function readCrictl(files: Record<string, string | Buffer>) {
  return feedReader(createCrictlReader(), 'crictl', files);
}

describe('crictl records: the header samples', () => {
  it('reads crictl ps -a -o json', async () => {
    const sample =
      '{"containers":[{"id":"3b1f…","podSandboxId":"9c0d…","metadata":{"name":"api","attempt":1},' +
      '"state":"CONTAINER_EXITED","createdAt":"1795770000123456789",' +
      '"labels":{"io.kubernetes.pod.name":"checkout-7d9f8b6c5-x2x9q","io.kubernetes.pod.namespace":"shop",' +
      '"io.kubernetes.pod.uid":"6f1e…","io.kubernetes.container.name":"api"}}]}';
    const { data } = await readCrictl({ 'runtime/crictl-ps.json': sample });
    expect(data.containers).toEqual([
      {
        id: '3b1f…',
        podSandboxId: '9c0d…',
        name: 'api',
        attempt: 1,
        state: 'CONTAINER_EXITED',
        createdAt: { text: '1795770000123456789', monotonic: null, utcMs: 1795770000123.4568, local: null, bootId: null },
        image: null,
        imageRef: null,
        podName: 'checkout-7d9f8b6c5-x2x9q',
        podNamespace: 'shop',
        podUid: '6f1e…',
        containerName: 'api',
        file: 'runtime/crictl-ps.json',
      },
    ]);
  });

  it('reads crictl pods -o json', async () => {
    const sample =
      '{"items":[{"id":"9c0d…","metadata":{"name":"checkout-7d9f8b6c5-x2x9q","uid":"6f1e…","namespace":"shop","attempt":0},' +
      '"state":"SANDBOX_READY","createdAt":"1795769000000000000","runtimeHandler":""}]}';
    const { data } = await readCrictl({ 'runtime/crictl-pods.json': sample });
    expect(data.sandboxes).toMatchObject([{ id: '9c0d…', name: 'checkout-7d9f8b6c5-x2x9q', uid: '6f1e…', namespace: 'shop', attempt: 0, state: 'SANDBOX_READY', runtimeHandler: null }]);
    expect(data.sandboxes[0]?.createdAt?.utcMs).toBe(1795769000000);
  });

  it('reads crictl inspect', async () => {
    const sample =
      '{"status":{"id":"3b1f…","metadata":{"attempt":1,"name":"api"},"state":"CONTAINER_EXITED",' +
      '"createdAt":"2026-11-27T09:13:24.1Z","startedAt":"2026-11-27T09:13:24.3Z","finishedAt":"2026-11-27T10:14:58.9Z",' +
      '"exitCode":137,"reason":"OOMKilled","message":"","logPath":"/var/log/pods/shop_…/api/1.log"},' +
      '"info":{"pid":41234,"runtimeSpec":{"linux":{"cgroupsPath":"kubepods-burstable-pod6f1e….slice:cri-containerd:3b1f…"}}}}';
    const { data } = await readCrictl({ 'runtime/inspect/3b1f.json': sample });
    expect(data.exits).toMatchObject([
      {
        containerId: '3b1f…',
        name: 'api',
        attempt: 1,
        state: 'CONTAINER_EXITED',
        exitCode: 137,
        reason: 'OOMKilled',
        message: null,
        logPath: '/var/log/pods/shop_…/api/1.log',
        cgroupsPath: 'kubepods-burstable-pod6f1e….slice:cri-containerd:3b1f…',
        pid: 41234,
      },
    ]);
    expect(data.exits[0]?.finishedAt?.utcMs).toBe(Date.UTC(2026, 10, 27, 10, 14, 58, 900));
  });
});

describe('crictl reader: fixtures', () => {
  it('reads containerd ps and pods output', async () => {
    const { data, issues } = await readCrictl({
      'runtime/crictl-ps.json': await fixture('crictl', 'crictl-ps-containerd.json'),
      'runtime/crictl-pods.json': await fixture('crictl', 'crictl-pods-containerd.json'),
    });
    expect(issues).toEqual([]);
    expect(data.containers.map((c) => [c.id, c.podSandboxId, c.name, c.attempt, c.state, c.podUid, c.imageRef?.startsWith('registry.example.com/')])).toEqual([
      [ID0, SANDBOX, 'api', 0, 'CONTAINER_EXITED', UID, true],
      [ID1, SANDBOX, 'api', 1, 'CONTAINER_RUNNING', UID, true],
    ]);
    expect(data.sandboxes.map((s) => [s.name, s.uid, s.state, s.attempt, s.runtimeHandler])).toEqual([
      ['kube-apiserver-node1', '0123456789abcdef0123456789abcdef', 'SANDBOX_NOTREADY', 2, 'runc'],
      ['checkout-7d9f8b6c5-x2x9q', UID, 'SANDBOX_READY', 0, null],
    ]);
  });

  it('reads containerd inspect of an OOM-killed container (cgroupsPath, labels)', async () => {
    const { data } = await readCrictl({ [`runtime/inspect/${ID0}.json`]: await fixture('crictl', 'crictl-inspect-oomkilled.json') });
    expect(data.exits).toMatchObject([
      {
        containerId: ID0,
        exitCode: 137,
        reason: 'OOMKilled',
        podUid: UID,
        podNamespace: 'shop',
        containerName: 'api',
        cgroupsPath: `kubepods-burstable-pod${UID.replace(/-/g, '_')}.slice:cri-containerd:${ID0}`,
        pid: 0,
        file: `runtime/inspect/${ID0}.json`,
      },
    ]);
    expect(data.exits[0]?.startedAt?.text).toBe('2026-11-27T09:13:24.3Z');
  });

  it('reads CRI-O inspect with local-zone times', async () => {
    const { data } = await readCrictl({ 'runtime/inspect/73b9.json': await fixture('crictl', 'crictl-inspect-cri-o-completed.json') });
    expect(data.exits).toMatchObject([{ reason: 'Completed', exitCode: 0, attempt: 1, podUid: null, cgroupsPath: expect.stringContaining('/crio-73b9') }]);
    expect(data.exits[0]?.finishedAt?.utcMs).toBeCloseTo(Date.UTC(2020, 4, 15, 7, 28, 52) + 639.73293, 3);
  });

  it('reads old crictl inspect with nanosecond strings', async () => {
    const { data } = await readCrictl({ 'runtime/inspect/old.json': await fixture('crictl', 'crictl-inspect-2017-ns-timestamps.json') });
    expect(data.exits).toMatchObject([{ reason: 'Error', exitCode: 1, logPath: null }]);
    expect(data.exits[0]?.finishedAt?.utcMs).toBe(1511994845512);
  });

  it('reads inspect of several ids (an array) and keeps only containers that ended', async () => {
    const { data, issues } = await readCrictl({ 'runtime/inspect/all.json': await fixture('crictl', 'crictl-inspect-multiple-ids.json') });
    expect(issues).toEqual([]);
    expect(data.exits.map((exit) => exit.containerId)).toEqual([ID0]);
  });

  it('reads documents written back to back into one file', async () => {
    const { data, issues } = await readCrictl({ 'runtime/inspect/two.json': await fixture('crictl', 'crictl-inspect-back-to-back.json') });
    expect(issues).toEqual([]);
    expect(data.exits.map((exit) => exit.reason)).toEqual(['Error', 'Completed']);
  });

  it('tells documents by content, not by file name', async () => {
    const { data } = await readCrictl({ 'runtime/crictl-pods.json': await fixture('crictl', 'crictl-ps-containerd.json') });
    expect(data.containers).toHaveLength(2);
    expect(data.sandboxes).toHaveLength(0);
  });
});

describe('crictl reader: bad input', () => {
  it('reports broken JSON at its line, unknown documents and entries without id', async () => {
    const { data, issues } = await readCrictl({
      'runtime/crictl-ps.json': '{\n  "containers": [\n    {"id": "a"}\n    {"id": "b"}\n  ]\n}\n',
      'runtime/crictl-pods.json': '{"items": [{"metadata": {}}, {"id": "b"}]}',
      'runtime/inspect/x.json': '{"kind": "Pod"}',
      'runtime/inspect/y.json': '',
    });
    expect(issues.map((issue) => [issue.file, issue.line])).toEqual([
      ['runtime/crictl-ps.json', 4],
      ['runtime/crictl-pods.json', null],
      ['runtime/inspect/x.json', null],
      ['runtime/inspect/y.json', null],
    ]);
    expect(data.sandboxes.map((sandbox) => sandbox.id)).toEqual(['b']);
  });

  it('cuts a huge string as it reads, and still reads the container', async () => {
    const name = 'n'.repeat(1024 * 1024);
    const ps = JSON.stringify({ containers: [{ id: ID0, podSandboxId: SANDBOX, metadata: { name, attempt: 0 }, state: 'CONTAINER_RUNNING', labels: { 'io.kubernetes.pod.uid': UID } }] });
    const { data } = await readCrictl({ 'runtime/crictl-ps.json': ps });
    expect(data.containers.map((container) => [container.id, container.name, container.podUid])).toEqual([[ID0, `${'n'.repeat(64 * 1024)}… cut, ${1024 * 1024} bytes`, UID]]);
  });

  it('refuses files over the size cap', async () => {
    const reader = createCrictlReader();
    const { IssueLog } = await import('../../../src/sources/index.js');
    const issues = new IssueLog();
    async function* huge() {
      const block = Buffer.alloc(8 * 1024 * 1024, 0x20);
      for (let i = 0; i < 9; i += 1) yield block;
    }
    await reader.read({ path: 'runtime/crictl-ps.json', source: 'crictl', candidate: 0, linkTarget: null }, huge(), issues);
    expect(issues.issues.map((issue) => issue.message)).toEqual([expect.stringContaining('larger than')]);
  });
});

describe('crictlStamp and parseJsonDocuments', () => {
  it('treats zero time and the epoch as unset', () => {
    for (const value of ['0', 0, '0001-01-01T00:00:00Z', '1970-01-01T00:00:00Z', '1970-01-01T01:00:00+01:00', null, 'soon']) expect(crictlStamp(value), String(value)).toBeNull();
    expect(crictlStamp(1795769000000000000)?.utcMs).toBe(1795769000000);
  });

  it('splits back-to-back documents and reports the broken one', () => {
    const problems: unknown[] = [];
    expect(parseJsonDocuments('{"a":1}\n{"b":[1,"]"]}\n{"c":', (problem) => problems.push(problem))).toEqual([{ a: 1 }, { b: [1, ']'] }]);
    expect(problems).toHaveLength(1);
  });
});
