// Python builtins as the analysis sees them: range (a counted list), len, zip, enumerate, getattr,
// next, int/float, max/min, dict, tuple/list. Anything else is unknown.
import { Dim } from './dim';
import type { CallArgs } from './context';
import { canonicalPath } from './imports';
import { asDim, asInt, intV, surelyHas, unknownDim, UNKNOWN, NONE, type Value } from './values';

/** Names that resolve to builtins when the code does not bind them. */
export const BUILTINS = new Set(['next', 'int', 'float', 'len', 'range', 'tuple', 'list', 'max', 'min', 'isinstance', 'hasattr', 'callable', 'print', 'zip', 'enumerate', 'super', 'dict', 'sum', 'abs', 'round', 'str', 'bool', 'sorted', 'reversed', 'map', 'filter', 'any', 'all', 'getattr', 'setattr', 'type', 'object', 'open', 'vars']);

/** The items of something iterable: a list/tuple (maybe counted) or a ModuleList/Sequential. */
export function sequenceItems(v: Value): { items: Value[]; count?: Dim } | undefined {
  if (v.k === 'tuple') return { items: v.items, count: v.count };
  // A container whose layers are not known (built from a list of unknown length, changed in place): unknown.
  if (v.k === 'layer' && (v.layer.kind === 'ModuleList' || v.layer.kind === 'Sequential')) return v.layer.children ? { items: v.layer.children } : undefined;
  return undefined;
}

