// Runs a whole model's forward (`rnnlens/runModel`) in a worker thread of its own: the server's event
// loop never waits on it, its heap is capped at the engine's memory limit, and a cancelled run's worker
// is terminated.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ModuleRunResult } from '../concrete/moduleRun';
import type { ModelRunRequest } from '../lsp/runModel';

export type ModelRunMessage = { type: 'result'; result: ModuleRunResult } | { type: 'error'; message: string; usage: boolean };

/** A run that could not start or did not finish; `usage`: the module asked for is not one the file runs. */
export class ModelRunError extends Error {
  constructor(message: string, readonly usage = false) {
    super(message);
  }
}

function workerScript(): string {
  const bundled = path.join(__dirname, 'model-run-worker.js');
  if (fs.existsSync(bundled)) return bundled;
  const source = path.join(__dirname, 'modelRunWorker.ts');
  if (fs.existsSync(source)) return source;
  throw new Error(`rnnlens: model-run worker not found (looked for ${bundled} and ${source})`);
}

export function runModelInWorker(req: ModelRunRequest, opts: { signal?: AbortSignal } = {}): Promise<ModuleRunResult> {
  return new Promise((resolve, reject) => {
    if (opts.signal?.aborted) return reject(new ModelRunError('cancelled'));
    const worker = new Worker(workerScript(), {
      workerData: req,
      resourceLimits: { maxOldGenerationSizeMb: Math.max(64, Math.min(req.memoryLimitMB, 4096)) },
    });
    let settled = false;
    const settle = (f: () => void): void => {
      if (settled) return;
      settled = true;
      opts.signal?.removeEventListener('abort', onAbort);
      void worker.terminate();
      f();
    };
    const onAbort = (): void => settle(() => reject(new ModelRunError('cancelled')));
    opts.signal?.addEventListener('abort', onAbort);
    worker.on('message', (m: ModelRunMessage) => settle(() => (m.type === 'result' ? resolve(m.result) : reject(new ModelRunError(m.message, m.usage)))));
    worker.on('error', (e) => {
      const oom = /ERR_WORKER_OUT_OF_MEMORY|out of memory/i.test(`${(e as NodeJS.ErrnoException).code ?? ''} ${e.message}`);
      settle(() => reject(new ModelRunError(oom ? `the run needed more than the memory limit (${req.memoryLimitMB} MB, setting rnnlens.engine.memoryLimitMB)` : `the run stopped: ${e.message}`)));
    });
    worker.on('exit', (code) => settle(() => reject(new ModelRunError(`the run's worker exited (code ${code})`))));
  });
}
