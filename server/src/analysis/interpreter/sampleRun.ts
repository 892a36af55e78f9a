// The interpreter as a sample run of a whole module: the same walk, with the concrete value domain
// plugged in (state.ts ValueDomain) and Python's exact control flow where the symbolic walk joins:
// every loop iteration, `return` / `break` / `continue`, `while`, one branch of an `if` on a known
// condition, lists that grow by append. The file's module-level code runs first (symbolically, tensor
// creation concrete) to find the module and the arguments the file gives it.
import type { Node } from '../syntax';
import { Dim } from '../dim';
import type { CallArgs } from '../context';
import { INSTANCE_SITE } from '../collector';
import { asInt, intV, Scope, truthy, UNKNOWN, type ClassInfo, type FuncInfo, type Instance, type Layer, type TensorData, type Value } from '../values';
import { StatementExecutor } from './statements';
import { AnalysisAborted, type Frame, type ValueDomain } from './state';
import { binaryOp } from '../operators';
import { canonicalPath } from '../imports';
import { ESCAPES, pyKey, pyStr, strMethod, strOp, STRING_CONSTANTS, unitRandomComparison, withoutValues } from './pyValues';
import type { ProjectContext } from '../project/fileId';

/** Steps a run may take (a statement or expression each), far above the editor's budget. */
const MAX_RUN_STEPS = 50_000_000;
/** Iterations of one `while` loop before the run is stopped. */
const MAX_WHILE = 1_000_000;
/** Module-level loops with more items than this are walked once, as the analysis does, not iterated. */
const MAX_COLLECT_TRIPS = 1_000;

/** Why a run cannot go on, with the line (`line 12: …`). */
export class RunStopped extends Error {}

/** What `--module NAME` names: a module instance (a class built by the file, or on demand) or a layer. */
export type RunTarget =
  | { k: 'instance'; inst: Instance; label: string }
  | { k: 'layer'; layer: Layer; label: string };

interface DomainSwitch extends ValueDomain {
  mode: 'collect' | 'run';
  /**
   * In collect mode: true while the file's code runs exactly as Python would (every loop iteration,
   * the branch of a known condition), so ops compute values; false inside a loop walked once or
   * branches joined, where values computed would be one path's only.
   */
  exact: boolean;
  /** A tensor written where the run cannot follow (a joined branch, a loop walked once): its values are no longer known. */
  forget(v: Value): void;
  /** A tensor's values when known (not forgotten). */
  values(v: Value): TensorData | undefined;
  /** `self.emb.weight` in a run: the layer's loaded (or initialised) parameter, with its values. */
  layerParameter(layer: Layer, name: string, node: Node, result: Value): Value;
  /** `x[...] = value` on a tensor, in place. */
  store(v: Value, subs: readonly Node[], evalNode: (n: Node) => Value, node: Node, value: Value): void;
}

function lineOf(n: Node): string {
  const t = n.text.replace(/\s+/g, ' ');
  return `line ${n.startPosition.row + 1}: ${t.length > 70 ? t.slice(0, 67) + '...' : t}`;
}

export class SampleRunInterpreter extends StatementExecutor {
  /** Arguments of each call of a module instance the file makes (module-level code and what it calls). */
  readonly calls = new Map<Instance, CallArgs[]>();
  private jump: 'break' | 'continue' | undefined;
  private readonly returned = new WeakSet<Frame>();
  /**
   * The values `nn.Parameter(...)` made and the persistent buffers (`register_buffer`): attributes
   * holding them are state_dict entries of their module.
   */
  readonly parameters = new WeakSet<Value>();
  /** Calls of a module recorded where the file's path could not be followed. */
  private readonly joinedCalls = new WeakSet<CallArgs>();
  /** Frames with a return on a path the run could not follow (their results are joined). */
  private readonly joinedReturns = new WeakSet<Frame>();
  /** Values of `random.random()`: unknown, but in [0, 1), so `random.random() < 0` is decided. */
  private readonly unitRandom = new WeakSet<Value>();
  /** Nesting of code walked the analysis' way (joined) inside the file's module-level code. */
  private inexact = 0;

  /** `project`: how the file's imports of other workspace files are followed (none: the file alone). */
  constructor(text: string, private readonly concrete: DomainSwitch, project?: ProjectContext) {
    super(text, project ?? {});
    this.domain = concrete;
  }

  protected override tick(at: Node): void {
    if (++this.steps > (this.running ? MAX_RUN_STEPS : this.budget)) {
      if (this.running) throw new RunStopped(`the run took more than ${MAX_RUN_STEPS} steps`);
      throw new AnalysisAborted(at);
    }
  }

  private get running(): boolean {
    return this.concrete.mode === 'run';
  }

  /**
   * Python's exact control flow: in a run, and in the file's own code (collect mode) until a loop or a
   * condition the run cannot follow, whose code is then walked the analysis' way (once, joined).
   */
  private get exact(): boolean {
    return this.running || this.inexact === 0;
  }

  /** Walk `fn` the analysis' way: ops compute no values inside, and tensors written there are forgotten. */
  private joined(fn: () => void): void {
    this.inexact++;
    this.concrete.exact = false;
    try {
      fn();
    } finally {
      this.inexact--;
      this.concrete.exact = this.inexact === 0;
    }
  }

  // A run reports through its domain (layers, outputs), never the editor's shape facts: recording them
  // at every assignment and use, in every loop iteration, was a few % of the interpreter's own time.
  protected override recordShape(nameNode: Node, name: string, v: Value, use = false): void {
    if (!this.running) super.recordShape(nameNode, name, v, use);
  }

