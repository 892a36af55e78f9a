// Calls and classes: calling abstract values (torch functions, layers, methods, user functions),
// binding parameters, instantiating classes and reading class bodies.
import type { Node } from '../syntax';
import { Dim } from '../dim';
import { type CallArgs } from '../context';
import { INSTANCE_SITE } from '../collector';
import {
  forgetValues,
  joinValues,
  Scope,
  tensorV,
  unknownDim,
  UNKNOWN,
  NONE,
  valueSize,
  type ClassInfo,
  type FuncInfo,
  type Instance,
  type Layer,
  type Value,
} from '../values';
import { callRecurrent, constructRecurrent, isRecurrentKind } from '../torch/recurrent';
import { dtypeInteger, tensorMethod, torchFunction } from '../torch/tensorOps';
import { fromNumpy, numpyFunction, numpyMethod } from '../torch/numpyArrays';
import { callLayer, constructLayer, KNOWN_LAYERS } from '../torch/layers';
import { callPacking } from '../torch/packing';
import { callLoss, FUNCTIONAL_LOSSES } from '../torch/losses';
import { annotationShape, commentShapes } from '../shapeAnnotations';
import { canonicalPath } from '../imports';
import { callBuiltin, callMath } from '../builtins';
import { ExpressionEvaluator, MODULE_SELF_METHODS } from './expressions';
import type { Frame } from './state';
import { argparserMethod } from '../config/argparse';
import { configValue, hydraConfig, parseConfig } from '../config/dataFiles';
import { osPathFunction, pathJoin, pathOf } from '../config/osPath';
import { Codes } from '../diagnosticCodes';
import { MAX_VALUE_SIZE, tooDeepMessage, tooLargeMessage } from '../limits';
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
    // A NumPy array given to a module is a TypeError in torch, not a shape problem: nothing to check.
    if (args.pos.some((a) => a.v.k === 'tensor' && a.v.t.numpy)) return UNKNOWN;
    if (isRecurrentKind(layer.kind)) {
      if (!layer.valid) return UNKNOWN;
      const r = this.symbolNames.distinct(callRecurrent(layer, args, this.col), argValues(args), args.node);
      return this.domain ? this.domain.layer(layer, args, r) : r;
    }
    const r = callLayer(layer, args, this.col, (c, a) => this.callValue(c, a));
    return this.domain ? this.domain.layer(layer, args, r) : r;
  }

  protected callMethod(recv: Value, name: string, args: CallArgs): Value {
    if (recv.k === 'tensor' && IN_PLACE_RESHAPES.has(name)) {
      // `data.resize((n, 1))` (NumPy), `x.unsqueeze_(0)`: the object itself changes shape; what was known of it no longer holds.
      recv.t.dims = undefined;
      forgetValues(recv.t);
      return recv.t.numpy ? NONE : recv;
    }
    if (recv.k === 'tensor' && recv.t.numpy) return numpyMethod(recv, name, args, (m) => tensorMethod(recv, m, args, this.col));
    if (recv.k === 'tensor') {
      // `t.view(*size)` with `size` unknown: the sizes are not known, nor how many there are.
      if (args.starred && !SHAPE_KEEPING_WITH_ANY_ARGS.has(name)) return tensorV(undefined);
      if (name.endsWith('_') && name !== 'requires_grad_') forgetValues(recv.t);
      const r = withAssumed(recv, tensorMethod(recv, name, args, this.col));
      return this.domain ? this.domain.method(recv, name, args, r) : r;
    }
    if (recv.k === 'argparser') return argparserMethod(recv, name, args);
    // Methods only a pathlib.Path has (a Path is held as its string; a str has none of them).
    if (recv.k === 'str' && PATH_METHODS.has(name)) return pathMethod(recv, name, args);
    // `weight.new_zeros(...)` on something unknown still makes a tensor of the given size.
    if (recv.k === 'unknown' && /^new_(zeros|ones|empty|full|tensor)$/.test(name)) {
      const r = tensorMethod(tensorV(undefined), name, args, this.col);
      return this.domain ? this.domain.method(recv, name, args, r) : r;
    }
    if (recv.k === 'instance') {
      if (MODULE_SELF_METHODS.has(name)) return recv;
      return UNKNOWN;
    }
    // `seq.add_module('conv0', m)` (also append / extend / insert): the Sequential's layers change in place;
    // which ones is not tracked (a name given again replaces a layer), so what it computes is unknown.
    if (recv.k === 'layer' && recv.layer.kind === 'Sequential' && SEQUENTIAL_MUTATORS.has(name)) {
      this.taint();
      delete recv.layer.children;
      return NONE;
    }
    if (recv.k === 'layer' && recv.layer.kind === 'ModuleList' && (name === 'append' || name === 'extend')) {
      this.taint();
      const x = args.pos[0]?.v;
      // Appended to layers that are not known: still not known.
      if (!recv.layer.children) return NONE;
      const children = recv.layer.children;
      const added = x && name === 'append' ? [x] : x?.k === 'tuple' ? x.items : [];
      if (children.length + added.length > MAX_VALUE_SIZE) this.col.report(args.node, 'information', Codes.valueTooLarge, tooLargeMessage('this ModuleList'));
      else children.push(...added);
      this.containerChanged(recv.layer);
      return NONE;
    }
    if (recv.k === 'tuple' && recv.list && (name === 'append' || name === 'extend')) {
      this.taint();
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
      else if (recv.items.length + 1 < MAX_VALUE_SIZE && valueSize(x) < MAX_VALUE_SIZE) recv.items.push(x);
      else {
        // Too long to list: still counted, its items unknown.
        recv.count = Dim.of(recv.items.length + 1);
        recv.items = [UNKNOWN];
      }
      return NONE;
    }
    if (recv.k === 'tuple' && name === 'index') return UNKNOWN;
    if (recv.k === 'tuple' && recv.list && LIST_MUTATORS.has(name)) {
      // The list changes in place: its items are no longer known (sort/reverse keep the length).
      if (name === 'sort' || name === 'reverse') recv.items = recv.items.map(() => UNKNOWN);
      else {
        recv.items = [UNKNOWN];
        recv.count = unknownDim();
      }
      return name === 'pop' ? UNKNOWN : NONE;
    }
    if (recv.k === 'dict') {
      const key = args.pos[0]?.v;
      if (name === 'get' && key?.k === 'str' && key.v !== undefined) return recv.entries.get(key.v) ?? (recv.open ? UNKNOWN : (args.pos[1]?.v ?? NONE));
      // update, setdefault, pop, clear, …: what it holds is no longer followed.
      if (!['get', 'keys', 'values', 'items', 'copy'].includes(name)) recv.open = true;
      return UNKNOWN;
    }
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
    if (path === 'torch.autograd.Variable' || path === 'torch.autograd.variable.Variable' || path === 'torch.nn.Parameter' || path === 'torch.nn.parameter.Parameter') {
      // Variable(x, requires_grad=…) is x itself since torch 0.4; nn.Parameter(x) has x's shape and dtype.
      const x = args.pos[0]?.v ?? args.kw.get('data')?.v;
      return x && (x.k === 'tensor' || x.k === 'packed') ? x : UNKNOWN;
    }
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
      const r = this.symbolNames.distinct(callPacking(path.slice('torch.nn.utils.rnn.'.length), args, this.col), argValues(args), args.node);
      return this.domain ? this.domain.func(path, args, r) : r;
    }
    // `torch.zeros(*shape)`, `torch.cat(*parts)` with unknown parts: nothing is known of the result's shape.
    if (args.starred && (path.startsWith('torch.nn.functional.') || (path.startsWith('torch.') && path.split('.').length === 2))) return tensorV(undefined);
    if (path.startsWith('torch.nn.functional.')) {
      const loss = FUNCTIONAL_LOSSES[path.slice('torch.nn.functional.'.length)];
      if (loss) return callLoss(loss, args, undefined, this.col);
      const r = torchFunction(path.slice('torch.nn.functional.'.length), args, this.col) ?? tensorV(undefined);
      return this.domain ? this.domain.func(path, args, r) : r;
    }
    if (path === 'torch.from_numpy' || path === 'torch.tensor' || path === 'torch.as_tensor' || path === 'torch.Tensor' || path === 'torch.FloatTensor') {
      const arr = fromNumpy(args.pos[0]?.v);
      if (arr && arr.k === 'tensor') return path === 'torch.FloatTensor' || path === 'torch.Tensor' ? { ...arr, t: { ...arr.t, integer: false } } : dtypeInteger(args) !== undefined ? { ...arr, t: { ...arr.t, integer: dtypeInteger(args) } } : arr;
      if (path === 'torch.from_numpy') return tensorV(undefined);
    }
    // torch.cuda.FloatTensor(...) and the like: the legacy constructors on the GPU.
    if (/^torch\.cuda\.(Float|Double|Long|Int)Tensor$/.test(path)) return torchFunction(path.slice('torch.cuda.'.length), args, this.col) ?? UNKNOWN;
    if (path.startsWith('torch.') && path.split('.').length === 2) {
      const r = torchFunction(path.slice('torch.'.length), args, this.col) ?? UNKNOWN;
      return this.domain ? this.domain.func(path, args, r) : r;
    }
    const config = this.callConfig(path, args);
    if (config) return config;
    if (path.startsWith('numpy.')) return numpyFunction(path.slice('numpy.'.length), args);
    if (path.startsWith('builtins.')) return callBuiltin(path.slice('builtins.'.length), args);
    if (path.startsWith('math.') && path.split('.').length === 2) return callMath(path.slice('math.'.length), args);
    if (path === 'types.SimpleNamespace' || path === 'argparse.Namespace') {
      const attrs = new Map<string, Value>();
      for (const [k, a] of args.kw) attrs.set(k, a.v);
      return { k: 'ns', attrs, name: 'namespace' };
    }
    return UNKNOWN;
  }

  /** argparse, open(), yaml / json / OmegaConf loaders: configuration as values. */
  private callConfig(path: string, args: CallArgs): Value | undefined {
    const a = args.pos[0]?.v;
    switch (path) {
      case 'argparse.ArgumentParser':
        return { k: 'argparser', defaults: new Map() };
      case 'builtins.open':
        return a?.k === 'str' && a.v !== undefined ? { k: 'file', path: a.v } : UNKNOWN;
      case 'builtins.vars':
        return a?.k === 'ns' ? { k: 'dict', entries: new Map(a.attrs) } : UNKNOWN;
      case 'yaml.safe_load':
      case 'yaml.load':
      case 'yaml.full_load':
      case 'yaml.unsafe_load':
      case 'json.load':
        return a?.k === 'file' ? this.loadConfigFile(a.path, false) : UNKNOWN;
      case 'omegaconf.OmegaConf.load':
        return a?.k === 'str' && a.v !== undefined ? this.loadConfigFile(a.v, true) : a?.k === 'file' ? this.loadConfigFile(a.path, true) : UNKNOWN;
      case 'os.path.join':
      case 'os.path.dirname':
      case 'os.path.basename':
      case 'os.path.normpath':
      case 'os.path.abspath':
      case 'os.path.realpath':
      case 'os.path.expanduser':
        return args.kw.size === 0 ? osPathFunction(path.slice('os.path.'.length), args.pos.map((x) => x.v)) : UNKNOWN;
      case 'pathlib.Path':
      case 'pathlib.PurePath':
      case 'pathlib.PosixPath':
      case 'pathlib.PurePosixPath': {
        const parts = args.pos.map((x) => (x.v.k === 'str' ? x.v.v : undefined));
        return args.kw.size === 0 && !args.starred && parts.every((x): x is string => x !== undefined) ? { k: 'str', v: pathOf(parts) } : { k: 'str' };
      }
      case 'builtins.str':
      case 'os.fspath':
        return a?.k === 'str' && args.pos.length === 1 ? a : undefined;
      case 'json.loads':
        return a?.k === 'file' ? this.loadConfigFile(a.path, false) : UNKNOWN;
      case 'omegaconf.OmegaConf.create':
        // Its keys are attributes too, at every level (nested dicts become DictConfigs).
        return a?.k === 'dict' && args.pos.length === 1 && args.kw.size === 0 ? withAttrs(a, true) : UNKNOWN;
      case 'omegaconf.OmegaConf.to_container':
      case 'omegaconf.OmegaConf.to_object':
        return a?.k === 'dict' ? withAttrs(a, false) : UNKNOWN;
      default:
        return undefined;
    }
  }

  /** The config hydra passes to a function decorated with `@hydra.main(config_path=…, config_name=…)`. */
  private hydraConfigOf(def: Node): Value | undefined {
    const decorated = def.parent?.type === 'decorated_definition' ? def.parent : undefined;
    const deco = decorated?.namedChildren.find((d) => d.type === 'decorator' && /^@\s*(hydra\.)?main\s*\(/.test(d.text));
    if (!deco) return undefined;
    const kw = (name: string) => new RegExp(`${name}\\s*=\\s*(['"])([^'"]*)\\1`).exec(deco.text)?.[2];
    const configPath = kw('config_path');
    const configName = kw('config_name');
    const from = this.runningFile();
    if (configPath === undefined || configName === undefined || from === undefined || !this.readData) return undefined;
    return hydraConfig(configPath, configName, (p) => this.readData!(from, p));
  }

  /** A YAML / JSON file of the workspace, by a path relative to the running file's folder. */
  protected loadConfigFile(path: string, attrs: boolean): Value {
    const from = this.runningFile();
    const text = from !== undefined ? this.readData?.(from, path) : undefined;
    if (text === undefined) return UNKNOWN;
    const data = parseConfig(path, text);
    return data === undefined ? UNKNOWN : configValue(data, attrs);
  }

  // -------------------------------------------------------------------------------------------
  // User functions and classes

  protected defineFunction(def: Node, scope: Scope): void {
    const name = def.childForFieldName('name')?.text;
    if (!name) return;
    this.taint();
    scope.set(name, { k: 'func', f: { def, name, closure: scope } });
    // An imported module's functions are analysed generically by that module's own analysis.
    if (this.currentFile === undefined) this.deferred.push({ def, scope });
  }

  protected defineClass(def: Node, scope: Scope): void {
    this.taint();
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
          this.inFileOf(d, () => this.execStatement(d, classScope, { returns: [] }));
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
    if (this.currentFile === undefined) this.deferred.push({ def, scope, cls });
  }

  protected analyzeFunctionGeneric(def: Node, scope: Scope): void {
    const name = def.childForFieldName('name')?.text ?? '';
    this.ownedBy(def, () => this.callFunction({ def, name, closure: scope }, undefined, true));
  }

  /** The generic instance: __init__ run with symbolic parameters (a default is only noted, never taken). */
  protected genericInstance(cls: ClassInfo): Instance {
    let inst = this.genericInstances.get(cls);
    if (inst) return inst;
    this.taint();
    inst = { cls, attrs: new Map(cls.attrs), generic: true };
    this.genericInstances.set(cls, inst);
    const init = cls.methods.get('__init__');
    if (init) this.ownedBy(init, () => this.callFunction({ def: init, name: '__init__', closure: cls.closure, self: { k: 'instance', inst }, cls }, undefined, true));
    return inst;
  }

  protected analyzeClassGeneric(cls: ClassInfo): void {
    const inst = this.genericInstance(cls);
    for (const [mname, def] of cls.methods) {
      if (mname === '__init__') continue;
      if (!this.enclosedBy(def, cls.node)) continue; // inherited: analysed with its own class
      this.ownedBy(def, () => this.callFunction({ def, name: mname, closure: cls.closure, self: { k: 'instance', inst }, cls }, undefined, true));
    }
  }

  /**
   * Run a user function. `args` undefined: generic analysis (parameters symbolic, named after
   * themselves; a default is a candidate, see defaultCandidate). Otherwise a call-site context with those arguments.
   */
  protected callFunction(f: FuncInfo, args: CallArgs | undefined, generic: boolean): Value {
    const def = f.def;
    this.taint();
    if (this.active.has(def.id)) return UNKNOWN;
    if (this.depth >= this.limits.maxCallDepth) {
      // Said, not silent: the call is not followed, so what it returns is unknown.
      if (args) this.col.report(args.node, 'hint', Codes.callTooDeep, tooDeepMessage(this.limits));
      return UNKNOWN;
    }
    const body = def.childForFieldName('body');
    const params = def.childForFieldName('parameters');
    if (!body || !params) return UNKNOWN;
    // Python raises TypeError at the call: the body never runs with these arguments.
    if (args && !generic && raisesTypeError(f, params, args)) return UNKNOWN;
    this.symbolNames.enter(def);
    if (!generic && f.self?.k === 'instance') {
      const done = this.ranOnInstance.get(f.self.inst) ?? new Set<number>();
      done.add(def.startIndex);
      this.ranOnInstance.set(f.self.inst, done);
    }
    this.active.add(def.id);
    this.depth++;
    const col = this.col;
    const prevSite = col.siteDepth;
    if (!generic) col.siteDepth++;
    try {
      return this.inFileOf(def, () => {
        // A real call chain (from the module's code, not a generic analysis) reaches this function.
        if (!generic && this.col.owner === undefined && this.col.siteDepth > 0) this.reached.add(this.ownerKey(def));
        const scope = new Scope(f.closure);
        this.bindParams(f, params, args, scope);
        const frame: Frame = { returns: [], func: f };
        this.execBlock(body, scope, frame);
        if (frame.returns.length === 0) return NONE;
        return frame.returns.reduce((a, b) => joinValues(a, b));
      });
    } finally {
      col.siteDepth = prevSite;
      this.depth--;
      this.active.delete(def.id);
    }
  }

  protected bindParams(f: FuncInfo, params: Node, args: CallArgs | undefined, scope: Scope): void {
    const list = params.codeChildren;
    const comments = commentShapes(f.def);
    let hydraTried = false;
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
        case 'list_splat_pattern': {
          // `*rest` takes the positional arguments left over (a tuple, known when the call's are); the
          // parameters after it are keyword-only.
          name = p.namedChildren[0]?.text;
          const rest = args && !args.starred ? args.pos.slice(pos) : undefined;
          if (args) pos = Math.max(pos, args.pos.length);
          if (name) scope.set(name, rest ? { k: 'tuple', items: rest.map((a) => a.v) } : UNKNOWN);
          return;
        }
        case 'keyword_separator':
          if (args) pos = Math.max(pos, args.pos.length);
          return;
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
      // `@hydra.main(config_path=…, config_name=…) def main(cfg)`: hydra passes the composed config.
      if (!v && (i === 0 || (i === 1 && self)) && !hydraTried) {
        hydraTried = true;
        v = this.hydraConfigOf(f.def);
      }
      if (!v && def) {
        v = this.eval(def, f.closure);
        // Analysed generically, a default is only a candidate: any caller may pass another value.
        // Ints become the parameter's symbol (hovers note the default); other values keep their type only.
        // So is it in a call with `*args` / `**kwargs` of unknown content: they may pass this parameter.
        // A call whose arguments are all known and leave the parameter out gets the default, None too.
        if (!args || args.starred) v = v.k === 'none' ? { k: 'unknown', name } : this.defaultCandidate(name, v, def);
      }
      if (!v || (v.k === 'unknown' && !v.name)) {
        const shape = (ann ? annotationShape(ann) : undefined) ?? comments.get(name);
        v = shape ? tensorV(shape) : { k: 'unknown', name };
      }
      scope.set(name, v);
    });
  }

  /** What a parameter with a default is in a generic analysis: its symbol or type, never the default itself. */
  private defaultCandidate(name: string, v: Value, def: Node): Value {
    this.noteDefault(name, def.text);
    switch (v.k) {
      case 'int':
        return { k: 'int', dim: Dim.sym(name) };
      case 'float':
      case 'bool':
      case 'str':
        return { k: v.k };
      default:
        return { k: 'unknown', name };
    }
  }

  /**
   * The default of a dataclass field declared `name: T = field(default=V)` or `field(default_factory=F)`
   * (F called for each instance, as the generated __init__ does); undefined for any other declaration.
   */
  private fieldDefault(cls: ClassInfo, name: string): Value | undefined {
    const body = cls.node.childForFieldName('body');
    for (const st of body?.namedChildren ?? []) {
      const a = st.type === 'expression_statement' ? st.namedChildren[0] : undefined;
      if (a?.type !== 'assignment' || a.childForFieldName('left')?.text !== name) continue;
      const right = a.childForFieldName('right');
      if (right?.type !== 'call') return undefined;
      const fn = right.childForFieldName('function');
      const fv = fn ? this.inFileOf(fn, () => this.eval(fn, cls.closure)) : undefined;
      if (fv?.k !== 'ref' || fv.path !== 'dataclasses.field') return undefined;
      for (const kw of right.childForFieldName('arguments')?.namedChildren ?? []) {
        if (kw.type !== 'keyword_argument') continue;
        const key = kw.childForFieldName('name')?.text;
        const value = kw.childForFieldName('value');
        if (!value) continue;
        if (key === 'default') return this.inFileOf(value, () => this.eval(value, cls.closure));
        if (key === 'default_factory') {
          const factory = this.inFileOf(value, () => this.eval(value, cls.closure));
          if (factory.k === 'class') return this.instantiate(factory.cls, { pos: [], kw: new Map(), node: right, starred: false });
        }
      }
      return undefined;
    }
    return undefined;
  }

  protected instantiate(cls: ClassInfo, args: CallArgs): Value {
    this.taint();
    const inst: Instance = { cls, attrs: new Map(cls.attrs), generic: false };
    const init = cls.methods.get('__init__');
    if (init) this.callFunction({ def: init, name: '__init__', closure: cls.closure, self: { k: 'instance', inst }, cls }, args, false);
    else if (cls.fields) {
      cls.fields.forEach((f, i) => {
        const a = args.pos[i] ?? args.kw.get(f);
        if (a) inst.attrs.set(f, a.v);
        else {
          const made = this.fieldDefault(cls, f);
          if (made) inst.attrs.set(f, made);
        }
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

const LIST_MUTATORS = new Set(['sort', 'reverse', 'insert', 'remove', 'pop', 'clear']);

/** A dict whose keys are (or are no longer) attributes, with its nested dicts and lists of dicts alike. */
function withAttrs(v: Value, attrs: boolean, depth = 0): Value {
  if (depth > 32) return v;
  if (v.k === 'dict') return { ...v, attrs, entries: new Map([...v.entries].map(([k, x]) => [k, withAttrs(x, attrs, depth + 1)])) };
  if (v.k === 'tuple' && !v.count) return { ...v, items: v.items.map((x) => withAttrs(x, attrs, depth + 1)) };
  return v;
}
const PATH_METHODS = new Set(['joinpath', 'resolve', 'absolute', 'read_text', 'open', 'expanduser']);

/** `p.joinpath(q)`, `p.resolve()`, `p.read_text()` / `p.open()` (the file, for yaml / json loaders) of a Path. */
function pathMethod(p: Value & { k: 'str' }, name: string, args: CallArgs): Value {
  if (p.v === undefined) return name === 'read_text' || name === 'open' ? UNKNOWN : { k: 'str' };
  switch (name) {
    case 'joinpath': {
      const parts = args.pos.map((x) => (x.v.k === 'str' ? x.v.v : undefined));
      return parts.every((x): x is string => x !== undefined) ? { k: 'str', v: parts.reduce(pathJoin, p.v) } : { k: 'str' };
    }
    case 'resolve':
    case 'absolute':
      // Only an absolute path does not depend on the working directory.
      return p.v.startsWith('/') ? { k: 'str', v: osPathNormalized(p.v) } : { k: 'str' };
    case 'expanduser':
      return p.v.startsWith('~') ? { k: 'str' } : p;
    default:
      return { k: 'file', path: p.v };
  }
}

function osPathNormalized(p: string): string {
  const v = osPathFunction('normpath', [{ k: 'str', v: p }]);
  return v?.k === 'str' && v.v !== undefined ? v.v : p;
}
const SEQUENTIAL_MUTATORS = new Set(['add_module', 'register_module', 'append', 'extend', 'insert']);
/** Methods that change the shape of the array or tensor they are called on, in place. */
const IN_PLACE_RESHAPES = new Set(['resize', 'resize_', 'resize_as_', 'unsqueeze_', 'squeeze_', 't_', 'transpose_', 'swapdims_', 'swapaxes_', 'set_', 'as_strided_']);

/** Tensor methods whose result has the receiver's shape whatever their (possibly starred) arguments. */
const SHAPE_KEEPING_WITH_ANY_ARGS = new Set(['to', 'cuda', 'cpu', 'type', 'float', 'double', 'long', 'int', 'half', 'detach', 'clone', 'contiguous', 'requires_grad_']);

/**
 * The call's arguments cannot bind to the parameters (too many positional arguments, a required parameter
 * left out, an unknown keyword), so Python raises TypeError before the body runs. Undecided (false) for a
 * call with `*args` / `**kwargs` of unknown content and for a decorated function (a decorator may change
 * what it takes: hydra.main passes the config).
 */
function raisesTypeError(f: FuncInfo, params: Node, args: CallArgs): boolean {
  if (args.starred || f.def.parent?.type === 'decorated_definition') return false;
  let list = params.codeChildren;
  const first = list[0];
  const firstName = first?.type === 'identifier' ? first.text : first?.type === 'typed_parameter' ? first.namedChildren[0]?.text : undefined;
  if (f.self && (firstName === 'self' || firstName === 'cls')) list = list.slice(1);
  let positional = 0;
  let keywordOnly = false;
  let varPos = false;
  let varKw = false;
  const names = new Set<string>();
  const required: { name: string; index: number | undefined }[] = [];
  for (const p of list) {
    switch (p.type) {
      case 'positional_separator':
        continue;
      case 'keyword_separator':
        keywordOnly = true;
        continue;
      case 'list_splat_pattern':
        varPos = keywordOnly = true;
        continue;
      case 'dictionary_splat_pattern':
        varKw = true;
        continue;
      case 'identifier':
      case 'typed_parameter':
      case 'default_parameter':
      case 'typed_default_parameter': {
        const name = p.type === 'identifier' ? p.text : p.type === 'typed_parameter' ? p.namedChildren[0]?.text : p.childForFieldName('name')?.text;
        if (!name) return false;
        names.add(name);
        const index = keywordOnly ? undefined : positional++;
        if (p.type === 'identifier' || p.type === 'typed_parameter') required.push({ name, index });
        continue;
      }
      default:
        return false;
    }
  }
  if (!varPos && args.pos.length > positional) return true;
  if (!varKw && [...args.kw.keys()].some((k) => !names.has(k))) return true;
  return required.some((r) => !(r.index !== undefined && r.index < args.pos.length) && !args.kw.has(r.name));
}

/** Every argument's value (positional and keyword). */
function argValues(args: CallArgs): Value[] {
  return [...args.pos.map((a) => a.v), ...[...args.kw.values()].map((a) => a.v)];
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
