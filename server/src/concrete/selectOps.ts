// Selection ops on concrete tensors that index with data: flip along dims, gather along a dim with an
// index tensor, index_select, and cumulative sums (cumsum / cumprod) along a dim, with torch's checks.
import { normDim, numel, SampleRunError, strides, tensor, type TensorData } from './tensor';

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
