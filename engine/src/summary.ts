// Summary statistics of a tensor for display: min/max/mean/std over the finite values (std is
// torch's default, unbiased) and the count of NaN and ±Inf entries.
import type { Tensor, TensorSummary } from './types';

export function summarize(name: string, t: Tensor): TensorSummary {
  let min = Infinity, max = -Infinity, sum = 0, n = 0, nanCount = 0, infCount = 0;
  const d = t.data;
  for (let i = 0; i < d.length; i++) {
    const v = d[i];
    if (Number.isNaN(v)) { nanCount++; continue; }
    if (!Number.isFinite(v)) { infCount++; continue; }
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
    n++;
  }
  const mean = n > 0 ? sum / n : NaN;
  let ss = 0;
  for (let i = 0; i < d.length; i++) {
    const v = d[i];
    if (Number.isFinite(v)) ss += (v - mean) * (v - mean);
  }
  const std = n > 1 ? Math.sqrt(ss / (n - 1)) : n === 1 ? 0 : NaN;
  return { name, shape: [...t.shape], min: n ? min : NaN, max: n ? max : NaN, mean, std, nanCount, infCount };
}
