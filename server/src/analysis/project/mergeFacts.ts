// Merges what other files' code established about a file (call-site and instance contexts run from
// train.py in models.py) into that file's own facts: concrete shapes where every call agrees, the
// bugs those calls prove, and runnable layer specs. Plain data in, plain data out.
import { formatShape, type AnalysisResult, type DiagnosticFact, type LayerCallFact, type ModuleFact, type ShapeFact } from '../facts';

export interface Contribution {
  /** Where the facts come from, for hovers: `train.py`. */
  from: string;
  result: AnalysisResult;
}

const posKey = (r: { range: { start: { line: number; character: number } } }) => `${r.range.start.line}:${r.range.start.character}`;
const concrete = (f: ShapeFact) => f.dims.every((d) => typeof d.value === 'number');
const sameDims = (a: ShapeFact, b: ShapeFact) => a.dims.length === b.dims.length && a.dims.every((d, i) => d.value === b.dims[i]!.value);

function mergeShapes(own: ShapeFact[], contributions: Contribution[], pick: (r: AnalysisResult) => ShapeFact[]): ShapeFact[] {
  const theirs = new Map<string, { from: string; fact: ShapeFact }[]>();
  for (const c of contributions) {
    for (const f of pick(c.result)) {
      if (f.kind === 'tuple') continue;
      const k = posKey(f);
      const list = theirs.get(k) ?? [];
      list.push({ from: c.from, fact: f });
      theirs.set(k, list);
    }
  }
  if (theirs.size === 0) return own;
  const out: ShapeFact[] = [];
  const seen = new Set<string>();
  const merged = (base: ShapeFact | undefined, list: { from: string; fact: ShapeFact }[]): ShapeFact | undefined => {
    const agreeing = list.every((x) => sameDims(x.fact, list[0]!.fact));
    const first = list[0]!.fact;
    if (!base) return agreeing && !first.dims.some((d) => d.value === '?') ? first : undefined;
    if (agreeing && concrete(first) && first.dims.length === base.dims.length) {
      if (sameDims(base, first)) return base;
      const froms = [...new Set(list.map((x) => x.from))].join(', ');
      return { ...base, concrete: first.dims, notes: [...base.notes, `With the sizes from ${froms}: ${formatShape(first.dims)}.`] };
    }
    if (!agreeing) {
      const sites = list.map((x) => `${formatShape(x.fact.dims)} from ${x.from}`);
      return { ...base, notes: [...base.notes, `Calls disagree: ${[...new Set(sites)].join('; ')}.`] };
    }
    return base;
  };
  for (const f of own) {
    const k = posKey(f);
    if (f.kind === 'tuple') {
      seen.add(k);
      out.push(f);
      continue;
    }
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

/** `own` with what `contributions` (other files' analyses) established about the same file. */
export function mergeContributions(own: AnalysisResult, contributions: Contribution[]): AnalysisResult {
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
    shapes: mergeShapes(own.shapes, contributions, (r) => r.shapes),
    uses: mergeShapes(own.uses, contributions, (r) => r.uses),
    modules: mergeModules(own.modules, contributions),
    calls: mergeCalls(own.calls, contributions),
  };
}
