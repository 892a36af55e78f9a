// Every custom LSP request and notification rnnlens adds, typed once and shared by the VS Code client
// and the language server (like rust-analyzer's lsp_ext.ts). Imports nothing but the protocol library.
import { RequestType, RequestType0, type Position, type Range, type WorkDoneProgressParams } from 'vscode-languageserver-protocol';

/** One recurrent layer declared in a document, as the client lists it in a quick pick. */
export interface LayerSummary {
  /** What it is assigned to: `rnn`, `self.lstm`. */
  target: string;
  kind: string;
  /** Range of the whole declaring statement (in the requested document; see `inDocument`). */
  range: Range;
  /** False for a layer declared in another cell of the same notebook (then `range` is not in this document). */
  inDocument: boolean;
  /** One-line description (`LSTM(10, 20, num_layers=2)`). */
  detail: string;
  /** False when not all sizes are concrete: the layer cannot be run. */
  runnable: boolean;
}

export interface ListLayersParams {
  uri: string;
}

/** `rnnlens/listLayers`: the recurrent layers declared in a document (or notebook cell's notebook). */
export const ListLayersRequest = new RequestType<ListLayersParams, LayerSummary[], void>('rnnlens/listLayers');

export interface RunSampleParams extends WorkDoneProgressParams {
  uri: string;
  /** Run the layer declared at (or whose statement contains) this position… */
  position?: Position;
  /** …or the layer assigned to this target (`rnn`, `self.lstm`). */
  target?: string;
  /** Overrides of the `rnnlens.sample.*` settings. */
  batchSize?: number;
  sequenceLength?: number;
  seed?: number;
  memoryLimitMB?: number;
  /** A .safetensors or torch.save .pt / .pth file with the layer's weights (else weights are initialised like torch does):
   * read by the server from disk, or only its name when `weightsBase64` carries the content. */
  weightsPath?: string;
  /** The weights file's content, base64, read by the client through `vscode.workspace.fs` (works in a browser and on virtual files). */
  weightsBase64?: string;
  /** Key prefix inside the weights file (`lstm.` for a state dict of a model). */
  weightsPrefix?: string;
}

/** Statistics of one output tensor of a sample run. */
export interface SampleTensorStats {
  name: string;
  shape: number[];
  min: number;
  max: number;
  mean: number;
  std: number;
  nanCount: number;
  infCount: number;
  /** The shape the static analysis predicted for this output (with the run's batch and length), if any. */
  expectedShape?: number[];
  /** True when the run's shape equals the predicted one; undefined when nothing was predicted. */
  matchesStatic?: boolean;
}

export interface RunSampleResult {
  target: string;
  kind: string;
  /** `LSTM(input_size=10, hidden_size=20, …)` as run. */
  description: string;
  batchSize: number;
  sequenceLength: number;
  /** Input shape fed to the layer. */
  inputShape: number[];
  outputs: SampleTensorStats[];
  millis: number;
  gflops: number;
  seed: number;
  /** The engine build that ran: `relaxed-simd` or `simd`. */
  simd: string;
  /** Where the weights came from: `init (seed 0)` or the file name. */
  weightsSource: string;
  /** True when every output with a prediction matched it. */
  staticShapesMatch: boolean;
}

/** `rnnlens/runSample`: run one declared layer on random input in the bundled engine (cancellable, with progress). */
export const RunSampleRequest = new RequestType<RunSampleParams, RunSampleResult, void>('rnnlens/runSample');

export interface ServerStatus {
  /** The server process's id in Node; a random id per server Web Worker in the browser. */
  pid: number;
  version: string;
  /** Open analysis units (documents and notebooks). */
  openUnits: number;
}

/** `rnnlens/serverStatus`: who is answering (tests use the pid to check that a crashed server restarts). */
export const ServerStatusRequest = new RequestType0<ServerStatus, void>('rnnlens/serverStatus');

/**
 * `initializationOptions.assets` of the browser build: where the server's Web Worker fetches the WASM it
 * needs (URLs under the extension's URI). The Node build reads the same files from disk instead.
 */
export interface BrowserAssets {
  treeSitterWasm: string;
  pythonWasm: string;
  engineWorker: string;
  engineWasm: string;
  engineRelaxedWasm: string;
}

/** Command ids shared by code lenses (server) and the client's registrations. */
export const Commands = {
  runSample: 'rnnlens.runSample',
  pickWeights: 'rnnlens.pickWeights',
  restartServer: 'rnnlens.restartServer',
  showOutput: 'rnnlens.showOutput',
} as const;

/** Arguments of the `rnnlens.runSample` command when a code lens fires it. */
export interface RunSampleCommandArgs {
  uri: string;
  target: string;
  position: Position;
}
