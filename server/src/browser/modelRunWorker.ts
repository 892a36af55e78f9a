// Web Worker entry of a whole-model run in the browser build (bundled to dist/web/model-run-worker.js):
// receives the run request with the parser's and the engine's WASM bytes, runs the model's forward
// (concrete/moduleRun.ts) and posts the result or the error. The counterpart of node/modelRunWorker.ts.
import { initAnalyzer, type GrammarWasm } from '../analysis/analyze';
import { runModule, ModuleUsageError, type ModuleRunResult } from '../concrete/moduleRun';
import { moduleRunOptions, type ModelRunRequest } from '../lsp/runModel';
import { setKernelSource, type SimdLevel } from '../../../engine/src/wasm';

/** What the language server's worker sends. */
export interface BrowserModelRunMessage {
  request: ModelRunRequest;
  grammar: GrammarWasm;
  kernels: Partial<Record<SimdLevel, Uint8Array>>;
}

export type BrowserModelRunReply = { type: 'result'; result: ModuleRunResult } | { type: 'error'; message: string; usage: boolean };

interface WorkerScope {
  onmessage: ((e: { data: BrowserModelRunMessage }) => void) | null;
  postMessage(msg: BrowserModelRunReply, transfer?: ArrayBuffer[]): void;
}
const scope = globalThis as unknown as WorkerScope;

scope.onmessage = (e) => {
  const { request: req, grammar, kernels } = e.data;
  setKernelSource((level) => {
    const bytes = kernels[level];
    if (!bytes) throw new Error(`rnnlens engine: the ${level} kernel build was not loaded`);
    return bytes;
  });
  initAnalyzer(grammar)
    .then(() =>
      runModule(req.text, moduleRunOptions(req)),
    )
    .then(
      (result) => {
        const buffers = new Set<ArrayBuffer>();
        for (const o of result.outputs) if (o.tensor.data.buffer instanceof ArrayBuffer) buffers.add(o.tensor.data.buffer);
        scope.postMessage({ type: 'result', result }, [...buffers]);
      },
      (err: unknown) => scope.postMessage({ type: 'error', message: err instanceof Error ? err.message : String(err), usage: err instanceof ModuleUsageError }),
    );
};
