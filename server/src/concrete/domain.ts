// The concrete value domain of a sample run: plugged into the interpreter (ValueDomain), it computes
// each tensor's data from its inputs' data with the op files beside it, and checks that the shape it
// computed is the one the symbolic domain inferred. Anything it cannot run stops the run with a message
// naming the line and the call.
import type { Node } from '../analysis/syntax';
import { Dim } from '../analysis/dim';
import type { CallArgs, Arg } from '../analysis/context';
import type { ValueDomain } from '../analysis/interpreter/state';
import { sliceParts } from '../analysis/torch/tensorOps';
import { isRecurrentKind, recurrentSpec } from '../analysis/torch/recurrent';
import { asInt, type Layer, type TensorData, type Value } from '../analysis/values';
import type { Rng } from '../../../engine/src/random';
import { full, numel, SampleRunError, scalar, showShape, tensor } from './tensor';
import { BINARY, binary, clamp, maskedFill, UNARY, unary, where } from './elementwise';
import * as S from './shapeOps';
import { bmm, linear, matmul } from './linalg';
import { reduce, softmax, topk, type ReduceKind } from './reductions';
import { batchNorm, conv1d, embedding, layerNorm } from './layers';
import { adaptivePool1d, pool1d } from './pooling';
import { einsum } from './einsum';
import { crossEntropy, nllLoss, type Reduction } from './losses';
import { cumulative, flip, gather, indexSelect, maskedSelect, repeatInterleave } from './selectOps';
import { packPadded, padPacked, padSequence, runPacked, runRecurrent } from './recurrent';
import type { LayerTensors } from './params';

/**
 * `collect`: the file's own module-level code, to find the inputs: tensor creation computes data, and
 * other ops (not layers, whose weights are not loaded yet) where the code runs exactly; `run`: everything.
 */
export type DomainMode = 'collect' | 'run';

/** Values written where the run could not follow (ConcreteDomain.forget): no longer known, in every alias. */
const forgotten = new WeakSet<Float32Array>();

/**
 * Values of dtype bool (comparisons, `~` / `&` / `|` of bools, `.bool()`): their sum is an integer, their
 * `.item()` a bool; `.float()` gives an unmarked copy of the same values.
 */
const bools = new WeakSet<TensorData>();

function isBool(d: TensorData | undefined): boolean {
  return d !== undefined && bools.has(d);
}

/** `v` with its values marked bool. */
function asBool(v: Value): Value {
  const d = dataOf(v);
  if (d) bools.add(d);
  return v;
}

/** Elements an op on the file's module-level values may take; larger ones are left to the analysis. */
const MAX_COLLECT_ELEMENTS = 1 << 22;

export interface DomainHost {
  rng: Rng;
  /** The loaded or initialised tensors of a layer (throws a SampleRunError naming a missing key). */
  weights(layer: Layer): LayerTensors;
  /** Sees every layer call's symbolic result, in every mode (static summaries). */
  observe?(layer: Layer, result: Value): void;
  /** Called after each layer call in a run (per-layer table and timing). */
  onLayer?(layer: Layer, millis: number, result: Value): void;
}

const CREATE = new Set(['zeros', 'ones', 'empty', 'full', 'randn', 'rand', 'randint', 'arange', 'tensor', 'as_tensor', 'LongTensor', 'FloatTensor',
  'zeros_like', 'ones_like', 'empty_like', 'full_like', 'randn_like', 'rand_like', 'randint_like']);
const CREATE_METHODS = new Set(['new_zeros', 'new_ones', 'new_empty', 'new_full', 'new_tensor']);
const IDENTITY_METHODS = new Set(['contiguous', 'detach', 'clone', 'cpu', 'cuda', 'to', 'float', 'double', 'half', 'bfloat16', 'requires_grad_', 'type_as', 'type', 'pin_memory']);
const REDUCTIONS = new Set<string>(['sum', 'mean', 'max', 'min', 'amax', 'amin', 'argmax', 'argmin', 'prod', 'std', 'var', 'logsumexp', 'norm']);
const METHOD_BINARY: Record<string, string> = { add: '+', sub: '-', mul: '*', div: '/', eq: '==', ne: '!=', lt: '<', le: '<=', gt: '>', ge: '>=', pow: '**', maximum: 'maximum', minimum: 'minimum', logical_and: '&', logical_or: '|' };
const ACT_LAYERS: Record<string, string> = { ReLU: 'relu', Tanh: 'tanh', Sigmoid: 'sigmoid', SiLU: 'silu', Softsign: 'softsign', Tanhshrink: 'tanhshrink', LogSigmoid: 'logsigmoid', ReLU6: 'relu6', Mish: 'mish', SELU: 'selu' };
const IDENTITY_LAYERS = new Set(['Dropout', 'Dropout1d', 'Dropout2d', 'AlphaDropout', 'Identity']);
const UNKNOWN_VALUE: Value = { k: 'unknown' };

export function dataOf(v: Value | undefined): TensorData | undefined {
  if (!v) return undefined;
  if (v.k === 'tensor' || v.k === 'packed') return v.t.data && !forgotten.has(v.t.data.data) ? v.t.data : undefined;
  const n = numberOf(v);
  return n === undefined ? undefined : scalar(n);
}

function numberOf(v: Value | undefined): number | undefined {
  if (!v) return undefined;
  if (v.k === 'int') return v.dim.value;
  if (v.k === 'float') return v.v;
  if (v.k === 'bool') return v.v === undefined ? undefined : v.v ? 1 : 0;
  return undefined;
}

/** A tensor value for concrete data (inputs of a run). */
export function concreteTensor(d: TensorData, integer: boolean): Value {
  return { k: 'tensor', t: { dims: d.shape.map((x) => ({ d: Dim.of(x) })), integer, data: d } };
}

function where_(node: Node): string {
  const text = node.text.replace(/\s+/g, ' ');
  return `line ${node.startPosition.row + 1}: ${text.length > 70 ? text.slice(0, 67) + '...' : text}`;
}

/** Prefix a run error with the line and call, once (the innermost call names it). */
function located(node: Node, e: unknown): Error {
  if (e instanceof SampleRunError && !(e as { located?: boolean }).located) {
    const err = new SampleRunError(`${where_(node)}: ${e.message}`);
    (err as { located?: boolean }).located = true;
    return err;
  }
  return e as Error;
}

/** Attach `d` to the symbolic result, after checking both domains agree on the shape. */
function attach(result: Value, d: TensorData, node: Node, integer?: boolean): Value {
  if (result.k === 'packed') return { ...result, t: { ...result.t, data: d } };
  if (result.k !== 'tensor') {
    // the symbolic domain did not know this is a tensor: the concrete shape stands
    return concreteTensor(d, integer ?? false);
  }
  const dims = result.t.dims;
  if (dims && dims.length === d.shape.length && dims.every((x, i) => x.d.value === undefined || x.d.value === d.shape[i])) {
    return { k: 'tensor', t: { ...result.t, dims: dims.map((x, i) => (x.d.value === undefined ? { ...x, d: Dim.of(d.shape[i]!) } : x)), data: d, ...(integer !== undefined ? { integer } : {}) } };
  }
  if (dims && dims.every((x) => x.d.value !== undefined)) {
    throw new SampleRunError(`${where_(node)}: internal: the run computed ${showShape(d.shape)} where the static shape is ${showShape(dims.map((x) => x.d.value!))}`);
  }
  return { k: 'tensor', t: { ...result.t, dims: d.shape.map((x) => ({ d: Dim.of(x) })), data: d, ...(integer !== undefined ? { integer } : {}) } };
}

