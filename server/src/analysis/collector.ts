// Collects the facts every analysis context reports (generic analysis of a function with symbolic
// parameters, and call-site contexts with concrete arguments) and merges them into one result.
// Can record what a stretch of analysis reported, so the definition cache can replay it later.
import type { Node } from './syntax';
import { fixEditsIn, nodeRange, type Reporter } from './context';
import { formatShape, shapeLabel, type AnalysisResult, type ContextShapeFact, type DimFact, type DiagnosticFact, type FixFact, type LayerCallFact, type LayerFact, type LayerSizesFact, type ModuleFact, type Range, type Severity, type ShapeFact } from './facts';

interface Slot<T> {
  /** 'conflict': recorded more than once in one analysis (loop iterations) with different ranks. */
  generic?: T | 'conflict';
  /** From methods run on the file's one concrete instance of their class, inputs symbolic. */
  instance?: T | 'conflict';
  /** From call sites, distinct ones only (allocated on the first). */
  sites?: T[];
  /**
   * From calls made inside the generic analysis of a function (its `owner`): they stand for every call
   * of that function, so they count as call sites only while no real call reaches the owner.
   */
  derived?: { fact: T; owner: string }[];
}

/** `site` of facts reported in the instance context (see Slot.instance). */
export const INSTANCE_SITE = -1;

export type RecordedFact =
  | { kind: 'diag'; site: number; fact: DiagnosticFact }
  | { kind: 'shape'; site: number; fact: ShapeFact; owner?: string }
  | { kind: 'use'; site: number; fact: ShapeFact; owner?: string }
  | { kind: 'module'; site: number; fact: ModuleFact }
  | { kind: 'layer'; site: number; fact: LayerFact }
  | { kind: 'call'; site: number; fact: LayerCallFact };

/** A number for a start position (one name or declaration starts at a position). */
const posKey = (r: Range) => r.start.line * 1_000_000 + r.start.character;

export class Collector implements Reporter {
  private readonly diags = new Map<number, DiagnosticFact>();
  private readonly shapes = new Map<number, Slot<ShapeFact>>();
  private readonly uses = new Map<number, Slot<ShapeFact>>();
  private readonly modules = new Map<number, Slot<ModuleFact>>();
  private readonly calls = new Map<number, Slot<LayerCallFact>>();
  private readonly layers = new Map<number, Slot<LayerFact>>();
  /**
   * 0 while analysing code generically (symbolic parameters), ≥ 1 inside a call-site context,
   * INSTANCE_SITE while running methods on the file's concrete instance with symbolic inputs.
   */
  siteDepth = 0;
  /** The function whose generic analysis is running (see Slot.derived), else undefined. */
  owner: string | undefined;
  /** When set, every fact reported is also appended here. */
  recording: RecordedFact[] | undefined;

  /**
   * Routes a report about a node of another file (a layer built in models.py blamed while analysing
   * train.py) to that file's collector; unset for a single-file analysis.
   */
  router: ((root: Node) => Collector | undefined) | undefined;

  /**
   * `root`: the tree this collector reports on (reports on nodes of other trees are routed, quick-fix
   * edits into other trees dropped). `sitesOnly`: keep only facts of call-site and instance contexts
   * (another file's facts found while analysing this one: its own analysis has the generic ones).
   */
  constructor(
    readonly text: string,
    readonly root?: Node,
    private readonly sitesOnly = false,
  ) {}

  report(node: Node, severity: Severity, code: string, message: string, fixes: FixFact[] = []): void {
    if (this.root && node.root !== this.root) {
      const other = this.router?.(node.root);
      if (other && other !== this) {
        const prev = other.siteDepth;
        other.siteDepth = this.siteDepth;
        other.owner = this.owner;
        other.report(node, severity, code, message, fixes);
        other.siteDepth = prev;
      }
      return;
    }
    const own = this.root ? fixes.filter((f) => fixEditsIn(f, this.root!)) : fixes;
    this.addDiagnostic({ range: nodeRange(node), severity, code, message, fixes: own }, this.siteDepth);
  }

