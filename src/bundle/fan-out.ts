/**
 * One entry's content read once and handed to several readers at the same time (the same file
 * under several candidate roots): each chunk is pulled from the archive when every reader still
 * interested has asked for it, so memory holds one chunk, whatever the file's size. A reader that
 * finishes without opening the content, or stops early, no longer holds the others back.
 */
type State = 'idle' | 'reading' | 'waiting' | 'done';

export class ContentFanOut {
  private readonly states: State[];
  private readonly resolvers: Array<{ resolve: (result: IteratorResult<Buffer>) => void; reject: (error: unknown) => void } | null>;
  private source: AsyncIterator<Buffer> | null = null;
  private pulling = false;
  private ended: IteratorResult<Buffer> | null = null;

  constructor(
    private readonly open: () => AsyncIterable<Buffer>,
    count: number,
  ) {
    this.states = new Array<State>(count).fill('idle');
    this.resolvers = new Array<null>(count).fill(null);
  }

  /** The content as reader `index` sees it. */
  stream(index: number): AsyncIterable<Buffer> {
    if (this.states[index] !== 'idle') throw new Error('content was already opened');
    this.states[index] = 'reading';
    return {
      [Symbol.asyncIterator]: () => ({
        next: () => this.next(index),
        return: async () => {
          this.settle(index);
          return { done: true, value: undefined };
        },
      }),
    };
  }

  /** Reader `index` has finished with this entry (read all, stopped early, or never opened it). */
  settle(index: number): void {
    this.states[index] = 'done';
    this.resolvers[index] = null;
    this.pump();
  }

  private next(index: number): Promise<IteratorResult<Buffer>> {
    if (this.ended) return Promise.resolve(this.ended);
    if (this.states[index] === 'done') return Promise.resolve({ done: true, value: undefined });
    return new Promise((resolve, reject) => {
      this.states[index] = 'waiting';
      this.resolvers[index] = { resolve, reject };
      this.pump();
    });
  }

  private pump(): void {
    if (this.pulling || this.ended) return;
    if (this.states.some((state) => state === 'idle' || state === 'reading')) return;
    if (!this.states.includes('waiting')) return;
    this.pulling = true;
    this.source ??= this.open()[Symbol.asyncIterator]();
    this.source.next().then(
      (result) => this.deliver((resolver) => resolver.resolve(result), result.done ? result : null),
      (error: unknown) => this.deliver((resolver) => resolver.reject(error), { done: true, value: undefined }),
    );
  }

  private deliver(settle: (resolver: { resolve: (result: IteratorResult<Buffer>) => void; reject: (error: unknown) => void }) => void, ended: IteratorResult<Buffer> | null): void {
    this.pulling = false;
    this.ended = ended;
    this.states.forEach((state, index) => {
      const resolver = this.resolvers[index];
      if (state !== 'waiting' || !resolver) return;
      this.states[index] = 'reading';
      this.resolvers[index] = null;
      settle(resolver);
    });
  }
}
