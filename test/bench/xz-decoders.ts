/**
 * How the xz decoders on the npm registry compare on one `.tar.xz`: each decodes the whole file,
 * streaming, to nowhere, in its own Node child, against `xz -dc > /dev/null`. Runs are
 * interleaved (xz, a, b, …; xz, a, b, …) and medians printed with the load average, since the
 * machine is shared. This is how the analyzer's decoder was chosen (see the README figures and
 * the commit that added it); only the chosen one is a dependency, so install the others first:
 *
 *   npm install --no-save xz-decompress node-liblzma@3.2.1 @napi-rs/lzma@1.4.5
 *   npm run build && tsc -p test/bench
 *   node dist/bench/bench/xz-decoders.js <file.tar.xz> [runs]
 *
 * A decoder that is not installed or does not load is listed with the reason, not measured.
 */
import { createReadStream, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { measure, type Measurement } from './measure-command.js';

type Decode = (path: string) => Promise<number>;

/** Counts what a decoder yields, so a decoder that stops early is seen. */
function counter(): { sink: Writable; bytes: () => number } {
  let bytes = 0;
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      done();
    },
  });
  return { sink, bytes: () => bytes };
}

const load = (name: string): Promise<Record<string, unknown>> => import(name) as Promise<Record<string, unknown>>;

const DECODERS: Record<string, Decode> = {
  async 'lzma-native'(path) {
    const lzma = (await load('lzma-native')) as { createDecompressor(): NodeJS.ReadWriteStream };
    const out = counter();
    await pipeline(createReadStream(path, { highWaterMark: 256 * 1024 }), lzma.createDecompressor(), out.sink);
    return out.bytes();
  },
  async 'node-liblzma'(path) {
    const lzma = (await load('node-liblzma')) as { createUnxz(): NodeJS.ReadWriteStream };
    const out = counter();
    await pipeline(createReadStream(path, { highWaterMark: 256 * 1024 }), lzma.createUnxz(), out.sink);
    return out.bytes();
  },
  async 'xz-decompress'(path) {
    const module = await load('xz-decompress');
    const XzReadableStream = (module['XzReadableStream'] ?? (module['default'] as Record<string, unknown>)['XzReadableStream']) as new (input: unknown) => ReadableStream<Uint8Array>;
    const out = counter();
    const decoded = new XzReadableStream(Readable.toWeb(createReadStream(path, { highWaterMark: 256 * 1024 })));
    await pipeline(Readable.fromWeb(decoded as import('node:stream/web').ReadableStream<Uint8Array>), out.sink);
    return out.bytes();
  },
  async '@napi-rs/lzma'(path) {
    // Whole buffer in, whole buffer out: it has no streaming API, so memory grows with the input.
    const { readFile } = await import('node:fs/promises');
    const module = await load('@napi-rs/lzma');
    const xz = (module['xz'] ?? (module['default'] as Record<string, unknown>)['xz']) as { decompress(input: Uint8Array): Promise<Buffer> };
    return (await xz.decompress(await readFile(path))).length;
  },
};

async function availability(name: string): Promise<string | null> {
  try {
    await load(name);
    return null;
  } catch (error) {
    return `${(error as Error).message.split('\n')[0]}`;
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)] ?? NaN;

async function compare(path: string, runs: number): Promise<void> {
  const inputBytes = statSync(path).size;
  const subjects: string[] = ['xz -dc'];
  for (const name of Object.keys(DECODERS)) {
    const missing = await availability(name);
    if (missing) process.stdout.write(`${name}: not measured (${missing})\n`);
    else subjects.push(name);
  }
  const self = fileURLToPath(import.meta.url);
  const results = new Map<string, Measurement[]>(subjects.map((subject) => [subject, []]));
  const loads: number[] = [];
  let outBytes = 0;
  for (let run = 1; run <= runs; run += 1) {
    for (const subject of subjects) {
      loads.push(loadavg()[0] ?? 0);
      const measured = subject === 'xz -dc' ? await measure('sh', ['-c', 'xz -dc "$1" > /dev/null', 'sh', path]) : await measure(process.execPath, [self, '--decode', subject, path]);
      if (measured.exitCode !== 0) process.stdout.write(`${subject} run ${run} failed (${measured.exitCode}): ${measured.stderr.trim().split('\n').slice(-2).join(' / ')}\n`);
      const printed = /decoded (\d+)/.exec(measured.stderr);
      if (printed) outBytes = Math.max(outBytes, Number(printed[1]));
      results.get(subject)?.push(measured);
    }
  }
  const mib = (bytes: number) => bytes / 1024 ** 2;
  process.stdout.write(
    `\n${path}: ${mib(inputBytes).toFixed(1)} MiB xz, ${mib(outBytes).toFixed(1)} MiB decoded; ${runs} interleaved runs, medians; load average ${median(loads).toFixed(2)} (min ${Math.min(...loads).toFixed(2)}, max ${Math.max(...loads).toFixed(2)})\n\n`,
  );
  process.stdout.write('| decoder | wall s | MB/s out | CPU s | peak RSS MiB | × xz -dc |\n|---|---|---|---|---|---|\n');
  const floor = median((results.get('xz -dc') ?? []).map((m) => m.wallMs));
  for (const [subject, measured] of results) {
    const wall = median(measured.map((m) => m.wallMs));
    const rss = median(measured.map((m) => m.maxRssBytes ?? NaN));
    process.stdout.write(
      `| ${subject} | ${(wall / 1000).toFixed(2)} | ${(mib(outBytes) / (wall / 1000)).toFixed(1)} | ${(median(measured.map((m) => m.cpuMs)) / 1000).toFixed(2)} | ${mib(rss).toFixed(0)} | ${(wall / floor).toFixed(2)} |\n`,
    );
  }
}

async function main(argv: string[]): Promise<number> {
  if (argv[0] === '--decode') {
    const decode = DECODERS[argv[1] ?? ''];
    if (!decode || !argv[2]) return (process.stderr.write('usage: --decode <decoder> <file>\n'), 2);
    process.stderr.write(`decoded ${await decode(argv[2])}\n`);
    return 0;
  }
  if (!argv[0]) return (process.stderr.write('usage: node dist/bench/bench/xz-decoders.js <file.tar.xz> [runs]\n'), 2);
  await compare(argv[0], Number(argv[1] ?? 3));
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(`xz-decoders: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
