// What a declaration of a layer holds, as plain facts for hovers and summaries: its bound arguments,
// its parameters and buffers (state_dict names, shapes symbolic where the sizes are), its parameter
// count, and the shape rule of a call (`(*, 2*hidden) → (*, n_tags)`, computed by the layer's own call rule).
import { Dim } from '../dim';
import type { ArgFact, LayerParamFact, LayerSizesFact } from '../facts';
import { asDim, asInt, isUnknownDim, showValue, tensorV, UNKNOWN, type DimEntry, type Layer, type Value } from '../values';
import type { CallArgs, Reporter } from '../context';
import { callLayer, layerSignature, SAME_SHAPE } from './layers';
import { LOSS_SIGNATURES } from './losses';
import { isRecurrentKind, recurrentParamShapes } from './recurrent';

/** A parameter or buffer with its shape as dims (symbolic where a size is). */
export interface LayerParam {
  name: string;
  shape: Dim[];
  buffer?: boolean;
}

/** A size argument as a dim: its value, the user's name for it, else torch's parameter name. */
function sizeArg(layer: Layer, name: string): Dim {
  const v = layer.args.get(name);
  return (v && asDim(v)) ?? Dim.sym(name);
}

/** A flag argument: its value, the default when absent, undefined when not known. */
function flagArg(layer: Layer, name: string, def: boolean): boolean | undefined {
  const v = layer.args.get(name);
  if (v === undefined) return def;
  if (v.k === 'bool') return v.v;
  if (v.k === 'none') return false;
  if (v.k === 'int') return v.dim.value === undefined ? undefined : v.dim.value !== 0;
  return undefined;
}

/** The dims of an int-or-tuple argument (kernel_size=3 or (3, 5)) for `n` spatial dims. */
function sizesArg(layer: Layer, name: string, n: number): Dim[] | undefined {
  const v = layer.args.get(name);
  if (!v) return undefined;
  const items = v.k === 'tuple' ? v.items : Array.from({ length: n }, () => v);
  if (items.length !== n) return undefined;
  const dims = items.map(asDim);
  return dims.every((d): d is Dim => d !== undefined) ? dims : undefined;
}

const NOT_PARAMETRISED = new Set(['MaxPool1d', 'MaxPool2d', 'AvgPool1d', 'AvgPool2d', 'AdaptiveAvgPool1d', 'AdaptiveMaxPool1d', 'AdaptiveAvgPool2d', 'AdaptiveMaxPool2d', 'Flatten']);

/**
 * The layer's own parameters and buffers in state_dict order (a container's are its children's: none
 * of its own), or undefined when a flag or size they depend on is not known. Checked against torch by
 * test/oracle/layer_params.py.
 */
