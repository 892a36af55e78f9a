// worker_threads entry of the engine (bundled to dist/engine-worker.js): runs one sample run from
// workerData, posts throttled progress, then the result (tensor buffers transferred) or the error.
import { parentPort, workerData } from 'node:worker_threads';
import type { RunRequest } from './types';
import { runSampleDirect } from './sample';

export type WorkerMessage =
  | { type: 'progress'; fraction: number }
  | { type: 'done'; result: import('./types').RunResult }
  | { type: 'error'; message: string };

function post(msg: WorkerMessage, transfer: ArrayBuffer[] = []): void {
  parentPort?.postMessage(msg, transfer);
}

if (parentPort) {
  // the first report 50 ms in: a short run posts none (a message inside the timed pass would show in its time)
  let last = Date.now();
  try {
    const result = runSampleDirect(workerData as RunRequest, (fraction) => {
      const now = Date.now();
      if (now - last >= 50) {
        last = now;
        post({ type: 'progress', fraction });
      }
    });
    const buffers = new Set<ArrayBuffer>();
    for (const t of Object.values(result.tensors)) if (t.data.buffer instanceof ArrayBuffer) buffers.add(t.data.buffer);
    post({ type: 'done', result }, [...buffers]);
  } catch (e) {
    post({ type: 'error', message: e instanceof Error ? e.message : String(e) });
  }
}