  /** Module-level code, as the analysis runs it (loops once, branches joined); tensor creation is concrete. */
  runFile(root: Node): void {
    this.concrete.mode = 'collect';
    this.inexact = 0;
    this.concrete.exact = true;
    this.moduleScope.set('__name__', { k: 'str', v: '__main__' }); // the file is run as a script
    try {
      this.execBlock(root, this.moduleScope, { returns: [] });
    } catch (e) {
      if (!(e instanceof AnalysisAborted)) throw e;
    }
  }

  override callValue(callee: Value, args: CallArgs): Value {
    if (callee.k === 'instance' && !this.running && this.col.siteDepth !== INSTANCE_SITE) {
      // Calls the file makes on its followed path come first: their arguments have the file's values.
      const list = this.calls.get(callee.inst) ?? [];
      if (!this.exact) this.joinedCalls.add(args);
      const at = this.exact ? list.findIndex((c) => this.joinedCalls.has(c)) : -1;
      if (at >= 0) list.splice(at, 0, args);
      else list.push(args);
      if (list.length > 4) list.pop();
      this.calls.set(callee.inst, list);
    }
    return super.callValue(callee, args);
  }

  // -------------------------------------------------------------------------------------------
  // Finding the module

  /** `model`, `Tagger`, `self.encoder`, `model.encoder`, `Seq2Seq.encoder`; an error message when not found. */
  resolve(name: string): RunTarget | string {
    const parts = name.split('.');
    const head = parts[0]!;
    const roots: { v: Value; label: string }[] = [];
    if (head === 'self') {
      for (const [, list] of this.instances) for (const inst of list) roots.push({ v: { k: 'instance', inst }, label: inst.cls.name });
      for (const [cls] of this.classesWithoutInstance()) {
        const inst = this.buildDefault(cls);
        if (typeof inst !== 'string') roots.push({ v: { k: 'instance', inst }, label: cls.name });
      }
    } else {
      const v = this.moduleScope.lookup(head);
      if (!v) return `no name '${head}' at the top level of the file`;
      if (v.k === 'class') {
        if (!v.cls.isModule) return `'${head}' is a class but not an nn.Module`;
        // instances built from known arguments, else the file's variables holding one (Seq2Seq(enc, dec, device))
        const list = this.instances.get(v.cls) ?? [...this.moduleScope.vars.values()].flatMap((x) => (x.k === 'instance' && x.inst.cls === v.cls ? [x.inst] : []));
        // An instance the file calls (it may be one built again with the same arguments, which the
        // list keeps once: main()'s model), else the first one built.
        const calledAny = [...this.calls.keys()].find((i) => i.cls === v.cls);
        if (list.length > 1 && parts.length === 1) {
          // Several instances: the first one the file calls, else the first.
          const called = list.find((i) => this.calls.has(i));
          roots.push({ v: { k: 'instance', inst: called ?? calledAny ?? list[0]! }, label: head });
        } else if (list.length >= 1) roots.push({ v: { k: 'instance', inst: this.calls.has(list[0]!) ? list[0]! : (calledAny ?? list[0]!) }, label: head });
        else {
          const inst = this.buildDefault(v.cls);
          if (typeof inst === 'string') return inst;
          roots.push({ v: { k: 'instance', inst }, label: head });
        }
      } else roots.push({ v, label: head });
    }
    const found: RunTarget[] = [];
    for (const r of roots) {
      let v: Value | undefined = r.v;
      for (const p of parts.slice(1)) {
        if (v?.k === 'instance') v = v.inst.attrs.get(p);
        else if (v?.k === 'layer' && v.layer.children && /^\d+$/.test(p)) v = v.layer.children[Number(p)];
        else v = undefined;
      }
      if (v?.k === 'instance' && v.inst.cls.isModule) found.push({ k: 'instance', inst: v.inst, label: name });
      else if (v?.k === 'layer') found.push({ k: 'layer', layer: v.layer, label: name });
    }
    const distinct = found.filter((f, i) => found.findIndex((g) => (g.k === 'instance' && f.k === 'instance' ? g.inst === f.inst : g.k === 'layer' && f.k === 'layer' && g.layer === f.layer)) === i);
    if (distinct.length === 1) return distinct[0]!;
    if (distinct.length > 1) return `'${name}' is ambiguous: several classes have it`;
    return `'${name}' is not a module of this file (a class deriving from nn.Module, an instance of one, or a layer attribute)`;
  }

  private *classesWithoutInstance(): Generator<[ClassInfo]> {
    for (const v of this.moduleScope.vars.values()) {
      if (v.k === 'class' && v.cls.isModule && !this.instances.has(v.cls)) yield [v.cls];
    }
  }

  /** An instance built with __init__'s defaults, when every parameter has one. */
  private buildDefault(cls: ClassInfo): Instance | string {
    const init = cls.methods.get('__init__');
    const params = init?.childForFieldName('parameters')?.namedChildren.filter((p): p is Node => p !== null && p.type !== 'comment') ?? [];
    const required = params.slice(1).filter((p) => p.type === 'identifier' || p.type === 'typed_parameter');
    if (required.length > 0) {
      return `the file never builds ${cls.name}, and its __init__ needs ${required.map((p) => p.text).join(', ')}: build it in the file (model = ${cls.name}(...)) or name an instance`;
    }
    const v = this.instantiate(cls, { node: cls.node, pos: [], kw: new Map(), starred: false });
    return v.k === 'instance' ? v.inst : `cannot build ${cls.name}`;
  }

  // -------------------------------------------------------------------------------------------
  // Running forward

  /** forward's parameters after self: name, and whether it has a default. */
  forwardParams(inst: Instance): { name: string; hasDefault: boolean }[] {
    const fwd = inst.cls.methods.get('forward');
    const params = fwd?.childForFieldName('parameters')?.namedChildren.filter((p): p is Node => p !== null && p.type !== 'comment') ?? [];
    return params.slice(1).map((p) => ({
      name: (p.type === 'identifier' ? p.text : (p.childForFieldName('name')?.text ?? p.namedChildren[0]?.text ?? p.text)),
      hasDefault: p.type === 'default_parameter' || p.type === 'typed_default_parameter',
    }));
  }

