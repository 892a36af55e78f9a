// What a call of a recurrent layer is given (`gru(x, h0)`), as plain facts for sample runs: the input's
// concrete shape, the initial states' shapes, and their constant values where that is proven.
import type { Node } from '../syntax';
import { nodeRange, type Arg, type CallArgs } from '../context';
import type { CallTensorFact, LayerCallFact } from '../facts';
import type { Layer, Value } from '../values';

const LOOPS = new Set(['for_statement', 'while_statement', 'list_comprehension', 'generator_expression', 'set_comprehension', 'dictionary_comprehension']);
const SCOPES = new Set(['function_definition', 'lambda', 'module']);

/** The facts of `layer(args)` when the input's shape is concrete (and not assumed), else undefined. */
export function layerCallFact(layer: Layer, args: CallArgs): LayerCallFact | undefined {
  const input = args.pos[0] ?? args.kw.get('input');
  const hx = args.pos[1] ?? args.kw.get('hx');
  if (!input || args.starred) return undefined;
  const x = tensorFact(input, args.node);
  if (!x) return undefined;
  const fact: LayerCallFact = { range: nodeRange(args.node), layer: nodeRange(layer.node), input: x, stateGiven: hx !== undefined && hx.v.k !== 'none' };
  if (!hx || hx.v.k === 'none') return fact;
  if (hx.v.k === 'tuple' && !hx.v.list && hx.v.items.length === 2) {
    const nodes = hx.node.type === 'tuple' || hx.node.type === 'parenthesized_expression' ? hx.node.namedChildren.filter((c) => c.type !== 'comment') : [];
    const [h, c] = hx.v.items as [Value, Value];
    const h0 = tensorFact({ v: h, node: nodes.length === 2 ? nodes[0]! : hx.node }, args.node, nodes.length === 2);
    const c0 = tensorFact({ v: c, node: nodes.length === 2 ? nodes[1]! : hx.node }, args.node, nodes.length === 2);
    if (h0) fact.h0 = h0;
    if (c0) fact.c0 = c0;
  } else {
    const h0 = tensorFact(hx, args.node);
    if (h0) fact.h0 = h0;
  }
  return fact;
}

/** Shape (and proven fill, or literal values) of a tensor argument; undefined unless every dim is a known integer. */
function tensorFact(a: Arg, call: Node, ownNode = true): CallTensorFact | undefined {
  const v = a.v;
  if (v.k !== 'tensor' || !v.t.dims || v.t.assumed) return undefined;
  const shape: number[] = [];
  for (const d of v.t.dims) {
    const n = d.d.value;
    if (n === undefined || !Number.isInteger(n) || n < 0) return undefined;
    shape.push(n);
  }
  const fill = v.t.fill;
  if (fill !== undefined && ownNode && v.t.origin && fillHolds(a.node, v.t.origin.call, call)) return { shape, fill };
  const el = v.t.elements;
  if (el && ownNode && el.values.length === shape.reduce((x, y) => x * y, 1) && fillHolds(a.node, el.at, call)) return { shape, values: el.values };
  return { shape };
}

/**
 * Whether the tensor created by `creation` (torch.zeros / ones / full) still holds its constant when
 * `arg` is passed at `call`. Proven only syntactically and conservatively: the argument is the creation
 * itself, or a name bound once by `name = <creation>` and used nowhere else in its scope but this call,
 * and the call runs once per creation (no loop between them). Anything else (an in-place op, another use
 * that could mutate it, a loop) leaves the fill absent; the run then uses random values of that shape.
 */
function fillHolds(arg: Node, creation: Node, call: Node): boolean {
  if (inLoopBelow(call, scopeOf(call))) return false;
  if (arg.startIndex === creation.startIndex && arg.endIndex === creation.endIndex) return true;
  if (arg.type !== 'identifier') return false;
  const assign = creation.parent;
  if (assign?.type !== 'assignment' || assign.childForFieldName('right')?.startIndex !== creation.startIndex) return false;
  const left = assign.childForFieldName('left');
  if (left?.type !== 'identifier' || left.text !== arg.text) return false;
  const scope = scopeOf(assign);
  if (scope.id !== scopeOf(call).id || inLoopBelow(assign, scope)) return false;
  let uses = 0;
  const walk = (n: Node): void => {
    if (n.type === 'identifier' && n.text === arg.text) uses++;
    for (const c of n.namedChildren) walk(c);
  };
  walk(scope);
  return uses === 2 && assign.startIndex < call.startIndex;
}

function scopeOf(n: Node): Node {
  let p = n.parent;
  while (p && !SCOPES.has(p.type)) p = p.parent;
  return p ?? n;
}

function inLoopBelow(n: Node, scope: Node): boolean {
  for (let p = n.parent; p && p.id !== scope.id; p = p.parent) if (LOOPS.has(p.type)) return true;
  return false;
}
