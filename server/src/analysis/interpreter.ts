// Abstract interpreter over the Python syntax tree: runs module-level code, functions and classes on
// abstract values (symbolic sizes, tensor shapes, torch layers) and collects shape facts,
// declarations and diagnostics. Anything it does not understand becomes "unknown", never an error.
import type { Node } from './syntax';
import { Dim } from './dim';
import { Codes } from './diagnosticCodes';
import { nodeRange, NO_KEYWORDS, type Arg, type CallArgs } from './context';
import type { AnalysisResult, FixFact, ModuleFact } from './facts';
import { Collector, INSTANCE_SITE, type RecordedFact } from './collector';
import type { DefinitionCache } from './definitionCache';
import {
  asDim,
  asInt,
  intV,
  isUnknownDim,
  joinValues,
  Scope,
  tensorV,
  truthy,
  unknownDim,
  sameValue,
  UNKNOWN,
  NONE,
  type ClassInfo,
  type DimEntry,
  type FuncInfo,
  type Instance,
  type Layer,
  type Value,
} from './values';
import {
  callRecurrent,
  constructRecurrent,
  isRecurrentKind,
  recurrentArgFacts,
  recurrentParamShapes,
  recurrentReturns,
  recurrentSpec,
  refineRecurrentInput,
} from './torch/recurrent';
import { indexTensor, sliceParts, tensorMethod, torchFunction } from './torch/tensorOps';
import { callLayer, constructLayer, KNOWN_LAYERS, layerAttribute } from './torch/layers';
import { callPacking } from './torch/packing';
import { annotationShape, commentShapes } from './shapeAnnotations';
import { canonicalPath, execImport, execImportFrom } from './imports';
import { BUILTINS, callBuiltin, sequenceItems } from './builtins';
import { binaryOp } from './operators';

/** Limits that keep analysis bounded on any input. */
const MAX_CALL_DEPTH = 6;
const MAX_STEPS = 400_000;

class AnalysisAborted extends Error {}

/** The frame of a function being executed: where `return` values go. */
interface Frame {
  returns: Value[];
  func?: FuncInfo;
}

export function interpretModule(root: Node, text: string, cache?: DefinitionCache): AnalysisResult {
  const interp = new Interpreter(text, cache);
  try {
    interp.runModule(root);
  } catch (e) {
    if (!(e instanceof AnalysisAborted)) throw e;
  }
  return interp.col.result();
}

function isTopLevelDefinition(def: Node): boolean {
  const p = def.parent;
  return p?.type === 'module' || (p?.type === 'decorated_definition' && p.parent?.type === 'module');
}

class Interpreter {
  readonly col: Collector;
  private steps = 0;
  private nextLayerId = 1;
  private readonly active = new Set<number>();
  private depth = 0;
  private readonly moduleScope = new Scope();
  private readonly wildcard: string[] = [];
  /** Function and class definitions to analyse generically once module-level code has run. */
  private readonly deferred: { def: Node; scope: Scope; cls?: ClassInfo }[] = [];
  private readonly genericInstances = new Map<ClassInfo, Instance>();
  /** Methods (by start offset) already run at a call site on each instance. */
  private readonly ranOnInstance = new Map<Instance, Set<number>>();
  /** Instances built with known constructor arguments, per class. */
  private readonly instances = new Map<ClassInfo, Instance[]>();
  /** Trip counts of the loops being executed, innermost last. */
  private readonly loopTrips: Dim[] = [];

  constructor(
    readonly text: string,
    private readonly cache?: DefinitionCache,
  ) {
    this.col = new Collector(text);
  }

  private tick(): void {
    if (++this.steps > MAX_STEPS) throw new AnalysisAborted();
  }

  runModule(root: Node): void {
    this.cache?.begin(root, this.text);
    this.execBlock(root, this.moduleScope, { returns: [] });
    // Functions and methods, analysed with their parameters symbolic (or at their defaults). A
    // top-level definition whose text and context did not change is replayed from the cache.
    for (let i = 0; i < this.deferred.length; i++) {
      const d = this.deferred[i]!;
      const owner = this.cache && isTopLevelDefinition(d.def) ? this.cache.ownerOf(d.def) : undefined;
      if (!owner || !this.cache) {
        this.analyzeGeneric(d);
        continue;
      }
      const hit = this.cache.lookup(owner);
      if (hit) {
        this.col.replay(hit);
        continue;
      }
      const recorded: RecordedFact[] = [];
      this.col.recording = recorded;
      const mark = this.deferred.length;
      this.analyzeGeneric(d);
      // Definitions nested in this one belong to its recording.
      for (const nested of this.deferred.splice(mark)) this.analyzeGeneric(nested);
      this.col.recording = undefined;
      this.cache.store(owner, recorded);
    }
    this.runInstanceContexts();
    this.cache?.finish();
  }

