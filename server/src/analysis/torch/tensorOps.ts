// Tensor creation functions (torch.randn, zeros, full, randint, tensor, *_like, new_zeros) and the
// shape-moving tensor methods and functions (size, view/reshape, permute, transpose, squeeze,
// unsqueeze, flatten, indexing, cat/stack, elementwise ops), with torch 2.x's checks.
import type { Node } from '../syntax';
import { Dim, product } from '../dim';
import { Codes } from '../diagnosticCodes';
import { blameNode, replaceFix, type Arg, type CallArgs, type Reporter } from '../context';
import { concreteDims, permutedLayout, sameLayout, stridesOf, viewStrides } from './strides';
import { matrixProduct } from './matmul';
import type { FixFact } from '../facts';
import {
  asDim,
  asInt,
  choiceDim,
  intV,
  isUnknownDim,
  tensorV,
  unknownDim,
  UNKNOWN,
  type DimEntry,
  type TensorInfo,
  type Value,
} from '../values';

const CREATE = new Set(['randn', 'zeros', 'ones', 'rand', 'empty']);
const LIKE = new Set(['randn_like', 'zeros_like', 'ones_like', 'rand_like', 'empty_like', 'full_like', 'randint_like']);
/** Functions that keep the shape of their first tensor argument. */
const SAME_SHAPE_FUNCS = new Set([
  'relu', 'relu_', 'tanh', 'sigmoid', 'gelu', 'elu', 'selu', 'leaky_relu', 'silu', 'softplus', 'hardtanh', 'relu6', 'mish',
  'dropout', 'abs', 'exp', 'log', 'sqrt', 'neg', 'clamp', 'clip', 'sign', 'sin', 'cos', 'softmax', 'log_softmax',
  'normalize', 'layer_norm', 'detach', 'clone', 'contiguous', 'masked_fill', 'where', 'round', 'floor', 'ceil', 'pow',
  'sigmoid_', 'tanh_', 'square', 'reciprocal', 'rsqrt', 'erf', 'logsigmoid', 'softsign', 'tanhshrink', 'glu_keep',
]);
/** Functions whose second argument (or dim=) is a dimension of the input. */
const DIM_FUNCS = new Set(['softmax', 'log_softmax', 'normalize', 'glu_keep']);
/** Tensor methods that keep the shape. */
const SAME_SHAPE_METHODS = new Set([
  ...SAME_SHAPE_FUNCS, 'float', 'double', 'half', 'bfloat16', 'to', 'cpu', 'cuda', 'requires_grad_', 'type_as',
  'add', 'sub', 'mul', 'div', 'add_', 'mul_', 'sub_', 'div_', 'zero_', 'fill_', 'normal_', 'uniform_', 'masked_fill_', 'copy_', 'pin_memory', 'share_memory_',
  'random_', 'bernoulli_', 'exponential_', 'clamp_', 'detach_', 'retain_grad',
]);
const INTEGER_METHODS = new Set(['long', 'int', 'short']);
/** Casts to a dtype that indexes as a mask (bool, uint8): neither integer nor floating. */
const MASK_METHODS = new Set(['bool', 'byte']);
/** The legacy typed constructors and whether their dtype is an integer one. */
const LEGACY_INTEGER: Record<string, boolean> = { Tensor: false, FloatTensor: false, DoubleTensor: false, LongTensor: true, IntTensor: true };

function entry(d: Dim): DimEntry {
  return { d };
}

/** Read a size list from arguments: `f(2, 3)`, `f((2, 3))`, `f([2, 3])`, `f(x.shape)`, `size=(2, 3)`. */
export function sizeArgs(args: readonly Arg[], kwSize?: Arg): { dims?: Dim[]; nodes: Node[] } {
  const src = kwSize ? [kwSize] : args;
  if (src.length === 1 && src[0]!.v.k === 'tuple') {
    const t = src[0]!.v;
    // A sequence of unknown length (`(*shape, n)` with `shape` unknown): neither the sizes nor their number.
    if (t.count) return { nodes: [] };
    const nodes = elementNodes(src[0]!.node);
    const dims = t.items.map((x) => asDim(x));
    return { dims: dims.every((d): d is Dim => d !== undefined) ? dims : t.items.map((x) => asDim(x) ?? unknownDim()), nodes: nodes.length === t.items.length ? nodes : [] };
  }
  if (src.length === 1 && src[0]!.v.k === 'unknown' && !src[0]!.v.name) return { nodes: [] };
  const dims = src.map((a) => asDim(a.v));
  if (dims.some((d) => d === undefined)) {
    if (src.some((a) => a.v.k === 'tuple' || a.v.k === 'tensor')) return { nodes: [] };
    return { dims: dims.map((d) => d ?? unknownDim()), nodes: src.map((a) => a.node) };
  }
  return { dims: dims as Dim[], nodes: src.map((a) => a.node) };
}

function elementNodes(n: Node): Node[] {
  if (n.type === 'tuple' || n.type === 'list') return n.codeChildren;
  if (n.type === 'parenthesized_expression') {
    const inner = n.namedChildren[0];
    return inner ? [inner] : [];
  }
  return [];
}

/** Integer dtype from a `dtype=` argument: true for torch.long/int…, false for float types. */
export function dtypeInteger(args: CallArgs): boolean | undefined {
  const d = args.kw.get('dtype')?.v;
  if (!d) return undefined;
  if (d.k !== 'ref') return undefined;
  const name = d.path.split('.').pop() ?? '';
  // bool and uint8 tensors index as masks: not claimed integer (nor floating).
  if (/^(long|int|int64|int32|int16|int8|short|LongTensor|IntTensor|ShortTensor)$/.test(name)) return true;
  if (/^(float|float32|float64|double|half|float16|bfloat16|FloatTensor|DoubleTensor|HalfTensor)$/.test(name)) return false;
  return undefined;
}

