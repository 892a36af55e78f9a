// Expressions: literals, names, attributes, subscripts, operators, comprehensions and call syntax,
// evaluated to abstract values. Calling a value is the job of calls.ts.
import type { Node } from '../syntax';
import { Dim } from '../dim';
import { NO_KEYWORDS, type Arg, type CallArgs } from '../context';
import {
  asInt,
  intV,
  joinValues,
  Scope,
  tensorV,
  truthy,
  unknownDim,
  UNKNOWN,
  NONE,
  type Value,
} from '../values';
import { isRecurrentKind, refineRecurrentInput } from '../torch/recurrent';
import { indexTensor, sliceParts } from '../torch/tensorOps';
import { KNOWN_LAYERS, layerAttribute } from '../torch/layers';
import { canonicalPath } from '../imports';
import { pathAttribute } from '../config/osPath';
import { BUILTINS, sequenceItems } from '../builtins';
import { binaryOp } from '../operators';
import { reportStateTupleAttribute } from '../torch/stateTuple';
import { InterpreterState } from './state';

/** The constants of Python's `string` module (`len(string.ascii_letters)` is a vocabulary size in many tutorials). */
const STRING_CONSTANTS = new Map<string, string>(
  (() => {
    const lower = 'abcdefghijklmnopqrstuvwxyz';
    const upper = lower.toUpperCase();
    const digits = '0123456789';
    const punctuation = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';
    const whitespace = ' \t\n\r\x0b\x0c';
    const pairs: [string, string][] = [
      ['ascii_lowercase', lower],
      ['ascii_uppercase', upper],
      ['ascii_letters', lower + upper],
      ['digits', digits],
      ['hexdigits', digits + 'abcdefABCDEF'],
      ['octdigits', '01234567'],
      ['punctuation', punctuation],
      ['whitespace', whitespace],
      ['printable', digits + lower + upper + punctuation + whitespace],
    ];
    return pairs.map(([k, v]): [string, string] => [`string.${k}`, v]);
  })(),
);

