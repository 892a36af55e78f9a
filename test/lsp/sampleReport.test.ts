// Unit test of the result panel's text: every output with shape, ✓/✗ against the static shape, statistics,
// NaN/Inf counts, time, GFLOP/s, seed and weights.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { renderSampleReport } from '../../client/src/sampleReport';
import type { RunSampleResult } from '../../server/src/protocol';

const result: RunSampleResult = {
  target: 'lstm',
  kind: 'LSTM',
  description: 'LSTM(input_size=10, hidden_size=20)',
  batchSize: 2,
  sequenceLength: 5,
  inputShape: [5, 2, 10],
  outputs: [
    { name: 'output', shape: [5, 2, 20], min: -0.5, max: 0.25, mean: 0.01, std: 0.125, nanCount: 0, infCount: 0, expectedShape: [5, 2, 20], matchesStatic: true },
    { name: 'h_n', shape: [1, 2, 20], min: NaN, max: Infinity, mean: 0, std: 0, nanCount: 3, infCount: 1, expectedShape: [2, 2, 20], matchesStatic: false },
  ],
  millis: 1.5,
  gflops: 2.25,
  seed: 4,
  simd: 'relaxed-simd',
  weightsSource: 'lstm.safetensors',
  staticShapesMatch: false,
};

describe('sample report', () => {
  it('renders shapes, checks, statistics, time and seed', () => {
    const text = renderSampleReport(result, 'model.py — lstm');
    assert.match(text, /^# Sample run: lstm = LSTM\(input_size=10, hidden_size=20\)$/m);
    assert.match(text, /Input: `\(5, 2, 10\)` \(batch 2, sequence length 5\), seed 4, weights: lstm\.safetensors/);
    assert.match(text, /\| output +\| `\(5, 2, 20\)` +\| ✓ +\| -0\.5000 \| 0\.0100 +\| 0\.1250 \| 0\.2500 \| 0 +\| 0 +\|/);
    assert.match(text, /\| h_n +\| `\(1, 2, 20\)` +\| ✗ expected \(2, 2, 20\) \| NaN +\| 0\.0000 +\| 0\.0000 \| inf +\| 3 +\| 1 +\|/);
    assert.match(text, /Time: 1\.50 ms, 2\.25 GFLOP\/s \(WASM relaxed-simd\)/);
    assert.match(text, /Static shapes: ✗/);
    // columns line up: every table row has the same length
    const rows = text.split('\n').filter((l) => l.startsWith('|'));
    assert.equal(new Set(rows.map((l) => [...l].length)).size, 1, rows.join('\n'));
  });
});
