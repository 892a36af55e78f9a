// Runs one sample forward pass in a Web Worker (the browser counterpart of runSample in index.ts):
// checks the request first, sends it with the kernel builds' bytes, reports progress, and terminates the
// worker on cancellation. The caller supplies how to start the worker and the kernel bytes.
import type { RunOptions, RunRequest, RunResult } from './types';
import type { WorkerMessage } from './worker';
import type { BrowserRunMessage } from './worker.browser';
import type { SimdLevel } from './wasm';
import { checkRunRequest } from './run';
import { abortError } from './abort';

/** The part of a DOM Worker used here (the project's lib settings carry no DOM types). */
export interface WebWorkerLike {
  postMessage(message: BrowserRunMessage): void;
  terminate(): void;
  onmessage: ((e: { data: WorkerMessage }) => void) | null;
  onerror: ((e: { message?: string }) => void) | null;
}

/** The kernel builds, as loaded by the host: plain SIMD always, relaxed SIMD when available. */
export type KernelBytes = Partial<Record<SimdLevel, Uint8Array>>;

export async function runSampleInWebWorker(req: RunRequest, opts: RunOptions, start: () => WebWorkerLike, kernels: KernelBytes): Promise<RunResult> {
  const { signal, onProgress } = opts;
  if (signal?.aborted) throw abortError();
  checkRunRequest(req);
  const worker = start();
  return new Promise<RunResult>((resolve, reject) => {
    let settled = false;
    const finish = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      worker.terminate();
      fn();
    };
    const onAbort = (): void => finish(() => reject(abortError()));
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.onmessage = (e) => {
      const msg = e.data;
      if (msg.type === 'progress') onProgress?.(msg.fraction);
      else if (msg.type === 'done') finish(() => { onProgress?.(1); resolve(msg.result); });
      else finish(() => reject(new Error(msg.message)));
    };
    worker.onerror = (e) => finish(() => reject(new Error(`rnnlens engine: the worker failed: ${e.message ?? 'unknown error'}`)));
    worker.postMessage({ request: req, kernels });
  });
}
