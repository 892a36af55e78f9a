// PyTorch's recurrent layers (RNN, LSTM, GRU and their cells): constructor signatures and checks,
// the shapes a call returns, the checks forward() makes, and parameter shapes. torch 2.x semantics.
import type { Node } from '../syntax';
import { Dim } from '../dim';
import { Codes } from '../diagnosticCodes';
import type { ArgFact, FixFact, ParamShapeFact, RecurrentKind, RecurrentSpec, TextEditFact } from '../facts';
import { bindArgs, blameNode, editAt, replaceFix, type Arg, type CallArgs, type Reporter } from '../context';
import { layerCallFact } from './recurrentCall';
import {
  asDim,
  asInt,
  dimChoices,
  intV,
  isUnknownDim,
  unknownDim,
  showValue,
  tensorV,
  type DimEntry,
  type Layer,
  type Value,
} from '../values';

export const RECURRENT_KINDS: readonly RecurrentKind[] = ['RNN', 'LSTM', 'GRU', 'RNNCell', 'LSTMCell', 'GRUCell'];

export function isRecurrentKind(k: string): k is RecurrentKind {
  return (RECURRENT_KINDS as readonly string[]).includes(k);
}

const T: Value = { k: 'bool', v: true };
const F: Value = { k: 'bool', v: false };
const NONE: Value = { k: 'none' };

type Params = readonly (readonly [string, Value | undefined])[];

// torch 2.x signatures. RNN takes `nonlinearity` as its 4th positional argument in 2.x (in 1.13 the
// 4th positional was `bias`); we follow 2.x.
const SIGNATURES: Record<RecurrentKind, Params> = {
  RNN: [
    ['input_size', undefined], ['hidden_size', undefined], ['num_layers', intV(1)], ['nonlinearity', { k: 'str', v: 'tanh' }],
    ['bias', T], ['batch_first', F], ['dropout', { k: 'float', v: 0 }], ['bidirectional', F], ['device', NONE], ['dtype', NONE],
  ],
  LSTM: [
    ['input_size', undefined], ['hidden_size', undefined], ['num_layers', intV(1)], ['bias', T], ['batch_first', F],
    ['dropout', { k: 'float', v: 0 }], ['bidirectional', F], ['proj_size', intV(0)], ['device', NONE], ['dtype', NONE],
  ],
  GRU: [
    ['input_size', undefined], ['hidden_size', undefined], ['num_layers', intV(1)], ['bias', T], ['batch_first', F],
    ['dropout', { k: 'float', v: 0 }], ['bidirectional', F], ['device', NONE], ['dtype', NONE],
  ],
  RNNCell: [['input_size', undefined], ['hidden_size', undefined], ['bias', T], ['nonlinearity', { k: 'str', v: 'tanh' }], ['device', NONE], ['dtype', NONE]],
  LSTMCell: [['input_size', undefined], ['hidden_size', undefined], ['bias', T], ['device', NONE], ['dtype', NONE]],
  GRUCell: [['input_size', undefined], ['hidden_size', undefined], ['bias', T], ['device', NONE], ['dtype', NONE]],
};

const isCell = (k: string) => k.endsWith('Cell');
const gates = (k: string) => (k.startsWith('LSTM') ? 4 : k.startsWith('GRU') ? 3 : 1);

/** The resolved configuration of a recurrent layer; sizes may be symbolic or unknown. */
export interface RecurrentConfig {
  kind: RecurrentKind;
  inputSize?: Dim;
  hidden?: Dim;
  numLayers: Dim;
  proj: Dim;
  bidirectional?: boolean;
  batchFirst?: boolean;
  bias?: boolean;
  nonlinearity?: string;
  dropout?: number;
}

export function recurrentConfig(layer: Layer): RecurrentConfig {
  const a = layer.args;
  const b = (n: string) => {
    const v = a.get(n);
    return v?.k === 'bool' ? v.v : v?.k === 'int' && v.dim.value !== undefined ? v.dim.value !== 0 : undefined;
  };
  const d = (n: string, def: number) => {
    const v = a.get(n);
    return v ? (asDim(v) ?? undefined) : Dim.of(def);
  };
  const nl = a.get('nonlinearity');
  const dr = a.get('dropout');
  return {
    kind: layer.kind as RecurrentKind,
    inputSize: a.get('input_size') ? asDim(a.get('input_size')!) : undefined,
    hidden: a.get('hidden_size') ? asDim(a.get('hidden_size')!) : undefined,
    numLayers: d('num_layers', 1) ?? Dim.sym('num_layers'),
    proj: d('proj_size', 0) ?? Dim.sym('proj_size'),
    bidirectional: b('bidirectional'),
    batchFirst: b('batch_first'),
    bias: b('bias'),
    nonlinearity: nl?.k === 'str' ? nl.v : undefined,
    dropout: dr?.k === 'float' ? dr.v : dr?.k === 'int' ? dr.dim.value : undefined,
  };
}

/** D: 2 for bidirectional, 1 otherwise, symbolic when unknown. */
function directions(c: RecurrentConfig): Dim {
  return c.bidirectional === undefined ? Dim.sym('D') : Dim.of(c.bidirectional ? 2 : 1);
}

/** H_out: proj_size when > 0, else hidden_size. */
function hOut(c: RecurrentConfig): Dim | undefined {
  const p = c.proj.value;
  if (p === undefined) return undefined;
  return p > 0 ? c.proj : c.hidden;
}

function symOr(d: Dim | undefined, name: string): Dim {
  return d ?? Dim.sym(name);
}

