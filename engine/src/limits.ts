// Estimated memory of a sample run (weights, packed weights, activations, copies handed back), so a
// run that would not fit is refused up front with a clear message.
import type { LayerSpec } from './types';
import { numel } from './types';
import { kernelFloats } from './wasm';
import { kernelSpec, ioShapes } from './forward';
import { paramInfos } from './names';

export const DEFAULT_MEMORY_LIMIT_MB = 512;

export function estimateRunBytes(spec: LayerSpec, batch: number | undefined, seq: number): number {
  const sh = ioShapes(spec, batch, seq);
  const params = paramInfos(spec).reduce((s, p) => s + numel(p.shape), 0);
  const io = numel(sh.input) + numel(sh.h0) + (sh.c0 ? numel(sh.c0) : 0);
  const outs = sh.outputs.reduce((s, o) => s + numel(o.shape), 0);
  // wasm memory + JS copies of weights and inputs + outputs (in the worker and after transfer).
  return (kernelFloats(kernelSpec(spec), sh.seq, sh.batch) + params + io + 2 * outs) * 4;
}

export function checkMemoryLimit(spec: LayerSpec, batch: number | undefined, seq: number, limitMB = DEFAULT_MEMORY_LIMIT_MB): void {
  const bytes = estimateRunBytes(spec, batch, seq);
  const mb = bytes / (1024 * 1024);
  if (mb > limitMB) {
    throw new Error(`rnnlens engine: refusing to run: this ${spec.kind} with batch ${batch ?? 'unbatched'} and seq ${seq} needs about ${Math.ceil(mb)} MB, more than the ${limitMB} MB limit (reduce batch/seq or raise the memory limit)`);
  }
}