/** A call of a Python builtin the analysis understands (range, len, zip, getattr, …). */
export function callBuiltin(name: string, args: CallArgs): Value {
  const a = args.pos[0]?.v;
  switch (name) {
    case 'int':
      if (a?.k === 'int') return a;
      if (a?.k === 'float' && a.v !== undefined) return intV(Math.trunc(a.v));
      return { k: 'unknown' };
    case 'float': {
      // float('inf'), float('-inf'), float('nan'), float('1e-9') as Python parses them
      if (a?.k === 'str' && a.v !== undefined) {
        const t = a.v.trim().toLowerCase();
        const v = /^[+-]?(inf|infinity)$/.test(t) ? (t.startsWith('-') ? -Infinity : Infinity) : /^[+-]?nan$/.test(t) ? NaN : /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/.test(t) ? Number(t) : undefined;
        return { k: 'float', v };
      }
      return { k: 'float', v: a?.k === 'int' ? a.dim.value : a?.k === 'float' ? a.v : undefined };
    }
    case 'len':
      if (a?.k === 'tuple') return intV(a.count ?? Dim.of(a.items.length));
      // Python counts code points, as a JS string iterator does.
      if (a?.k === 'str' && a.v !== undefined) return intV(Dim.of([...a.v].length));
      if (a?.k === 'tensor' && a.t.dims?.[0]) return intV(a.t.dims[0].d);
      return { k: 'unknown' };
    case 'range': {
      const ds = args.pos.map((p) => asDim(p.v));
      if (ds.length === 0 || ds.some((d) => d === undefined)) return { k: 'tuple', items: [UNKNOWN], count: unknownDim(), range: true };
      const [a, b, step] = ds.length === 1 ? [Dim.of(0), ds[0]!, undefined] : [ds[0]!, ds[1]!, ds[2]];
      const n = step === undefined || step.value === 1 ? b.sub(a) : undefined;
      // Concrete bounds: the values themselves (a loop variable that slices batches takes each of them).
      const [av, bv, sv] = [a.value, b.value, step === undefined ? 1 : step.value];
      const count = av !== undefined && bv !== undefined && sv !== undefined && sv > 0 ? Math.max(0, Math.ceil((bv - av) / sv)) : undefined;
      const values = count !== undefined && count <= 4096 ? Array.from({ length: count }, (_, i) => av! + i * sv!) : undefined;
      return { k: 'tuple', items: [UNKNOWN], count: n ?? unknownDim(), range: true, start: a.value, ...(values ? { values } : {}) };
    }
    case 'tuple':
    case 'list':
      return a?.k === 'tuple' ? { ...a, list: name === 'list' } : UNKNOWN;
    case 'max':
    case 'min': {
      const xs = args.pos.length === 1 && a?.k === 'tuple' ? a.items : args.pos.map((p) => p.v);
      const ns = xs.map(asInt);
      if (ns.length > 0 && ns.every((x): x is number => x !== undefined)) return intV(name === 'max' ? Math.max(...ns) : Math.min(...ns));
      return UNKNOWN;
    }
    case 'getattr': {
      // getattr(nn, 'LSTM') with a known name is the attribute itself.
      const name = args.pos[1]?.v;
      if (a?.k === 'ref' && name?.k === 'str' && name.v !== undefined) return { k: 'ref', path: canonicalPath(`${a.path}.${name.v}`) };
      if (a?.k === 'instance' && name?.k === 'str' && name.v !== undefined) return a.inst.attrs.get(name.v) ?? UNKNOWN;
      return UNKNOWN;
    }
    case 'next': {
      const it = a ? sequenceItems(a) : undefined;
      return it?.items[0] ?? UNKNOWN;
    }
    case 'hasattr': {
      // An attribute the instance has (set in __init__, a method) is there; a missing one may be set elsewhere.
      const name = args.pos[1]?.v;
      if (a?.k === 'instance' && name?.k === 'str' && name.v !== undefined && (surelyHas(a.inst.attrs, name.v) || a.inst.cls.methods.has(name.v))) return { k: 'bool', v: true };
      if (a?.k === 'layer' && name?.k === 'str' && name.v !== undefined && a.layer.args.has(name.v)) return { k: 'bool', v: true };
      return { k: 'bool' };
    }
    case 'isinstance': {
      // decided only where the value's kind proves it: a tensor is a torch.Tensor, a tuple / list value is one
      const t = args.pos[1]?.v;
      const of = (path: string): boolean | undefined => {
        if (!a || a.k === 'unknown') return undefined;
        if (path === 'torch.Tensor') return a.k === 'tensor' ? true : ['tuple', 'int', 'float', 'str', 'none', 'bool', 'dict'].includes(a.k) ? false : undefined;
        if (path === 'builtins.tuple' || path === 'builtins.list') return a.k === 'tuple' ? (a.list === true) === (path === 'builtins.list') : ['tensor', 'int', 'float', 'str', 'none', 'bool', 'dict'].includes(a.k) ? false : undefined;
        return undefined;
      };
      const paths = t?.k === 'ref' ? [t.path] : t?.k === 'tuple' && t.items.every((x) => x.k === 'ref') ? t.items.map((x) => (x as { path: string }).path) : [];
      const rs = paths.map(of);
      if (rs.length && rs.some((r) => r === true)) return { k: 'bool', v: true };
      if (rs.length && rs.every((r) => r === false)) return { k: 'bool', v: false };
      return { k: 'bool' };
    }
    case 'callable':
      return { k: 'bool' };
    case 'print':
      return NONE;
    case 'zip': {
      const seqs = args.pos.map((p) => sequenceItems(p.v));
      if (seqs.length === 0 || seqs.some((x) => !x)) return UNKNOWN;
      const counted = seqs.find((x) => x!.count);
      if (counted) return { k: 'tuple', list: true, items: [{ k: 'tuple', items: seqs.map((x) => x!.items[0] ?? UNKNOWN) }], count: counted.count };
      const n = Math.min(...seqs.map((x) => x!.items.length));
      return { k: 'tuple', list: true, items: Array.from({ length: n }, (_, i) => ({ k: 'tuple', items: seqs.map((x) => x!.items[i]!) }) as Value) };
    }
    case 'enumerate': {
      const seq = a ? sequenceItems(a) : undefined;
      if (!seq) return UNKNOWN;
      if (seq.count) return { k: 'tuple', list: true, items: [{ k: 'tuple', items: [{ k: 'int', dim: Dim.sym('i') }, seq.items[0] ?? UNKNOWN] }], count: seq.count };
      return { k: 'tuple', list: true, items: seq.items.map((x, i) => ({ k: 'tuple', items: [intV(i), x] }) as Value) };
    }
    case 'dict': {
      const entries = new Map<string, Value>();
      for (const [k, a] of args.kw) entries.set(k, a.v);
      return { k: 'dict', entries, ...(args.pos.length > 0 || args.starred ? { open: true } : {}) };
    }
    default:
      return UNKNOWN;
  }
}

/** `math.sqrt(64)`, `math.log(2)`, `math.pi`-style calls on known numbers (else unknown). */
export function callMath(name: string, args: CallArgs): Value {
  const nums = args.pos.map((p) => (p.v.k === 'int' ? p.v.dim.value : p.v.k === 'float' ? p.v.v : undefined));
  const x = nums[0];
  if (x === undefined) return UNKNOWN;
  const f: Record<string, (x: number, y?: number) => number> = {
    sqrt: Math.sqrt, log: (v, b) => (b === undefined ? Math.log(v) : Math.log(v) / Math.log(b)), exp: Math.exp, log2: Math.log2, log10: Math.log10,
    pow: (v, y) => v ** (y ?? 1), tanh: Math.tanh, cos: Math.cos, sin: Math.sin, fabs: Math.abs,
  };
  if (name === 'floor' || name === 'ceil') return intV(name === 'floor' ? Math.floor(x) : Math.ceil(x));
  const fn = f[name];
  if (!fn || (name === 'pow' && nums[1] === undefined)) return UNKNOWN;
  const v = fn(x, nums[1]);
  return Number.isFinite(v) || Number.isNaN(v) ? { k: 'float', v } : UNKNOWN;
}
