// The forward pass at torch's level: checks shapes like torch does, handles batch_first, unbatched
// input and cells, and maps torch-named weights onto the kernels (see wasm.ts).
import type { LayerSpec, LayerTrace, Tensor } from './types';
import { isCell, gateCount, numel, formatShape } from './types';
import { paramInfos, shapeMismatch } from './names';
import { KernelLayer, KIND_CODE, type KernelArena, type KernelSpec, type KernelWeights, type SimdLevel } from './wasm';

/** Weights under torch's names without any prefix (`weight_ih_l0`, `bias_hh`, …). */
export type LayerWeights = Record<string, Tensor>;

export interface ForwardInputs {
  input: Tensor;
  /** Module: h_0 (D*num_layers, N, H_out). Cell: hx (N, H). Zeros when absent. */
  h0?: Tensor;
  /** LSTM only: c_0 (D*num_layers, N, H). */
  c0?: Tensor;
  /**
   * A packed sequence (layers with batched input only): each batch element's length, in decreasing order,
   * at most the sequence length. Each sequence stops at its own length, as torch's PackedSequence does;
   * outputs past it are 0.
   */
  lengths?: readonly number[];
}

export function kernelSpec(spec: LayerSpec): KernelSpec {
  const base = spec.kind.replace('Cell', '');
  const kind = base === 'LSTM' ? KIND_CODE.LSTM : base === 'GRU' ? KIND_CODE.GRU : spec.nonlinearity === 'relu' ? KIND_CODE.RNN_RELU : KIND_CODE.RNN_TANH;
  if (isCell(spec.kind)) return { kind, inputSize: spec.inputSize, hidden: spec.hiddenSize, proj: 0, layers: 1, directions: 1 };
  return { kind, inputSize: spec.inputSize, hidden: spec.hiddenSize, proj: spec.projSize, layers: spec.numLayers, directions: spec.bidirectional ? 2 : 1, batchMajor: spec.batchFirst };
}

export function checkSpec(spec: LayerSpec): void {
  const bad = (m: string): never => { throw new Error(`invalid ${spec.kind}: ${m}`); };
  if (!Number.isInteger(spec.inputSize) || spec.inputSize < 1) bad(`input_size must be a positive integer, got ${spec.inputSize}`);
  if (!Number.isInteger(spec.hiddenSize) || spec.hiddenSize < 1) bad(`hidden_size must be a positive integer, got ${spec.hiddenSize}`);
  if (!isCell(spec.kind)) {
    if (!Number.isInteger(spec.numLayers) || spec.numLayers < 1) bad(`num_layers must be a positive integer, got ${spec.numLayers}`);
    if (!Number.isInteger(spec.projSize) || spec.projSize < 0) bad(`proj_size must be >= 0, got ${spec.projSize}`);
    if (spec.projSize > 0 && spec.kind !== 'LSTM') bad('proj_size is only supported by LSTM');
    if (spec.projSize >= spec.hiddenSize) bad(`proj_size (${spec.projSize}) has to be smaller than hidden_size (${spec.hiddenSize})`);
  }
}

/** Map torch-named weights onto the kernels' per (layer, direction) records, checking every shape. */
export function kernelWeights(spec: LayerSpec, weights: LayerWeights, prefix = ''): KernelWeights[] {
  const ks = kernelSpec(spec);
  const out: KernelWeights[] = Array.from({ length: ks.layers * ks.directions }, () => ({ wih: new Float32Array(0), whh: new Float32Array(0) }));
  for (const p of paramInfos(spec)) {
    const t = weights[p.name];
    if (!t) throw new Error(`missing key '${prefix}${p.name}'`);
    if (t.shape.length !== p.shape.length || t.shape.some((d, i) => d !== p.shape[i])) throw shapeMismatch(prefix + p.name, t.shape, p.shape);
    const rec = out[p.layer * ks.directions + p.direction];
    if (p.role === 'weight_ih') rec.wih = t.data;
    else if (p.role === 'weight_hh') rec.whh = t.data;
    else if (p.role === 'bias_ih') rec.bih = t.data;
    else if (p.role === 'bias_hh') rec.bhh = t.data;
    else rec.whr = t.data;
  }
  return out;
}

