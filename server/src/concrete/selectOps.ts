// Selection ops on concrete tensors that index with data: flip along dims, gather along a dim with an
// index tensor, index_select, masked_select, repeat_interleave, and cumulative sums (cumsum / cumprod)
// along a dim, with torch's checks.
import { broadcastShapes, expandTo, normDim, numel, SampleRunError, strides, tensor, type TensorData } from './tensor';

export function flip(t: TensorData, dims: number[]): TensorData {
  const ds = new Set(dims.map((d) => normDim(d, t.shape.length)));
  if (ds.size !== dims.length) throw new SampleRunError('flip: dims has duplicates');
  const st = strides(t.shape);
  const out = tensor([...t.shape]);
  const idx = new Array<number>(t.shape.length).fill(0);
  for (let i = 0; i < out.data.length; i++) {
    let src = 0;
    for (let j = 0; j < idx.length; j++) src += (ds.has(j) ? t.shape[j]! - 1 - idx[j]! : idx[j]!) * st[j]!;
    out.data[i] = t.data[src]!;
    for (let j = idx.length - 1; j >= 0; j--) {
      if (++idx[j]! < t.shape[j]!) break;
      idx[j] = 0;
    }
  }
  return out;
}

/** out[i][j][k] = t[index[i][j][k]][j][k] along `dim` (index as large as t or smaller elsewhere). */
export function gather(t: TensorData, dim: number, index: TensorData): TensorData {
  const r = t.shape.length;
  if (index.shape.length !== r) throw new SampleRunError('gather(): Index tensor must have the same number of dimensions as input tensor');
  const d = normDim(dim, r);
  for (let j = 0; j < r; j++) {
    if (j !== d && index.shape[j]! > t.shape[j]!) throw new SampleRunError(`Size does not match at dimension ${j} expected index [${index.shape.join(', ')}] to be smaller than self [${t.shape.join(', ')}] apart from dimension ${d}`);
  }
  const st = strides(t.shape);
  const out = tensor([...index.shape]);
  const idx = new Array<number>(r).fill(0);
  for (let i = 0; i < out.data.length; i++) {
    const v = index.data[i]!;
    if (v < -t.shape[d]! || v >= t.shape[d]!) throw new SampleRunError(`index ${v} is out of bounds for dimension ${d} with size ${t.shape[d]}`);
    let src = 0;
    for (let j = 0; j < r; j++) src += (j === d ? (v < 0 ? v + t.shape[d]! : v) : idx[j]!) * st[j]!;
    out.data[i] = t.data[src]!;
    for (let j = r - 1; j >= 0; j--) {
      if (++idx[j]! < index.shape[j]!) break;
      idx[j] = 0;
    }
  }
  return out;
}

export function indexSelect(t: TensorData, dim: number, index: TensorData): TensorData {
  if (index.shape.length > 1) throw new SampleRunError('index_select(): Index is supposed to be a vector');
  const d = normDim(dim, Math.max(t.shape.length, 1));
  const outer = numel(t.shape.slice(0, d));
  const n = t.shape[d] ?? 1;
  const inner = numel(t.shape.slice(d + 1));
  const k = index.data.length;
  const out = tensor(t.shape.length === 0 ? [] : t.shape.map((x, i) => (i === d ? k : x)));
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < k; j++) {
      const v = index.data[j]!;
      if (v < 0 || v >= n) throw new SampleRunError(`index out of range in self (index ${v}, size ${n})`);
      out.data.set(t.data.subarray((o * n + v) * inner, (o * n + v + 1) * inner), (o * k + j) * inner);
    }
  }
  return out;
}

export function cumulative(t: TensorData, dim: number, kind: 'sum' | 'prod'): TensorData {
  if (t.shape.length === 0) return { shape: [], data: Float32Array.from(t.data) };
  const d = normDim(dim, t.shape.length);
  const outer = numel(t.shape.slice(0, d));
  const n = t.shape[d]!;
  const inner = numel(t.shape.slice(d + 1));
  const out = tensor([...t.shape]);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      let acc = kind === 'sum' ? 0 : 1;
      for (let j = 0; j < n; j++) {
        const at = (o * n + j) * inner + i;
        acc = kind === 'sum' ? acc + t.data[at]! : acc * t.data[at]!;
        out.data[at] = acc;
      }
    }
  }
  return out;
}

/** repeat_interleave with an int count: each element (dim undefined: of the flattened input) or slice along `dim` repeated. */
export function repeatInterleave(t: TensorData, repeats: number, dim: number | undefined): TensorData {
  if (repeats < 0) throw new SampleRunError('repeats can not be negative');
  const src = dim === undefined ? { shape: [t.data.length], data: t.data } : t;
  const d = dim === undefined ? 0 : normDim(dim, Math.max(src.shape.length, 1));
  const outer = numel(src.shape.slice(0, d));
  const n = src.shape[d] ?? 1;
  const inner = numel(src.shape.slice(d + 1));
  const out = tensor(src.shape.length === 0 ? [repeats] : src.shape.map((x, i) => (i === d ? x * repeats : x)));
  let at = 0;
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < n; j++) {
      const row = src.data.subarray((o * n + j) * inner, (o * n + j + 1) * inner);
      for (let r = 0; r < repeats; r++, at += inner) out.data.set(row, at);
    }
  }
  return out;
}

/** masked_select: the elements where the mask (broadcast together with the input) is true, as 1-D. */
export function maskedSelect(t: TensorData, mask: TensorData): TensorData {
  const shape = broadcastShapes(t.shape, mask.shape);
  const x = expandTo(t, shape);
  const m = expandTo(mask, shape);
  const vals: number[] = [];
  for (let i = 0; i < m.data.length; i++) if (m.data[i] !== 0) vals.push(x.data[i]!);
  return { shape: [vals.length], data: Float32Array.from(vals) };
}
