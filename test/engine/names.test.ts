// State-dict names and prefixes: torch's parameter names/shapes (checked against the fixtures torch
// wrote), prefix discovery in a whole model's state_dict, and errors naming the missing/extra key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readSafetensors } from '../../engine/src/safetensors';
import { paramInfos, resolvePrefix } from '../../engine/src/names';
import { loadWeightsFile } from '../../engine/src/sample';
import type { LayerSpec } from '../../engine/src/types';

const fixtures = path.join(__dirname, 'fixtures');
const lstmSpec: LayerSpec = { kind: 'LSTM', inputSize: 8, hiddenSize: 16, numLayers: 2, nonlinearity: 'tanh', bias: true, batchFirst: true, dropout: 0, bidirectional: true, projSize: 0 };
const encoderWeights = path.join(__dirname, 'cli', 'encoder_weights.safetensors');

test('parameter names and shapes equal the state_dict torch saved, for every fixture', () => {
  const files = fs.readdirSync(fixtures).filter((x) => x.endsWith('.safetensors'));
  assert.ok(files.length >= 40, `only ${files.length} fixtures`);
  for (const f of files) {
    const st = readSafetensors(fs.readFileSync(path.join(fixtures, f)));
    const spec = JSON.parse(st.metadata.spec) as LayerSpec;
    const torchKeys = st.keys().filter((k) => /^(weight|bias)_/.test(k));
    const ours = paramInfos(spec);
    assert.deepEqual(ours.map((p) => p.name), torchKeys, f);
    for (const p of ours) assert.deepEqual(p.shape, st.entries.get(p.name)?.shape, `${f} ${p.name}`);
  }
});

test('the prefix of a layer inside a model state_dict is found', () => {
  const { prefix, weights } = loadWeightsFile(lstmSpec, encoderWeights);
  assert.equal(prefix, 'lstm.');
  assert.deepEqual(weights.weight_hh_l1_reverse.shape, [64, 16]);
  assert.equal(loadWeightsFile(lstmSpec, encoderWeights, 'lstm').prefix, 'lstm.');
});

test('a wrong given prefix names the missing key', () => {
  assert.throws(() => loadWeightsFile(lstmSpec, encoderWeights, 'encoder.lstm.'), /missing key 'encoder\.lstm\.weight_ih_l0'/);
});

test('a spec with more layers than the file names the first missing key', () => {
  assert.throws(() => loadWeightsFile({ ...lstmSpec, numLayers: 3 }, encoderWeights), /missing key 'lstm\.weight_ih_l2'/);
});

test('a spec with fewer layers than the file names the unexpected key', () => {
  assert.throws(() => loadWeightsFile({ ...lstmSpec, numLayers: 1 }, encoderWeights), /unexpected key 'lstm\.weight_ih_l1'/);
});

test('a wrong size names the key and both shapes', () => {
  assert.throws(() => loadWeightsFile({ ...lstmSpec, inputSize: 9 }, encoderWeights), /weight 'lstm\.weight_ih_l0' has shape \(64, 8\), expected \(64, 9\)/);
});

test('several candidate layers need an explicit prefix', () => {
  const keys = ['a.weight_ih', 'a.weight_hh', 'b.weight_ih', 'b.weight_hh'];
  const cell: LayerSpec = { ...lstmSpec, kind: 'RNNCell', bias: false, numLayers: 1, bidirectional: false };
  assert.throws(() => resolvePrefix(cell, keys), /several RNNCell layers \(prefixes 'a\.', 'b\.'\)/);
  assert.equal(resolvePrefix(cell, keys, 'b'), 'b.');
});
