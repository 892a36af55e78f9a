// Statements: assignment and unpacking, and control flow (if/for/while/with/try) with branch joins;
// each statement is one step of the analysis budget. Definitions and calls are in calls.ts.
import type { Node } from '../syntax';
import { Dim } from '../dim';
import { Codes } from '../diagnosticCodes';
import { nodeRange } from '../context';
import type { FixFact } from '../facts';
import {
  asInt,
  forgetValues,
  intV,
  joinValues,
  markMaybeAbsent,
  sameValue,
  Scope,
  tensorV,
  truthy,
  unknownDim,
  UNKNOWN,
  NONE,
  type DimEntry,
  type Value,
} from '../values';
import { annotationShape } from '../shapeAnnotations';
import { execImport, execImportFrom } from '../imports';
import { binaryOp } from '../operators';
import { ModuleImporter } from './moduleImports';
import type { Frame } from './state';
import { sameValueLoose } from './sameValue';

export abstract class StatementExecutor extends ModuleImporter {
  protected execBlock(block: Node, scope: Scope, frame: Frame): void {
    for (const st of block.namedChildren) {
      if (!st) continue;
      if (frame.stopped) return; // after a return or raise on this path
      this.execStatement(st, scope, frame);
    }
  }

  protected execStatement(st: Node, scope: Scope, frame: Frame): void {
    this.tick(st);
    switch (st.type) {
      case 'expression_statement':
        for (const e of st.namedChildren) if (e) this.execExpressionStatement(e, scope);
        return;
      case 'import_statement':
        if (!this.importWorkspace(st, scope)) execImport(st, scope);
        return;
      case 'import_from_statement':
        if (!this.importFromWorkspace(st, scope)) execImportFrom(st, scope, this.wildcard);
        return;
      case 'function_definition':
        this.defineFunction(st, scope);
        return;
      case 'class_definition':
        this.defineClass(st, scope);
        return;
      case 'decorated_definition': {
        const def = st.childForFieldName('definition');
        if (def) this.execStatement(def, scope, frame);
        return;
      }
      case 'return_statement': {
        const e = st.namedChildren[0];
        frame.returns.push(e ? this.eval(e, scope) : NONE);
        frame.stopped = true;
        return;
      }
      case 'raise_statement':
        frame.stopped = true;
        return;
      case 'if_statement':
        this.execIf(st, scope, frame);
        return;
      case 'for_statement':
        this.execFor(st, scope, frame);
        return;
      case 'while_statement': {
        const body = st.childForFieldName('body');
        if (body) this.execLoopBody(body, scope, frame, unknownDim());
        return;
      }
      case 'with_statement': {
        for (const c of st.namedChildren) {
          if (c?.type === 'with_clause') {
            for (const item of c.namedChildren) {
              const value = item?.childForFieldName('value');
              if (value?.type === 'as_pattern') {
                const target = value.childForFieldName('alias');
                const inner = value.namedChildren[0];
                const v = inner ? this.eval(inner, scope) : UNKNOWN;
                const t = target?.namedChildren[0] ?? target;
                if (t) this.assign(t, v, scope);
              } else if (value) this.eval(value, scope);
            }
          }
        }
        const body = st.childForFieldName('body');
        if (body) this.execBlock(body, scope, frame);
        return;
      }
      case 'try_statement': {
        const body = st.childForFieldName('body');
        if (body) this.execBlock(body, scope, frame);
        // A handler may run from anywhere in the body: each is run (on the body's end state, as
        // before), and the code after the try is reached unless the body and every handler stop.
        let stopped = isStopped(frame);
        for (const c of st.namedChildren) {
          if (c && (c.type === 'except_clause' || c.type === 'finally_clause' || c.type === 'else_clause')) {
            const b = c.namedChildren.find((x) => x?.type === 'block');
            if (c.type === 'else_clause' && stopped) continue;
            frame.stopped = false;
            if (b) this.execBlock(b, scope, frame);
            if (c.type === 'except_clause') stopped = stopped && isStopped(frame);
            else if (c.type === 'finally_clause') stopped = stopped || isStopped(frame);
          }
        }
        frame.stopped = stopped;
        return;
      }
      case 'block':
        this.execBlock(st, scope, frame);
        return;
      case 'global_statement':
      case 'nonlocal_statement':
      case 'pass_statement':
      case 'break_statement':
      case 'continue_statement':
      case 'comment':
      case 'assert_statement':
      case 'delete_statement':
      case 'future_import_statement':
        return;
      case 'ERROR':
        // Half-typed code: analyse the complete statements tree-sitter recovered inside it.
        for (const c of st.namedChildren) {
          if (c && (c.type.endsWith('_statement') || c.type === 'function_definition' || c.type === 'class_definition')) this.execStatement(c, scope, frame);
        }
        return;
      default:
        return;
    }
  }

