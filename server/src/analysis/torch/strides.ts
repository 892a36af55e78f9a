// Concrete memory layout of tensors whose strides are known (created contiguous, then transposed or
// permuted), and torch's rule for when `view` can reuse that memory (computeStride in ATen). Only
// tensors whose every size is a number carry strides; anything else has an unknown layout.
import type { TensorInfo } from '../values';

/** The dims as numbers, when every one is known. */
export function concreteDims(t: TensorInfo): number[] | undefined {
  if (!t.dims) return undefined;
  const xs = t.dims.map((d) => d.d.value);
  return xs.every((x): x is number => x !== undefined && x >= 0) ? (xs as number[]) : undefined;
}

export function contiguousStrides(shape: readonly number[]): number[] {
  const out = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    out[i] = acc;
    acc *= Math.max(shape[i]!, 1);
  }
  return out;
}

/** The strides of a tensor, when its layout is known and its sizes are numbers. */
export function stridesOf(t: TensorInfo): number[] | undefined {
  const shape = concreteDims(t);
  if (!shape) return undefined;
  if (t.strides && t.strides.length === shape.length) return t.strides;
  return t.contiguous ? contiguousStrides(shape) : undefined;
}

/**
 * The strides of `view(newShape)` on a tensor of this shape and strides, or undefined when torch refuses
 * ("view size is not compatible with input tensor's size and stride"). A port of ATen's computeStride.
 */
export function viewStrides(oldShape: readonly number[], oldStrides: readonly number[], newShape: readonly number[]): number[] | undefined {
  const numel = oldShape.reduce((a, b) => a * b, 1);
  const newStrides = new Array<number>(newShape.length).fill(1);
  if (numel === 0) return contiguousStrides(newShape);
  let viewD = newShape.length - 1;
  let chunkBase = oldStrides[oldStrides.length - 1] ?? 1;
  let tensorNumel = 1;
  let viewNumel = 1;
  for (let d = oldShape.length - 1; d >= 0; d--) {
    tensorNumel *= oldShape[d]!;
    if (d === 0 || (oldShape[d - 1] !== 1 && oldStrides[d - 1] !== tensorNumel * chunkBase)) {
      while (viewD >= 0 && (viewNumel < tensorNumel || newShape[viewD] === 1)) {
        newStrides[viewD] = viewNumel * chunkBase;
        viewNumel *= newShape[viewD]!;
        viewD--;
      }
      if (viewNumel !== tensorNumel) return undefined;
      if (d > 0) {
        chunkBase = oldStrides[d - 1]!;
        tensorNumel = 1;
        viewNumel = 1;
      }
    }
  }
  return viewD === -1 ? newStrides : undefined;
}

/** Layout fields of a result whose dims are the input's dims reordered by `order` (transpose/permute). */
export function permutedLayout(t: TensorInfo, order: readonly number[]): Partial<TensorInfo> {
  const s = stridesOf(t);
  return s ? { strides: order.map((i) => s[i]!) } : {};
}

/** Layout fields of a result laid out like its input (elementwise ops keep a dense input's strides). */
export function sameLayout(t: TensorInfo): Partial<TensorInfo> {
  return t.strides ? { strides: t.strides } : t.contiguous ? { contiguous: true } : {};
}