/** Construct a recurrent layer: bind arguments as torch does and report what torch would reject. */
export function constructRecurrent(kind: RecurrentKind, args: CallArgs, rep: Reporter, id: number): Layer {
  const sig = SIGNATURES[kind];
  const bound = bindArgs(kind, sig, args);
  const layer: Layer = { kind, id, node: args.node, args: bound.values, given: bound.nodes, valid: true };
  const fail = (code: string, message: string, arg?: string, fixes?: ReturnType<typeof replaceFix>[]) => {
    layer.valid = false;
    rep.report(blameNode(args.node, arg ? bound.nodes.get(arg) : undefined), 'error', code, message, fixes);
  };

  if (bound.error) {
    const nlKw = args.kw.get('nonlinearity');
    if (nlKw && kind !== 'RNN' && kind !== 'RNNCell') {
      fail(Codes.nonlinearityNotAccepted, `${kind} has no 'nonlinearity' argument (only nn.RNN and nn.RNNCell do): ${bound.error}`, 'nonlinearity');
      return layer;
    }
    const projKw = args.kw.get('proj_size');
    if (projKw && (kind === 'RNN' || kind === 'GRU')) {
      fail(Codes.projSizeInvalid, `proj_size argument is only supported for LSTM, not RNN or GRU`, 'proj_size');
      return layer;
    }
    fail(Codes.constructorArgs, bound.error);
    return layer;
  }

  const v = bound.values;
  // nonlinearity (RNN checks it in __init__; RNNCell only when called).
  if (kind === 'RNN') {
    const nl = v.get('nonlinearity')!;
    if (nl.k === 'str' && nl.v !== undefined && nl.v !== 'tanh' && nl.v !== 'relu') {
      const node = bound.nodes.get('nonlinearity');
      fail(
        Codes.nonlinearityUnknown,
        `Unknown nonlinearity '${nl.v}'. Select from 'tanh' or 'relu'.`,
        'nonlinearity',
        node ? [replaceFix(`Use 'tanh'`, node, `'tanh'`), replaceFix(`Use 'relu'`, node, `'relu'`)] : [],
      );
      return layer;
    }
  }
  if (isCell(kind)) {
    checkSizeTypes(kind, v, fail, ['input_size', 'hidden_size']);
    return layer;
  }

  // RNNBase.__init__ order (torch 2.x): dropout range, dropout warning, hidden_size type, sizes > 0,
  // proj_size.
  const dropout = v.get('dropout')!;
  const dval = dropout.k === 'float' ? dropout.v : dropout.k === 'int' ? dropout.dim.value : undefined;
  if (dropout.k === 'bool' || (dval !== undefined && (dval < 0 || dval > 1))) {
    fail(Codes.dropoutRange, `dropout should be a number in range [0, 1] representing the probability of an element being zeroed`, 'dropout');
    return layer;
  }
  const nl = asInt(v.get('num_layers')!);
  if (dval !== undefined && dval > 0 && nl === 1) {
    rep.report(
      blameNode(args.node, bound.nodes.get('dropout')),
      'warning',
      Codes.dropoutSingleLayer,
      `dropout option adds dropout after all but last recurrent layer, so non-zero dropout expects num_layers greater than 1, but got dropout=${dval} and num_layers=1`,
    );
  }
  if (!checkSizeTypes(kind, v, fail, ['hidden_size', 'num_layers', 'input_size'])) return layer;
  if (kind === 'LSTM') {
    const proj = v.get('proj_size')!;
    const p = asDim(proj);
    const h = asDim(v.get('hidden_size')!);
    if (p && p.value !== undefined && p.value < 0) {
      fail(Codes.projSizeInvalid, `proj_size should be a positive integer or zero to disable projections`, 'proj_size');
      return layer;
    }
    if (p && h && p.value !== 0 && !isUnknownDim(p) && !isUnknownDim(h) && h.sub(p).provablyNonPositive()) {
      fail(Codes.projSizeInvalid, `proj_size has to be smaller than hidden_size (got proj_size=${p}, hidden_size=${h})`, 'proj_size');
      return layer;
    }
  }
  return layer;
}

/** Type and positivity checks on sizes; false (after reporting) when torch would raise. */
function checkSizeTypes(
  kind: RecurrentKind,
  v: Map<string, Value>,
  fail: (code: string, message: string, arg?: string) => void,
  names: string[],
): boolean {
  for (const name of names) {
    const x = v.get(name);
    if (!x) continue;
    // torch 2.x raises TypeError for a non-int size (1.13 accepted floats like 20/2 = 10.0 for
    // hidden_size and failed later or not at all).
    if (x.k === 'float' || x.k === 'str' || x.k === 'none' || x.k === 'tuple') {
      if (name === 'input_size' && x.k === 'float') {
        fail(Codes.sizeNotInt, `${name} should be of type int, got: float (use // for integer division)`, name);
        return false;
      }
      fail(Codes.sizeNotInt, `${name} should be of type int, got: ${pyType(x)}${x.k === 'float' ? ' (use // for integer division)' : ''}`, name);
      return false;
    }
    const d = asDim(x);
    // Cells accept 0 (torch has no check) but fail on negative sizes; layers reject ≤ 0 (input_size
    // only in newer 2.x releases).
    if (d && d.provablyNonPositive() && !isUnknownDim(d)) {
      if (isCell(kind) && (d.value === undefined || d.value >= 0)) continue;
      fail(Codes.sizeNotPositive, `${name} must be greater than zero (got ${d})`, name);
      return false;
    }
  }
  return true;
}

function pyType(v: Value): string {
  return v.k === 'float' ? 'float' : v.k === 'str' ? 'str' : v.k === 'none' ? 'NoneType' : v.k === 'tuple' ? (v.list ? 'list' : 'tuple') : v.k;
}

// ---------------------------------------------------------------------------------------------
// Calling a layer

function dimEntry(d: Dim, role: string, why = ''): DimEntry {
  return { d, role, why };
}

function showDims(dims: readonly Dim[]): string {
  return '(' + dims.map((d) => d.toString()).join(', ') + ')';
}

