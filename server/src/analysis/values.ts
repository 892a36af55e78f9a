// The abstract values the interpreter computes for Python expressions: numbers (possibly symbolic),
// strings, tuples, tensors with (possibly symbolic) shapes, torch namespace references, layers,
// user functions, classes and instances.
import type { Node } from './syntax';
import { Dim } from './dim';
import { MAX_VALUE_SIZE } from './limits';

/** One dimension of a tensor, with what it means (for hovers). */
export interface DimEntry {
  d: Dim;
  role?: string;
  why?: string;
}

export interface TensorInfo {
  /** Undefined when the rank is unknown. */
  dims?: DimEntry[];
  /** The rank was assumed (an unknown input refined by use), so rank checks are not proven. */
  assumed?: boolean;
  /** Where a tensor was created from a size list, for quick fixes that edit the sizes. */
  origin?: { call: Node; sizeNodes: Node[] };
  /** Extra hover notes (e.g. what h_n[-1] is for a bidirectional layer). */
  notes?: string[];
  /** Integer dtype (from randint, long, tensor of ints): matters for Embedding. */
  integer?: boolean;
  /** The values of a small 1-D integer tensor written as a literal (sequence lengths). */
  values?: number[];
  /** Every element's value, for a tensor created by torch.zeros / ones / full with a constant (valid only at `origin.call`; see torch/recurrentCall.ts). */
  fill?: number;
  /**
   * Every element's value (row-major) of a small tensor written as a literal (`torch.tensor([[0.5, 1.0]])`),
   * made at the call `at` (valid only there, as `fill`; see torch/recurrentCall.ts).
   */
  elements?: { at: Node; values: number[] };
  /** Bounds of every element of an integer tensor written as a literal (token ids). */
  bounds?: { min: number; max: number };
  /** A NumPy array (only the methods NumPy and torch agree on are followed). */
  numpy?: boolean;
  /** Known to be contiguous in memory (created so, or `.contiguous()`). */
  contiguous?: boolean;
  /** Concrete strides of a tensor whose layout is known but not contiguous (after transpose/permute). */
  strides?: number[];
  /** Concrete values, in a sample run only (the second value domain; see interpreter/state.ts ValueDomain). */
  data?: TensorData;
}

/**
 * A concrete tensor: row-major values as float32 (integers and bools as their values), its shape, and
 * for a packed sequence the padded batch-first data with each sequence's length.
 */
export interface TensorData {
  shape: number[];
  data: Float32Array;
  lengths?: number[];
}

/**
 * Lengths longer than the padded time dim T: torch packs without a word, and the recurrent layer then
 * runs out of rows at step T (`start (rows) + length (next) exceeds dimension size (rows)`).
 */
export interface PackOverrun {
  rows: number;
  next: number;
  T: number;
  lengths: number[];
}

export interface Layer {
  /** torch class name: LSTM, Linear, Embedding, … */
  kind: string;
  id: number;
  node: Node;
  /** Resolved constructor arguments by torch's parameter name (defaults filled in). */
  args: Map<string, Value>;
  /** Arguments given in the call, with their nodes (for diagnostics and fixes). */
  given: Map<string, Node>;
  /** Sub-layers of containers (Sequential, ModuleList). */
  children?: Value[];
  /** The children's names when given (`Sequential(OrderedDict([('fc1', …), …]))`): their state_dict names. */
  childNames?: string[];
  valid: boolean;
}

export interface FuncInfo {
  def: Node;
  name: string;
  /** The scope the function was defined in. */
  closure: Scope;
  /** Bound instance, for methods reached through an instance. */
  self?: Value;
  cls?: ClassInfo;
}

export interface ClassInfo {
  name: string;
  node: Node;
  methods: Map<string, Node>;
  attrs: Map<string, Value>;
  closure: Scope;
  isModule: boolean;
  /** Fields of a @dataclass / NamedTuple, in order: what its generated __init__ takes. */
  fields?: string[];
}

export interface Instance {
  cls: ClassInfo;
  attrs: Map<string, Value>;
  /** True for the generic instance analysed with symbolic constructor arguments. */
  generic: boolean;
}