  /** Run `forward` (or a layer) on `args` (by parameter name) in eval mode, with exact control flow. */
  runForward(target: RunTarget, args: Map<string, Value>): Value {
    this.concrete.mode = 'run';
    this.steps = 0;
    const node = target.k === 'instance' ? (target.inst.cls.methods.get('forward') ?? target.inst.cls.node) : target.layer.node;
    const kw = new Map([...args].map(([k, v]) => [k, { v, node }] as const));
    try {
      if (target.k === 'layer') {
        const first = kw.get('input') ?? [...kw.values()][0];
        return this.callLayerValue(target.layer, { node, pos: first ? [first] : [], kw: new Map(), starred: false });
      }
      const inst = target.inst;
      setTraining(inst, false);
      const fwd = inst.cls.methods.get('forward');
      if (!fwd) throw new RunStopped(`${inst.cls.name} has no forward method`);
      return this.callFunction({ def: fwd, name: 'forward', closure: inst.cls.closure, self: { k: 'instance', inst }, cls: inst.cls }, { node, pos: [], kw, starred: false }, false);
    } finally {
      this.concrete.mode = 'collect';
    }
  }

  /**
   * forward analysed statically (no run): on `inst` with its inputs symbolic, or on the class's generic
   * instance (constructor arguments symbolic too) when `generic`. Returns the instance walked.
   */
  staticForward(inst: Instance, generic: boolean): Instance {
    this.concrete.mode = 'collect';
    const self = generic ? this.genericInstance(inst.cls) : inst;
    const fwd = self.cls.methods.get('forward');
    if (fwd) {
      try {
        this.callFunction({ def: fwd, name: 'forward', closure: self.cls.closure, self: { k: 'instance', inst: self }, cls: self.cls }, undefined, true);
      } catch (e) {
        if (!(e instanceof AnalysisAborted)) throw e;
      }
    }
    return self;
  }

  // -------------------------------------------------------------------------------------------
  // Exact control flow (run mode only; otherwise the analysis' own)

  protected override execBlock(block: Node, scope: Scope, frame: Frame): void {
    if (!this.exact) return super.execBlock(block, scope, frame);
    for (const st of block.namedChildren) {
      if (!st) continue;
      if (this.jump || this.returned.has(frame) || frame.stopped) return;
      this.execStatement(st, scope, frame);
    }
  }

  protected override execStatement(st: Node, scope: Scope, frame: Frame): void {
    if (st.type === 'return_statement' && (!this.exact || this.joinedReturns.has(frame))) {
      // A return on a path the run cannot follow: the function returns one of several values, which
      // the analysis joins (keeping one side's data); they keep values only when all are the same data.
      super.execStatement(st, scope, frame);
      this.joinedReturns.add(frame);
      const datas = frame.returns.map((v) => this.concrete.values(v));
      if (!datas.every((d) => d !== undefined && d === datas[0])) frame.returns = frame.returns.map(withoutValues);
      if (this.exact) this.returned.add(frame);
      return;
    }
    if (!this.exact) return super.execStatement(st, scope, frame);
    if (!this.running) {
      // The file's own code: stops where Python would; a while loop is walked the analysis' way.
      switch (st.type) {
        case 'while_statement':
          this.joined(() => super.execStatement(st, scope, frame));
          return;
        case 'raise_statement':
          throw new AnalysisAborted(st);
        case 'assert_statement': {
          const c = st.namedChildren[0];
          if (c && this.known(this.eval(c, scope)) === false) throw new AnalysisAborted(st);
          return;
        }
      }
    }
    switch (st.type) {
      case 'try_statement':
        this.execTry(st, scope, frame);
        return;
      case 'return_statement':
        super.execStatement(st, scope, frame);
        this.returned.add(frame);
        return;
      case 'break_statement':
        this.jump = 'break';
        return;
      case 'continue_statement':
        this.jump = 'continue';
        return;
      case 'while_statement': {
        const cond = st.childForFieldName('condition');
        const body = st.childForFieldName('body');
        for (let i = 0; ; i++) {
          if (i >= MAX_WHILE) throw new RunStopped(`${lineOf(st)}: the loop ran ${MAX_WHILE} times`);
          if (!cond || !this.condition(cond, scope)) break;
          if (body) this.execBlock(body, scope, frame);
          if (this.loopExit(frame)) break;
        }
        return;
      }
      case 'raise_statement':
        throw new RunStopped(`${lineOf(st)}: the code raises here`);
      case 'assert_statement': {
        const c = st.namedChildren[0];
        if (c && truthy(this.eval(c, scope)) === false) throw new RunStopped(`${lineOf(st)}: AssertionError`);
        return;
      }
      default:
        return super.execStatement(st, scope, frame);
    }
  }

  /**
   * `try`: the body, then `else` and `finally`. The handlers are not run: a sample run follows the code
   * that works (an error in the body stops the run with its message instead).
   */
  private execTry(st: Node, scope: Scope, frame: Frame): void {
    const body = st.childForFieldName('body');
    if (body) this.execBlock(body, scope, frame);
    for (const c of st.namedChildren) {
      if (c.type !== 'else_clause' && c.type !== 'finally_clause') continue;
      if (c.type === 'else_clause' && (this.jump || this.returned.has(frame))) continue;
      const b = c.namedChildren.find((x) => x.type === 'block');
      if (b) this.execBlock(b, scope, frame);
    }
  }

