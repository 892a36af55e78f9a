// Runs a whole model's forward in a Web Worker of its own (the browser build's counterpart of
// node/modelRunHost.ts): sends the request with the parser's and the kernels' bytes, and terminates the
// worker when the run is cancelled.
import type { GrammarWasm } from '../analysis/analyze';
import type { ModuleRunResult } from '../concrete/moduleRun';
import type { ModelRunRequest } from '../lsp/runModel';
import type { SimdLevel } from '../../../engine/src/wasm';
import type { BrowserModelRunMessage, BrowserModelRunReply } from './modelRunWorker';

/** The part of a DOM Worker used here (the project's lib settings carry no DOM types). */
export interface ModelWorkerLike {
  postMessage(message: BrowserModelRunMessage): void;
  terminate(): void;
  onmessage: ((e: { data: BrowserModelRunReply }) => void) | null;
  onerror: ((e: { message?: string }) => void) | null;
}

export class ModelRunFailed extends Error {
  constructor(message: string, readonly usage = false) {
    super(message);
  }
}

export function runModelInWebWorker(
  req: ModelRunRequest,
  opts: { signal?: AbortSignal },
  start: () => ModelWorkerLike,
  grammar: GrammarWasm,
  kernels: Partial<Record<SimdLevel, Uint8Array>>,
): Promise<ModuleRunResult> {
  return new Promise((resolve, reject) => {
    if (opts.signal?.aborted) return reject(new ModelRunFailed('cancelled'));
    const worker = start();
    let settled = false;
    const finish = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      opts.signal?.removeEventListener('abort', onAbort);
      worker.terminate();
      fn();
    };
    const onAbort = (): void => finish(() => reject(new ModelRunFailed('cancelled')));
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    worker.onmessage = (e) => {
      const m = e.data;
      finish(() => (m.type === 'result' ? resolve(m.result) : reject(new ModelRunFailed(m.message, m.usage))));
    };
    worker.onerror = (e) => finish(() => reject(new ModelRunFailed(`the model run's worker failed: ${e.message ?? 'unknown error'}`)));
    worker.postMessage({ request: req, grammar, kernels });
  });
}