export interface IoShapes {
  batched: boolean;
  batch: number;
  seq: number;
  input: number[];
  h0: number[];
  c0?: number[];
  outputs: { name: string; shape: number[] }[];
}

/** Shapes of inputs and outputs for `batch` (undefined = unbatched) and `seq` steps, as torch returns them. */
export function ioShapes(spec: LayerSpec, batch: number | undefined, seq: number): IoShapes {
  const H = spec.hiddenSize, lstm = spec.kind.startsWith('LSTM');
  const batched = batch !== undefined;
  const N = batch ?? 1;
  if (isCell(spec.kind)) {
    const hx = batched ? [N, H] : [H];
    const outputs = [{ name: 'h_1', shape: hx }];
    if (lstm) outputs.push({ name: 'c_1', shape: hx });
    return { batched, batch: N, seq: 1, input: batched ? [N, spec.inputSize] : [spec.inputSize], h0: hx, c0: lstm ? hx : undefined, outputs };
  }
  const D = spec.bidirectional ? 2 : 1, LD = D * spec.numLayers, Hout = spec.projSize > 0 ? spec.projSize : H;
  const input = !batched ? [seq, spec.inputSize] : spec.batchFirst ? [N, seq, spec.inputSize] : [seq, N, spec.inputSize];
  const output = !batched ? [seq, D * Hout] : spec.batchFirst ? [N, seq, D * Hout] : [seq, N, D * Hout];
  const h0 = batched ? [LD, N, Hout] : [LD, Hout];
  const c0 = lstm ? (batched ? [LD, N, H] : [LD, H]) : undefined;
  const outputs = [{ name: 'output', shape: output }, { name: 'h_n', shape: h0 }];
  if (c0) outputs.push({ name: 'c_n', shape: c0 });
  return { batched, batch: N, seq, input, h0, c0, outputs };
}

/** Batch and sequence length implied by an input tensor, with torch's error when its rank or size is wrong. */
export function inferBatchSeq(spec: LayerSpec, input: readonly number[]): { batch: number | undefined; seq: number } {
  const cell = isCell(spec.kind);
  const batchedRank = cell ? 2 : 3;
  if (input.length !== batchedRank && input.length !== batchedRank - 1) {
    throw new Error(`${spec.kind}: Expected input to be ${batchedRank - 1}D or ${batchedRank}D, got ${input.length}D tensor ${formatShape(input)}`);
  }
  if (input[input.length - 1] !== spec.inputSize) {
    throw new Error(`${spec.kind}: input.size(-1) must be equal to input_size. Expected ${spec.inputSize}, got ${input[input.length - 1]}`);
  }
  if (cell) return { batch: input.length === 2 ? input[0] : undefined, seq: 1 };
  const r = input.length === 2 ? { batch: undefined, seq: input[0] } : spec.batchFirst ? { batch: input[0], seq: input[1] } : { batch: input[1], seq: input[0] };
  checkSequenceLength(spec, r.seq);
  return r;
}

/**
 * torch refuses an empty sequence (layers, not cells; torch 1.13 and 2.x alike) but runs an empty batch,
 * returning empty outputs (`(L, 0, H)`, `h_n` `(D*layers, 0, H)`), so only the length is checked.
 */
export function checkSequenceLength(spec: LayerSpec, seq: number): void {
  if (!isCell(spec.kind) && seq === 0) throw new Error(`${spec.kind}: Expected sequence length to be larger than 0 in RNN`);
}

