import { describe, expect, it } from 'vitest';
import { createPodLogsReader } from '../../../src/sources/pod-logs/index.js';
import { feedReader, fixture, fixturePath, fixtureTree } from './feed-reader.js';

const UID = '6f1e2d3c-4b5a-4978-8c1d-2e3f4a5b6c7d';
const POD_DIR = `pods/shop_checkout-7d9f8b6c5-x2x9q_${UID}`;

async function readPods(files: Record<string, string | Buffer>, chunkSize?: number) {
  return feedReader(createPodLogsReader(), 'podLogs', files, chunkSize);
}

describe('pod logs reader: line formats', () => {
  it('reads the header sample (the sample bundle line)', async () => {
    const { data } = await readPods({ [`${POD_DIR}/api/0.log`]: '2026-11-27T09:13:31.9Z stderr F WARN heap usage 96% after full GC\n' });
    expect(data.attempts[0]).toMatchObject({ namespace: 'shop', pod: 'checkout-7d9f8b6c5-x2x9q', uid: UID, container: 'api', attempt: 0 });
    expect(data.attempts[0]?.tail).toEqual([
      {
        stamp: { text: '2026-11-27T09:13:31.9Z', monotonic: null, utcMs: Date.UTC(2026, 10, 27, 9, 13, 31, 900), local: null, bootId: null },
        stream: 'stderr',
        text: 'WARN heap usage 96% after full GC',
        file: `${POD_DIR}/api/0.log`,
        line: 1,
        cut: false,
        unterminated: false,
      },
    ]);
  });

  it('joins the log-file-parser header sample: a 16 KiB stderr line split around a stdout line', async () => {
    const sample = [
      '2024-01-01T12:00:00.1234Z stderr P first 16 KiB of a long line...',
      '2024-01-01T12:00:00.1234Z stdout F GET /healthz 200',
      '2024-01-01T12:00:00.1235Z stderr F ...rest of the long line',
    ].join('\n');
    const { data } = await readPods({ [`${POD_DIR}/api/0.log`]: `${sample}\n` });
    expect(data.attempts[0]?.tail.map(({ stream, text, line }) => ({ stream, text, line }))).toEqual([
      { stream: 'stdout', text: 'GET /healthz 200', line: 2 },
      { stream: 'stderr', text: 'first 16 KiB of a long line......rest of the long line', line: 1 },
    ]);
  });

  it('joins containerd P fragments per stream and keeps a trailing P as an unterminated line', async () => {
    const path = `${POD_DIR}/api/0.log`;
    const { data, issues } = await readPods({ [path]: await fixture('pod-logs', 'cri-containerd-partial-lines.log') }, 7);
    const attempt = data.attempts[0];
    expect(issues).toEqual([]);
    expect(attempt?.files[0]).toMatchObject({ format: 'cri', physicalLines: 9, lines: 8, badLines: 0, unterminated: ['stdout'] });
    expect(attempt?.lines).toBe(8);
    expect(attempt?.unterminated).toBe(true);
    expect(attempt?.tail.map(({ stream, text, line, unterminated }) => ({ stream, text, line, unterminated }))).toEqual([
      { stream: 'stdout', text: 'Started CheckoutApplication in 4.2 seconds', line: 1, unterminated: false },
      { stream: 'stdout', text: 'cache warmup: loading 1200000 price entries', line: 2, unterminated: false },
      { stream: 'stdout', text: 'GET /healthz 200 1ms', line: 4, unterminated: false },
      { stream: 'stderr', text: '{"level":"warn","msg":"slow query","sql":"SELECT * FROM prices WHERE sku IN (...)","ms":812}', line: 3, unterminated: false },
      { stream: 'stderr', text: 'WARN heap usage 96% after full GC', line: 6, unterminated: false },
      { stream: 'stdout', text: '', line: 7, unterminated: false },
      { stream: 'stdout', text: 'tags after the first one do not matter', line: 8, unterminated: false },
      { stream: 'stdout', text: 'java.lang.OutOfMemoryError: Java heap space', line: 9, unterminated: true },
    ]);
    expect(attempt?.firstStamp?.text).toBe('2026-11-27T09:13:28.102934Z');
    expect(attempt?.lastStamp?.text).toBe('2026-11-27T09:13:32.700001Z');
    expect(attempt?.head).toEqual(attempt?.tail);
  });

  it('reads CRI-O conmon lines: 9 digits, numeric offsets, fragments at read boundaries', async () => {
    const { data } = await readPods({ [`${POD_DIR}/api/0.log`]: await fixture('pod-logs', 'cri-o-conmon-9-digit-offset.log') });
    const attempt = data.attempts[0];
    expect(attempt?.files[0]?.format).toBe('cri');
    expect(attempt?.tail.map((line) => line.text)).toEqual([
      'error: something failed',
      'first read() chunk of a line longer than 8 KiB, continued after the read boundary',
      'node clock in a +02:00 zone',
    ]);
    expect(attempt?.lastStamp?.utcMs).toBe(Date.UTC(2022, 4, 21, 22, 0, 47));
    expect(attempt?.unterminated).toBe(false);
  });

  it('joins docker json-file entries split at 16 KiB and cuts the kept text at 2 KiB', async () => {
    const { data } = await readPods({ [`${POD_DIR}/api/0.log`]: await fixture('pod-logs', 'docker-json-file-split-line.log') });
    const tail = data.attempts[0]?.tail ?? [];
    expect(data.attempts[0]?.files[0]).toMatchObject({ format: 'docker-json', physicalLines: 5, lines: 4 });
    expect(tail.map(({ stream, line, cut }) => ({ stream, line, cut }))).toEqual([
      { stream: 'stdout', line: 1, cut: false },
      { stream: 'stderr', line: 3, cut: false },
      { stream: 'stdout', line: 2, cut: true },
      { stream: 'stdout', line: 5, cut: false },
    ]);
    expect(tail[0]?.text).toBe('Starting nginx <v1.25> & friends');
    expect(tail[2]?.text).toBe('A'.repeat(2048));
  });

  it('reads pre-1.9 untagged CRI lines and plain text', async () => {
    const { data } = await readPods({
      [`${POD_DIR}/old/0.log`]: await fixture('pod-logs', 'cri-pre-1.9-untagged.log'),
      [`${POD_DIR}/plain/0.log`]: await fixture('pod-logs', 'plain-text-no-timestamps.log'),
    });
    const [old, plain] = data.attempts;
    expect(old?.files[0]?.format).toBe('cri-untagged');
    expect(old?.tail.map((line) => [line.stream, line.text])).toEqual([
      ['stdout', 'nginx: worker process started'],
      ['stderr', '2017/11/30 21:57:27 [error] 7#7: open() "/usr/share/nginx/html/favicon.ico" failed'],
    ]);
    expect(plain?.files[0]).toMatchObject({ format: 'plain', lines: 4, firstStamp: null });
    expect(plain?.tail.map((line) => [line.stamp, line.stream, line.text, line.line])).toEqual([
      [null, null, 'Starting app version 1.4.2', 1],
      [null, null, 'listening on :8080', 2],
      [null, null, '2026-11-27 09:13:31 ERROR connection refused', 3],
      [null, null, 'shutting down', 4],
    ]);
  });

  it('detects CRI after a first line cut mid-way and reports that line', async () => {
    const path = `${POD_DIR}/api/0.log`;
    const { data, issues } = await readPods({ [path]: await fixture('pod-logs', 'cri-containerd-cut-at-start.log') });
    expect(data.attempts[0]?.files[0]).toMatchObject({ format: 'cri', lines: 2, badLines: 1 });
    expect(issues).toEqual([{ source: 'podLogs', file: path, line: 1, message: expect.stringContaining('not a cri log line') }]);
  });

  it('reports bad lines inside a CRI file with file and line, and goes on', async () => {
    const path = `${POD_DIR}/api/0.log`;
    const text = '2024-01-01T12:00:00Z stdout F one\ngarbage\n2024-01-01T12:00:01Z stdout F two\n';
    const { data, issues } = await readPods({ [path]: text });
    expect(data.attempts[0]).toMatchObject({ lines: 2 });
    expect(issues).toEqual([{ source: 'podLogs', file: path, line: 2, message: 'not a cri log line' }]);
  });
});

