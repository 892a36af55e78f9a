// Runs whose inputs are built from recipes (shape, and a constant fill or seeded normal values): the
// batch and length follow the input's shape, fills reach the kernels, and torch's size errors still hold.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runSampleDirect, initWeights, forwardDirect, randn, Rng, type LayerSpec } from '../../engine/src/index';

const gru: LayerSpec = { kind: 'GRU', inputSize: 6, hiddenSize: 8, numLayers: 2, nonlinearity: 'tanh', bias: true, batchFirst: true, dropout: 0, bidirectional: false, projSize: 0 };

test('the input recipe decides batch and length; a filled h0 is what the kernels see', () => {
  const r = runSampleDirect({ spec: gru, batch: 99, seq: 99, seed: 3, inputs: { input: { shape: [3, 9, 6] }, h0: { shape: [2, 3, 8], fill: 0.5 } } });
  assert.deepEqual(r.tensors.output.shape, [3, 9, 8]);
  assert.deepEqual(r.tensors.h_n.shape, [2, 3, 8]);
  // the same seed draws the weights first, then the input: rebuild both and run directly
  const rng = new Rng(3);
  const weights = initWeights(gru, rng);
  const input = randn([3, 9, 6], rng);
  const h0 = { shape: [2, 3, 8], data: new Float32Array(48).fill(0.5) };
  const direct = forwardDirect(gru, weights, { input, h0 });
  assert.deepEqual([...r.tensors.output.data], [...direct.output.data]);
  const zeroState = forwardDirect(gru, weights, { input });
  assert.notDeepEqual([...r.tensors.output.data], [...zeroState.output.data], 'the fill changes the result');
});

test("an input whose last dim is not input_size is refused with torch's message", () => {
  assert.throws(() => runSampleDirect({ spec: gru, seq: 1, seed: 0, inputs: { input: { shape: [3, 9, 5] } } }), /input.size\(-1\) must be equal to input_size. Expected 6, got 5/);
});

test('an input recipe with the values the code writes feeds exactly those values', () => {
  const values = Array.from({ length: 2 * 3 * 6 }, (_, i) => (i % 7) / 7 - 0.4);
  const r = runSampleDirect({ spec: gru, seq: 1, seed: 5, inputs: { input: { shape: [2, 3, 6], values } } });
  const weights = initWeights(gru, new Rng(5));
  const direct = forwardDirect(gru, weights, { input: { shape: [2, 3, 6], data: Float32Array.from(values) } });
  assert.deepEqual([...r.tensors.output.data], [...direct.output.data]);
  assert.throws(() => runSampleDirect({ spec: gru, seq: 1, seed: 5, inputs: { input: { shape: [2, 3, 6], values: values.slice(1) } } }), /35 values given for a tensor of shape \(2, 3, 6\)/);
});