export type Value =
  | { k: 'unknown'; name?: string; hints?: ReadonlyMap<number, Dim> }
  | { k: 'int'; dim: Dim; node?: Node; among?: number[] }
  | { k: 'float'; v?: number }
  | { k: 'bool'; v?: boolean }
  | { k: 'str'; v?: string }
  | { k: 'none' }
  | { k: 'tuple'; items: Value[]; list?: boolean; count?: Dim; range?: boolean; start?: number; lstmState?: boolean; values?: number[] }
  /**
   * `attrs`: its keys are also attributes (an OmegaConf / hydra config: `cfg.model.hidden`). `open`: may
   * hold keys not in `entries` (built from unknown parts, or changed in ways not followed).
   */
  | { k: 'dict'; entries: Map<string, Value>; attrs?: boolean; open?: boolean }
  /** An argparse.ArgumentParser (or one of its groups): the defaults of the arguments added so far. */
  | { k: 'argparser'; defaults: Map<string, Value> }
  /** `open(path)` of a file named by a literal path, for yaml/json loaders. */
  | { k: 'file'; path: string }
  | { k: 'tensor'; t: TensorInfo }
  | { k: 'packed'; t: TensorInfo; batchFirst: boolean; batch?: DimEntry; overrun?: PackOverrun }
  | { k: 'ref'; path: string }
  | { k: 'layer'; layer: Layer }
  | { k: 'func'; f: FuncInfo }
  | { k: 'class'; cls: ClassInfo }
  | { k: 'instance'; inst: Instance }
  | { k: 'method'; recv: Value; name: string }
  | { k: 'ns'; attrs: Map<string, Value>; name: string };

export const UNKNOWN: Value = { k: 'unknown' };

/** A tensor written to in place (`x[i] = v`, `x.add_(1)`): its literal values and bounds are forgotten. */
export function forgetValues(t: TensorInfo): void {
  delete t.values;
  delete t.bounds;
}
export const NONE: Value = { k: 'none' };

export function intV(n: number | Dim, node?: Node): Value {
  return { k: 'int', dim: typeof n === 'number' ? Dim.of(n) : n, node };
}

export function tensorV(dims: DimEntry[] | undefined, extra: Partial<TensorInfo> = {}): Value {
  return { k: 'tensor', t: { ...extra, dims } };
}

export function dimsOf(v: Value): DimEntry[] | undefined {
  return v.k === 'tensor' || v.k === 'packed' ? v.t.dims : undefined;
}

/** A Dim for a value used as a size: ints, or a symbol named after the unknown's identifier. */
export function asDim(v: Value): Dim | undefined {
  if (v.k === 'int') return v.dim;
  if (v.k === 'bool' && v.v !== undefined) return Dim.of(v.v ? 1 : 0);
  if (v.k === 'unknown' && v.name && /^[A-Za-z_][\w.]*$/.test(v.name)) return Dim.sym(v.name);
  return undefined;
}

/** Concrete integer value, if known. */
export function asInt(v: Value): number | undefined {
  return v.k === 'int' ? v.dim.value : v.k === 'bool' && v.v !== undefined ? (v.v ? 1 : 0) : undefined;
}

export function truthy(v: Value): boolean | undefined {
  switch (v.k) {
    case 'bool':
      return v.v;
    case 'int':
      return v.dim.value === undefined ? undefined : v.dim.value !== 0;
    case 'float':
      return v.v === undefined ? undefined : v.v !== 0;
    case 'str':
      return v.v === undefined ? undefined : v.v.length > 0;
    case 'none':
      return false;
    case 'tuple':
      return v.items.length > 0;
    default:
      return undefined;
  }
}

/** Python-like text of a value for hovers and messages. */
export function showValue(v: Value): string {
  switch (v.k) {
    case 'int':
      return v.dim.toString();
    case 'float':
      return v.v === undefined ? 'float' : Number.isInteger(v.v) ? v.v.toFixed(1) : String(v.v);
    case 'bool':
      return v.v === undefined ? 'bool' : v.v ? 'True' : 'False';
    case 'str':
      return v.v === undefined ? 'str' : `'${v.v}'`;
    case 'none':
      return 'None';
    case 'unknown':
      return v.name ?? '?';
    case 'tuple':
      return (v.list ? '[' : '(') + v.items.map(showValue).join(', ') + (v.list ? ']' : v.items.length === 1 ? ',)' : ')');
    case 'tensor':
      return v.t.dims ? 'Tensor(' + v.t.dims.map((d) => d.d.toString()).join(', ') + ')' : 'Tensor';
    default:
      return '?';
  }
}

/** Structural equality good enough for merging branch environments. */
export function sameValue(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (a.k !== b.k) return false;
  switch (a.k) {
    case 'int':
      return a.dim.equals((b as typeof a).dim);
    case 'float':
    case 'bool':
    case 'str':
      return a.v === (b as typeof a).v;
    case 'none':
      return true;
    case 'tuple': {
      const bi = (b as typeof a).items;
      return a.items.length === bi.length && a.items.every((x, i) => sameValue(x, bi[i]!));
    }
    case 'tensor':
    case 'packed': {
      const ad = a.t.dims;
      const bd = (b as typeof a).t.dims;
      if (!ad || !bd) return ad === bd;
      if (a.t.contiguous !== (b as typeof a).t.contiguous || String(a.t.strides) !== String((b as typeof a).t.strides)) return false;
      return ad.length === bd.length && ad.every((x, i) => x.d.equals(bd[i]!.d));
    }
    case 'ref':
      return a.path === (b as typeof a).path;
    case 'layer':
      return a.layer === (b as typeof a).layer;
    case 'instance':
      return a.inst === (b as typeof a).inst;
    case 'class':
      return a.cls === (b as typeof a).cls;
    case 'func':
      return a.f.def === (b as typeof a).f.def;
    default:
      return false;
  }
}