  /** A condition's truth when known: a bool, a number, a one-element tensor with values. */
  private known(v: Value): boolean | undefined {
    const data = this.concrete.values(v);
    if (data) return data.data.length === 1 ? data.data[0] !== 0 : undefined;
    return truthy(v);
  }

  /** After a loop body: true when the loop ends (break or return); a continue is consumed. */
  private loopExit(frame: Frame): boolean {
    if (this.jump === 'break') {
      this.jump = undefined;
      return true;
    }
    if (this.jump === 'continue') this.jump = undefined;
    return this.returned.has(frame);
  }

  private condition(cond: Node, scope: Scope): boolean {
    const v = this.eval(cond, scope);
    const data = this.concrete.values(v);
    if (data) {
      if (data.data.length !== 1) throw new RunStopped(`${lineOf(cond)}: Boolean value of Tensor with more than one value is ambiguous`);
      return data.data[0] !== 0;
    }
    const t = truthy(v);
    if (t === undefined) throw new RunStopped(`${lineOf(cond)}: this condition is not known in a sample run (${v.k === 'unknown' && v.name ? `'${v.name}' is not known` : 'its value is not computed'})`);
    return t;
  }

  protected override execIf(st: Node, scope: Scope, frame: Frame): void {
    if (!this.exact) return super.execIf(st, scope, frame);
    if (!this.running) {
      // The file's own code: a condition known at every clause picks the branch, else both are joined.
      const chosen = this.chooseClause(st, scope);
      if (chosen === undefined) {
        this.joined(() => super.execIf(st, scope, frame));
        return;
      }
      if (chosen) this.execBlock(chosen, scope, frame);
      return;
    }
    if (this.condition(st.childForFieldName('condition')!, scope)) {
      const body = st.childForFieldName('consequence');
      if (body) this.execBlock(body, scope, frame);
      return;
    }
    for (const alt of st.namedChildren) {
      if (alt.type === 'elif_clause') {
        const c = alt.childForFieldName('condition');
        if (c && this.condition(c, scope)) {
          const b = alt.childForFieldName('consequence');
          if (b) this.execBlock(b, scope, frame);
          return;
        }
      } else if (alt.type === 'else_clause') {
        const b = alt.childForFieldName('body') ?? alt.namedChildren.find((x) => x.type === 'block');
        if (b) this.execBlock(b, scope, frame);
        return;
      }
    }
  }

  /**
   * The block of the `if` / `elif` / `else` clause Python takes (null: none), or undefined when a
   * condition on the way is not known. Conditions are evaluated once each, in order, as Python does.
   */
  private chooseClause(st: Node, scope: Scope): Node | null | undefined {
    const first = this.known(this.eval(st.childForFieldName('condition')!, scope));
    if (first === undefined) return undefined;
    if (first) return st.childForFieldName('consequence');
    for (const alt of st.namedChildren) {
      if (alt.type === 'elif_clause') {
        const c = alt.childForFieldName('condition');
        const t = c ? this.known(this.eval(c, scope)) : undefined;
        if (t === undefined) return undefined;
        if (t) return alt.childForFieldName('consequence');
      } else if (alt.type === 'else_clause') {
        return alt.childForFieldName('body') ?? alt.namedChildren.find((x) => x.type === 'block') ?? null;
      }
    }
    return null;
  }

  protected override execFor(st: Node, scope: Scope, frame: Frame): void {
    if (!this.exact) return super.execFor(st, scope, frame);
    const left = st.childForFieldName('left');
    const right = st.childForFieldName('right');
    const body = st.childForFieldName('body');
    if (!left || !right || !body) return;
    let items: Value[];
    if (this.running) items = this.iterate(this.eval(right, scope), right);
    else {
      // The file's own code: iterated when its items are known and few, else walked once.
      const it = this.eval(right, scope);
      const known = this.itemsOf(it);
      if (!known || known.length > MAX_COLLECT_TRIPS) {
        this.joined(() => super.execFor(st, scope, frame));
        return;
      }
      items = known;
    }
    for (const item of items) {
      this.assign(left, item, scope);
      this.loopTrips.push(Dim.of(1));
      try {
        this.execBlock(body, scope, frame);
      } finally {
        this.loopTrips.pop();
      }
      if (this.loopExit(frame)) break;
    }
  }

  /** The items a `for` walks in a run, or a message naming the line. */
  private iterate(it: Value, at: Node): Value[] {
    const items = this.itemsOf(it);
    if (!items) throw new RunStopped(`${lineOf(at)}: ${it.k === 'tuple' && it.range ? 'the length of this range is not known' : 'cannot iterate over this value'} in a sample run${it.k === 'tuple' && it.range ? '' : ' (its items are not known)'}`);
    return items;
  }

  /** The items iterating over `it` gives, when they are known. */
  private itemsOf(it: Value): Value[] | undefined {
    if (it.k === 'tuple' && it.range) {
      if (it.values) return it.values.map((v) => intV(v));
      const n = it.count?.value;
      if (n === undefined) return undefined;
      return Array.from({ length: Math.max(0, n) }, (_, i) => intV((it.start ?? 0) + i));
    }
    if (it.k === 'tuple' && !it.count) return it.items;
    if (it.k === 'layer' && (it.layer.kind === 'ModuleList' || it.layer.kind === 'Sequential')) return it.layer.children ?? [];
    if (it.k === 'dict') return [...it.entries.keys()].map((k) => ({ k: 'str', v: k }) as Value);
    const d = this.concrete.values(it);
    if (it.k === 'tensor' && d && d.shape.length > 0) {
      const n = d.shape[0]!;
      const inner = d.data.length / Math.max(n, 1);
      return Array.from({ length: n }, (_, i) => {
        const sub: TensorData = { shape: d.shape.slice(1), data: d.data.slice(i * inner, (i + 1) * inner) };
        return { k: 'tensor', t: { dims: sub.shape.map((x) => ({ d: Dim.of(x) })), integer: it.t.integer, data: sub } } as Value;
      });
    }
    if (it.k === 'str' && it.v !== undefined) return [...it.v].map((c) => ({ k: 'str', v: c }) as Value);
    return undefined;
  }

