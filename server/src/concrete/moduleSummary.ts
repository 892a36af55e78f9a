// A torchinfo-like summary of a module, statically (nothing runs): each sub-layer by its state_dict name,
// its output shape in general (constructor arguments and inputs symbolic) and for the file's own call,
// its parameter count, the total, and the weights. `rnnlens summary` prints it; the language server shows
// it in the hover of a model (computed on demand in the analysis worker).
import { Dim } from '../analysis/dim';
import { withSyntaxRoot } from '../analysis/analyze';
import { SampleRunInterpreter } from '../analysis/interpreter/sampleRun';
import { isUnknownDim, type ClassInfo, type Instance, type Layer, type Value } from '../analysis/values';
import { layerParamShapes, paramCountDim } from '../analysis/torch/layerFacts';
import { Rng } from '../../../engine/src/random';
import { ConcreteDomain } from './domain';
import { layerPrefixes } from './moduleRun';
import type { ProjectContext } from '../analysis/project/fileId';

export interface SummaryRow {
  /** state_dict prefix without the dot: `encoder.rnn`, `head.0`. */
  name: string;
  kind: string;
  /** Output shape with the constructor's arguments and the inputs symbolic (`-` when not called, `?` when unknown). */
  general: string;
  /** Output shape for the file's own call (or its instance with inputs symbolic). */
  concrete: string;
  params: number | string;
}

export interface SummaryWeight {
  name: string;
  shape: (number | string)[];
  buffer?: boolean;
}

export interface ModuleSummary {
  /** `model (Tagger)`. */
  label: string;
  /** The module's class. */
  cls: string;
  rows: SummaryRow[];
  /** Sum of the rows' counts (containers counted through their children); an expression when symbolic, `N + ?` with unknowns. */
  total: number | string;
  /** Every parameter and buffer of the module, state_dict names in order. */
  weights: SummaryWeight[];
  /** No instance of the file's: the class's constructor arguments symbolic (no concrete column). */
  generic: boolean;
}

function shapeText(v: Value | undefined): string {
  if (!v) return '-';
  const first = v.k === 'tuple' ? v.items[0] : v;
  if (!first || (first.k !== 'tensor' && first.k !== 'packed')) return '?';
  const dims = first.t.dims;
  if (!dims) return '?';
  const s = '(' + dims.map((d) => (isUnknownDim(d.d) ? '?' : d.d.toString())).join(', ') + (dims.length === 1 ? ',' : '') + ')';
  return first.k === 'packed' ? `packed ${s}` : s;
}

/** The interpreter of a summary: a sample-run interpreter that can also build a class's generic instance. */
class SummaryInterpreter extends SampleRunInterpreter {
  /** The class's instance with its __init__ parameters symbolic. */
  generic(cls: ClassInfo): Instance {
    return this.genericInstance(cls);
  }

  /** `Tagger`, `Seq2Seq.encoder`: a module class of the file (or a module attribute of one), generically. */
  genericTarget(name: string): Instance | undefined {
    const [head, ...rest] = name.split('.');
    const v = head ? this.moduleScope.lookup(head) : undefined;
    if (v?.k !== 'class' || !v.cls.isModule) return undefined;
    let inst: Instance | undefined = this.generic(v.cls);
    for (const p of rest) {
      const a: Value | undefined = inst?.attrs.get(p);
      inst = a?.k === 'instance' && a.inst.cls.isModule ? a.inst : undefined;
    }
    return inst;
  }
}

/**
 * The summary of `module` (a class, an instance, `self.encoder`, `Seq2Seq.encoder`, a layer) in `text`,
 * or why there is none. A class the file never builds (and whose __init__ needs arguments) is summarised
 * generically. The parser must be loaded.
 */