  protected execExpressionStatement(e: Node, scope: Scope): void {
    if (e.type === 'assignment') {
      const left = e.childForFieldName('left');
      const right = e.childForFieldName('right');
      const type = e.childForFieldName('type');
      if (!left) return;
      if (!right) {
        // Annotated name without a value (`x: Float[Tensor, "b t 10"]`): a declaration for shapes.
        if (type && left.type === 'identifier') {
          const ann = annotationShape(type);
          if (ann) scope.set(left.text, tensorV(ann));
        }
        return;
      }
      this.refineFromShapeUnpack(left, right, scope);
      let v = this.eval(right, scope);
      this.hintSizeReads(left, right, scope);
      if (type && left.type === 'identifier' && v.k === 'unknown') {
        const ann = annotationShape(type);
        if (ann) v = tensorV(ann);
      }
      // Chained `a = b = value`: the right side is itself an assignment.
      if (right.type === 'assignment') return this.assignChain(left, right, scope);
      this.assign(left, v, scope, right);
      return;
    }
    if (e.type === 'augmented_assignment') {
      const left = e.childForFieldName('left');
      const right = e.childForFieldName('right');
      const op = e.childForFieldName('operator')?.text ?? '';
      if (!left || !right) return;
      const cur = this.eval(left, scope);
      const rv = this.eval(right, scope);
      const bop = op.replace('=', '');
      const sym = binaryOp(bop, cur, rv, e, this.col);
      const v = this.domain ? this.domain.binary(bop, cur, rv, e, sym) : sym;
      this.assign(left, v, scope, e);
      return;
    }
    this.eval(e, scope);
  }

  /**
   * `B, T, _ = x.shape` (or `x.size()`) with x of unknown rank: x is a tensor of that rank whose dims
   * are named by the targets (refined by use).
   */
  protected refineFromShapeUnpack(left: Node, right: Node, scope: Scope): void {
    if (left.type !== 'pattern_list' && left.type !== 'tuple_pattern' && left.type !== 'tuple') return;
    let obj: Node | null = null;
    if (right.type === 'attribute' && right.childForFieldName('attribute')?.text === 'shape') obj = right.childForFieldName('object');
    else if (right.type === 'call') {
      const fn = right.childForFieldName('function');
      const argc = right.childForFieldName('arguments')?.namedChildren.length ?? 0;
      if (fn?.type === 'attribute' && fn.childForFieldName('attribute')?.text === 'size' && argc === 0) obj = fn.childForFieldName('object');
    }
    if (!obj || obj.type !== 'identifier') return;
    const cur = scope.lookup(obj.text);
    if (!cur || !(cur.k === 'unknown' || (cur.k === 'tensor' && !cur.t.dims))) return;
    const targets = left.namedChildren.filter((c): c is Node => c !== null);
    if (!targets.every((t) => t.type === 'identifier')) return;
    const dims: DimEntry[] = targets.map((t) => ({ d: t.text === '_' ? unknownDim() : Dim.sym(t.text), role: '', why: '' }));
    scope.set(obj.text, tensorV(dims));
  }

