export interface BoundedRun {
  /** One latency per call, in call order. */
  latenciesMs: number[];
  /** First call sent to last answer received. */
  wallMs: number;
}

export interface BoundedOptions {
  count: number;
  concurrency: number;
  timeoutMs: number;
  /** Ends the run early (Ctrl-C, the worker died), like a timeout. */
  signal: AbortSignal;
  /** One call; `index` runs from 0 to count - 1. */
  call: (index: number) => Promise<void>;
}

/**
 * Runs `count` calls with at most `concurrency` in flight, timing each. Bounded both ways: it never
 * makes more than `count` calls, and it fails once `timeoutMs` has passed, `signal` is aborted or a
 * call has failed.
 * Every `call` must bound its own duration (a request timeout), since a failed run waits for them.
 */
export async function runBounded({
  count,
  concurrency,
  timeoutMs,
  signal,
  call,
}: BoundedOptions): Promise<BoundedRun> {
  signal.throwIfAborted();
  const latenciesMs: number[] = new Array(count);
  let next = 0;
  let stopped = false;
  const started = performance.now();

  async function lane(): Promise<void> {
    while (!stopped && next < count) {
      const index = next++;
      const callStarted = performance.now();
      await call(index);
      latenciesMs[index] = performance.now() - callStarted;
    }
  }

  const lanes = Array.from({ length: concurrency }, lane);
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const ended = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`phase exceeded ${timeoutMs / 1000} s`)), timeoutMs);
    onAbort = () => reject(signal.reason);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    await Promise.race([Promise.all(lanes), ended]);
  } catch (error) {
    // The other lanes take no further calls; the calls in flight (each bounded) settle before we
    // report, so nothing still talks to the stack while it is being stopped.
    stopped = true;
    await Promise.allSettled(lanes);
    throw error;
  } finally {
    clearTimeout(timer);
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
  return { latenciesMs, wallMs: performance.now() - started };
}
