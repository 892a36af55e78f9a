// Merges what other files' code established about a file (call-site and instance contexts run from
// train.py in models.py) into that file's own facts: concrete shapes where every call agrees, the
// bugs those calls prove, and runnable layer specs. Plain data in, plain data out.
import { formatShape, type AnalysisResult, type ContextShapeFact, type DiagnosticFact, type LayerCallFact, type LayerFact, type LayerSizesFact, type ModuleFact, type ShapeFact } from '../facts';
import { agreedDims, agreedItems } from '../collector';

export interface Contribution {
  /** Where the facts come from, for hovers: `train.py`. */
  from: string;
  result: AnalysisResult;
  /** The unmerged shapes behind `result`'s (see ForeignFacts.contextShapes); `result`'s count as call sites without it. */
  contextShapes?: { shapes: ContextShapeFact[]; uses: ContextShapeFact[] };
}

const posKey = (r: { range: { start: { line: number; character: number } } }) => `${r.range.start.line}:${r.range.start.character}`;
const sameList = (a: readonly { value: number | string }[], b: readonly { value: number | string }[]) => a.length === b.length && a.every((d, i) => d.value === b[i]!.value);
/** Same shape: the same dims, or for tuples the same kind and the same items. */
const sameDims = (a: ShapeFact, b: ShapeFact) =>
  a.kind === 'tuple' || b.kind === 'tuple'
    ? a.kind === b.kind && (a.items ?? []).length === (b.items ?? []).length && (a.items ?? []).every((x, i) => sameList(x, b.items![i]!))
    : sameList(a.dims, b.dims);

interface Theirs {
  from: string;
  fact: ShapeFact;
  context: 'site' | 'instance';
}

/**
 * One file's shapes with the other files' facts: the call sites of every file that imports it decide the
 * concrete sizes dim by dim (a size every call agrees on is concrete, the others stay general); an instance
 * context (an instance built with known arguments whose methods no file calls) counts only where no call does.
 */