  /**
   * `batch = x.size(0)` (or `x.shape[0]`, or `b, t = x.size(0), x.size(1)`) with x of unknown shape:
   * remember that x's dim 0 is called `batch`, so when x is later refined (given to a recurrent
   * layer) the dim carries the user's name.
   */
  protected hintSizeReads(left: Node, right: Node, scope: Scope): void {
    const pairs: [Node, Node][] =
      left.type === 'identifier'
        ? [[left, right]]
        : (left.type === 'pattern_list' || left.type === 'tuple_pattern') && right.type === 'expression_list' && left.namedChildren.length === right.namedChildren.length
          ? left.namedChildren.map((l, i) => [l, right.namedChildren[i]!] as [Node, Node])
          : [];
    for (const [target, expr] of pairs) {
      if (target.type !== 'identifier') continue;
      let obj: Node | null = null;
      let index: Node | undefined;
      if (expr.type === 'call') {
        const fn = expr.childForFieldName('function');
        const args = expr.childForFieldName('arguments')?.namedChildren ?? [];
        if (fn?.type === 'attribute' && fn.childForFieldName('attribute')?.text === 'size' && args.length === 1) {
          obj = fn.childForFieldName('object');
          index = args[0];
        }
      } else if (expr.type === 'subscript') {
        const value = expr.childForFieldName('value');
        if (value?.type === 'attribute' && value.childForFieldName('attribute')?.text === 'shape') {
          obj = value.childForFieldName('object');
          index = expr.childForFieldName('subscript') ?? undefined;
        }
      }
      if (!obj || obj.type !== 'identifier' || !index) continue;
      const i = asInt(this.eval(index, scope));
      const cur = scope.lookup(obj.text);
      if (i === undefined || cur?.k !== 'unknown') continue;
      const hints = new Map(cur.hints ?? []);
      hints.set(i, Dim.sym(target.text));
      scope.set(obj.text, { ...cur, hints });
      scope.set(target.text, { k: 'int', dim: Dim.sym(target.text) });
    }
  }

  protected assignChain(left: Node, right: Node, scope: Scope): void {
    const inner = right.childForFieldName('right');
    const innerLeft = right.childForFieldName('left');
    if (!inner || !innerLeft) return;
    const v = inner.type === 'assignment' ? UNKNOWN : this.eval(inner, scope);
    this.assign(innerLeft, v, scope, inner);
    this.assign(left, v, scope, inner);
  }

  /** Bind `target` to `v`, recording shape facts and checking unpacking. */
  protected assign(target: Node, v: Value, scope: Scope, valueNode?: Node): void {
    switch (target.type) {
      case 'identifier': {
        const named = v.k === 'unknown' && !v.name ? { k: 'unknown' as const, name: target.text } : v;
        scope.set(target.text, named);
        this.recordShape(target, target.text, v);
        this.recordModules(v, target, target.text, scope);
        return;
      }
      case 'attribute': {
        const obj = target.childForFieldName('object');
        const attr = target.childForFieldName('attribute');
        if (!obj || !attr) return;
        const o = this.eval(obj, scope);
        const name = attr.text;
        const stored = v.k === 'unknown' && !v.name ? { k: 'unknown' as const, name } : v;
        if (o.k === 'instance' || o.k === 'ns' || o.k === 'class') this.taint();
        // `a.shape = (n, 1)` reshapes the array in place.
        if ((o.k === 'tensor' || o.k === 'packed') && name === 'shape') o.t.dims = undefined;
        if (o.k === 'instance') this.setAttr(o.inst.attrs, name, stored);
        else if (o.k === 'ns') this.setAttr(o.attrs, name, stored);
        else if (o.k === 'class') this.setAttr(o.cls.attrs, name, stored);
        this.recordShape(target, target.text, v);
        this.recordModules(v, target, target.text, scope);
        return;
      }
      case 'pattern_list':
      case 'tuple_pattern':
      case 'list_pattern':
      case 'expression_list':
      case 'tuple':
      case 'list': {
        const targets = target.codeChildren;
        this.unpack(target, targets, v, scope, valueNode);
        return;
      }
      case 'parenthesized_expression': {
        const inner = target.namedChildren[0];
        if (inner) this.assign(inner, v, scope, valueNode);
        return;
      }
      case 'subscript': {
        // `ids[mask] = unk` writes into the tensor: what was known of its values no longer holds;
        // `config['batch_first'] = True`: a dict with that key now; an unknown key opens it.
        const obj = target.childForFieldName('value');
        const o = obj ? this.eval(obj, scope) : UNKNOWN;
        if (o.k === 'tensor' || o.k === 'packed') forgetValues(o.t);
        if (o.k === 'tuple' && o.list) o.items = o.items.map(() => UNKNOWN);
        if (o.k !== 'dict') return;
        const subs = target.childrenForFieldName('subscript').filter((c): c is Node => c !== null);
        const key = subs.length === 1 ? this.eval(subs[0]!, scope) : UNKNOWN;
        if (key.k === 'str' && key.v !== undefined) o.entries.set(key.v, v);
        else o.open = true;
        return;
      }
      default:
        return;
    }
  }

