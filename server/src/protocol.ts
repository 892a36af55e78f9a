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
  /** False when not all sizes are concrete: a run must be told `missing` first. */
  runnable: boolean;
  /** The names a run of this layer must be given values for (`RunSampleParams.sizes`): empty when runnable. */
  missing: string[];
}

export interface ListLayersParams {
  uri: string;
}

/** `rnnlens/listLayers`: the recurrent layers declared in a document (or notebook cell's notebook). */
export const ListLayersRequest = new RequestType<ListLayersParams, LayerSummary[], void>('rnnlens/listLayers');

/** What a run of a layer or of a whole model takes besides its target: settings and weights. */
export interface RunSettingsParams extends WorkDoneProgressParams {
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

export interface RunSampleParams extends RunSettingsParams {
  uri: string;
  /** Run the layer declared at (or whose statement contains) this position… */
  position?: Position;
  /** …or the layer assigned to this target (`rnn`, `self.lstm`). */
  target?: string;
  /** Values for the names the code leaves open (`LayerSummary.missing`): ints, True/False. */
  sizes?: Record<string, number | boolean>;
}

/** One tensor a run fed the layer, and where it came from. */
export interface SampleInputInfo {
  /** `input`, `h0` (`hx` for a cell), `c0`. */
  name: string;
  shape: number[];
  /** `the code's call (line 8), random normal`, `torch.zeros at the call`, `settings: batch 2, length 5`, … */
  source: string;
}

/** One row of the per-layer table (like torchinfo's summary): a stacked layer of the run. */
export interface SampleLayerRow {
  /** `lstm.l0` (a cell: its target). */
  name: string;
  outputShape: number[];
  params: number;
  millis: number;
  /** Per direction (forward, reverse), per time step: the mean over the batch of ‖h_t‖₂. */
  norms: number[][];
  /** LSTM / GRU, per direction: per sigmoid gate (LSTM i, f, o; GRU r, z) the share of values below 0.1 and above 0.9. */
  saturation?: { gate: string; low: number; high: number }[][];
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
  /** Names the server's last runs by (`rnnlens/sampleOutputs` returns the tensors). */
  runId: number;
  /** 0-based line of the layer's declaration in the requested document (or its notebook). */
  line: number;
  /** 0-based line of the call whose tensors were fed, when the code builds them. */
  callLine?: number;
  inputs: SampleInputInfo[];
  layers: SampleLayerRow[];
  /** Parameters of the layer run. */
  paramCount: number;
  /** The values given for names the code leaves open. */
  sizes?: Record<string, number | boolean>;
}

export interface SampleOutputsParams {
  runId: number;
}

export interface SampleOutputsResult {
  /** The run's outputs (`output`, `h_n`, `c_n` / `h_1`, `c_1`) as a .safetensors file, base64. */
  safetensors: string;
}

/** `rnnlens/sampleOutputs`: the output tensors of one of the server's recent runs (the last few are kept). */
export const SampleOutputsRequest = new RequestType<SampleOutputsParams, SampleOutputsResult, void>('rnnlens/sampleOutputs');

/** `rnnlens/runSample`: run one declared layer on random input in the bundled engine (cancellable, with progress). */
export const RunSampleRequest = new RequestType<RunSampleParams, RunSampleResult, void>('rnnlens/runSample');

export interface ServerStatus {
  /** The server process's id in Node; a random id per server Web Worker in the browser. */
  pid: number;
  version: string;
  /** Open analysis units (documents and notebooks). */
  openUnits: number;
  /** Analysis workers started so far: 1, plus one per restart after a failed analysis. */
  analysisWorkers?: number;
  /** Analyses run so far (requests for a document coalesced while they waited count once). */
  analysesRun?: number;
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
  /** The whole-model run's worker script (dist/web/model-run-worker.js). */
  modelRunWorker: string;
}

/** The sample settings serve arguments the file's own call does not give; the weights are the model's state_dict. */
export interface RunModelParams extends RunSettingsParams {
  uri: string;
  /** What to run: a model class the file builds (`Tagger`), an instance (`model`) or a submodule (`model.encoder`). */
  module: string;
}

/** One row of a model run's per-layer table (like torchinfo's summary). */
export interface ModelLayerRow {
  /** The state_dict prefix of the layer (`encoder.lstm`). */
  name: string;
  kind: string;
  /** The shape of its (first) output in its last call. */
  outputShape: number[];
  params: number;
  millis: number;
  calls: number;
}

export interface RunModelResult {
  kind: 'model';
  /** `Tagger (tagger)`: the class and the instance run. */
  target: string;
  /** Forward's arguments and where each came from (the file's call, the settings, the inputs file). */
  inputs: string[];
  /** The return value flattened: `output`, `output.0`, `output.<key>`, with the static shape where the analysis has one. */
  outputs: SampleTensorStats[];
  /** Parts of the return value that are not tensors (`output.2`: `None`, ints). */
  values: { name: string; value: string }[];
  layers: ModelLayerRow[];
  paramCount: number;
  millis: number;
  seed: number;
  weightsSource: string;
  staticShapesMatch: boolean;
  runId: number;
  /** 0-based line of the model class (or the instance) in the document. */
  line: number;
  /** 0-based line of the file's call whose arguments were fed. */
  callLine?: number;
}

/** `rnnlens/runModel`: run a whole model of the file (its forward, eval mode) in the engine, cancellable. */
export const RunModelRequest = new RequestType<RunModelParams, RunModelResult, void>('rnnlens/runModel');

/** `rnnlens/listModels`: the model classes the document defines and builds (what `rnnlens.runModel` offers). */
export const ListModelsRequest = new RequestType<ListLayersParams, { name: string; line: number }[], void>('rnnlens/listModels');

/** Arguments of the `rnnlens.runModel` command (the code lens above a model class). */
export interface RunModelCommandArgs {
  uri: string;
  module: string;
}

/** `rnnlens/workspaceFiles` (server → client): the project's files, read by the client through `vscode.workspace.fs`. */
export interface WorkspaceFilesParams {
  /** Folders to list (their Python, YAML, JSON and pyproject.toml files), as URIs. */
  folders: string[];
  /** Single files to read (a watched file that changed), as URIs. */
  uris: string[];
}

export interface WorkspaceFile {
  uri: string;
  /** UTF-8 text; absent when the file is gone, unreadable or over the size limit. */
  text?: string;
}

export interface WorkspaceFilesResult {
  files: WorkspaceFile[];
  /** True when the folders held more files than the client reads (the rest are analysed when opened). */
  truncated: boolean;
}

/**
 * Sent by a server that cannot read the file system itself (the browser build, on `vscode-vfs://` files in
 * github.dev): the client answers with the files' texts, so imports and configs are followed as on desktop.
 */
export const WorkspaceFilesRequest = new RequestType<WorkspaceFilesParams, WorkspaceFilesResult, void>('rnnlens/workspaceFiles');

/** Command ids shared by code lenses (server) and the client's registrations. */
export const Commands = {
  runSample: 'rnnlens.runSample',
  runModel: 'rnnlens.runModel',
  pickWeights: 'rnnlens.pickWeights',
  restartServer: 'rnnlens.restartServer',
  showOutput: 'rnnlens.showOutput',
} as const;

/** Arguments of the `rnnlens.runSample` command when a code lens fires it. */
export interface RunSampleCommandArgs {
  uri: string;
  target: string;
  position: Position;
  /** Names the command asks values for before running (LayerSummary.missing). */
  missing?: string[];
}
