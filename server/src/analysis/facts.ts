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
  /** 'tensor' or 'packed' (a PackedSequence, whose data shape is given). */
  kind: 'tensor' | 'packed';
  dims: DimFact[];
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

export interface AnalysisResult {
  diagnostics: DiagnosticFact[];
  /** Names bound by assignments (one per bound name: the CLI's `shapes`, inlay hints). */
  shapes: ShapeFact[];
  modules: ModuleFact[];
  /** Tensor names where they are read (`lstm(x)`): for hovers on later uses. */
  uses: ShapeFact[];
}

export function rangeContains(r: Range, p: Position): boolean {
  if (p.line < r.start.line || p.line > r.end.line) return false;
  if (p.line === r.start.line && p.character < r.start.character) return false;
  if (p.line === r.end.line && p.character > r.end.character) return false;
  return true;
}

export function formatShape(dims: readonly { value: number | string }[]): string {
  return '(' + dims.map((d) => String(d.value)).join(', ') + ')';
}