export abstract class ExpressionEvaluator extends InterpreterState {
  eval(n: Node, scope: Scope): Value {
    this.tick(n);
    switch (n.type) {
      case 'integer': {
        const t = n.text.replace(/_/g, '').toLowerCase();
        const v = t.startsWith('0x') ? parseInt(t, 16) : t.startsWith('0o') ? parseInt(t.slice(2), 8) : t.startsWith('0b') ? parseInt(t.slice(2), 2) : Number(t);
        return Number.isFinite(v) ? intV(v, n) : UNKNOWN;
      }
      case 'float':
        return { k: 'float', v: Number(n.text.replace(/_/g, '')) };
      case 'true':
        return { k: 'bool', v: true };
      case 'false':
        return { k: 'bool', v: false };
      case 'none':
        return NONE;
      case 'string':
        return { k: 'str', v: stringValue(n) };
      case 'concatenated_string':
        return { k: 'str' };
      case 'identifier': {
        const v = this.lookup(n.text, scope);
        // Uses are hover material: recorded from the generic and instance analyses (every function
        // gets one), not again for each call site.
        if ((v.k === 'tensor' || v.k === 'packed') && v.t.dims && this.col.siteDepth <= 0) this.recordShape(n, n.text, v, true);
        return v;
      }
      case 'parenthesized_expression': {
        const inner = n.codeChildren[0];
        return inner ? this.eval(inner, scope) : UNKNOWN;
      }
      case 'tuple':
      case 'expression_list':
        return this.sized(n, this.sequenceLiteral(n, scope, false));
      case 'list':
        return this.sized(n, this.sequenceLiteral(n, scope, true));
      case 'list_comprehension':
      case 'generator_expression':
        return this.evalComprehension(n, scope);
      case 'dictionary': {
        const entries = new Map<string, Value>();
        let open = false;
        for (const pair of n.codeChildren) {
          if (pair.type !== 'pair') {
            open = true; // `**other`, a comprehension
            continue;
          }
          const key = pair.childForFieldName('key');
          const value = pair.childForFieldName('value');
          const kv = key ? this.eval(key, scope) : UNKNOWN;
          if (kv.k === 'str' && kv.v !== undefined && value) entries.set(kv.v, this.eval(value, scope));
          else open = true;
        }
        return this.sized(n, { k: 'dict', entries, ...(open ? { open } : {}) });
      }
      case 'attribute': {
        const v = this.evalAttribute(n, scope);
        // A read of a tensor kept on the instance (`self.state`) is hover material like a plain name's.
        if (/^self(\.\w+)+$/.test(n.text) && (v.k === 'tensor' || v.k === 'packed') && v.t.dims && this.col.siteDepth <= 0) this.recordShape(n, n.text, v, true);
        return v;
      }
      case 'call':
        return this.evalCall(n, scope);
      case 'subscript':
        return this.evalSubscript(n, scope);
      case 'binary_operator': {
        const l = n.childForFieldName('left');
        const r = n.childForFieldName('right');
        const op = n.childForFieldName('operator')?.text ?? '';
        if (!l || !r) return UNKNOWN;
        const a = this.eval(l, scope);
        const b = this.eval(r, scope);
        const res = binaryOp(op, a, b, n, this.col);
        return this.domain ? this.domain.binary(op, a, b, n, res) : res;
      }
      case 'unary_operator': {
        const arg = n.childForFieldName('argument');
        const op = n.childForFieldName('operator')?.text;
        const v = arg ? this.eval(arg, scope) : UNKNOWN;
        if (op === '-' && v.k === 'int') return intV(v.dim.neg());
        if (op === '-' && v.k === 'float') return { k: 'float', v: v.v === undefined ? undefined : -v.v };
        if (op === '+') return v;
        if (v.k === 'tensor') return this.domain ? this.domain.unary(op ?? '', v, n, v) : v;
        return UNKNOWN;
      }
      case 'not_operator': {
        const arg = n.childForFieldName('argument');
        const t = arg ? truthy(this.eval(arg, scope)) : undefined;
        return { k: 'bool', v: t === undefined ? undefined : !t };
      }
      case 'boolean_operator': {
        const l = n.childForFieldName('left');
        const r = n.childForFieldName('right');
        const op = n.childForFieldName('operator')?.text;
        const lv = l ? this.eval(l, scope) : UNKNOWN;
        const rv = r ? this.eval(r, scope) : UNKNOWN;
        const lt = truthy(lv);
        const rt = truthy(rv);
        // `a and b` is a or b: falsy when b is falsy whatever a is (and `or` truthy when b is truthy).
        if (op === 'and') return lt === false ? lv : lt === true ? rv : rt === false ? { k: 'bool', v: false } : UNKNOWN;
        return lt === true ? lv : lt === false ? rv : rt === true ? { k: 'bool', v: true } : UNKNOWN;
      }
      case 'comparison_operator':
        return this.evalComparison(n, scope);
      case 'conditional_expression': {
        const parts = n.namedChildren.filter((c): c is Node => c !== null);
        if (parts.length < 3) return UNKNOWN;
        const c = truthy(this.eval(parts[1]!, scope));
        if (c === true) return this.eval(parts[0]!, scope);
        if (c === false) return this.eval(parts[2]!, scope);
        return joinValues(this.eval(parts[0]!, scope), this.eval(parts[2]!, scope));
      }
      case 'lambda':
        return UNKNOWN;
      case 'keyword_argument':
        return UNKNOWN;
      case 'ellipsis':
        return UNKNOWN;
      default:
        return UNKNOWN;
    }
  }

  /**
   * `(a, b)` / `[a, *rest]`: a starred element spreads a tuple whose items are known; any other makes a
   * sequence of unknown length.
   */
  private sequenceLiteral(n: Node, scope: Scope, list: boolean): Value {
    const items: Value[] = [];
    for (const c of n.codeChildren) {
      if (c.type !== 'list_splat') {
        items.push(this.eval(c, scope));
        continue;
      }
      const inner = c.namedChildren[0];
      const v = inner ? this.eval(inner, scope) : UNKNOWN;
      if (v.k === 'tuple' && !v.count) items.push(...v.items);
      else return { k: 'tuple', items: [UNKNOWN], count: unknownDim(), ...(list ? { list } : {}) };
    }
    return { k: 'tuple', items, ...(list ? { list } : {}) };
  }

