// Builds ONNX models equivalent to a torch recurrent layer (LSTM/GRU/RNN ops, torch's gate order
// reordered to ONNX's, GRU with linear_before_reset=1, layers chained) for the engine benchmark.
import { onnx } from 'onnx-proto';
import type { LayerSpec } from '../../engine/src/types';
import type { LayerWeights } from '../../engine/src/forward';

const FLOAT = 1, INT64 = 7;

function tensor(name: string, dims: number[], data: Float32Array): onnx.ITensorProto {
  return { name, dims, dataType: FLOAT, rawData: new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength)) };
}

function valueInfo(name: string, dims: number[]): onnx.IValueInfoProto {
  return { name, type: { tensorType: { elemType: FLOAT, shape: { dim: dims.map((d) => ({ dimValue: d })) } } } };
}

/** Rows of a torch gate-stacked matrix (G*H rows of `cols`) reordered block-wise by `order`. */
function reorder(src: Float32Array, H: number, cols: number, order: number[]): Float32Array {
  const out = new Float32Array(src.length);
  order.forEach((from, to) => out.set(src.subarray(from * H * cols, (from + 1) * H * cols), to * H * cols));
  return out;
}

/** ONNX model: input `input` shaped like torch's input, output `output` like torch's output. */
export function buildOnnxModel(spec: LayerSpec, w: LayerWeights, batch: number, seq: number): Uint8Array {
  const H = spec.hiddenSize, D = spec.bidirectional ? 2 : 1;
  const op = spec.kind === 'LSTM' ? 'LSTM' : spec.kind === 'GRU' ? 'GRU' : 'RNN';
  const G = op === 'LSTM' ? 4 : op === 'GRU' ? 3 : 1;
  // torch i,f,g,o -> ONNX i,o,f,c ; torch r,z,n -> ONNX z,r,h
  const order = op === 'LSTM' ? [0, 3, 1, 2] : op === 'GRU' ? [1, 0, 2] : [0];
  const nodes: onnx.INodeProto[] = [];
  const inits: onnx.ITensorProto[] = [];
  const T = seq, N = batch;
  let x = 'input';
  if (spec.batchFirst) {
    nodes.push({ opType: 'Transpose', input: ['input'], output: ['x_tm'], attribute: [{ name: 'perm', type: onnx.AttributeProto.AttributeType.INTS, ints: [1, 0, 2] }] });
    x = 'x_tm';
  }
  inits.push({ name: 'flat_shape', dims: [3], dataType: INT64, int64Data: [T, N, D * H] });
  for (let l = 0; l < spec.numLayers; l++) {
    const I = l === 0 ? spec.inputSize : D * H;
    const W = new Float32Array(D * G * H * I), R = new Float32Array(D * G * H * H), B = new Float32Array(D * 2 * G * H);
    for (let d = 0; d < D; d++) {
      const s = `_l${l}${d ? '_reverse' : ''}`;
      W.set(reorder(w[`weight_ih${s}`].data, H, I, order), d * G * H * I);
      R.set(reorder(w[`weight_hh${s}`].data, H, H, order), d * G * H * H);
      if (spec.bias) {
        B.set(reorder(w[`bias_ih${s}`].data, H, 1, order), d * 2 * G * H);
        B.set(reorder(w[`bias_hh${s}`].data, H, 1, order), d * 2 * G * H + G * H);
      }
    }
    inits.push(tensor(`W${l}`, [D, G * H, I], W), tensor(`R${l}`, [D, G * H, H], R), tensor(`B${l}`, [D, 2 * G * H], B));
    const attrs: onnx.IAttributeProto[] = [
      { name: 'hidden_size', type: onnx.AttributeProto.AttributeType.INT, i: H },
      { name: 'direction', type: onnx.AttributeProto.AttributeType.STRING, s: new TextEncoder().encode(D === 2 ? 'bidirectional' : 'forward') },
    ];
    if (op === 'GRU') attrs.push({ name: 'linear_before_reset', type: onnx.AttributeProto.AttributeType.INT, i: 1 });
    if (op === 'RNN') attrs.push({ name: 'activations', type: onnx.AttributeProto.AttributeType.STRINGS, strings: [new TextEncoder().encode(spec.nonlinearity === 'relu' ? 'Relu' : 'Tanh')] });
    nodes.push({ opType: op, input: [x, `W${l}`, `R${l}`, `B${l}`], output: [`Y${l}`], attribute: attrs });
    nodes.push({ opType: 'Transpose', input: [`Y${l}`], output: [`Yt${l}`], attribute: [{ name: 'perm', type: onnx.AttributeProto.AttributeType.INTS, ints: [0, 2, 1, 3] }] });
    const last = l === spec.numLayers - 1;
    const flat = last && !spec.batchFirst ? 'output' : `Yf${l}`;
    nodes.push({ opType: 'Reshape', input: [`Yt${l}`, 'flat_shape'], output: [flat] });
    x = flat;
  }
  if (spec.batchFirst) {
    nodes.push({ opType: 'Transpose', input: [x], output: ['output'], attribute: [{ name: 'perm', type: onnx.AttributeProto.AttributeType.INTS, ints: [1, 0, 2] }] });
  }
  const inShape = spec.batchFirst ? [N, T, spec.inputSize] : [T, N, spec.inputSize];
  const outShape = spec.batchFirst ? [N, T, D * H] : [T, N, D * H];
  const model: onnx.IModelProto = {
    irVersion: 7,
    opsetImport: [{ domain: '', version: 14 }],
    producerName: 'rnnlens-bench',
    graph: { name: 'recurrent', node: nodes, initializer: inits, input: [valueInfo('input', inShape)], output: [valueInfo('output', outShape)] },
  };
  return onnx.ModelProto.encode(onnx.ModelProto.create(model)).finish();
}
