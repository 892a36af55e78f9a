// runSample in its worker: same numbers as the direct forward pass, seeded weights in torch's init
// range, memory-limit refusal, cancellation, progress, and inputs/weights read from files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { runSample, runSampleDirect, initWeights, Rng, estimateRunBytes, type LayerSpec } from '../../engine/src/index';
import { loadFixture, assertClose } from './fixture-io';

const lstm: LayerSpec = { kind: 'LSTM', inputSize: 12, hiddenSize: 20, numLayers: 2, nonlinearity: 'tanh', bias: true, batchFirst: true, dropout: 0, bidirectional: true, projSize: 0 };

test('worker run equals direct run (same seed)', async () => {
  const req = { spec: lstm, batch: 3, seq: 7, seed: 1234 };
  const viaWorker = await runSample(req);
  const direct = runSampleDirect(req);
  assert.equal(viaWorker.seed, 1234);
  assert.deepEqual(Object.keys(viaWorker.tensors), ['output', 'h_n', 'c_n']);
  assert.deepEqual(viaWorker.tensors.output.shape, [3, 7, 40]);
  for (const k of Object.keys(direct.tensors)) assert.deepEqual([...viaWorker.tensors[k].data], [...direct.tensors[k].data], k);
  assert.deepEqual(viaWorker.outputs.map((o) => o.name), ['output', 'h_n', 'c_n']);
  assert.ok(viaWorker.gflops > 0 && viaWorker.millis > 0);
});

test('different seeds give different samples; the same seed the same', () => {
  const a = runSampleDirect({ spec: lstm, batch: 2, seq: 3, seed: 1 });
  const b = runSampleDirect({ spec: lstm, batch: 2, seq: 3, seed: 2 });
  const c = runSampleDirect({ spec: lstm, batch: 2, seq: 3, seed: 1 });
  assert.notDeepEqual([...a.tensors.output.data], [...b.tensors.output.data]);
  assert.deepEqual([...a.tensors.output.data], [...c.tensors.output.data]);
});

test("seeded weights follow torch's default init range uniform(-1/sqrt(H), 1/sqrt(H))", () => {
  const w = initWeights(lstm, new Rng(5));
  const k = 1 / Math.sqrt(lstm.hiddenSize);
  let lo = Infinity, hi = -Infinity, sum = 0, n = 0;
  for (const t of Object.values(w)) for (const v of t.data) { lo = Math.min(lo, v); hi = Math.max(hi, v); sum += v; n++; }
  assert.ok(lo >= -k && hi <= k, `${lo} ${hi}`);
  assert.ok(lo < -0.95 * k && hi > 0.95 * k, 'covers the range');
  assert.ok(Math.abs(sum / n) < 0.01 * k * 10, 'mean near 0');
});

test('a run over the memory limit is refused with a clear message', async () => {
  const big = { spec: lstm, batch: 512, seq: 4096, seed: 1, memoryLimitMB: 64 };
  const mb = Math.ceil(estimateRunBytes(lstm, 512, 4096) / 2 ** 20);
  await assert.rejects(runSample(big), new RegExp(`refusing to run: .*needs about ${mb} MB, more than the 64 MB limit`));
  await assert.rejects(runSample({ spec: lstm, batch: 256, seq: 4096, seed: 1 }), /more than the 512 MB limit/);
});

test('aborting a large run rejects quickly with an AbortError', async () => {
  const spec: LayerSpec = { ...lstm, inputSize: 256, hiddenSize: 512, bidirectional: false };
  const ctrl = new AbortController();
  let progressed = 0;
  const p = runSample({ spec, batch: 16, seq: 2000, seed: 3, memoryLimitMB: 2048 }, { signal: ctrl.signal, onProgress: (f) => { progressed = f; } });
  for (let i = 0; i < 200 && progressed === 0; i++) await new Promise((r) => setTimeout(r, 50));
  const t0 = performance.now();
  ctrl.abort();
  await assert.rejects(p, (e: Error) => e.name === 'AbortError' && /cancelled/.test(e.message));
  const took = performance.now() - t0;
  assert.ok(took < 100, `rejected after ${took} ms`);
  assert.ok(progressed > 0 && progressed < 1, `progress ${progressed}`);
});

test('an already aborted signal rejects without starting', async () => {
  const ctrl = new AbortController();
  ctrl.abort();
  await assert.rejects(runSample({ spec: lstm, batch: 1, seq: 1 }, { signal: ctrl.signal }), { name: 'AbortError' });
});

test('weights and inputs from files (a model state_dict) reproduce torch in the worker', async () => {
  const dir = path.join(__dirname, 'cli');
  const spec: LayerSpec = { kind: 'LSTM', inputSize: 8, hiddenSize: 16, numLayers: 2, nonlinearity: 'tanh', bias: true, batchFirst: true, dropout: 0, bidirectional: true, projSize: 0 };
  const r = await runSample({ spec, seq: 1, weightsPath: path.join(dir, 'encoder_weights.safetensors'), inputsPath: path.join(dir, 'encoder_inputs.safetensors') });
  assert.match(r.weightsSource, /encoder_weights\.safetensors \(prefix 'lstm\.'\)/);
  const { readSafetensors } = await import('../../engine/src/safetensors');
  const fs = await import('node:fs');
  const want = readSafetensors(fs.readFileSync(path.join(dir, 'encoder_expected.safetensors')));
  for (const k of ['output', 'h_n', 'c_n']) assertClose(r.tensors[k], want.tensor(k), k);
});

test('a wrong input size fails like torch does', async () => {
  const fx = loadFixture('gru_small.safetensors');
  await assert.rejects(runSample({ spec: { ...fx.spec, inputSize: 5 }, seq: 2, batch: 1, weightsPath: path.join(__dirname, 'fixtures', 'gru_small.safetensors') }), /weight 'weight_ih_l0' has shape \(18, 4\), expected \(18, 5\)/);
});

test('NaN propagates like torch and is counted in the summaries', async () => {
  const file = path.join(__dirname, 'fixtures', 'nan_lstm_input.safetensors');
  const fx = loadFixture('nan_lstm_input.safetensors');
  const r = await runSample({ spec: fx.spec, seq: 1, weightsPath: file, inputsPath: file });
  for (const o of r.outputs) {
    const want = fx.expected[o.name].data.filter((v) => Number.isNaN(v)).length;
    assert.ok(want > 0 && want < fx.expected[o.name].data.length, `${o.name}: torch has some NaN`);
    assert.equal(o.nanCount, want, o.name);
    assert.ok(Number.isFinite(o.mean) && Number.isFinite(o.std), 'statistics over the finite values');
  }
});
