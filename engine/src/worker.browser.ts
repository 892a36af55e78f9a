// Web Worker entry of the engine (bundled to dist/web/engine-worker.js): receives one run request with
// the kernel WASM bytes (and the weights' bytes), posts throttled progress, then the result or the error.
// The browser counterpart of worker.ts; it has no file access, so only bytes in the request are read.
import type { RunRequest, RunResult } from './types';
import type { WorkerMessage } from './worker';
import { runSampleWith } from './run';
import { setKernelSource, type SimdLevel } from './wasm';

/** What the page (the language server's worker) sends: the request and the kernel builds it has. */
export interface BrowserRunMessage {
  request: RunRequest;
  kernels: Partial<Record<SimdLevel, Uint8Array>>;
}

interface WorkerScope {
  onmessage: ((e: { data: BrowserRunMessage }) => void) | null;
  postMessage(msg: WorkerMessage, transfer?: ArrayBuffer[]): void;
}
const scope = globalThis as unknown as WorkerScope;

scope.onmessage = (e) => {
  const { request, kernels } = e.data;
  setKernelSource((level) => {
    const bytes = kernels[level];
    if (!bytes) throw new Error(`rnnlens engine: the ${level} kernel build was not loaded`);
    return bytes;
  });
  let last = 0;
  try {
    const result: RunResult = runSampleWith(
      request,
      (path) => { throw new Error(`rnnlens engine: cannot read ${path} in the browser (the client sends weights as bytes)`); },
      (fraction) => {
        const now = Date.now();
        if (now - last >= 50) {
          last = now;
          scope.postMessage({ type: 'progress', fraction });
        }
      },
    );
    const buffers = new Set<ArrayBuffer>();
    for (const t of Object.values(result.tensors)) if (t.data.buffer instanceof ArrayBuffer) buffers.add(t.data.buffer);
    scope.postMessage({ type: 'done', result }, [...buffers]);
  } catch (err) {
    scope.postMessage({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  }
};