function created(dims: Dim[] | undefined, call: Node, nodes: Node[], integer: boolean | undefined = false, fill?: number): Value {
  if (!dims) return tensorV(undefined, { integer });
  const t: Partial<TensorInfo> = { integer, contiguous: true };
  if (nodes.length === dims.length) t.origin = { call, sizeNodes: nodes };
  if (fill !== undefined && t.origin) t.fill = fill;
  return tensorV(dims.map(entry), t);
}

/** Shape of a nested list literal for torch.tensor([[...]]). */
// `integer` is undefined for bools: a bool tensor is neither an integer index tensor nor floating.
function literalShape(v: Value): { dims: Dim[]; integer: boolean | undefined } | undefined {
  if (v.k === 'int') return { dims: [], integer: true };
  if (v.k === 'bool') return { dims: [], integer: undefined };
  if (v.k === 'float') return { dims: [], integer: false };
  if (v.k === 'tensor' && v.t.dims) return { dims: v.t.dims.map((d) => d.d), integer: v.t.integer };
  if (v.k !== 'tuple') return undefined;
  if (v.items.length === 0) return { dims: [Dim.of(0)], integer: false };
  const inner = v.items.map(literalShape);
  const first = inner[0];
  if (!first || inner.some((x) => !x || x.dims.length !== first.dims.length)) return undefined;
  const integer = inner.some((x) => x!.integer === false) ? false : inner.every((x) => x!.integer === true) ? true : undefined;
  return { dims: [Dim.of(v.items.length), ...first.dims], integer };
}

/** Literal elements a sample run feeds as written (larger literals are fed random values of their shape). */
const MAX_LITERAL_ELEMENTS = 4096;

/** Every number of a nested list literal, row-major, when each one is known (ints, floats, bools). */
function literalElements(v: Value, out: number[] = []): number[] | undefined {
  if (out.length > MAX_LITERAL_ELEMENTS) return undefined;
  if (v.k === 'int' || v.k === 'bool') {
    const x = asInt(v);
    if (x === undefined) return undefined;
    out.push(x);
    return out;
  }
  if (v.k === 'float') {
    if (v.v === undefined) return undefined;
    out.push(v.v);
    return out;
  }
  if (v.k !== 'tuple' || v.count) return undefined;
  for (const it of v.items) if (!literalElements(it, out)) return undefined;
  return out;
}

/** The smallest and largest int of a nested list literal, when every element is a known int. */
function literalBounds(v: Value): { min: number; max: number } | undefined {
  if (v.k === 'int' || v.k === 'bool') {
    const x = asInt(v);
    return x === undefined ? undefined : { min: x, max: x };
  }
  if (v.k !== 'tuple' || v.count || v.items.length === 0) return undefined;
  let min = Infinity;
  let max = -Infinity;
  for (const it of v.items) {
    const b = literalBounds(it);
    if (!b) return undefined;
    min = Math.min(min, b.min);
    max = Math.max(max, b.max);
  }
  return { min, max };
}

