// Public types of the engine. They mirror RecurrentSpec of the analysis core structurally, so the
// engine imports nothing else of ours.

export type LayerKind = 'RNN' | 'LSTM' | 'GRU' | 'RNNCell' | 'LSTMCell' | 'GRUCell';

export interface LayerSpec {
  kind: LayerKind;
  inputSize: number;
  hiddenSize: number;
  numLayers: number;
  nonlinearity: 'tanh' | 'relu';
  bias: boolean;
  batchFirst: boolean;
  dropout: number;
  bidirectional: boolean;
  projSize: number;
}

/** A dense float32 tensor, row-major (C order) like torch's default. */
export interface Tensor {
  shape: number[];
  data: Float32Array;
}

export interface TensorSummary {
  name: string;
  shape: number[];
  min: number;
  max: number;
  mean: number;
  std: number;
  nanCount: number;
  infCount: number;
}

/** A tensor a run builds: every element `fill` (torch.zeros / ones / full), else standard normal from the run's seed. */
export interface TensorRecipe {
  shape: number[];
  /** Every element is this value (torch.zeros / ones / full). */
  fill?: number;
  /** Every element's value, row-major (a literal the code writes); else random normal. */
  values?: number[];
}

export interface RunRequest {
  spec: LayerSpec;
  /** undefined = unbatched input. */
  batch?: number;
  seq: number;
  seed?: number;
  /** The weights file: its path (read by a Node host), or its name when `weightsBytes` carries the content. */
  weightsPath?: string;
  /** The weights file's content, read by the client (`vscode.workspace.fs`), e.g. in a browser. */
  weightsBytes?: Uint8Array;
  weightsPrefix?: string;
  inputsPath?: string;
  /** Inputs built from recipes (the tensors the code builds at a call); batch and seq then follow the input's shape. */
  inputs?: { input: TensorRecipe; h0?: TensorRecipe; c0?: TensorRecipe };
  memoryLimitMB?: number;
}

/** What one stacked layer of a run did: its wall time and the hidden-state norm at each step. */
export interface LayerTrace {
  layer: number;
  /** Wall time of this layer (all directions), ms. */
  millis: number;
  /** Per direction (forward, then reverse), per time step in time order: the mean over the batch of ‖h_t‖₂. */
  norms: number[][];
  /**
   * LSTM / GRU only, per direction: per sigmoid gate (LSTM i, f, o; GRU r, z) the share of its values over
   * all steps and the batch below 0.1 (`low`) and above 0.9 (`high`), the saturation of Karpathy et al. 2015.
   */
  saturation?: GateSaturation[][];
}

export interface GateSaturation {
  gate: string;
  low: number;
  high: number;
}

export interface RunResult {
  outputs: TensorSummary[];
  /** Per stacked layer (one entry for a cell): time and hidden-state norms over the steps. */
  layers: LayerTrace[];
  tensors: Record<string, Tensor>;
  millis: number;
  gflops: number;
  seed: number;
  simd: string;
  weightsSource: string;
}

export interface RunOptions {
  signal?: AbortSignal;
  onProgress?: (fraction: number) => void;
}

export function isCell(kind: LayerKind): boolean {
  return kind === 'RNNCell' || kind === 'LSTMCell' || kind === 'GRUCell';
}

/** Gate count G: 4 for LSTM, 3 for GRU, 1 for RNN (cells alike). */
export function gateCount(kind: LayerKind): number {
  return kind.startsWith('LSTM') ? 4 : kind.startsWith('GRU') ? 3 : 1;
}

export function numel(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export function formatShape(shape: readonly number[]): string {
  return '(' + shape.join(', ') + (shape.length === 1 ? ',' : '') + ')';
}
