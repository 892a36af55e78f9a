// Python values a sample run follows exactly where the analysis keeps only their kind: the `string`
// module's constants, str methods and formatting (`%`, str(), f-string fields), sort keys, comparisons
// of random.random() that are decided whatever it draws, and values with their tensors' data dropped.
import { intV, type Value } from '../values';

/**
 * `random.random() < p` and its mirror images, decided when p is outside (0, 1): random() is in [0, 1)
 * (teacher forcing with a ratio of 0 never forces). Undefined when not decided.
 */
export function unitRandomComparison(op: string, a: Value, b: Value, unit: WeakSet<Value>): boolean | undefined {
  const num = (v: Value): number | undefined => (v.k === 'int' ? v.dim.value : v.k === 'float' ? v.v : undefined);
  let o = op;
  let p: number | undefined;
  if (unit.has(a)) p = num(b);
  else if (unit.has(b)) {
    p = num(a);
    o = op === '<' ? '>' : op === '>' ? '<' : op === '<=' ? '>=' : '<=';
  }
  if (p === undefined) return undefined;
  // r in [0, 1): r < p, r <= p, r > p, r >= p
  if (o === '<') return p <= 0 ? false : p >= 1 ? true : undefined;
  if (o === '<=') return p < 0 ? false : p >= 1 ? true : undefined;
  if (o === '>') return p < 0 ? true : p >= 1 ? false : undefined;
  return p <= 0 ? true : p >= 1 ? false : undefined;
}

/** `v` with the values of its tensors dropped (shapes kept). */
export function withoutValues(v: Value): Value {
  if ((v.k === 'tensor' || v.k === 'packed') && v.t.data) return { ...v, t: { ...v.t, data: undefined } } as Value;
  if (v.k === 'tuple') return { ...v, items: v.items.map(withoutValues) };
  return v;
}

/** The `string` module's constants. */
export const STRING_CONSTANTS: Record<string, string> = {
  'string.ascii_letters': 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ',
  'string.ascii_lowercase': 'abcdefghijklmnopqrstuvwxyz',
  'string.ascii_uppercase': 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  'string.digits': '0123456789',
  'string.punctuation': '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~',
  'string.whitespace': ' \t\n\r\x0b\x0c',
};

export const ESCAPES: Record<string, string> = { '\\n': '\n', '\\t': '\t', '\\\\': '\\', "\\'": "'", '\\"': '"' };

/** `'head%d' % i`, `'%s_%s' % (a, b)`: printf-style formatting of known values (d, i, s, f, %). */
function percentFormat(fmt: string, b: Value): string | undefined {
  const vals = b.k === 'tuple' && !b.list ? b.items : [b];
  let k = 0;
  let ok = true;
  const out = fmt.replace(/%(\d*)(?:\.(\d+))?([sdif%])/g, (_m, _w: string, prec: string | undefined, c: string) => {
    if (c === '%') return '%';
    const v = vals[k++];
    if (!v) return ((ok = false), '');
    if (c === 's') return pyStr(v) ?? ((ok = false), '');
    const x = v.k === 'int' ? v.dim.value : v.k === 'float' ? v.v : v.k === 'bool' && v.v !== undefined ? Number(v.v) : undefined;
    if (x === undefined) return ((ok = false), '');
    return c === 'f' ? x.toFixed(prec === undefined ? 6 : Number(prec)) : String(Math.trunc(x));
  });
  return ok && k === vals.length ? out : undefined;
}

/** `a + b`, `a * n` and `a % values` on known strings. */
export function strOp(op: string, a: Value, b: Value): Value | undefined {
  if (op === '%' && a.k === 'str' && a.v !== undefined) {
    const t = percentFormat(a.v, b);
    return t === undefined ? { k: 'str' } : { k: 'str', v: t };
  }
  if (op === '+' && a.k === 'str' && b.k === 'str' && a.v !== undefined && b.v !== undefined) return { k: 'str', v: a.v + b.v };
  if (op === '*' && a.k === 'str' && a.v !== undefined && b.k === 'int' && b.dim.value !== undefined) return { k: 'str', v: a.v.repeat(Math.max(0, b.dim.value)) };
  return undefined;
}

/** str(x) of a known int, float, bool or str, as Python writes it (floats only when integral). */
export function pyStr(v: Value): string | undefined {
  if (v.k === 'str') return v.v;
  if (v.k === 'int') return v.dim.value === undefined ? undefined : String(v.dim.value);
  if (v.k === 'bool') return v.v === undefined ? undefined : v.v ? 'True' : 'False';
  if (v.k === 'float' && v.v !== undefined && Number.isInteger(v.v)) return `${v.v}.0`;
  return undefined;
}

/** A sort key for sorted(): known ints and floats, or known strings (not mixed). */
export function pyKey(v: Value): number | string | undefined {
  if (v.k === 'int') return v.dim.value;
  if (v.k === 'float') return v.v;
  if (v.k === 'str') return v.v;
  return undefined;
}

/** The str methods a run follows, on a known string with known arguments; undefined otherwise. */
export function strMethod(s: string, name: string, args: Value[]): Value | undefined {
  const str = (i: number): string | undefined => (args[i]?.k === 'str' ? (args[i] as { v?: string }).v : undefined);
  const list = (xs: string[]): Value => ({ k: 'tuple', list: true, items: xs.map((x) => ({ k: 'str', v: x }) as Value) });
  switch (name) {
    case 'split':
      if (args.length === 0 || args[0]!.k === 'none') return list(s.split(/\s+/).filter((x) => x !== ''));
      if (args.length === 1 && str(0)) return list(s.split(str(0)!));
      return undefined;
    case 'find':
      return args.length === 1 && str(0) !== undefined ? intV(s.indexOf(str(0)!)) : undefined;
    case 'lower':
    case 'upper':
      return args.length === 0 ? { k: 'str', v: name === 'lower' ? s.toLowerCase() : s.toUpperCase() } : undefined;
    case 'strip':
    case 'lstrip':
    case 'rstrip':
      if (args.length > 0) return undefined;
      return { k: 'str', v: name === 'strip' ? s.trim() : name === 'lstrip' ? s.trimStart() : s.trimEnd() };
    case 'startswith':
    case 'endswith':
      return str(0) !== undefined && args.length === 1 ? { k: 'bool', v: name === 'startswith' ? s.startsWith(str(0)!) : s.endsWith(str(0)!) } : undefined;
    case 'replace':
      return str(0) !== undefined && str(1) !== undefined && args.length === 2 ? { k: 'str', v: s.split(str(0)!).join(str(1)!) } : undefined;
    case 'format': {
      // positional fields only ({} and {0}), no format specs
      let k = 0;
      let ok = true;
      const t = s.replace(/\{(\d*)\}/g, (_m, i: string) => {
        const v = args[i === '' ? k++ : Number(i)];
        return (v && pyStr(v)) ?? ((ok = false), '');
      });
      return ok && !/[{}]/.test(t.replace(/\{\{|\}\}/g, '')) ? { k: 'str', v: t.replace(/\{\{/g, '{').replace(/\}\}/g, '}') } : undefined;
    }
    case 'join': {
      const xs = args[0]?.k === 'tuple' && !args[0].count ? args[0].items.map((x) => (x.k === 'str' ? x.v : undefined)) : undefined;
      return xs && xs.every((x) => x !== undefined) ? { k: 'str', v: xs.join(s) } : undefined;
    }
  }
  return undefined;
}