  protected unpack(target: Node, targets: Node[], v: Value, scope: Scope, valueNode?: Node): void {
    const starred = targets.findIndex((t) => t.type === 'list_splat_pattern');
    let items: Value[] | undefined;
    if (v.k === 'tuple' && v.count) {
      // A list of `count` items like its one representative (a comprehension, appends in a loop).
      const n = v.count.value;
      const rep = v.items[0] && v.items[0].k !== 'unknown' ? v.items[0] : UNKNOWN;
      if (n !== undefined && n >= 0 && n <= 64) items = Array.from({ length: n }, () => rep);
      else {
        // Unknown length: each name gets an item like the representative, and no count is proven.
        for (const t of targets) {
          if (t.type === 'list_splat_pattern') {
            const inner = t.namedChildren[0];
            if (inner) this.assign(inner, { k: 'tuple', items: [rep], list: true, count: unknownDim() }, scope);
          } else this.assign(t, rep, scope);
        }
        return;
      }
    } else if (v.k === 'tuple') items = v.items;
    else if (v.k === 'tensor' && v.t.dims && v.t.dims.length > 0) {
      // Iterating a tensor walks its first dim.
      const n = v.t.dims[0]!.d.value;
      if (n !== undefined && starred < 0) {
        if (n !== targets.length && !v.t.assumed) {
          this.col.report(target, 'error', Codes.unpackCount, n < targets.length
            ? `not enough values to unpack (expected ${targets.length}, got ${n}): a tensor unpacks along its first dim, of size ${n}`
            : `too many values to unpack (expected ${targets.length}): a tensor unpacks along its first dim, of size ${n}`);
          for (const t of targets) this.assign(t, UNKNOWN, scope);
          return;
        }
        const rest = tensorV(v.t.dims.slice(1));
        items = targets.map(() => rest);
        (this as { lastTensorUnpack?: boolean }).lastTensorUnpack = true;
      }
    }
    if (!items) {
      for (const t of targets) this.assign(t.type === 'list_splat_pattern' ? (t.namedChildren[0] ?? t) : t, UNKNOWN, scope);
      return;
    }
    if (starred < 0 && items.length !== targets.length) {
      const fixes: FixFact[] = [];
      // `out, h, c = lstm(x)`: the state is one tuple (h, c).
      const second = items[1];
      if (items.length === 2 && targets.length === 3 && second?.k === 'tuple' && second.items.length === 2) {
        fixes.push({
          title: `Unpack as ${targets[0]!.text}, (${targets[1]!.text}, ${targets[2]!.text})`,
          edits: [{ range: nodeRange(target), newText: `${targets[0]!.text}, (${targets[1]!.text}, ${targets[2]!.text})` }],
        });
      }
      const what = second?.k === 'tuple' && items.length === 2 ? ' (an LSTM returns output, (h_n, c_n))' : '';
      this.col.report(
        target,
        'error',
        Codes.unpackCount,
        items.length < targets.length
          ? `not enough values to unpack (expected ${targets.length}, got ${items.length})${what}`
          : `too many values to unpack (expected ${targets.length})${what}`,
        fixes,
      );
      for (const t of targets) this.assign(t, UNKNOWN, scope);
      return;
    }
    targets.forEach((t, i) => {
      if (t.type === 'list_splat_pattern') {
        const inner = t.namedChildren[0];
        const n = items!.length - targets.length + 1;
        if (inner) this.assign(inner, { k: 'tuple', items: items!.slice(i, i + n), list: true }, scope);
        return;
      }
      const idx = starred >= 0 && i > starred ? items!.length - (targets.length - i) : i;
      const item = items![idx] ?? UNKNOWN;
      // `out, (h, c) = gru(x)`: unpacking h_n along D*num_layers; runs only when that is 2.
      if ((t.type === 'tuple_pattern' || t.type === 'pattern_list' || t.type === 'parenthesized_expression' || t.type === 'tuple') && item.k === 'tensor') {
        const n = item.t.dims?.[0]?.d.value;
        const inner = t.namedChildren.filter((c): c is Node => c !== null);
        if (n === 2 && inner.length === 2 && valueNode && this.isStateOfRecurrent(v)) {
          this.col.report(t, 'warning', Codes.unpackGruAsLstm,
            `This unpacks h_n along its first dim (D*num_layers = 2): ${inner[0]!.text} and ${inner[1]!.text} are two layers/directions of h_n, not (h_n, c_n). Only nn.LSTM returns (h_n, c_n).`);
        }
      }
      this.assign(t, item, scope, valueNode);
    });
  }