  protected evalComprehension(n: Node, scope: Scope): Value {
    // `[nn.LSTM(...) for _ in range(k)]`, `tuple(s.detach() for s in state)`: one for-clause over a
    // short known sequence is evaluated item by item; otherwise one representative item and a count.
    const body = n.childForFieldName('body');
    const clauses = n.namedChildren.filter((c): c is Node => c?.type === 'for_in_clause');
    const filtered = n.namedChildren.some((c) => c?.type === 'if_clause');
    const s = new Scope(scope);
    if (clauses.length === 1 && body) {
      const left = clauses[0]!.childForFieldName('left');
      const right = clauses[0]!.childForFieldName('right');
      const it = right ? this.eval(right, scope) : UNKNOWN;
      const seq = sequenceItems(it);
      const k = seq?.count?.value;
      if (seq && left && !filtered) {
        const perItem: Value[] | undefined = !seq.count && seq.items.length <= 64 ? seq.items
          : it.k === 'tuple' && it.range && it.values && it.values.length <= 64 ? it.values.map((v) => intV(v))
          : k !== undefined && k >= 0 && k <= 64 ? Array.from({ length: k }, (_, i) => (it.k === 'tuple' && it.range ? intV((it.start ?? 0) + i) : (seq.items[0] ?? UNKNOWN)))
          : undefined;
        if (perItem) {
          const items = perItem.map((item) => {
            this.assign(left, item, s);
            return this.eval(body, s);
          });
          return this.sized(n, { k: 'tuple', list: true, items });
        }
      }
      if (left) this.assign(left, seq?.items[0] ?? { k: 'unknown', name: left.text }, s);
      const elem = this.eval(body, s);
      return { k: 'tuple', list: true, items: [elem], count: filtered ? unknownDim() : (seq?.count ?? (seq ? Dim.of(seq.items.length) : unknownDim())) };
    }
    for (const c of clauses) {
      const left = c.childForFieldName('left');
      if (left?.type === 'identifier') s.set(left.text, { k: 'unknown', name: left.text });
    }
    const elem = body ? this.eval(body, s) : UNKNOWN;
    return { k: 'tuple', list: true, items: [elem], count: unknownDim() };
  }

  protected evalComparison(n: Node, scope: Scope): Value {
    const parts = n.namedChildren.filter((c): c is Node => c !== null);
    const ops = n.children.filter((c): c is Node => c !== null && !c.isNamed).map((c) => c.text);
    if (parts.length !== 2 || ops.length !== 1) {
      for (const p of parts) this.eval(p, scope);
      return { k: 'bool' };
    }
    return this.evalComparisonOf(n, ops[0], this.eval(parts[0]!, scope), this.eval(parts[1]!, scope));
  }

  /** `a op b` for one comparison operator, its operands evaluated. */
  protected evalComparisonOf(n: Node, op: string | undefined, a: Value, b: Value): Value {
    const num = (v: Value) => (v.k === 'int' ? v.dim.value : v.k === 'float' ? v.v : v.k === 'bool' && v.v !== undefined ? (v.v ? 1 : 0) : undefined);
    const x = num(a);
    const y = num(b);
    if (op === 'is' || op === 'is not') {
      if (b.k === 'none' && a.k !== 'unknown') return { k: 'bool', v: (a.k === 'none') === (op === 'is') };
      return { k: 'bool' };
    }
    if ((op === 'in' || op === 'not in') && b.k === 'tuple' && !b.count) {
      // `rnn_type in ['LSTM', 'GRU']` with everything known.
      const key = (v: Value) => (v.k === 'str' && v.v !== undefined ? `s${v.v}` : v.k === 'int' && v.dim.value !== undefined ? `i${v.dim.value}` : undefined);
      const k = key(a);
      const ks = b.items.map(key);
      if (k !== undefined && ks.every((x) => x !== undefined)) return { k: 'bool', v: ks.includes(k) === (op === 'in') };
      return { k: 'bool' };
    }
    if ((a.k === 'tensor' || b.k === 'tensor') && op !== undefined && ['<', '<=', '>', '>=', '==', '!='].includes(op)) {
      // An elementwise comparison: a bool tensor of the broadcast shape.
      const sym = binaryOp(op, a, b, n, this.col);
      const res = sym.k === 'tensor' ? tensorV(sym.t.dims, sym.t.assumed ? { assumed: true } : {}) : sym;
      return this.domain ? this.domain.binary(op, a, b, n, res) : res;
    }
    if (a.k === 'str' && b.k === 'str' && a.v !== undefined && b.v !== undefined) {
      if (op === '==') return { k: 'bool', v: a.v === b.v };
      if (op === '!=') return { k: 'bool', v: a.v !== b.v };
    }
    if (x === undefined || y === undefined) return { k: 'bool' };
    const r = op === '<' ? x < y : op === '<=' ? x <= y : op === '>' ? x > y : op === '>=' ? x >= y : op === '==' ? x === y : op === '!=' ? x !== y : undefined;
    return { k: 'bool', v: r };
  }