  addDiagnostic(f: DiagnosticFact, site: number): void {
    if (this.sitesOnly && site === 0) return;
    this.recording?.push({ kind: 'diag', site, fact: f });
    const key = posKey(f.range) * 1000 + (Number(f.code.slice(2)) || 0);
    const had = this.diags.get(key);
    if (!had) this.diags.set(key, f);
    // The generic context's fixes are written in the code's own names (`2 * hidden_dim`), right for
    // every call; a call site's (`400`) only for that call.
    else if (site === 0 && f.fixes.length > 0 && had.fixes !== f.fixes) this.diags.set(key, { ...had, fixes: f.fixes });
  }

  /** The shape of a name where an assignment binds it. */
  shape(f: ShapeFact, site = this.siteDepth, owner = this.owner): void {
    if (this.sitesOnly && site === 0) return;
    this.recording?.push({ kind: 'shape', site, fact: f, ...(owner !== undefined && site > 0 ? { owner } : {}) });
    addShape(this.shapes, f, site, owner);
  }

  /** The shape of a tensor name where it is read (for hovers on later uses). */
  use(f: ShapeFact, site = this.siteDepth, owner = this.owner): void {
    if (this.sitesOnly && site === 0) return;
    this.recording?.push({ kind: 'use', site, fact: f, ...(owner !== undefined && site > 0 ? { owner } : {}) });
    addShape(this.uses, f, site, owner);
  }

  module(f: ModuleFact, site = this.siteDepth): void {
    if (this.sitesOnly && site === 0) return;
    this.recording?.push({ kind: 'module', site, fact: f });
    const key = posKey(f.range);
    let slot = this.modules.get(key);
    if (!slot) this.modules.set(key, (slot = {}));
    // Declared again at the same place (a loop) with other sizes: no one declaration holds.
    const differs = (g: ModuleFact | 'conflict') => g === 'conflict' || JSON.stringify(g.spec) !== JSON.stringify(f.spec) || g.valid !== f.valid;
    if (site === 0) slot.generic = slot.generic === undefined ? f : differs(slot.generic) ? 'conflict' : f;
    else if (site === INSTANCE_SITE) slot.instance = slot.instance === undefined ? f : differs(slot.instance) ? 'conflict' : slot.instance;
    else if (!slot.sites) slot.sites = [f];
    else if (!slot.sites.some((s) => s.spec && f.spec && JSON.stringify(s.spec) === JSON.stringify(f.spec))) slot.sites.push(f);
  }

  /** A declaration of a layer that is not recurrent (see mergeLayers for how contexts combine). */
  layer(f: LayerFact, site = this.siteDepth): void {
    if (this.sitesOnly && site === 0) return;
    this.recording?.push({ kind: 'layer', site, fact: f });
    const key = posKey(f.range);
    let slot = this.layers.get(key);
    if (!slot) this.layers.set(key, (slot = {}));
    const same = (a: LayerFact, b: LayerFact) => a === b || sizesKey(a) === sizesKey(b);
    if (site === 0) slot.generic = slot.generic === undefined ? f : slot.generic !== 'conflict' && same(slot.generic, f) ? f : 'conflict';
    else if (site === INSTANCE_SITE) slot.instance = slot.instance === undefined ? f : slot.instance !== 'conflict' && same(slot.instance, f) ? slot.instance : 'conflict';
    else if (!slot.sites) slot.sites = [f];
    else if (!slot.sites.some((s) => same(s, f))) slot.sites.push(f);
  }

  /** What a call of a recurrent layer is given (kept where every context reporting it agrees; see result). */
  layerCall(f: LayerCallFact, site = this.siteDepth): void {
    this.recording?.push({ kind: 'call', site, fact: f });
    const key = posKey(f.range);
    let slot = this.calls.get(key);
    if (!slot) this.calls.set(key, (slot = {}));
    if (site === 0) slot.generic = f;
    else if (site === INSTANCE_SITE) slot.instance = slot.instance === undefined || (slot.instance !== 'conflict' && sameCall(slot.instance, f)) ? f : 'conflict';
    else if (!slot.sites) slot.sites = [f];
    else if (!slot.sites.some((s) => sameCall(s, f))) slot.sites.push(f);
  }

