// Classification losses on concrete tensors, as HF-style forwards compute them when labels are given:
// nll_loss on log-probabilities and cross_entropy (log_softmax then nll_loss) with class-index targets,
// input (N, C) or (N, C, d1, ...), ignore_index, reduction 'mean' | 'sum' | 'none'.
import { SampleRunError, tensor, type TensorData } from './tensor';
import { softmax } from './reductions';

export type Reduction = 'mean' | 'sum' | 'none';

export function nllLoss(logp: TensorData, target: TensorData, ignoreIndex: number, reduction: Reduction): TensorData {
  if (logp.shape.length < 1) throw new SampleRunError('nll_loss: input must have at least 1 dimension');
  const batched = logp.shape.length >= 2;
  const N = batched ? logp.shape[0]! : 1;
  const C = batched ? logp.shape[1]! : logp.shape[0]!;
  const rest = batched ? logp.shape.slice(2) : [];
  const inner = rest.reduce((a, b) => a * b, 1);
  const want = batched ? [N, ...rest] : [];
  if (target.shape.length !== want.length || target.shape.some((x, i) => x !== want[i])) {
    throw new SampleRunError(`Expected target size [${want.join(', ')}], got [${target.shape.join(', ')}]`);
  }
  const out = tensor(want);
  let sum = 0;
  let count = 0;
  for (let n = 0; n < N; n++) {
    for (let i = 0; i < inner; i++) {
      const t = target.data[n * inner + i]!;
      if (t === ignoreIndex) continue;
      if (!Number.isInteger(t) || t < 0 || t >= C) throw new SampleRunError(`Target ${t} is out of bounds.`);
      const v = -logp.data[(n * C + t) * inner + i]!;
      out.data[n * inner + i] = v;
      sum += v;
      count++;
    }
  }
  if (reduction === 'none') return out;
  return { shape: [], data: Float32Array.of(reduction === 'sum' ? sum : sum / count) };
}

export function crossEntropy(logits: TensorData, target: TensorData, ignoreIndex: number, reduction: Reduction): TensorData {
  return nllLoss(softmax(logits, logits.shape.length >= 2 ? 1 : 0, true), target, ignoreIndex, reduction);
}
