// The layers people put around recurrent ones (Linear, Embedding, Dropout, LayerNorm, activations,
// Conv1d, Flatten, Sequential, ModuleList): constructor arguments and what a call returns, with the
// checks torch 2.x makes.
import type { Node } from '../syntax';
import { Dim, product } from '../dim';
import { Codes } from '../diagnosticCodes';
import { bindArgs, blameNode, replaceFix, type CallArgs, type Reporter } from '../context';
import { asDim, asInt, intV, isUnknownDim, tensorV, truthy, unknownDim, type DimEntry, type Layer, type Value } from '../values';
import { callLoss, LOSS_SIGNATURES, moduleReduction } from './losses';

const T: Value = { k: 'bool', v: true };
const F: Value = { k: 'bool', v: false };
const NONE: Value = { k: 'none' };

type Params = readonly (readonly [string, Value | undefined])[];

const SIGNATURES: Record<string, Params> = {
  Linear: [['in_features', undefined], ['out_features', undefined], ['bias', T], ['device', NONE], ['dtype', NONE]],
  Embedding: [
    ['num_embeddings', undefined], ['embedding_dim', undefined], ['padding_idx', NONE], ['max_norm', NONE], ['norm_type', { k: 'float', v: 2 }],
    ['scale_grad_by_freq', F], ['sparse', F], ['_weight', NONE], ['_freeze', F], ['device', NONE], ['dtype', NONE],
  ],
  Dropout: [['p', { k: 'float', v: 0.5 }], ['inplace', F]],
  LayerNorm: [['normalized_shape', undefined], ['eps', { k: 'float', v: 1e-5 }], ['elementwise_affine', T], ['bias', T], ['device', NONE], ['dtype', NONE]],
  Conv1d: [
    ['in_channels', undefined], ['out_channels', undefined], ['kernel_size', undefined], ['stride', intV(1)], ['padding', intV(0)],
    ['dilation', intV(1)], ['groups', intV(1)], ['bias', T], ['padding_mode', { k: 'str', v: 'zeros' }], ['device', NONE], ['dtype', NONE],
  ],
  Conv2d: [
    ['in_channels', undefined], ['out_channels', undefined], ['kernel_size', undefined], ['stride', intV(1)], ['padding', intV(0)],
    ['dilation', intV(1)], ['groups', intV(1)], ['bias', T], ['padding_mode', { k: 'str', v: 'zeros' }], ['device', NONE], ['dtype', NONE],
  ],
  Conv3d: [
    ['in_channels', undefined], ['out_channels', undefined], ['kernel_size', undefined], ['stride', intV(1)], ['padding', intV(0)],
    ['dilation', intV(1)], ['groups', intV(1)], ['bias', T], ['padding_mode', { k: 'str', v: 'zeros' }], ['device', NONE], ['dtype', NONE],
  ],
  MaxPool1d: [['kernel_size', undefined], ['stride', NONE], ['padding', intV(0)], ['dilation', intV(1)], ['return_indices', F], ['ceil_mode', F]],
  MaxPool2d: [['kernel_size', undefined], ['stride', NONE], ['padding', intV(0)], ['dilation', intV(1)], ['return_indices', F], ['ceil_mode', F]],
  AvgPool1d: [['kernel_size', undefined], ['stride', NONE], ['padding', intV(0)], ['ceil_mode', F], ['count_include_pad', T]],
  AvgPool2d: [['kernel_size', undefined], ['stride', NONE], ['padding', intV(0)], ['ceil_mode', F], ['count_include_pad', T], ['divisor_override', NONE]],
  AdaptiveAvgPool1d: [['output_size', undefined]],
  AdaptiveMaxPool1d: [['output_size', undefined], ['return_indices', F]],
  AdaptiveAvgPool2d: [['output_size', undefined]],
  AdaptiveMaxPool2d: [['output_size', undefined], ['return_indices', F]],
  Flatten: [['start_dim', intV(1)], ['end_dim', intV(-1)]],
  // Activation modules whose arguments matter to what they compute (a sample run reads them).
  Softmax: [['dim', NONE]],
  LogSoftmax: [['dim', NONE]],
  LeakyReLU: [['negative_slope', { k: 'float', v: 0.01 }], ['inplace', F]],
  ELU: [['alpha', { k: 'float', v: 1 }], ['inplace', F]],
  PReLU: [['num_parameters', intV(1)], ['init', { k: 'float', v: 0.25 }], ['device', NONE], ['dtype', NONE]],
  GELU: [['approximate', { k: 'str', v: 'none' }]],
  BatchNorm1d: [['num_features', undefined], ['eps', { k: 'float', v: 1e-5 }], ['momentum', { k: 'float', v: 0.1 }], ['affine', T], ['track_running_stats', T], ['device', NONE], ['dtype', NONE]],
  ...LOSS_SIGNATURES,
};