  replay(facts: readonly RecordedFact[]): void {
    for (const r of facts) {
      if (r.kind === 'diag') this.addDiagnostic(r.fact, r.site);
      else if (r.kind === 'shape') this.shape(r.fact, r.site, r.owner);
      else if (r.kind === 'use') this.use(r.fact, r.site, r.owner);
      else if (r.kind === 'call') this.layerCall(r.fact, r.site);
      else if (r.kind === 'layer') this.layer(r.fact, r.site);
      else this.module(r.fact, r.site);
    }
  }

  /**
   * Every distinct call site's shape per binding, else the instance context's (see ForeignFacts.contextShapes).
   */
  contextShapes(): { shapes: ContextShapeFact[]; uses: ContextShapeFact[] } {
    const list = (map: Map<number, Slot<ShapeFact>>) => {
      const out: ContextShapeFact[] = [];
      for (const slot of map.values()) {
        for (const fact of slot.sites ?? []) out.push({ fact, context: 'site' });
        for (const d of slot.derived ?? []) out.push({ fact: d.fact, context: 'site', owner: d.owner });
        if (!slot.sites && !slot.derived && slot.instance !== undefined && slot.instance !== 'conflict') out.push({ fact: slot.instance, context: 'instance' });
      }
      return out;
    };
    return { shapes: list(this.shapes), uses: list(this.uses) };
  }

  /**
   * Merge: a shape from the generic analysis wins when fully resolved (it names dims the way the code
   * does, the concrete sizes of this file's instance or call go in a note); otherwise the instance
   * context's shape, else the call sites' shape when they agree. A declaration prefers a context where all
   * sizes are concrete (the engine can run it). Diagnostics from every context are kept.
   */
  result(reached?: ReadonlySet<string>): AnalysisResult {
    const modules: ModuleFact[] = [];
    for (const slot of this.modules.values()) {
      const concrete = slot.sites?.filter((s) => s.spec) ?? [];
      const inst = slot.instance === 'conflict' ? undefined : slot.instance;
      const generic = slot.generic === 'conflict' ? undefined : slot.generic;
      if (generic?.spec) modules.push(generic);
      else if (inst?.spec) modules.push(inst);
      else if (concrete.length === 1) modules.push(concrete[0]!);
      else if (generic) modules.push(generic);
      else if (slot.generic !== 'conflict' && slot.sites?.[0]) modules.push(slot.sites[0]);
    }
    const byPos = (a: { range: Range }, b: { range: Range }) =>
      a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;
    return {
      diagnostics: [...this.diags.values()].sort(byPos),
      shapes: mergeShapes(this.shapes, reached).sort(byPos),
      modules: modules.sort(byPos),
      uses: mergeShapes(this.uses, reached).sort(byPos),
      calls: mergeCalls(this.calls).sort(byPos),
      layers: mergeLayers(this.layers).sort(byPos),
    };
  }
}

function addShape(map: Map<number, Slot<ShapeFact>>, f: ShapeFact, site: number, owner?: string): void {
  const key = posKey(f.range);
  let slot = map.get(key);
  if (!slot) map.set(key, (slot = {}));
  if (site > 0 && owner !== undefined) {
    if (!slot.derived) slot.derived = [{ fact: f, owner }];
    else if (!slot.derived.some((d) => d.owner === owner && sameDims(d.fact, f))) slot.derived.push({ fact: f, owner });
    return;
  }
  // A name bound again at the same place (loop iterations, unrolled or joined) gets what all agree on.
  if (site === 0) slot.generic = slot.generic === undefined ? f : joinFacts(slot.generic, f);
  else if (site === INSTANCE_SITE) slot.instance = slot.instance === undefined ? f : joinFacts(slot.instance, f);
  else if (!slot.sites) slot.sites = [f];
  else if (!slot.sites.some((s) => sameDims(s, f))) slot.sites.push(f);
}

