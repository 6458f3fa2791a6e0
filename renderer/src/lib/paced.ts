// One async job per item, at most `concurrency` at once, each worker pausing `pauseMs` before
// its next job: a batch of GitLab checks arrives as a trickle, not a burst. The GitLab client
// still answers a 429 by waiting out Retry-After itself; when it gives up, `stopAfter` lets the
// caller stop starting new jobs rather than spend the rest of the window.

export type Outcome<T> = { status: 'done'; value: T } | { status: 'failed'; error: unknown } | { status: 'skipped' };

export interface PacedOptions<T> {
  concurrency: number;
  pauseMs: number;
  /** Cancel: jobs already running finish; none start after it aborts. */
  signal?: AbortSignal;
  /** Called once per finished job (done or failed), with how many have finished. */
  onProgress?(finished: number, total: number): void;
  /** True when no further job should start after this outcome (e.g. GitLab's rate limit hit). */
  stopAfter?(outcome: Outcome<T>): boolean;
  /** The pause; injectable so tests need no clock. */
  sleep?(ms: number): Promise<void>;
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs `job` over `items`, paced; the outcomes are in the items' order, 'skipped' for those never started. */
export async function runPaced<I, T>(items: readonly I[], job: (item: I) => Promise<T>, options: PacedOptions<T>): Promise<Outcome<T>[]> {
  if (!Number.isInteger(options.concurrency) || options.concurrency < 1) throw new RangeError('concurrency must be a whole number of at least 1.');
  if (!(options.pauseMs >= 0)) throw new RangeError('pauseMs must be zero or more.');
  const sleep = options.sleep ?? wait;
  const outcomes: Outcome<T>[] = items.map(() => ({ status: 'skipped' }));
  let next = 0;
  let finished = 0;
  let stopped = false;
  const halted = () => stopped || options.signal?.aborted === true;

  const worker = async () => {
    for (let first = true; ; first = false) {
      if (halted() || next >= items.length) return;
      if (!first && options.pauseMs > 0) await sleep(options.pauseMs);
      if (halted() || next >= items.length) return;
      const index = next++;
      let outcome: Outcome<T>;
      try {
        outcome = { status: 'done', value: await job(items[index] as I) };
      } catch (error) {
        outcome = { status: 'failed', error };
      }
      outcomes[index] = outcome;
      finished += 1;
      if (options.stopAfter?.(outcome)) stopped = true;
      options.onProgress?.(finished, items.length);
    }
  };

  await Promise.all(Array.from({ length: Math.min(options.concurrency, items.length) }, worker));
  return outcomes;
}
