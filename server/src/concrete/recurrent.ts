// Recurrent layers and cells on concrete tensors, one engine call per layer (WASM, engine/src), and
// packed sequences: pack_padded_sequence / pad_packed_sequence / pad_sequence, a packed input run as one
// batch sorted by length, each sequence stopping at its own length as torch's does.
import { inferBatchSeq, PreparedLayer } from '../../../engine/src/forward';
import type { LayerSpec, Tensor } from '../../../engine/src/types';
import { numel, SampleRunError, showShape, tensor, type TensorData } from './tensor';
import type { LayerTensors } from './params';
import { denseKernels } from './wasmKernels';

export interface RecurrentResult {
  output?: TensorData;
  h: TensorData;
  c?: TensorData;
}

/** Prepared kernels per layer (its weights) and input size outside a module run: a cell called at every time step is packed once. */
const preparedOutside = new WeakMap<LayerTensors, Map<string, PreparedLayer>>();

function engineCall(spec: LayerSpec, weights: LayerTensors, input: TensorData, h0?: TensorData, c0?: TensorData, lengths?: number[]): Record<string, Tensor> {
  try {
    const { batch, seq } = inferBatchSeq(spec, input.shape);
    const key = `${batch ?? 'u'}x${seq}${spec.batchFirst ? 'b' : 't'}`;
    // in a module run: the run's instance and memory (wasmKernels.ts), and its cache
    const run = denseKernels();
    const prepared = run ? run.prepared : preparedOutside;
    let byShape = prepared.get(weights);
    if (!byShape) prepared.set(weights, (byShape = new Map()));
    let layer = byShape.get(key);
    if (!layer) byShape.set(key, (layer = new PreparedLayer(spec, weights, batch, seq, 'auto', run?.arena)));
    return layer.run({ input, h0, c0, lengths });
  } catch (e) {
    throw new SampleRunError((e as Error).message);
  }
}

/** A layer or cell on a padded tensor (torch's own layout), states optional. */
export function runRecurrent(spec: LayerSpec, weights: LayerTensors, input: TensorData, h0?: TensorData, c0?: TensorData): RecurrentResult {
  const r = engineCall(spec, weights, input, h0, c0);
  if (spec.kind.endsWith('Cell')) return { h: r.h_1!, c: r.c_1 };
  return { output: r.output!, h: r.h_n!, c: r.c_n };
}

/** pack_padded_sequence: the padded data kept batch-first with its lengths (torch's checks included). */
export function packPadded(x: TensorData, lengths: number[], batchFirst: boolean, enforceSorted: boolean): TensorData {
  if (x.shape.length < 2) throw new SampleRunError(`pack_padded_sequence: expected a tensor of at least 2 dims, got ${showShape(x.shape)}`);
  const data = batchFirst ? x : swap01(x);
  const [N, L] = data.shape as [number, number];
  if (lengths.length !== N) throw new SampleRunError(`Expected \`len(lengths)\` to be equal to batch_size, but got ${lengths.length} (batch_size=${N})`);
  lengths.forEach((l, i) => {
    if (l <= 0) throw new SampleRunError('Length of all samples has to be greater than 0, but found an element in \'lengths\' that is <= 0');
    if (l > L) throw new SampleRunError(`Length ${l} of sample ${i} exceeds the padded length ${L}`);
    if (enforceSorted && i > 0 && l > lengths[i - 1]!) throw new SampleRunError('`lengths` array must be sorted in decreasing order when `enforce_sorted` is True. You can pass `enforce_sorted=False` to pack_padded_sequence and/or pack_sequence to sidestep this requirement if you do not need ONNX exportability.');
  });
  return { shape: data.shape, data: data.data, lengths: [...lengths] };
}

/** (L, N, …) ↔ (N, L, …). */
export function swap01(x: TensorData): TensorData {
  const [a, b] = x.shape as [number, number];
  const inner = numel(x.shape.slice(2));
  const out = tensor([b, a, ...x.shape.slice(2)]);
  for (let i = 0; i < a; i++) for (let j = 0; j < b; j++) out.data.set(x.data.subarray((i * b + j) * inner, (i * b + j + 1) * inner), (j * a + i) * inner);
  return out;
}