  /** In a run, `x[i] = v` writes: into a tensor in place, a list item, a dict entry. */
  protected override assign(target: Node, v: Value, scope: Scope, valueNode?: Node): void {
    if (target.type !== 'subscript') return super.assign(target, v, scope, valueNode);
    if (!this.exact) {
      // Walked the analysis' way: a tensor written here no longer has values the run can trust.
      const obj = target.childForFieldName('value');
      const o = obj ? this.eval(obj, scope) : UNKNOWN;
      this.concrete.forget(o);
      if (o.k === 'dict') o.open = true; // which keys it holds depends on the path taken
      return super.assign(target, v, scope, valueNode);
    }
    const obj = target.childForFieldName('value');
    const subs = target.childrenForFieldName('subscript').filter((c): c is Node => c !== null);
    if (!obj || subs.length === 0) return;
    // t[i][j] = v writes t: the integer indices before the last are a view of t, so t[i, j] = v.
    const chain = this.viewChain(obj, subs, scope);
    const o = chain ? chain.root : this.eval(obj, scope);
    if (chain) {
      if (this.running) this.concrete.store(chain.root, chain.subs, (x) => this.eval(x, scope), target, v);
      else {
        try {
          this.concrete.store(chain.root, chain.subs, (x) => this.eval(x, scope), target, v);
        } catch {
          this.concrete.forget(chain.root);
        }
      }
      return;
    }
    if (o.k === 'tensor') {
      if (this.running) this.concrete.store(o, subs, (x) => this.eval(x, scope), target, v);
      else {
        try {
          this.concrete.store(o, subs, (x) => this.eval(x, scope), target, v);
        } catch {
          this.concrete.forget(o);
        }
      }
      return;
    }
    if (!this.running && o.k !== 'dict' && !(o.k === 'tuple' && o.list && !o.count)) return super.assign(target, v, scope, valueNode);
    const key = this.eval(subs[0]!, scope);
    if (o.k === 'tuple' && o.list && !o.count && subs.length === 1 && key.k === 'int' && key.dim.value !== undefined) {
      const i = key.dim.value < 0 ? key.dim.value + o.items.length : key.dim.value;
      if (i >= 0 && i < o.items.length) {
        o.items[i] = v;
        return;
      }
      if (this.running) throw new RunStopped(`${lineOf(target)}: IndexError: list assignment index out of range`);
    }
    if (o.k === 'dict' && key.k === 'str' && key.v !== undefined) {
      o.entries.set(key.v, v);
      return;
    }
    if (!this.running) {
      // The file's own code: what the run cannot follow is the analysis' (a dict then holds unknown keys).
      if (o.k === 'dict') o.open = true;
      return super.assign(target, v, scope, valueNode);
    }
    throw new RunStopped(`${lineOf(target)}: assigning into this value is not supported in a sample run`);
  }

  /**
   * `x[0].fill_(3)`, `h[:, 1].zero_()`: an in-place method on a basic index of a tensor (ints, slices,
   * None, ...) writes the tensor, whose selection is a view in torch; advanced indexing (tensors,
   * lists) selects a copy, which the write does not reach.
   */
  protected override evalCall(n: Node, scope: Scope): Value {
    const r = super.evalCall(n, scope);
    const fn = n.childForFieldName('function');
    const attr = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : undefined;
    const recv = fn?.childForFieldName('object');
    if (!attr || !recv || recv.type !== 'subscript' || !attr.endsWith('_') || attr.startsWith('_') || attr === 'requires_grad_') return r;
    const subs = recv.childrenForFieldName('subscript').filter((c): c is Node => c !== null);
    const flat = subs.length === 1 && (subs[0]!.type === 'tuple' || subs[0]!.type === 'expression_list') ? subs[0]!.namedChildren.filter((c): c is Node => c !== null) : subs;
    const basic = flat.every((s) => {
      if (s.type === 'slice' || s.type === 'ellipsis' || s.type === 'none') return true;
      const v = this.eval(s, scope);
      return v.k === 'int' || (v.k === 'tensor' && v.t.integer === true && this.concrete.values(v)?.shape.length === 0);
    });
    const rootNode = recv.childForFieldName('value');
    if (!basic || !rootNode) return r;
    const root = this.eval(rootNode, scope);
    if (root.k !== 'tensor' || !this.concrete.values(root)) return r;
    if (!this.exact || r.k !== 'tensor' || !this.concrete.values(r)) {
      this.concrete.forget(root);
      return r;
    }
    try {
      this.concrete.store(root, flat, (x) => this.eval(x, scope), n, r);
    } catch (e) {
      if (this.running) throw e;
      this.concrete.forget(root);
    }
    return r;
  }

  /**
   * `t[i][j]` as the target of a write: t and the indices (i, j) when every index before the last
   * level is an integer (so each level is a view of t); undefined otherwise.
   */
  private viewChain(obj: Node, subs: Node[], scope: Scope): { root: Value; subs: Node[] } | undefined {
    const flat = (ns: Node[]): Node[] => (ns.length === 1 && (ns[0]!.type === 'tuple' || ns[0]!.type === 'expression_list') ? ns[0]!.namedChildren.filter((c): c is Node => c !== null) : ns);
    let node = obj;
    let all = flat(subs);
    while (node.type === 'subscript') {
      const inner = flat(node.childrenForFieldName('subscript').filter((c): c is Node => c !== null));
      const ints = inner.every((n) => {
        if (n.type === 'slice' || n.type === 'ellipsis' || n.type === 'none') return false;
        const v = this.eval(n, scope);
        if (v.k === 'int') return v.dim.value !== undefined;
        const d = this.concrete.values(v);
        return v.k === 'tensor' && v.t.integer === true && d !== undefined && d.shape.length === 0;
      });
      const value = node.childForFieldName('value');
      if (!ints || !value || inner.length === 0) break;
      all = [...inner, ...all];
      node = value;
    }
    if (node === obj) return undefined;
    const root = this.eval(node, scope);
    return root.k === 'tensor' ? { root, subs: all } : undefined;
  }

