// NumPy arrays that become tensors (`torch.from_numpy(np.random.rand(12, 8, 1).astype("float32"))`): the
// creation functions give an array of known shape, read as a tensor flagged `numpy` so that only the
// methods NumPy and torch agree on (astype, reshape, copy) keep it; torch.from_numpy / torch.tensor
// turn it into a tensor.
import type { CallArgs } from '../context';
import { sizeArgs } from './tensorOps';
import { Dim } from '../dim';
import { asInt, tensorV, UNKNOWN, type Value } from '../values';

const FLOAT_SIZED = new Set(['random.rand', 'random.randn', 'random.random_sample']);
const SHAPED = new Set(['zeros', 'ones', 'empty']);
/** Elementwise functions of one array that give a float array of its shape. */
const ELEMENTWISE = new Set(['sin', 'cos', 'tan', 'exp', 'log', 'sqrt', 'tanh', 'abs']);

/** `numpy.<name>(...)`. */
export function numpyFunction(name: string, args: CallArgs): Value {
  const p = args.pos;
  if (FLOAT_SIZED.has(name)) {
    // np.random.rand(d0, d1, …) takes the sizes as separate ints.
    if (!p.every((a) => a.v.k === 'int')) return UNKNOWN;
    const s = sizeArgs(p);
    return s.dims ? tensorV(s.dims.map((d) => ({ d })), { integer: false, numpy: true }) : UNKNOWN;
  }
  if (SHAPED.has(name)) {
    const shape = p[0] ?? args.kw.get('shape');
    if (!shape || (shape.v.k !== 'int' && shape.v.k !== 'tuple')) return UNKNOWN;
    const s = sizeArgs([shape]);
    if (!s.dims) return UNKNOWN;
    const dt = args.kw.get('dtype') ?? p[1];
    return tensorV(s.dims.map((d) => ({ d })), { integer: dt ? undefined : false, numpy: true });
  }
  if (name === 'linspace') {
    const num = p[2] ?? args.kw.get('num');
    const n = num ? num.v : { k: 'int' as const, dim: Dim.of(50) };
    return n.k === 'int' && n.dim.value !== undefined ? tensorV([{ d: n.dim }], { integer: false, numpy: true }) : UNKNOWN;
  }
  if (ELEMENTWISE.has(name)) {
    const x = p[0]?.v;
    return x?.k === 'tensor' && x.t.numpy ? tensorV(x.t.dims, { integer: false, numpy: true }) : UNKNOWN;
  }
  if (name === 'stack' || name === 'array') {
    // np.stack(list of equal arrays, axis=0) / np.array(list of equal arrays): a new leading dim.
    const seq = p[0]?.v;
    const axis = p[1] ?? args.kw.get('axis');
    if (seq?.k !== 'tuple' || seq.count || seq.items.length === 0 || (axis && asInt(axis.v) !== 0)) return UNKNOWN;
    const first = seq.items[0]!;
    if (first.k !== 'tensor' || !first.t.numpy || !first.t.dims) return UNKNOWN;
    const same = seq.items.every((x) => x.k === 'tensor' && x.t.numpy && x.t.dims && x.t.dims.length === first.t.dims!.length && x.t.dims.every((d, i) => d.d.value !== undefined && d.d.equals(first.t.dims![i]!.d)));
    if (!same) return UNKNOWN;
    return tensorV([{ d: Dim.of(seq.items.length) }, ...first.t.dims], { integer: first.t.integer, numpy: true });
  }
  if (name === 'random.randint') {
    const size = args.kw.get('size') ?? p[2];
    if (!size || (size.v.k !== 'int' && size.v.k !== 'tuple')) return UNKNOWN;
    const s = sizeArgs([size]);
    return s.dims ? tensorV(s.dims.map((d) => ({ d })), { integer: true, numpy: true }) : UNKNOWN;
  }
  return UNKNOWN;
}

/** A method on an array: astype, reshape and copy as torch reads them; anything else unknown. */
export function numpyMethod(recv: Value & { k: 'tensor' }, name: string, args: CallArgs, torchMethod: (name: string) => Value): Value {
  if (name === 'astype') {
    const dt = args.pos[0]?.v;
    const text = dt?.k === 'str' ? dt.v : dt?.k === 'ref' ? dt.path.split('.').pop() : undefined;
    const integer = text === undefined ? undefined : /^u?int|^bool|^long/.test(text) ? true : /^float|^double|^half/.test(text) ? false : undefined;
    return tensorV(recv.t.dims, { integer, numpy: true });
  }
  if (name === 'copy') return tensorV(recv.t.dims, { integer: recv.t.integer, numpy: true });
  if (name === 'reshape' && !args.kw.has('order')) {
    const r = torchMethod('reshape');
    return r.k === 'tensor' ? { ...r, t: { dims: r.t.dims, integer: recv.t.integer, numpy: true } } : UNKNOWN;
  }
  return UNKNOWN;
}

/** torch.from_numpy(a) / torch.tensor(a): the array's shape as a tensor. */
export function fromNumpy(v: Value | undefined): Value | undefined {
  if (v?.k !== 'tensor' || !v.t.numpy) return undefined;
  return tensorV(v.t.dims, { integer: v.t.integer, contiguous: true });
}