const resolved = (f: ShapeFact | 'conflict' | undefined): f is ShapeFact =>
  f !== undefined && f !== 'conflict' && !f.dims.some((d) => d.value === '?') && !(f.items ?? []).some((x) => x.some((d) => d.value === '?'));

/** Two facts for one binding: the dims both agree on ('?' elsewhere), or 'conflict' when ranks differ. */
function joinFacts(a: ShapeFact | 'conflict', b: ShapeFact): ShapeFact | 'conflict' {
  if (a === 'conflict') return a;
  if (a === b || (a.kind === b.kind && sameDims(a, b))) return b;
  if (a.kind !== b.kind || a.dims.length !== b.dims.length) return 'conflict';
  return {
    ...b,
    dims: b.dims.map((d, i) => (d.value === a.dims[i]!.value ? d : { value: '?', role: d.role === a.dims[i]!.role ? d.role : '', why: '' })),
    notes: b.notes.filter((n) => a.notes.includes(n)),
  };
}

/** Shown on a shape whose rank was assumed and that no call of the file decides. */
export const ASSUMED_RANK_NOTE = 'Assumes the batched 3-D input; with an unbatched 2-D input torch drops the batch dim.';

/**
 * One shape per slot: see Collector.result. A shape of assumed rank (an input of unknown rank read as
 * batched 3-D) gives way to the file's own calls when they give another rank; with no call it says so.
 */
function mergeShapes(map: Map<number, Slot<ShapeFact>>, reached: ReadonlySet<string> | undefined): ShapeFact[] {
  const shapes: ShapeFact[] = [];
  for (const derivedSlot of map.values()) {
    const slot = withDerivedSites(derivedSlot, reached);
    const chosen = mergeSlot(slot);
    if (!chosen?.assumed) {
      if (chosen) shapes.push(chosen);
      continue;
    }
    const decided = (slot.sites ?? []).filter((s) => !s.assumed);
    const ranks = new Set(decided.map((s) => s.dims.length));
    if (ranks.size === 0) shapes.push(chosen.notes.includes(ASSUMED_RANK_NOTE) ? chosen : { ...chosen, notes: [...chosen.notes, ASSUMED_RANK_NOTE] });
    else if (ranks.size === 1 && ranks.has(chosen.dims.length)) shapes.push(chosen);
    else if (decided.length === 1) shapes.push(decided[0]!);
  }
  return shapes;
}

/** The slot with the derived facts whose owner no real call reaches counted as call sites. */
function withDerivedSites(slot: Slot<ShapeFact>, reached: ReadonlySet<string> | undefined): Slot<ShapeFact> {
  if (!slot.derived) return slot;
  const sites = [...(slot.sites ?? [])];
  for (const d of slot.derived) if (!reached?.has(d.owner) && !sites.some((s) => sameDims(s, d.fact))) sites.push(d.fact);
  return { generic: slot.generic, instance: slot.instance, ...(sites.length > 0 ? { sites } : {}) };
}

function mergeSlot(slot: Slot<ShapeFact>): ShapeFact | undefined {
  {
    const g = slot.generic;
    if (resolved(g)) {
      // Symbolic shapes explain; the sizes this file actually uses go in a note.
      const concrete = slot.sites?.length === 1 ? slot.sites[0] : !slot.sites && resolved(slot.instance) ? slot.instance : undefined;
      if (concrete && g.kind !== 'tuple' && !sameDims(concrete, g) && !concrete.dims.some((d) => d.value === '?') && concrete.dims.length === g.dims.length) return withSizesNote(g, concrete);
      // A tuple (an LSTM state `(h, c)`): item by item, the sizes every call agrees on.
      if (g.kind === 'tuple') {
        const calls = slot.sites ?? (resolved(slot.instance) ? [slot.instance] : []);
        const items = agreedItems(g, calls);
        if (items) return withItemsNote(g, items, calls.length > 1 ? `Calls disagree: ${calls.map(shapeLabel).join('; ')}` : undefined);
      }
      // Calls that disagree: the sizes they all agree on are concrete, the others stay general.
      if (slot.sites && slot.sites.length > 1 && g.kind !== 'tuple') {
        const partial = agreedDims(g.dims, slot.sites.map((s) => s.dims));
        if (partial) return withSizesNote(g, { ...g, dims: partial }, `Calls disagree: ${slot.sites.map((s) => formatShape(s.dims)).join('; ')}`);
      }
      return g;
    } else if (resolved(slot.instance)) return slot.instance;
    else if (slot.sites?.length === 1) return slot.sites[0]!;
    else if (g && g !== 'conflict') return g;
  }
  return undefined;
}

