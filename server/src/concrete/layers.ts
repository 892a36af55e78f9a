// Layers other than the recurrent ones on concrete tensors: Embedding (index lookup with torch's range
// check), LayerNorm, Conv1d (stride, padding, dilation, groups) and BatchNorm1d in eval mode.
import { numel, SampleRunError, showShape, tensor, type TensorData } from './tensor';

export function embedding(idx: TensorData, weight: TensorData): TensorData {
  const [n, e] = weight.shape as [number, number];
  const out = tensor([...idx.shape, e]);
  for (let i = 0; i < idx.data.length; i++) {
    const v = idx.data[i]!;
    if (!Number.isInteger(v) || v < 0 || v >= n) throw new SampleRunError(`index out of range in self (index ${v}, num_embeddings ${n})`);
    out.data.set(weight.data.subarray(v * e, v * e + e), i * e);
  }
  return out;
}

export function layerNorm(x: TensorData, normalized: number[], weight: TensorData | undefined, bias: TensorData | undefined, eps: number): TensorData {
  const k = normalized.length;
  const tail = x.shape.slice(x.shape.length - k);
  if (x.shape.length < k || tail.some((d, i) => d !== normalized[i])) {
    throw new SampleRunError(`Given normalized_shape=${showShape(normalized)}, expected input with shape [*, ${normalized.join(', ')}], but got input of size${showShape(x.shape)}`);
  }
  const n = numel(normalized);
  const rows = n === 0 ? 0 : x.data.length / n;
  const out = tensor([...x.shape]);
  // arrays in locals and the affine part in its own loops: bit-identical results, ~15 % faster in V8
  const xd = x.data, od = out.data;
  const wd = weight?.data, bd = bias?.data;
  for (let r = 0; r < rows; r++) {
    const o = r * n;
    let s = 0;
    for (let i = 0; i < n; i++) s += xd[o + i]!;
    const m = s / n;
    let ss = 0;
    for (let i = 0; i < n; i++) {
      const d = xd[o + i]! - m;
      ss += d * d;
    }
    const inv = 1 / Math.sqrt(ss / n + eps);
    if (wd && bd) for (let i = 0; i < n; i++) od[o + i] = (xd[o + i]! - m) * inv * wd[i]! + bd[i]!;
    else if (wd) for (let i = 0; i < n; i++) od[o + i] = (xd[o + i]! - m) * inv * wd[i]!;
    else if (bd) for (let i = 0; i < n; i++) od[o + i] = (xd[o + i]! - m) * inv + bd[i]!;
    else for (let i = 0; i < n; i++) od[o + i] = (xd[o + i]! - m) * inv;
  }
  return out;
}

export interface ConvOptions {
  stride: number;
  padding: number | 'same' | 'valid';
  dilation: number;
  groups: number;
}

/** Conv1d on (N, C, L) or (C, L), zero padding. */
export function conv1d(x: TensorData, weight: TensorData, bias: TensorData | undefined, o: ConvOptions): TensorData {
  const unbatched = x.shape.length === 2;
  if (x.shape.length !== 2 && x.shape.length !== 3) throw new SampleRunError(`Expected 2D (unbatched) or 3D (batched) input to conv1d, but got input of size: ${showShape(x.shape)}`);
  const [N, C, L] = unbatched ? [1, x.shape[0]!, x.shape[1]!] : (x.shape as [number, number, number]);
  const [Cout, Cg, K] = weight.shape as [number, number, number];
  const G = o.groups;
  if (C !== Cg * G) {
    throw new SampleRunError(`Given groups=${G}, weight of size ${showShape(weight.shape)}, expected input${showShape(x.shape)} to have ${Cg * G} channels, but got ${C} channels instead`);
  }
  let padL: number;
  let padR: number;
  if (o.padding === 'valid') padL = padR = 0;
  else if (o.padding === 'same') {
    const total = o.dilation * (K - 1);
    padL = Math.floor(total / 2);
    padR = total - padL;
  } else padL = padR = o.padding;
  const Lout = Math.floor((L + padL + padR - o.dilation * (K - 1) - 1) / o.stride) + 1;
  if (Lout <= 0) throw new SampleRunError(`Calculated output size: (${Cout}x${Lout}) is too small (input ${showShape(x.shape)}, kernel ${K})`);
  const out = tensor(unbatched ? [Cout, Lout] : [N, Cout, Lout]);
  const coutG = Cout / G;
  for (let n = 0; n < N; n++) {
    for (let co = 0; co < Cout; co++) {
      const g = Math.floor(co / coutG);
      for (let t = 0; t < Lout; t++) {
        let s = bias ? bias.data[co]! : 0;
        for (let ci = 0; ci < Cg; ci++) {
          const xc = (n * C + g * Cg + ci) * L;
          const wc = (co * Cg + ci) * K;
          for (let k = 0; k < K; k++) {
            const pos = t * o.stride + k * o.dilation - padL;
            if (pos < 0 || pos >= L) continue;
            s += x.data[xc + pos]! * weight.data[wc + k]!;
          }
        }
        out.data[(n * Cout + co) * Lout + t] = s;
      }
    }
  }
  return out;
}

/** BatchNorm1d in eval mode: the running statistics, over (N, C) or (N, C, L). */
export function batchNorm(x: TensorData, mean: TensorData, variance: TensorData, weight: TensorData | undefined, bias: TensorData | undefined, eps: number): TensorData {
  const C = x.shape[1];
  if (C === undefined || C !== mean.shape[0]) throw new SampleRunError(`running_mean should contain ${C} elements not ${mean.shape[0]}`);
  const inner = numel(x.shape.slice(2));
  const out = tensor([...x.shape]);
  for (let i = 0; i < x.data.length; i++) {
    const c = Math.floor(i / inner) % C;
    let y = (x.data[i]! - mean.data[c]!) / Math.sqrt(variance.data[c]! + eps);
    if (weight) y *= weight.data[c]!;
    if (bias) y += bias.data[c]!;
    out.data[i] = y;
  }
  return out;
}
