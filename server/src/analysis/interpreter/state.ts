// The interpreter's shared state and the seams between its parts: limits, the collector, the scopes and
// instance registries, plus the abstract methods each part provides to the others (statements,
// expressions, calls and classes, analysis contexts live in their own files).
import type { Node } from '../syntax';
import { Dim } from '../dim';
import { nodeRange, type CallArgs } from '../context';
import type { ModuleFact } from '../facts';
import { Collector } from '../collector';
import type { DefinitionCache } from '../definitionCache';
import type { AnalysisResult } from '../facts';
import { TrackedScope, type ModuleRunCache } from '../moduleRunCache';
import type { FileId, ImportLookup, ModuleSource, PathOf, ReadData } from '../project/fileId';
import { Codes } from '../diagnosticCodes';
import { DEFAULT_LIMITS, MAX_VALUE_SIZE, stepBudget, tooLargeMessage, type AnalysisLimits } from '../limits';
import {
  isUnknownDim,
  UNKNOWN,
  valueSize,
  Scope,
  type ClassInfo,
  type DimEntry,
  type FuncInfo,
  type Instance,
  type Layer,
  type Value,
} from '../values';
import { isRecurrentKind, recurrentArgFacts, recurrentParamShapes, recurrentReturns, recurrentSpec } from '../torch/recurrent';
import { layerSizes } from '../torch/layerFacts';
import { SymbolNames } from './symbolNames';

/** The step budget ran out while evaluating `at`. */
export class AnalysisAborted extends Error {
  constructor(readonly at: Node) {
    super('rnnlens: step budget exhausted');
  }
}

/** The frame of a function being executed: where `return` values go. */
export interface Frame {
  returns: Value[];
  func?: FuncInfo;
  /** The path being run has returned or raised: the statements after it are not reached on it. */
  stopped?: boolean;
}

/** A workspace module imported during this analysis. */
export interface LoadedModule {
  scope: Scope;
  col: Collector;
  source: ModuleSource;
}

/**
 * The second value domain (DESIGN "One interpreter, two value domains"). The interpreter computes every
 * value symbolically (shapes); a domain plugged in here is shown each tensor-producing step with its
 * inputs and the symbolic result, and may return the result with concrete data attached. Without a
 * domain (the editor, `check`) every hook is the identity.
 */
export interface ValueDomain {
  /** A layer called with `args`. */
  layer(layer: Layer, args: CallArgs, result: Value): Value;
  /** A method of a tensor (or list) value. */
  method(recv: Value, name: string, args: CallArgs, result: Value): Value;
  /** A function reached by its canonical path (`torch.cat`, `torch.nn.functional.relu`, `torch.nn.utils.rnn.…`). */
  func(path: string, args: CallArgs, result: Value): Value;
  /** `a op b`: arithmetic, `@`, comparisons. */
  binary(op: string, a: Value, b: Value, node: Node, result: Value): Value;
  /** `-x`, `~x`, `not x`. */
  unary(op: string, v: Value, node: Node, result: Value): Value;
  /** `x[...]` on a tensor: the index expressions, evaluated on demand. */
  index(v: Value, subs: readonly Node[], evalNode: (n: Node) => Value, node: Node, result: Value): Value;
  /** `x.T`, `x.data`, … on a tensor. */
  attribute(v: Value, attr: string, result: Value): Value;
}

export interface DeferredDefinition {
  def: Node;
  scope: Scope;
  cls?: ClassInfo;
}

export abstract class InterpreterState {
  /** The collector of the file whose code is running (the analysed file's, or an imported one's). */
  col: Collector;
  /** The analysed file's collector. */
  readonly mainCol: Collector;
  /** The file whose code is running; undefined for the analysed file itself. */
  protected currentFile: FileId | undefined;
  /** Workspace modules this analysis imported, by file: their module scope and their collector. */
  protected readonly loaded = new Map<FileId, LoadedModule>();
  /** Which file each imported module's syntax tree belongs to. */
  protected readonly fileByRoot = new Map<Node, FileId>();
  /** Functions run from a real call chain (see AnalysisResult.reached), by ownerKey. */
  protected readonly reached = new Set<string>();
  protected steps = 0;
  protected nextLayerId = 1;
  protected readonly active = new Set<number>();
  protected depth = 0;
  protected readonly moduleScope = new TrackedScope();
  protected readonly wildcard: string[] = [];
  /** Function and class definitions to analyse generically once module-level code has run. */
  protected readonly deferred: DeferredDefinition[] = [];
  protected readonly genericInstances = new Map<ClassInfo, Instance>();
  /** Methods (by start offset) already run at a call site on each instance. */
  protected readonly ranOnInstance = new Map<Instance, Set<number>>();
  /** Instances built with known constructor arguments, per class. */
  protected readonly instances = new Map<ClassInfo, Instance[]>();
  /** The names sizes get in each function (one meaning per name; see symbolNames.ts). */
  protected readonly symbolNames = new SymbolNames();
  /** Attribute writes of the branches being run, innermost last (see StatementExecutor.runLogged). */
  protected readonly attrLogs: { attrs: Map<string, Value>; key: string; old: Value | undefined }[][] = [];
  /** Trip counts of the loops being executed, innermost last. */
  protected readonly loopTrips: Dim[] = [];
  /** Parameter symbols with a default, to the default's text (undefined when two defaults differ). */
  protected readonly paramDefaults = new Map<string, string | undefined>();