export function layerParamShapes(layer: Layer): LayerParam[] | undefined {
  const k = layer.kind;
  if (isRecurrentKind(k)) {
    const r = recurrentParamShapes(layer);
    if (r.count === '?') return undefined;
    const ps = r.params.map((p) => ({ name: p.name, shape: p.shape.map(dimOfText) }));
    return ps.every((p) => p.shape.every((d) => d !== undefined)) ? (ps as LayerParam[]) : undefined;
  }
  if (k === 'Sequential' || k === 'ModuleList') return [];
  if (k === 'PReLU') return [{ name: 'weight', shape: [sizeArg(layer, 'num_parameters')] }];
  if (SAME_SHAPE.has(k) || NOT_PARAMETRISED.has(k)) return [];
  if (k in LOSS_SIGNATURES) {
    // A loss given class weights keeps them as a buffer of a size not followed here.
    const w = [layer.args.get('weight'), layer.args.get('pos_weight')];
    return w.every((v) => v === undefined || v.k === 'none') ? [] : undefined;
  }
  switch (k) {
    case 'Linear': {
      const bias = flagArg(layer, 'bias', true);
      if (bias === undefined) return undefined;
      const out = sizeArg(layer, 'out_features');
      const ps: LayerParam[] = [{ name: 'weight', shape: [out, sizeArg(layer, 'in_features')] }];
      if (bias) ps.push({ name: 'bias', shape: [out] });
      return ps;
    }
    case 'Embedding':
      return [{ name: 'weight', shape: [sizeArg(layer, 'num_embeddings'), sizeArg(layer, 'embedding_dim')] }];
    case 'LayerNorm': {
      const v = layer.args.get('normalized_shape');
      const shape = !v ? undefined : v.k === 'tuple' ? (v.count ? undefined : v.items.map(asDim)) : [asDim(v)];
      const affine = flagArg(layer, 'elementwise_affine', true);
      const bias = flagArg(layer, 'bias', true);
      if (!shape || shape.some((d) => d === undefined) || affine === undefined || bias === undefined) return undefined;
      if (!affine) return [];
      const dims = shape as Dim[];
      return bias ? [{ name: 'weight', shape: dims }, { name: 'bias', shape: dims }] : [{ name: 'weight', shape: dims }];
    }
    case 'Conv1d':
    case 'Conv2d':
    case 'Conv3d': {
      const n = k === 'Conv3d' ? 3 : k === 'Conv2d' ? 2 : 1;
      const groups = asInt(layer.args.get('groups') ?? UNKNOWN);
      const kernel = sizesArg(layer, 'kernel_size', n);
      const bias = flagArg(layer, 'bias', true);
      if (groups === undefined || groups <= 0 || !kernel || bias === undefined) return undefined;
      const cin = groups === 1 ? sizeArg(layer, 'in_channels') : sizeArg(layer, 'in_channels').divExact(groups);
      if (!cin) return undefined;
      const out = sizeArg(layer, 'out_channels');
      const ps: LayerParam[] = [{ name: 'weight', shape: [out, cin, ...kernel] }];
      if (bias) ps.push({ name: 'bias', shape: [out] });
      return ps;
    }
    case 'BatchNorm1d': {
      const c = sizeArg(layer, 'num_features');
      const affine = flagArg(layer, 'affine', true);
      const track = flagArg(layer, 'track_running_stats', true);
      if (affine === undefined || track === undefined) return undefined;
      const ps: LayerParam[] = affine ? [{ name: 'weight', shape: [c] }, { name: 'bias', shape: [c] }] : [];
      if (track) ps.push({ name: 'running_mean', shape: [c], buffer: true }, { name: 'running_var', shape: [c], buffer: true }, { name: 'num_batches_tracked', shape: [], buffer: true });
      return ps;
    }
    default:
      return undefined;
  }
}

/** A dim back from its printed form (`4*hidden + 2`, as Dim.toString writes it); undefined for `?` or anything else. */
function dimOfText(x: number | string): Dim | undefined {
  if (typeof x === 'number') return Dim.of(x);
  let sum = Dim.of(0);
  for (const m of x.replace(/^-/, '- ').split(/ (?=[+-] )/)) {
    const t = /^([+-] )?(.*)$/.exec(m.trim())!;
    let term = Dim.of(t[1]?.startsWith('-') ? -1 : 1);
    for (const f of t[2]!.split('*')) {
      if (/^\d+$/.test(f)) term = term.mul(Dim.of(Number(f)));
      else if (/^[A-Za-z_][\w.]*$/.test(f)) term = term.mul(Dim.sym(f));
      else return undefined;
    }
    sum = sum.add(term);
  }
  return sum;
}

/** The number of parameters of a list of parameters (buffers not counted). */
export function countParams(ps: readonly LayerParam[]): Dim {
  return ps.filter((p) => !p.buffer).reduce((a, p) => a.add(p.shape.reduce((x, y) => x.mul(y), Dim.of(1))), Dim.of(0));
}

/** The layer's parameter count with its children's (a Sequential's, a ModuleList's); '?' when not known. */
export function layerParamCount(layer: Layer): number | string {
  const d = paramCountDim(layer);
  return d === undefined ? '?' : d.toJSON();
}