/** Join of two values reaching one point from two branches: what both agree on. */
export function joinValues(a: Value, b: Value): Value {
  if (sameValue(a, b)) return a;
  if ((a.k === 'tensor' && b.k === 'tensor') || (a.k === 'packed' && b.k === 'packed')) {
    const ad = a.t.dims;
    const bd = b.t.dims;
    if (ad && bd && ad.length === bd.length) {
      const dims = ad.map((x, i) => (x.d.equals(bd[i]!.d) ? x : { d: Dim.sym(`?${i}`), role: x.role }));
      // Keep only agreeing dims; disagreeing ones become an unknown symbol that never proves a mismatch.
      return { ...a, t: { dims: dims.map((x) => (x.d.symbols().some((s) => s.startsWith('?')) ? { d: unknownDim() } : x)) } } as Value;
    }
    return a.k === 'tensor' ? tensorV(undefined) : UNKNOWN;
  }
  if (a.k === 'tuple' && b.k === 'tuple' && a.items.length === b.items.length) {
    return { k: 'tuple', items: a.items.map((x, i) => joinValues(x, b.items[i]!)), list: a.list };
  }
  // Two different ints: an int of unknown size (which never proves a mismatch).
  if (a.k === 'int' && b.k === 'int') return { k: 'int', dim: unknownDim() };
  if (a.k === b.k && (a.k === 'float' || a.k === 'bool' || a.k === 'str')) return { k: a.k } as Value;
  return UNKNOWN;
}

const sizes = new WeakMap<object, number>();

/**
 * How many values a value holds, counted through nested tuples, lists and dicts (shared parts counted
 * each time they appear, as Python would print them); memoised per value, capped just above the limit.
 */
export function valueSize(v: Value): number {
  if (v.k !== 'tuple' && v.k !== 'dict') return 1;
  const hit = sizes.get(v);
  if (hit !== undefined) return hit;
  let n = 1;
  for (const x of v.k === 'tuple' ? v.items : v.entries.values()) {
    n += valueSize(x);
    if (n > MAX_VALUE_SIZE) break;
  }
  sizes.set(v, n);
  return n;
}

/** True when a tuple or list of these items stays within the size cap. */
export function withinSizeCap(items: readonly Value[], times = 1): boolean {
  let n = 1;
  for (const x of items) {
    n += valueSize(x) * times;
    if (n > MAX_VALUE_SIZE) return false;
  }
  return true;
}

/** Attributes set on some paths only (a branch that did not set them joined in): hasattr is not proven. */
const maybeAbsent = new WeakMap<Map<string, Value>, Set<string>>();

export function markMaybeAbsent(attrs: Map<string, Value>, key: string): void {
  let set = maybeAbsent.get(attrs);
  if (!set) maybeAbsent.set(attrs, (set = new Set()));
  set.add(key);
}

/** Whether `attrs` surely holds `key` on every path (set, and not only in some branches). */
export function surelyHas(attrs: Map<string, Value>, key: string): boolean {
  return attrs.has(key) && !maybeAbsent.get(attrs)?.has(key);
}

let unknownCounter = 0;
/** A fresh symbol that stands for a size nothing is known about; printed as `?`. */
export function unknownDim(): Dim {
  unknownCounter++;
  return Dim.sym(`?${unknownCounter}`);
}

/**
 * Sizes known to take each of a few values on different loop iterations (a batch sliced as
 * `data[i:i + bs]` in `for i in range(0, n, bs)`): an unknown dim, with the values it takes on some run.
 */
const choices = new Map<string, number[]>();

export function choiceDim(values: number[]): Dim {
  const d = unknownDim();
  choices.set(d.symbols()[0]!, values);
  return d;
}

/** The values a choice dim takes (each on some iteration that runs), if it is one. */
export function dimChoices(d: Dim): number[] | undefined {
  const s = d.symbols();
  return s.length === 1 && d.equals(Dim.sym(s[0]!)) ? choices.get(s[0]!) : undefined;
}

export function isUnknownDim(d: Dim): boolean {
  return d.hasUnknownSymbol();
}

/** Lexical scope: names to values, with a parent (module scope for functions). */
export class Scope {
  readonly vars = new Map<string, Value>();
  constructor(readonly parent?: Scope) {}

  lookup(name: string): Value | undefined {
    return this.vars.get(name) ?? this.parent?.lookup(name);
  }

  set(name: string, v: Value): void {
    this.vars.set(name, v);
  }
}
