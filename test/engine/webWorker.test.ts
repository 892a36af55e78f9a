// The browser engine path in Node: worker.browser.ts's message handler driven through runSampleInWebWorker
// by a stand-in Web Worker (Node has none): same numbers as the Node path, weights as bytes, refusals
// before a worker starts, cancellation terminating the worker, and no file access.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kernelBytesFromDisk } from '../../engine/src/kernelFiles';
import { runSampleDirect, writeSafetensors, type LayerSpec } from '../../engine/src/index';
import { runSampleInWebWorker, type KernelBytes, type WebWorkerLike } from '../../engine/src/webWorkerRun';
import type { WorkerMessage } from '../../engine/src/worker';
import type { BrowserRunMessage } from '../../engine/src/worker.browser';
import '../../engine/src/worker.browser'; // installs its message handler on globalThis

type Scope = { onmessage: ((e: { data: BrowserRunMessage }) => void) | null; postMessage?: (m: WorkerMessage) => void };
const scope = globalThis as unknown as Scope;
const handler = scope.onmessage;
assert.ok(handler, 'worker.browser.ts installs a message handler');

/** Runs the browser worker's handler on the next tick, as a real worker would, and forwards what it posts. */
class StandInWorker implements WebWorkerLike {
  onmessage: ((e: { data: WorkerMessage }) => void) | null = null;
  onerror: ((e: { message?: string }) => void) | null = null;
  terminated = false;
  constructor(private readonly respond = true) {}
  postMessage(message: BrowserRunMessage): void {
    if (!this.respond) return;
    setTimeout(() => {
      const out: WorkerMessage[] = [];
      scope.postMessage = (m) => out.push(m);
      handler!({ data: structuredClone(message) });
      for (const m of out) if (!this.terminated) this.onmessage?.({ data: m });
    }, 0);
  }
  terminate(): void {
    this.terminated = true;
  }
}

const kernels: KernelBytes = { simd: kernelBytesFromDisk('simd'), 'relaxed-simd': kernelBytesFromDisk('relaxed-simd') };
const gru: LayerSpec = { kind: 'GRU', inputSize: 6, hiddenSize: 12, numLayers: 2, nonlinearity: 'tanh', bias: true, batchFirst: true, dropout: 0, bidirectional: false, projSize: 0 };

test('the browser worker computes what the Node path computes (same seed)', async () => {
  const req = { spec: gru, batch: 2, seq: 5, seed: 7 };
  const progress: number[] = [];
  const web = await runSampleInWebWorker(req, { onProgress: (f) => progress.push(f) }, () => new StandInWorker(), kernels);
  const node = runSampleDirect(req);
  assert.equal(web.simd, node.simd);
  for (const k of Object.keys(node.tensors)) assert.deepEqual([...web.tensors[k]!.data], [...node.tensors[k]!.data], k);
  assert.equal(progress.at(-1), 1);
});

test('weights sent as bytes are used (all-zero GRU weights give all-zero outputs)', async () => {
  const tensors: Record<string, { shape: number[]; data: Float32Array }> = {};
  const zeros = (shape: number[]) => ({ shape, data: new Float32Array(shape.reduce((a, b) => a * b, 1)) });
  for (const l of [0, 1]) {
    tensors[`gru.weight_ih_l${l}`] = zeros([36, l === 0 ? 6 : 12]);
    tensors[`gru.weight_hh_l${l}`] = zeros([36, 12]);
    tensors[`gru.bias_ih_l${l}`] = zeros([36]);
    tensors[`gru.bias_hh_l${l}`] = zeros([36]);
  }
  const r = await runSampleInWebWorker({ spec: gru, batch: 2, seq: 3, seed: 1, weightsPath: 'zeros.safetensors', weightsBytes: writeSafetensors(tensors) }, {}, () => new StandInWorker(), kernels);
  assert.match(r.weightsSource, /^zeros\.safetensors \(prefix 'gru\.'\)$/);
  assert.deepEqual(r.outputs.map((o) => [o.name, o.min, o.max]), [['output', 0, 0], ['h_n', 0, 0]]);
});

test('a path without bytes is refused: the browser worker reads no files', async () => {
  await assert.rejects(
    runSampleInWebWorker({ spec: gru, batch: 2, seq: 3, weightsPath: '/etc/passwd' }, {}, () => new StandInWorker(), kernels),
    /cannot read \/etc\/passwd in the browser/,
  );
});

test('a run over the memory limit is refused before a worker starts', async () => {
  let started = 0;
  await assert.rejects(
    runSampleInWebWorker({ spec: { ...gru, hiddenSize: 4096 }, batch: 512, seq: 1000, memoryLimitMB: 64 }, {}, () => (started++, new StandInWorker()), kernels),
    /refusing to run/,
  );
  assert.equal(started, 0);
});

test('cancelling terminates the worker and rejects with an AbortError', async () => {
  const worker = new StandInWorker(false);
  const ctrl = new AbortController();
  const run = runSampleInWebWorker({ spec: gru, batch: 2, seq: 3 }, { signal: ctrl.signal }, () => worker, kernels);
  ctrl.abort();
  await assert.rejects(run, (e: Error) => e.name === 'AbortError');
  assert.equal(worker.terminated, true);
});