/** The roles of the leading dim of h_n: D*num_layers, with why. */
function layersDim(c: RecurrentConfig): DimEntry {
  const D = directions(c);
  const d = D.mul(c.numLayers);
  const why =
    c.bidirectional === undefined
      ? 'directions × num_layers'
      : `${c.bidirectional ? '2 directions' : '1 direction'} × ${c.numLayers.value !== undefined ? `${c.numLayers} layer${c.numLayers.value === 1 ? '' : 's'}` : c.numLayers}`;
  return dimEntry(d, 'D*num_layers', why);
}

function hOutEntry(c: RecurrentConfig, D: Dim | undefined): DimEntry {
  const h = symOr(hOut(c), 'H_out');
  const p = c.proj.value ?? 0;
  const hs = symOr(c.hidden, 'H');
  // `hidden 20` for a number, the symbol alone (`hidden_size`) when it already names itself.
  const what = p > 0 ? (c.proj.value !== undefined ? `proj_size ${c.proj}` : `${c.proj}`) : hs.value !== undefined ? `hidden ${hs}` : `${hs}`;
  if (!D) return dimEntry(h, p > 0 ? 'H_out = proj_size' : 'H_out = hidden_size', '');
  const total = D.mul(h);
  const dv = D.value;
  return dimEntry(total, 'D*H_out', dv === 1 ? (p > 0 ? `proj_size ${c.proj}` : '') : dv === 2 ? `2 directions × ${what}` : `directions × ${what}`);
}

/**
 * Input sizes each layer has already taken without error. "Change input_size to …" is offered only when no
 * earlier call took a different size: otherwise the fix would break that call (a layer fed 16-wide
 * embeddings and later 24-wide ones has no input_size that fits both).
 */
const acceptedInputSizes = new WeakMap<Layer, Dim[]>();

function noteInputSize(layer: Layer, size: Dim): void {
  const seen = acceptedInputSizes.get(layer) ?? [];
  if (!seen.some((d) => d.toString() === size.toString())) seen.push(size);
  acceptedInputSizes.set(layer, seen);
}

function inputSizeFix(layer: Layer, last: Dim): ReturnType<typeof replaceFix>[] {
  const fixNode = layer.given.get('input_size');
  if (!fixNode || last.value === undefined) return [];
  if ((acceptedInputSizes.get(layer) ?? []).some((d) => d.provablyDiffers(last))) return [];
  return [replaceFix(`Change input_size to ${last}`, fixNode, String(last))];
}

export interface RecurrentCallResult {
  value: Value;
}

/** What `layer(input, hx)` returns, with the checks torch's forward makes. */
export function callRecurrent(layer: Layer, args: CallArgs, rep: Reporter): Value {
  const c = recurrentConfig(layer);
  const call = args.node;
  const err = (code: string, message: string, at?: Node, fixes?: ReturnType<typeof replaceFix>[]) =>
    rep.report(at && at.startPosition.row === call.startPosition.row ? at : blameNode(call), 'error', code, message, fixes);
  if (rep.layerCall) {
    const fact = layerCallFact(layer, args);
    if (fact) rep.layerCall(fact);
  }
  if (isCell(c.kind)) return callCell(layer, c, args, rep);

  const maxPos = 2;
  if (args.pos.length > maxPos && !args.starred) {
    err(Codes.callArgs, `forward() takes from 2 to 3 positional arguments but ${args.pos.length + 1} were given` +
      (c.kind === 'LSTM' ? ' (pass the initial states as one tuple: lstm(x, (h0, c0)))' : ''));
    return { k: 'unknown' };
  }
  const input = args.pos[0] ?? args.kw.get('input');
  const hxArg = args.pos[1] ?? args.kw.get('hx');
  if (!input) return { k: 'unknown' };
  if (input.v.k === 'packed') return callPacked(c, input.v, hxArg, rep, call);
  // An unknown value given to a recurrent layer is a tensor of rank 2 or 3 (refined by use).
  const inputTensor = input.v.k === 'tensor' ? input.v.t : input.v.k === 'unknown' && input.v.name ? { dims: undefined, assumed: true } : undefined;
  if (!inputTensor) return unknownResult(c);
  let dims = inputTensor.dims;
  const assumed = inputTensor.assumed === true;
  if (!dims) {
    // Unknown rank: torch accepts 2-D or 3-D; assume the usual batched 3-D input (the batch taken from
    // h_0 when it is given).
    const h0 = hxArg?.v.k === 'tuple' ? hxArg.v.items[0] : hxArg?.v;
    const h0dims = h0?.k === 'tensor' ? h0.t.dims : undefined;
    dims = assumedInputDims(c, input.v.k === 'unknown' ? input.v.hints : undefined, h0dims?.length === 3 ? h0dims[1]!.d : undefined);
    return forwardShapes(c, dims, true, hxArg, rep, call);
  }
  if (dims.length !== 2 && dims.length !== 3) {
    err(Codes.inputRank, `${c.kind}: Expected input to be 2D or 3D, got ${dims.length}D ${c.kind === 'RNN' ? 'tensor ' : ''}instead`, input.node);
    return unknownResult(c);
  }
  const last = dims[dims.length - 1]!.d;
  if (c.inputSize && last.provablyDiffers(c.inputSize)) {
    err(Codes.inputSize, `input.size(-1) must be equal to input_size. Expected ${c.inputSize}, got ${last}`, input.node, inputSizeFix(layer, last));
    // The fix changes the input, so what follows is unknown (errors after it would be noise).
    return unknownResult(c);
  }
  noteInputSize(layer, last);
  return forwardShapes(c, dims, assumed, hxArg, rep, call);
}

function unknownResult(c: RecurrentConfig): Value {
  const u = tensorV(undefined);
  return { k: 'tuple', items: [u, c.kind === 'LSTM' ? { k: 'tuple', items: [u, u] } : u] };
}

