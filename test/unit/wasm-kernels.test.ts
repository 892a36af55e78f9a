// The WASM fast path of module runs (server/src/concrete/wasmKernels.ts) against the TypeScript ops it
// replaces (float64 sums; the module-run fixtures check both paths' callers against torch): Linear with
// and without a kept weight (and its reuse), shapes whose k is not a multiple of 4, batched and
// broadcast matmul, softmax / log_softmax with -inf and NaN rows, tanh / sigmoid; and past the run's
// memory limit, the TypeScript result itself.
import '../../engine/src/kernelFiles'; // the Node host's kernel source (the kernels' bytes from disk)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { linear, matmul } from '../../server/src/concrete/linalg';
import { softmax } from '../../server/src/concrete/reductions';
import { unary, UNARY } from '../../server/src/concrete/elementwise';
import { denseKernels, withDenseKernels } from '../../server/src/concrete/wasmKernels';
import type { TensorData } from '../../server/src/concrete/tensor';
import { Rng } from '../../engine/src/random';

const rng = new Rng(11);
const randn = (shape: number[], scale = 1): TensorData => ({ shape, data: Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => scale * rng.normal()) });
// Weights at the scale of torch's init (±1/√k): float32 sums of k unit-scale terms would differ from the
// float64 reference by more than the tolerance where they cancel, in torch as here.
const weight = (shape: number[], k: number): TensorData => randn(shape, 1 / Math.sqrt(k));

function close(got: TensorData, want: TensorData, what: string): void {
  assert.deepEqual(got.shape, want.shape, `${what}: shape`);
  for (let i = 0; i < want.data.length; i++) {
    const g = got.data[i]!, w = want.data[i]!;
    if (g === w) continue; // ±Infinity
    if (Number.isNaN(w)) {
      assert.ok(Number.isNaN(g), `${what}[${i}]: ${g}, want NaN`);
      continue;
    }
    assert.ok(Math.abs(g - w) <= 1e-5 + 1e-4 * Math.abs(w), `${what}[${i}]: ${g}, want ${w}`);
  }
}

test('outside a run the TypeScript ops run (no kernels)', () => {
  assert.equal(denseKernels(), undefined);
  withDenseKernels(() => assert.ok(denseKernels()));
  assert.equal(denseKernels(), undefined);
});

test('Linear in the kernels equals the TypeScript loops: kept weights, their reuse, odd k, no bias', () => {
  // 9×1024×150: the first use copies W in slices of 64 rows
  for (const [rows, k, n] of [[7, 13, 9], [64, 200, 37], [1, 5, 3], [33, 128, 4], [2, 1, 1], [9, 1024, 150]] as const) {
    const x = randn([rows, k]), w = weight([n, k], k), b = randn([n]);
    const want = linear(x, w, b);
    const wantNoBias = linear(x, w);
    const x3 = randn([3, rows, k]);
    const want3 = linear(x3, w, b);
    withDenseKernels(() => {
      close(linear(x, w, b, true), want, `linear ${rows}x${k}x${n} kept`);
      close(linear(x, w, b, true), want, `linear ${rows}x${k}x${n} kept, again`);
      close(linear(x, w, b, false), want, `linear ${rows}x${k}x${n}`);
      close(linear(x, w, undefined, true), wantNoBias, `linear ${rows}x${k}x${n} no bias`);
      close(linear(x3, w, b, true), want3, `linear batched ${rows}x${k}x${n}`);
    });
  }
});

test('matmul / bmm in the kernels equal the TypeScript loops', () => {
  const cases: [number[], number[]][] = [[[5, 6], [6, 7]], [[2, 4, 9], [9, 3]], [[3, 8, 5], [3, 5, 6]], [[2, 1, 6, 4], [3, 4, 5]], [[6], [6, 2]], [[4, 6], [6]], [[2, 1, 20], [2, 20, 11]]];
  for (const [sa, sb] of cases) {
    const a = randn(sa), b = weight(sb, sb.length === 1 ? sb[0]! : sb[sb.length - 2]!);
    const want = matmul(a, b);
    withDenseKernels(() => close(matmul(a, b), want, `matmul ${sa} @ ${sb}`));
  }
});

test('softmax / log_softmax, tanh, sigmoid in the kernels equal the TypeScript loops, -inf and NaN included', () => {
  const x = randn([6, 37]);
  x.data.fill(-Infinity, 37, 37 + 10); // row 1 partly masked
  x.data[2 * 37 + 5] = NaN; // row 2 NaN throughout
  x.data.fill(-1e10, 3 * 37, 3 * 37 + 36); // row 3 masked with a large negative value
  for (const log of [false, true]) {
    const want = softmax(x, -1, log);
    withDenseKernels(() => close(softmax(x, -1, log), want, log ? 'log_softmax' : 'softmax'));
  }
  const y = randn([1000]);
  y.data[0] = 30;
  y.data[1] = -30;
  y.data[2] = 1e-6;
  for (const f of ['tanh', 'sigmoid'] as const) {
    const want = unary(y, UNARY[f]!);
    withDenseKernels(() => close(unary(y, UNARY[f]!), want, f));
  }
});

test('past the memory limit a run falls back to the TypeScript result', () => {
  const x = randn([4, 600]), w = weight([600, 600], 600), b = randn([600]);
  const want = linear(x, w, b);
  const xs = randn([2, 3]), ws = randn([5, 3]);
  const wantSmall = linear(xs, ws);
  withDenseKernels(() => {
    // 1.4 MB of weight in a 1 MB run: the TypeScript loops, bit for bit
    assert.deepEqual([...linear(x, w, b, true).data], [...want.data]);
    // a small product still runs in the kernels, and the big weight was not kept half-copied
    close(linear(xs, ws, undefined, true), wantSmall, 'small linear');
    assert.deepEqual([...linear(x, w, b, true).data], [...want.data]);
  }, 1);
});