function mergeShapes(own: ShapeFact[], contributions: Contribution[], pick: 'shapes' | 'uses', reached: ReadonlySet<string>): ShapeFact[] {
  const theirs = new Map<string, Theirs[]>();
  for (const c of contributions) {
    const facts: ContextShapeFact[] = c.contextShapes?.[pick] ?? c.result[pick].map((fact) => ({ fact, context: 'site' as const }));
    for (const { fact, context, owner } of facts) {
      // A call inside the generic analysis of a function that real calls reach: those calls speak for it.
      if (owner !== undefined && reached.has(owner)) continue;
      const k = posKey(fact);
      const list = theirs.get(k) ?? [];
      list.push({ from: c.from, fact, context });
      theirs.set(k, list);
    }
  }
  if (theirs.size === 0) return own;
  const out: ShapeFact[] = [];
  const seen = new Set<string>();
  const merged = (base: ShapeFact | undefined, all: Theirs[]): ShapeFact | undefined => {
    const sites = all.filter((x) => x.context === 'site');
    const list = sites.length > 0 ? sites : all;
    const agreeing = list.every((x) => sameDims(x.fact, list[0]!.fact));
    const first = list[0]!.fact;
    const unknown = (f: ShapeFact) => [f.dims, ...(f.items ?? [])].some((dims) => dims.some((d) => d.value === '?'));
    if (!base) return agreeing && !unknown(first) ? first : undefined;
    if (sameDims(base, first) && agreeing) return base;
    const froms = [...new Set(list.map((x) => x.from))].join(', ');
    if (base.kind === 'tuple') {
      // an LSTM state `(h, c)`: item by item, the sizes every call agrees on
      const items = agreedItems(base, list.map((x) => x.fact));
      if (!items) return base;
      const label = '(' + items.map(formatShape).join(', ') + ')';
      return { ...base, concreteItems: items, notes: [...base.notes, agreeing ? `With the sizes from ${froms}: ${label}.` : `Calls disagree; every call agrees on ${label}.`] };
    }
    const partial = agreedDims(base.dims, list.map((x) => x.fact.dims));
    if (agreeing) return partial ? { ...base, concrete: partial, notes: [...base.notes, `With the sizes from ${froms}: ${formatShape(partial)}.`] } : base;
    const each = [...new Set(list.map((x) => `${formatShape(x.fact.dims)} from ${x.from}`))].join('; ');
    if (!partial) return { ...base, notes: [...base.notes, `Calls disagree: ${each}.`] };
    return { ...base, concrete: partial, notes: [...base.notes, `Calls disagree: ${each}; every call agrees on ${formatShape(partial)}.`] };
  };
  for (const f of own) {
    const k = posKey(f);
    seen.add(k);
    const list = theirs.get(k);
    out.push(list ? (merged(f, list) ?? f) : f);
  }
  for (const [k, list] of theirs) {
    if (seen.has(k)) continue;
    const m = merged(undefined, list);
    if (m) out.push(m);
  }
  return out.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

function mergeModules(own: ModuleFact[], contributions: Contribution[]): ModuleFact[] {
  const theirs = new Map<string, ModuleFact[]>();
  for (const c of contributions) for (const m of c.result.modules) if (m.spec) theirs.set(posKey(m), [...(theirs.get(posKey(m)) ?? []), m]);
  if (theirs.size === 0) return own;
  return own.map((m) => {
    if (m.spec) return m;
    const list = theirs.get(posKey(m));
    if (!list || !list.every((x) => JSON.stringify(x.spec) === JSON.stringify(list[0]!.spec))) return m;
    return { ...list[0]!, target: m.target, aliases: m.aliases, statementRange: m.statementRange };
  });
}

/** The sizes of a layer declaration as a key (two facts agree when their keys are equal). */
const sizesKey = (f: LayerSizesFact & { children?: LayerFact['children'] }) => JSON.stringify([f.args, f.params, f.paramCount, f.children?.map((c) => [c.kind, c.sizes.args, c.sizes.paramCount])]);

/**
 * Layer declarations (Linear, Embedding, …) with the sizes other files' calls build them with, where every
 * one of those calls agrees and this file's own calls say nothing (its hover's "here" column).
 */
function mergeLayers(own: LayerFact[] | undefined, contributions: Contribution[]): LayerFact[] | undefined {
  if (!own) return own;
  const theirs = new Map<string, LayerFact[]>();
  for (const c of contributions) for (const l of c.result.layers ?? []) theirs.set(posKey(l), [...(theirs.get(posKey(l)) ?? []), l]);
  if (theirs.size === 0) return own;
  return own.map((l) => {
    const list = theirs.get(posKey(l));
    if (l.concrete || !list) return l;
    const sized = list.map((x) => x.concrete ?? x);
    const first = sized[0]!;
    if (!sized.every((x) => sizesKey(x) === sizesKey(first)) || sizesKey(first) === sizesKey(l)) return l;
    return { ...l, concrete: { args: first.args, rule: first.rule, ...(first.params ? { params: first.params } : {}), paramCount: first.paramCount, ...(first.children ? { children: first.children } : {}) } };
  });
}

/** Calls of layers in this file with the concrete inputs other files' calls give them (for sample runs). */
function mergeCalls(own: LayerCallFact[], contributions: Contribution[]): LayerCallFact[] {
  const seen = new Set(own.map(posKey));
  const out = [...own];
  for (const c of contributions) {
    for (const call of c.result.calls) {
      const k = posKey(call);
      if (seen.has(k)) continue;
      seen.add(k);
      out.push(call);
    }
  }
  return out;
}

/**
 * `own` with what `contributions` (other files' analyses) established about the same file. `reached`: the
 * functions real calls reach in any of these analyses (see AnalysisResult.reached).
 */
export function mergeContributions(own: AnalysisResult, contributions: Contribution[], reached: ReadonlySet<string> = new Set()): AnalysisResult {
  if (contributions.length === 0) return own;
  const diags = new Map<string, DiagnosticFact>();
  for (const d of own.diagnostics) diags.set(`${posKey(d)}:${d.code}`, d);
  for (const c of contributions) {
    for (const d of c.result.diagnostics) {
      const k = `${posKey(d)}:${d.code}`;
      if (!diags.has(k)) diags.set(k, { ...d, message: `${d.message} (with the arguments ${c.from} passes)` });
    }
  }
  return {
    ...own,
    diagnostics: [...diags.values()].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character),
    shapes: mergeShapes(own.shapes, contributions, 'shapes', reached),
    uses: mergeShapes(own.uses, contributions, 'uses', reached),
    modules: mergeModules(own.modules, contributions),
    calls: mergeCalls(own.calls, contributions),
    ...(own.layers ? { layers: mergeLayers(own.layers, contributions) } : {}),
  };
}