/** Torch's constructor parameters of a layer kind, in order, with their defaults (undefined: required). */
export function layerSignature(kind: string): Params | undefined {
  return SIGNATURES[kind];
}

/** Modules whose output has the input's shape. */
export const SAME_SHAPE: ReadonlySet<string> = new Set([
  'ReLU', 'Tanh', 'Sigmoid', 'GELU', 'ELU', 'SELU', 'LeakyReLU', 'SiLU', 'Softplus', 'Hardtanh', 'ReLU6', 'Mish', 'PReLU',
  'Dropout', 'Dropout1d', 'Dropout2d', 'AlphaDropout', 'Identity', 'Softmax', 'LogSoftmax', 'Softsign', 'Tanhshrink', 'LogSigmoid',
]);

export const KNOWN_LAYERS = new Set([...Object.keys(SIGNATURES), ...SAME_SHAPE, 'Sequential', 'ModuleList']);

export function constructLayer(kind: string, args: CallArgs, rep: Reporter, id: number): Layer {
  if (kind === 'Sequential' && args.pos.length === 1 && args.pos[0]!.v.k === 'dict' && !args.pos[0]!.v.open && !args.starred) {
    // `nn.Sequential(OrderedDict([('fc1', nn.Linear(…)), …]))`: named children, in order
    const entries = [...args.pos[0]!.v.entries];
    return { kind, id, node: args.node, args: new Map(), given: new Map(), children: entries.map(([, v]) => v), childNames: entries.map(([k]) => k), valid: true };
  }
  if (kind === 'Sequential' || kind === 'ModuleList') {
    // `nn.Sequential(*layers)` with a list of unknown length: its layers are not known (no children).
    // `nn.ModuleList([... for _ in range(n)])`: a counted list gives n copies of its one representative
    // item when n is known, else layers not known (not one layer).
    const list = args.pos[0]?.v;
    const n = list?.k === 'tuple' && list.count ? list.count.value : undefined;
    const counted = list?.k === 'tuple' && list.count ? (n !== undefined && n <= 64 && list.items.length === 1 ? Array.from({ length: n }, () => list.items[0]!) : undefined) : undefined;
    const items = kind === 'ModuleList' ? (list?.k === 'tuple' ? (list.count ? counted : list.items) : args.pos.length === 0 ? [] : undefined) : args.starred ? undefined : args.pos.map((a) => a.v);
    return { kind, id, node: args.node, args: new Map(), given: new Map(), ...(items ? { children: items } : {}), valid: true };
  }
  const sig = SIGNATURES[kind];
  if (!sig) return { kind, id, node: args.node, args: new Map(), given: new Map(), valid: true };
  const b = bindArgs(kind, sig, args);
  const layer: Layer = { kind, id, node: args.node, args: b.values, given: b.nodes, valid: !b.error };
  if (b.error) rep.report(blameNode(args.node), 'error', Codes.constructorArgs, b.error);
  return layer;
}

function entry(d: Dim, role?: string, why?: string): DimEntry {
  return { d, role, why };
}