function forwardShapes(
  c: RecurrentConfig,
  dims: DimEntry[],
  assumed: boolean,
  hxArg: Arg | undefined,
  rep: Reporter,
  call: Node,
): Value {
  const batched = dims.length === 3;
  const bf = c.batchFirst;
  const D = directions(c);
  const L = batched ? (bf === undefined ? undefined : dims[bf ? 1 : 0]) : dims[0];
  const N = batched ? (bf === undefined ? undefined : dims[bf ? 0 : 1]) : undefined;
  // batch_first not known (a `**kwargs` may set it): output keeps the input's first two dims, whichever
  // they are; the batch of h_n is unknown.
  const layoutUnknown = batched && bf === undefined;
  const Ld = L ? dimEntry(L.d, 'L sequence length', L.why ?? '') : dimEntry(Dim.sym('L'), 'L sequence length');
  const Nd = N ? dimEntry(N.d, 'N batch', N.why ?? '') : layoutUnknown ? { d: unknownDim() } : dimEntry(Dim.sym('N'), 'N batch');
  const feat = hOutEntry(c, D);
  const outDims = layoutUnknown ? [{ d: dims[0]!.d }, { d: dims[1]!.d }, feat] : batched ? (bf ? [Nd, Ld, feat] : [Ld, Nd, feat]) : [Ld, feat];
  const ld = layersDim(c);
  const hEntry = dimEntry(symOr(hOut(c), 'H_out'), c.proj.value && c.proj.value > 0 ? 'H_out = proj_size' : 'H_out = hidden_size', '');
  const cEntry = dimEntry(symOr(c.hidden, 'H_cell'), 'H_cell = hidden_size', '');
  const hDims = batched ? [ld, Nd, hEntry] : [ld, hEntry];
  const cDims = batched ? [ld, Nd, cEntry] : [ld, cEntry];

  const hNotes = recurrentStateNotes(c, batched);
  // Memory layout: h_n/c_n and a seq-first batched output are contiguous; a batch_first output is torch's
  // transpose of a seq-first one (not contiguous), its layout is left unknown.
  const output = tensorV(outDims, { assumed, notes: outputNotes(c), ...(batched && bf === false ? { contiguous: true } : {}) });
  const h = tensorV(hDims, { assumed, notes: hNotes, ...(batched ? { contiguous: true } : {}) });
  const cc = tensorV(cDims, { assumed, notes: [...hNotes, 'Only the last time step\'s cell state is returned; c_n keeps hidden_size even with proj_size.'], ...(batched ? { contiguous: true } : {}) });

  if (hxArg && hxArg.v.k !== 'none') {
    if (!checkHidden(c, hxArg, batched, assumed, hDims, cDims, rep, call)) {
      return { k: 'tuple', items: [output, c.kind === 'LSTM' ? { k: 'tuple', items: [h, cc], lstmState: true } : h] };
    }
  }
  return { k: 'tuple', items: [output, c.kind === 'LSTM' ? { k: 'tuple', items: [h, cc], lstmState: true } : h] };
}

function outputNotes(c: RecurrentConfig): string[] {
  const notes = ['`output` is one tensor (not a tuple): the last layer\'s hidden state at every time step.'];
  if (c.bidirectional) notes.push('For a bidirectional layer the last dim is [forward | backward]: output[..., :H] forward, output[..., H:] backward.');
  return notes;
}

// Each claim here is checked under torch by test/oracle/state_claims.py.
function recurrentStateNotes(c: RecurrentConfig, batched: boolean): string[] {
  const notes = [batched ? 'h_n is (D*num_layers, N, H_out) whatever batch_first says.' : 'Unbatched input: h_n is (D*num_layers, H_out).'];
  const H = symOr(hOut(c), 'H');
  const bf = c.batchFirst === true && batched;
  const at = (step: string, part: string) => (!batched ? `output[${step}, ${part}]` : bf ? `output[:, ${step}, ${part}]` : `output[${step}, :, ${part}]`);
  if (c.bidirectional) {
    notes.push(
      `h_n[-2] is the last layer's forward final state (= ${at('-1', `:${H}`)}) and ` +
        `h_n[-1] its backward final state (= ${at('0', `${H}:`)}), not ${batched && bf ? 'output[:, -1]' : 'output[-1]'}.`,
    );
  } else if (c.bidirectional === false) {
    notes.push(`h_n[-1] is the last layer's final state, equal to ${!batched ? 'output[-1]' : bf ? 'output[:, -1]' : 'output[-1]'}.`);
  }
  return notes;
}

/**
 * Notes on h_n for a packed input: sequences end at their own lengths, so h_n is not the last padded
 * step of the output (checked under torch 1.13: h_n[-2] == padded[i, len_i - 1, :H], != padded[:, -1, :H]).
 */
function packedStateNotes(c: RecurrentConfig): string[] {
  const notes = ['h_n is (D*num_layers, N, H_out) whatever batch_first says.'];
  const own = 'at each sequence\'s own last step (index length - 1), not at the last padded step: after pad_packed_sequence, output[:, -1] is padding for the shorter sequences';
  if (c.bidirectional) notes.push(`With a packed input, h_n[-2] is the last layer's forward final state ${own}; h_n[-1] is the backward final state (at step 0).`);
  else if (c.bidirectional === false) notes.push(`With a packed input, h_n[-1] is the last layer's final state ${own}.`);
  return notes;
}

