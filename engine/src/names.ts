// PyTorch's parameter names and shapes for a recurrent layer (`weight_ih_l0`, `bias_hh_l1_reverse`,
// `weight_hr_l0`; cells: `weight_ih` …), and finding a layer's prefix inside a larger state_dict.
import type { LayerSpec } from './types';
import { isCell, gateCount, formatShape } from './types';

export interface ParamInfo {
  name: string;
  shape: number[];
  layer: number;
  direction: number;
  role: 'weight_ih' | 'weight_hh' | 'bias_ih' | 'bias_hh' | 'weight_hr';
}

/** Parameters in torch's registration order (the order of `named_parameters()`). */
export function paramInfos(spec: LayerSpec): ParamInfo[] {
  const G = gateCount(spec.kind), H = spec.hiddenSize;
  if (isCell(spec.kind)) {
    const out: ParamInfo[] = [
      { name: 'weight_ih', shape: [G * H, spec.inputSize], layer: 0, direction: 0, role: 'weight_ih' },
      { name: 'weight_hh', shape: [G * H, H], layer: 0, direction: 0, role: 'weight_hh' },
    ];
    if (spec.bias) {
      out.push({ name: 'bias_ih', shape: [G * H], layer: 0, direction: 0, role: 'bias_ih' });
      out.push({ name: 'bias_hh', shape: [G * H], layer: 0, direction: 0, role: 'bias_hh' });
    }
    return out;
  }
  const D = spec.bidirectional ? 2 : 1;
  const P = spec.projSize;
  const Hout = P > 0 ? P : H;
  const out: ParamInfo[] = [];
  for (let l = 0; l < spec.numLayers; l++) {
    const Il = l === 0 ? spec.inputSize : D * Hout;
    for (let d = 0; d < D; d++) {
      const sfx = `_l${l}${d === 1 ? '_reverse' : ''}`;
      out.push({ name: `weight_ih${sfx}`, shape: [G * H, Il], layer: l, direction: d, role: 'weight_ih' });
      out.push({ name: `weight_hh${sfx}`, shape: [G * H, Hout], layer: l, direction: d, role: 'weight_hh' });
      if (spec.bias) {
        out.push({ name: `bias_ih${sfx}`, shape: [G * H], layer: l, direction: d, role: 'bias_ih' });
        out.push({ name: `bias_hh${sfx}`, shape: [G * H], layer: l, direction: d, role: 'bias_hh' });
      }
      if (P > 0) out.push({ name: `weight_hr${sfx}`, shape: [P, H], layer: l, direction: d, role: 'weight_hr' });
    }
  }
  return out;
}

const PARAM_NAME = /^(weight|bias)_(ih|hh|hr)(_l\d+(_reverse)?)?$/;

/**
 * The prefix (e.g. `encoder.lstm.`) under which all of the layer's parameters appear in `keys`.
 * With `given`, checks that one; otherwise finds the unique candidate. Throws an Error naming the
 * missing or unexpected key.
 */
export function resolvePrefix(spec: LayerSpec, keys: readonly string[], given?: string): string {
  const infos = paramInfos(spec);
  const keySet = new Set(keys);
  const first = infos[0].name;
  let candidates: string[];
  if (given !== undefined) {
    candidates = [given === '' || given.endsWith('.') ? given : given + '.'];
  } else {
    candidates = keys.filter((k) => k === first || k.endsWith('.' + first)).map((k) => k.slice(0, k.length - first.length));
    if (candidates.length === 0) {
      throw new Error(`missing key '${first}': no tensor named '${first}' or '<prefix>.${first}' in the weights file (keys: ${preview(keys)})`);
    }
  }
  const complete = candidates.filter((p) => infos.every((i) => keySet.has(p + i.name)));
  if (complete.length === 0) {
    const p = candidates[0];
    const missing = infos.find((i) => !keySet.has(p + i.name));
    throw new Error(`missing key '${p}${missing?.name ?? first}' for ${spec.kind}${p ? ` under prefix '${p}'` : ''} (keys: ${preview(keys)})`);
  }
  if (complete.length > 1) {
    throw new Error(`the weights file holds several ${spec.kind} layers (prefixes ${complete.map((p) => `'${p}'`).join(', ')}); choose one with a weights prefix`);
  }
  const prefix = complete[0];
  const expected = new Set(infos.map((i) => prefix + i.name));
  for (const k of keys) {
    if (!k.startsWith(prefix) || expected.has(k)) continue;
    const rest = k.slice(prefix.length);
    if (PARAM_NAME.test(rest)) {
      throw new Error(`unexpected key '${k}': the layer (${describe(spec)}) has no such parameter`);
    }
  }
  return prefix;
}

function describe(spec: LayerSpec): string {
  if (isCell(spec.kind)) return `${spec.kind}, bias=${spec.bias ? 'True' : 'False'}`;
  return `${spec.kind}, num_layers=${spec.numLayers}, bidirectional=${spec.bidirectional ? 'True' : 'False'}, bias=${spec.bias ? 'True' : 'False'}, proj_size=${spec.projSize}`;
}

function preview(keys: readonly string[]): string {
  return keys.length <= 8 ? keys.join(', ') : keys.slice(0, 8).join(', ') + `, … ${keys.length - 8} more`;
}

export function shapeMismatch(key: string, got: readonly number[], want: readonly number[]): Error {
  return new Error(`weight '${key}' has shape ${formatShape(got)}, expected ${formatShape(want)}`);
}
