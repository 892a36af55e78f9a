// The engine's public API: `runSample` runs a recurrent layer's forward pass in a worker thread
// (cancellable, with progress and a memory limit); the pure pieces are re-exported for direct use.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { RunRequest, RunResult, RunOptions } from './types';
import type { WorkerMessage } from './worker';
import { checkRunRequest } from './run';
import './kernelFiles';

export type { LayerKind, LayerSpec, LayerTrace, GateSaturation, Tensor, TensorRecipe, TensorSummary, RunRequest, RunResult, RunOptions } from './types';
export { isCell, gateCount, numel, formatShape } from './types';
export { readSafetensors, writeSafetensors, SafetensorsFile } from './safetensors';
export { readCheckpoint, readCheckpointTensors, CheckpointFile, STATE_DICT_KEYS } from './checkpoint/index';
export { readWeights, type TensorFile } from './weightsFile';
export { paramInfos, resolvePrefix, type ParamInfo } from './names';
export { initWeights, randn } from './init';
export { Rng } from './random';
export { summarize } from './summary';
export { estimateRunBytes, checkMemoryLimit, effectiveMemoryLimitMB, DEFAULT_MEMORY_LIMIT_MB, WASM_MEMORY_LIMIT_MB } from './limits';
export { forwardDirect, PreparedLayer, ioShapes, inferBatchSeq, checkSequenceLength, forwardFlops, type LayerWeights, type ForwardInputs, type IoShapes } from './forward';
export { runSampleDirect, loadWeightsFile, loadInputsFile } from './sample';
export { runSampleWith, weightsFromBytes } from './run';
export { KernelArena, type SimdLevel } from './wasm';

/** The worker script: dist/engine-worker.js beside the bundle, or worker.ts when running from source (tsx). */
export function workerScript(): string {
  const bundled = path.join(__dirname, 'engine-worker.js');
  if (fs.existsSync(bundled)) return bundled;
  const source = path.join(__dirname, 'worker.ts');
  if (fs.existsSync(source)) return source;
  throw new Error(`rnnlens engine: worker not found (looked for ${bundled} and ${source})`);
}

export { abortError } from './abort';
import { abortError } from './abort';

/** Run one sample forward pass in a worker thread. Rejects with an AbortError when `signal` aborts. */
export function runSample(req: RunRequest, opts: RunOptions = {}): Promise<RunResult> {
  return new Promise<RunResult>((resolve, reject) => {
    const { signal, onProgress } = opts;
    if (signal?.aborted) {
      reject(abortError());
      return;
    }
    try {
      checkRunRequest(req);
    } catch (e) {
      reject(e);
      return;
    }
    const script = workerScript();
    // From source (tests under tsx) the worker registers tsx's require hook first; the bundle is plain JS.
    const worker = script.endsWith('.ts')
      ? new Worker(`require('tsx/cjs'); require(${JSON.stringify(script)});`, { eval: true, workerData: req })
      : new Worker(script, { workerData: req });
    let settled = false;
    const finish = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      fn();
    };
    const onAbort = (): void => {
      finish(() => reject(abortError()));
      void worker.terminate();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (msg: WorkerMessage) => {
      if (msg.type === 'progress') onProgress?.(msg.fraction);
      else if (msg.type === 'done') finish(() => { onProgress?.(1); resolve(msg.result); });
      else finish(() => reject(new Error(msg.message)));
      if (msg.type !== 'progress') void worker.terminate();
    });
    worker.on('error', (err) => finish(() => reject(err)));
    worker.on('exit', (code) => finish(() => reject(new Error(`rnnlens engine: the worker exited (code ${code}) before finishing`))));
  });
}
