// The parameters (and buffers) of each layer kind as torch names them in a state_dict (`weight`, `bias`,
// `weight_ih_l0`, `running_mean`, …), their shapes from the layer's arguments, and torch's default init
// drawn from rnnlens' own seeded generator (the values differ from torch's RNG; the distributions match).
import { asInt, type Layer, type Value } from '../analysis/values';
import { isRecurrentKind, recurrentSpec } from '../analysis/torch/recurrent';
import { paramInfos } from '../../../engine/src/names';
import type { Rng } from '../../../engine/src/random';
import { numel, type TensorData } from './tensor';

export interface ParamSpec {
  name: string;
  shape: number[];
  /** A buffer (running statistics), not counted as a parameter. */
  buffer?: boolean;
  init: (rng: Rng) => Float32Array;
}

const int = (v: Value | undefined): number | undefined => (v ? asInt(v) : undefined);
const flag = (v: Value | undefined, def: boolean): boolean | undefined =>
  v === undefined ? def : v.k === 'bool' ? v.v : v.k === 'int' ? (v.dim.value === undefined ? undefined : v.dim.value !== 0) : v.k === 'none' ? false : undefined;

function uniform(n: number, bound: number): (rng: Rng) => Float32Array {
  return (rng) => {
    const d = new Float32Array(n);
    for (let i = 0; i < n; i++) d[i] = rng.uniform(-bound, bound);
    return d;
  };
}
const constant = (n: number, v: number) => (): Float32Array => new Float32Array(n).fill(v);

/** The ints of an int-or-tuple argument. */
function ints(v: Value | undefined): number[] | undefined {
  if (!v) return undefined;
  if (v.k === 'tuple') {
    const xs = v.items.map(asInt);
    return xs.every((x): x is number => x !== undefined) ? xs : undefined;
  }
  const x = asInt(v);
  return x === undefined ? undefined : [x];
}

/**
 * The layer's parameters, or a reason they cannot be known (a size that is not concrete). Layers
 * without parameters give an empty list.
 */
export function layerParams(layer: Layer): ParamSpec[] | string {
  const a = layer.args;
  const need = (...names: string[]): number[] | string => {
    const out: number[] = [];
    for (const n of names) {
      const x = int(a.get(n));
      if (x === undefined) return `${layer.kind}'s ${n} is not a known integer`;
      out.push(x);
    }
    return out;
  };
  if (isRecurrentKind(layer.kind)) {
    const spec = recurrentSpec(layer);
    if (!spec) return `${layer.kind}'s sizes or flags are not all known`;
    const k = 1 / Math.sqrt(spec.hiddenSize);
    return paramInfos(spec).map((p) => ({ name: p.name, shape: p.shape, init: uniform(numel(p.shape), k) }));
  }
  switch (layer.kind) {
    case 'Linear': {
      const s = need('in_features', 'out_features');
      if (typeof s === 'string') return s;
      const [i, o] = s as [number, number];
      const bound = i > 0 ? 1 / Math.sqrt(i) : 0;
      const out: ParamSpec[] = [{ name: 'weight', shape: [o, i], init: uniform(o * i, bound) }];
      const bias = flag(a.get('bias'), true);
      if (bias === undefined) return 'Linear\'s bias flag is not known';
      if (bias) out.push({ name: 'bias', shape: [o], init: uniform(o, bound) });
      return out;
    }
    case 'Embedding': {
      const s = need('num_embeddings', 'embedding_dim');
      if (typeof s === 'string') return s;
      const [n, e] = s as [number, number];
      const pad = int(a.get('padding_idx'));
      return [{
        name: 'weight', shape: [n, e], init: (rng) => {
          const d = new Float32Array(n * e);
          for (let i = 0; i < d.length; i++) d[i] = rng.normal();
          if (pad !== undefined) d.fill(0, (pad < 0 ? pad + n : pad) * e, (pad < 0 ? pad + n : pad) * e + e);
          return d;
        },
      }];
    }
    case 'LayerNorm': {
      const shape = ints(a.get('normalized_shape'));
      if (!shape) return 'LayerNorm\'s normalized_shape is not known';
      const affine = flag(a.get('elementwise_affine'), true);
      const bias = flag(a.get('bias'), true);
      if (affine === undefined || bias === undefined) return 'LayerNorm\'s elementwise_affine / bias flags are not known';
      if (!affine) return [];
      const n = numel(shape);
      const out: ParamSpec[] = [{ name: 'weight', shape, init: constant(n, 1) }];
      if (bias) out.push({ name: 'bias', shape: [...shape], init: constant(n, 0) });
      return out;
    }
    case 'Conv1d': {
      const s = need('in_channels', 'out_channels', 'groups');
      if (typeof s === 'string') return s;
      const [cin, cout, groups] = s as [number, number, number];
      const k = ints(a.get('kernel_size'))?.[0];
      if (k === undefined) return 'Conv1d\'s kernel_size is not known';
      const fanIn = (cin / groups) * k;
      const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
      const out: ParamSpec[] = [{ name: 'weight', shape: [cout, cin / groups, k], init: uniform(cout * (cin / groups) * k, bound) }];
      const bias = flag(a.get('bias'), true);
      if (bias === undefined) return 'Conv1d\'s bias flag is not known';
      if (bias) out.push({ name: 'bias', shape: [cout], init: uniform(cout, bound) });
      return out;
    }
    case 'BatchNorm1d': {
      const s = need('num_features');
      if (typeof s === 'string') return s;
      const [n] = s as [number];
      const affine = flag(a.get('affine'), true);
      const track = flag(a.get('track_running_stats'), true);
      if (affine === undefined || track === undefined) return 'BatchNorm1d\'s affine / track_running_stats flags are not known';
      const out: ParamSpec[] = [];
      if (affine) out.push({ name: 'weight', shape: [n], init: constant(n, 1) }, { name: 'bias', shape: [n], init: constant(n, 0) });
      if (track) out.push({ name: 'running_mean', shape: [n], buffer: true, init: constant(n, 0) }, { name: 'running_var', shape: [n], buffer: true, init: constant(n, 1) });
      return out;
    }
    default:
      return [];
  }
}

/** A layer's loaded or initialised tensors by parameter name. */
export type LayerTensors = Record<string, TensorData>;