/** `project`: the file's place in its workspace, so a model built from classes of other files is followed. */
export function summarizeModule(text: string, module: string, project?: ProjectContext): ModuleSummary | string {
  return withSyntaxRoot(text, (root, src) => {
    const seen = new Map<Layer, Value>();
    const domain = new ConcreteDomain({ rng: new Rng(0), weights: () => ({}), observe: (layer, result) => seen.set(layer, result) });
    const interp = new SummaryInterpreter(src, domain, project);
    interp.runFile(root);
    const target = interp.resolve(module);
    if (typeof target === 'string') {
      const inst = interp.genericTarget(module);
      if (!inst) return target;
      seen.clear();
      interp.staticForward(inst, false);
      return tabulate(`${module} (${inst.cls.name})`, inst, seen, new Map(), true);
    }
    if (target.k === 'layer') {
      const layer = target.layer;
      const count = paramCountDim(layer);
      const weights = weightList(new Map([[layer, '']]));
      return { label: module, cls: layer.kind, rows: [{ name: module, kind: layer.kind, general: '-', concrete: shapeText(seen.get(layer)), params: count?.toJSON() ?? '?' }], total: count?.toJSON() ?? '?', weights, generic: false };
    }
    const inst = target.inst;
    const concrete = new Map(seen);
    if (!interp.calls.has(inst)) {
      // never called by the file: its own sizes, inputs symbolic
      seen.clear();
      interp.staticForward(inst, false);
      for (const [k, v] of seen) concrete.set(k, v);
    }
    seen.clear();
    const generic = interp.staticForward(inst, true);
    const general = new Map<string, Value>();
    for (const [layer, prefix] of layerPrefixes(generic)) {
      const v = seen.get(layer);
      if (v) general.set(prefix, v);
    }
    return tabulate(`${module} (${inst.cls.name})`, inst, concrete, general, false);
  });
}

/**
 * Attributes of the module (and its sub-modules) that are not known but may hold parameters: built by a
 * call the analysis does not follow (`nn.MultiheadAttention(...)`, a class of another file) or set from
 * a name it does not know. Their rows say `?`, and so does the total: never a count that leaves them out.
 */
function unknownModules(inst: Instance): { name: string; kind: string }[] {
  const out: { name: string; kind: string }[] = [];
  const seen = new Set<Instance>();
  const walk = (i: Instance, prefix: string): void => {
    if (seen.has(i)) return;
    seen.add(i);
    const text = [...i.cls.methods.values()].map((m) => m.text).join('\n');
    for (const [k, v] of i.attrs) {
      if (v.k === 'instance' && v.inst.cls.isModule) walk(v.inst, `${prefix}${k}.`);
      else if (v.k === 'unknown') {
        const m = new RegExp(`self\\.${k}\\s*=\\s*(?:([A-Za-z_][\\w.]*)\\s*\\(|[A-Za-z_][\\w.]*\\s*(?:#.*)?$)`, 'm').exec(text);
        if (m) out.push({ name: prefix + k, kind: m[1]?.split('.').pop() ?? '?' });
      }
    }
  };
  walk(inst, '');
  return out;
}

/** Rows by state_dict prefix; the general column from `general` (by prefix), else (generic) from `observed`. */
function tabulate(label: string, inst: Instance, observed: Map<Layer, Value>, general: Map<string, Value>, generic: boolean): ModuleSummary {
  const rows: SummaryRow[] = [];
  let total = Dim.of(0);
  let unknown = false;
  const prefixes = layerPrefixes(inst);
  for (const [layer, prefix] of prefixes) {
    const count = paramCountDim(layer);
    if (layer.children) {
      // its children are rows of their own; one that is neither a layer nor a module is not counted anywhere
      if (layer.children.some((c) => c.k !== 'layer' && !(c.k === 'instance' && c.inst.cls.isModule))) unknown = true;
    } else if (count) total = total.add(count);
    else unknown = true;
    rows.push({
      name: prefix.slice(0, -1),
      kind: layer.kind,
      general: generic ? shapeText(observed.get(layer)) : shapeText(general.get(prefix)),
      concrete: generic ? '-' : shapeText(observed.get(layer)),
      params: count?.toJSON() ?? '?',
    });
  }
  for (const u of unknownModules(inst)) {
    rows.push({ name: u.name, kind: u.kind, general: '?', concrete: generic ? '-' : '?', params: '?' });
    unknown = true;
  }
  const t = total.toJSON();
  return { label, cls: inst.cls.name, rows, total: unknown ? `${t} + ?` : t, weights: weightList(prefixes), generic };
}

function weightList(prefixes: Map<Layer, string>): SummaryWeight[] {
  const out: SummaryWeight[] = [];
  for (const [layer, prefix] of prefixes) {
    for (const p of layerParamShapes(layer) ?? []) out.push({ name: prefix + p.name, shape: p.shape.map((d) => d.toJSON()), ...(p.buffer ? { buffer: true } : {}) });
  }
  return out;
}