/** torch.<name>(...) and torch.nn.functional.<name>(...). */
export function torchFunction(name: string, args: CallArgs, rep: Reporter): Value | undefined {
  const p = args.pos;
  const first = p[0]?.v;
  const dtypeInt = dtypeInteger(args);
  if (CREATE.has(name)) {
    const s = sizeArgs(p, args.kw.get('size'));
    return created(s.dims, args.node, s.nodes, dtypeInt ?? (args.kw.has('dtype') ? undefined : false), name === 'zeros' ? 0 : name === 'ones' ? 1 : undefined);
  }
  switch (name) {
    case 'full': {
      const s = sizeArgs(p.slice(0, 1), args.kw.get('size'));
      // full() takes its dtype from the fill value (an int fill gives a long tensor).
      const fill = p[1]?.v ?? args.kw.get('fill_value')?.v;
      const value = fill?.k === 'int' ? fill.dim.value : fill?.k === 'float' ? fill.v : undefined;
      return created(s.dims, args.node, s.nodes, dtypeInt ?? (fill?.k === 'int' ? true : fill?.k === 'float' ? false : undefined), value);
    }
    case 'randint': {
      // randint(high, size) or randint(low, high, size)
      const sizeArg = args.kw.get('size') ?? (p.length >= 3 ? p[2] : p[1]);
      if (!sizeArg) return tensorV(undefined, { integer: true });
      const s = sizeArgs([sizeArg]);
      return created(s.dims, args.node, s.nodes, true);
    }
    case 'arange': {
      const ints = p.map((a) => asInt(a.v));
      if (p.length === 1 && ints[0] !== undefined) return tensorV([entry(Dim.of(Math.max(0, ints[0])))], { integer: true });
      if (p.length === 1) {
        const d = asDim(p[0]!.v);
        return tensorV(d ? [entry(d)] : [entry(unknownDim())], { integer: true });
      }
      if (p.length === 2 && ints[0] !== undefined && ints[1] !== undefined) return tensorV([entry(Dim.of(Math.max(0, ints[1] - ints[0])))], { integer: true });
      return tensorV([entry(unknownDim())]);
    }
    case 'tensor':
    case 'as_tensor':
    case 'Tensor':
    case 'LongTensor':
    case 'IntTensor':
    case 'FloatTensor':
    case 'DoubleTensor': {
      if (!first) return tensorV(undefined);
      const typed = name in LEGACY_INTEGER ? LEGACY_INTEGER[name] : undefined;
      // Legacy constructors given sizes (`torch.LongTensor(9, 3)`) make an uninitialised tensor of that size.
      if (typed !== undefined && first.k === 'int') {
        const s = sizeArgs(p);
        return created(p.every((a) => a.v.k === 'int') ? s.dims : undefined, args.node, s.nodes, typed);
      }
      // A number whose value is not known may stand for an array: arithmetic on a named unknown reads it as
      // a size (`(m + 4) / 8`), but `m` may be an ndarray. Its shape is not known.
      if ((first.k === 'int' && first.dim.value === undefined) || (first.k === 'float' && first.v === undefined)) return tensorV(undefined, { integer: typed ?? dtypeInt });
      const ls = literalShape(first);
      const integer = typed ?? (dtypeInt ?? (ls ? ls.integer : undefined));
      const values = first.k === 'tuple' && ls?.dims.length === 1 ? first.items.map(asInt) : [];
      const bounds = integer ? literalBounds(first) : undefined;
      const elements = ls && ls.dims.length > 0 ? literalElements(first) : undefined;
      return tensorV(ls?.dims.map(entry), {
        integer,
        contiguous: true,
        ...(bounds ? { bounds } : {}),
        ...(values.length > 0 && values.every((v): v is number => v !== undefined) ? { values: values as number[] } : {}),
        ...(elements && elements.length > 0 && elements.length <= MAX_LITERAL_ELEMENTS ? { elements: { at: args.node, values: elements } } : {}),
      });
    }
    case 'one_hot': {
      const nc = p[1] ?? args.kw.get('num_classes');
      const n = nc ? asDim(nc.v) : undefined;
      if (first?.k !== 'tensor' || !first.t.dims) return tensorV(undefined, { integer: true });
      return tensorV([...first.t.dims, entry(n && !(n.value !== undefined && n.value < 0) ? n : unknownDim())], { integer: true });
    }
    case 'cat':
    case 'concat':
    case 'concatenate':
      return catOrStack(args, rep, false);
    case 'stack':
      return catOrStack(args, rep, true);
    case 'flatten': {
      const sd = p[1] ?? args.kw.get('start_dim');
      const ed = p[2] ?? args.kw.get('end_dim');
      return first?.k === 'tensor' ? flatten(first.t, sd ? (asInt(sd.v) ?? 0) : 0, ed ? (asInt(ed.v) ?? -1) : -1) : tensorV(undefined);
    }
    case 'transpose':
    case 'swapaxes':
    case 'permute':
    case 'squeeze':
    case 'unsqueeze':
    case 'reshape':
      if (first?.k === 'tensor') return tensorMethod(first, name, { ...args, pos: p.slice(1) }, rep);
      return tensorV(undefined);
  }
  if (LIKE.has(name)) {
    if (first?.k === 'tensor') return tensorV(first.t.dims, { integer: name === 'randint_like' || first.t.integer });
    return tensorV(undefined);
  }
  if (SAME_SHAPE_FUNCS.has(name)) {
    if (first?.k === 'tensor' && DIM_FUNCS.has(name)) {
      const d = p[1] ?? args.kw.get('dim');
      const rank = first.t.dims?.length;
      const i = d ? asInt(d.v) : undefined;
      if (rank !== undefined && i !== undefined && !first.t.assumed && normDim(i, Math.max(rank, 1)) === undefined) {
        rep.report(blameNode(args.node, d!.node), 'error', Codes.dimRange, `Dimension out of range (expected to be in range of [${-Math.max(rank, 1)}, ${Math.max(rank, 1) - 1}], but got ${i})`, lastDimFix(name, d!.node, i, Math.max(rank, 1)));
        return tensorV(undefined);
      }
    }
    if (first?.k === 'tensor') return tensorV(first.t.dims, { integer: first.t.integer, notes: first.t.notes, assumed: first.t.assumed, ...(KEEPS_LAYOUT.has(name) ? sameLayout(first.t) : {}) });
    return first?.k === 'unknown' ? tensorV(undefined) : undefined;
  }
  if (name === 'matmul' || name === 'bmm' || name === 'mm') return p[1] ? matrixProduct(name, p[0]!.v, p[1].v, blameNode(args.node), rep) : tensorV(undefined);
  if (name === 'mean' || name === 'sum' || name === 'max' || name === 'min' || name === 'amax' || name === 'logsumexp') {
    if (first?.k === 'tensor') return reduce(first.t, p[1] ?? args.kw.get('dim'), args.kw.get('keepdim'), name === 'max' || name === 'min', name);
  }
  return undefined;
}

function normDim(d: number, rank: number): number | undefined {
  const r = d < 0 ? d + rank : d;
  return r >= 0 && r < rank ? r : undefined;
}

/** Reductions whose result keeps an integer input's integer dtype (torch: max/min values, sum and prod give int64). */
const INTEGER_KEEPING_REDUCTIONS = new Set(['max', 'min', 'amax', 'amin', 'sum', 'prod']);

function reduce(t: TensorInfo, dimArg: Arg | undefined, keep: Arg | undefined, pairs: boolean, name = ''): Value {
  // The dtype: kept by max/min/sum/prod, float for mean/std/var/norm (which torch runs on floats only).
  const integer = INTEGER_KEEPING_REDUCTIONS.has(name) ? t.integer : t.integer === undefined ? undefined : false;
  if (!t.dims) return tensorV(undefined, { integer });
  if (!dimArg) return tensorV([], { integer });
  const d = asInt(dimArg.v);
  if (d === undefined) return tensorV(undefined, { integer });
  const i = normDim(d, t.dims.length);
  if (i === undefined) return tensorV(undefined, { integer });
  const keepdim = keep?.v.k === 'bool' && keep.v.v === true;
  const dims = keepdim ? t.dims.map((x, j) => (j === i ? entry(Dim.of(1)) : x)) : t.dims.filter((_, j) => j !== i);
  const out = tensorV(dims, { integer });
  return pairs ? { k: 'tuple', items: [out, tensorV(dims, { integer: true })] } : out;
}

function flatten(t: TensorInfo, start: number, end: number): Value {
  if (!t.dims) return tensorV(undefined);
  const r = t.dims.length;
  if (r === 0) return tensorV([entry(Dim.of(1))]);
  const s = normDim(start, r);
  const e = normDim(end, r);
  if (s === undefined || e === undefined || s > e) return tensorV(undefined);
  const merged = product(t.dims.slice(s, e + 1).map((x) => x.d));
  return tensorV([...t.dims.slice(0, s), entry(merged), ...t.dims.slice(e + 1)]);
}