/** Check h0 (and c0) against what torch expects; false when an error was reported. */
function checkHidden(
  c: RecurrentConfig,
  hxArg: Arg,
  batched: boolean,
  assumed: boolean,
  hDims: DimEntry[],
  cDims: DimEntry[],
  rep: Reporter,
  call: Node,
): boolean {
  const err = (code: string, message: string, fixes?: ReturnType<typeof replaceFix>[]) =>
    rep.report(blameNode(call, hxArg.node), 'error', code, message, fixes);
  const hx = hxArg.v;
  if (c.kind === 'LSTM') {
    if (hx.k === 'tensor') {
      err(Codes.hiddenTensorToLstm, 'LSTM expects its initial state as a tuple (h_0, c_0), got a single Tensor', [
        ...(hxArg.node.type === 'identifier' ? [replaceFix('Pass (h_0, c_0)', hxArg.node, `(${hxArg.node.text}, torch.zeros_like(${hxArg.node.text}))`)] : []),
      ]);
      return false;
    }
    if (hx.k !== 'tuple') return true;
    if (hx.items.length !== 2) {
      err(Codes.hiddenTensorToLstm, `LSTM expects its initial state as a tuple (h_0, c_0), got a tuple of ${hx.items.length}`);
      return false;
    }
    const [h0, c0] = hx.items as [Value, Value];
    const hr = h0.k === 'tensor' ? h0.t.dims?.length : undefined;
    const cr = c0.k === 'tensor' ? c0.t.dims?.length : undefined;
    const want = batched ? 3 : 2;
    if (!assumed && ((hr !== undefined && hr !== want) || (cr !== undefined && cr !== want))) {
      err(
        Codes.hiddenRank,
        batched
          ? `For batched 3-D input, hx and cx should also be 3-D but got (${hr ?? '?'}-D, ${cr ?? '?'}-D) tensors`
          : `For unbatched 2-D input, hx and cx should also be 2-D but got (${hr ?? '?'}-D, ${cr ?? '?'}-D) tensors`,
      );
      return false;
    }
    const hxNodes = tupleElementNodes(hxArg.node);
    // torch stops at h_0; when c_0 has the same mistake the fix repairs both at once.
    const cBad = stateMismatch(c0, cDims, c, batched);
    if (!compareState(h0, hDims, 'Expected hidden[0] size', c, rep, call, hxNodes[0] ?? hxArg.node, batched, cBad?.fixes)) return false;
    if (!compareState(c0, cDims, 'Expected hidden[1] size', c, rep, call, hxNodes[1] ?? hxArg.node, batched)) return false;
    return true;
  }
  if (hx.k === 'tuple') {
    err(Codes.hiddenTupleToRnn, `${c.kind} expects its initial state as one Tensor h_0, got a tuple (only LSTM takes (h_0, c_0))`);
    return false;
  }
  if (hx.k !== 'tensor') return true;
  const hr = hx.t.dims?.length;
  const want = batched ? 3 : 2;
  if (!assumed && hr !== undefined && hr !== want) {
    err(
      Codes.hiddenRank,
      batched
        ? `For batched 3-D input, hx should also be 3-D but got ${hr}-D tensor`
        : `For unbatched 2-D input, hx should also be 2-D but got ${hr}-D tensor`,
    );
    return false;
  }
  return compareState(hx, hDims, 'Expected hidden size', c, rep, call, hxArg.node, batched);
}

function tupleElementNodes(n: Node): Node[] {
  if (n.type === 'tuple' || n.type === 'parenthesized_expression') return n.codeChildren;
  return [];
}

/** What is wrong with a state tensor against the expected dims (torch's wording), with fixes; undefined when nothing is proven. */
function stateMismatch(v: Value, want: DimEntry[], c: RecurrentConfig, batched: boolean): { expShown: Dim[]; gotShown: Dim[]; why: string[]; fixes: FixFact[] } | undefined {
  if (v.k !== 'tensor' || !v.t.dims || v.t.dims.length !== want.length) return undefined;
  const got = v.t.dims.map((d) => d.d);
  // A batch that takes several sizes over a loop (a shorter last batch) is checked at the size that differs.
  let choiceWhy = '';
  const exp = want.map((d, i) => {
    const among = dimChoices(d.d);
    const g = got[i]!.value;
    const other = among && g !== undefined ? among.find((x) => x !== g) : undefined;
    if (other === undefined) return d.d;
    choiceWhy = `the batch is ${other} on some iteration${d.why ? ` (${d.why})` : ''}, while the state keeps ${g}`;
    return Dim.of(other);
  });
  const bad = got.some((g, i) => g.provablyDiffers(exp[i]!));
  if (!bad) return undefined;
  // torch reports the unbatched case after unsqueezing the batch dim of 1.
  const expShown = batched ? exp : [exp[0]!, Dim.of(1), exp[1]!];
  const gotShown = batched ? got : [got[0]!, Dim.of(1), got[1]!];
  const why: string[] = choiceWhy ? [choiceWhy] : [];
  if (got[0]!.provablyDiffers(exp[0]!)) {
    if (c.bidirectional && exp[0]!.equals(got[0]!.mul(Dim.of(2)))) why.push('the layer is bidirectional, so the first dim is 2 × num_layers');
    else why.push(`the first dim is D*num_layers = ${exp[0]}`);
  }
  const fixes: FixFact[] = [];
  const origin = v.t.origin;
  if (origin && origin.sizeNodes.length === want.length && !choiceWhy) {
    const sizes = origin.sizeNodes;
    // Batch-first layout given: (N, D*num_layers, H) → (D*num_layers, N, H).
    if (batched && got.length === 3 && got[0]!.equals(exp[1]!) && got[1]!.equals(exp[0]!) && !got[0]!.equals(got[1]!) && got[2]!.equals(exp[2]!)) {
      why.push('h_0/c_0 are (D*num_layers, N, H) even with batch_first=True');
      fixes.push({
        title: 'Swap to (D*num_layers, N, H)',
        edits: [
          editAt(sizes[0]!, sizes[1]!.text),
          editAt(sizes[1]!, sizes[0]!.text),
        ],
      });
    } else if (c.bidirectional && exp[0]!.equals(got[0]!.mul(Dim.of(2))) && got.slice(1).every((g, i) => !g.provablyDiffers(exp[i + 1]!))) {
      const doubled = sizes[0]!.type === 'integer' ? String(exp[0]) : `${sizes[0]!.text} * 2`;
      fixes.push(replaceFix(`Use ${doubled} (×2: the layer is bidirectional)`, sizes[0]!, doubled));
    } else {
      const edits = got
        .map((g, i) => (g.provablyDiffers(exp[i]!) && exp[i]!.value !== undefined ? editAt(sizes[i]!, String(exp[i])) : undefined))
        .filter((e): e is TextEditFact => e !== undefined);
      if (edits.length > 0) fixes.push({ title: `Use size ${showDims(exp)}`, edits });
    }
  }
  return { expShown, gotShown, why, fixes };
}