function hasData(v: Value): boolean {
  return (v.k === 'tensor' || v.k === 'packed') && dataOf(v) !== undefined;
}

function sameShapeAs(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Methods that write their receiver (`x.masked_fill_(m, 0)`, `h.zero_()`), not the ones that only flag it. */
function inPlace(name: string): boolean {
  return name.endsWith('_') && !name.startsWith('_') && name !== 'requires_grad_' && name !== 'share_memory_';
}

/** Every tensor inside `v` (tuples and dicts walked). */
function tensorsIn(v: Value, out: Value[] = []): Value[] {
  if (v.k === 'tensor' || v.k === 'packed') out.push(v);
  else if (v.k === 'tuple') for (const x of v.items) tensorsIn(x, out);
  else if (v.k === 'dict') for (const x of v.entries.values()) tensorsIn(x, out);
  return out;
}

export class ConcreteDomain implements ValueDomain {
  mode: DomainMode = 'collect';
  /** In collect mode: the code runs exactly (see SampleRunInterpreter), so ops compute values. */
  exact = true;
  /** Wall time (ms) and count of the ops a run computed (layers and tensor ops, outermost calls): the rest of a forward's time is the interpreter's own. */
  readonly work = { millis: 0, calls: 0 };
  private depth = 0;
  constructor(private readonly host: DomainHost) {}

  /** `v`'s values when known (not forgotten). */
  values(v: Value): TensorData | undefined {
    return v.k === 'tensor' || v.k === 'packed' ? dataOf(v) : undefined;
  }

  /** The values of the tensors in `v` are no longer known (written where the run could not follow). */
  forget(v: Value): void {
    for (const t of tensorsIn(v)) if ((t.k === 'tensor' || t.k === 'packed') && t.t.data) forgotten.add(t.t.data.data);
  }

  /** A layer's parameter or buffer (`self.emb.weight`) read in a run: its loaded or initialised values. */
  layerParameter(layer: Layer, name: string, node: Node, result: Value): Value {
    if (this.mode !== 'run') return result;
    const t = this.host.weights(layer)[name];
    return t ? attach(result, t, node) : result;
  }

  /** Values are computed: always in a run; in collect mode where the file's code runs exactly. */
  private get computing(): boolean {
    return this.mode === 'run' || this.exact;
  }

  private guard(node: Node, inputs: Value[], result: Value, what: string, compute: () => Value | undefined): Value {
    const tensors = inputs.flatMap((v) => tensorsIn(v));
    if (this.mode === 'collect') {
      if (tensors.some((t) => !hasData(t))) return result;
      if (tensors.reduce((n, t) => n + (dataOf(t)?.data.length ?? 0), 0) > MAX_COLLECT_ELEMENTS) return result;
      try {
        return compute() ?? result;
      } catch {
        return result;
      }
    }
    const missing = tensors.find((t) => !hasData(t));
    if (missing) throw new SampleRunError(`${where_(node)}: an input of ${what} has no values: an earlier step was not run (see the statements above)`);
    let r: Value | undefined;
    const t0 = this.depth === 0 ? performance.now() : 0;
    this.depth++;
    try {
      r = compute();
    } catch (e) {
      throw located(node, e);
    } finally {
      if (--this.depth === 0) {
        this.work.millis += performance.now() - t0;
        this.work.calls++;
      }
    }
    if (r === undefined) {
      if (tensorsIn(result).length === 0 && result.k !== 'unknown') return result;
      throw new SampleRunError(`${where_(node)}: ${what} is not supported in sample runs`);
    }
    return r;
  }

  layer(layer: Layer, args: CallArgs, result: Value): Value {
    this.host.observe?.(layer, result);
    if (this.mode === 'collect') return result;
    if (tensorsIn(result).length > 0 && tensorsIn(result).every(hasData)) return result; // Sequential: computed by its children
    const inputs = [...args.pos.map((a) => a.v), ...[...args.kw.values()].map((a) => a.v)];
    const t0 = performance.now();
    const r = this.guard(args.node, inputs, result, `nn.${layer.kind}`, () => this.runLayer(layer, args, result));
    this.host.onLayer?.(layer, performance.now() - t0, r);
    return r;
  }

  private runLayer(layer: Layer, args: CallArgs, result: Value): Value | undefined {
    const x = dataOf((args.pos[0] ?? args.kw.get('input'))?.v);
    const a = layer.args;
    const node = args.node;
    if (isRecurrentKind(layer.kind)) return this.runRecurrentLayer(layer, args, result);
    if (!x) return undefined;
    if (IDENTITY_LAYERS.has(layer.kind)) return attach(result, x, node);
    const act = ACT_LAYERS[layer.kind];
    if (act) return attach(result, unary(x, UNARY[act]!), node);
    const w = (): LayerTensors => this.host.weights(layer);
    switch (layer.kind) {
      case 'Linear':
        return attach(result, linear(x, w().weight!, w().bias, true), node);
      case 'Embedding':
        return attach(result, embedding(x, w().weight!), node, false);
      case 'LayerNorm': {
        const ns = a.get('normalized_shape')!;
        const shape = ns.k === 'tuple' ? ns.items.map((i) => asInt(i)!) : [asInt(ns)!];
        return attach(result, layerNorm(x, shape, w().weight, w().bias, numberOf(a.get('eps')) ?? 1e-5), node);
      }
      case 'Conv1d': {
        if ((a.get('padding_mode')?.k === 'str' && (a.get('padding_mode') as { v?: string }).v !== 'zeros')) return undefined;
        const pad = a.get('padding');
        const first = (v: Value | undefined): number | undefined => (v?.k === 'tuple' ? asInt(v.items[0]!) : v ? asInt(v) : undefined);
        const padding = pad?.k === 'str' ? (pad.v === 'same' || pad.v === 'valid' ? pad.v : undefined) : first(pad);
        const stride = first(a.get('stride'));
        const dilation = first(a.get('dilation'));
        const groups = asInt(a.get('groups')!);
        if (padding === undefined || stride === undefined || dilation === undefined || groups === undefined) return undefined;
        return attach(result, conv1d(x, w().weight!, w().bias, { stride, padding, dilation, groups }), node);
      }
      case 'BatchNorm1d': {
        const t = w();
        if (!t.running_mean) return undefined;
        return attach(result, batchNorm(x, t.running_mean, t.running_var!, t.weight, t.bias, numberOf(a.get('eps')) ?? 1e-5), node);
      }
      case 'CrossEntropyLoss':
      case 'NLLLoss': {
        const t = dataOf((args.pos[1] ?? args.kw.get('target'))?.v);
        const red = a.get('reduction');
        const reduction = red === undefined ? 'mean' : red.k === 'str' && (red.v === 'mean' || red.v === 'sum' || red.v === 'none') ? red.v : undefined;
        const ignore = a.get('ignore_index') ? asInt(a.get('ignore_index')!) : -100;
        const w = a.get('weight');
        const ls = numberOf(a.get('label_smoothing')) ?? 0;
        if (!t || reduction === undefined || ignore === undefined || (w && w.k !== 'none') || ls !== 0) return undefined;
        return attach(result, (layer.kind === 'CrossEntropyLoss' ? crossEntropy : nllLoss)(x, t, ignore, reduction as Reduction), node, false);
      }
      case 'MaxPool1d':
      case 'AvgPool1d': {
        const o = poolOptions((k) => a.get(k));
        return o ? attach(result, pool1d(x, layer.kind === 'MaxPool1d' ? 'max' : 'avg', o), node) : undefined;
      }
      case 'AdaptiveMaxPool1d':
      case 'AdaptiveAvgPool1d': {
        const size = poolInt(a.get('output_size'));
        return size !== undefined ? attach(result, adaptivePool1d(x, layer.kind === 'AdaptiveMaxPool1d' ? 'max' : 'avg', size), node) : undefined;
      }
      case 'Flatten':
        return attach(result, S.flatten(x, asInt(a.get('start_dim')!) ?? 1, asInt(a.get('end_dim')!) ?? -1), node);
      case 'GELU': {
        const ap = a.get('approximate');
        return attach(result, unary(x, UNARY[ap?.k === 'str' && ap.v === 'tanh' ? 'gelu_tanh' : 'gelu']!), node);
      }
      case 'Softplus': {
        // softplus(x) = log(1 + exp(beta·x)) / beta, linear where beta·x > threshold
        const beta = numberOf(a.get('beta')) ?? 1;
        const th = numberOf(a.get('threshold')) ?? 20;
        return attach(result, unary(x, (v) => (v * beta > th ? v : Math.log1p(Math.exp(v * beta)) / beta)), node);
      }
      case 'LeakyReLU': {
        const s = numberOf(a.get('negative_slope')) ?? 0.01;
        return attach(result, unary(x, (v) => (v >= 0 ? v : v * s)), node);
      }
      case 'ELU': {
        const al = numberOf(a.get('alpha')) ?? 1;
        return attach(result, unary(x, (v) => (v > 0 ? v : al * Math.expm1(v))), node);
      }
      case 'Softmax':
      case 'LogSoftmax': {
        const d = a.get('dim');
        const dim = d && d.k !== 'none' ? asInt(d) : implicitSoftmaxDim(x.shape.length);
        if (dim === undefined) return undefined;
        return attach(result, softmax(x, dim, layer.kind === 'LogSoftmax'), node);
      }
    }
    return undefined;
  }

  private runRecurrentLayer(layer: Layer, args: CallArgs, result: Value): Value | undefined {
    const spec = recurrentSpec(layer);
    if (!spec) throw new SampleRunError(`nn.${layer.kind} has sizes or flags that are not known`);
    const inV = (args.pos[0] ?? args.kw.get('input'))?.v;
    const hxV = (args.pos[1] ?? args.kw.get('hx'))?.v;
    let h0: TensorData | undefined;
    let c0: TensorData | undefined;
    if (hxV && hxV.k !== 'none') {
      if (hxV.k === 'tuple') {
        h0 = dataOf(hxV.items[0]);
        c0 = dataOf(hxV.items[1]);
      } else h0 = dataOf(hxV);
    }
    const weights = this.host.weights(layer);
    if (inV?.k === 'packed') {
      const r = runPacked(spec, weights, inV.t.data!, h0, c0);
      return this.fillRecurrent(result, r.output, r.h, r.c, args.node);
    }
    const x = dataOf(inV);
    if (!x) return undefined;
    const r = runRecurrent(spec, weights, x, h0, c0);
    return this.fillRecurrent(result, r.output, r.h, r.c, args.node);
  }

  private fillRecurrent(result: Value, output: TensorData | undefined, h: TensorData, c: TensorData | undefined, node: Node): Value {
    if (!output) {
      // a cell: h, or (h, c)
      if (result.k === 'tuple' && c) return { ...result, items: [attach(result.items[0]!, h, node), attach(result.items[1]!, c, node)] };
      return attach(result, h, node);
    }
    if (result.k !== 'tuple' || result.items.length !== 2) throw new SampleRunError(`${where_(node)}: internal: the static result of this call is not (output, state)`);
    const st = result.items[1]!;
    const state = c && st.k === 'tuple' ? { ...st, items: [attach(st.items[0]!, h, node), attach(st.items[1]!, c, node)] } : attach(st, h, node);
    return { ...result, items: [attach(result.items[0]!, output, node), state] };
  }

  method(recv: Value, name: string, args: CallArgs, result: Value): Value {
    const writes = inPlace(name) && hasData(recv);
    if (!this.computing && !CREATE_METHODS.has(name)) {
      if (writes) this.forget(recv);
      return result;
    }
    const inputs = [recv, ...args.pos.map((a) => a.v), ...[...args.kw.values()].map((a) => a.v)];
    const r = this.guard(args.node, inputs, result, `.${name}()`, () => this.runMethod(recv, name, args, result));
    if (writes) {
      // x.op_(...) writes x's values (every alias sees them), as torch does.
      const x = dataOf(recv)!;
      const y = dataOf(r);
      if (y && y.data.length === x.data.length) {
        if (y.data !== x.data) x.data.set(y.data);
      } else this.forget(recv);
    }
    return r;
  }

  private runMethod(recv: Value, name: string, args: CallArgs, result: Value): Value | undefined {
    const node = args.node;
    const p = args.pos;
    if (CREATE_METHODS.has(name)) return this.create(name.slice(4), args, result, p);
    const x = dataOf(recv);
    if (!x) return undefined;
    const integer = recv.k === 'tensor' ? recv.t.integer : undefined;
    if (name === 'chunk' || name === 'split' || name === 'unbind' || name === 'tolist') return this.pieces(name, x, args, integer);
    if (name === 'float' || name === 'double' || name === 'half' || name === 'bfloat16') return attach(result, { shape: x.shape, data: x.data }, node, false);
    if (IDENTITY_METHODS.has(name)) return attach(result, x, node);
    if (inPlace(name)) {
      // the value an in-place method leaves (method() writes it into the receiver)
      if (name === 'zero_') return attach(result, full([...x.shape], 0), node, integer);
      if (name === 'fill_') {
        const v = numberOf(p[0]?.v ?? args.kw.get('value')?.v) ?? dataOf(p[0]?.v)?.data[0];
        return v === undefined ? undefined : attach(result, full([...x.shape], v), node, integer);
      }
      if (name === 'copy_') {
        const src = dataOf(p[0]?.v ?? args.kw.get('src')?.v);
        return src ? attach(result, S.expand(src, [...x.shape]), node, integer) : undefined;
      }
      const base = name.slice(0, -1);
      if (name !== 'masked_fill_' && (METHOD_BINARY[base] || UNARY[base] || base === 'clamp' || base === 'clip')) {
        const r = this.runMethod(recv, base, args, result);
        const d = r ? dataOf(r) : undefined;
        if (d && !sameShapeAs(d.shape, x.shape)) throw new SampleRunError(`output with shape [${x.shape.join(', ')}] doesn't match the broadcast shape [${d.shape.join(', ')}]`);
        return r;
      }
    }
    if (name === 'long' || name === 'int' || name === 'short' || name === 'byte') return attach(result, unary(x, UNARY.long!), node, true);
    if (name === 'bool') return asBool(attach(result, unary(x, UNARY.bool!), node));
    if (name === 'item') {
      if (x.data.length !== 1) throw new SampleRunError(`a Tensor with ${x.data.length} elements cannot be converted to Scalar`);
      if (isBool(x)) return { k: 'bool', v: x.data[0] !== 0 };
      return integer ? { k: 'int', dim: Dim.of(x.data[0]!) } : { k: 'float', v: x.data[0]! };
    }
    if (name === 'size' || name === 'dim' || name === 'numel' || name === 'ndimension') return result;
    if (METHOD_BINARY[name]) {
      const y = dataOf(p[0]?.v ?? args.kw.get('other')?.v);
      if (!y) return undefined;
      const r = attach(result, binary(x, y, BINARY[METHOD_BINARY[name]!]!), node);
      return ['eq', 'ne', 'lt', 'le', 'gt', 'ge', 'logical_and', 'logical_or'].includes(name) ? asBool(r) : r;
    }
    return this.tensorOp(name, x, args, p, result, node, integer);
  }

  /** chunk / split / unbind: a tuple of tensors (the symbolic domain leaves these unknown). */
  private pieces(name: string, x: TensorData, args: CallArgs, integer: boolean | undefined): Value | undefined {
    const p = args.pos;
    const kw = (k: string): Value | undefined => args.kw.get(k)?.v;
    if (name === 'tolist') return undefined;
    const dim = asInt(p[name === 'unbind' ? 0 : 1]?.v ?? kw('dim') ?? { k: 'int', dim: Dim.of(0) });
    if (dim === undefined) return undefined;
    const d = dim < 0 ? dim + x.shape.length : dim;
    const n = x.shape[d];
    if (n === undefined) throw new SampleRunError(`Dimension out of range (got ${dim})`);
    let sizes: number[];
    if (name === 'unbind') sizes = new Array<number>(n).fill(1);
    else if (name === 'chunk') {
      const k = asInt(p[0]?.v ?? kw('chunks') ?? { k: 'none' });
      if (k === undefined || k <= 0) return undefined;
      const each = Math.ceil(n / k);
      sizes = [];
      for (let at = 0; at < n; at += each) sizes.push(Math.min(each, n - at));
    } else {
      const sv = p[0]?.v ?? kw('split_size_or_sections');
      if (sv?.k === 'tuple') sizes = sv.items.map((i) => asInt(i) ?? -1);
      else {
        const each = sv ? asInt(sv) : undefined;
        if (each === undefined || each <= 0) return undefined;
        sizes = [];
        for (let at = 0; at < n; at += each) sizes.push(Math.min(each, n - at));
      }
      if (sizes.some((s) => s < 0) || sizes.reduce((a, b) => a + b, 0) !== n) throw new SampleRunError(`split_with_sizes expects split_sizes to sum exactly to ${n} (input tensor's size at dimension ${d}), but got split_sizes=[${sizes.join(', ')}]`);
    }
    const items: Value[] = [];
    let at = 0;
    for (const s of sizes) {
      let piece = S.index(x, [...new Array<S.IndexItem>(d).fill({ k: 'slice' }), { k: 'slice', start: at, stop: at + s }]);
      if (name === 'unbind') piece = S.squeeze(piece, d);
      items.push(concreteTensor(piece, integer ?? false));
      at += s;
    }
    return { k: 'tuple', items };
  }

  /** Ops spelled both as torch.<name>(x, …) and x.<name>(…): `p` are the arguments after x. */
  private tensorOp(name: string, x: TensorData, args: CallArgs, p: readonly Arg[], result: Value, node: Node, integer?: boolean): Value | undefined {
    const kw = (k: string): Value | undefined => args.kw.get(k)?.v;
    const intArg = (i: number, k: string): number | undefined => {
      const v = p[i]?.v ?? kw(k);
      return v ? asInt(v) : undefined;
    };
    const sizes = (): number[] | undefined => {
      const src = p.length === 1 && p[0]!.v.k === 'tuple' ? p[0]!.v.items : p.length === 0 ? (kw('size') ?? kw('shape'))?.k === 'tuple' ? ((kw('size') ?? kw('shape')) as { items: Value[] }).items : [] : p.map((a) => a.v);
      const xs = src.map((v) => asInt(v));
      return xs.every((v): v is number => v !== undefined) ? xs : undefined;
    };
    const act = UNARY[name === 'relu_' || name === 'tanh_' || name === 'sigmoid_' ? name.slice(0, -1) : name];
    if (act && !['long', 'bool', 'not', 'identity', 'gelu_tanh', 'gelu'].includes(name)) return attach(result, unary(x, act), node);
    switch (name) {
      case 'gelu': {
        const ap = kw('approximate');
        return attach(result, unary(x, UNARY[ap?.k === 'str' && ap.v === 'tanh' ? 'gelu_tanh' : 'gelu']!), node);
      }
      case 'leaky_relu': {
        const s = numberOf(p[0]?.v ?? kw('negative_slope')) ?? 0.01;
        return attach(result, unary(x, (v) => (v >= 0 ? v : v * s)), node);
      }
      case 'view':
      case 'reshape': {
        const s = sizes();
        return s ? attach(result, S.reshape(x, s), node) : undefined;
      }
      case 'view_as':
      case 'reshape_as': {
        const o = dataOf(p[0]?.v);
        return o ? attach(result, S.reshape(x, o.shape), node) : undefined;
      }
      case 'expand': {
        const s = sizes();
        return s ? attach(result, S.expand(x, s), node) : undefined;
      }
      case 'expand_as': {
        const o = dataOf(p[0]?.v);
        return o ? attach(result, S.expand(x, o.shape), node) : undefined;
      }
      case 'repeat': {
        const s = sizes();
        return s ? attach(result, S.repeat(x, s), node) : undefined;
      }
      case 'permute': {
        const s = sizes() ?? (kw('dims')?.k === 'tuple' ? (kw('dims') as { items: Value[] }).items.map((v) => asInt(v)!) : undefined);
        return s ? attach(result, S.permute(x, s), node) : undefined;
      }
      case 'transpose':
      case 'swapaxes': {
        const a = intArg(0, 'dim0');
        const b = intArg(1, 'dim1');
        return a !== undefined && b !== undefined ? attach(result, S.transpose(x, a, b), node) : undefined;
      }
      case 'flip': {
        const dv = p.length === 1 && p[0]!.v.k === 'tuple' ? p[0]!.v : p.length > 0 ? { k: 'tuple', items: p.map((a) => a.v) } as Value : kw('dims');
        const ds = dv?.k === 'tuple' ? dv.items.map((v) => asInt(v)) : dv ? [asInt(dv)] : undefined;
        return ds && ds.every((d) => d !== undefined) ? attach(result, flip(x, ds as number[]), node, integer) : undefined;
      }
      case 'gather': {
        const d = intArg(0, 'dim');
        const ix = dataOf(p[1]?.v ?? kw('index'));
        return d !== undefined && ix ? attach(result, gather(x, d, ix), node, integer) : undefined;
      }
      case 'index_select': {
        const d = intArg(0, 'dim');
        const ix = dataOf(p[1]?.v ?? kw('index'));
        return d !== undefined && ix ? attach(result, indexSelect(x, d, ix), node, integer) : undefined;
      }
      case 'repeat_interleave': {
        const r = intArg(0, 'repeats');
        const dv = p[1]?.v ?? kw('dim');
        const d = dv && dv.k !== 'none' ? asInt(dv) : undefined;
        if (r === undefined || (dv && dv.k !== 'none' && d === undefined) || kw('output_size')) return undefined;
        return attach(result, repeatInterleave(x, r, d), node, integer);
      }
      case 'masked_select': {
        const m = dataOf(p[0]?.v ?? kw('mask'));
        return m ? attach(result, maskedSelect(x, m), node, integer) : undefined;
      }
      case 'cumsum':
      case 'cumprod': {
        const d = intArg(0, 'dim');
        return d !== undefined ? attach(result, cumulative(x, d, name === 'cumsum' ? 'sum' : 'prod'), node, integer || isBool(x) || undefined) : undefined;
      }
      case 'narrow': {
        // x.narrow(dim, start, length): a slice along dim (start may count from the end)
        const d = intArg(0, 'dim');
        const st = intArg(1, 'start');
        const len = intArg(2, 'length');
        if (d === undefined || st === undefined || len === undefined) return undefined;
        const dd = d < 0 ? d + x.shape.length : d;
        const size = x.shape[dd];
        if (size === undefined) throw new SampleRunError(`Dimension out of range (got ${d})`);
        const start = st < 0 ? st + size : st;
        if (start < 0 || len < 0 || start + len > size) throw new SampleRunError(`start (${st}) + length (${len}) exceeds dimension size (${size}).`);
        return attach(result, S.index(x, [...new Array<S.IndexItem>(dd).fill({ k: 'slice' }), { k: 'slice', start, stop: start + len }]), node, integer);
      }
      case 't':
        if (x.shape.length > 2) throw new SampleRunError(`t() expects a tensor with <= 2 dimensions, but self is ${x.shape.length}D`);
        return attach(result, x.shape.length === 2 ? S.transpose(x, 0, 1) : x, node);
      case 'unsqueeze': {
        const d = intArg(0, 'dim');
        return d !== undefined ? attach(result, S.unsqueeze(x, d), node) : undefined;
      }
      case 'squeeze': {
        if (p.length === 0 && !kw('dim')) return attach(result, S.squeeze(x), node);
        const d = intArg(0, 'dim');
        return d !== undefined ? attach(result, S.squeeze(x, d), node) : undefined;
      }
      case 'flatten':
        return attach(result, S.flatten(x, intArg(0, 'start_dim') ?? 0, intArg(1, 'end_dim') ?? -1), node);
      case 'masked_fill':
      case 'masked_fill_': {
        const m = dataOf(p[0]?.v ?? kw('mask'));
        const v = numberOf(p[1]?.v ?? kw('value')) ?? dataOf(p[1]?.v)?.data[0];
        return m && v !== undefined ? attach(result, maskedFill(x, m, v), node) : undefined;
      }
      case 'clamp':
      case 'clip': {
        const lo = numberOf(p[0]?.v ?? kw('min'));
        const hi = numberOf(p[1]?.v ?? kw('max'));
        return attach(result, clamp(x, lo, hi), node);
      }
      case 'softmax':
      case 'log_softmax': {
        const dv = p[0]?.v ?? kw('dim');
        const d = dv && dv.k !== 'none' ? asInt(dv) : implicitSoftmaxDim(x.shape.length);
        return d !== undefined ? attach(result, softmax(x, d, name === 'log_softmax'), node) : undefined;
      }
      case 'tril':
      case 'triu': {
        if (x.shape.length < 2) throw new SampleRunError(`${name}: input tensor must have at least 2 dimensions`);
        const k = intArg(0, 'diagonal') ?? 0;
        const [r, c] = x.shape.slice(-2) as [number, number];
        const out = tensor([...x.shape], Float32Array.from(x.data));
        for (let i = 0; i < out.data.length; i++) {
          const col = i % c;
          const row = Math.floor(i / c) % r;
          if (name === 'tril' ? col - row > k : col - row < k) out.data[i] = 0;
        }
        return attach(result, out, node);
      }
      case 'matmul':
      case 'mm': {
        const y = dataOf(p[0]?.v);
        return y ? attach(result, matmul(x, y), node) : undefined;
      }
      case 'bmm': {
        const y = dataOf(p[0]?.v);
        return y ? attach(result, bmm(x, y), node) : undefined;
      }
    }
    if (name === 'topk' || name === 'sort' || name === 'argsort') {
      // (values, indices); sort(dim=-1, descending=False), topk(k, dim=-1, largest=True)
      const k = name === 'topk' ? intArg(0, 'k') : undefined;
      const dim = intArg(name === 'topk' ? 1 : 0, 'dim') ?? -1;
      const flagV = name === 'topk' ? p[2]?.v ?? kw('largest') : p[1]?.v ?? kw('descending');
      const desc = flagV?.k === 'bool' ? flagV.v : name === 'topk' ? true : flagV === undefined ? false : undefined;
      if ((name === 'topk' && k === undefined) || desc === undefined) return undefined;
      const d = dim < 0 ? dim + Math.max(x.shape.length, 1) : dim;
      const r = topk(x, k ?? x.shape[d] ?? 1, dim, desc);
      if (name === 'argsort') return attach(result, r.indices, node, true);
      const items = result.k === 'tuple' && result.items.length === 2 ? result.items : [UNKNOWN_VALUE, UNKNOWN_VALUE];
      return { k: 'tuple', items: [attach(items[0]!, r.values, node, integer), attach(items[1]!, r.indices, node, true)] };
    }
    if (REDUCTIONS.has(name)) {
      const dv = p[0]?.v ?? kw('dim');
      // torch.max(a, b): elementwise
      if ((name === 'max' || name === 'min') && dv && dv.k === 'tensor') {
        const y = dataOf(dv);
        return y ? attach(result, binary(x, y, BINARY[name === 'max' ? 'maximum' : 'minimum']!), node) : undefined;
      }
      const dim = dv && dv.k !== 'none' ? asInt(dv) : undefined;
      if (dv && dv.k !== 'none' && dim === undefined) return undefined;
      const keep = p[1]?.v ?? kw('keepdim');
      const r = reduce(x, name as ReduceKind, dim, keep?.k === 'bool' && keep.v === true);
      if (r.indices && result.k === 'tuple') return { ...result, items: [attach(result.items[0]!, r.values, node), attach(result.items[1]!, r.indices, node, true)] };
      return attach(result, r.values, node, name.startsWith('arg') ? true : name === 'sum' || name === 'prod' ? integer || isBool(x) || undefined : undefined);
    }
    return undefined;
  }

  func(path: string, args: CallArgs, result: Value): Value {
    const name = path.slice(path.lastIndexOf('.') + 1);
    const isCreate = path.split('.').length === 2 && CREATE.has(name);
    if (!this.computing && !isCreate) return result;
    const inputs = [...args.pos.map((a) => a.v), ...[...args.kw.values()].map((a) => a.v)];
    if (isCreate) {
      try {
        return this.create(name, args, result, args.pos) ?? result;
      } catch (e) {
        if (this.mode === 'collect') return result;
        throw located(args.node, e);
      }
    }
    return this.guard(args.node, inputs, result, `${path.replace(/^torch\.nn\.functional\./, 'F.')}()`, () => this.runFunc(path, name, args, result));
  }

  private runFunc(path: string, name: string, args: CallArgs, result: Value): Value | undefined {
    const p = args.pos;
    const node = args.node;
    const kw = (k: string): Value | undefined => args.kw.get(k)?.v;
    const flag = (i: number, k: string, def: boolean): boolean => {
      const v = p[i]?.v ?? kw(k);
      return v ? (v.k === 'bool' ? v.v ?? def : v.k === 'int' ? v.dim.value !== 0 : def) : def;
    };
    if (path.startsWith('torch.nn.utils.rnn.')) {
      switch (name) {
        case 'pack_padded_sequence': {
          const x = dataOf(p[0]?.v ?? kw('input'));
          const lv = p[1]?.v ?? kw('lengths');
          const lengths = lv?.k === 'tuple' ? lv.items.map((i) => asInt(i)) : dataOf(lv) ? [...dataOf(lv)!.data] : undefined;
          if (!x || !lengths || lengths.some((l) => l === undefined)) return undefined;
          return attach(result, packPadded(x, lengths as number[], flag(2, 'batch_first', false), flag(3, 'enforce_sorted', true)), node);
        }
        case 'pad_packed_sequence': {
          const sv = p[0]?.v ?? kw('sequence');
          if (sv?.k !== 'packed' || !sv.t.data || result.k !== 'tuple') return undefined;
          const tl = p[3]?.v ?? kw('total_length');
          const [padded, lengths] = padPacked(sv.t.data, flag(1, 'batch_first', false), numberOf(p[2]?.v ?? kw('padding_value')) ?? 0, tl && tl.k !== 'none' ? asInt(tl) : undefined);
          return { ...result, items: [attach(result.items[0]!, padded, node), attach(result.items[1]!, lengths, node, true)] };
        }
        case 'pack_sequence': {
          // pack_sequence(sequences, enforce_sorted=True): pad_sequence, then pack with their lengths
          const sv = p[0]?.v ?? kw('sequences');
          const seqs = sv?.k === 'tuple' && !sv.count ? sv.items.map(dataOf) : undefined;
          if (!seqs || seqs.length === 0 || seqs.some((s) => !s || s.shape.length === 0) || result.k !== 'packed') return undefined;
          const ds = seqs as TensorData[];
          const padded = padSequence(ds, false, 0);
          return attach(result, packPadded(padded, ds.map((s) => s.shape[0]!), false, flag(1, 'enforce_sorted', true)), node);
        }
        case 'pad_sequence': {
          const sv = p[0]?.v ?? kw('sequences');
          const seqs = sv?.k === 'tuple' ? sv.items.map(dataOf) : undefined;
          if (!seqs || seqs.some((s) => !s)) return undefined;
          return attach(result, padSequence(seqs as TensorData[], flag(1, 'batch_first', false), numberOf(p[2]?.v ?? kw('padding_value')) ?? 0), node);
        }
      }
      return undefined;
    }
    const seq = (v: Value | undefined): TensorData[] | undefined => {
      if (v?.k !== 'tuple' || v.count) return undefined;
      const ds = v.items.map(dataOf);
      return ds.every((d): d is TensorData => d !== undefined) ? ds : undefined;
    };
    switch (name) {
      case 'no_grad':
      case 'enable_grad':
      case 'inference_mode':
      case 'set_grad_enabled':
        // context managers for autograd: a run computes no gradients either way
        return path === `torch.${name}` || path === `torch.autograd.grad_mode.${name}` ? result : undefined;
      case 'cat':
      case 'concat':
      case 'concatenate':
      case 'stack': {
        const ts = seq(p[0]?.v ?? kw('tensors'));
        const d = asInt(p[1]?.v ?? kw('dim') ?? kw('axis') ?? { k: 'int', dim: Dim.of(0) });
        if (!ts || d === undefined) return undefined;
        return attach(result, name === 'stack' ? S.stack(ts, d) : S.cat(ts, d), node);
      }
      case 'where': {
        const [c, a, b] = [0, 1, 2].map((i) => dataOf(p[i]?.v));
        return c && a && b ? attach(result, where(c, a, b), node) : undefined;
      }
      case 'maximum':
      case 'minimum': {
        const [a, b] = [0, 1].map((i) => dataOf(p[i]?.v));
        return a && b ? attach(result, binary(a, b, BINARY[name]!), node) : undefined;
      }
      case 'dropout':
      case 'dropout1d':
      case 'dropout2d':
      case 'alpha_dropout': {
        const x = dataOf(p[0]?.v ?? kw('input'));
        const pr = numberOf(p[1]?.v ?? kw('p')) ?? 0.5;
        const training = p[2]?.v ?? kw('training');
        // F.dropout defaults to training=True: random unless p == 0 or training is False.
        const off = pr === 0 || (training?.k === 'bool' && training.v === false);
        if (!off) throw new SampleRunError(`F.${name} with training=True drops at random (pass training=self.training; a run is in eval mode)`);
        return x ? attach(result, x, node) : undefined;
      }
      case 'linear': {
        const [x, w, b] = [dataOf(p[0]?.v ?? kw('input')), dataOf(p[1]?.v ?? kw('weight')), dataOf(p[2]?.v ?? kw('bias'))];
        return x && w ? attach(result, linear(x, w, b), node) : undefined;
      }
      case 'embedding': {
        const [x, w] = [dataOf(p[0]?.v ?? kw('input')), dataOf(p[1]?.v ?? kw('weight'))];
        return x && w ? attach(result, embedding(x, w), node, false) : undefined;
      }
      case 'layer_norm': {
        const x = dataOf(p[0]?.v ?? kw('input'));
        const ns = p[1]?.v ?? kw('normalized_shape');
        const shape = ns?.k === 'tuple' ? ns.items.map((i) => asInt(i)) : [asInt(ns ?? { k: 'none' })];
        if (!x || shape.some((s) => s === undefined)) return undefined;
        return attach(result, layerNorm(x, shape as number[], dataOf(p[2]?.v ?? kw('weight')), dataOf(p[3]?.v ?? kw('bias')), numberOf(p[4]?.v ?? kw('eps')) ?? 1e-5), node);
      }
      case 'cross_entropy':
      case 'nll_loss': {
        // F.cross_entropy(input, target, weight=None, size_average, ignore_index=-100, reduce, reduction='mean', label_smoothing=0.0)
        const x = dataOf(p[0]?.v ?? kw('input'));
        const t = dataOf(p[1]?.v ?? kw('target'));
        const w = p[2]?.v ?? kw('weight');
        const ls = numberOf(kw('label_smoothing')) ?? 0;
        const red = p[6]?.v ?? kw('reduction');
        const reduction = red === undefined ? 'mean' : red.k === 'str' && (red.v === 'mean' || red.v === 'sum' || red.v === 'none') ? red.v : undefined;
        if (!x || !t || (w && w.k !== 'none') || ls !== 0 || reduction === undefined || p.length > 7 || kw('size_average') || kw('reduce')) return undefined;
        const ignore = asInt(p[4]?.v ?? kw('ignore_index') ?? { k: 'int', dim: Dim.of(-100) });
        if (ignore === undefined) return undefined;
        return attach(result, (name === 'cross_entropy' ? crossEntropy : nllLoss)(x, t, ignore, reduction as Reduction), node, false);
      }
      case 'pad': {
        // F.pad(input, pad, mode='constant', value=0)
        const x = dataOf(p[0]?.v ?? kw('input'));
        const pv = p[1]?.v ?? kw('pad');
        const mode = p[2]?.v ?? kw('mode');
        const pads = pv?.k === 'tuple' ? pv.items.map((i) => asInt(i)) : undefined;
        if (!x || !pads || pads.some((q) => q === undefined) || (mode && !(mode.k === 'str' && mode.v === 'constant'))) return undefined;
        return attach(result, S.constantPad(x, pads as number[], numberOf(p[3]?.v ?? kw('value')) ?? 0), node);
      }
      case 'einsum': {
        // einsum(equation, *operands) or einsum(equation, [operands])
        const eq = p[0]?.v;
        const rest = p.length === 2 && p[1]!.v.k === 'tuple' ? p[1]!.v.items : p.slice(1).map((a) => a.v);
        const ts = rest.map(dataOf);
        if (eq?.k !== 'str' || eq.v === undefined || ts.length === 0 || ts.some((t) => !t)) return undefined;
        const r = einsum(eq.v, ts as TensorData[]);
        return r ? attach(result, r, node) : undefined;
      }
      case 'max_pool1d':
      case 'avg_pool1d': {
        // F.max_pool1d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False)
        // F.avg_pool1d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True)
        const x = dataOf(p[0]?.v ?? kw('input'));
        const names = name === 'max_pool1d' ? ['kernel_size', 'stride', 'padding', 'dilation', 'ceil_mode', 'return_indices'] : ['kernel_size', 'stride', 'padding', 'ceil_mode', 'count_include_pad'];
        const get = (k: string): Value | undefined => (names.includes(k) ? p[names.indexOf(k) + 1]?.v : undefined) ?? kw(k);
        const ri = get('return_indices');
        if (ri && !(ri.k === 'bool' && ri.v === false)) return undefined;
        const o = poolOptions(get);
        return x && o ? attach(result, pool1d(x, name === 'max_pool1d' ? 'max' : 'avg', o), node) : undefined;
      }
      case 'adaptive_max_pool1d':
      case 'adaptive_avg_pool1d': {
        const x = dataOf(p[0]?.v ?? kw('input'));
        const size = poolInt(p[1]?.v ?? kw('output_size'));
        const ri = p[2]?.v ?? kw('return_indices');
        if (ri && !(ri.k === 'bool' && ri.v === false)) return undefined;
        return x && size !== undefined ? attach(result, adaptivePool1d(x, name === 'adaptive_max_pool1d' ? 'max' : 'avg', size), node) : undefined;
      }
      case 'one_hot': {
        const x = dataOf(p[0]?.v);
        const n = asInt(p[1]?.v ?? kw('num_classes') ?? { k: 'none' });
        if (!x || n === undefined || n < 0) return undefined;
        const out = tensor([...x.shape, n]);
        x.data.forEach((v, i) => {
          if (v < 0 || v >= n) throw new SampleRunError('Class values must be smaller than num_classes.');
          out.data[i * n + v] = 1;
        });
        return attach(result, out, node, true);
      }
    }
    const x = dataOf(p[0]?.v ?? kw('input'));
    if (!x) return undefined;
    const integer = p[0]?.v.k === 'tensor' ? p[0].v.t.integer : undefined;
    if (name === 'chunk' || name === 'split' || name === 'unbind') return this.pieces(name, x, { ...args, pos: p.slice(1) }, integer);
    if (METHOD_BINARY[name] && path === `torch.${name}`) {
      // torch.mul(a, b), torch.add(a, b), torch.eq(a, b), ... as the operators (no alpha / out)
      if (p.length !== 2 || args.kw.size > 0) return undefined;
      return this.binary(METHOD_BINARY[name]!, p[0]!.v, p[1]!.v, node, result);
    }
    return this.tensorOp(name, x, args, p.slice(1), result, node, integer);
  }

  /** Tensor creation: sizes from the symbolic result (the same arguments), values as torch makes them. */
  private create(name: string, args: CallArgs, result: Value, p: readonly Arg[]): Value | undefined {
    const kw = (k: string): Value | undefined => args.kw.get(k)?.v;
    const node = args.node;
    const integer = result.k === 'tensor' ? result.t.integer : undefined;
    if (name === 'tensor' || name === 'as_tensor' || name === 'LongTensor' || name === 'FloatTensor') {
      const flat: number[] = [];
      const shape: number[] = [];
      const walk = (v: Value, depth: number): boolean => {
        if (v.k === 'tuple') {
          if (shape.length <= depth) shape.push(v.items.length);
          else if (shape[depth] !== v.items.length) return false;
          return v.items.every((x) => walk(x, depth + 1));
        }
        const d = v.k === 'tensor' ? dataOf(v) : undefined;
        if (d && d.shape.length === 0) {
          flat.push(d.data[0]!);
          return true;
        }
        const n = numberOf(v);
        if (n === undefined) return false;
        flat.push(n);
        return true;
      };
      const src = p[0]?.v;
      if (!src) return undefined;
      if (src.k === 'tensor' && dataOf(src)) return attach(result, dataOf(src)!, node);
      if (!walk(src, 0)) return undefined;
      return attach(result, { shape, data: Float32Array.from(flat) }, node);
    }
    if (name === 'arange') {
      const nums = p.map((a) => numberOf(a.v));
      if (nums.some((n) => n === undefined) || nums.length === 0) return undefined;
      const [start, end, step] = nums.length === 1 ? [0, nums[0]!, 1] : [nums[0]!, nums[1]!, nums[2] ?? 1];
      const n = Math.max(0, Math.ceil((end - start) / step));
      return attach(result, { shape: [n], data: Float32Array.from({ length: n }, (_, i) => start + i * step) }, node);
    }
    if (result.k !== 'tensor' || !result.t.dims || result.t.dims.some((d) => d.d.value === undefined || d.d.value < 0)) return undefined;
    const shape = result.t.dims.map((d) => d.d.value!);
    const n = numel(shape);
    const rng = this.host.rng;
    const base = name.replace(/_like$/, '');
    switch (base) {
      case 'zeros':
      case 'empty':
        return attach(result, full(shape, 0), node);
      case 'ones':
        return attach(result, full(shape, 1), node);
      case 'full': {
        const fill = numberOf(name === 'full_like' ? p[1]?.v ?? kw('fill_value') : p[1]?.v ?? kw('fill_value') ?? (name === 'full' ? undefined : p[0]?.v));
        return fill === undefined ? undefined : attach(result, full(shape, fill), node);
      }
      case 'randn':
        return attach(result, { shape, data: Float32Array.from({ length: n }, () => rng.normal()) }, node);
      case 'rand':
        return attach(result, { shape, data: Float32Array.from({ length: n }, () => rng.next()) }, node);
      case 'randint': {
        // randint(high, size) or randint(low, high, size); randint_like(x, high) / (x, low, high)
        const nums = (name === 'randint_like' ? p.slice(1) : p).map((a) => numberOf(a.v)).filter((x): x is number => x !== undefined);
        const lo = kw('low') ? numberOf(kw('low')) : nums.length >= 2 ? nums[0] : 0;
        const hi = kw('high') ? numberOf(kw('high')) : nums.length >= 2 ? nums[1] : nums[0];
        if (lo === undefined || hi === undefined || hi <= lo) return undefined;
        return attach(result, { shape, data: Float32Array.from({ length: n }, () => lo + Math.floor(rng.next() * (hi - lo))) }, node, true);
      }
    }
    void integer;
    return undefined;
  }

  binary(op: string, a: Value, b: Value, node: Node, result: Value): Value {
    if (a.k !== 'tensor' && b.k !== 'tensor') return result;
    if (!this.computing) return result;
    return this.guard(node, [a, b], result, `'${op}'`, () => {
      const x = dataOf(a);
      const y = dataOf(b);
      if (!x || !y) return undefined;
      if (op === '@') return attach(result, matmul(x, y), node);
      const f = BINARY[op];
      if (!f) return undefined;
      const intOut = a.k === 'tensor' && a.t.integer && (b.k === 'int' || (b.k === 'tensor' && b.t.integer)) && op !== '/';
      const r = binary(x, y, f);
      const out = attach(result, r, node, ['<', '<=', '>', '>=', '==', '!=', '&', '|', '^'].includes(op) ? undefined : intOut || undefined);
      const logical = ['&', '|', '^'].includes(op) && isBool(x) && isBool(y);
      return ['<', '<=', '>', '>=', '==', '!='].includes(op) || logical ? asBool(out) : out;
    });
  }

  unary(op: string, v: Value, node: Node, result: Value): Value {
    if (!this.computing) return result;
    return this.guard(node, [v], result, `'${op}'`, () => {
      const x = dataOf(v);
      if (!x) return undefined;
      if (op === '-') return attach(result, unary(x, UNARY.neg!), node);
      if (op === '~') return isBool(x) ? asBool(attach(result, unary(x, UNARY.not!), node)) : attach(result, unary(x, UNARY.not!), node);
      return undefined;
    });
  }

  index(v: Value, subs: readonly Node[], evalNode: (n: Node) => Value, node: Node, result: Value): Value {
    if (!this.computing) return result;
    return this.guard(node, [v], result, 'indexing', () => {
      const x = dataOf(v);
      if (!x) return undefined;
      const items = this.indexItems(subs, evalNode);
      return items ? attach(result, S.index(x, items), node) : undefined;
    });
  }

  /** `x[...] = value` (and `x[...] += value`) in place, the value broadcast to the selected elements. */
  store(v: Value, subs: readonly Node[], evalNode: (n: Node) => Value, node: Node, value: Value): void {
    const x = dataOf(v);
    const val = dataOf(value);
    if (!x || !val) throw new SampleRunError(`${where_(node)}: assigning ${!x ? 'into this value' : 'this value'} is not supported in sample runs`);
    if (x.data.length > 1 << 24) throw new SampleRunError(`${where_(node)}: indexed assignment into more than 2^24 elements is not supported in sample runs`);
    try {
      const items = this.indexItems(subs, evalNode);
      if (!items) throw new SampleRunError('this index is not known');
      const pos = S.index({ shape: x.shape, data: Float32Array.from({ length: x.data.length }, (_, i) => i) }, items);
      // torch drops leading 1-dims of the value, then broadcasts it to the selection
      let shape = val.shape;
      while (shape.length > pos.shape.length && shape[0] === 1) shape = shape.slice(1);
      const src = S.expand({ shape, data: val.data }, pos.shape);
      for (let k = 0; k < pos.data.length; k++) x.data[pos.data[k]!] = src.data[k]!;
    } catch (e) {
      throw located(node, e);
    }
  }

  private indexItems(subs: readonly Node[], evalNode: (n: Node) => Value): S.IndexItem[] | undefined {
    {
      const nodes = subs.length === 1 && (subs[0]!.type === 'tuple' || subs[0]!.type === 'expression_list') ? subs[0]!.namedChildren.filter((c): c is Node => c !== null) : [...subs];
      const items: S.IndexItem[] = [];
      for (const n of nodes) {
        if (n.type === 'ellipsis') items.push({ k: 'ellipsis' });
        else if (n.type === 'none') items.push({ k: 'none' });
        else if (n.type === 'slice') {
          const [s, e, st] = sliceParts(n).map((q) => (q ? evalNode(q) : undefined));
          const num = (q: Value | undefined): number | undefined | null => (q === undefined || q.k === 'none' ? undefined : asInt(q) ?? null);
          const [a, b, c] = [num(s), num(e), num(st)];
          if (a === null || b === null || c === null) return undefined;
          items.push({ k: 'slice', start: a, stop: b, step: c });
        } else {
          const iv = evalNode(n);
          if (iv.k === 'tensor' && iv.t.data) {
            const t = iv.t.data;
            if (t.shape.length === 0 && iv.t.integer) items.push({ k: 'int', i: t.data[0]! });
            else items.push({ k: 'tensor', t, bool: iv.t.integer !== true });
          } else if (iv.k === 'tuple' && !iv.count) {
            const xs = iv.items.map((i) => asInt(i));
            if (xs.some((q) => q === undefined)) return undefined;
            items.push({ k: 'tensor', t: { shape: [xs.length], data: Float32Array.from(xs as number[]) }, bool: false });
          } else {
            const i = asInt(iv);
            if (i === undefined) return undefined;
            items.push({ k: 'int', i });
          }
        }
      }
      return items;
    }
  }

  attribute(v: Value, attr: string, result: Value): Value {
    const x = v.k === 'tensor' ? dataOf(v) : undefined;
    if (!this.computing || v.k !== 'tensor' || !x) return result;
    if (attr === 'data') return concreteTensor(x, v.t.integer ?? false);
    if (attr === 'T' || attr === 'mT') {
      const r = x.shape.length;
      const order = attr === 'T' ? x.shape.map((_, i) => r - 1 - i) : x.shape.map((_, i) => (i === r - 1 ? r - 2 : i === r - 2 ? r - 1 : i));
      return concreteTensor(S.permute(x, order), v.t.integer ?? false);
    }
    return result;
  }
}

/** An int, or a 1-tuple of one, as pooling arguments are given. */
function poolInt(v: Value | undefined): number | undefined {
  if (!v || v.k === 'none') return undefined;
  return v.k === 'tuple' ? (v.items.length === 1 ? asInt(v.items[0]!) : undefined) : asInt(v);
}

/** Pooling options from constructor or call arguments by name (stride None: the kernel size). */
function poolOptions(get: (k: string) => Value | undefined): { kernel: number; stride: number; padding: number; dilation: number; ceilMode: boolean; countIncludePad: boolean } | undefined {
  const kernel = poolInt(get('kernel_size'));
  const st = get('stride');
  const stride = st === undefined || st.k === 'none' ? kernel : poolInt(st);
  const padding = get('padding') ? poolInt(get('padding')) : 0;
  const dilation = get('dilation') ? poolInt(get('dilation')) : 1;
  const flag = (k: string, def: boolean): boolean | undefined => {
    const v = get(k);
    return v === undefined ? def : v.k === 'bool' ? v.v : undefined;
  };
  const ceilMode = flag('ceil_mode', false);
  const countIncludePad = flag('count_include_pad', true);
  if (kernel === undefined || stride === undefined || padding === undefined || dilation === undefined || ceilMode === undefined || countIncludePad === undefined) return undefined;
  return { kernel, stride, padding, dilation, ceilMode, countIncludePad };
}

/** F.softmax without dim: torch's legacy choice (0 for 0-, 1- and 3-D input, else 1). */
function implicitSoftmaxDim(rank: number): number {
  return rank === 0 || rank === 1 || rank === 3 ? 0 : 1;
}