function catOrStack(args: CallArgs, rep: Reporter, stack: boolean, quietly = false): Value {
  const seq = args.pos[0] ?? args.kw.get('tensors');
  const dimArg = args.pos[1] ?? args.kw.get('dim') ?? args.kw.get('axis');
  if (!seq || seq.v.k !== 'tuple') return tensorV(undefined);
  const ts = seq.v.items;
  const count = seq.v.count;
  if (ts.length === 0 || ts.some((x) => x.k !== 'tensor' || !x.t.dims)) return tensorV(undefined);
  if (count) {
    // A list appended to in a loop: `count` copies of one tensor.
    const one = (ts[0] as { k: 'tensor'; t: TensorInfo }).t.dims!;
    const dd = dimArg ? asInt(dimArg.v) : 0;
    if (dd === undefined) return tensorV(undefined);
    const j = normDim(dd, stack ? one.length + 1 : one.length);
    if (j === undefined) return tensorV(undefined);
    if (stack) {
      const out = [...one];
      out.splice(j, 0, entry(count));
      return tensorV(out);
    }
    return tensorV(one.map((x, k) => (k === j ? entry(x.d.mul(count)) : x)));
  }
  // An input whose rank is only assumed proves nothing about dims by position: no error, and the
  // result is assumed too.
  const assumed = ts.some((x) => (x as { k: 'tensor'; t: TensorInfo }).t.assumed);
  if (assumed && !quietly) {
    const quiet = catOrStack(args, { text: rep.text, report: () => {} }, stack, true);
    return quiet.k === 'tensor' ? { ...quiet, t: { ...quiet.t, assumed: true } } : quiet;
  }
  const shapes = ts.map((x) => (x as { k: 'tensor'; t: TensorInfo }).t.dims!);
  const rank = shapes[0]!.length;
  const d = dimArg ? asInt(dimArg.v) : 0;
  if (d === undefined) return tensorV(undefined);
  const outRank = stack ? rank + 1 : rank;
  const i = normDim(d, outRank);
  const fname = stack ? 'stack' : 'cat';
  if (i === undefined) {
    rep.report(blameNode(args.node, dimArg?.node), 'error', Codes.dimRange, `Dimension out of range (expected to be in range of [${-outRank}, ${outRank - 1}], but got ${d})`, dimArg ? lastDimFix(fname, dimArg.node, d, outRank) : []);
    return tensorV(undefined);
  }
  for (let k = 1; k < shapes.length; k++) {
    const s = shapes[k]!;
    if (s.length !== rank) {
      rep.report(blameNode(args.node, seq.node), 'error', Codes.catShapes, `torch.${fname}: Tensors must have same number of dimensions: got ${rank} and ${s.length}`);
      return tensorV(undefined);
    }
    for (let j = 0; j < rank; j++) {
      if (!stack && j === i) continue;
      if (s[j]!.d.provablyDiffers(shapes[0]![j]!.d)) {
        rep.report(
          blameNode(args.node, seq.node),
          'error',
          Codes.catShapes,
          stack
            ? `stack expects each tensor to be equal size, but got [${shapes[0]!.map((x) => x.d).join(', ')}] at entry 0 and [${s.map((x) => x.d).join(', ')}] at entry ${k}`
            : `Sizes of tensors must match except in dimension ${i}. Expected size ${shapes[0]![j]!.d} but got size ${s[j]!.d} for tensor number ${k} in the list.`,
        );
        return tensorV(undefined);
      }
    }
  }
  if (stack) {
    const dims = [...shapes[0]!];
    dims.splice(i, 0, entry(Dim.of(ts.length)));
    return tensorV(dims);
  }
  const total = shapes.reduce((acc, s) => acc.add(s[i]!.d), Dim.of(0));
  const parts = shapes.map((s) => s[i]!);
  const why = parts.every((p) => p.d.value !== undefined) ? parts.map((p) => p.d.toString()).join(' + ') : '';
  return tensorV(shapes[0]!.map((x, j) => (j === i ? { d: total, role: x.role, why } : x)));
}

/** Methods that move elements around without changing the dtype. */
const KEEPS_DTYPE = new Set(['view', 'reshape', 'expand', 'repeat', 'unsqueeze', 'squeeze', 'transpose', 'swapaxes', 't', 'permute', 'flatten', 'topk', 'unfold', 'contiguous']);
/** Ops along one dim where a dim one past the last most likely means the last (code written for one more dim). */
const ONE_AXIS_OPS = new Set(['softmax', 'log_softmax', 'normalize', 'sum', 'mean', 'max', 'min', 'amax', 'amin', 'argmax', 'argmin', 'logsumexp', 'prod', 'std', 'var', 'norm', 'cumsum', 'cat']);

/** RL406's fix where it is clear: `dim=rank` (one past the last) on a one-axis op → `-1`. */
function lastDimFix(op: string, node: Node, d: number, rank: number): FixFact[] {
  if (!ONE_AXIS_OPS.has(op) || d !== rank || node.type !== 'integer') return [];
  return [replaceFix(`Use dim -1 (the last of the ${rank} dims)`, node, '-1')];
}

/** A method call on a tensor value: `x.view(...)`, `x.size(0)`, … */
export function tensorMethod(recv: Value, name: string, args: CallArgs, rep: Reporter): Value {
  let out = tensorMethodShape(recv, name, args, rep);
  if (recv.k !== 'tensor' || out.k !== 'tensor') return out;
  if (recv.t.integer !== undefined && KEEPS_DTYPE.has(name) && out.t.integer === undefined) out = { ...out, t: { ...out.t, integer: recv.t.integer } };
  if (recv.t.bounds && (KEEPS_DTYPE.has(name) || KEEPS_VALUES.has(name)) && out.t.integer === true) out = { ...out, t: { ...out.t, bounds: recv.t.bounds } };
  if ((name === 'clamp' || name === 'clip') && recv.t.integer === true && (recv.t.values || recv.t.bounds)) out = { ...out, t: { ...out.t, ...clampedValues(recv.t, args) } };
  return withLayout(recv.t, name, args, out, rep);
}