  protected lookup(name: string, scope: Scope): Value {
    const v = scope.lookup(name);
    if (v) return v;
    for (const w of this.wildcard) {
      if (w === 'torch.nn' && (isRecurrentKind(name) || KNOWN_LAYERS.has(name) || name === 'Module')) return { k: 'ref', path: `torch.nn.${name}` };
      if (w === 'torch' && /^[a-z_]+$/.test(name)) return { k: 'ref', path: `torch.${name}` };
    }
    if (BUILTINS.has(name)) return { k: 'ref', path: `builtins.${name}` };
    return { k: 'unknown', name };
  }

  protected evalAttribute(n: Node, scope: Scope): Value {
    const obj = n.childForFieldName('object');
    const attr = n.childForFieldName('attribute')?.text;
    if (!obj || !attr) return UNKNOWN;
    const o = this.eval(obj, scope);
    switch (o.k) {
      case 'ref': {
        const path = canonicalPath(`${o.path}.${attr}`);
        const text = STRING_CONSTANTS.get(path);
        return text !== undefined ? { k: 'str', v: text } : { k: 'ref', path };
      }
      case 'instance': {
        const v = o.inst.attrs.get(attr);
        if (v) return v;
        const m = o.inst.cls.methods.get(attr);
        if (m) return { k: 'func', f: { def: m, name: attr, closure: o.inst.cls.closure, self: o, cls: o.inst.cls } };
        if (o.inst.cls.isModule && MODULE_SELF_METHODS.has(attr)) return { k: 'method', recv: o, name: attr };
        return { k: 'unknown', name: `${obj.text}.${attr}` };
      }
      case 'class': {
        const v = o.cls.attrs.get(attr);
        if (v) return v;
        const m = o.cls.methods.get(attr);
        if (m) return { k: 'func', f: { def: m, name: attr, closure: o.cls.closure, cls: o.cls } };
        return UNKNOWN;
      }
      case 'ns':
        return o.attrs.get(attr) ?? { k: 'unknown', name: `${obj.text}.${attr}` };
      case 'dict':
        if (o.attrs) return o.entries.get(attr) ?? (DICT_METHODS.has(attr) ? { k: 'method', recv: o, name: attr } : { k: 'unknown', name: attr });
        return { k: 'method', recv: o, name: attr };
      case 'argparser':
      case 'file':
        return { k: 'method', recv: o, name: attr };
      case 'tensor':
      case 'packed': {
        const r = this.tensorAttribute(o, attr);
        return this.domain ? this.domain.attribute(o, attr, r) : r;
      }
      case 'layer':
        return layerAttribute(o.layer, attr) ?? { k: 'method', recv: o, name: attr };
      case 'unknown':
        if (/^new_(zeros|ones|empty|full|tensor)$/.test(attr)) return { k: 'method', recv: o, name: attr };
        return { k: 'unknown', name: o.name ? `${o.name}.${attr}` : undefined };
      case 'tuple':
        if (o.lstmState && !attr.startsWith('_') && attr !== 'count' && attr !== 'index') {
          reportStateTupleAttribute(n, obj, attr, this.col);
          return UNKNOWN;
        }
        return { k: 'method', recv: o, name: attr };
      case 'str': {
        // Attributes only a pathlib.Path has (a Path is held as its string; a str has none of them).
        if (attr === 'parent' || attr === 'name' || attr === 'stem' || attr === 'suffix') {
          const v = o.v === undefined ? undefined : pathAttribute(o.v, attr);
          return v === undefined ? { k: 'str' } : { k: 'str', v };
        }
        return { k: 'method', recv: o, name: attr };
      }
      default:
        return UNKNOWN;
    }
  }