/** What calling a non-recurrent layer returns. */
export function callLayer(layer: Layer, args: CallArgs, rep: Reporter, callValue: (callee: Value, args: CallArgs) => Value): Value {
  const input = args.pos[0];
  const x = input?.v;
  if (layer.kind === 'Sequential') {
    if (!layer.children) return tensorV(undefined);
    let v: Value = x ?? { k: 'unknown' };
    for (const child of layer.children ?? []) {
      v = callValue(child, { ...args, pos: input ? [{ v, node: input.node }] : [], kw: new Map() });
    }
    return v;
  }
  if (SAME_SHAPE.has(layer.kind)) return x?.k === 'tensor' ? tensorV(x.t.dims, { notes: x.t.notes }) : tensorV(undefined);
  if (layer.kind in LOSS_SIGNATURES) return callLoss(layer.kind, args, moduleReduction(layer.args), rep);
  if (!x || x.k !== 'tensor') return tensorV(undefined);
  const dims = x.t.dims;
  const a = layer.args;
  switch (layer.kind) {
    case 'Linear': {
      const inF = asDim(a.get('in_features')!);
      const outF = asDim(a.get('out_features')!) ?? unknownDim();
      if (!dims) return tensorV(undefined);
      if (dims.length === 0) return tensorV(undefined);
      const last = dims[dims.length - 1]!.d;
      if (inF && last.provablyDiffers(inF) && !isUnknownDim(last) && !isUnknownDim(inF)) {
        const rows = product(dims.slice(0, -1).map((d) => d.d));
        const fixNode = layer.given.get('in_features');
        const widthWhy = dims[dims.length - 1]!.why;
        rep.report(
          blameNode(args.node, input!.node),
          'error',
          Codes.linearInFeatures,
          `mat1 and mat2 shapes cannot be multiplied (${rows}x${last} and ${inF}x${outF}): the input's last dim is ${last}${widthWhy ? ` (${widthWhy})` : ''} but in_features is ${inF}`,
          fixNode && fixText(last, fixNode) ? [replaceFix(`Change in_features to ${fixText(last, fixNode)}`, fixNode, fixText(last, fixNode)!)] : [],
        );
        // Carry on as if it fitted, so later problems are found too (torch stops at the first).
        return tensorV([...dims.slice(0, -1), entry(outF, 'out_features')]);
      }
      return tensorV([...dims.slice(0, -1), entry(outF, 'out_features')]);
    }
    case 'Embedding': {
      const e = asDim(a.get('embedding_dim')!) ?? unknownDim();
      if (x.t.integer === false) {
        rep.report(
          blameNode(args.node, input!.node),
          'error',
          Codes.embeddingInput,
          `Expected tensor for argument #1 'indices' to have one of the following scalar types: Long, Int; but got a float tensor instead (use .long())`,
        );
        return tensorV(undefined);
      }
      const n = asInt(a.get('num_embeddings')!);
      const b = x.t.bounds;
      if (b && n !== undefined && (b.max >= n || b.min < 0)) {
        const bad = b.max >= n ? b.max : b.min;
        rep.report(
          blameNode(args.node, input!.node),
          'error',
          Codes.embeddingIndexRange,
          `index out of range in self: the indices include ${bad}, but the Embedding has num_embeddings = ${n} rows (valid indices 0 to ${n - 1})`,
        );
        return tensorV(undefined);
      }
      if (!dims) return tensorV(undefined);
      return tensorV([...dims, entry(e, 'embedding_dim')]);
    }
    case 'LayerNorm': {
      const ns = a.get('normalized_shape')!;
      const want = ns.k === 'tuple' ? ns.items.map(asDim) : [asDim(ns)];
      if (dims && want.every((d): d is Dim => d !== undefined) && dims.length >= want.length) {
        const tail = dims.slice(dims.length - want.length).map((d) => d.d);
        if (tail.some((d, i) => d.provablyDiffers(want[i]!))) {
          rep.report(
            blameNode(args.node, input!.node),
            'error',
            Codes.layerNormShape,
            `Given normalized_shape=[${want.join(', ')}], expected input with shape [*, ${want.join(', ')}], but got input of size[${dims.map((d) => d.d).join(', ')}]`,
          );
          return tensorV(dims);
        }
      }
      return tensorV(dims);
    }
    case 'Flatten': {
      if (!dims) return tensorV(undefined);
      const s = asInt(a.get('start_dim')!) ?? 1;
      const e = asInt(a.get('end_dim')!) ?? -1;
      const r = dims.length;
      const si = s < 0 ? s + r : s;
      const ei = e < 0 ? e + r : e;
      if (si < 0 || ei >= r || si > ei) return tensorV(undefined);
      return tensorV([...dims.slice(0, si), entry(product(dims.slice(si, ei + 1).map((d) => d.d))), ...dims.slice(ei + 1)]);
    }
    case 'BatchNorm1d':
      return tensorV(dims);
    case 'Conv1d':
    case 'Conv2d':
    case 'Conv3d': {
      // Channels then the spatial dims: (N, C, L) / (N, C, H, W) / (N, C, D, H, W), or unbatched without N.
      const nsp = layer.kind === 'Conv3d' ? 3 : layer.kind === 'Conv2d' ? 2 : 1;
      const cin = asDim(a.get('in_channels')!);
      const cout = asDim(a.get('out_channels')!) ?? unknownDim();
      if (!dims || (dims.length !== nsp + 1 && dims.length !== nsp + 2)) return tensorV(undefined);
      const c = dims[dims.length - nsp - 1]!.d;
      const k = a.get('kernel_size')!;
      if (cin && c.provablyDiffers(cin) && !isUnknownDim(c)) {
        const ks = Array.from({ length: nsp }, (_, i) => pick(k, i) ?? '?').join(', ');
        rep.report(
          blameNode(args.node, input!.node),
          'error',
          Codes.conv1dChannels,
          `Given groups=1, weight of size [${cout}, ${cin}, ${ks}], expected input[${dims.map((d) => d.d).join(', ')}] to have ${cin} channels, but got ${c} channels instead`,
        );
        return tensorV(undefined);
      }
      const pad = a.get('padding')!;
      const sp = dims.slice(-nsp).map((d, i) =>
        pad.k === 'str'
          ? pad.v === 'same' ? d.d : unknownDim()
          : windowOut(d.d, pick(k, i), pick(a.get('stride')!, i) ?? 1, pick(pad, i) ?? 0, pick(a.get('dilation')!, i) ?? 1),
      );
      // A contiguous input gives a contiguous output (another memory format gives its own).
      return tensorV([...dims.slice(0, -nsp - 1), entry(cout, 'out_channels'), ...sp.map((d) => entry(d, nsp === 1 ? 'length' : ''))], x.t.contiguous ? { contiguous: true } : {});
    }
    case 'MaxPool1d':
    case 'AvgPool1d':
    case 'MaxPool2d':
    case 'AvgPool2d': {
      const nsp = layer.kind.endsWith('2d') ? 2 : 1;
      if (!dims || dims.length < nsp + 1) return tensorV(undefined);
      const k = a.get('kernel_size')!;
      const st = a.get('stride')!;
      const sp = dims.slice(-nsp).map((d, i) => {
        const ki = pick(k, i);
        const si = st.k === 'none' ? ki : pick(st, i);
        return windowOut(d.d, ki, si, pick(a.get('padding')!, i) ?? 0, pick(a.get('dilation') ?? intV(1), i) ?? 1);
      });
      return tensorV([...dims.slice(0, -nsp), ...sp.map((d) => entry(d))]);
    }
    case 'AdaptiveAvgPool1d':
    case 'AdaptiveMaxPool1d': {
      if (!dims || dims.length < 2) return tensorV(undefined);
      const o = asDim(a.get('output_size')!) ?? unknownDim();
      return tensorV([...dims.slice(0, -1), entry(o)]);
    }
    case 'AdaptiveAvgPool2d':
    case 'AdaptiveMaxPool2d': {
      // (N, C, H, W) or (C, H, W) -> (…, oh, ow); output_size int or (oh, ow), None keeps that size.
      if (!dims || (dims.length !== 3 && dims.length !== 4) || truthy(a.get('return_indices') ?? F)) return tensorV(undefined);
      const o = a.get('output_size')!;
      const sizes = o.k === 'tuple' ? o.items : [o, o];
      if (sizes.length !== 2) return tensorV(undefined);
      const sp = sizes.map((v, i) => (v.k === 'none' ? dims[dims.length - 2 + i]! : entry(asDim(v) ?? unknownDim())));
      return tensorV([...dims.slice(0, -2), ...sp]);
    }
  }
  return tensorV(undefined);
}