/** `lengths.clamp(max=T)` on literal ints: the clamped values and bounds (int limits only). */
function clampedValues(t: TensorInfo, args: CallArgs): Partial<TensorInfo> {
  const lim = (a: Arg | undefined) => (a === undefined ? null : a.v.k === 'none' ? null : asInt(a.v));
  const lo = lim(args.pos[0] ?? args.kw.get('min'));
  const hi = lim(args.pos[1] ?? args.kw.get('max'));
  if (lo === undefined || hi === undefined) return {};
  const f = (x: number) => Math.min(hi ?? Infinity, Math.max(lo ?? -Infinity, x));
  return {
    ...(t.values ? { values: t.values.map(f) } : {}),
    ...(t.bounds ? { bounds: { min: f(t.bounds.min), max: f(t.bounds.max) } } : {}),
  };
}

/** Methods that return the same values (another device, dtype width or autograd status). */
const KEEPS_VALUES = new Set(['to', 'cpu', 'cuda', 'long', 'int', 'detach', 'clone', 'requires_grad_', 'pin_memory']);

/** Elementwise methods whose result keeps a dense input's strides (TensorIterator, preserve_format). */
const KEEPS_LAYOUT = new Set([
  'float', 'double', 'half', 'bfloat16', 'to', 'cpu', 'cuda', 'type', 'detach', 'clone', 'requires_grad_', 'relu', 'tanh', 'sigmoid', 'abs', 'exp', 'neg',
  'relu_', 'tanh_', 'sigmoid_', 'add_', 'mul_', 'sub_', 'div_', 'zero_', 'fill_', 'normal_', 'uniform_', 'random_', 'long', 'int', 'bool', 'detach_',
]);

/**
 * The layout of a method's result where it is known (contiguous(), transpose/permute of a known layout,
 * elementwise ops), and RL410 for a `view` whose sizes cannot reuse the input's strides.
 */
function withLayout(t: TensorInfo, name: string, args: CallArgs, out: Value & { k: 'tensor' }, rep: Reporter): Value {
  const layout = (extra: Partial<TensorInfo>): Value => ({ ...out, t: { ...out.t, ...extra } });
  const rank = t.dims?.length;
  const p = args.pos;
  if (name === 'contiguous') return layout({ contiguous: true });
  if (args.kw.has('memory_format')) return out;
  if (KEEPS_LAYOUT.has(name) && out.t.dims?.length === rank) return layout(sameLayout(t));
  if (rank === undefined) return out;
  const norm = (a: Arg | undefined) => {
    const d = a ? asInt(a.v) : undefined;
    return d === undefined ? undefined : normDim(d, rank);
  };
  if (name === 'transpose' || name === 'swapaxes' || name === 't') {
    const [a, b] = name === 't' ? (rank === 2 ? [0, 1] : [undefined, undefined]) : [norm(p[0]), norm(p[1])];
    if (name === 't' && rank < 2) return layout(sameLayout(t));
    if (a === undefined || b === undefined) return out;
    const order = Array.from({ length: rank }, (_, i) => (i === a ? b : i === b ? a : i));
    return layout(permutedLayout(t, order));
  }
  if (name === 'permute') {
    if (p.length === 1 && p[0]!.v.k === 'tuple' && p[0]!.v.count) return out;
    const raw = p.length === 1 && p[0]!.v.k === 'tuple' ? p[0]!.v.items.map(asInt) : p.map((a) => asInt(a.v));
    const order = raw.map((o) => (o === undefined ? undefined : normDim(o, rank)));
    if (order.length !== rank || order.some((o) => o === undefined)) return out;
    return layout(permutedLayout(t, order as number[]));
  }
  if (name === 'view' || name === 'reshape') {
    const oldStrides = stridesOf(t);
    const oldShape = concreteDims(t);
    const newShape = concreteDims(out.t);
    if (!oldStrides || !oldShape || !newShape) return out;
    const s = viewStrides(oldShape, oldStrides, newShape);
    if (s) return layout({ strides: s });
    if (name === 'reshape') return layout({ contiguous: true }); // reshape copies when view cannot
    const call = args.node;
    const attr = call.childForFieldName('function')?.childForFieldName('attribute');
    rep.report(
      blameNode(call),
      'error',
      Codes.viewNonContiguous,
      `view size is not compatible with input tensor's size and stride (at least one dimension spans across two contiguous subspaces). Use .reshape(...) instead. ` +
        `The input (${oldShape.join(', ')}) has strides (${oldStrides.join(', ')}) after a transpose/permute, so its memory cannot be read as (${newShape.join(', ')}) without a copy`,
      attr ? [replaceFix('Use .reshape(...)', attr, 'reshape')] : [],
    );
    return tensorV(undefined);
  }
  return out;
}

