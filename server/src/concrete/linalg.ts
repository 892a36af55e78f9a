// Matrix products on concrete tensors: matmul (1-D, 2-D and batched with broadcasting), bmm, mm, and
// the affine map of nn.Linear. In a module run the WASM-SIMD kernels compute them (wasmKernels.ts, float32
// sums); otherwise, or past the run's memory limit, the loops here (float64 sums), results as float32.
import { denseKernels } from './wasmKernels';
import { broadcastShapes, broadcastStrides, gatherStrided, numel, SampleRunError, showShape, tensor, type TensorData } from './tensor';

/** (n×k)·(k×m) at the given offsets into out at outOff. */
function gemm(a: Float32Array, ao: number, b: Float32Array, bo: number, out: Float32Array, oo: number, n: number, k: number, m: number): void {
  const row = new Float64Array(m);
  // (locals only: see linearRows)
  for (let i = 0; i < n; i++) {
    row.fill(0);
    for (let p = 0; p < k; p++) {
      const x = a[ao + i * k + p]!;
      if (x === 0) continue;
      const bRow = bo + p * m;
      for (let j = 0; j < m; j++) row[j]! += x * b[bRow + j]!;
    }
    for (let j = 0; j < m; j++) out[oo + i * m + j] = row[j]!;
  }
}

export function matmul(a: TensorData, b: TensorData, name = 'matmul'): TensorData {
  if (a.shape.length === 0 || b.shape.length === 0) throw new SampleRunError(`both arguments to ${name} need to be at least 1D, but they are ${a.shape.length}D and ${b.shape.length}D`);
  const a2 = a.shape.length === 1 ? { shape: [1, a.shape[0]!], data: a.data } : a;
  const b2 = b.shape.length === 1 ? { shape: [b.shape[0]!, 1], data: b.data } : b;
  const [n, k] = a2.shape.slice(-2) as [number, number];
  const [k2, m] = b2.shape.slice(-2) as [number, number];
  if (k !== k2) {
    throw new SampleRunError(a.shape.length <= 2 && b.shape.length <= 2
      ? `mat1 and mat2 shapes cannot be multiplied (${n}x${k} and ${k2}x${m})`
      : `Expected size for first two dimensions of batch2 tensor to be: ${showShape([...a.shape.slice(0, -1)])} but got: ${showShape(b.shape)}.`);
  }
  const batch = broadcastShapes(a2.shape.slice(0, -2), b2.shape.slice(0, -2));
  const nb = numel(batch);
  const fast = denseKernels();
  if (fast && n >= 4 && b2.shape.length === 2) {
    // one product for every batch: the rows of all of a's matrices against b
    const A = expanded(a2, [...batch, n, k]);
    const out = tensor([...batch, n, m]);
    if (fast.matmul(A, 0, nb * n, k, b2.data, 0, m, out.data, 0)) return shaped(a, b, batch, n, m, out.data);
  }
  const A = expanded(a2, [...batch, n, k]);
  const B = expanded(b2, [...batch, k, m]);
  const out = tensor([...batch, n, m]);
  for (let i = 0; i < nb; i++) {
    if (fast && n >= 4 && fast.matmul(A, i * n * k, n, k, B, i * k * m, m, out.data, i * n * m)) continue;
    gemm(A, i * n * k, B, i * k * m, out.data, i * n * m, n, k, m);
  }
  return shaped(a, b, batch, n, m, out.data);
}

/** t's data broadcast to `shape`: t's own array when it already has that many values (no broadcast), else a copy. */
function expanded(t: TensorData, shape: number[]): Float32Array {
  const n = numel(shape);
  if (t.data.length === n) return t.data;
  const out = new Float32Array(n);
  gatherStrided(t.data, 0, shape, broadcastStrides(t.shape, shape), out);
  return out;
}

/** matmul's result shape: the 1-D operands' dims dropped again. */
function shaped(a: TensorData, b: TensorData, batch: number[], n: number, m: number, data: Float32Array): TensorData {
  let shape = [...batch, n, m];
  if (a.shape.length === 1) shape = [...batch, m];
  if (b.shape.length === 1) shape = a.shape.length === 1 ? [...batch] : [...batch, n];
  return { shape, data };
}