  /**
   * A call's parameters: as the analysis binds them, except that a `None` default not overridden by
   * the call is None (the analysis widens it to unknown), so `if hidden is None:` is decided.
   */
  protected override bindParams(f: FuncInfo, params: Node, args: CallArgs | undefined, scope: Scope): void {
    super.bindParams(f, params, args, scope);
    if (!args || args.starred || !this.exact) return;
    let pos = 0;
    params.codeChildren.forEach((p, i) => {
      if (p.type === 'list_splat_pattern' || p.type === 'dictionary_splat_pattern' || p.type === 'keyword_separator' || p.type === 'positional_separator') return;
      const name = p.type === 'identifier' ? p.text : p.type === 'typed_parameter' ? p.namedChildren[0]?.text : p.childForFieldName('name')?.text;
      if (!name) return;
      if (i === 0 && f.self && (name === 'self' || name === 'cls')) return;
      const given = args.pos[pos] ?? args.kw.get(name);
      pos++;
      const def = p.type === 'default_parameter' || p.type === 'typed_default_parameter' ? p.childForFieldName('value') : null;
      if (!given && def?.type === 'none') scope.set(name, { k: 'none' });
    });
  }

  // -------------------------------------------------------------------------------------------
  // Python values a run needs exactly (the analysis keeps only their kinds): strings, dicts, comprehensions

  protected override evalAttribute(n: Node, scope: Scope): Value {
    const v = super.evalAttribute(n, scope);
    if (v.k === 'ref' && Object.hasOwn(STRING_CONSTANTS, v.path)) return { k: 'str', v: STRING_CONSTANTS[v.path]! };
    const attr = n.childForFieldName('attribute')?.text;
    if (v.k === 'unknown' && (attr === 'register_buffer' || attr === 'register_parameter')) {
      const obj = n.childForFieldName('object');
      const o = obj && /^[\w.]+$/.test(obj.text) ? this.eval(obj, scope) : UNKNOWN;
      if (o.k === 'instance' && o.inst.cls.isModule) return { k: 'method', recv: o, name: attr };
    }
    if (this.running && v.k === 'tensor' && !this.concrete.values(v)) {
      // a layer's parameter read in forward (F.linear(x, self.emb.weight)): the run's weights
      const obj = n.childForFieldName('object');
      if (obj && /^[\w.]+$/.test(obj.text)) {
        const o = this.eval(obj, scope);
        if (o.k === 'layer') return this.concrete.layerParameter(o.layer, n.childForFieldName('attribute')?.text ?? '', n, v);
      }
    }
    return v;
  }

  override eval(n: Node, scope: Scope): Value {
    if (n.type === 'string' && n.namedChildren.some((c) => c?.type === 'interpolation')) return this.fString(n, scope);
    if (n.type === 'conditional_expression' && this.exact) {
      // `a if cond else b`: the branch of a known condition; an unknown one stops a run, and in the
      // file's own code gives the analysis' join without values (the join keeps one side's data)
      const parts = n.namedChildren.filter((c): c is Node => c !== null);
      if (parts.length === 3) {
        const c = this.known(this.eval(parts[1]!, scope));
        if (c !== undefined) return this.eval(parts[c ? 0 : 2]!, scope);
        if (this.running) throw new RunStopped(`${lineOf(parts[1]!)}: this condition is not known in a sample run`);
        let v: Value = UNKNOWN;
        this.joined(() => (v = withoutValues(super.eval(n, scope))));
        return v;
      }
    }
    if (n.type !== 'binary_operator') return super.eval(n, scope);
    const l = n.childForFieldName('left');
    const r = n.childForFieldName('right');
    const op = n.childForFieldName('operator')?.text ?? '';
    if (!l || !r) return UNKNOWN;
    const a = this.eval(l, scope);
    const b = this.eval(r, scope);
    const str = strOp(op, a, b);
    if (str) return str;
    const res = binaryOp(op, a, b, n, this.col);
    return this.domain ? this.domain.binary(op, a, b, n, res) : res;
  }

  /** An f-string whose fields are known values without format specs (`f'head{i}'`); else an unknown str. */
  private fString(n: Node, scope: Scope): Value {
    let out = '';
    let known = true;
    for (const c of n.namedChildren) {
      if (!c) continue;
      if (c.type === 'string_content') out += c.text;
      else if (c.type === 'escape_sequence') out += ESCAPES[c.text] ?? c.text;
      else if (c.type === 'interpolation') {
        const e = c.childForFieldName('expression') ?? c.namedChildren[0];
        const v = e ? this.eval(e, scope) : UNKNOWN;
        const t = c.namedChildren.some((x) => x?.type === 'format_specifier' || x?.type === 'type_conversion') ? undefined : pyStr(v);
        if (t === undefined) known = false;
        else out += t;
      }
    }
    return known ? { k: 'str', v: out } : { k: 'str' };
  }