function tensorMethodShape(recv: Value, name: string, args: CallArgs, rep: Reporter): Value {
  if (recv.k !== 'tensor') return UNKNOWN;
  const t = recv.t;
  const dims = t.dims;
  const p = args.pos;
  const rank = dims?.length;
  const dimIndex = (a: Arg | undefined, extra = 0): number | undefined => {
    if (!a || rank === undefined) return undefined;
    const d = asInt(a.v);
    if (d === undefined) return undefined;
    const i = normDim(d, rank + extra);
    if (i === undefined && !t.assumed) {
      rep.report(blameNode(args.node, a.node), 'error', Codes.dimRange, `Dimension out of range (expected to be in range of [${-(rank + extra)}, ${rank + extra - 1}], but got ${d})`, lastDimFix(name, a.node, d, rank + extra));
    }
    return i;
  };
  if (name === 'float' || name === 'double' || name === 'half' || name === 'bfloat16') return tensorV(dims, { integer: false, notes: t.notes, assumed: t.assumed });
  if (name === 'to' || name === 'type') {
    const target = args.kw.get('dtype') ?? p.find((a) => a.v.k === 'ref');
    const asInteger = target ? dtypeInteger({ ...args, kw: new Map([['dtype', target]]) }) : undefined;
    return tensorV(dims, { integer: target ? asInteger : t.integer, notes: t.notes, assumed: t.assumed });
  }
  if (DIM_FUNCS.has(name)) return torchFunction(name, { ...args, pos: [{ v: recv, node: args.node }, ...p] }, rep) ?? tensorV(undefined);
  if (SAME_SHAPE_METHODS.has(name)) return tensorV(dims, { integer: t.integer, notes: t.notes, assumed: t.assumed });
  if (INTEGER_METHODS.has(name)) return tensorV(dims, { integer: true, assumed: t.assumed });
  if (MASK_METHODS.has(name)) return tensorV(dims, { assumed: t.assumed });
  switch (name) {
    case 'size': {
      if (p.length === 0 && !args.kw.has('dim')) return dims ? { k: 'tuple', items: dims.map((x) => intV(x.d)) } : UNKNOWN;
      const i = dimIndex(p[0] ?? args.kw.get('dim'));
      return i !== undefined && dims ? intV(dims[i]!.d) : UNKNOWN;
    }
    case 'dim':
    case 'ndimension':
      return rank !== undefined ? intV(rank) : UNKNOWN;
    case 'numel':
      return dims ? intV(product(dims.map((x) => x.d))) : UNKNOWN;
    case 'view':
    case 'reshape':
      return reshape(t, p, args, rep);
    case 'expand': {
      const s = sizeArgs(p, args.kw.get('size'));
      if (!s.dims) return tensorV(undefined);
      const extra = s.dims.length - (dims?.length ?? 0);
      return tensorV(s.dims.map((d, i) => (d.value === -1 ? (dims && i >= extra ? dims[i - extra]! : entry(unknownDim())) : entry(d))));
    }
    case 'repeat': {
      const s = sizeArgs(p);
      if (!s.dims || !dims || s.dims.length < dims.length) return tensorV(undefined);
      const extra = s.dims.length - dims.length;
      return tensorV(s.dims.map((d, i) => (i < extra ? entry(d) : entry(d.mul(dims[i - extra]!.d)))));
    }
    case 'unsqueeze': {
      if (!dims) return tensorV(undefined);
      const i = dimIndex(p[0] ?? args.kw.get('dim'), 1);
      if (i === undefined) return tensorV(undefined);
      const out = [...dims];
      out.splice(i, 0, entry(Dim.of(1)));
      return tensorV(out);
    }
    case 'squeeze': {
      if (!dims) return tensorV(undefined);
      if (p.length === 0) {
        if (dims.some((x) => x.d.value === undefined)) return tensorV(undefined);
        return tensorV(dims.filter((x) => x.d.value !== 1));
      }
      const i = dimIndex(p[0]);
      if (i === undefined) return tensorV(undefined);
      const d = dims[i]!.d;
      if (d.value === 1) return tensorV(dims.filter((_, j) => j !== i));
      if (d.value !== undefined) return tensorV(dims);
      return tensorV(undefined);
    }
    case 'transpose':
    case 'swapaxes': {
      if (!dims) return tensorV(undefined);
      const a = dimIndex(p[0]);
      const b = dimIndex(p[1]);
      if (a === undefined || b === undefined) return tensorV(undefined);
      const out = [...dims];
      [out[a], out[b]] = [out[b]!, out[a]!];
      return tensorV(out);
    }
    case 't':
      return dims && dims.length === 2 ? tensorV([dims[1]!, dims[0]!]) : tensorV(dims);
    case 'permute': {
      if (!dims || (p.length === 1 && p[0]!.v.k === 'tuple' && p[0]!.v.count)) return tensorV(undefined);
      const order = p.length === 1 && p[0]!.v.k === 'tuple' ? p[0]!.v.items.map(asInt) : p.map((a) => asInt(a.v));
      if (order.some((o) => o === undefined) || order.length !== dims.length) {
        if (order.length !== dims.length && order.every((o) => o !== undefined) && !t.assumed) {
          rep.report(blameNode(args.node), 'error', Codes.dimRange, `permute(sparse_coo): number of dimensions in the tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = ${dims.length} is not equal to len(dims) = ${order.length}`);
        }
        return tensorV(undefined);
      }
      const idx = (order as number[]).map((o) => normDim(o, dims.length));
      if (idx.some((i) => i === undefined)) return tensorV(undefined);
      return tensorV(idx.map((i) => dims[i!]!));
    }
    case 'flatten': {
      const sd = p[0] ?? args.kw.get('start_dim');
      const ed = p[1] ?? args.kw.get('end_dim');
      return flatten(t, sd ? (asInt(sd.v) ?? 0) : 0, ed ? (asInt(ed.v) ?? -1) : -1);
    }
    case 'new_zeros':
    case 'new_ones':
    case 'new_empty':
    case 'new_full': {
      const s = sizeArgs(name === 'new_full' ? p.slice(0, 1) : p, args.kw.get('size'));
      return created(s.dims, args.node, s.nodes, dtypeInteger(args) ?? (args.kw.has('dtype') ? undefined : t.integer));
    }
    case 'new_tensor':
      return p[0] ? (torchFunction('tensor', args, rep) ?? tensorV(undefined)) : tensorV(undefined);
    case 'sum':
    case 'mean':
    case 'max':
    case 'min':
    case 'amax':
    case 'argmax':
    case 'argmin':
    case 'std':
    case 'var':
    case 'prod':
    case 'norm': {
      const dimArg = p[0] ?? args.kw.get('dim');
      if (dimArg && dimArg.v.k === 'int' && dims && dimIndex(dimArg) === undefined) return tensorV(undefined);
      const r = reduce(t, p[0] ?? args.kw.get('dim'), p[1] ?? args.kw.get('keepdim'), name === 'max' || name === 'min', name);
      return name === 'argmax' || name === 'argmin' ? (r.k === 'tensor' ? { ...r, t: { ...r.t, integer: true } } : r) : r;
    }
    case 'matmul':
    case 'bmm':
    case 'mm':
      return p[0] ? matrixProduct(name, recv, p[0].v, blameNode(args.node), rep) : tensorV(undefined);
    case 'sort':
      // (values, indices), both of the input's shape.
      return { k: 'tuple', items: [tensorV(dims, { integer: t.integer }), tensorV(dims, { integer: true })] };
    case 'topk': {
      const kArg = p[0] ?? args.kw.get('k');
      const k = kArg ? asDim(kArg.v) : undefined;
      const dArg = p[1] ?? args.kw.get('dim');
      const di = dArg ? dimIndex(dArg) : rank !== undefined ? rank - 1 : undefined;
      if (!dims || !k || di === undefined) return { k: 'tuple', items: [tensorV(undefined), tensorV(undefined, { integer: true })] };
      const out = dims.map((x, j) => (j === di ? entry(k) : x));
      return { k: 'tuple', items: [tensorV(out), tensorV(out, { integer: true })] };
    }
    case 'unfold': {
      // x.unfold(dim, size, step): windows along dim, the window as a new last dim.
      const di = dimIndex(p[0] ?? args.kw.get('dimension'));
      const size = p[1] ? asInt(p[1].v) : undefined;
      const step = p[2] ? asInt(p[2].v) : undefined;
      if (!dims || di === undefined || size === undefined || step === undefined || step <= 0) return tensorV(undefined);
      const n = dims[di]!.d.value;
      const count = n !== undefined ? Dim.of(Math.floor((n - size) / step) + 1) : unknownDim();
      return tensorV([...dims.map((x, j) => (j === di ? entry(count) : x)), entry(Dim.of(size))]);
    }
    case 'item':
      // A Python int for an integer tensor, a float for a floating one; unknown when the dtype is.
      return t.integer === true ? { k: 'int', dim: unknownDim() } : t.integer === false ? { k: 'float' } : UNKNOWN;
    case 'tolist':
    case 'numpy':
      return UNKNOWN;
    case 'chunk':
    case 'split':
    case 'unbind':
      return UNKNOWN;
  }
  return tensorV(undefined);
}

