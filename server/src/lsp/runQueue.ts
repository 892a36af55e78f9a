// A global cap on the language server's sample runs: at most `maxConcurrent` engine workers at once,
// their estimated memory together within `totalMB`; later runs wait in order (cancellable), and past
// `maxQueued` waiting runs a request is refused instead of piling up.

export interface RunQueueLimits {
  maxConcurrent: number;
  /** Sum of the running runs' reservations; a single larger run may still run alone. */
  totalMB: number;
  maxQueued: number;
}

/** Two workers (the machines this runs on have few cores); two default 512 MB runs fit in 1 GB. */
export const defaultRunQueueLimits: RunQueueLimits = { maxConcurrent: 2, totalMB: 1024, maxQueued: 8 };
/** What a worker costs besides the run's own buffers (a V8 isolate and the wasm module). */
export const WORKER_OVERHEAD_MB = 32;

interface Waiter {
  mb: number;
  admit: () => void;
}

export class RunQueue {
  private running = 0;
  private runningMB = 0;
  private readonly waiting: Waiter[] = [];
  /** The most runs seen running at once, and their most memory (for tests and figures). */
  peakRunning = 0;
  peakMB = 0;

  constructor(readonly limits: RunQueueLimits = defaultRunQueueLimits) {}

  /**
   * Runs `job` once a slot and `mb` of the memory budget are free. `onWait(ahead)` is told how many
   * runs are ahead when the job has to wait. Rejects with an AbortError if `signal` aborts while waiting.
   */
  async run<T>(mb: number, job: () => Promise<T>, signal?: AbortSignal, onWait?: (ahead: number) => void): Promise<T> {
    if (signal?.aborted) throw abortError();
    if (!(mb > 0 && Number.isFinite(mb))) mb = 0; // a bad size is refused by the engine itself, promptly
    if (this.waiting.length > 0 || !this.fits(mb)) {
      if (this.waiting.length >= this.limits.maxQueued) {
        throw new Error(`rnnlens: ${this.running} sample runs are running and ${this.waiting.length} are waiting, the most this server queues; try again when one has finished`);
      }
      onWait?.(this.running + this.waiting.length);
      await new Promise<void>((resolve, reject) => {
        const waiter: Waiter = { mb, admit: () => { signal?.removeEventListener('abort', onAbort); resolve(); } };
        const onAbort = (): void => {
          const i = this.waiting.indexOf(waiter);
          if (i >= 0) this.waiting.splice(i, 1);
          reject(abortError());
          this.next();
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        this.waiting.push(waiter);
      });
    } else {
      this.take(mb);
    }
    try {
      return await job();
    } finally {
      this.running--;
      this.runningMB -= mb;
      this.next();
    }
  }

  get active(): number {
    return this.running;
  }

  get queued(): number {
    return this.waiting.length;
  }

  private fits(mb: number): boolean {
    return this.running < this.limits.maxConcurrent && (this.running === 0 || this.runningMB + mb <= this.limits.totalMB);
  }

  private take(mb: number): void {
    this.running++;
    this.runningMB += mb;
    this.peakRunning = Math.max(this.peakRunning, this.running);
    this.peakMB = Math.max(this.peakMB, this.runningMB);
  }

  /** Admits waiting runs in order while the head fits (no overtaking, so a large run is not starved). */
  private next(): void {
    while (this.waiting.length > 0 && this.fits(this.waiting[0]!.mb)) {
      const w = this.waiting.shift()!;
      this.take(w.mb);
      w.admit();
    }
  }
}

function abortError(): Error {
  const e = new Error('rnnlens: the sample run was cancelled while waiting for another run to finish');
  e.name = 'AbortError';
  return e;
}

/** The server's one queue: every `rnnlens/runSample` request goes through it. */
export const sampleRuns = new RunQueue();