  /**
   * Methods of a class the file instantiates exactly once with known arguments are run again on
   * that instance (sizes from the constructor call, method inputs still symbolic): what a user
   * reading `forward` expects to see for their model.
   */
  private runInstanceContexts(): void {
    for (const [cls, list] of this.instances) {
      if (list.length !== 1) continue;
      const inst = list[0]!;
      const owner = this.cache && isTopLevelDefinition(cls.node) ? `instance:${this.cache.ownerOf(cls.node) ?? ''}` : undefined;
      if (owner && this.cache) {
        const hit = this.cache.lookup(owner);
        if (hit) {
          this.col.replay(hit);
          continue;
        }
      }
      const recorded: RecordedFact[] = [];
      this.col.recording = owner ? recorded : undefined;
      const prev = this.col.siteDepth;
      this.col.siteDepth = INSTANCE_SITE;
      try {
        const ran = this.ranOnInstance.get(inst);
        for (const [mname, def] of cls.methods) {
          if (mname === '__init__' || !this.enclosedBy(def, cls.node)) continue;
          // A method the file already calls on this instance was analysed there, with its inputs.
          if (ran?.has(def.startIndex)) continue;
          this.callFunction({ def, name: mname, closure: cls.closure, self: { k: 'instance', inst }, cls }, undefined, true);
        }
      } finally {
        this.col.siteDepth = prev;
        this.col.recording = undefined;
      }
      if (owner && this.cache) this.cache.store(owner, recorded);
    }
  }

  private analyzeGeneric(d: { def: Node; scope: Scope; cls?: ClassInfo }): void {
    if (d.cls) this.analyzeClassGeneric(d.cls);
    else this.analyzeFunctionGeneric(d.def, d.scope);
  }

  // -------------------------------------------------------------------------------------------
  // Statements

  private execBlock(block: Node, scope: Scope, frame: Frame): void {
    for (const st of block.namedChildren) {
      if (!st) continue;
      this.execStatement(st, scope, frame);
    }
  }

