/**
 * redact's learning pass on worker threads. The pass reads every text line of the input for the
 * few that teach a name, which costs as much CPU as analyzing the input; the reader only hands
 * each file to a thread (the least busy), and the threads learn side by side. Their vocabularies
 * are joined at the end: a line teaches the same whichever thread reads it, so the joined
 * vocabulary is the one a single reader learns, in any entry order.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { PACKAGE_ROOT } from '../package-root.js';
import type { FromLearnWorker, LearnWorkerData, ToLearnWorker } from './learn-worker-protocol.js';
import type { Vocabulary } from './vocabulary.js';

const WORKER_URL = new URL('dist/redact/learn-worker.js', PACKAGE_ROOT);

/** Bytes posted to a thread and not yet learned from: reading waits above this, so memory stays bounded. */
const IN_FLIGHT_BYTES = 2 * 1024 * 1024;

/**
 * One thread per core, at most two: each thread has a heap of its own (about 30 MiB of peak RSS
 * each on the 500 MB bench bundle, where issue 15 allows 256 MiB in all), and with two the reader
 * (one gunzip stream) is about as fast as they are.
 */
function threadCount(): number {
  return Math.max(1, Math.min(2, availableParallelism()));
}

export class LearnPool {
  private readonly threads: LearnThread[];
  private files = 0;

  constructor(names: boolean, count = threadCount()) {
    this.threads = Array.from({ length: count }, () => new LearnThread({ names }));
  }

  /** One file's text, learned on the thread with the least work waiting. */
  async learn(content: AsyncIterable<Buffer>): Promise<void> {
    const thread = this.threads.reduce((least, candidate) => (candidate.inFlight < least.inFlight ? candidate : least));
    const file = this.files++;
    for await (const chunk of content) {
      // A copy of its own: the chunk is a view into a buffer the archive stage still reads from.
      const bytes = new Uint8Array(chunk.length);
      bytes.set(chunk);
      await thread.post({ type: 'chunk', file, bytes }, bytes.length, [bytes.buffer]);
    }
    await thread.post({ type: 'end', file }, 0);
  }

  /** Every thread's vocabulary, joined into `vocabulary`; the threads end. */
  async finish(vocabulary: Vocabulary): Promise<void> {
    for (const learned of await Promise.all(this.threads.map((thread) => thread.finish()))) vocabulary.join(learned);
  }

  /** Ends the threads (after finish(), or when the pass failed). */
  async close(): Promise<void> {
    await Promise.all(this.threads.map((thread) => thread.close()));
  }
}

type Learned = Extract<FromLearnWorker, { type: 'vocabulary' }>;

class LearnThread {
  inFlight = 0;
  private readonly worker: Worker;
  private failure: Error | null = null;
  private learned: Learned | null = null;
  private wake: (() => void) | null = null;

  constructor(data: LearnWorkerData) {
    this.worker = new Worker(WORKER_URL, { workerData: data });
    this.worker.on('message', (message: FromLearnWorker) => {
      if (message.type === 'learned') this.inFlight -= message.bytes;
      else this.learned = message;
      this.notify();
    });
    this.worker.on('error', (error) => ((this.failure ??= error), this.notify()));
    this.worker.once('exit', (code) => ((this.failure ??= new Error(`a learning thread stopped (exit code ${code})`)), this.notify()));
  }

  async post(message: ToLearnWorker, bytes: number, transfer: ArrayBuffer[] = []): Promise<void> {
    this.check();
    this.inFlight += bytes;
    this.worker.postMessage(message, transfer);
    while (this.inFlight > IN_FLIGHT_BYTES) await this.next();
  }

  async finish(): Promise<Learned> {
    this.check();
    this.worker.postMessage({ type: 'finish' } satisfies ToLearnWorker);
    while (!this.learned) await this.next();
    return this.learned;
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }

  private async next(): Promise<void> {
    await new Promise<void>((resolve) => (this.wake = resolve));
    this.check();
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  private check(): void {
    if (this.failure) throw this.failure;
  }
}
