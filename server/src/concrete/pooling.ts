// 1-D pooling on concrete tensors, (N, C, L) or (C, L): max_pool1d / avg_pool1d with kernel, stride,
// padding, dilation (max only), ceil_mode and count_include_pad as torch computes them, and the
// adaptive versions (each output bin over [floor(i·L/out), ceil((i+1)·L/out))).
import { SampleRunError, tensor, type TensorData } from './tensor';

export interface Pool1dOptions {
  kernel: number;
  stride: number;
  padding: number;
  dilation: number;
  ceilMode: boolean;
  /** avg only: padded zeros count in the divisor (torch's default). */
  countIncludePad: boolean;
}

function rows(x: TensorData, what: string): { rows: number; L: number } {
  if (x.shape.length !== 2 && x.shape.length !== 3) throw new SampleRunError(`${what}: Expected 2D or 3D (batched) input, but got input of size: [${x.shape.join(', ')}]`);
  const L = x.shape[x.shape.length - 1]!;
  return { rows: x.data.length / Math.max(L, 1), L };
}

/** The output length torch computes (ceil_mode: a last window must start inside the input or left padding). */
function outLength(L: number, o: Pool1dOptions): number {
  const span = o.dilation * (o.kernel - 1) + 1;
  const num = L + 2 * o.padding - span;
  let n = Math.floor((o.ceilMode ? num + o.stride - 1 : num) / o.stride) + 1;
  if (o.ceilMode && (n - 1) * o.stride >= L + o.padding) n--;
  return n;
}

export function pool1d(x: TensorData, kind: 'max' | 'avg', o: Pool1dOptions): TensorData {
  const what = `${kind}_pool1d`;
  if (o.kernel <= 0 || o.stride <= 0) throw new SampleRunError(`${what}: kernel_size and stride must be greater than zero`);
  if (o.padding > o.kernel / 2) throw new SampleRunError(`${what}: pad should be at most half of effective kernel size, but got pad=${o.padding}, kernel_size=${o.kernel}`);
  const { rows: R, L } = rows(x, what);
  const n = outLength(L, o);
  if (n <= 0) throw new SampleRunError(`${what}: the output size would be ${n} for an input of length ${L}`);
  const out = tensor([...x.shape.slice(0, -1), n]);
  for (let r = 0; r < R; r++) {
    for (let i = 0; i < n; i++) {
      const start = i * o.stride - o.padding;
      if (kind === 'max') {
        let best = -Infinity;
        for (let k = 0; k < o.kernel; k++) {
          const p = start + k * o.dilation;
          if (p < 0 || p >= L) continue;
          const v = x.data[r * L + p]!;
          if (v > best || Number.isNaN(v)) best = v;
          if (Number.isNaN(best)) break;
        }
        out.data[r * n + i] = best;
      } else {
        const end = Math.min(start + o.kernel, L + o.padding);
        const div = o.countIncludePad ? end - start : Math.min(end, L) - Math.max(start, 0);
        let s = 0;
        for (let p = Math.max(start, 0); p < Math.min(end, L); p++) s += x.data[r * L + p]!;
        out.data[r * n + i] = s / div;
      }
    }
  }
  return out;
}

export function adaptivePool1d(x: TensorData, kind: 'max' | 'avg', size: number): TensorData {
  const { rows: R, L } = rows(x, `adaptive_${kind}_pool1d`);
  const out = tensor([...x.shape.slice(0, -1), size]);
  for (let r = 0; r < R; r++) {
    for (let i = 0; i < size; i++) {
      const a = Math.floor((i * L) / size);
      const b = Math.ceil(((i + 1) * L) / size);
      let acc = kind === 'max' ? -Infinity : 0;
      for (let p = a; p < b; p++) {
        const v = x.data[r * L + p]!;
        acc = kind === 'max' ? (v > acc || Number.isNaN(v) ? v : acc) : acc + v;
      }
      out.data[r * size + i] = kind === 'max' ? acc : acc / (b - a);
    }
  }
  return out;
}