/**
 * A recurrent layer over a packed sequence: one engine call on the batch sorted by decreasing length
 * (batch-first, padded to the longest), then put back in batch order: output packed (padded
 * batch-first), states in batch order.
 */
export function runPacked(spec: LayerSpec, weights: LayerTensors, packed: TensorData, h0?: TensorData, c0?: TensorData): RecurrentResult {
  const lengths = packed.lengths!;
  const [N, L, I] = packed.shape as [number, number, number];
  const D = spec.bidirectional ? 2 : 1;
  const Hout = spec.projSize > 0 ? spec.projSize : spec.hiddenSize;
  const LD = D * spec.numLayers;
  const maxLen = Math.max(...lengths);
  const order = lengths.map((_, b) => b).sort((a, b) => lengths[b]! - lengths[a]! || a - b);
  const x = tensor([N, maxLen, I]);
  order.forEach((b, i) => x.data.set(packed.data.subarray(b * L * I, b * L * I + lengths[b]! * I), i * maxLen * I));
  // states (LD, N, width) between batch order and sorted order
  const permute = (s: TensorData, width: number, toSorted: boolean): TensorData => {
    const t = tensor([LD, N, width]);
    for (let l = 0; l < LD; l++) {
      order.forEach((b, i) => {
        const [from, to] = toSorted ? [b, i] : [i, b];
        t.data.set(s.data.subarray((l * N + from) * width, (l * N + from + 1) * width), (l * N + to) * width);
      });
    }
    return t;
  };
  const sortedState = (s: TensorData | undefined, width: number): TensorData | undefined => {
    if (!s) return undefined;
    if (s.shape.length !== 3 || s.shape[0] !== LD || s.shape[1] !== N || s.shape[2] !== width) throw new SampleRunError(`Expected hidden size ${showShape([LD, N, width])}, got ${showShape(s.shape)}`);
    return permute(s, width, true);
  };
  const r = engineCall({ ...spec, batchFirst: true }, weights, x, sortedState(h0, Hout), sortedState(c0, spec.hiddenSize), order.map((b) => lengths[b]!));
  const output = tensor([N, maxLen, D * Hout]);
  const row = maxLen * D * Hout;
  order.forEach((b, i) => output.data.set(r.output!.data.subarray(i * row, (i + 1) * row), b * row));
  return { output: { ...output, lengths: [...lengths] }, h: permute(r.h_n!, Hout, false), c: r.c_n ? permute(r.c_n, spec.hiddenSize, false) : undefined };
}

/** pad_packed_sequence: (padded, lengths), padded to total_length when given. */
export function padPacked(packed: TensorData, batchFirst: boolean, paddingValue: number, totalLength?: number): [TensorData, TensorData] {
  const lengths = packed.lengths!;
  const [N, L] = packed.shape as [number, number];
  const maxLen = Math.max(...lengths);
  const T = totalLength ?? maxLen;
  if (T < maxLen) throw new SampleRunError(`Expected total_length to be at least the length of the longest sequence in input, but got total_length=${T} and max sequence length being ${maxLen}`);
  const inner = numel(packed.shape.slice(2));
  const out = tensor([N, T, ...packed.shape.slice(2)]);
  out.data.fill(paddingValue);
  for (let b = 0; b < N; b++) out.data.set(packed.data.subarray(b * L * inner, b * L * inner + lengths[b]! * inner), b * T * inner);
  return [batchFirst ? out : swap01(out), { shape: [N], data: Float32Array.from(lengths) }];
}

/** pad_sequence: a list of (L_i, *) tensors padded to (max L, N, *) or batch-first. */
export function padSequence(seqs: TensorData[], batchFirst: boolean, paddingValue: number): TensorData {
  if (seqs.length === 0) throw new SampleRunError('received an empty list of sequences');
  const rest = seqs[0]!.shape.slice(1);
  const inner = numel(rest);
  const T = Math.max(...seqs.map((s) => s.shape[0] ?? 0));
  const out = tensor([seqs.length, T, ...rest]);
  out.data.fill(paddingValue);
  seqs.forEach((s, b) => out.data.set(s.data, b * T * inner));
  return batchFirst ? out : swap01(out);
}
