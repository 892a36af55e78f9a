// The plain facts the analysis core produces for one Python program (a file, or a notebook's cells
// joined in order). Every consumer — LSP features, the CLI, the engine runner — reads only these.
// Positions are 0-based lines and UTF-16 columns (what tree-sitter reports for JS strings and LSP expects).

export interface Position { line: number; character: number }
export interface Range { start: Position; end: Position }

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** A text edit that a quick fix applies. */
export interface TextEditFact { range: Range; newText: string }
export interface FixFact { title: string; edits: TextEditFact[] }

export interface DiagnosticFact {
  range: Range;
  severity: Severity;
  /** Stable code, RL followed by three digits; see diagnosticCodes.ts. */
  code: string;
  message: string;
  fixes: FixFact[];
}

/** One dimension as shown to the user: its value and what it means. */
export interface DimFact {
  /** A number when known, else the symbolic text (`N`, `2*hidden`). */
  value: number | string;
  /** Short role: `N batch`, `L sequence length`, `D*num_layers`. Empty when nothing is known. */
  role: string;
  /** Why it has this value, e.g. `2 directions × hidden 20`. Empty when obvious. */
  why: string;
}

export interface ShapeFact {
  /** Range of the bound name (the assignment target). */
  range: Range;
  name: string;
  /**
   * 'tensor', 'packed' (a PackedSequence, whose data shape is given), or 'tuple': a small tuple of
   * tensors such as an LSTM state `(h, c)`, whose shapes are `items` (`dims` is empty then).
   */
  kind: 'tensor' | 'packed' | 'tuple';
  /** The shape of each tensor of a 'tuple'. */
  items?: DimFact[][];
  dims: DimFact[];
  /**
   * The concrete shape, where `dims` is symbolic and every call that reaches this line agrees on the
   * sizes (this file's own calls, or other files' calls into it). Inlay hints show it.
   */
  concrete?: DimFact[];
  /** The same for a 'tuple': each item's concrete shape (the items' sizes every call agrees on). */
  concreteItems?: DimFact[][];
  /** Extra sentences for hovers: what people get wrong about this value. */
  notes: string[];
  /** The rank rests on an assumption (an input of unknown rank read as batched 3-D), not a proof. */
  assumed?: boolean;
}

export type RecurrentKind = 'RNN' | 'LSTM' | 'GRU' | 'RNNCell' | 'LSTMCell' | 'GRUCell';

export interface ArgFact {
  name: string;
  /** The value as Python would print it, or the symbolic text. */
  value: string;
  /** 'given' (in the call), 'default' (torch's default). */
  source: 'given' | 'default';
  /** Concrete value when known (numbers, booleans, strings). */
  concrete?: number | boolean | string;
}

export interface ParamShapeFact { name: string; shape: (number | string)[] }