  protected isStateOfRecurrent(v: Value): boolean {
    return v.k === 'tuple' && v.items.length === 2 && v.items[0]!.k === 'tensor' && v.items[1]!.k === 'tensor';
  }

  // -------------------------------------------------------------------------------------------
  // Control flow

  protected execIf(st: Node, scope: Scope, frame: Frame): void {
    const alts = st.namedChildren.filter((x) => x.type === 'elif_clause' || x.type === 'else_clause');
    this.execChain(st.childForFieldName('condition'), st.childForFieldName('consequence'), alts, scope, frame);
  }

  /**
   * `if cond: body` followed by the elif/else clauses `rest`. A known condition runs one branch; an
   * unknown one runs both on copies of the scope and keeps what they agree on.
   */
  protected execChain(cond: Node | null, body: Node | null, rest: Node[], scope: Scope, frame: Frame): void {
    const c = cond ? truthy(this.eval(cond, scope)) : undefined;
    const runRest = (s: Scope) => {
      const [first, ...more] = rest;
      if (!first) return;
      if (first.type === 'else_clause') {
        const b = first.childForFieldName('body') ?? first.namedChildren.find((x) => x.type === 'block');
        if (b) this.execBlock(b, s, frame);
      } else this.execChain(first.childForFieldName('condition'), first.childForFieldName('consequence'), more, s, frame);
    };
    if (c === true) {
      if (body) this.execBlock(body, scope, frame);
      return;
    }
    if (c === false) {
      runRest(scope);
      return;
    }
    const a = cloneScope(scope);
    const wroteA = this.runLogged(() => {
      if (body) this.execBlock(body, a, frame);
    });
    const aStopped = isStopped(frame);
    frame.stopped = false;
    const b = cloneScope(scope);
    const wroteB = this.runLogged(() => runRest(b));
    const bStopped = isStopped(frame);
    // A branch that returned or raised does not reach what follows: only the others join.
    frame.stopped = aStopped && bStopped;
    const reaching = [aStopped ? undefined : a, bStopped ? undefined : b].filter((x): x is Scope => x !== undefined);
    if (reaching.length > 0) mergeInto(scope, reaching);
    this.joinAttrWrites([wroteA, wroteB], false);
  }

  /** Set an attribute (of an instance, namespace or class), logged so branches can be joined. */
  protected setAttr(attrs: Map<string, Value>, key: string, v: Value): void {
    this.attrLogs[this.attrLogs.length - 1]?.push({ attrs, key, old: attrs.get(key) });
    attrs.set(key, v);
  }