  /**
   * Set when the code mutates a value in place, defines or calls a user function or class, or builds
   * an instance: module-level statements run before are then no longer reusable as recorded (see
   * moduleRunCache.ts).
   */
  protected tainted = false;

  protected readonly cache?: DefinitionCache;
  protected readonly moduleCache?: ModuleRunCache;
  /** The concrete value domain, when the walk is a sample run (see ValueDomain). */
  protected domain?: ValueDomain;
  readonly file?: FileId;
  protected readonly imports?: ImportLookup;
  protected readonly readData?: ReadData;
  protected readonly pathOf?: PathOf;
  readonly limits: AnalysisLimits;
  /** Steps this file may take (see stepBudget). */
  readonly budget: number;

  constructor(
    readonly text: string,
    options: { file?: FileId; cache?: DefinitionCache; imports?: ImportLookup; readData?: ReadData; pathOf?: PathOf; limits?: Partial<AnalysisLimits>; moduleCache?: ModuleRunCache; root?: Node },
  ) {
    this.mainCol = this.col = new Collector(text, options.root);
    this.mainCol.router = (root) => this.collectorOfRoot(root);
    this.cache = options.cache;
    this.moduleCache = options.moduleCache;
    this.file = options.file;
    this.imports = options.imports;
    this.readData = options.readData;
    this.pathOf = options.pathOf;
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    let lines = 1;
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
    this.budget = stepBudget(this.limits, lines);
  }

  /** `__file__` of a module scope: the file's path when the host knows it (a workspace file). */
  protected setFilePath(scope: Scope, file: FileId | undefined): void {
    const p = file !== undefined ? this.pathOf?.(file) : undefined;
    if (p !== undefined) scope.set('__file__', { k: 'str', v: p });
  }

  protected taint(): void {
    this.tainted = true;
  }

  protected tick(at: Node): void {
    if (++this.steps > this.budget) throw new AnalysisAborted(at);
  }

  /** `v` when it stays within the size cap, else unknown (and an RL903 note on `n` saying so). */
  protected sized(n: Node, v: Value): Value {
    if (valueSize(v) <= MAX_VALUE_SIZE) return v;
    this.col.report(n, 'information', Codes.valueTooLarge, tooLargeMessage(v.k === 'dict' ? 'this dict' : v.k === 'tuple' && v.list ? 'this list' : 'this tuple'));
    return UNKNOWN;
  }

  /** The analysed file's facts, with the facts its code produced in each imported workspace module. */
  result(): AnalysisResult {
    const r = this.mainCol.result(this.reached);
    const reached = this.reached.size > 0 ? { reached: [...this.reached] } : {};
    if (this.loaded.size === 0) return { ...r, ...reached };
    return { ...r, ...reached, foreign: [...this.loaded].map(([file, m]) => ({ file, result: m.col.result(this.reached), contextShapes: m.col.contextShapes() })) };
  }

  private collectorOfRoot(root: Node): Collector | undefined {
    if (root === this.mainCol.root) return this.mainCol;
    const file = this.fileByRoot.get(root);
    return file === undefined ? undefined : this.loaded.get(file)?.col;
  }

  /** A function as an owner of derived call sites: `file#Class.method` (stable when the code above it moves). */
  protected ownerKey(def: Node): string {
    const names: string[] = [];
    for (let n: Node | null = def; n; n = n.parent) {
      if (n.type === 'function_definition' || n.type === 'class_definition') names.unshift(n.childForFieldName('name')?.text ?? '');
    }
    const file = def.root === this.mainCol.root ? this.file : this.fileByRoot.get(def.root);
    return `${file ?? ''}#${names.join('.')}`;
  }

  /** Run `fn` as the generic analysis of `def`: calls it makes are derived sites owned by it. */
  protected ownedBy<T>(def: Node, fn: () => T): T {
    const prev = this.col.owner;
    this.col.owner = this.ownerKey(def);
    try {
      return fn();
    } finally {
      this.col.owner = prev;
    }
  }