/**
 * A size as Python source for a quick fix at `at`: the number, or the expression over the code's own
 * names (`2 * hidden_dim`) when each name is one the function around `at` uses; undefined otherwise
 * (a `?`, a fraction, or a letter like `N` that names nothing in the code).
 */
function fixText(d: Dim, at: Node): string | undefined {
  if (d.value !== undefined) return String(d.value);
  const s = d.toString();
  if (s.includes('?') || s.includes('/')) return undefined;
  let scope: Node | null = at;
  while (scope && scope.type !== 'function_definition' && scope.type !== 'module') scope = scope.parent;
  const text = scope?.text ?? '';
  const escape = (x: string) => x.replace(/[.]/g, '\\.');
  if (!d.symbols().every((sym) => new RegExp(`(^|[^\\w.])${escape(sym)}(?![\\w])`).test(text))) return undefined;
  return s.replace(/\*/g, ' * ');
}

/** Attributes of a layer object (`self.lstm.hidden_size`, `self.fc.in_features`). */
export function layerAttribute(layer: Layer, name: string): Value | undefined {
  const v = layer.args.get(name);
  if (v) return v;
  if (name === 'weight' && layer.kind === 'Linear') {
    const o = asDim(layer.args.get('out_features')!);
    const i = asDim(layer.args.get('in_features')!);
    return o && i ? tensorV([entry(o), entry(i)]) : tensorV(undefined);
  }
  if (name === 'weight' && layer.kind === 'Embedding') {
    const n = asDim(layer.args.get('num_embeddings')!);
    const e = asDim(layer.args.get('embedding_dim')!);
    return n && e ? tensorV([entry(n), entry(e)]) : tensorV(undefined);
  }
  return undefined;
}

/** The i-th number of an int-or-tuple argument (kernel_size=3 or (3, 5)). */
function pick(v: Value, i: number): number | undefined {
  if (v.k === 'tuple') return asInt(v.items[i] ?? v.items[0]!);
  return asInt(v);
}

/** Output length of a sliding window: floor((L + 2p - d(k-1) - 1) / s) + 1. */
function windowOut(l: Dim, k: number | undefined, s: number | undefined, p: number, d: number): Dim {
  if (k === undefined || s === undefined || s <= 0) return unknownDim();
  const num = l.add(Dim.of(2 * p - d * (k - 1) - 1));
  const v = num.value;
  if (v !== undefined) return Dim.of(Math.floor(v / s) + 1);
  if (s === 1) return num.add(Dim.of(1));
  const q = num.add(Dim.of(s)).divExact(s);
  return q ?? unknownDim();
}