  /**
   * Run `fn` and undo the attribute writes it made; returns what each written attribute held at the
   * end of `fn` (undefined: deleted) so the caller can join branches.
   */
  protected runLogged(fn: () => void): AttrWrites {
    const log: AttrWrite[] = [];
    this.attrLogs.push(log);
    try {
      fn();
    } finally {
      this.attrLogs.pop();
    }
    const out: AttrWrites = new Map();
    for (const w of log) {
      let m = out.get(w.attrs);
      if (!m) out.set(w.attrs, (m = new Map()));
      if (!m.has(w.key)) m.set(w.key, w.attrs.get(w.key));
    }
    for (let i = log.length - 1; i >= 0; i--) {
      const w = log[i]!;
      if (w.old === undefined) w.attrs.delete(w.key);
      else w.attrs.set(w.key, w.old);
    }
    return out;
  }

  /**
   * After branches run with runLogged: each attribute one of them wrote holds the join of its value at
   * the end of every branch (a branch that did not write it leaves the value before). With
   * `withBefore`, the value before is joined in too (a loop body that may not run).
   */
  protected joinAttrWrites(branches: AttrWrites[], withBefore: boolean): void {
    const keys = new Map<Map<string, Value>, Set<string>>();
    for (const b of branches) {
      for (const [attrs, m] of b) {
        const set = keys.get(attrs) ?? new Set<string>();
        for (const k of m.keys()) set.add(k);
        keys.set(attrs, set);
      }
    }
    for (const [attrs, set] of keys) {
      for (const k of set) {
        const before = attrs.get(k);
        const ends = branches.map((b) => (b.get(attrs)?.has(k) ? b.get(attrs)!.get(k) : before));
        if (withBefore) ends.push(before);
        const present = ends.filter((v): v is Value => v !== undefined);
        if (present.length === 0) continue;
        if (present.length < ends.length) markMaybeAbsent(attrs, k);
        this.setAttr(attrs, k, present.reduce((x, y) => joinValues(x, y)));
      }
    }
  }

  protected execFor(st: Node, scope: Scope, frame: Frame): void {
    const left = st.childForFieldName('left');
    const right = st.childForFieldName('right');
    const body = st.childForFieldName('body');
    const it = right ? this.eval(right, scope) : UNKNOWN;
    // A short sequence of different things (a ModuleList whose layers change sizes): unroll.
    const seq = it.k === 'tuple' && !it.count ? it.items : it.k === 'layer' && it.layer.kind === 'ModuleList' ? it.layer.children : undefined;
    if (seq && seq.length > 0 && seq.length <= 16 && left && body && !seq.every((x) => sameValueLoose(x, seq[0]!))) {
      for (const item of seq) {
        this.assign(left, item, scope);
        this.loopTrips.push(Dim.of(1));
        this.execBlock(body, scope, frame);
        this.loopTrips.pop();
        if (isStopped(frame)) return; // returned in this iteration: the next ones are not reached
      }
      return;
    }
    // `for i in range(3)`: a few concrete iterations are unrolled (sizes may change per step).
    const k = it.k === 'tuple' && it.range ? it.count?.value : undefined;
    if (k !== undefined && k > 0 && k <= 8 && left && body && it.k === 'tuple') {
      const start = it.start ?? 0;
      for (let i = 0; i < k; i++) {
        this.assign(left, intV(start + i), scope);
        this.loopTrips.push(Dim.of(1));
        this.execBlock(body, scope, frame);
        this.loopTrips.pop();
        if (isStopped(frame)) return;
      }
      return;
    }
    let elem: Value = UNKNOWN;
    let trip: Dim | undefined;
    if (it.k === 'tuple' && it.items.length > 0) {
      elem = it.items.reduce((a, b) => joinValues(a, b));
      trip = it.count ?? Dim.of(it.items.length);
      if (it.range) {
        elem = { k: 'int', dim: Dim.sym(left?.type === 'identifier' ? left.text : 'i') };
        // Every value is taken on some iteration when nothing in the body skips or leaves it.
        if (it.values && it.values.length > 0 && body && straightLine(body)) elem.among = it.values;
      }
    } else if (it.k === 'layer' && it.layer.kind === 'ModuleList' && it.layer.children?.length) {
      elem = it.layer.children.reduce((a, b) => joinValues(a, b));
      trip = Dim.of(it.layer.children.length);
    } else if (it.k === 'tensor' && it.t.dims && it.t.dims.length > 0) {
      elem = tensorV(it.t.dims.slice(1), it.t.numpy ? { numpy: true } : {});
      trip = it.t.dims[0]!.d;
    }
    if (left) this.assign(left, elem, scope);
    if (body) this.execLoopBody(body, scope, frame, trip ?? unknownDim());
  }