/**
 * One call fact per call, as shapes merge (so a run agrees with the inlay hints): the generic context's,
 * else the instance context's, else the call sites' when they all agree. Absent on any disagreement.
 */
function mergeCalls(map: Map<number, Slot<LayerCallFact>>): LayerCallFact[] {
  const calls: LayerCallFact[] = [];
  for (const slot of map.values()) {
    if (slot.generic) {
      if (slot.generic !== 'conflict') calls.push(slot.generic);
    } else if (slot.instance !== undefined) {
      if (slot.instance !== 'conflict') calls.push(slot.instance);
    } else if (slot.sites?.length === 1) calls.push(slot.sites[0]!);
  }
  return calls;
}

const sizesKeys = new WeakMap<object, string>();

/** The sizes a layer declaration holds, as a key (two contexts agree when their keys are equal). */
function sizesKey(f: LayerSizesFact & { children?: LayerFact['children'] }): string {
  let k = sizesKeys.get(f);
  if (k === undefined) {
    k = JSON.stringify([f.args, f.params, f.paramCount, f.children?.map((c) => [c.kind, c.sizes.args, c.sizes.paramCount])]);
    sizesKeys.set(f, k);
  }
  return k;
}

/**
 * One fact per declaration: the generic context's (sizes named as the code names them), with the sizes of
 * the contexts that build it concretely (this file's instance, else its calls) where they all agree and
 * differ; without a generic context (module-level code), those sizes alone. Absent when a context
 * declares it twice with different sizes (a loop).
 */
function mergeLayers(map: Map<number, Slot<LayerFact>>): LayerFact[] {
  const out: LayerFact[] = [];
  for (const slot of map.values()) {
    if (slot.generic === 'conflict') continue;
    const concrete = slot.instance !== undefined ? (slot.instance === 'conflict' ? undefined : slot.instance) : slot.sites?.length === 1 ? slot.sites[0] : undefined;
    const g = slot.generic;
    if (!g) {
      if (concrete) out.push(concrete);
      continue;
    }
    if (!concrete || sizesKey(concrete) === sizesKey(g)) out.push(g);
    else out.push({ ...g, concrete: { args: concrete.args, rule: concrete.rule, ...(concrete.params ? { params: concrete.params } : {}), paramCount: concrete.paramCount, ...(concrete.children ? { children: concrete.children } : {}) } });
  }
  return out;
}

function sameCall(a: LayerCallFact, b: LayerCallFact): boolean {
  return JSON.stringify([a.input, a.stateGiven, a.h0, a.c0]) === JSON.stringify([b.input, b.stateGiven, b.h0, b.c0]);
}

function sameDims(a: ShapeFact, b: ShapeFact): boolean {
  const same = (x: readonly { value: number | string }[], y: readonly { value: number | string }[]) => x.length === y.length && x.every((d, i) => d.value === y[i]!.value);
  if (a.kind === 'tuple' || b.kind === 'tuple') return a.kind === b.kind && (a.items ?? []).length === (b.items ?? []).length && (a.items ?? []).every((x, i) => same(x, b.items![i]!));
  return same(a.dims, b.dims);
}