  private execStatement(st: Node, scope: Scope, frame: Frame): void {
    this.tick();
    switch (st.type) {
      case 'expression_statement':
        for (const e of st.namedChildren) if (e) this.execExpressionStatement(e, scope);
        return;
      case 'import_statement':
        execImport(st, scope);
        return;
      case 'import_from_statement':
        execImportFrom(st, scope, this.wildcard);
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
        return;
      }
      case 'if_statement':
        this.execIf(st, scope, frame);
        return;
      case 'for_statement':
        this.execFor(st, scope, frame);
        return;
      case 'while_statement': {
        const body = st.childForFieldName('body');
        if (body) this.execBlock(body, scope, frame);
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
        for (const c of st.namedChildren) {
          if (c && (c.type === 'except_clause' || c.type === 'finally_clause' || c.type === 'else_clause')) {
            const b = c.namedChildren.find((x) => x?.type === 'block');
            if (b) this.execBlock(b, scope, frame);
          }
        }
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
      case 'raise_statement':
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

  private execExpressionStatement(e: Node, scope: Scope): void {
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
      const v = binaryOp(op.replace('=', ''), cur, rv, e, this.col);
      this.assign(left, v, scope, e);
      return;
    }
    this.eval(e, scope);
  }

  /**
   * `B, T, _ = x.shape` (or `x.size()`) with x of unknown rank: x is a tensor of that rank whose dims
   * are named by the targets (refined by use).
   */
  private refineFromShapeUnpack(left: Node, right: Node, scope: Scope): void {
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
  private hintSizeReads(left: Node, right: Node, scope: Scope): void {
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

  private assignChain(left: Node, right: Node, scope: Scope): void {
    const inner = right.childForFieldName('right');
    const innerLeft = right.childForFieldName('left');
    if (!inner || !innerLeft) return;
    const v = inner.type === 'assignment' ? UNKNOWN : this.eval(inner, scope);
    this.assign(innerLeft, v, scope, inner);
    this.assign(left, v, scope, inner);
  }

  /** Bind `target` to `v`, recording shape facts and checking unpacking. */
  private assign(target: Node, v: Value, scope: Scope, valueNode?: Node): void {
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
        if (o.k === 'instance') o.inst.attrs.set(name, stored);
        else if (o.k === 'ns') o.attrs.set(name, stored);
        else if (o.k === 'class') o.cls.attrs.set(name, stored);
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
        const targets = target.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment');
        this.unpack(target, targets, v, scope, valueNode);
        return;
      }
      case 'parenthesized_expression': {
        const inner = target.namedChildren[0];
        if (inner) this.assign(inner, v, scope, valueNode);
        return;
      }
      default:
        return;
    }
  }

  private unpack(target: Node, targets: Node[], v: Value, scope: Scope, valueNode?: Node): void {
    const starred = targets.findIndex((t) => t.type === 'list_splat_pattern');
    let items: Value[] | undefined;
    if (v.k === 'tuple') items = v.items;
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

  private isStateOfRecurrent(v: Value): boolean {
    return v.k === 'tuple' && v.items.length === 2 && v.items[0]!.k === 'tensor' && v.items[1]!.k === 'tensor';
  }

  private recordShape(nameNode: Node, name: string, v: Value, use = false): void {
    if (v.k !== 'tensor' && v.k !== 'packed') return;
    const dims = v.t.dims;
    if (!dims) return;
    this.col[use ? 'use' : 'shape']({
      range: nodeRange(nameNode),
      name,
      kind: v.k === 'packed' ? 'packed' : 'tensor',
      dims: dims.map((d) => ({
        value: isUnknownDim(d.d) ? '?' : (d.d.value ?? d.d.toString()),
        role: d.role ?? '',
        why: d.why ?? '',
      })),
      notes: v.t.notes ?? [],
    });
  }

  /** Declarations: a recurrent layer, or the recurrent layers inside a Sequential / ModuleList. */
  private recordModules(v: Value, target: Node, name: string, scope: Scope): void {
    if (v.k !== 'layer') return;
    if (isRecurrentKind(v.layer.kind)) this.recordModule(v.layer, target, name);
    else if (v.layer.children) {
      const seen = new Set<number>();
      v.layer.children.forEach((c, i) => {
        // Only layers written inside this container's call (not ones built elsewhere); a layer built
        // by a comprehension is one declaration, named by its first index.
        if (c.k !== 'layer' || seen.has(c.layer.node.startIndex) || !this.enclosedBy(c.layer.node, v.layer.node)) return;
        seen.add(c.layer.node.startIndex);
        this.recordModules(c, target, `${name}[${i}]`, scope);
      });
    }
  }

  private recordModule(layer: Layer, target: Node, name: string): void {
    const st = statementOf(target);
    const spec = recurrentSpec(layer);
    const self = target.type === 'attribute' ? target.childForFieldName('object')?.text : undefined;
    const cls = self === 'self' ? this.enclosingClassName(target) : undefined;
    const attr = target.type === 'attribute' ? target.childForFieldName('attribute')?.text : undefined;
    // Arguments, weights and returns are only needed for the declaration a feature shows: computed on
    // first read (a layer is recorded once per analysis context).
    let shapes: ReturnType<typeof recurrentParamShapes> | undefined;
    const paramShapes = () => (shapes ??= recurrentParamShapes(layer));
    let args: ModuleFact['args'] | undefined;
    let returns: string[] | undefined;
    const fact = {
      range: nodeRange(layer.node),
      statementRange: nodeRange(st),
      target: name,
      aliases: cls && attr ? [`${cls}.${name.slice('self.'.length)}`] : [],
      kind: layer.kind as ModuleFact['kind'],
      ...(spec ? { spec } : {}),
      valid: layer.valid,
    } as ModuleFact;
    Object.defineProperties(fact, {
      args: { enumerable: true, get: () => (args ??= recurrentArgFacts(layer)) },
      params: { enumerable: true, get: () => paramShapes().params },
      paramCount: { enumerable: true, get: () => paramShapes().count },
      returns: { enumerable: true, get: () => (returns ??= recurrentReturns(layer)) },
    });
    this.col.module(fact);
  }

  private enclosingClassName(n: Node): string | undefined {
    for (let p = n.parent; p; p = p.parent) {
      if (p.type === 'class_definition') return p.childForFieldName('name')?.text;
    }
    return undefined;
  }

  // -------------------------------------------------------------------------------------------
  // Control flow

  private execIf(st: Node, scope: Scope, frame: Frame): void {
    const alts = st.namedChildren.filter((x) => x.type === 'elif_clause' || x.type === 'else_clause');
    this.execChain(st.childForFieldName('condition'), st.childForFieldName('consequence'), alts, scope, frame);
  }

  /**
   * `if cond: body` followed by the elif/else clauses `rest`. A known condition runs one branch; an
   * unknown one runs both on copies of the scope and keeps what they agree on.
   */
  private execChain(cond: Node | null, body: Node | null, rest: Node[], scope: Scope, frame: Frame): void {
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
    if (body) this.execBlock(body, a, frame);
    const b = cloneScope(scope);
    runRest(b);
    mergeInto(scope, [a, b]);
  }

  private execFor(st: Node, scope: Scope, frame: Frame): void {
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
      }
      return;
    }
    let elem: Value = UNKNOWN;
    let trip: Dim | undefined;
    if (it.k === 'tuple' && it.items.length > 0) {
      elem = it.items.reduce((a, b) => joinValues(a, b));
      trip = it.count ?? Dim.of(it.items.length);
      if (it.range) elem = { k: 'int', dim: Dim.sym(left?.type === 'identifier' ? left.text : 'i') };
    } else if (it.k === 'layer' && it.layer.kind === 'ModuleList' && it.layer.children?.length) {
      elem = it.layer.children.reduce((a, b) => joinValues(a, b));
      trip = Dim.of(it.layer.children.length);
    } else if (it.k === 'tensor' && it.t.dims && it.t.dims.length > 0) {
      elem = tensorV(it.t.dims.slice(1));
      trip = it.t.dims[0]!.d;
    }
    if (left) this.assign(left, elem, scope);
    if (body) {
      // One pass over the body; what it changes is joined with the values before the loop (which
      // hold when it runs zero times), so carried values (h = cell(x_t, h)) keep agreeing dims.
      const before = cloneScope(scope);
      this.loopTrips.push(trip ?? unknownDim());
      this.execBlock(body, scope, frame);
      this.loopTrips.pop();
      mergeInto(scope, [scope, before].map((s) => cloneScope(s)));
    }
  }