/** Everything the engine needs to build the layer; present only when all sizes are concrete. */
export interface RecurrentSpec {
  kind: RecurrentKind;
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

export interface ModuleFact {
  /** Range of the constructor call `nn.LSTM(...)`. */
  range: Range;
  /** Range of the whole statement that declares it (for code lenses). */
  statementRange: Range;
  /** What it is assigned to: `rnn`, `self.lstm`, `Model.lstm` (class attribute path for methods). */
  target: string;
  /** Other names it can be found by (`Net.lstm` for `self.lstm` inside class Net). */
  aliases: string[];
  kind: RecurrentKind;
  args: ArgFact[];
  /** Parameter shapes per layer and direction, PyTorch's names (`weight_ih_l0_reverse`). */
  params: ParamShapeFact[];
  /** Total parameter count when all sizes are known. */
  paramCount: number | string;
  /** Human-readable shapes of what a call returns, e.g. `output (L, N, 40)`. */
  returns: string[];
  spec?: RecurrentSpec;
  valid: boolean;
}

/** A parameter or buffer of a layer: its state_dict name and shape (symbolic where the sizes are). */
export interface LayerParamFact {
  name: string;
  shape: (number | string)[];
  /** A buffer (running statistics), in the state_dict but not counted as a parameter. */
  buffer?: boolean;
}

/** What a layer declaration holds, in sizes of one context (general, or where every call agrees). */
export interface LayerSizesFact {
  /** The constructor's arguments as bound (torch's defaults filled in); unknown ones as the user's names. */
  args: ArgFact[];
  /** What a call does to a shape: `(*, 2*hidden) → (*, n_tags)`; empty when not known. */
  rule: string;
  /** Parameters and buffers in state_dict order; absent when a size or flag they depend on is unknown. */
  params?: LayerParamFact[];
  /** Parameter count, an expression over the symbols when sizes are symbolic; '?' when not known. */
  paramCount: number | string;
}

/**
 * A declaration of a layer that is not recurrent (Linear, Embedding, Conv1d, LayerNorm, Dropout,
 * Sequential, ModuleList, …), for hovers. Recurrent layers are ModuleFacts.
 */
export interface LayerFact extends LayerSizesFact {
  /** Range of the constructor call `nn.Linear(...)`. */
  range: Range;
  /** Range of the whole statement that declares it. */
  statementRange: Range;
  /** What it is assigned to: `fc`, `self.fc`; an item of a container `self.net[0]`. */
  target: string;
  /** Other names it can be found by (`Net.fc` for `self.fc` inside class Net). */
  aliases: string[];
  kind: string;
  /** Sub-layers of a Sequential / ModuleList written in its call, in order (kind and sizes). */
  children?: { kind: string; sizes: LayerSizesFact }[];
  /** The same declaration in the sizes every call that builds it agrees on, where that differs. */
  concrete?: LayerSizesFact & { children?: LayerFact['children'] };
}

/** A tensor the code gives a call, as far as it is proven there: its shape, and the value of every element when the code fills it with one constant (torch.zeros / ones / full). */
export interface CallTensorFact {
  shape: number[];
  fill?: number;
  /** Every element's value (row-major), for a tensor the code writes as a literal at the call. */
  values?: number[];
}

/**
 * A call of a recurrent layer (`out, h = gru(x, h0)`) where the input's shape is concrete: what a sample
 * run of that call feeds the layer. Present only when every context that reaches the call agrees.
 */
export interface LayerCallFact {
  /** Range of the call expression. */
  range: Range;
  /** Range of the layer's constructor call (ModuleFact.range of the layer called). */
  layer: Range;
  input: CallTensorFact;
  /** The initial state is given in the call (h0 / hx; (h0, c0) for LSTM), even where its facts are absent. */
  stateGiven: boolean;
  h0?: CallTensorFact;
  c0?: CallTensorFact;
}

/** A model class the file defines (an nn.Module with a forward) and builds: the editor offers to run it. */
export interface ModelFact {
  name: string;
  /** Range of the class's name. */
  range: Range;
  /** From the start of the class statement (its decorators) to the end of its name: where its lens goes. */
  statementRange: Range;
}

export interface AnalysisResult {
  diagnostics: DiagnosticFact[];
  /** Names bound by assignments (one per bound name: the CLI's `shapes`, inlay hints). */
  shapes: ShapeFact[];
  modules: ModuleFact[];
  /** Tensor names where they are read (`lstm(x)`): for hovers on later uses. */
  uses: ShapeFact[];
  /** Calls of recurrent layers with concrete inputs: what a sample run of the call feeds. */
  calls: LayerCallFact[];
  /** Model classes defined and built in the file (absent when there are none). */
  models?: ModelFact[];
  /** Declarations of the other layers (Linear, Embedding, Conv, Sequential, …), for hovers. */
  layers?: LayerFact[];
  /**
   * Facts this file's code produced in imported workspace modules (call-site and instance contexts
   * only: `Encoder(100, 32, 64)(x)` in train.py gives concrete shapes in models.py's forward).
   */
  foreign?: ForeignFacts[];
  /** Functions (`file#Class.method`) this analysis ran from a real call: a call chain from the module's code. */
  reached?: string[];
}

export interface ForeignFacts {
  /** The other file's id (FileId). */
  file: string;
  result: AnalysisResult;
  /**
   * The shapes behind `result`'s, unmerged: every distinct call site's, else the instance context's
   * (methods of an instance built with known arguments, run with symbolic inputs), so that the calls of
   * several files can be merged dim by dim.
   */
  contextShapes?: { shapes: ContextShapeFact[]; uses: ContextShapeFact[] };
}

/** A shape from one analysis context of another file: a call site, or an instance context. */
export interface ContextShapeFact {
  fact: ShapeFact;
  context: 'site' | 'instance';
  /**
   * A call made inside the generic analysis of this function (`file#Class.method`): it stands for every
   * call of that function, and counts only while no real call reaches the function (AnalysisResult.reached).
   */
  owner?: string;
}

export function rangeContains(r: Range, p: Position): boolean {
  if (p.line < r.start.line || p.line > r.end.line) return false;
  if (p.line === r.start.line && p.character < r.start.character) return false;
  if (p.line === r.end.line && p.character > r.end.character) return false;
  return true;
}

/** A shape as Python prints it: `(8, 30, 40)`, `(16,)` for one dim, `()` for a scalar. */
/** What the editor shows for a bound name: `(8, 30, 40)`, `packed(T, 40)`, `((2, N, 20), (2, N, 20))`. */
export function shapeLabel(f: ShapeFact): string {
  if (f.kind === 'tuple') return '(' + (f.concreteItems ?? f.items ?? []).map(formatShape).join(', ') + ')';
  return (f.kind === 'packed' ? 'packed' : '') + formatShape(f.concrete ?? f.dims);
}

export function formatShape(dims: readonly { value: number | string }[]): string {
  return '(' + dims.map((d) => String(d.value)).join(', ') + (dims.length === 1 ? ',)' : ')');
}