  protected override evalComparison(n: Node, scope: Scope): Value {
    const parts = n.namedChildren.filter((c): c is Node => c !== null);
    const ops = n.children.filter((c): c is Node => c !== null && !c.isNamed).map((c) => c.text);
    const op = ops[0];
    if (parts.length === 2 && ops.length === 1 && (op === '<' || op === '<=' || op === '>' || op === '>=')) {
      const a = this.eval(parts[0]!, scope);
      const b = this.eval(parts[1]!, scope);
      const decided = unitRandomComparison(op, a, b, this.unitRandom);
      return decided !== undefined ? { k: 'bool', v: decided } : super.evalComparisonOf(n, op, a, b);
    }
    if (parts.length === 2 && ops.length === 1 && (op === 'in' || op === 'not in')) {
      const a = this.eval(parts[0]!, scope);
      const b = this.eval(parts[1]!, scope);
      let found: boolean | undefined;
      if (a.k === 'str' && a.v !== undefined) {
        if (b.k === 'dict' && !b.open) found = b.entries.has(a.v);
        else if (b.k === 'str' && b.v !== undefined) found = b.v.includes(a.v);
      }
      if (found !== undefined) return { k: 'bool', v: found === (op === 'in') };
      return super.evalComparisonOf(n, op, a, b);
    }
    return super.evalComparison(n, scope);
  }

  /**
   * A comprehension where the code runs exactly: every item of every `for` clause, the `if` clauses
   * applied, as Python does. Otherwise the analysis' representative item (in a run: stopped).
   */
  protected override evalComprehension(n: Node, scope: Scope): Value {
    if (!this.exact) return super.evalComprehension(n, scope);
    const body = n.childForFieldName('body');
    const clauses = n.namedChildren.filter((c): c is Node => c !== null && (c.type === 'for_in_clause' || c.type === 'if_clause'));
    const out: Value[] = [];
    const s = new Scope(scope);
    const walk = (i: number): boolean => {
      if (i === clauses.length) {
        out.push(body ? this.eval(body, s) : UNKNOWN);
        return true;
      }
      const c = clauses[i]!;
      if (c.type === 'if_clause') {
        const cond = c.namedChildren[0];
        const t = cond ? this.known(this.eval(cond, s)) : undefined;
        if (t === undefined) return false;
        return t ? walk(i + 1) : true;
      }
      const left = c.childForFieldName('left');
      const right = c.childForFieldName('right');
      const items = right ? this.itemsOf(this.eval(right, s)) : undefined;
      if (!left || !items || out.length + items.length > (this.running ? MAX_WHILE : MAX_COLLECT_TRIPS)) return false;
      for (const item of items) {
        this.assign(left, item, s);
        if (!walk(i + 1)) return false;
      }
      return true;
    };
    if (walk(0)) return { k: 'tuple', list: true, items: out };
    if (this.running) throw new RunStopped(`${lineOf(n)}: the items of this comprehension are not known in a sample run`);
    let v: Value = UNKNOWN;
    this.joined(() => (v = super.evalComprehension(n, scope)));
    return v;
  }

  protected override callRef(rawPath: string, args: CallArgs): Value {
    const a = args.pos[0]?.v;
    const path = canonicalPath(rawPath);
    if (path === 'torch.nn.Parameter' || path === 'torch.nn.parameter.Parameter') {
      const v = super.callRef(rawPath, args);
      if (v.k !== 'tensor') return v;
      const p: Value = { k: 'tensor', t: v.t };
      this.parameters.add(p);
      return p;
    }
    if ((path === 'torch.nn.ModuleDict' || path === 'torch.nn.modules.container.ModuleDict') && args.kw.size === 0 && (!a || (a.k === 'dict' && !a.open))) {
      // nn.ModuleDict({'cls': nn.Linear(…), …}): named children, reached by self.heads['cls']
      const entries = a?.k === 'dict' ? [...a.entries] : [];
      const layer: Layer = { kind: 'ModuleDict', id: this.nextLayerId++, node: args.node, args: new Map(), given: new Map(), children: entries.map(([, v]) => v), childNames: entries.map(([k]) => k), valid: true };
      return { k: 'layer', layer };
    }
    if (path === 'collections.OrderedDict' && args.kw.size === 0 && args.pos.length <= 1) {
      // OrderedDict([('fc1', layer), …]) with known string keys: a dict in that order
      const pairs = a ? (a.k === 'tuple' && !a.count ? a.items : undefined) : [];
      const entries = new Map<string, Value>();
      const ok = pairs?.every((p) => {
        if (p.k !== 'tuple' || p.items.length !== 2 || p.items[0]!.k !== 'str' || p.items[0]!.v === undefined) return false;
        entries.set(p.items[0]!.v, p.items[1]!);
        return true;
      });
      if (ok) return { k: 'dict', entries };
    }
    if (path === 'random.random' && args.pos.length === 0) {
      const r: Value = { k: 'float' };
      this.unitRandom.add(r);
      return r;
    }
    if (rawPath === 'builtins.len' && a) {
      if (a.k === 'str' && a.v !== undefined) return intV(a.v.length);
      if (a.k === 'dict' && !a.open) return intV(a.entries.size);
    }
    if (rawPath === 'builtins.setattr' && a?.k === 'instance' && args.pos.length === 3) {
      // setattr(self, 'head%d' % i, nn.Linear(...)): the attribute the name says
      const key = args.pos[1]!.v;
      if (key.k === 'str' && key.v !== undefined) {
        this.setAttr(a.inst.attrs, key.v, args.pos[2]!.v);
        return { k: 'none' };
      }
    }
    if (rawPath === 'builtins.str' && a && args.pos.length === 1) {
      const t = pyStr(a);
      if (t !== undefined) return { k: 'str', v: t };
    }
    // A string iterated (enumerate(line), list(word), zip(a, b)) is the list of its characters.
    if (['builtins.enumerate', 'builtins.list', 'builtins.tuple', 'builtins.zip', 'builtins.reversed', 'builtins.sorted'].includes(rawPath) && args.pos.some((p) => p.v.k === 'str' && p.v.v !== undefined)) {
      const pos = args.pos.map((p) => (p.v.k === 'str' && p.v.v !== undefined ? { ...p, v: { k: 'tuple', list: true, items: [...p.v.v].map((c) => ({ k: 'str', v: c }) as Value) } as Value } : p));
      return this.callRef(rawPath, { ...args, pos });
    }
    if (this.exact && (rawPath === 'builtins.reversed' || rawPath === 'builtins.sorted') && a?.k === 'tuple' && !a.count && args.pos.length === 1 && args.kw.size === 0) {
      const items = [...a.items];
      if (rawPath === 'builtins.sorted') {
        const keys = items.map(pyKey);
        if (keys.some((k) => k === undefined)) return super.callRef(rawPath, args);
        const order = items.map((_, i) => i).sort((i, j) => (keys[i]! < keys[j]! ? -1 : keys[i]! > keys[j]! ? 1 : 0));
        return { k: 'tuple', list: true, items: order.map((i) => items[i]!) };
      }
      return { k: 'tuple', list: true, items: items.reverse() };
    }
    return super.callRef(rawPath, args);
  }