  // -------------------------------------------------------------------------------------------
  // Definitions

  private defineFunction(def: Node, scope: Scope): void {
    const name = def.childForFieldName('name')?.text;
    if (!name) return;
    scope.set(name, { k: 'func', f: { def, name, closure: scope } });
    this.deferred.push({ def, scope });
  }

  private defineClass(def: Node, scope: Scope): void {
    const name = def.childForFieldName('name')?.text;
    const body = def.childForFieldName('body');
    if (!name || !body) return;
    const supers = def.childForFieldName('superclasses');
    let isModule = false;
    const bases: ClassInfo[] = [];
    for (const s of supers?.namedChildren ?? []) {
      if (!s) continue;
      const v = this.eval(s, scope);
      if (v.k === 'ref' && /(^|\.)nn\.Module$|^torch\.nn\.Module$/.test(v.path)) isModule = true;
      if (v.k === 'class') {
        bases.push(v.cls);
        if (v.cls.isModule) isModule = true;
      }
    }
    // The body is read when the class is first used (an unchanged class replayed from the cache never
    // is): methods, class attributes and dataclass fields.
    let body_: { methods: Map<string, Node>; attrs: Map<string, Value>; fields?: string[] } | undefined;
    const read = () => {
      if (body_) return body_;
      const methods = new Map<string, Node>();
      const attrs = new Map<string, Value>();
      body_ = { methods, attrs };
      for (const b of bases) {
        for (const [k, m] of b.methods) methods.set(k, m);
        for (const [k, a] of b.attrs) attrs.set(k, a);
      }
      const classScope = new Scope(scope);
      for (const st of body.namedChildren) {
        const d = st.type === 'decorated_definition' ? st.childForFieldName('definition') : st;
        if (d?.type === 'function_definition') {
          const mname = d.childForFieldName('name')?.text;
          if (mname) methods.set(mname, d);
        } else if (d) {
          this.execStatement(d, classScope, { returns: [] });
        }
      }
      for (const [k, v] of classScope.vars) attrs.set(k, v);
      // @dataclass / NamedTuple: the generated __init__ takes the annotated fields in order.
      const decorated = def.parent?.type === 'decorated_definition' ? def.parent.text.slice(0, def.startIndex - def.parent.startIndex) : '';
      if (/@(dataclasses\.)?dataclass\b/.test(decorated) || (supers?.text ?? '').includes('NamedTuple')) {
        body_.fields = body.namedChildren
          .map((st) => (st.type === 'expression_statement' ? st.namedChildren[0] : undefined))
          .filter((a): a is Node => a?.type === 'assignment' && a.childForFieldName('type') !== null && a.childForFieldName('left')?.type === 'identifier')
          .map((a) => a.childForFieldName('left')!.text);
      }
      return body_;
    };
    const cls = {
      name,
      node: def,
      closure: scope,
      isModule,
      get methods() {
        return read().methods;
      },
      get attrs() {
        return read().attrs;
      },
      get fields() {
        return read().fields;
      },
    } as ClassInfo;
    scope.set(name, { k: 'class', cls });
    this.deferred.push({ def, scope, cls });
  }

  private analyzeFunctionGeneric(def: Node, scope: Scope): void {
    const name = def.childForFieldName('name')?.text ?? '';
    this.callFunction({ def, name, closure: scope }, undefined, true);
  }

  /** The generic instance: __init__ run with symbolic parameters (or their defaults). */
  private genericInstance(cls: ClassInfo): Instance {
    let inst = this.genericInstances.get(cls);
    if (inst) return inst;
    inst = { cls, attrs: new Map(cls.attrs), generic: true };
    this.genericInstances.set(cls, inst);
    const init = cls.methods.get('__init__');
    if (init) this.callFunction({ def: init, name: '__init__', closure: cls.closure, self: { k: 'instance', inst }, cls }, undefined, true);
    return inst;
  }

  private analyzeClassGeneric(cls: ClassInfo): void {
    const inst = this.genericInstance(cls);
    for (const [mname, def] of cls.methods) {
      if (mname === '__init__') continue;
      if (!this.enclosedBy(def, cls.node)) continue; // inherited: analysed with its own class
      this.callFunction({ def, name: mname, closure: cls.closure, self: { k: 'instance', inst }, cls }, undefined, true);
    }
  }

  private enclosedBy(n: Node, outer: Node): boolean {
    return n.startIndex >= outer.startIndex && n.endIndex <= outer.endIndex;
  }