  protected tensorAttribute(o: Value & { k: 'tensor' | 'packed' }, attr: string): Value {
    const dims = o.t.dims;
    if (o.k === 'packed') {
      if (attr === 'data') return tensorV(dims);
      return UNKNOWN;
    }
    switch (attr) {
      case 'shape':
        return dims ? { k: 'tuple', items: dims.map((d) => intV(d.d)) } : UNKNOWN;
      case 'T':
      case 'mT':
        return dims ? tensorV([...dims].reverse()) : tensorV(undefined);
      case 'ndim':
        return dims ? intV(dims.length) : UNKNOWN;
      case 'data':
        return tensorV(dims, { integer: o.t.integer });
      case 'device':
      case 'dtype':
        return UNKNOWN;
      default:
        return { k: 'method', recv: o, name: attr };
    }
  }

  protected evalSubscript(n: Node, scope: Scope): Value {
    const value = n.childForFieldName('value');
    const subs = n.childrenForFieldName('subscript').filter((c): c is Node => c !== null);
    if (!value || subs.length === 0) return UNKNOWN;
    const v = this.eval(value, scope);
    if (v.k === 'tensor') {
      // `x[a, b]` parses as several subscripts, `x[(a, b)]` as one tuple: both index with (a, b).
      const one = subs.length === 1 ? subs[0]! : undefined;
      const items = one && (one.type === 'tuple' || one.type === 'expression_list') ? one.codeChildren : subs;
      const r = indexTensor(v.t, items, (x) => this.eval(x, scope), this.col, n);
      return this.domain ? this.domain.index(v, subs, (x) => this.eval(x, scope), n, r) : r;
    }
    if (v.k === 'dict') {
      const key = this.eval(subs[0]!, scope);
      return key.k === 'str' && key.v !== undefined ? (v.entries.get(key.v) ?? { k: 'unknown', name: `${value.text}[${subs[0]!.text}]` }) : UNKNOWN;
    }
    if (v.k === 'unknown' && v.name && subs.length === 1 && subs[0]!.type === 'string') {
      // cfg['hidden'] on an unknown config: a symbol named after it.
      return { k: 'unknown', name: `${v.name}.${subs[0]!.text.replace(/['"]/g, '')}` };
    }
    if (v.k === 'tuple' && v.count) {
      // A list of `count` items like its representative (appends in a loop, a comprehension).
      const rep = v.items[0] ?? UNKNOWN;
      const n = v.count.value;
      const s = subs[0]!;
      if (n === undefined || n > 64) {
        if (s.type === 'slice') return { k: 'tuple', list: v.list, items: [rep], count: unknownDim() };
        this.eval(s, scope);
        return rep;
      }
      return this.evalSubscriptOf({ ...v, items: Array.from({ length: n }, () => rep), count: undefined }, subs, scope);
    }
    if (v.k === 'tuple') return this.evalSubscriptOf(v, subs, scope);
    if (v.k === 'layer' && (v.layer.kind === 'ModuleList' || v.layer.kind === 'Sequential')) {
      const i = asInt(this.eval(subs[0]!, scope));
      const ch = v.layer.children ?? [];
      if (i !== undefined) return ch[i < 0 ? i + ch.length : i] ?? UNKNOWN;
      return ch.length ? ch.reduce((a, b) => joinValues(a, b)) : UNKNOWN;
    }
    for (const s of subs) this.eval(s, scope);
    return UNKNOWN;
  }