function reshape(t: TensorInfo, p: readonly Arg[], args: CallArgs, rep: Reporter): Value {
  const s = sizeArgs(p, args.kw.get('shape') ?? args.kw.get('size'));
  if (!s.dims) return tensorV(undefined);
  const req = s.dims;
  const neg = req.map((d, i) => (d.value === -1 ? i : -1)).filter((i) => i >= 0);
  if (neg.length > 1) {
    rep.report(blameNode(args.node), 'error', Codes.viewNumel, 'only one dimension can be inferred');
    return tensorV(undefined);
  }
  if (!t.dims) {
    return neg.length === 0 ? tensorV(req.map(entry)) : tensorV(req.map((d) => (d.value === -1 ? entry(unknownDim()) : entry(d))));
  }
  const numel = product(t.dims.map((x) => x.d));
  const known = product(req.filter((d) => d.value !== -1));
  const shown = `[${req.map(String).join(', ')}]`;
  if (neg.length === 1) {
    const q = numel.div(known);
    if (q === undefined) {
      const nv = numel.value;
      const kv = known.value;
      if (nv !== undefined && kv !== undefined && kv !== 0 && nv % kv !== 0) {
        rep.report(blameNode(args.node), 'error', Codes.viewNumel, `shape '${shown}' is invalid for input of size ${nv}`);
        return tensorV(undefined);
      }
      return tensorV(req.map((d) => (d.value === -1 ? entry(unknownDim()) : entry(d))));
    }
    return tensorV(req.map((d) => (d.value === -1 ? { d: q, why: `${numel} / ${known}` } : entry(d))));
  }
  if (!isUnknownDim(numel) && !isUnknownDim(known) && numel.provablyDiffers(known) && (numel.value !== undefined || known.value !== undefined || true)) {
    if (numel.value !== undefined && known.value !== undefined) {
      rep.report(blameNode(args.node), 'error', Codes.viewNumel, `shape '${shown}' is invalid for input of size ${numel.value}`);
      return tensorV(undefined);
    }
  }
  // Keep the roles of dims that pass through unchanged.
  return tensorV(req.map((d, i) => (t.dims![i] && t.dims![i]!.d.equals(d) ? t.dims![i]! : entry(d))));
}

