// Concrete tensors for sample runs of whole modules: construction, strides, broadcasting and the error
// a run raises when it cannot go on (naming the line and the call).
import type { TensorData } from '../analysis/values';

export type { TensorData } from '../analysis/values';

/** Why a sample run stopped; the message names the line and the call (`line 12: self.fc(x): …`). */
export class SampleRunError extends Error {}

export function numel(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export function tensor(shape: number[], data?: Float32Array): TensorData {
  return { shape, data: data ?? new Float32Array(numel(shape)) };
}

export function scalar(v: number): TensorData {
  return { shape: [], data: Float32Array.of(v) };
}

export function full(shape: number[], v: number): TensorData {
  return { shape, data: new Float32Array(numel(shape)).fill(v) };
}

/** Row-major strides of a shape. */
export function strides(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i]!;
  }
  return s;
}

/** A dim index in [-rank, rank) made non-negative; throws torch's message when out of range. */
export function normDim(d: number, rank: number): number {
  const r = Math.max(rank, 1);
  if (d < -r || d >= r) throw new SampleRunError(`Dimension out of range (expected to be in range of [${-r}, ${r - 1}], but got ${d})`);
  return d < 0 ? d + r : d;
}

/** torch's broadcast of two shapes; throws its message when they do not broadcast. */
export function broadcastShapes(a: readonly number[], b: readonly number[]): number[] {
  const r = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < r; i++) {
    const x = a[a.length - r + i] ?? 1;
    const y = b[b.length - r + i] ?? 1;
    if (x !== y && x !== 1 && y !== 1) {
      throw new SampleRunError(`The size of tensor a (${x}) must match the size of tensor b (${y}) at non-singleton dimension ${i}`);
    }
    out.push(x === 1 ? y : x);
  }
  return out;
}

/** Strides of `shape` read as broadcast to `out` (0 along broadcast dims). */
export function broadcastStrides(shape: readonly number[], out: readonly number[]): number[] {
  const st = strides(shape);
  const off = out.length - shape.length;
  return out.map((_, i) => (i < off || shape[i - off] === 1 ? 0 : st[i - off]!));
}

/** `t` expanded to `out` (a copy). */
export function expandTo(t: TensorData, out: number[]): TensorData {
  const res = tensor(out);
  const st = broadcastStrides(t.shape, out);
  gatherStrided(t.data, 0, out, st, res.data);
  return res;
}

/** Copy the elements of `src` at base + Σ idx·stride, for every index of `shape`, into `dst` in order. */
export function gatherStrided(src: Float32Array, base: number, shape: readonly number[], st: readonly number[], dst: Float32Array): void {
  const n = numel(shape);
  if (n === 0) return;
  const r = shape.length;
  if (r === 0) {
    dst[0] = src[base]!;
    return;
  }
  const idx = new Array<number>(r).fill(0);
  const last = r - 1;
  const lastLen = shape[last]!;
  const lastSt = st[last]!;
  let off = base;
  let k = 0;
  for (;;) {
    for (let j = 0; j < lastLen; j++) dst[k++] = src[off + j * lastSt]!;
    let d = last - 1;
    while (d >= 0) {
      idx[d]!++;
      off += st[d]!;
      if (idx[d]! < shape[d]!) break;
      off -= st[d]! * shape[d]!;
      idx[d] = 0;
      d--;
    }
    if (d < 0) return;
  }
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

export function showShape(s: readonly number[]): string {
  return `[${s.join(', ')}]`;
}
