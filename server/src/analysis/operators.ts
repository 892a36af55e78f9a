// Python's binary operators on abstract values: int arithmetic on symbolic sizes (`2 * hidden`,
// `d // 2`), true division giving floats, tuple concatenation and repetition, and tensor arithmetic with
// broadcasting (`@` as matmul).
import type { Node } from './syntax';
import { Dim } from './dim';
import type { Reporter } from './context';
import { Codes } from './diagnosticCodes';
import { broadcast, torchFunction } from './torch/tensorOps';
import { asDim, intV, isUnknownDim, tensorV, UNKNOWN, withinSizeCap, type TensorInfo, type Value } from './values';
import { tooLargeMessage } from './limits';
import { pathJoin } from './config/osPath';

/** `a op b` on abstract values; `n` is the expression (for symbol names and diagnostics). */
export function binaryOp(op: string, a: Value, b: Value, n: Node, rep: Reporter): Value {
  // A named unknown next to an int is a size: `2 * batch`, `hidden // 2`.
  if ((a.k === 'int' && b.k === 'unknown' && b.name) || (b.k === 'int' && a.k === 'unknown' && a.name)) {
    const da = asDim(a);
    const db = asDim(b);
    if (da && db && ['+', '-', '*', '//'].includes(op)) return binaryOp(op, intV(da), intV(db), n, rep);
  }
  if (a.k === 'int' && b.k === 'int') {
    switch (op) {
      case '+':
        return intV(a.dim.add(b.dim));
      case '-':
        return intV(a.dim.sub(b.dim));
      case '*':
        return intV(a.dim.mul(b.dim));
      case '//': {
        const x = a.dim.value;
        const y = b.dim.value;
        if (x !== undefined && y !== undefined && y !== 0) return intV(Math.floor(x / y));
        const q = a.dim.div(b.dim);
        return q ? intV(q) : intV(Dim.sym(`(${n.text})`));
      }
      case '/': {
        const x = a.dim.value;
        const y = b.dim.value;
        return { k: 'float', v: x !== undefined && y !== undefined && y !== 0 ? x / y : undefined };
      }
      case '%': {
        const x = a.dim.value;
        const y = b.dim.value;
        return x !== undefined && y !== undefined && y !== 0 ? intV(((x % y) + y) % y) : { k: 'int', dim: Dim.sym(`(${n.text})`) };
      }
      case '**': {
        const x = a.dim.value;
        const y = b.dim.value;
        return x !== undefined && y !== undefined && y >= 0 ? intV(x ** y) : { k: 'int', dim: Dim.sym(`(${n.text})`) };
      }
      default:
        return UNKNOWN;
    }
  }
  const num = (v: Value) => (v.k === 'int' ? v.dim.value : v.k === 'float' ? v.v : undefined);
  if ((a.k === 'float' || a.k === 'int') && (b.k === 'float' || b.k === 'int')) {
    const x = num(a);
    const y = num(b);
    if (op === '//') {
      return { k: 'float', v: x !== undefined && y !== undefined && y !== 0 ? Math.floor(x / y) : undefined };
    }
    const r =
      x === undefined || y === undefined
        ? undefined
        : op === '+' ? x + y : op === '-' ? x - y : op === '*' ? x * y : op === '/' ? (y === 0 ? undefined : x / y) : op === '**' ? x ** y : undefined;
    return { k: 'float', v: r };
  }
  // `Path(__file__).parent / 'conf'`: only a pathlib.Path (held as its string) divides by a string.
  if (a.k === 'str' && b.k === 'str' && op === '/') return a.v !== undefined && b.v !== undefined ? { k: 'str', v: pathJoin(a.v, b.v) } : { k: 'str' };
  if (a.k === 'str' && b.k === 'str' && op === '+') return a.v !== undefined && b.v !== undefined && a.v.length + b.v.length <= 1 << 20 ? { k: 'str', v: a.v + b.v } : { k: 'str' };
  // Sequences stay within the size cap whatever builds them; above it the value is unknown, and said.
  if (a.k === 'tuple' && b.k === 'tuple' && op === '+') {
    // A counted list (built by a loop or a comprehension) keeps its count; its items are not listed.
    if (a.count || b.count) return { k: 'tuple', items: [UNKNOWN], count: (a.count ?? Dim.of(a.items.length)).add(b.count ?? Dim.of(b.items.length)), list: a.list };
    if (withinSizeCap(a.items) && withinSizeCap(b.items) && withinSizeCap([...a.items, ...b.items])) return { k: 'tuple', items: [...a.items, ...b.items], list: a.list };
    rep.report(n, 'information', Codes.valueTooLarge, tooLargeMessage(a.list ? 'this list' : 'this tuple'));
    return UNKNOWN;
  }
  if (a.k === 'tuple' && b.k === 'int' && op === '*') {
    const k = b.dim.value;
    if (a.count) return UNKNOWN;
    if (k !== undefined && k >= 0 && withinSizeCap(a.items, k)) return { k: 'tuple', items: Array.from({ length: k }, () => a.items).flat(), list: a.list };
    if (k !== undefined && k >= 0) rep.report(n, 'information', Codes.valueTooLarge, tooLargeMessage(a.list ? 'this list' : 'this tuple'));
    return UNKNOWN;
  }
  if (a.k === 'str' || b.k === 'str') return { k: 'str' };
  if (a.k === 'tensor' || b.k === 'tensor') {
    const numpy = (a.k === 'tensor' && a.t.numpy) || (b.k === 'tensor' && b.t.numpy);
    if (numpy) {
      // NumPy arrays: the same broadcasting, but a result mixed with a torch tensor is left unknown.
      const other = a.k === 'tensor' && a.t.numpy ? b : a;
      if (op === '@' || (other.k === 'tensor' && !other.t.numpy)) return tensorV(undefined);
      if (other.k === 'tensor') {
        const dims = broadcastClash(a.k === 'tensor' ? a.t : { dims: undefined }, b.k === 'tensor' ? b.t : { dims: undefined }) ? undefined : broadcast((a as Value & { k: 'tensor' }).t, (b as Value & { k: 'tensor' }).t);
        return tensorV(dims, { numpy: true });
      }
      const t = a.k === 'tensor' ? a : (b as Value & { k: 'tensor' });
      return tensorV(other.k === 'int' || other.k === 'float' ? t.t.dims : undefined, { numpy: true });
    }
    if (op === '@') {
      if (a.k === 'tensor' && b.k === 'tensor') return torchFunction('matmul', { node: n, pos: [{ v: a, node: n }, { v: b, node: n }], kw: new Map(), starred: false }, rep) ?? tensorV(undefined);
      return tensorV(undefined);
    }
    if (a.k === 'tensor' && b.k === 'tensor') {
      const clash = broadcastClash(a.t, b.t);
      if (clash) {
        rep.report(n, 'error', Codes.broadcastShapes, `The size of tensor a (${clash.a}) must match the size of tensor b (${clash.b}) at non-singleton dimension ${clash.dim}`);
        return tensorV(undefined);
      }
      return tensorV(broadcast(a.t, b.t), a.t.assumed || b.t.assumed ? { assumed: true } : {});
    }
    const t = a.k === 'tensor' ? a : (b as Value & { k: 'tensor' });
    const other = a.k === 'tensor' ? b : a;
    if (other.k === 'int' || other.k === 'float' || other.k === 'bool') return tensorV(t.t.dims, { integer: t.t.integer && other.k !== 'float' && op !== '/' ? true : undefined, notes: t.t.notes });
    return tensorV(t.t.dims && other.k === 'unknown' ? undefined : t.t.dims);
  }
  return UNKNOWN;
}

/**
 * Where two shapes cannot broadcast: aligned from the right, two sizes that are both provably not 1 and
 * provably different. Tensors of assumed rank are never blamed.
 */
export function broadcastClash(a: TensorInfo, b: TensorInfo): { a: Dim; b: Dim; dim: number } | undefined {
  if (!a.dims || !b.dims || a.assumed || b.assumed) return undefined;
  const r = Math.max(a.dims.length, b.dims.length);
  const one = Dim.of(1);
  for (let i = 0; i < r; i++) {
    const x = a.dims[a.dims.length - r + i]?.d;
    const y = b.dims[b.dims.length - r + i]?.d;
    if (!x || !y || isUnknownDim(x) || isUnknownDim(y)) continue;
    if (x.provablyDiffers(one) && y.provablyDiffers(one) && x.provablyDiffers(y)) return { a: x, b: y, dim: i };
  }
  return undefined;
}