/** `x[...]` on a tensor. */
/** `x[items]`: the index expressions of a subscript (`x[a, b]` gives two). */
export function indexTensor(t: TensorInfo, items: readonly Node[], evalNode: (n: Node) => Value, rep: Reporter, at: Node): Value {
  if (!t.dims) return tensorV(undefined);
  const dims = t.dims;
  const consumed = items.filter((n) => n.type !== 'none' && n.type !== 'ellipsis').length;
  // Each item: dims it produces (slices, None, ellipsis), nothing (an int selects), or an index tensor's
  // dims (advanced indexing). torch applies the ints first, then indexes with the tensors.
  const parts: { out: DimEntry[]; adv?: DimEntry[] }[] = [];
  let src = 0;
  for (const it of items) {
    if (it.type === 'ellipsis') {
      const keep = dims.length - consumed;
      const out: DimEntry[] = [];
      for (let k = 0; k < keep; k++) out.push(dims[src++]!);
      parts.push({ out });
      continue;
    }
    if (it.type === 'none') {
      parts.push({ out: [entry(Dim.of(1))] });
      continue;
    }
    const d = dims[src];
    if (!d) {
      // torch's words: a 0-dim tensor (a loss, `x.max()`) has no dims to index (`loss.data[0]`, torch < 0.4 style)
      if (!t.assumed) {
        const base = at.type === 'subscript' ? at.childForFieldName('value') : null;
        const item = dims.length === 0 && base ? [replaceFix('Use .item()', at, `${base.text.replace(/\.data$/, '')}.item()`)] : [];
        rep.report(at, 'error', Codes.indexRange, dims.length === 0 ? 'invalid index of a 0-dim tensor. Use `tensor.item()` in Python or `tensor.item<T>()` in C++ to convert a 0-dim tensor to a number' : `too many indices for tensor of dimension ${dims.length}`, item);
      }
      return tensorV(undefined);
    }
    if (it.type === 'slice') {
      parts.push({ out: [sliceDim(d, it, evalNode)] });
      src++;
      continue;
    }
    const v = evalNode(it);
    if (v.k === 'int') {
      const i = v.dim.value;
      const n = d.d.value;
      if (i !== undefined && n !== undefined && (i >= n || i < -n) && !t.assumed) {
        rep.report(at, 'error', Codes.indexRange, `index ${i} is out of bounds for dimension ${src} with size ${n}`);
        return tensorV(undefined);
      }
      src++;
      continue;
    }
    // An integer index tensor (or a list of ints) replaces the dim by its own dims. Anything else (a
    // mask, a value of unknown type, a tuple) indexes in a way the shape does not show: give up.
    const adv = v.k === 'tensor' && v.t.integer === true ? v.t.dims : v.k === 'tuple' && v.list && !v.count && v.items.length > 0 && v.items.every((x) => x.k === 'int') ? [entry(Dim.of(v.items.length))] : undefined;
    if (!adv) return tensorV(undefined);
    parts.push({ out: [], adv });
    src++;
  }
  const rest: DimEntry[] = [];
  while (src < dims.length) rest.push(dims[src++]!);
  const extra = { ...(t.assumed ? { assumed: true } : {}), ...(t.integer !== undefined ? { integer: t.integer } : {}), ...(t.numpy ? { numpy: true } : {}) };
  const advAt = parts.flatMap((p, i) => (p.adv ? [i] : []));
  if (advAt.length === 0) return tensorV([...parts.flatMap((p) => p.out), ...rest], extra);
  // Several index tensors broadcast together; their dims go where they stand when adjacent, else first.
  let advDims: DimEntry[] | undefined = parts[advAt[0]!]!.adv!;
  for (const i of advAt.slice(1)) advDims = advDims && broadcast({ dims: advDims }, { dims: parts[i]!.adv! });
  if (!advDims || advDims.some((x) => x.d.value === undefined && advAt.length > 1)) return tensorV(undefined);
  const adjacent = advAt[advAt.length - 1]! - advAt[0]! === advAt.length - 1;
  const out: DimEntry[] = [];
  if (!adjacent) out.push(...advDims);
  parts.forEach((p, i) => {
    if (adjacent && i === advAt[0]) out.push(...advDims!);
    out.push(...p.out);
  });
  return tensorV([...out, ...rest], extra);
}

/** The start, stop and step expressions of a slice `a:b:c` (undefined where omitted). */
export function sliceParts(s: Node): (Node | undefined)[] {
  const parts: (Node | undefined)[] = [undefined, undefined, undefined];
  let k = 0;
  for (let i = 0; i < s.childCount; i++) {
    const c = s.child(i)!;
    if (c.type === ':') k++;
    else parts[k] = c;
  }
  return parts;
}

function sliceDim(d: DimEntry, s: Node, evalNode: (n: Node) => Value): DimEntry {
  const parts = sliceParts(s);
  const batch = loopBatch(d, parts, evalNode);
  if (batch) return batch;
  const num = (n: Node | undefined) => (n ? asInt(evalNode(n)) : undefined);
  const [a, b, step] = [num(parts[0]), num(parts[1]), num(parts[2])];
  if (!parts[0] && !parts[1] && !parts[2]) return d;
  const n = d.d.value;
  if ((parts[2] && (step === undefined || step <= 0)) || (parts[0] && a === undefined) || (parts[1] && b === undefined)) return entry(unknownDim());
  if (n === undefined) {
    // x[:k] on an unknown size: k when k ≥ 0 (assuming the size is at least k), else unknown.
    if (!parts[0] && b !== undefined && b >= 0) return entry(unknownDim());
    return entry(unknownDim());
  }
  const norm = (x: number) => Math.min(Math.max(x < 0 ? x + n : x, 0), n);
  const lo = a === undefined ? 0 : norm(a);
  const hi = b === undefined ? n : norm(b);
  const st = step ?? 1;
  return entry(Dim.of(Math.max(0, Math.ceil((hi - lo) / st))));
}

/**
 * `x[i:i + k]` with `i` a loop variable taking known values on a dim of known size n: min(k, n - i) rows on
 * the iteration with that i. One size when all agree; else a dim that takes each of those sizes (the last
 * batch of `range(0, n, k)` is shorter when k does not divide n).
 */
function loopBatch(d: DimEntry, parts: (Node | undefined)[], evalNode: (n: Node) => Value): DimEntry | undefined {
  const n = d.d.value;
  if (n === undefined || !parts[0] || !parts[1] || parts[2]) return undefined;
  const a = evalNode(parts[0]);
  if (a.k !== 'int' || !a.among) return undefined;
  const b = evalNode(parts[1]);
  const k = b.k === 'int' ? b.dim.sub(a.dim).value : undefined;
  if (k === undefined || k < 0) return undefined;
  const sizes = a.among.map((i) => Math.max(0, Math.min(i + k, n) - Math.max(0, Math.min(i, n))));
  if (a.among.some((i) => i < 0)) return undefined;
  if (sizes.every((x) => x === sizes[0])) return entry(Dim.of(sizes[0]!));
  return { d: choiceDim([...new Set(sizes)]), why: `${n} rows in slices of ${k}: ${[...new Set(sizes)].join(' or ')}` };
}

/** Broadcast two tensor shapes for an elementwise binary op; undefined when unknown. */
export function broadcast(a: TensorInfo, b: TensorInfo): DimEntry[] | undefined {
  if (!a.dims || !b.dims) return undefined;
  const r = Math.max(a.dims.length, b.dims.length);
  const out: DimEntry[] = [];
  for (let i = 0; i < r; i++) {
    const x = a.dims[a.dims.length - r + i];
    const y = b.dims[b.dims.length - r + i];
    if (!x) out.push(y!);
    else if (!y) out.push(x);
    else if (x.d.value === 1) out.push(y);
    else if (y.d.value === 1 || x.d.equals(y.d)) out.push(x);
    else out.push(isUnknownDim(x.d) ? y : x);
  }
  return out;
}
