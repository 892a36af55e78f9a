// Estimated memory of a sample run (weights, packed weights, activations, copies handed back), so a
// run that would not fit is refused up front with a clear message.
import type { LayerSpec } from './types';
import { numel } from './types';
import { kernelFloats } from './wasm';
import { kernelSpec, ioShapes } from './forward';
import { paramInfos } from './names';

export const DEFAULT_MEMORY_LIMIT_MB = 512;
/** WebAssembly (32-bit) addresses at most 4 GB: no run can use more, whatever limit is asked for. */
export const WASM_MEMORY_LIMIT_MB = 4096;

/** The limit a run gets: the one asked for, capped at what WASM can address; refuses nonsense limits. */
export function effectiveMemoryLimitMB(limitMB = DEFAULT_MEMORY_LIMIT_MB): number {
  if (!Number.isFinite(limitMB) || limitMB <= 0) throw new Error(`rnnlens engine: the memory limit must be a positive number of MB, got ${limitMB}`);
  return Math.min(limitMB, WASM_MEMORY_LIMIT_MB);
}

export function estimateRunBytes(spec: LayerSpec, batch: number | undefined, seq: number): number {
  const sh = ioShapes(spec, batch, seq);
  const params = paramInfos(spec).reduce((s, p) => s + numel(p.shape), 0);
  const io = numel(sh.input) + numel(sh.h0) + (sh.c0 ? numel(sh.c0) : 0);
  const outs = sh.outputs.reduce((s, o) => s + numel(o.shape), 0);
  // wasm memory + JS copies of weights and inputs + outputs (in the worker and after transfer).
  return (kernelFloats(kernelSpec(spec), sh.seq, sh.batch) + params + io + 2 * outs) * 4;
}

/** Refuses, before anything is allocated, a run estimated above the limit (capped at WASM's 4096 MB). */
export function checkMemoryLimit(spec: LayerSpec, batch: number | undefined, seq: number, limitMB = DEFAULT_MEMORY_LIMIT_MB): void {
  const limit = effectiveMemoryLimitMB(limitMB);
  const bytes = estimateRunBytes(spec, batch, seq);
  const mb = bytes / (1024 * 1024);
  if (mb > limit) {
    const why = limit < limitMB
      ? `more than the ${WASM_MEMORY_LIMIT_MB} MB a WebAssembly engine can address (the limit asked for, ${limitMB} MB, cannot apply); reduce batch/seq`
      : `more than the ${limit} MB limit (reduce batch/seq or raise the memory limit, at most ${WASM_MEMORY_LIMIT_MB} MB)`;
    throw new Error(`rnnlens engine: refusing to run: this ${spec.kind} with batch ${batch ?? 'unbatched'} and seq ${seq} needs about ${Math.ceil(mb)} MB, ${why}`);
  }
}
