// The interpreter as a sample run of a whole module: the same walk, with the concrete value domain
// plugged in (state.ts ValueDomain) and Python's exact control flow where the symbolic walk joins:
// every loop iteration, `return` / `break` / `continue`, `while`, one branch of an `if` on a known
// condition, lists that grow by append. The file's module-level code runs first (symbolically, tensor
// creation concrete) to find the module and the arguments the file gives it.
import type { Node } from '../syntax';
import { Dim } from '../dim';
import type { CallArgs } from '../context';
import { INSTANCE_SITE } from '../collector';
import { intV, Scope, truthy, UNKNOWN, type ClassInfo, type Instance, type Layer, type TensorData, type Value } from '../values';
import { StatementExecutor } from './statements';
import { AnalysisAborted, type Frame, type ValueDomain } from './state';

/** Steps a run may take (a statement or expression each), far above the editor's budget. */
const MAX_RUN_STEPS = 50_000_000;
/** Iterations of one `while` loop before the run is stopped. */
const MAX_WHILE = 1_000_000;

/** Why a run cannot go on, with the line (`line 12: …`). */
export class RunStopped extends Error {}

/** What `--module NAME` names: a module instance (a class built by the file, or on demand) or a layer. */
export type RunTarget =
  | { k: 'instance'; inst: Instance; label: string }
  | { k: 'layer'; layer: Layer; label: string };

interface DomainSwitch extends ValueDomain {
  mode: 'collect' | 'run';
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

  constructor(text: string, private readonly concrete: DomainSwitch) {
    super(text, {});
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

  // A run reports through its domain (layers, outputs), never the editor's shape facts: recording them
  // at every assignment and use, in every loop iteration, was a few % of the interpreter's own time.
  protected override recordShape(nameNode: Node, name: string, v: Value, use = false): void {
    if (!this.running) super.recordShape(nameNode, name, v, use);
  }

  /** Module-level code, as the analysis runs it (loops once, branches joined); tensor creation is concrete. */
  runFile(root: Node): void {
    this.concrete.mode = 'collect';
    try {
      this.execBlock(root, this.moduleScope, { returns: [] });
    } catch (e) {
      if (!(e instanceof AnalysisAborted)) throw e;
    }
  }

  override callValue(callee: Value, args: CallArgs): Value {
    if (callee.k === 'instance' && !this.running && this.col.siteDepth !== INSTANCE_SITE) {
      const list = this.calls.get(callee.inst) ?? [];
      if (list.length < 4) list.push(args);
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
        const list = this.instances.get(v.cls) ?? [];
        if (list.length > 1 && parts.length === 1) {
          // Several instances: the first one the file calls, else the first.
          const called = list.find((i) => this.calls.has(i));
          roots.push({ v: { k: 'instance', inst: called ?? list[0]! }, label: head });
        } else if (list.length >= 1) roots.push({ v: { k: 'instance', inst: list[0]! }, label: head });
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
    if (!this.running) return super.execBlock(block, scope, frame);
    for (const st of block.namedChildren) {
      if (!st) continue;
      if (this.jump || this.returned.has(frame)) return;
      this.execStatement(st, scope, frame);
    }
  }

  protected override execStatement(st: Node, scope: Scope, frame: Frame): void {
    if (!this.running) return super.execStatement(st, scope, frame);
    switch (st.type) {
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
    const data = (v.k === 'tensor' && v.t.data) || undefined;
    if (data) {
      if (data.data.length !== 1) throw new RunStopped(`${lineOf(cond)}: Boolean value of Tensor with more than one value is ambiguous`);
      return data.data[0] !== 0;
    }
    const t = truthy(v);
    if (t === undefined) throw new RunStopped(`${lineOf(cond)}: this condition is not known in a sample run (${v.k === 'unknown' && v.name ? `'${v.name}' is not known` : 'its value is not computed'})`);
    return t;
  }

  protected override execIf(st: Node, scope: Scope, frame: Frame): void {
    if (!this.running) return super.execIf(st, scope, frame);
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

  protected override execFor(st: Node, scope: Scope, frame: Frame): void {
    if (!this.running) return super.execFor(st, scope, frame);
    const left = st.childForFieldName('left');
    const right = st.childForFieldName('right');
    const body = st.childForFieldName('body');
    if (!left || !right || !body) return;
    const items = this.iterate(this.eval(right, scope), right);
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
    if (it.k === 'tuple' && it.range) {
      const n = it.count?.value;
      if (n === undefined) throw new RunStopped(`${lineOf(at)}: the length of this range is not known in a sample run`);
      return Array.from({ length: Math.max(0, n) }, (_, i) => intV((it.start ?? 0) + i));
    }
    if (it.k === 'tuple' && !it.count) return it.items;
    if (it.k === 'layer' && (it.layer.kind === 'ModuleList' || it.layer.kind === 'Sequential')) return it.layer.children ?? [];
    if (it.k === 'dict') return [...it.entries.keys()].map((k) => ({ k: 'str', v: k }) as Value);
    if (it.k === 'tensor' && it.t.data && it.t.data.shape.length > 0) {
      const d = it.t.data;
      const n = d.shape[0]!;
      const inner = d.data.length / Math.max(n, 1);
      return Array.from({ length: n }, (_, i) => {
        const sub: TensorData = { shape: d.shape.slice(1), data: d.data.slice(i * inner, (i + 1) * inner) };
        return { k: 'tensor', t: { dims: sub.shape.map((x) => ({ d: Dim.of(x) })), integer: it.t.integer, data: sub } } as Value;
      });
    }
    throw new RunStopped(`${lineOf(at)}: cannot iterate over this value in a sample run (its items are not known)`);
  }

  /** In a run, `x[i] = v` writes: into a tensor in place, a list item, a dict entry. */
  protected override assign(target: Node, v: Value, scope: Scope, valueNode?: Node): void {
    if (!this.running || target.type !== 'subscript') return super.assign(target, v, scope, valueNode);
    const obj = target.childForFieldName('value');
    const subs = target.childrenForFieldName('subscript').filter((c): c is Node => c !== null);
    if (!obj || subs.length === 0) return;
    const o = this.eval(obj, scope);
    if (o.k === 'tensor') {
      this.concrete.store(o, subs, (x) => this.eval(x, scope), target, v);
      return;
    }
    const key = this.eval(subs[0]!, scope);
    if (o.k === 'tuple' && o.list && !o.count && subs.length === 1 && key.k === 'int' && key.dim.value !== undefined) {
      const i = key.dim.value < 0 ? key.dim.value + o.items.length : key.dim.value;
      if (i < 0 || i >= o.items.length) throw new RunStopped(`${lineOf(target)}: IndexError: list assignment index out of range`);
      o.items[i] = v;
      return;
    }
    if (o.k === 'dict' && key.k === 'str' && key.v !== undefined) {
      o.entries.set(key.v, v);
      return;
    }
    throw new RunStopped(`${lineOf(target)}: assigning into this value is not supported in a sample run`);
  }

  protected override callMethod(recv: Value, name: string, args: CallArgs): Value {
    if (this.running && recv.k === 'tuple' && recv.list && !recv.count) {
      const x = args.pos[0]?.v ?? UNKNOWN;
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
