// worker_threads entry of a whole-model sample run (bundled to dist/model-run-worker.js): loads the
// parser, runs the model's forward through the interpreter with concrete values (concrete/moduleRun.ts)
// and posts the result once. One worker per run: cancelling terminates it, its heap is the memory limit.
import { parentPort, workerData } from 'node:worker_threads';
import { runModule, ModuleUsageError } from '../concrete/moduleRun';
import '../../../engine/src/kernelFiles'; // the engine's kernels from disk
import { loadAnalyzer } from './analyzer';
import { moduleRunOptions, type ModelRunRequest } from '../lsp/runModel';
import type { ModelRunMessage } from './modelRunHost';

const port = parentPort;
if (!port) throw new Error('rnnlens: modelRunWorker must run in a worker thread');
const req = workerData as ModelRunRequest;
const post = (m: ModelRunMessage): void => port.postMessage(m);

loadAnalyzer().then(() => runModule(req.text, moduleRunOptions(req))).then(
  (result) => post({ type: 'result', result }),
  (e: unknown) => post({ type: 'error', message: e instanceof Error ? e.message : String(e), usage: e instanceof ModuleUsageError }),
);