/**
 * Compare a state tensor with the expected dims, reporting torch's message and fixes. `alsoFix`: the
 * fixes of the other state (c_0) with the same mistake, merged into this one's (one fix repairs both).
 */
function compareState(
  v: Value,
  want: DimEntry[],
  label: string,
  c: RecurrentConfig,
  rep: Reporter,
  call: Node,
  argNode: Node,
  batched: boolean,
  alsoFix?: FixFact[],
): boolean {
  const m = stateMismatch(v, want, c, batched);
  if (!m) return true;
  let fixes = m.fixes;
  const other = alsoFix?.[0];
  if (other && fixes.length === 1 && fixes[0]!.title === other.title) {
    const mine = fixes[0]!;
    const seen = new Set(mine.edits.map((e) => JSON.stringify(e.range)));
    const extra = other.edits.filter((e) => !seen.has(JSON.stringify(e.range)));
    if (extra.length > 0) fixes = [{ title: `${mine.title} for h_0 and c_0`, edits: [...mine.edits, ...extra] }];
  }
  rep.report(
    blameNode(call, argNode),
    'error',
    Codes.hiddenShape,
    `${label} ${showDims(m.expShown)}, got [${m.gotShown.map(String).join(', ')}]${m.why.length ? ` (${m.why.join('; ')})` : ''}`,
    fixes,
  );
  return false;
}

/** A PackedSequence input: output is a PackedSequence, h_n as usual. */
function callPacked(c: RecurrentConfig, input: Value, hxArg: Arg | undefined, rep: Reporter, call: Node): Value {
  if (input.k !== 'packed') return unknownResult(c);
  const data = input.t.dims;
  const D = directions(c);
  const feat = hOutEntry(c, D);
  const T = data?.[0] ?? dimEntry(Dim.sym('T'), 'sum of lengths');
  if (data && c.inputSize && data[1] && data[1].d.provablyDiffers(c.inputSize)) {
    rep.report(blameNode(call), 'error', Codes.inputSize, `input.size(-1) must be equal to input_size. Expected ${c.inputSize}, got ${data[1].d}`);
    return unknownResult(c);
  }
  if (input.overrun) {
    const o = input.overrun;
    rep.report(
      blameNode(call),
      'error',
      Codes.packLengths,
      `start (${o.rows}) + length (${o.next}) exceeds dimension size (${o.rows}): the lengths [${o.lengths.join(', ')}] run past the padded length ${o.T}, so the packed batch has only ${o.rows} rows`,
    );
    return unknownResult(c);
  }
  const batch = input.batch ?? dimEntry(Dim.sym('N'), 'N batch');
  const output: Value = { k: 'packed', t: { dims: [T, feat], ...(input.t.values ? { values: input.t.values } : {}) }, batchFirst: input.batchFirst, batch };
  const ld = layersDim(c);
  const hDims = [ld, batch, dimEntry(symOr(hOut(c), 'H_out'), 'H_out')];
  const cDims = [ld, batch, dimEntry(symOr(c.hidden, 'H_cell'), 'H_cell')];
  const h = tensorV(hDims, { notes: packedStateNotes(c) });
  const cc = tensorV(cDims);
  // The initial state of a packed batch is checked like a batched one.
  if (hxArg && hxArg.v.k !== 'none') checkHidden(c, hxArg, true, false, hDims, cDims, rep, call);
  return { k: 'tuple', items: [output, c.kind === 'LSTM' ? { k: 'tuple', items: [h, cc], lstmState: true } : h] };
}

