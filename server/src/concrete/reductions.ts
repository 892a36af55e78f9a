// Reductions over a dim of a concrete tensor (sum, mean, max / min with indices, argmax, prod, std,
// var, logsumexp) or over all elements, and softmax / log_softmax along a dim (over the last dim in a
// module run: the WASM kernels of wasmKernels.ts).
import { denseKernels } from './wasmKernels';
import { normDim, numel, SampleRunError, tensor, type TensorData } from './tensor';

/** Views `t` as (outer, n, inner) around dim `d`. */
function around(t: TensorData, d: number): { outer: number; n: number; inner: number } {
  return { outer: numel(t.shape.slice(0, d)), n: t.shape[d] ?? 1, inner: numel(t.shape.slice(d + 1)) };
}

export type ReduceKind = 'sum' | 'mean' | 'max' | 'min' | 'amax' | 'amin' | 'argmax' | 'argmin' | 'prod' | 'std' | 'var' | 'logsumexp' | 'norm';

function reduceLine(kind: ReduceKind, get: (j: number) => number, n: number): [number, number] {
  switch (kind) {
    case 'sum': {
      let s = 0;
      for (let j = 0; j < n; j++) s += get(j);
      return [s, 0];
    }
    case 'mean': {
      let s = 0;
      for (let j = 0; j < n; j++) s += get(j);
      return [s / n, 0];
    }
    case 'prod': {
      let s = 1;
      for (let j = 0; j < n; j++) s *= get(j);
      return [s, 0];
    }
    case 'max':
    case 'amax':
    case 'argmax':
    case 'min':
    case 'amin':
    case 'argmin': {
      const isMax = kind === 'max' || kind === 'amax' || kind === 'argmax';
      let best = get(0);
      let at = 0;
      for (let j = 1; j < n; j++) {
        const v = get(j);
        if (Number.isNaN(best)) break;
        if (Number.isNaN(v) || (isMax ? v > best : v < best)) {
          best = v;
          at = j;
        }
      }
      return [best, at];
    }
    case 'std':
    case 'var': {
      let s = 0;
      for (let j = 0; j < n; j++) s += get(j);
      const m = s / n;
      let ss = 0;
      for (let j = 0; j < n; j++) ss += (get(j) - m) ** 2;
      const v = ss / (n - 1);
      return [kind === 'std' ? Math.sqrt(v) : v, 0];
    }
    case 'logsumexp': {
      let m = -Infinity;
      for (let j = 0; j < n; j++) m = Math.max(m, get(j));
      let s = 0;
      for (let j = 0; j < n; j++) s += Math.exp(get(j) - m);
      return [m + Math.log(s), 0];
    }
    case 'norm': {
      let s = 0;
      for (let j = 0; j < n; j++) s += get(j) ** 2;
      return [Math.sqrt(s), 0];
    }
  }
}

/** Reduce over `dim` (all elements when undefined); `values` and, for max/min with a dim, `indices`. */
export function reduce(t: TensorData, kind: ReduceKind, dim: number | undefined, keepdim: boolean): { values: TensorData; indices?: TensorData } {
  if (dim === undefined) {
    const n = t.data.length;
    if (n === 0 && (kind === 'max' || kind === 'min' || kind === 'argmax' || kind === 'argmin' || kind === 'amax' || kind === 'amin')) {
      throw new SampleRunError(`${kind}(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.`);
    }
    const [v, at] = reduceLine(kind, (j) => t.data[j]!, n);
    return { values: { shape: keepdim ? t.shape.map(() => 1) : [], data: Float32Array.of(kind.startsWith('arg') ? at : v) } };
  }
  const d = normDim(dim, t.shape.length);
  const { outer, n, inner } = around(t, d);
  if (n === 0 && kind !== 'sum' && kind !== 'mean' && kind !== 'prod') throw new SampleRunError(`${kind}(): Expected reduction dim ${d} to have non-zero size.`);
  const shape = keepdim ? t.shape.map((x, i) => (i === d ? 1 : x)) : t.shape.filter((_, i) => i !== d);
  const values = tensor(shape);
  const indices = tensor([...shape]);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * n * inner + i;
      const [v, at] = reduceLine(kind, (j) => t.data[base + j * inner]!, n);
      values.data[o * inner + i] = kind.startsWith('arg') ? at : v;
      indices.data[o * inner + i] = at;
    }
  }
  return kind === 'max' || kind === 'min' ? { values, indices } : { values };
}

/** softmax / log_softmax along `dim`, stable (the max subtracted first). */
export function softmax(t: TensorData, dim: number, log: boolean): TensorData {
  if (t.shape.length === 0) return { shape: [], data: Float32Array.of(log ? 0 : 1) };
  const d = normDim(dim, t.shape.length);
  const { outer, n, inner } = around(t, d);
  const out = tensor([...t.shape]);
  if (inner === 1 && n > 0 && denseKernels()?.softmax(t.data, outer, n, out.data, log)) return out;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * n * inner + i;
      let m = -Infinity;
      for (let j = 0; j < n; j++) m = Math.max(m, t.data[base + j * inner]!);
      let s = 0;
      for (let j = 0; j < n; j++) s += Math.exp(t.data[base + j * inner]! - m);
      const ls = Math.log(s);
      for (let j = 0; j < n; j++) {
        const x = t.data[base + j * inner]! - m;
        out.data[base + j * inner] = log ? x - ls : Math.exp(x) / s;
      }
    }
  }
  return out;
}

/**
 * topk / sort along `dim`: the first `k` values (all for sort) in order, largest first unless
 * `descending` is false, and their indices. NaN counts as the largest value, as torch orders it; equal
 * values keep their order (the lower index first).
 */
export function topk(t: TensorData, k: number, dim: number, descending: boolean): { values: TensorData; indices: TensorData } {
  const d = normDim(dim, Math.max(t.shape.length, 1));
  const { outer, n, inner } = around(t, d);
  if (k < 0 || k > n) throw new SampleRunError('selected index k out of range');
  const shape = t.shape.length === 0 ? [] : t.shape.map((x, i) => (i === d ? k : x));
  const values = tensor(shape);
  const indices = tensor([...shape]);
  const key = (v: number): number => (Number.isNaN(v) ? Infinity : v);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * n * inner + i;
      const order = Array.from({ length: n }, (_, j) => j);
      order.sort((a, b) => {
        const x = key(t.data[base + a * inner]!);
        const y = key(t.data[base + b * inner]!);
        return x === y ? a - b : descending ? (y > x ? 1 : -1) : x > y ? 1 : -1;
      });
      for (let j = 0; j < k; j++) {
        values.data[o * k * inner + j * inner + i] = t.data[base + order[j]! * inner]!;
        indices.data[o * k * inner + j * inner + i] = order[j]!;
      }
    }
  }
  return { values, indices };
}