  /** The id of the file whose code is running (for resolving its relative imports). */
  protected runningFile(): FileId | undefined {
    return this.currentFile ?? this.file;
  }

  /**
   * Run `fn` as code of the file `node` is in: facts go to that file's collector (at the same
   * analysis-context depth), and its definitions are not queued for this file's generic analysis.
   */
  protected inFileOf<T>(node: Node, fn: () => T): T {
    const root = node.root;
    const target = root === this.mainCol.root ? this.mainCol : this.collectorOfRoot(root);
    if (!target || target === this.col) return fn();
    const prevCol = this.col;
    const prevFile = this.currentFile;
    const prevSite = target.siteDepth;
    const prevOwner = target.owner;
    target.siteDepth = prevCol.siteDepth;
    target.owner = prevCol.owner;
    this.col = target;
    this.currentFile = target === this.mainCol ? undefined : this.fileByRoot.get(root);
    try {
      return fn();
    } finally {
      target.siteDepth = prevSite;
      target.owner = prevOwner;
      this.col = prevCol;
      this.currentFile = prevFile;
    }
  }

  protected enclosedBy(n: Node, outer: Node): boolean {
    return n.startIndex >= outer.startIndex && n.endIndex <= outer.endIndex;
  }

  // Provided by expressions.ts
  abstract eval(n: Node, scope: Scope): Value;
  // Provided by calls.ts
  abstract callValue(callee: Value, args: CallArgs): Value;
  protected abstract callFunction(f: FuncInfo, args: CallArgs | undefined, generic: boolean): Value;
  // Provided by statements.ts
  protected abstract execBlock(block: Node, scope: Scope, frame: Frame): void;
  protected abstract execStatement(st: Node, scope: Scope, frame: Frame): void;
  protected abstract assign(target: Node, v: Value, scope: Scope, valueNode?: Node): void;
  protected abstract defineFunction(def: Node, scope: Scope): void;
  protected abstract defineClass(def: Node, scope: Scope): void;

  protected noteDefault(name: string, text: string): void {
    if (!this.paramDefaults.has(name)) this.paramDefaults.set(name, text);
    else if (this.paramDefaults.get(name) !== text) this.paramDefaults.set(name, undefined);
  }

  /** Hover notes for the parameter symbols with defaults that a shape uses. */
  private defaultNotes(dims: readonly { d: Dim }[]): string[] | undefined {
    let out: string[] | undefined;
    for (const d of dims) {
      if (d.d.isConst) continue;
      for (const s of d.d.symbols()) {
        const text = this.paramDefaults.get(s);
        if (text === undefined) continue;
        const note = `\`${s}\` is a parameter (default ${text}): the calls decide its value.`;
        if (!out?.includes(note)) (out ??= []).push(note);
      }
    }
    return out;
  }

  // -------------------------------------------------------------------------------------------
  // Recording facts

  protected recordShape(nameNode: Node, name: string, v: Value, use = false): void {
    const dimFacts = (dims: DimEntry[]) =>
      dims.map((d) => ({
        value: isUnknownDim(d.d) ? '?' : (d.d.value ?? d.d.toString()),
        role: d.role ?? '',
        why: d.why ?? '',
      }));
    if (v.k === 'tuple') {
      // A small tuple of tensors of known shapes: an LSTM state `(h, c)`, a pair returned together.
      if (use || v.count || v.items.length < 2 || v.items.length > 4) return;
      const items = v.items.map((x) => (x.k === 'tensor' && x.t.dims ? x.t.dims : undefined));
      if (items.some((x) => x === undefined)) return;
      this.col.shape({ range: nodeRange(nameNode), name, kind: 'tuple', dims: [], items: items.map((x) => dimFacts(x!)), notes: [] });
      return;
    }
    if (v.k !== 'tensor' && v.k !== 'packed') return;
    const dims = v.t.dims;
    if (!dims) return;
    this.col[use ? 'use' : 'shape']({
      range: nodeRange(nameNode),
      name,
      kind: v.k === 'packed' ? 'packed' : 'tensor',
      dims: dimFacts(dims),
      notes: withNotes(v.t.notes, this.paramDefaults.size ? this.defaultNotes(dims) : undefined),
      ...(v.t.assumed ? { assumed: true } : {}),
    });
  }

