// Calls and classes: calling abstract values (torch functions, layers, methods, user functions),
// binding parameters, instantiating classes and reading class bodies.
import type { Node } from '../syntax';
import { Dim } from '../dim';
import { type CallArgs } from '../context';
import { INSTANCE_SITE } from '../collector';
import {
  joinValues,
  Scope,
  tensorV,
  unknownDim,
  UNKNOWN,
  NONE,
  type ClassInfo,
  type FuncInfo,
  type Instance,
  type Layer,
  type Value,
} from '../values';
import { callRecurrent, constructRecurrent, isRecurrentKind } from '../torch/recurrent';
import { tensorMethod, torchFunction } from '../torch/tensorOps';
import { callLayer, constructLayer, KNOWN_LAYERS } from '../torch/layers';
import { callPacking } from '../torch/packing';
import { annotationShape, commentShapes } from '../shapeAnnotations';
import { canonicalPath } from '../imports';
import { callBuiltin, callMath } from '../builtins';
import { ExpressionEvaluator, MODULE_SELF_METHODS } from './expressions';
import { MAX_CALL_DEPTH, type Frame } from './state';
import { sameValueLoose } from './sameValue';

export abstract class CallEvaluator extends ExpressionEvaluator {
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

  protected callLayerValue(layer: Layer, args: CallArgs): Value {
    if (isRecurrentKind(layer.kind)) {
      if (!layer.valid) return UNKNOWN;
      const r = callRecurrent(layer, args, this.col);
      return this.domain ? this.domain.layer(layer, args, r) : r;
    }
    const r = callLayer(layer, args, this.col, (c, a) => this.callValue(c, a));
    return this.domain ? this.domain.layer(layer, args, r) : r;
  }

  protected callMethod(recv: Value, name: string, args: CallArgs): Value {
    if (recv.k === 'tensor') {
      const r = withAssumed(recv, tensorMethod(recv, name, args, this.col));
      return this.domain ? this.domain.method(recv, name, args, r) : r;
    }
    // `weight.new_zeros(...)` on something unknown still makes a tensor of the given size.
    if (recv.k === 'unknown' && /^new_(zeros|ones|empty|full|tensor)$/.test(name)) {
      const r = tensorMethod(tensorV(undefined), name, args, this.col);
      return this.domain ? this.domain.method(recv, name, args, r) : r;
    }
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

  protected callRef(rawPath: string, args: CallArgs): Value {
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
      const r = callPacking(path.slice('torch.nn.utils.rnn.'.length), args);
      return this.domain ? this.domain.func(path, args, r) : r;
    }
    if (path.startsWith('torch.nn.functional.')) {
      const r = torchFunction(path.slice('torch.nn.functional.'.length), args, this.col) ?? tensorV(undefined);
      return this.domain ? this.domain.func(path, args, r) : r;
    }
    if (path.startsWith('torch.') && path.split('.').length === 2) {
      const r = torchFunction(path.slice('torch.'.length), args, this.col) ?? UNKNOWN;
      return this.domain ? this.domain.func(path, args, r) : r;
    }
    if (path.startsWith('builtins.')) return callBuiltin(path.slice('builtins.'.length), args);
    if (path.startsWith('math.') && path.split('.').length === 2) return callMath(path.slice('math.'.length), args);
    if (path === 'types.SimpleNamespace' || path === 'argparse.Namespace') {
      const attrs = new Map<string, Value>();
      for (const [k, a] of args.kw) attrs.set(k, a.v);
      return { k: 'ns', attrs, name: 'namespace' };
    }
    return UNKNOWN;
  }

  // -------------------------------------------------------------------------------------------
  // User functions and classes

  protected defineFunction(def: Node, scope: Scope): void {
    const name = def.childForFieldName('name')?.text;
    if (!name) return;
    scope.set(name, { k: 'func', f: { def, name, closure: scope } });
    this.deferred.push({ def, scope });
  }

  protected defineClass(def: Node, scope: Scope): void {
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

  protected analyzeFunctionGeneric(def: Node, scope: Scope): void {
    const name = def.childForFieldName('name')?.text ?? '';
    this.callFunction({ def, name, closure: scope }, undefined, true);
  }

  /** The generic instance: __init__ run with symbolic parameters (or their defaults). */
  protected genericInstance(cls: ClassInfo): Instance {
    let inst = this.genericInstances.get(cls);
    if (inst) return inst;
    inst = { cls, attrs: new Map(cls.attrs), generic: true };
    this.genericInstances.set(cls, inst);
    const init = cls.methods.get('__init__');
    if (init) this.callFunction({ def: init, name: '__init__', closure: cls.closure, self: { k: 'instance', inst }, cls }, undefined, true);
    return inst;
  }

  protected analyzeClassGeneric(cls: ClassInfo): void {
    const inst = this.genericInstance(cls);
    for (const [mname, def] of cls.methods) {
      if (mname === '__init__') continue;
      if (!this.enclosedBy(def, cls.node)) continue; // inherited: analysed with its own class
      this.callFunction({ def, name: mname, closure: cls.closure, self: { k: 'instance', inst }, cls }, undefined, true);
    }
  }

  /**
   * Run a user function. `args` undefined: generic analysis (parameters symbolic, named after
   * themselves, or at their defaults). Otherwise a call-site context with those arguments.
   */
  protected callFunction(f: FuncInfo, args: CallArgs | undefined, generic: boolean): Value {
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

  protected bindParams(f: FuncInfo, params: Node, args: CallArgs | undefined, scope: Scope): void {
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

  protected instantiate(cls: ClassInfo, args: CallArgs): Value {
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

/** A result computed from an assumed-rank tensor is assumed too. */
function withAssumed(from: Value, v: Value): Value {
  if ((from.k === 'tensor' || from.k === 'packed') && from.t.assumed && v.k === 'tensor' && !v.t.assumed) return { ...v, t: { ...v.t, assumed: true } };
  return v;
}
