// Sample weights and inputs from a seed: PyTorch's default init (every parameter uniform(-k, k),
// k = 1/sqrt(hidden_size)) drawn from our own seeded generator, so values differ from torch's RNG.
import type { LayerSpec, Tensor } from './types';
import { numel } from './types';
import { paramInfos } from './names';
import type { LayerWeights } from './forward';
import { Rng } from './random';

export function initWeights(spec: LayerSpec, rng: Rng): LayerWeights {
  const k = 1 / Math.sqrt(spec.hiddenSize);
  const out: LayerWeights = {};
  for (const p of paramInfos(spec)) {
    const data = new Float32Array(numel(p.shape));
    for (let i = 0; i < data.length; i++) data[i] = rng.uniform(-k, k);
    out[p.name] = { shape: p.shape, data };
  }
  return out;
}

/** A standard-normal tensor (like torch.randn). */
export function randn(shape: number[], rng: Rng): Tensor {
  const data = new Float32Array(numel(shape));
  for (let i = 0; i < data.length; i++) data[i] = rng.normal();
  return { shape, data };
}