/** The layer's parameter count with its children's, as a dim; undefined when not known. */
export function paramCountDim(layer: Layer, depth = 0): Dim | undefined {
  const own = layerParamShapes(layer);
  if (!own || depth > 16) return undefined;
  let total = countParams(own);
  if (layer.kind === 'Sequential' || layer.kind === 'ModuleList') {
    if (!layer.children) return undefined;
    for (const c of layer.children) {
      if (c.k !== 'layer') return undefined;
      const n = paramCountDim(c.layer, depth + 1);
      if (!n) return undefined;
      total = total.add(n);
    }
  }
  return total;
}

/** The constructor's arguments as bound (device, dtype and torch's private ones left out). */
export function layerArgFacts(layer: Layer): ArgFact[] {
  const sig = layerSignature(layer.kind) ?? [];
  const out: ArgFact[] = [];
  for (const [name] of sig) {
    if (name === 'device' || name === 'dtype' || name.startsWith('_')) continue;
    const v = layer.args.get(name) ?? UNKNOWN;
    const concrete = v.k === 'int' ? v.dim.value : v.k === 'float' || v.k === 'bool' || v.k === 'str' ? v.v : undefined;
    out.push({ name, value: showValue(v), source: layer.given.has(name) ? 'given' : 'default', ...(concrete !== undefined ? { concrete } : {}) });
  }
  return out;
}

/** A placeholder dim for "any leading dims", printed `*`. */
const STAR = 'ANY_LEADING_DIMS';

const sym = (name: string): DimEntry => ({ d: Dim.sym(name) });

/** An input of the layer's documented form, its sizes from the layer's arguments; undefined when it has none. */
function inputTemplate(layer: Layer): { dims: DimEntry[]; integer?: boolean } | undefined {
  const k = layer.kind;
  switch (k) {
    case 'Linear':
      return { dims: [sym(STAR), { d: sizeArg(layer, 'in_features') }] };
    case 'Embedding':
      return { dims: [sym(STAR)], integer: true };
    case 'LayerNorm': {
      const v = layer.args.get('normalized_shape');
      const shape = !v ? undefined : v.k === 'tuple' ? (v.count ? undefined : v.items.map(asDim)) : [asDim(v)];
      if (!shape || shape.some((d) => d === undefined)) return undefined;
      return { dims: [sym(STAR), ...(shape as Dim[]).map((d) => ({ d }))] };
    }
    case 'Conv1d':
      return { dims: [sym('N'), { d: sizeArg(layer, 'in_channels') }, sym('L')] };
    case 'Conv2d':
      return { dims: [sym('N'), { d: sizeArg(layer, 'in_channels') }, sym('H'), sym('W')] };
    case 'Conv3d':
      return { dims: [sym('N'), { d: sizeArg(layer, 'in_channels') }, sym('D'), sym('H'), sym('W')] };
    case 'MaxPool1d':
    case 'AvgPool1d':
    case 'AdaptiveAvgPool1d':
    case 'AdaptiveMaxPool1d':
      return { dims: [sym('N'), sym('C'), sym('L')] };
    case 'MaxPool2d':
    case 'AvgPool2d':
    case 'AdaptiveAvgPool2d':
    case 'AdaptiveMaxPool2d':
    case 'Flatten':
      return { dims: [sym('N'), sym('C'), sym('H'), sym('W')] };
    case 'BatchNorm1d':
      return { dims: [sym('N'), { d: sizeArg(layer, 'num_features') }, sym('L')] };
    case 'Sequential': {
      const first = layer.children?.[0];
      return first?.k === 'layer' ? inputTemplate(first.layer) : undefined;
    }
    default:
      return undefined;
  }
}

const SILENT: Reporter = { report: () => undefined, text: '' };

function dimsText(dims: readonly DimEntry[], names: readonly string[] = []): string {
  const parts = dims.map((e, i) => (isUnknownDim(e.d) ? `${names[i] ?? '?'}_out` : e.d.toString().split(STAR).join('*')));
  return '(' + parts.join(', ') + (parts.length === 1 && parts[0] !== '*' ? ',)' : ')');
}

/**
 * What a call does to a shape, from the layer's own call rule applied to an input of its documented form:
 * `(*, 2*hidden) → (*, n_tags)`, `(N, 64, L) → (N, 128, L - 2)`; '' when that cannot be said.
 */