describe('pod logs reader: files and attempts', () => {
  const rotated = {
    [`${POD_DIR}/api/1.log`]: '2026-11-27T10:14:00Z stdout F attempt 1 starts\n',
    [`${POD_DIR}/api/0.log`]: '2026-11-27T10:10:00Z stdout F live file of attempt 0\n2026-11-27T10:13:59Z stderr F last words\n',
    [`${POD_DIR}/api/0.log.20261127-100500`]: '2026-11-27T10:05:00Z stdout F newest rotated\n',
    [`${POD_DIR}/api/0.log.20261127-100000.gz`]: '2026-11-27T09:55:00Z stdout F oldest rotated\n',
    [`${POD_DIR}/api/0.log.20261127-100500.tmp`]: 'half-written gzip',
  };

  it('orders files of an attempt by rotation suffix, live file last, whatever the archive order', async () => {
    const { data, issues } = await readPods(rotated);
    expect(issues).toEqual([]);
    const [zero, one] = data.attempts;
    expect(zero?.files.map((file) => [file.path.split('/').pop(), file.rotatedAt?.local?.minute ?? null, file.compressed])).toEqual([
      ['0.log.20261127-100000.gz', 0, true],
      ['0.log.20261127-100500', 5, false],
      ['0.log', null, false],
    ]);
    expect(zero?.tail.map((line) => line.text)).toEqual(['oldest rotated', 'newest rotated', 'live file of attempt 0', 'last words']);
    expect(zero?.firstStamp?.text).toBe('2026-11-27T09:55:00Z');
    expect(zero?.lastStamp?.text).toBe('2026-11-27T10:13:59Z');
    expect(one).toMatchObject({ attempt: 1, lines: 1 });
    expect(data.containers).toEqual([{ uid: UID, namespace: 'shop', pod: 'checkout-7d9f8b6c5-x2x9q', container: 'api', attempts: [0, 1] }]);
    expect(data.pods).toEqual([{ path: POD_DIR, namespace: 'shop', pod: 'checkout-7d9f8b6c5-x2x9q', uid: UID, uidForm: 'dashed', layout: 'namespace-pod-uid' }]);
    expect(data.ignored).toEqual([{ path: `${POD_DIR}/api/0.log.20261127-100500.tmp`, reason: 'temporary' }]);
  });

  it('prefers X.gz over X (crash mid-rotation), in either arrival order', async () => {
    const plain = `${POD_DIR}/api/0.log.20261127-100000`;
    const gz = `${plain}.gz`;
    for (const order of [
      [plain, gz],
      [gz, plain],
    ]) {
      const files = Object.fromEntries(order.map((path) => [path, `2026-11-27T10:00:00Z stdout F from ${path.endsWith('.gz') ? 'gz' : 'plain'}\n`]));
      const { data } = await readPods(files);
      expect(data.attempts[0]?.files.map((file) => file.path)).toEqual([gz]);
      expect(data.attempts[0]?.tail.map((line) => line.text)).toEqual(['from gz']);
      expect(data.ignored).toEqual([{ path: plain, reason: 'superseded-by-gz' }]);
    }
  });

  it('reads a file found under both pods/ and var/log/pods/ once', async () => {
    const line = '2026-11-27T10:00:00Z stdout F once\n';
    const { data } = await readPods({ [`${POD_DIR}/api/0.log`]: line, [`var/log/${POD_DIR}/api/0.log`]: line });
    expect(data.attempts.map((attempt) => attempt.lines)).toEqual([1]);
    expect(data.ignored).toEqual([{ path: `var/log/${POD_DIR}/api/0.log`, reason: 'duplicate' }]);
  });

  it('keeps the first 20 and last 50 lines of an attempt across files', async () => {
    const lines = (from: number, count: number) => Array.from({ length: count }, (_, i) => `2026-11-27T10:00:00Z stdout F line ${from + i}\n`).join('');
    const files = {
      [`${POD_DIR}/api/0.log`]: lines(150, 30),
      [`${POD_DIR}/api/0.log.20261127-100000.gz`]: lines(0, 10),
      [`${POD_DIR}/api/0.log.20261127-100500`]: lines(100, 50),
      [`${POD_DIR}/api/0.log.20261127-100200.gz`]: lines(10, 90),
    };
    const { data } = await readPods(files);
    const attempt = data.attempts[0];
    expect(attempt?.lines).toBe(180);
    expect(attempt?.head.map((line) => line.text)).toEqual(Array.from({ length: 20 }, (_, i) => `line ${i}`));
    expect(attempt?.tail.map((line) => line.text)).toEqual([...Array.from({ length: 20 }, (_, i) => `line ${130 + i}`), ...Array.from({ length: 30 }, (_, i) => `line ${150 + i}`)]);
    expect(attempt?.tail[0]?.file).toBe(`${POD_DIR}/api/0.log.20261127-100500`);
  });

  it('reads the UID-only layouts of ≤ 1.9 and 1.10–1.13', async () => {
    const old = await readPods(await fixtureTree(fixturePath('pod-logs', 'pods-layout-1.9-uid-only'), 'pods/'));
    expect(old.issues).toEqual([]);
    expect(old.data.pods).toEqual([{ path: `pods/${UID}`, namespace: null, pod: null, uid: UID, uidForm: 'dashed', layout: 'uid-container-file' }]);
    expect(old.data.attempts.map((attempt) => [attempt.container, attempt.attempt, attempt.files[0]?.format])).toEqual([
      ['api', 0, 'docker-json'],
      ['api', 1, 'cri-untagged'],
    ]);
    const mid = await readPods(await fixtureTree(fixturePath('pod-logs', 'pods-layout-1.10-uid-container-dir'), 'pods/'));
    expect(mid.data.pods[0]).toMatchObject({ uid: UID, layout: 'uid-container-dir' });
    expect(mid.data.attempts[0]?.tail[0]?.text).toBe('ready');
  });

  it('keeps a static pod 32-hex UID as its own form', async () => {
    const { data } = await readPods(await fixtureTree(fixturePath('pod-logs', 'static-pod-hash-uid'), 'var/log/pods/'));
    expect(data.pods).toEqual([
      {
        path: 'var/log/pods/kube-system_kube-apiserver-node1_0123456789abcdef0123456789abcdef',
        namespace: 'kube-system',
        pod: 'kube-apiserver-node1',
        uid: '0123456789abcdef0123456789abcdef',
        uidForm: 'static-hash',
        layout: 'namespace-pod-uid',
      },
    ]);
  });

  it('reports unrecognised paths and empty files without failing', async () => {
    const { data, issues } = await readPods({ 'pods/README.txt': 'hello', [`${POD_DIR}/api/0.log`]: '' });
    expect(issues).toEqual([{ source: 'podLogs', file: 'pods/README.txt', line: null, message: expect.stringContaining('not a pod log file name') }]);
    expect(data.attempts[0]?.files[0]).toMatchObject({ format: null, lines: 0, physicalLines: 0 });
  });

  it('keeps what was read of a file whose content is cut by a limit', async () => {
    const reader = createPodLogsReader();
    const { IssueLog } = await import('../../../src/sources/index.js');
    async function* cutContent() {
      yield Buffer.from('2026-11-27T10:00:00Z stdout F before the cut\n2026-11-27T10:00:01Z stdout P half');
      throw new Error('cut at the per-entry limit');
    }
    const file = { path: `${POD_DIR}/api/0.log`, source: 'podLogs' as const, candidate: 0, linkTarget: null };
    await expect(reader.read(file, cutContent(), new IssueLog())).rejects.toThrow('cut at the per-entry limit');
    expect(reader.result().attempts[0]?.tail.map((line) => line.text)).toEqual(['before the cut']);
  });

  it('keeps lines for the latest two attempts of each container only, in any arrival order, with counts and last line kept', async () => {
    const attemptLog = (n: number) => Array.from({ length: 30 }, (_, j) => `2026-11-27T10:${String(n).padStart(2, '0')}:${String(j).padStart(2, '0')}Z stdout F attempt ${n} line ${j + 1}\n`).join('');
    const numbers = [0, 1, 2, 3, 4, 5];
    const files = (order: number[]) => ({
      ...Object.fromEntries(order.map((n) => [`${POD_DIR}/api/${n}.log`, attemptLog(n)])),
      [`${POD_DIR}/sidecar/0.log`]: attemptLog(0),
    });
    for (const order of [numbers, [...numbers].reverse(), [3, 5, 0, 4, 1, 2]]) {
      const { data } = await readPods(files(order));
      const api = data.attempts.filter((attempt) => attempt.container === 'api');
      expect(api.map((attempt) => [attempt.attempt, attempt.head.length, attempt.tail.length])).toEqual([
        [0, 0, 0],
        [1, 0, 0],
        [2, 0, 0],
        [3, 0, 0],
        [4, 20, 30],
        [5, 20, 30],
      ]);
      expect(api.every((attempt) => attempt.lines === 30 && attempt.lastLine === 30 && attempt.lastStamp !== null)).toBe(true);
      expect(api.at(-1)?.tail.at(-1)?.text).toBe('attempt 5 line 30');
      expect(data.attempts.find((attempt) => attempt.container === 'sidecar')?.tail).toHaveLength(30);
    }
  });

  it('drops no more lines once a pod log file broke off (its kills fall back to the lines kept)', async () => {
    const reader = createPodLogsReader();
    const { IssueLog } = await import('../../../src/sources/index.js');
    const read = (name: string, content: AsyncIterable<Buffer>) => reader.read({ path: `${POD_DIR}/api/${name}`, source: 'podLogs', candidate: 0, linkTarget: null }, content, new IssueLog());
    async function* whole(text: string) {
      yield Buffer.from(text);
    }
    async function* cut() {
      yield Buffer.from('2026-11-27T10:00:00Z stdout F before the cut\n');
      throw new Error('cut at the per-entry limit');
    }
    await read('5.log', whole('2026-11-27T10:05:00Z stdout F five\n'));
    await read('4.log', whole('2026-11-27T10:04:00Z stdout F four\n'));
    await expect(read('0.log', cut())).rejects.toThrow('cut at the per-entry limit');
    await read('1.log', whole('2026-11-27T10:01:00Z stdout F one\n'));
    expect(reader.result().attempts.map((attempt) => attempt.tail.map((line) => line.text))).toEqual([['before the cut'], ['one'], ['four'], ['five']]);
  });
});