  /** `self.heads['cls']` on a ModuleDict: the child of that name. */
  protected override evalSubscript(n: Node, scope: Scope): Value {
    const obj = n.childForFieldName('value');
    const subs = n.childrenForFieldName('subscript').filter((c): c is Node => c !== null);
    if (obj && subs.length === 1 && /^[\w.]+$/.test(obj.text)) {
      const o = this.eval(obj, scope);
      if (o.k === 'layer' && o.layer.kind === 'ModuleDict' && o.layer.childNames) {
        const key = this.eval(subs[0]!, scope);
        const i = key.k === 'str' && key.v !== undefined ? o.layer.childNames.indexOf(key.v) : -1;
        if (i >= 0) return o.layer.children![i]!;
        if (this.running) throw new RunStopped(`${lineOf(n)}: KeyError: ${subs[0]!.text}`);
        return UNKNOWN;
      }
    }
    return super.evalSubscript(n, scope);
  }

  protected override callMethod(recv: Value, name: string, args: CallArgs): Value {
    if (recv.k === 'layer' && recv.layer.childNames && args.pos.length === 0 && (name === 'keys' || name === 'values' || name === 'items')) {
      const names = recv.layer.childNames;
      const kids = recv.layer.children ?? [];
      const items = names.map((k, i): Value => (name === 'keys' ? { k: 'str', v: k } : name === 'values' ? kids[i]! : { k: 'tuple', items: [{ k: 'str', v: k }, kids[i]!] }));
      return { k: 'tuple', list: true, items };
    }
    if (recv.k === 'instance' && (name === 'register_buffer' || name === 'register_parameter')) {
      // self.register_buffer('pe', pe[, persistent]): an attribute, in the state_dict unless persistent=False
      const key = args.pos[0]?.v ?? args.kw.get('name')?.v;
      const t = args.pos[1]?.v ?? args.kw.get(name === 'register_buffer' ? 'tensor' : 'param')?.v;
      const persistent = args.pos[2]?.v ?? args.kw.get('persistent')?.v;
      if (key?.k === 'str' && key.v !== undefined && t) {
        const b: Value = t.k === 'tensor' ? { k: 'tensor', t: t.t } : t;
        if (b.k === 'tensor' && !(persistent?.k === 'bool' && persistent.v === false)) this.parameters.add(b);
        this.setAttr(recv.inst.attrs, key.v, b);
        return { k: 'none' };
      }
    }
    if (recv.k === 'str' && recv.v !== undefined) {
      const r = strMethod(recv.v, name, args.pos.map((p) => p.v));
      if (r) return r;
    }
    if (this.exact && recv.k === 'dict' && !recv.open && args.pos.length === 0 && (name === 'keys' || name === 'values' || name === 'items')) {
      const items = [...recv.entries].map(([k, v]): Value => (name === 'keys' ? { k: 'str', v: k } : name === 'values' ? v : { k: 'tuple', items: [{ k: 'str', v: k }, v] }));
      return { k: 'tuple', list: true, items };
    }
    if (this.exact && recv.k === 'tuple' && recv.list && !recv.count) {
      const x = args.pos[0]?.v ?? UNKNOWN;
      if (name === 'pop' && args.pos.length <= 1) {
        const i = args.pos.length ? asInt(x) : -1;
        if (i !== undefined && recv.items.length > 0) {
          const at = i < 0 ? recv.items.length + i : i;
          if (at >= 0 && at < recv.items.length) return recv.items.splice(at, 1)[0]!;
        }
        if (this.running) throw new RunStopped('pop from empty list');
      }
      if (name === 'append') {
        recv.items.push(x);
        return { k: 'none' };
      }
      if (name === 'extend' && x.k === 'tuple' && !x.count) {
        recv.items.push(...x.items);
        return { k: 'none' };
      }
      if (name === 'insert' && args.pos.length === 2) {
        const i = args.pos[0]!.v.k === 'int' ? args.pos[0]!.v.dim.value : undefined;
        if (i !== undefined) {
          recv.items.splice(i < 0 ? recv.items.length + i : i, 0, args.pos[1]!.v);
          return { k: 'none' };
        }
      }
      if (name === 'reverse') {
        recv.items.reverse();
        return { k: 'none' };
      }
    }
    return super.callMethod(recv, name, args);
  }
}

/** `self.training` is False in eval mode, on the module and every submodule instance. */
function setTraining(inst: Instance, training: boolean, seen = new Set<Instance>()): void {
  if (seen.has(inst)) return;
  seen.add(inst);
  inst.attrs.set('training', { k: 'bool', v: training });
  for (const v of inst.attrs.values()) if (v.k === 'instance') setTraining(v.inst, training, seen);
}