function callCell(layer: Layer, c: RecurrentConfig, args: CallArgs, rep: Reporter): Value {
  const call = args.node;
  const input = args.pos[0] ?? args.kw.get('input');
  const hxArg = args.pos[1] ?? args.kw.get('hx');
  const kind = c.kind;
  const err = (code: string, message: string, at?: Node) => rep.report(blameNode(call, at), 'error', code, message);
  if (args.pos.length > 2 && !args.starred) {
    err(Codes.callArgs, `forward() takes from 2 to 3 positional arguments but ${args.pos.length + 1} were given` + (kind === 'LSTMCell' ? ' (pass (h, c) as one tuple)' : ''));
    return { k: 'unknown' };
  }
  if (kind === 'RNNCell' && c.nonlinearity !== undefined && c.nonlinearity !== 'tanh' && c.nonlinearity !== 'relu') {
    const node = layer.given.get('nonlinearity');
    rep.report(blameNode(call), 'error', Codes.nonlinearityUnknown, `Unknown nonlinearity: ${c.nonlinearity} (select from 'tanh' or 'relu')`,
      node ? [replaceFix(`Use 'tanh'`, node, `'tanh'`), replaceFix(`Use 'relu'`, node, `'relu'`)] : []);
    return { k: 'unknown' };
  }
  const H = symOr(c.hidden, 'H');
  const hEntry = dimEntry(H, 'hidden_size');
  const result = (batch: DimEntry | undefined): Value => {
    const h = tensorV(batch ? [batch, hEntry] : [hEntry]);
    return kind === 'LSTMCell' ? { k: 'tuple', items: [h, tensorV(batch ? [batch, hEntry] : [hEntry])] } : h;
  };
  if (!input || input.v.k !== 'tensor') return kind === 'LSTMCell' ? { k: 'tuple', items: [tensorV(undefined), tensorV(undefined)] } : tensorV(undefined);
  const dims = input.v.t.dims;
  if (!dims) {
    // Input of unknown shape: the batch is the state's, when given.
    const st = hxArg?.v.k === 'tuple' ? hxArg.v.items[0] : hxArg?.v;
    const sd = st?.k === 'tensor' ? st.t.dims : undefined;
    return result(sd?.length === 2 ? dimEntry(sd[0]!.d, 'N batch') : dimEntry(Dim.sym('N'), 'N batch'));
  }
  if (dims.length !== 1 && dims.length !== 2) {
    err(Codes.inputRank, `${kind}: Expected input to be 1D or 2D, got ${dims.length}D instead`, input.node);
    return result(undefined);
  }
  const batched = dims.length === 2;
  const last = dims[dims.length - 1]!.d;
  const batch = batched ? dimEntry(dims[0]!.d, 'N batch') : undefined;
  if (c.inputSize && last.provablyDiffers(c.inputSize)) {
    rep.report(blameNode(call, input.node), 'error', Codes.inputSize, `input has inconsistent input_size: got ${last} expected ${c.inputSize}`, inputSizeFix(layer, last));
    return result(batch);
  }
  noteInputSize(layer, last);
  if (hxArg && hxArg.v.k !== 'none') {
    const states: { v: Value; label: string }[] = [];
    if (kind === 'LSTMCell') {
      if (hxArg.v.k === 'tensor') {
        err(Codes.hiddenTensorToLstm, 'LSTMCell expects its state as a tuple (h, c), got a single Tensor', hxArg.node);
        return result(batch);
      }
      if (hxArg.v.k === 'tuple') hxArg.v.items.forEach((v, i) => states.push({ v, label: `hx[${i}]` }));
    } else {
      if (hxArg.v.k === 'tuple') {
        err(Codes.hiddenTupleToRnn, `${kind} expects its state as one Tensor, got a tuple (only LSTMCell takes (h, c))`, hxArg.node);
        return result(batch);
      }
      states.push({ v: hxArg.v, label: 'hidden' });
    }
    for (const [i, s] of states.entries()) {
      const sd = s.v.k === 'tensor' ? s.v.t.dims : undefined;
      if (!sd) continue;
      if (sd.length !== 1 && sd.length !== 2) {
        err(Codes.hiddenRank, `${kind}: Expected ${kind === 'LSTMCell' ? s.label : 'hidden'} to be 1D or 2D, got ${sd.length}D instead`, hxArg.node);
        return result(batch);
      }
      const hs = sd[sd.length - 1]!.d;
      if (hs.provablyDiffers(H)) {
        err(Codes.cellHidden, `hidden${i} has inconsistent hidden_size: got ${hs}, expected ${H}`, hxArg.node);
        return result(batch);
      }
      const inB = batched ? dims[0]!.d : Dim.of(1);
      const hB = sd.length === 2 ? sd[0]!.d : Dim.of(1);
      if (batched !== (sd.length === 2) || inB.provablyDiffers(hB)) {
        if (batched !== (sd.length === 2)) {
          err(Codes.hiddenRank, `${kind}: input is ${dims.length}-D but ${s.label} is ${sd.length}-D; give both a batch dim or neither`, hxArg.node);
          return result(batch);
        }
        err(Codes.cellHidden, `Input batch size ${inB} doesn't match hidden${i} batch size ${hB}`, hxArg.node);
        return result(batch);
      }
    }
  }
  return result(batch);
}

// ---------------------------------------------------------------------------------------------
// Facts about a declaration

export function recurrentArgFacts(layer: Layer): ArgFact[] {
  const sig = SIGNATURES[layer.kind as RecurrentKind];
  return sig
    .filter(([n]) => n !== 'device' && n !== 'dtype')
    .map(([name]) => {
      const v = layer.args.get(name) ?? { k: 'unknown' };
      const concrete =
        v.k === 'int' ? v.dim.value : v.k === 'float' || v.k === 'bool' || v.k === 'str' ? v.v : undefined;
      return { name, value: showValue(v), source: layer.given.has(name) ? 'given' : 'default', ...(concrete !== undefined ? { concrete } : {}) } as ArgFact;
    });
}

export function recurrentParamShapes(layer: Layer): { params: ParamShapeFact[]; count: number | string } {
  const c = recurrentConfig(layer);
  const G = Dim.of(gates(c.kind));
  const H = symOr(c.hidden, 'hidden_size');
  const I = symOr(c.inputSize, 'input_size');
  const params: ParamShapeFact[] = [];
  const add = (name: string, dims: Dim[]) => params.push({ name, shape: dims.map((d) => d.toJSON()) });
  let count = Dim.of(0);
  const addCount = (dims: Dim[]) => {
    count = count.add(dims.reduce((a, b) => a.mul(b), Dim.of(1)));
  };
  const bias = c.bias !== false;
  if (isCell(c.kind)) {
    for (const [n, d] of [['weight_ih', [G.mul(H), I]], ['weight_hh', [G.mul(H), H]]] as const) {
      add(n, [...d]);
      addCount([...d]);
    }
    if (bias) for (const n of ['bias_ih', 'bias_hh']) { add(n, [G.mul(H)]); addCount([G.mul(H)]); }
    return { params, count: count.toJSON() };
  }
  const layers = c.numLayers.value;
  const D = c.bidirectional === undefined ? undefined : c.bidirectional ? 2 : 1;
  const P = c.proj.value ?? 0;
  const Hout = P > 0 ? c.proj : H;
  if (layers === undefined || D === undefined || layers > 64) {
    add('weight_ih_l0', [G.mul(H), I]);
    add('weight_hh_l0', [G.mul(H), Hout]);
    return { params, count: '?' };
  }
  for (let l = 0; l < layers; l++) {
    for (let dir = 0; dir < D; dir++) {
      const sfx = `_l${l}${dir === 1 ? '_reverse' : ''}`;
      const inp = l === 0 ? I : Dim.of(D).mul(Hout);
      const shapes: [string, Dim[]][] = [[`weight_ih${sfx}`, [G.mul(H), inp]], [`weight_hh${sfx}`, [G.mul(H), Hout]]];
      if (bias) shapes.push([`bias_ih${sfx}`, [G.mul(H)]], [`bias_hh${sfx}`, [G.mul(H)]]);
      if (P > 0) shapes.push([`weight_hr${sfx}`, [c.proj, H]]);
      for (const [n, d] of shapes) {
        add(n, d);
        addCount(d);
      }
    }
  }
  return { params, count: count.toJSON() };
}

