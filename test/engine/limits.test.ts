// Engine limits: empty sequences refused with torch's message, empty batches run as torch runs them,
// and memory limits checked before anything is allocated and capped at the 4 GB WASM can address.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  forwardDirect, runSample, runSampleDirect, initWeights, inferBatchSeq, checkMemoryLimit, estimateRunBytes, Rng,
  type LayerSpec,
} from '../../engine/src/index';

const base: LayerSpec = { kind: 'LSTM', inputSize: 3, hiddenSize: 4, numLayers: 1, nonlinearity: 'tanh', bias: true, batchFirst: false, dropout: 0, bidirectional: false, projSize: 0 };
const gruBf: LayerSpec = { ...base, kind: 'GRU', batchFirst: true };
const rnn: LayerSpec = { ...base, kind: 'RNN' };
const empty = (shape: number[]): { input: { shape: number[]; data: Float32Array } } => ({ input: { shape, data: new Float32Array(0) } });
// torch 1.13 (/usr/bin/python3): nn.LSTM(3, 4)(torch.zeros(0, 2, 3)), nn.GRU(3, 4, batch_first=True)(torch.zeros(2, 0, 3))
// and nn.RNN(3, 4)(torch.zeros(0, 3)) all raise this RuntimeError; torch 2.x keeps the check.
const torchMessage = /Expected sequence length to be larger than 0 in RNN/;

test('a zero-length sequence is refused with torch’s message, in every entry point', async () => {
  for (const [spec, shape] of [[base, [0, 2, 3]], [gruBf, [2, 0, 3]], [rnn, [0, 3]]] as const) {
    assert.throws(() => inferBatchSeq(spec, shape), torchMessage, spec.kind);
    assert.throws(() => forwardDirect(spec, initWeights(spec, new Rng(1)), empty([...shape])), torchMessage, spec.kind);
  }
  assert.throws(() => runSampleDirect({ spec: base, batch: 2, seq: 0, seed: 1 }), /LSTM: Expected sequence length to be larger than 0 in RNN/);
  await assert.rejects(runSample({ spec: gruBf, batch: 2, seq: 0, seed: 1 }), /GRU: Expected sequence length to be larger than 0 in RNN/);
});

test('an empty batch runs as torch runs it: empty outputs of torch’s shapes', () => {
  // torch 1.13: nn.LSTM(3, 4)(torch.zeros(2, 0, 3)) gives output (2, 0, 4), h_n and c_n (1, 0, 4);
  // nn.GRU(3, 4, batch_first=True)(torch.zeros(0, 2, 3)) gives output (0, 2, 4), h_n (1, 0, 4);
  // nn.GRUCell(3, 4)(torch.zeros(0, 3)) gives (0, 4).
  const shapes = (spec: LayerSpec, shape: number[]): [string, number[], number][] =>
    Object.entries(forwardDirect(spec, initWeights(spec, new Rng(1)), empty(shape))).map(([k, t]) => [k, t.shape, t.data.length]);
  assert.deepEqual(shapes(base, [2, 0, 3]), [['output', [2, 0, 4], 0], ['h_n', [1, 0, 4], 0], ['c_n', [1, 0, 4], 0]]);
  assert.deepEqual(shapes(gruBf, [0, 2, 3]), [['output', [0, 2, 4], 0], ['h_n', [1, 0, 4], 0]]);
  assert.deepEqual(shapes({ ...base, kind: 'GRUCell' }, [0, 3]), [['h_1', [0, 4], 0]]);
});

test('a memory limit above 4096 MB is capped at what WASM can address, before anything is allocated', async () => {
  const spec: LayerSpec = { ...base, inputSize: 64, hiddenSize: 128 };
  const mb = estimateRunBytes(spec, 1024, 20000) / 2 ** 20;
  assert.ok(mb > 4096 && mb < 100000, `estimate ${mb} MB`);
  const capped = /needs about \d+ MB, more than the 4096 MB a WebAssembly engine can address \(the limit asked for, 100000 MB, cannot apply\)/;
  assert.throws(() => checkMemoryLimit(spec, 1024, 20000, 100000), capped);
  const t0 = performance.now();
  await assert.rejects(runSample({ spec, batch: 1024, seq: 20000, seed: 1, memoryLimitMB: 100000 }), capped);
  assert.throws(() => runSampleDirect({ spec, batch: 1024, seq: 20000, seed: 1, memoryLimitMB: 100000 }), capped);
  assert.ok(performance.now() - t0 < 2000, 'refused up front, not after allocating');
  // within the cap a high limit still applies as given; nonsense limits are refused
  assert.doesNotThrow(() => checkMemoryLimit(spec, 2, 5, 100000));
  assert.throws(() => checkMemoryLimit(spec, 2, 5, 0), /the memory limit must be a positive number of MB, got 0/);
  assert.throws(() => checkMemoryLimit(spec, 2, 5, Number.NaN), /got NaN/);
});