  /**
   * Run a user function. `args` undefined: generic analysis (parameters symbolic, named after
   * themselves, or at their defaults). Otherwise a call-site context with those arguments.
   */
  private callFunction(f: FuncInfo, args: CallArgs | undefined, generic: boolean): Value {
    const def = f.def;
    if (this.active.has(def.id) || this.depth >= MAX_CALL_DEPTH) return UNKNOWN;
    const body = def.childForFieldName('body');
    const params = def.childForFieldName('parameters');
    if (!body || !params) return UNKNOWN;
    if (!generic && f.self?.k === 'instance') {
      const done = this.ranOnInstance.get(f.self.inst) ?? new Set<number>();
      done.add(def.startIndex);
      this.ranOnInstance.set(f.self.inst, done);
    }
    this.active.add(def.id);
    this.depth++;
    const prevSite = this.col.siteDepth;
    if (!generic) this.col.siteDepth++;
    try {
      const scope = new Scope(f.closure);
      this.bindParams(f, params, args, scope);
      const frame: Frame = { returns: [], func: f };
      this.execBlock(body, scope, frame);
      if (frame.returns.length === 0) return NONE;
      return frame.returns.reduce((a, b) => joinValues(a, b));
    } finally {
      this.col.siteDepth = prevSite;
      this.depth--;
      this.active.delete(def.id);
    }
  }

  private bindParams(f: FuncInfo, params: Node, args: CallArgs | undefined, scope: Scope): void {
    const list = params.namedChildren.filter((p): p is Node => p !== null && p.type !== 'comment');
    const comments = commentShapes(f.def, this.text);
    let pos = 0;
    const self = f.self;
    list.forEach((p, i) => {
      let name: string | undefined;
      let def: Node | null = null;
      let ann: Node | null = null;
      switch (p.type) {
        case 'identifier':
          name = p.text;
          break;
        case 'default_parameter':
          name = p.childForFieldName('name')?.text;
          def = p.childForFieldName('value');
          break;
        case 'typed_parameter':
          name = p.namedChildren[0]?.text;
          ann = p.childForFieldName('type');
          break;
        case 'typed_default_parameter':
          name = p.childForFieldName('name')?.text;
          def = p.childForFieldName('value');
          ann = p.childForFieldName('type');
          break;
        case 'list_splat_pattern':
        case 'dictionary_splat_pattern':
          name = p.namedChildren[0]?.text;
          if (name) scope.set(name, UNKNOWN);
          return;
        default:
          return;
      }
      if (!name) return;
      if (i === 0 && self && (name === 'self' || name === 'cls')) {
        scope.set(name, self);
        return;
      }
      let v: Value | undefined;
      if (args) {
        const a = args.pos[pos] ?? args.kw.get(name);
        pos++;
        if (a) v = a.v;
      }
      if (!v && def) {
        v = this.eval(def, f.closure);
        if (v.k === 'none') v = { k: 'unknown', name };
      }
      if (!v || (v.k === 'unknown' && !v.name)) {
        const shape = (ann ? annotationShape(ann) : undefined) ?? comments.get(name);
        v = shape ? tensorV(shape) : { k: 'unknown', name };
      }
      scope.set(name, v);
    });
  }

  private instantiate(cls: ClassInfo, args: CallArgs): Value {
    const inst: Instance = { cls, attrs: new Map(cls.attrs), generic: false };
    const init = cls.methods.get('__init__');
    if (init) this.callFunction({ def: init, name: '__init__', closure: cls.closure, self: { k: 'instance', inst }, cls }, args, false);
    else if (cls.fields) {
      cls.fields.forEach((f, i) => {
        const a = args.pos[i] ?? args.kw.get(f);
        if (a) inst.attrs.set(f, a.v);
      });
    }
    // Remember instances built from fully known arguments (not inside a generic analysis).
    const known = args.pos.every((a) => a.v.k !== 'unknown') && [...args.kw.values()].every((a) => a.v.k !== 'unknown') && !args.starred;
    if (known && this.col.siteDepth !== INSTANCE_SITE) {
      const list = this.instances.get(cls) ?? [];
      if (!list.some((i) => sameInstanceArgs(i, inst))) list.push(inst);
      this.instances.set(cls, list);
    }
    return { k: 'instance', inst };
  }

  // -------------------------------------------------------------------------------------------
  // Expressions