/** The engine spec, when every size and flag is concrete and the layer is valid. */
export function recurrentSpec(layer: Layer): RecurrentSpec | undefined {
  if (!layer.valid) return undefined;
  const c = recurrentConfig(layer);
  const i = c.inputSize?.value;
  const h = c.hidden?.value;
  const nl = c.numLayers.value;
  const p = c.proj.value;
  if (i === undefined || h === undefined || nl === undefined || p === undefined) return undefined;
  if (![i, h, nl, p].every(Number.isInteger) || i <= 0 || h <= 0 || nl <= 0) return undefined;
  const flags = [c.bias, c.batchFirst, c.bidirectional];
  if (!isCell(c.kind) && flags.some((f) => f === undefined)) return undefined;
  if (isCell(c.kind) && c.bias === undefined) return undefined;
  const nonlin = c.nonlinearity ?? 'tanh';
  if (nonlin !== 'tanh' && nonlin !== 'relu') return undefined;
  return {
    kind: c.kind,
    inputSize: i,
    hiddenSize: h,
    numLayers: isCell(c.kind) ? 1 : nl,
    nonlinearity: nonlin,
    bias: c.bias ?? true,
    batchFirst: c.batchFirst ?? false,
    dropout: c.dropout ?? 0,
    bidirectional: c.bidirectional ?? false,
    projSize: p,
  };
}

/** Shapes of what a call returns, as text, for the declaration's hover. */
export function recurrentReturns(layer: Layer): string[] {
  const c = recurrentConfig(layer);
  const D = directions(c);
  const H = symOr(hOut(c), 'H_out');
  const Hc = symOr(c.hidden, 'H');
  const ld = D.mul(c.numLayers);
  const feat = D.mul(H);
  if (isCell(c.kind)) {
    const r = `h' (N, ${Hc})`;
    return c.kind === 'LSTMCell' ? [r, `c' (N, ${Hc})`] : [r];
  }
  const out = c.batchFirst ? `output (N, L, ${feat})` : `output (L, N, ${feat})`;
  const res = [out, `h_n (${ld}, N, ${H})`];
  if (c.kind === 'LSTM') res.push(`c_n (${ld}, N, ${Hc})`);
  return res;
}

/** The shapes a run of `spec` with this batch (undefined: unbatched) and sequence length returns. */
export function predictRecurrentShapes(spec: RecurrentSpec, batch: number | undefined, seq: number): Record<string, number[]> {
  const D = spec.bidirectional ? 2 : 1;
  const Hout = spec.projSize > 0 ? spec.projSize : spec.hiddenSize;
  if (spec.kind.endsWith('Cell')) {
    const h = batch === undefined ? [spec.hiddenSize] : [batch, spec.hiddenSize];
    return spec.kind === 'LSTMCell' ? { h: h, c: [...h] } : { h };
  }
  const output = batch === undefined ? [seq, D * Hout] : spec.batchFirst ? [batch, seq, D * Hout] : [seq, batch, D * Hout];
  const h_n = batch === undefined ? [D * spec.numLayers, Hout] : [D * spec.numLayers, batch, Hout];
  const res: Record<string, number[]> = { output, h_n };
  if (spec.kind === 'LSTM') res.c_n = batch === undefined ? [D * spec.numLayers, spec.hiddenSize] : [D * spec.numLayers, batch, spec.hiddenSize];
  return res;
}

/**
 * What an input of (partly) unknown shape must be, having been accepted by `layer`: unknown rank →
 * batched 3-D in the layer's layout; a known rank with an unknown last dim → input_size. Undefined
 * when nothing is learned.
 */
export function refineRecurrentInput(layer: Layer, v: Value): Value | undefined {
  const c = recurrentConfig(layer);
  if (isCell(c.kind)) return undefined;
  const H = c.inputSize;
  if (v.k === 'unknown' || (v.k === 'tensor' && !v.t.dims)) {
    if (c.batchFirst === undefined) return undefined;
    return tensorV(assumedInputDims(c, v.k === 'unknown' ? v.hints : undefined, undefined), { assumed: true });
  }
  if (v.k === 'tensor' && v.t.dims && (v.t.dims.length === 2 || v.t.dims.length === 3) && H) {
    const last = v.t.dims[v.t.dims.length - 1]!;
    if (isUnknownDim(last.d)) return tensorV([...v.t.dims.slice(0, -1), dimEntry(H, 'H_in')], { assumed: v.t.assumed });
  }
  return undefined;
}

/**
 * The batched 3-D dims an input of unknown rank is assumed to have, in the layer's layout. Dims are
 * named after what the code called them (`batch = x.size(0)`: `hints`), else after h_0's batch, else
 * PyTorch's letters.
 */
function assumedInputDims(c: RecurrentConfig, hints: ReadonlyMap<number, Dim> | undefined, h0Batch: Dim | undefined): DimEntry[] {
  const at = (i: number) => hints?.get(i) ?? hints?.get(i - 3);
  const bf = c.batchFirst === true;
  const n = dimEntry(at(bf ? 0 : 1) ?? h0Batch ?? Dim.sym('N'), 'N batch');
  const l = dimEntry(at(bf ? 1 : 0) ?? Dim.sym('L'), 'L sequence length');
  const h = dimEntry(c.inputSize ?? at(2) ?? Dim.sym('H_in'), 'H_in');
  return bf ? [n, l, h] : [l, n, h];
}
