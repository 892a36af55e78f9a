// The interpreter's shared state and the seams between its parts: limits, the collector, the scopes and
// instance registries, plus the abstract methods each part provides to the others (statements,
// expressions, calls and classes, analysis contexts live in their own files).
import type { Node } from '../syntax';
import { Dim } from '../dim';
import { nodeRange, type CallArgs } from '../context';
import type { ModuleFact } from '../facts';
import { Collector } from '../collector';
import type { DefinitionCache } from '../definitionCache';
import type { FileId, ImportLookup } from '../project/fileId';
import {
  isUnknownDim,
  Scope,
  type ClassInfo,
  type FuncInfo,
  type Instance,
  type Layer,
  type Value,
} from '../values';
import { isRecurrentKind, recurrentArgFacts, recurrentParamShapes, recurrentReturns, recurrentSpec } from '../torch/recurrent';

/** Limits that keep analysis bounded on any input. */
export const MAX_CALL_DEPTH = 6;
export const MAX_STEPS = 400_000;

export class AnalysisAborted extends Error {}

/** The frame of a function being executed: where `return` values go. */
export interface Frame {
  returns: Value[];
  func?: FuncInfo;
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
  readonly col: Collector;
  protected steps = 0;
  protected nextLayerId = 1;
  protected readonly active = new Set<number>();
  protected depth = 0;
  protected readonly moduleScope = new Scope();
  protected readonly wildcard: string[] = [];
  /** Function and class definitions to analyse generically once module-level code has run. */
  protected readonly deferred: DeferredDefinition[] = [];
  protected readonly genericInstances = new Map<ClassInfo, Instance>();
  /** Methods (by start offset) already run at a call site on each instance. */
  protected readonly ranOnInstance = new Map<Instance, Set<number>>();
  /** Instances built with known constructor arguments, per class. */
  protected readonly instances = new Map<ClassInfo, Instance[]>();
  /** Trip counts of the loops being executed, innermost last. */
  protected readonly loopTrips: Dim[] = [];

  protected readonly cache?: DefinitionCache;
  /** The concrete value domain, when the walk is a sample run (see ValueDomain). */
  protected domain?: ValueDomain;
  readonly file?: FileId;
  protected readonly imports?: ImportLookup;

  constructor(
    readonly text: string,
    options: { file?: FileId; cache?: DefinitionCache; imports?: ImportLookup },
  ) {
    this.col = new Collector(text);
    this.cache = options.cache;
    this.file = options.file;
    this.imports = options.imports;
  }

  protected tick(): void {
    if (++this.steps > MAX_STEPS) throw new AnalysisAborted();
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

  // -------------------------------------------------------------------------------------------
  // Recording facts

  protected recordShape(nameNode: Node, name: string, v: Value, use = false): void {
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
  protected recordModules(v: Value, target: Node, name: string, scope: Scope): void {
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

  protected recordModule(layer: Layer, target: Node, name: string): void {
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

  protected enclosingClassName(n: Node): string | undefined {
    for (let p = n.parent; p; p = p.parent) {
      if (p.type === 'class_definition') return p.childForFieldName('name')?.text;
    }
    return undefined;
  }
}

function statementOf(n: Node): Node {
  let cur = n;
  while (cur.parent && cur.parent.type !== 'block' && cur.parent.type !== 'module') cur = cur.parent;
  return cur;
}