  /** `t[i]`, `t[a:b]` of a tuple or list whose items are all known. */
  private evalSubscriptOf(v: Value & { k: 'tuple' }, subs: Node[], scope: Scope): Value {
    {
      const s = subs[0]!;
      if (s.type === 'slice') {
        const parts = sliceParts(s).map((p) => (p ? asInt(this.eval(p, scope)) : undefined));
        const [a, b] = parts;
        const len = v.items.length;
        const norm = (x: number) => Math.min(Math.max(x < 0 ? x + len : x, 0), len);
        if (sliceParts(s)[2]) return UNKNOWN;
        return { k: 'tuple', list: v.list, items: v.items.slice(a === undefined ? 0 : norm(a), b === undefined ? len : norm(b)) };
      }
      const i = asInt(this.eval(s, scope));
      if (i === undefined) return v.items.length > 0 && v.items.every((x) => joinValues(x, v.items[0]!).k !== 'unknown') ? v.items.reduce((a, b) => joinValues(a, b)) : UNKNOWN;
      const item = v.items[i < 0 ? i + v.items.length : i];
      return item ?? UNKNOWN;
    }
  }

  protected evalArgs(argList: Node | null, scope: Scope, call: Node): CallArgs {
    const pos: Arg[] = [];
    let kw: Map<string, Arg> | undefined;
    let starred = false;
    if (argList) {
      if (argList.type === 'generator_expression') {
        pos.push({ v: this.eval(argList, scope), node: argList });
      } else {
        for (const a of argList.namedChildren) {
          if (!a || a.isExtra) continue;
          if (a.type === 'keyword_argument') {
            const name = a.childForFieldName('name')?.text;
            const value = a.childForFieldName('value');
            if (name && value) (kw ??= new Map()).set(name, { v: this.eval(value, scope), node: value });
          } else if (a.type === 'list_splat' || a.type === 'dictionary_splat') {
            let known = false;
            const inner = a.namedChildren[0];
            if (inner) {
              const v = this.eval(inner, scope);
              if (a.type === 'list_splat' && v.k === 'tuple' && !v.count) {
                for (const item of v.items) pos.push({ v: item, node: inner });
                known = true;
              } else if (a.type === 'dictionary_splat' && v.k === 'dict') {
                // `**config`: its known keys are keyword arguments; an open dict may set any other.
                for (const [k, x] of v.entries) (kw ??= new Map()).set(k, { v: x, node: inner, splat: true });
                known = !v.open;
              }
            }
            if (!known) starred = true;
          } else pos.push({ v: this.eval(a, scope), node: a });
        }
      }
    }
    return { node: call, pos, kw: kw ?? NO_KEYWORDS, starred };
  }

  protected evalCall(n: Node, scope: Scope): Value {
    const fn = n.childForFieldName('function');
    const args = this.evalArgs(n.childForFieldName('arguments'), scope, n);
    if (!fn) return UNKNOWN;
    // super().__init__(...) and friends
    if (fn.type === 'attribute' && fn.childForFieldName('object')?.type === 'call' && fn.childForFieldName('object')?.childForFieldName('function')?.text === 'super') {
      return NONE;
    }
    const callee = this.eval(fn, scope);
    let result = this.callValue(callee, args);
    // A result computed from an input of assumed rank (a layer, a torch function) rests on that assumption.
    if (result.k === 'tensor' && !result.t.assumed && args.pos.some((a) => (a.v.k === 'tensor' || a.v.k === 'packed') && a.v.t.assumed)) {
      result = { ...result, t: { ...result.t, assumed: true } };
    }
    // Refined by use: an input of unknown shape given to a recurrent layer is what the layer takes.
    const first = args.pos[0];
    if (callee.k === 'layer' && isRecurrentKind(callee.layer.kind) && first?.node.type === 'identifier') {
      const refined = refineRecurrentInput(callee.layer, first.v);
      if (refined) scope.set(first.node.text, this.symbolNames.distinct(refined, [first.v], first.node));
    }
    return result;
  }
}

function stringValue(n: Node): string | undefined {
  const parts = n.namedChildren.filter((c): c is Node => c !== null);
  if (parts.some((p) => p.type === 'interpolation')) return undefined;
  const content = parts.filter((p) => p.type === 'string_content').map((p) => p.text).join('');
  return content;
}

/** Methods of a dict (an attribute of a config dict with one of these names is the method). */
const DICT_METHODS = new Set(['get', 'items', 'keys', 'values', 'copy', 'update', 'pop', 'setdefault']);

/** nn.Module methods that return the module itself. */
export const MODULE_SELF_METHODS = new Set(['to', 'cuda', 'cpu', 'train', 'eval', 'float', 'double', 'half', 'requires_grad_', 'zero_grad_']);