  eval(n: Node, scope: Scope): Value {
    this.tick();
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
        const inner = n.namedChildren.find((c) => c && c.type !== 'comment');
        return inner ? this.eval(inner, scope) : UNKNOWN;
      }
      case 'tuple':
      case 'expression_list':
        return { k: 'tuple', items: n.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment').map((c) => this.eval(c, scope)) };
      case 'list':
        return { k: 'tuple', list: true, items: n.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment').map((c) => this.eval(c, scope)) };
      case 'list_comprehension':
      case 'generator_expression':
        return this.evalComprehension(n, scope);
      case 'dictionary': {
        const entries = new Map<string, Value>();
        for (const pair of n.namedChildren) {
          if (pair.type !== 'pair') continue;
          const key = pair.childForFieldName('key');
          const value = pair.childForFieldName('value');
          const kv = key ? this.eval(key, scope) : UNKNOWN;
          if (kv.k === 'str' && kv.v !== undefined && value) entries.set(kv.v, this.eval(value, scope));
        }
        return { k: 'dict', entries };
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
        return binaryOp(op, this.eval(l, scope), this.eval(r, scope), n, this.col);
      }
      case 'unary_operator': {
        const arg = n.childForFieldName('argument');
        const op = n.childForFieldName('operator')?.text;
        const v = arg ? this.eval(arg, scope) : UNKNOWN;
        if (op === '-' && v.k === 'int') return intV(v.dim.neg());
        if (op === '-' && v.k === 'float') return { k: 'float', v: v.v === undefined ? undefined : -v.v };
        if (op === '+') return v;
        if (v.k === 'tensor') return v;
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
        if (op === 'and') return lt === false ? lv : lt === true ? rv : UNKNOWN;
        return lt === true ? lv : lt === false ? rv : UNKNOWN;
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

  private evalComprehension(n: Node, scope: Scope): Value {
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
          : k !== undefined && k >= 0 && k <= 64 ? Array.from({ length: k }, (_, i) => (it.k === 'tuple' && it.range ? intV((it.start ?? 0) + i) : (seq.items[0] ?? UNKNOWN)))
          : undefined;
        if (perItem) {
          const items = perItem.map((item) => {
            this.assign(left, item, s);
            return this.eval(body, s);
          });
          return { k: 'tuple', list: true, items };
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

  private evalComparison(n: Node, scope: Scope): Value {
    const parts = n.namedChildren.filter((c): c is Node => c !== null);
    const ops = n.children.filter((c): c is Node => c !== null && !c.isNamed).map((c) => c.text);
    if (parts.length !== 2 || ops.length !== 1) {
      for (const p of parts) this.eval(p, scope);
      return { k: 'bool' };
    }
    const a = this.eval(parts[0]!, scope);
    const b = this.eval(parts[1]!, scope);
    const op = ops[0];
    const num = (v: Value) => (v.k === 'int' ? v.dim.value : v.k === 'float' ? v.v : v.k === 'bool' && v.v !== undefined ? (v.v ? 1 : 0) : undefined);
    const x = num(a);
    const y = num(b);
    if (op === 'is' || op === 'is not') {
      if (b.k === 'none' && a.k !== 'unknown') return { k: 'bool', v: (a.k === 'none') === (op === 'is') };
      return { k: 'bool' };
    }
    if (a.k === 'str' && b.k === 'str' && a.v !== undefined && b.v !== undefined) {
      if (op === '==') return { k: 'bool', v: a.v === b.v };
      if (op === '!=') return { k: 'bool', v: a.v !== b.v };
    }
    if (x === undefined || y === undefined) return { k: 'bool' };
    const r = op === '<' ? x < y : op === '<=' ? x <= y : op === '>' ? x > y : op === '>=' ? x >= y : op === '==' ? x === y : op === '!=' ? x !== y : undefined;
    return { k: 'bool', v: r };
  }

  private lookup(name: string, scope: Scope): Value {
    const v = scope.lookup(name);
    if (v) return v;
    for (const w of this.wildcard) {
      if (w === 'torch.nn' && (isRecurrentKind(name) || KNOWN_LAYERS.has(name) || name === 'Module')) return { k: 'ref', path: `torch.nn.${name}` };
      if (w === 'torch' && /^[a-z_]+$/.test(name)) return { k: 'ref', path: `torch.${name}` };
    }
    if (BUILTINS.has(name)) return { k: 'ref', path: `builtins.${name}` };
    return { k: 'unknown', name };
  }

  private evalAttribute(n: Node, scope: Scope): Value {
    const obj = n.childForFieldName('object');
    const attr = n.childForFieldName('attribute')?.text;
    if (!obj || !attr) return UNKNOWN;
    const o = this.eval(obj, scope);
    switch (o.k) {
      case 'ref':
        return { k: 'ref', path: canonicalPath(`${o.path}.${attr}`) };
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
        return { k: 'method', recv: o, name: attr };
      case 'tensor':
      case 'packed':
        return this.tensorAttribute(o, attr);
      case 'layer':
        return layerAttribute(o.layer, attr) ?? { k: 'method', recv: o, name: attr };
      case 'unknown':
        if (/^new_(zeros|ones|empty|full|tensor)$/.test(attr)) return { k: 'method', recv: o, name: attr };
        return { k: 'unknown', name: o.name ? `${o.name}.${attr}` : undefined };
      case 'tuple':
      case 'str':
        return { k: 'method', recv: o, name: attr };
      default:
        return UNKNOWN;
    }
  }

  private tensorAttribute(o: Value & { k: 'tensor' | 'packed' }, attr: string): Value {
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

  private evalSubscript(n: Node, scope: Scope): Value {
    const value = n.childForFieldName('value');
    const subs = n.childrenForFieldName('subscript').filter((c): c is Node => c !== null);
    if (!value || subs.length === 0) return UNKNOWN;
    const v = this.eval(value, scope);
    const index = subs.length === 1 ? subs[0]! : n; // several → a tuple index
    if (v.k === 'tensor') {
      if (subs.length > 1) return this.indexTensorMulti(v.t.dims ? v : v, subs, scope, n);
      return indexTensor(v.t, index, (x) => this.eval(x, scope), this.col, n);
    }
    if (v.k === 'dict') {
      const key = this.eval(subs[0]!, scope);
      return key.k === 'str' && key.v !== undefined ? (v.entries.get(key.v) ?? { k: 'unknown', name: `${value.text}[${subs[0]!.text}]` }) : UNKNOWN;
    }
    if (v.k === 'unknown' && v.name && subs.length === 1 && subs[0]!.type === 'string') {
      // cfg['hidden'] on an unknown config: a symbol named after it.
      return { k: 'unknown', name: `${v.name}.${subs[0]!.text.replace(/['"]/g, '')}` };
    }
    if (v.k === 'tuple') {
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
    if (v.k === 'layer' && (v.layer.kind === 'ModuleList' || v.layer.kind === 'Sequential')) {
      const i = asInt(this.eval(subs[0]!, scope));
      const ch = v.layer.children ?? [];
      if (i !== undefined) return ch[i < 0 ? i + ch.length : i] ?? UNKNOWN;
      return ch.length ? ch.reduce((a, b) => joinValues(a, b)) : UNKNOWN;
    }
    for (const s of subs) this.eval(s, scope);
    return UNKNOWN;
  }

  private indexTensorMulti(v: Value & { k: 'tensor' }, subs: Node[], scope: Scope, n: Node): Value {
    // `x[a, b]` parsed as several subscript fields: treat as one tuple index.
    const fake = { type: 'tuple', namedChildren: subs } as unknown as Node;
    return indexTensor(v.t, fake, (x) => this.eval(x, scope), this.col, n);
  }

  private evalArgs(argList: Node | null, scope: Scope, call: Node): CallArgs {
    const pos: Arg[] = [];
    let kw: Map<string, Arg> | undefined;
    let starred = false;
    if (argList) {
      if (argList.type === 'generator_expression') {
        pos.push({ v: this.eval(argList, scope), node: argList });
      } else {
        for (const a of argList.namedChildren) {
          if (!a || a.type === 'comment') continue;
          if (a.type === 'keyword_argument') {
            const name = a.childForFieldName('name')?.text;
            const value = a.childForFieldName('value');
            if (name && value) (kw ??= new Map()).set(name, { v: this.eval(value, scope), node: value });
          } else if (a.type === 'list_splat' || a.type === 'dictionary_splat') {
            starred = true;
            const inner = a.namedChildren[0];
            if (inner) {
              const v = this.eval(inner, scope);
              if (a.type === 'list_splat' && v.k === 'tuple') {
                for (const item of v.items) pos.push({ v: item, node: inner });
                starred = false;
              }
            }
          } else pos.push({ v: this.eval(a, scope), node: a });
        }
      }
    }
    return { node: call, pos, kw: kw ?? NO_KEYWORDS, starred };
  }

  private evalCall(n: Node, scope: Scope): Value {
    const fn = n.childForFieldName('function');
    const args = this.evalArgs(n.childForFieldName('arguments'), scope, n);
    if (!fn) return UNKNOWN;
    // super().__init__(...) and friends
    if (fn.type === 'attribute' && fn.childForFieldName('object')?.type === 'call' && fn.childForFieldName('object')?.childForFieldName('function')?.text === 'super') {
      return NONE;
    }
    const callee = this.eval(fn, scope);
    const result = this.callValue(callee, args);
    // Refined by use: an input of unknown shape given to a recurrent layer is what the layer takes.
    const first = args.pos[0];
    if (callee.k === 'layer' && isRecurrentKind(callee.layer.kind) && first?.node.type === 'identifier') {
      const refined = refineRecurrentInput(callee.layer, first.v);
      if (refined) scope.set(first.node.text, refined);
    }
    return result;
  }

  /** Call an abstract value with evaluated arguments. */
  callValue(callee: Value, args: CallArgs): Value {
    switch (callee.k) {
      case 'ref':
        return this.callRef(callee.path, args);
      case 'layer':
        return this.callLayerValue(callee.layer, args);
      case 'method':
        return this.callMethod(callee.recv, callee.name, args);
      case 'func':
        return this.callFunction(callee.f, args, false);
      case 'class':
        return this.instantiate(callee.cls, args);
      case 'instance': {
        const fwd = callee.inst.cls.methods.get('forward') ?? callee.inst.cls.methods.get('__call__');
        if (!fwd) return UNKNOWN;
        return this.callFunction({ def: fwd, name: 'forward', closure: callee.inst.cls.closure, self: callee, cls: callee.inst.cls }, args, false);
      }
      default:
        return UNKNOWN;
    }
  }

  private callLayerValue(layer: Layer, args: CallArgs): Value {
    if (isRecurrentKind(layer.kind)) {
      if (!layer.valid) return UNKNOWN;
      return callRecurrent(layer, args, this.col);
    }
    return callLayer(layer, args, this.col, (c, a) => this.callValue(c, a));
  }

  private callMethod(recv: Value, name: string, args: CallArgs): Value {
    if (recv.k === 'tensor') return withAssumed(recv, tensorMethod(recv, name, args, this.col));
    // `weight.new_zeros(...)` on something unknown still makes a tensor of the given size.
    if (recv.k === 'unknown' && /^new_(zeros|ones|empty|full|tensor)$/.test(name)) return tensorMethod(tensorV(undefined), name, args, this.col);
    if (recv.k === 'instance') {
      if (MODULE_SELF_METHODS.has(name)) return recv;
      return UNKNOWN;
    }
    if (recv.k === 'layer' && recv.layer.kind === 'ModuleList' && (name === 'append' || name === 'extend')) {
      const x = args.pos[0]?.v;
      if (x && name === 'append') (recv.layer.children ??= []).push(x);
      else if (x?.k === 'tuple') (recv.layer.children ??= []).push(...x.items);
      return NONE;
    }
    if (recv.k === 'tuple' && recv.list && (name === 'append' || name === 'extend')) {
      const x = args.pos[0]?.v ?? UNKNOWN;
      const trip = this.loopTrips[this.loopTrips.length - 1];
      if (name === 'extend') {
        recv.items = [UNKNOWN];
        recv.count = unknownDim();
      } else if (trip && recv.items.length === 0) {
        // Appended once per iteration: `trip` items like this one.
        recv.items = [x];
        recv.count = trip;
      } else if (trip) {
        recv.items = [joinValues(recv.items[0]!, x)];
        recv.count = recv.count ? recv.count.add(trip) : unknownDim();
      } else if (recv.count) recv.count = recv.count.add(Dim.of(1));
      else recv.items.push(x);
      return NONE;
    }
    if (recv.k === 'tuple' && name === 'index') return UNKNOWN;
    if (recv.k === 'layer') {
      if (['to', 'cuda', 'cpu', 'float', 'double', 'train', 'eval', 'requires_grad_'].includes(name)) return recv;
      if (name === 'forward') return this.callLayerValue(recv.layer, args);
      if (name === 'flatten_parameters') return NONE;
      return UNKNOWN;
    }
    return UNKNOWN;
  }

  private callRef(rawPath: string, args: CallArgs): Value {
    const path = canonicalPath(rawPath);
    if (path.startsWith('torch.nn.') && !path.startsWith('torch.nn.functional.') && !path.startsWith('torch.nn.utils.') && !path.startsWith('torch.nn.init.')) {
      const kind = path.slice('torch.nn.'.length);
      if (isRecurrentKind(kind)) {
        const layer = constructRecurrent(kind, args, this.col, this.nextLayerId++);
        return { k: 'layer', layer };
      }
      if (KNOWN_LAYERS.has(kind)) return { k: 'layer', layer: constructLayer(kind, args, this.col, this.nextLayerId++) };
      return UNKNOWN;
    }
    if (path.startsWith('torch.nn.utils.rnn.')) {
      return callPacking(path.slice('torch.nn.utils.rnn.'.length), args);
    }
    if (path.startsWith('torch.nn.functional.')) {
      return torchFunction(path.slice('torch.nn.functional.'.length), args, this.col) ?? tensorV(undefined);
    }
    if (path.startsWith('torch.') && path.split('.').length === 2) {
      return torchFunction(path.slice('torch.'.length), args, this.col) ?? UNKNOWN;
    }
    if (path.startsWith('builtins.')) return callBuiltin(path.slice('builtins.'.length), args);
    if (path === 'types.SimpleNamespace' || path === 'argparse.Namespace') {
      const attrs = new Map<string, Value>();
      for (const [k, a] of args.kw) attrs.set(k, a.v);
      return { k: 'ns', attrs, name: 'namespace' };
    }
    return UNKNOWN;
  }


}



function stringValue(n: Node): string | undefined {
  const parts = n.namedChildren.filter((c): c is Node => c !== null);
  if (parts.some((p) => p.type === 'interpolation')) return undefined;
  const content = parts.filter((p) => p.type === 'string_content').map((p) => p.text).join('');
  return content;
}

function statementOf(n: Node): Node {
  let cur = n;
  while (cur.parent && cur.parent.type !== 'block' && cur.parent.type !== 'module') cur = cur.parent;
  return cur;
}

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

// Re-exported for tests of the shape helpers.
export type { DimEntry, Instance };
export { asDim };

/** Same kind of value for unrolling decisions: layers of one kind and configuration count as same. */
function sameValueLoose(a: Value, b: Value): boolean {
  if (a.k === 'layer' && b.k === 'layer') {
    if (a.layer.kind !== b.layer.kind) return false;
    for (const [k, v] of a.layer.args) {
      const w = b.layer.args.get(k);
      if (!w || !sameValue(v, w)) return false;
    }
    return true;
  }
  return sameValue(a, b);
}

/** Two instances whose attributes hold the same values (the same model built twice). */
function sameInstanceArgs(a: Instance, b: Instance): boolean {
  if (a.attrs.size !== b.attrs.size) return false;
  for (const [k, v] of a.attrs) {
    const w = b.attrs.get(k);
    if (!w || !sameValueLoose(v, w)) return false;
  }
  return true;
}

/** nn.Module methods that return the module itself. */
const MODULE_SELF_METHODS = new Set(['to', 'cuda', 'cpu', 'train', 'eval', 'float', 'double', 'half', 'requires_grad_', 'zero_grad_']);

/** A result computed from an assumed-rank tensor is assumed too. */
function withAssumed(from: Value, v: Value): Value {
  if ((from.k === 'tensor' || from.k === 'packed') && from.t.assumed && v.k === 'tensor' && !v.t.assumed) return { ...v, t: { ...v.t, assumed: true } };
  return v;
}