export function layerShapeRule(layer: Layer): string {
  if (SAME_SHAPE.has(layer.kind)) return '(*) → (*)';
  if (layer.kind === 'BatchNorm1d') return `(N, ${sizeArg(layer, 'num_features')}, L) → (N, ${sizeArg(layer, 'num_features')}, L)`;
  const t = inputTemplate(layer);
  if (!t) return '';
  const input = tensorV(t.dims);
  if (t.integer && input.k === 'tensor') input.t.integer = true;
  const args: CallArgs = { node: layer.node, pos: [{ v: input, node: layer.node }], kw: new Map(), starred: false };
  const call = (callee: Value, a: CallArgs): Value => (callee.k === 'layer' && !isRecurrentKind(callee.layer.kind) ? callLayer(callee.layer, a, SILENT, call) : UNKNOWN);
  const out = callLayer(layer, args, SILENT, call);
  if (out.k !== 'tensor' || !out.t.dims) return '';
  // An output size the rule cannot write (a strided window over a symbolic length) is named after its input dim.
  const names = out.t.dims.length === t.dims.length ? t.dims.map((e) => e.d.toString()) : [];
  const where = out.t.dims.flatMap((e, i) => (isUnknownDim(e.d) && names[i] ? [windowFormula(layer, names[i], i - (t.dims.length - spatialDims(layer.kind)))] : [])).filter((x) => x !== '');
  return `${dimsText(t.dims)} → ${dimsText(out.t.dims, names)}` + (where.length > 0 ? `, ${where.join(', ')}` : '');
}

function spatialDims(kind: string): number {
  return /3d$/.test(kind) ? 3 : /2d$/.test(kind) ? 2 : 1;
}

/** `L_out = ⌊(L - 3) / 2⌋ + 1`: torch's output length of a sliding window, with the layer's numbers. */
function windowFormula(layer: Layer, name: string, i: number): string {
  if (!/^(Conv|MaxPool|AvgPool)/.test(layer.kind) || i < 0) return '';
  const pick = (arg: string, def: number | undefined): number | undefined => {
    const v = layer.args.get(arg);
    if (!v || v.k === 'none') return def;
    return asInt(v.k === 'tuple' ? (v.items[i] ?? v.items[0]!) : v);
  };
  const k = pick('kernel_size', undefined);
  const s = layer.args.get('stride')?.k === 'none' ? k : pick('stride', 1);
  const p = pick('padding', 0);
  const d = pick('dilation', 1);
  if (k === undefined || s === undefined || p === undefined || d === undefined) return '';
  const num = Dim.sym(name).add(Dim.of(2 * p - d * (k - 1) - 1));
  return `${name}_out = ⌊(${num}) / ${s}⌋ + 1`;
}

const toParamFacts = (ps: readonly LayerParam[]): LayerParamFact[] =>
  ps.map((p) => ({ name: p.name, shape: p.shape.map((d) => d.toJSON()), ...(p.buffer ? { buffer: true } : {}) }));

/** Facts of layers without children by kind and arguments (a pure function of them; bounded). */
const sizesByArgs = new Map<string, LayerSizesFact>();
const MAX_CACHED = 2000;

/** The layer's arguments, shape rule, parameters and count, as facts. */
export function layerSizes(layer: Layer): LayerSizesFact {
  const args = layerArgFacts(layer);
  const key = layer.children ? undefined : layer.kind + '\0' + args.map((a) => a.value).join('\0');
  const hit = key !== undefined ? sizesByArgs.get(key) : undefined;
  if (hit) return { ...hit, args };
  const own = layerParamShapes(layer);
  const params: LayerParamFact[] | undefined = own ? toParamFacts(own) : undefined;
  const out = { args, rule: layerShapeRule(layer), ...(params ? { params } : {}), paramCount: layerParamCount(layer) };
  if (key !== undefined) {
    if (sizesByArgs.size >= MAX_CACHED) sizesByArgs.clear();
    sizesByArgs.set(key, out);
  }
  return out;
}