/** The same fact moved down by `rows` lines (for a cached definition that moved). */
export function shiftFact(r: RecordedFact, rows: number): RecordedFact {
  if (rows === 0) return r;
  const sh = (x: Range): Range => ({ start: { line: x.start.line + rows, character: x.start.character }, end: { line: x.end.line + rows, character: x.end.character } });
  switch (r.kind) {
    case 'diag':
      return { ...r, fact: { ...r.fact, range: sh(r.fact.range), fixes: r.fact.fixes.map((f) => ({ ...f, edits: f.edits.map((e) => ({ ...e, range: sh(e.range) })) })) } };
    case 'shape':
    case 'use':
      return { ...r, fact: { ...r.fact, range: sh(r.fact.range) } };
    case 'module':
      return { ...r, fact: { ...r.fact, range: sh(r.fact.range), statementRange: sh(r.fact.statementRange) } };
    case 'layer':
      return { ...r, fact: { ...r.fact, range: sh(r.fact.range), statementRange: sh(r.fact.statementRange) } };
    case 'call':
      return { ...r, fact: { ...r.fact, range: sh(r.fact.range), layer: sh(r.fact.layer) } };
  }
}

export function factLine(r: RecordedFact): number {
  return r.fact.range.start.line;
}

/** Facts replayed from the cache are the same objects between versions: so is their merged form. */
const noted = new WeakMap<ShapeFact, { concrete: ShapeFact; out: ShapeFact }>();

function withSizesNote(g: ShapeFact, concrete: ShapeFact, disagree?: string): ShapeFact {
  const hit = noted.get(g);
  if (hit && (hit.concrete === concrete || sameDims(hit.concrete, concrete))) return hit.out;
  const note = disagree ? `${disagree}; every call agrees on ${formatShape(concrete.dims)}.` : `With the sizes used in this file: ${formatShape(concrete.dims)}.`;
  const out = { ...g, concrete: concrete.dims, notes: [...g.notes, note] };
  noted.set(g, { concrete, out });
  return out;
}

/** Facts replayed from the cache are the same objects between versions: so is their merged form. */
const notedItems = new WeakMap<ShapeFact, { key: string; out: ShapeFact }>();

function withItemsNote(g: ShapeFact, items: DimFact[][], disagree?: string): ShapeFact {
  const label = '(' + items.map(formatShape).join(', ') + ')';
  const key = `${label}|${disagree ?? ''}`;
  const hit = notedItems.get(g);
  if (hit?.key === key) return hit.out;
  const note = disagree ? `${disagree}; every call agrees on ${label}.` : `With the sizes used in this file: ${label}.`;
  const out = { ...g, concreteItems: items, notes: [...g.notes, note] };
  notedItems.set(g, { key, out });
  return out;
}

/**
 * A tuple's items with the sizes every call's tuple agrees on made concrete (agreedDims item by item);
 * undefined when a call's tuple has other items or ranks, or nothing becomes concrete.
 */
export function agreedItems(general: ShapeFact, calls: readonly ShapeFact[]): DimFact[][] | undefined {
  const items = general.items ?? [];
  if (calls.length === 0 || calls.some((c) => c.kind !== 'tuple' || (c.items ?? []).length !== items.length)) return undefined;
  let changed = false;
  const out = items.map((dims, i) => {
    const agreed = agreedDims(dims, calls.map((c) => c.items![i]!));
    if (agreed) changed = true;
    return agreed ?? dims;
  });
  return changed ? out : undefined;
}

/**
 * The general dims `general` with each dim that every call's shape gives the same number concrete; undefined
 * when a call's rank differs or no dim becomes concrete. A '?' or a symbol in any call keeps the general dim.
 */
export function agreedDims(general: readonly DimFact[], calls: readonly (readonly DimFact[])[]): DimFact[] | undefined {
  if (calls.length === 0 || calls.some((c) => c.length !== general.length)) return undefined;
  let changed = false;
  const out = general.map((g, i) => {
    const first = calls[0]![i]!;
    if (typeof first.value !== 'number' || calls.some((c) => c[i]!.value !== first.value)) return g;
    if (first.value !== g.value) changed = true;
    return first;
  });
  return changed ? out : undefined;
}