/** FLOPs of the gate (and projection) matmuls: Σ layers D·T·N·2·G·H·(I_l + H_out) (+ 2·P·H per step). */
export function forwardFlops(spec: LayerSpec, batch: number | undefined, seq: number): number {
  const ks = kernelSpec(spec), G = gateCount(spec.kind), H = ks.hidden, Hout = ks.proj > 0 ? ks.proj : H;
  const N = batch ?? 1, T = isCell(spec.kind) ? 1 : seq;
  let f = 0;
  for (let l = 0; l < ks.layers; l++) {
    const Il = l === 0 ? ks.inputSize : ks.directions * Hout;
    f += ks.directions * T * N * (2 * G * H * (Il + Hout) + 2 * ks.proj * H);
  }
  return f;
}

/** A layer with its weights packed, for repeated forward passes on inputs of one shape. */
export class PreparedLayer {
  private readonly kernel: KernelLayer;
  readonly shapes: IoShapes;
  /** Per stacked layer of the last run: its time and hidden-state norms over the steps. */
  lastLayers: LayerTrace[] = [];
  /** Count saturated LSTM / GRU gates in each run (LayerTrace.saturation); off by default (it costs a few %). */
  countGates = false;

  /** `arena`: lay the layer out in this shared instance and memory (a module run's) instead of its own. */
  constructor(readonly spec: LayerSpec, weights: LayerWeights, batch: number | undefined, seq: number, level: SimdLevel | 'auto' = 'auto', arena?: KernelArena) {
    checkSpec(spec);
    checkSequenceLength(spec, seq);
    this.shapes = ioShapes(spec, batch, seq);
    this.kernel = new KernelLayer(kernelSpec(spec), kernelWeights(spec, weights), this.shapes.seq, this.shapes.batch, level, arena);
  }

  get simd(): SimdLevel {
    return this.kernel.level;
  }

  run(inputs: ForwardInputs, onProgress?: (fraction: number) => void): Record<string, Tensor> {
    const sh = this.shapes, spec = this.spec;
    const same = (t: Tensor, want: readonly number[], what: string): void => {
      if (t.shape.length !== want.length || t.shape.some((d, i) => d !== want[i])) {
        throw new Error(`${spec.kind}: Expected ${what} size ${formatShape(want)}, got ${formatShape(t.shape)}`);
      }
      if (t.data.length !== numel(t.shape)) throw new Error(`${what}: ${t.data.length} values do not fill ${formatShape(t.shape)}`);
    };
    same(inputs.input, sh.input, 'input');
    if (inputs.h0) same(inputs.h0, sh.h0, isCell(spec.kind) ? 'hx' : 'hidden');
    if (inputs.c0) {
      if (!sh.c0) throw new Error(`${spec.kind} takes no cell state c0`);
      same(inputs.c0, sh.c0, isCell(spec.kind) ? 'cx' : 'cell state');
    }
    // batch_first input and output stay batch-major: the kernels index them so (see kernelSpec).
    if (inputs.lengths && (isCell(spec.kind) || !sh.batched)) throw new Error(`${spec.kind}: sequence lengths need a batched layer input`);
    const r = this.kernel.forward(inputs.input.data, inputs.h0?.data, inputs.c0?.data, onProgress, this.countGates, inputs.lengths);
    this.lastLayers = r.layers;
    const shapeOf = (name: string): number[] => sh.outputs.find((o) => o.name === name)?.shape ?? [];
    if (isCell(spec.kind)) {
      const res: Record<string, Tensor> = { h_1: { shape: shapeOf('h_1'), data: r.hn } };
      if (sh.c0) res.c_1 = { shape: shapeOf('c_1'), data: r.cn };
      return res;
    }
    const res: Record<string, Tensor> = { output: { shape: shapeOf('output'), data: r.out }, h_n: { shape: shapeOf('h_n'), data: r.hn } };
    if (sh.c0) res.c_n = { shape: shapeOf('c_n'), data: r.cn };
    return res;
  }
}

/** One forward pass, synchronously, in this thread. */
export function forwardDirect(spec: LayerSpec, weights: LayerWeights, inputs: ForwardInputs, level: SimdLevel | 'auto' = 'auto'): Record<string, Tensor> {
  const { batch, seq } = inferBatchSeq(spec, inputs.input.shape);
  return new PreparedLayer(spec, weights, batch, seq, level).run(inputs);
}