  /**
   * A loop body run for every iteration at once: one pass, and when it changed what it reads, a second
   * pass from the join of the values before and after the first (so facts inside hold for later
   * iterations too: the collector joins the two passes' facts). What the body changes is joined with
   * the values before the loop (which hold when it runs zero times), so carried values
   * (h = cell(x_t, h)) keep agreeing dims.
   */
  protected execLoopBody(body: Node, scope: Scope, frame: Frame, trip: Dim): void {
    const before = cloneScope(scope);
    const pass = (): AttrWrites =>
      this.runLogged(() => {
        this.loopTrips.push(trip);
        this.execBlock(body, scope, frame);
        this.loopTrips.pop();
      });
    const first = pass();
    if (isStopped(frame)) {
      // Every run of the body returns or raises: after the loop only the zero-iteration path remains.
      frame.stopped = false;
      scope.vars.clear();
      for (const [k, v] of before.vars) scope.vars.set(k, v);
      this.joinAttrWrites([first], true);
      return;
    }
    mergeInto(scope, [scope, before].map((s) => cloneScope(s)));
    this.joinAttrWrites([first], true);
    const changed = [...scope.vars].some(([k, v]) => !before.vars.has(k) || !sameValue(before.vars.get(k)!, v));
    if (!changed && first.size === 0) return;
    const entry = cloneScope(scope);
    // The second pass re-derives facts; it is not more iterations: lists the first pass appended to keep
    // what they hold after it (else `outputs.append(h)` would count every iteration twice).
    const lists = new Map<Value & { k: 'tuple' }, { items: Value[]; count?: Dim }>();
    for (const v of scope.vars.values()) if (v.k === 'tuple' && v.list) lists.set(v, { items: [...v.items], count: v.count });
    const second = pass();
    for (const [list, kept] of lists) {
      list.items = kept.items;
      list.count = kept.count;
    }
    frame.stopped = false;
    mergeInto(scope, [scope, entry].map((s) => cloneScope(s)));
    this.joinAttrWrites([second], true);
  }
}

/** A loop body every statement of which runs on every iteration: no branch, inner loop, exit or handler (`with` blocks run through). */
function straightLine(body: Node): boolean {
  const stack: Node[] = [body];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (/^(if|while|for|try|break|continue|return|raise|match|assert)_statement$|^(function|class)_definition$|^conditional_expression$/.test(n.type)) return false;
    for (const c of n.namedChildren) if (c) stack.push(c);
  }
  return true;
}

/** Whether the path being run has returned or raised (a function, so narrowing does not stick). */
function isStopped(frame: Frame): boolean {
  return frame.stopped === true;
}

/** An attribute write: the attribute map, the name, and what it held before (undefined: absent). */
interface AttrWrite {
  attrs: Map<string, Value>;
  key: string;
  old: Value | undefined;
}

/** What a run left in each attribute it wrote, per attribute map. */
type AttrWrites = Map<Map<string, Value>, Map<string, Value | undefined>>;

function cloneScope(s: Scope): Scope {
  const c = new Scope(s.parent);
  for (const [k, v] of s.vars) c.vars.set(k, v);
  return c;
}

/** Replace `scope`'s variables by the join of the branches' variables. */
function mergeInto(scope: Scope, branches: Scope[]): void {
  const names = new Set<string>();
  for (const b of branches) for (const k of b.vars.keys()) names.add(k);
  for (const name of names) {
    let v: Value | undefined;
    let missing = false;
    for (const b of branches) {
      const x = b.vars.get(name);
      if (!x) {
        missing = true;
        continue;
      }
      v = v ? joinValues(v, x) : x;
    }
    if (v) scope.vars.set(name, missing && !scope.vars.has(name) ? v : v);
  }
}
