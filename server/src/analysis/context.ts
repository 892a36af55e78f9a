// What the PyTorch knowledge files get from the interpreter: evaluated call arguments with their
// syntax nodes, and a reporter for diagnostics (with quick fixes) and hover notes.
import type { Node } from './syntax';
import type { FixFact, LayerCallFact, Range, Severity, TextEditFact } from './facts';
import { unknownDim, type Value } from './values';

export interface Arg {
  v: Value;
  node: Node;
  /** Taken from a `**dict` expansion: `node` is the dict's expression, not the argument's own text. */
  splat?: boolean;
}

export interface CallArgs {
  /** The whole call expression. */
  node: Node;
  pos: Arg[];
  kw: ReadonlyMap<string, Arg>;
  /** `*args` or `**kwargs` were used: the argument list is not fully known. */
  starred: boolean;
}

export interface Reporter {
  report(node: Node, severity: Severity, code: string, message: string, fixes?: FixFact[]): void;
  /** Where an assignment's targets are, for unpacking checks and fixes. */
  readonly text: string;
  /** What a call of a recurrent layer is given (for sample runs of that call). */
  layerCall?(fact: LayerCallFact): void;
}

export function nodeRange(n: Node): Range {
  return {
    start: { line: n.startPosition.row, character: n.startPosition.column },
    end: { line: n.endPosition.row, character: n.endPosition.column },
  };
}

/** The node each quick-fix edit was made from (a side table: facts stay plain data). */
const editNodes = new WeakMap<TextEditFact, Node>();

/** An edit replacing `node` by `newText`; remembers the node so an edit into another file is caught. */
export function editAt(node: Node, newText: string): TextEditFact {
  const e = { range: nodeRange(node), newText };
  editNodes.set(e, node);
  return e;
}

/** True when every edit of `fix` was made from a node under `root` (the file being reported on). */
export function fixEditsIn(fix: FixFact, root: Node): boolean {
  return fix.edits.every((e) => {
    const n = editNodes.get(e);
    return n === undefined || n.root === root;
  });
}

export function replaceFix(title: string, node: Node, newText: string): FixFact {
  return { title, edits: [editAt(node, newText)] };
}

/**
 * The node to underline for a problem with `arg` in the call `call`: the argument when it starts on
 * the call's first line (so the diagnostic stays on the line torch blames), else the callee.
 */
export function blameNode(call: Node, arg?: Node): Node {
  if (arg && arg.startPosition.row === call.startPosition.row) return arg;
  return call.childForFieldName('function') ?? call;
}

/** A value of the same type as `v` with nothing else known (a default that `**kwargs` may override). */
function unknownLike(v: Value): Value {
  switch (v.k) {
    case 'int':
      return { k: 'int', dim: unknownDim() };
    case 'float':
    case 'bool':
    case 'str':
      return { k: v.k };
    default:
      return { k: 'unknown' };
  }
}

/** The keyword arguments of a call that has none (shared: never mutated). */
export const NO_KEYWORDS: ReadonlyMap<string, Arg> = new Map();

/** Binding of call arguments to a Python signature. */
export interface BoundArgs {
  values: Map<string, Value>;
  nodes: Map<string, Node>;
  /** Why the call does not fit the signature (as Python's TypeError says), if it does not. */
  error?: string;
}

/**
 * Bind positional and keyword arguments to `params` ([name, default]; default undefined = required),
 * as Python does. `fname` names the callable in errors.
 */
export function bindArgs(fname: string, params: readonly (readonly [string, Value | undefined])[], args: CallArgs): BoundArgs {
  const values = new Map<string, Value>();
  const nodes = new Map<string, Node>();
  let error: string | undefined;
  if (args.pos.length > params.length && !args.starred) {
    error = `${fname}() takes ${params.length} positional arguments but ${args.pos.length} were given`;
  }
  args.pos.forEach((a, i) => {
    const p = params[i];
    if (!p) return;
    values.set(p[0], a.v);
    nodes.set(p[0], a.node);
  });
  for (const [name, a] of args.kw) {
    if (!params.some((p) => p[0] === name)) {
      error ??= `${fname}() got an unexpected keyword argument '${name}'`;
      continue;
    }
    if (values.has(name)) error ??= `${fname}() got multiple values for argument '${name}'`;
    values.set(name, a.v);
    if (!a.splat) nodes.set(name, a.node);
  }
  for (const [name, def] of params) {
    if (values.has(name)) continue;
    if (def === undefined) {
      if (!args.starred) error ??= `${fname}() missing required positional argument: '${name}'`;
      values.set(name, { k: 'unknown' });
    } else values.set(name, args.starred ? unknownLike(def) : def);
  }
  return { values, nodes, error };
}
