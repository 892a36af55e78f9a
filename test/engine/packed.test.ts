// Packed runs (ForwardInputs.lengths: one engine call for a batch of sequences of different lengths, as
// torch's PackedSequence) against the same sequences run one at a time (the path the torch fixtures of
// fixtures.test.ts check): outputs within each length, zeros past it, h_n / c_n per sequence; every
// kind, stacked and bidirectional layers, proj_size, time- and batch-major, given and zero states.
import '../../engine/src/kernelFiles'; // the Node host's kernel source (the kernels' bytes from disk)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LayerSpec } from '../../engine/src/types';
import { forwardDirect, type LayerWeights } from '../../engine/src/forward';
import { initWeights } from '../../engine/src/init';
import { Rng } from '../../engine/src/random';

const base: LayerSpec = { kind: 'LSTM', inputSize: 5, hiddenSize: 7, numLayers: 1, nonlinearity: 'tanh', bias: true, batchFirst: false, dropout: 0, bidirectional: false, projSize: 0 };
const CASES: [string, Partial<LayerSpec>][] = [
  ['LSTM 2 layers bidirectional proj', { numLayers: 2, bidirectional: true, projSize: 3 }],
  ['LSTM batch_first', { batchFirst: true }],
  ['GRU bidirectional batch_first', { kind: 'GRU', bidirectional: true, batchFirst: true }],
  ['GRU 3 layers', { kind: 'GRU', numLayers: 3 }],
  ['RNN relu bidirectional 2 layers', { kind: 'RNN', nonlinearity: 'relu', bidirectional: true, numLayers: 2 }],
  ['RNN tanh no bias, hidden 12', { kind: 'RNN', bias: false, hiddenSize: 12 }],
];

const randn = (rng: Rng, n: number): Float32Array => Float32Array.from({ length: n }, () => rng.normal());

for (const [name, over] of CASES) {
  for (const withState of [false, true]) {
    for (const lengths of [[6, 4, 4, 2, 1], [3, 3, 1], [5]]) {
      test(`packed ${name}${withState ? ', h0/c0 given' : ''}, lengths ${lengths.join(',')}`, () => {
        const spec = { ...base, ...over } as LayerSpec;
        const rng = new Rng(lengths.length * 13 + (withState ? 1 : 0));
        const w: LayerWeights = initWeights(spec, rng);
        const N = lengths.length, T = lengths[0]!, I = spec.inputSize, H = spec.hiddenSize;
        const D = spec.bidirectional ? 2 : 1, LD = D * spec.numLayers, Hout = spec.projSize > 0 ? spec.projSize : H;
        const lstm = spec.kind === 'LSTM';
        const x = randn(rng, N * T * I);
        const h0 = withState ? randn(rng, LD * N * Hout) : undefined;
        const c0 = withState && lstm ? randn(rng, LD * N * H) : undefined;
        const row = (n: number, t: number): number => (spec.batchFirst ? n * T + t : t * N + n);
        const packed = forwardDirect(spec, w, {
          input: { shape: spec.batchFirst ? [N, T, I] : [T, N, I], data: x },
          h0: h0 && { shape: [LD, N, Hout], data: h0 },
          c0: c0 && { shape: [LD, N, H], data: c0 },
          lengths,
        });
        const out = packed.output!.data;
        for (let n = 0; n < N; n++) {
          const len = lengths[n]!;
          const xi = new Float32Array(len * I);
          for (let t = 0; t < len; t++) xi.set(x.subarray(row(n, t) * I, row(n, t) * I + I), t * I);
          const state = (s: Float32Array | undefined, width: number): { shape: number[]; data: Float32Array } | undefined => {
            if (!s) return undefined;
            const d = new Float32Array(LD * width);
            for (let l = 0; l < LD; l++) d.set(s.subarray((l * N + n) * width, (l * N + n + 1) * width), l * width);
            return { shape: [LD, width], data: d };
          };
          const one = forwardDirect(spec, w, { input: { shape: [len, I], data: xi }, h0: state(h0, Hout), c0: state(c0, H) });
          const DH = D * Hout;
          for (let t = 0; t < T; t++) {
            for (let k = 0; k < DH; k++) {
              const got = out[row(n, t) * DH + k]!;
              const want = t < len ? one.output!.data[t * DH + k]! : 0;
              assert.ok(Math.abs(got - want) <= 1e-6 + 1e-5 * Math.abs(want), `output (n ${n}, t ${t}, ${k}): ${got} vs ${want}`);
            }
          }
          for (const [key, width] of [['h_n', Hout], ['c_n', H]] as const) {
            if (!one[key]) continue;
            for (let l = 0; l < LD; l++) {
              for (let k = 0; k < width; k++) {
                const got = packed[key]!.data[(l * N + n) * width + k]!;
                const want = one[key]!.data[l * width + k]!;
                assert.ok(Math.abs(got - want) <= 1e-6 + 1e-5 * Math.abs(want), `${key} (${l}, n ${n}, ${k}): ${got} vs ${want}`);
              }
            }
          }
        }
      });
    }
  }
}

test('packed lengths out of order are refused', () => {
  const w = initWeights(base, new Rng(1));
  assert.throws(() => forwardDirect(base, w, { input: { shape: [3, 2, 5], data: new Float32Array(30) }, lengths: [2, 3] }), /decreasing order/);
});