  /** Declarations: a recurrent layer, or the recurrent layers inside a Sequential / ModuleList. */
  protected recordModules(v: Value, target: Node, name: string, scope: Scope): void {
    if (v.k !== 'layer') return;
    if (isRecurrentKind(v.layer.kind)) this.recordModule(v.layer, target, name);
    else this.recordLayer(v.layer, target, name);
    if (!isRecurrentKind(v.layer.kind) && v.layer.children) {
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

  /** A declaration of a layer that is not recurrent (hovers): arguments, shape rule, parameters. */
  protected recordLayer(layer: Layer, target: Node, name: string): void {
    // Only where it is built (`fc = self.fc` names it again but declares nothing).
    if (!this.enclosedBy(layer.node, statementOf(target))) return;
    const self = target.type === 'attribute' ? target.childForFieldName('object')?.text : undefined;
    const cls = self === 'self' ? this.enclosingClassName(target) : undefined;
    const attr = target.type === 'attribute' ? target.childForFieldName('attribute')?.text : undefined;
    // A container the code changes after building it (`self.layers.append(...)`, `net[0] = ...`): its
    // layers and count here are not what it ends up holding (appends the analysis follows drop the fact).
    const changed = layer.children !== undefined && containerChangedInText(target.root.text, name);
    const children = changed ? undefined : layer.children?.map((c) => (c.k === 'layer' ? { kind: c.layer.kind, sizes: layerSizes(c.layer) } : { kind: c.k === 'instance' ? c.inst.cls.name : '?', sizes: { args: [], rule: '', paramCount: '?' } }));
    const sizes = layerSizes(layer);
    this.col.layer({
      range: nodeRange(layer.node),
      statementRange: nodeRange(statementOf(target)),
      target: name,
      aliases: cls && attr ? [`${cls}.${name.slice('self.'.length)}`] : [],
      kind: layer.kind,
      ...(changed ? { args: sizes.args, rule: '', paramCount: '?' } : sizes),
      ...(children ? { children } : {}),
    });
  }

  /** A container's layers changed (an append the analysis follows): what was recorded of its declaration no longer holds. */
  protected containerChanged(layer: Layer): void {
    const range = nodeRange(layer.node);
    this.col.layer({ range, statementRange: range, target: '', aliases: [], kind: layer.kind, args: [], rule: '', paramCount: '?', children: [{ kind: 'changed', sizes: { args: [], rule: '', paramCount: '?' } }] });
  }

  protected recordModule(layer: Layer, target: Node, name: string): void {
    const st = statementOf(target);
    const spec = recurrentSpec(layer);
    const self = target.type === 'attribute' ? target.childForFieldName('object')?.text : undefined;
    const cls = self === 'self' ? this.enclosingClassName(target) : undefined;
    const attr = target.type === 'attribute' ? target.childForFieldName('attribute')?.text : undefined;
    // Plain data (facts cross a worker boundary): arguments, weights and returns computed now.
    const shapes = recurrentParamShapes(layer);
    const fact: ModuleFact = {
      range: nodeRange(layer.node),
      statementRange: nodeRange(st),
      target: name,
      aliases: cls && attr ? [`${cls}.${name.slice('self.'.length)}`] : [],
      kind: layer.kind as ModuleFact['kind'],
      args: recurrentArgFacts(layer),
      params: shapes.params,
      paramCount: shapes.count,
      returns: recurrentReturns(layer),
      ...(spec ? { spec } : {}),
      valid: layer.valid,
    };
    this.col.module(fact);
  }

  protected enclosingClassName(n: Node): string | undefined {
    for (let p = n.parent; p; p = p.parent) {
      if (p.type === 'class_definition') return p.childForFieldName('name')?.text;
    }
    return undefined;
  }
}

const NO_NOTES: string[] = [];

/** A tensor's notes plus extra ones (the same array when there are none to add). */
function withNotes(notes: string[] | undefined, extra: string[] | undefined): string[] {
  if (!extra) return notes ?? NO_NOTES;
  return [...(notes ?? []), ...extra];
}

/** Per file text: the names the code changes a container through (see containerChangedInText; bounded). */
const changedNames = new Map<string, Set<string>>();

/**
 * Whether the code changes the container it names `name` (`self.layers`, `net`) after building it:
 * `.append(`, `.extend(`, `.insert(`, `.add_module(`, `+=`, or an item assigned (`net[0] = ...`).
 */
function containerChangedInText(text: string, name: string): boolean {
  const base = name.replace(/\[.*$/, '').split('.').pop() ?? '';
  if (!/^[A-Za-z_]\w*$/.test(base)) return true;
  let names = changedNames.get(text);
  if (!names) {
    names = new Set();
    for (const m of text.matchAll(/(?<![\w])([A-Za-z_]\w*)\s*(?:\.\s*(?:append|extend|insert|add_module|register_module|pop)\s*\(|\+=|\[[^\]\n]*\]\s*=(?!=))/g)) names.add(m[1]!);
    if (changedNames.size >= 8) changedNames.clear();
    changedNames.set(text, names);
  }
  return names.has(base);
}

function statementOf(n: Node): Node {
  let cur = n;
  while (cur.parent && cur.parent.type !== 'block' && cur.parent.type !== 'module') cur = cur.parent;
  return cur;
}