export function bmm(a: TensorData, b: TensorData): TensorData {
  if (a.shape.length !== 3) throw new SampleRunError(`batch1 must be a 3D tensor`);
  if (b.shape.length !== 3) throw new SampleRunError(`batch2 must be a 3D tensor`);
  if (a.shape[0] !== b.shape[0] || a.shape[2] !== b.shape[1]) {
    throw new SampleRunError(`Expected size for first two dimensions of batch2 tensor to be: [${a.shape[0]}, ${a.shape[2]}] but got: [${b.shape[0]}, ${b.shape[1]}].`);
  }
  return matmul(a, b, 'bmm');
}

/** x·Wᵀ + b over the last dim (nn.Linear, F.linear). `parameter`: w is a layer's weight, kept in the kernels' memory for the run. */
export function linear(x: TensorData, w: TensorData, bias?: TensorData, parameter = false): TensorData {
  const [outF, inF] = w.shape as [number, number];
  const last = x.shape[x.shape.length - 1];
  if (x.shape.length === 0 || last !== inF) {
    const rows = numel(x.shape.slice(0, -1));
    throw new SampleRunError(`mat1 and mat2 shapes cannot be multiplied (${rows}x${last ?? 1} and ${inF}x${outF})`);
  }
  const rows = x.data.length / inF;
  const out = tensor([...x.shape.slice(0, -1), outF]);
  const fast = denseKernels();
  if (!fast || !fast.linear(x.data, rows, inF, w.data, outF, bias?.data, out.data, parameter)) linearRows(x.data, w.data, bias ? bias.data : undefined, out.data, rows, inF, outF);
  return out;
}

/**
 * out[r, o] = b[o] + Σ_i x[r, i]·w[o, i] in blocks of two rows × four outputs (each loaded x value
 * feeds four products, each weight two); plain locals so the loops stay monomorphic.
 */
function linearRows(xd: Float32Array, wd: Float32Array, bd: Float32Array | undefined, od: Float32Array, rows: number, inF: number, outF: number): void {
  let r = 0;
  for (; r + 1 < rows; r += 2) {
    const xa = r * inF;
    const xb = xa + inF;
    const oa = r * outF;
    const ob = oa + outF;
    let o = 0;
    for (; o + 3 < outF; o += 4) {
      const w0 = o * inF;
      const w1 = w0 + inF;
      const w2 = w1 + inF;
      const w3 = w2 + inF;
      let a0 = 0, a1 = 0, a2 = 0, a3 = 0, b0 = 0, b1 = 0, b2 = 0, b3 = 0;
      for (let i = 0; i < inF; i++) {
        const u = xd[xa + i]!;
        const v = xd[xb + i]!;
        const k0 = wd[w0 + i]!;
        const k1 = wd[w1 + i]!;
        const k2 = wd[w2 + i]!;
        const k3 = wd[w3 + i]!;
        a0 += u * k0; a1 += u * k1; a2 += u * k2; a3 += u * k3;
        b0 += v * k0; b1 += v * k1; b2 += v * k2; b3 += v * k3;
      }
      const c0 = bd ? bd[o]! : 0, c1 = bd ? bd[o + 1]! : 0, c2 = bd ? bd[o + 2]! : 0, c3 = bd ? bd[o + 3]! : 0;
      od[oa + o] = c0 + a0; od[oa + o + 1] = c1 + a1; od[oa + o + 2] = c2 + a2; od[oa + o + 3] = c3 + a3;
      od[ob + o] = c0 + b0; od[ob + o + 1] = c1 + b1; od[ob + o + 2] = c2 + b2; od[ob + o + 3] = c3 + b3;
    }
    for (; o < outF; o++) {
      const wo = o * inF;
      let a = 0, b = 0;
      for (let i = 0; i < inF; i++) {
        a += xd[xa + i]! * wd[wo + i]!;
        b += xd[xb + i]! * wd[wo + i]!;
      }
      od[oa + o] = (bd ? bd[o]! : 0) + a;
      od[ob + o] = (bd ? bd[o]! : 0) + b;
    }
  }
  for (; r < rows; r++) {
    const xo = r * inF;
    for (let o = 0; o < outF; o++) {
      const wo = o * inF;
      let s = 0;
      for (let i = 0; i < inF; i++) s += xd[xo + i]! * wd[wo + i]!;
      od[r * outF + o] = (bd ? bd[o]! : 0) + s;
    }
  }
}
