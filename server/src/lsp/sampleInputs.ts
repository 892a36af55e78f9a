// What a sample run feeds a layer, read from the facts: the spec (with values the user typed for the
// names the code leaves open) and the tensors the code builds at a call of the layer (else the sample
// settings); and the per-layer rows of the result (parameters, time, hidden-state norms, saturated gates).
import type { AnalysisResult, LayerCallFact, ModuleFact, Position, RecurrentSpec } from '../analysis/facts';
import { rangeContains } from '../analysis/facts';
import { inferBatchSeq, ioShapes } from '../../../engine/src/forward';
import { paramInfos } from '../../../engine/src/names';
import { numel, type LayerTrace, type TensorRecipe } from '../../../engine/src/types';
import type { SampleInputInfo, SampleLayerRow } from '../protocol';

const INT_ARGS = new Set(['input_size', 'hidden_size', 'num_layers', 'proj_size']);
const BOOL_ARGS = new Set(['bias', 'batch_first', 'bidirectional']);
const NAME = /^[A-Za-z_][\w.]*$/;

export type Sizes = Record<string, number | boolean>;

/**
 * The value of a size as the analysis prints it (`2*hidden + 1`, `n/2*k`, `nhid`) with `env` for its
 * names; undefined when a name has no value or the text is not such a sum of products.
 */
export function evalSize(text: string, env: Readonly<Sizes>): number | undefined {
  const compact = text.replace(/\s+/g, '');
  if (compact === '' || compact.includes('?')) return undefined;
  const terms = compact.match(/[+-]?[^+-]+/g);
  if (!terms || terms.join('') !== compact) return undefined;
  let sum = 0;
  for (const term of terms) {
    const sign = term.startsWith('-') ? -1 : 1;
    let prod = sign;
    for (const f of term.replace(/^[+-]/, '').split('*')) {
      const frac = /^(\d+)(?:\/(\d+))?$/.exec(f);
      if (frac) prod *= Number(frac[1]) / (frac[2] ? Number(frac[2]) : 1);
      else if (NAME.test(f) && typeof env[f] === 'number') prod *= env[f];
      else return undefined;
    }
    sum += prod;
  }
  return sum;
}

/** The names a run of `m` must be given values for: the names in its non-concrete sizes, else the argument's own name. */
export function missingNames(m: ModuleFact): string[] {
  if (m.spec || !m.valid) return [];
  const names = new Set<string>();
  for (const a of m.args) {
    if (a.concrete !== undefined || a.name === 'dropout' || a.name === 'device' || a.name === 'dtype') continue;
    if (INT_ARGS.has(a.name)) {
      const compact = a.value.replace(/\s+/g, '');
      const factors = compact.includes('?') ? [] : compact.split(/[+\-*/]/).filter((f) => f !== '' && !/^\d+$/.test(f));
      if (factors.length > 0 && factors.every((f) => NAME.test(f))) factors.forEach((f) => names.add(f));
      else names.add(a.name);
    } else names.add(a.name);
  }
  return [...names];
}

/** The spec of `m` with `sizes` filling what the code leaves open; throws a message naming what is still missing or wrong. */
export function specWithSizes(m: ModuleFact, sizes: Readonly<Sizes>): RecurrentSpec {
  if (m.spec) return m.spec;
  if (!m.valid) throw new Error(`${m.target} = ${m.kind}(…) is not valid as written (see its diagnostics), so it cannot run`);
  const arg = (name: string) => m.args.find((a) => a.name === name);
  const int = (name: string, fallback?: number): number => {
    const a = arg(name);
    const v = a === undefined ? fallback : typeof a.concrete === 'number' ? a.concrete : (evalSize(a.value, sizes) ?? (typeof sizes[name] === 'number' ? sizes[name] : undefined));
    if (v === undefined || !Number.isInteger(v) || v < 0) throw new Error(`${m.target}: ${name} = ${a?.value ?? '?'} needs a value (${missingNames(m).join(', ')})`);
    return v;
  };
  const bool = (name: string, fallback: boolean): boolean => {
    const a = arg(name);
    if (a === undefined) return fallback;
    if (typeof a.concrete === 'boolean') return a.concrete;
    const v = sizes[name];
    if (typeof v === 'boolean') return v;
    if (v === 0 || v === 1) return v === 1;
    throw new Error(`${m.target}: ${name} needs True or False`);
  };
  const nl = arg('nonlinearity')?.concrete;
  if (nl !== undefined && nl !== 'tanh' && nl !== 'relu') throw new Error(`${m.target}: nonlinearity ${String(nl)} cannot run`);
  if (arg('nonlinearity') && nl === undefined) throw new Error(`${m.target}: its nonlinearity is not known statically`);
  const cell = m.kind.endsWith('Cell');
  const dropout = arg('dropout')?.concrete;
  return {
    kind: m.kind,
    inputSize: int('input_size'),
    hiddenSize: int('hidden_size'),
    numLayers: cell ? 1 : int('num_layers', 1),
    nonlinearity: nl === 'relu' ? 'relu' : 'tanh',
    bias: bool('bias', true),
    batchFirst: cell ? false : bool('batch_first', false),
    dropout: typeof dropout === 'number' ? dropout : 0,
    bidirectional: cell ? false : bool('bidirectional', false),
    projSize: m.kind === 'LSTM' ? int('proj_size', 0) : 0,
  };
}

/** The call of `m` a run feeds from: the one at `position`, else the first one in the document with facts. */
export function callOf(result: AnalysisResult, m: ModuleFact, position?: Position): LayerCallFact | undefined {
  const same = (c: LayerCallFact) => c.layer.start.line === m.range.start.line && c.layer.start.character === m.range.start.character;
  const calls = result.calls.filter(same);
  return (position && calls.find((c) => rangeContains(c.range, position))) ?? calls[0];
}

export interface PreparedInputs {
  /** undefined: unbatched. */
  batch: number | undefined;
  seq: number;
  recipes?: { input: TensorRecipe; h0?: TensorRecipe; c0?: TensorRecipe };
  info: SampleInputInfo[];
  callLine?: number;
}

/** Batch, length and input recipes for a run of `spec`: from the call's facts, else the settings. Throws torch's message for an input the layer rejects. */
export function prepareInputs(spec: RecurrentSpec, call: LayerCallFact | undefined, batch: number, seq: number, elsewhere = false): PreparedInputs {
  const cell = spec.kind.endsWith('Cell');
  const lstm = spec.kind.startsWith('LSTM');
  const hName = cell ? 'hx' : 'h0', cName = cell ? 'cx' : 'c0';
  if (!call) {
    const sh = ioShapes(spec, batch, seq);
    return {
      batch,
      seq,
      info: [
        { name: 'input', shape: sh.input, source: `random normal; batch ${batch}${cell ? '' : `, length ${seq}`} from the settings (no call of the layer with a known input shape)` },
        { name: hName, shape: sh.h0, source: 'not given: zeros, as torch does' },
      ],
    };
  }
  // `elsewhere`: the call was found in the whole notebook (its line is not one of this cell's)
  const where = elsewhere ? 'its call in the notebook' : `line ${call.range.start.line + 1}`;
  const got = inferBatchSeq(spec, call.input.shape);
  const sh = ioShapes(spec, got.batch, got.seq);
  const describe = (t: { fill?: number; values?: number[] } | undefined, what: string): string =>
    t?.fill !== undefined
      ? `filled with ${t.fill} (the code's ${what} at ${where})`
      : t?.values !== undefined
        ? `the values the code writes (torch.tensor literal at ${where})`
        : `random normal in the shape the code gives at ${where}`;
  const info: SampleInputInfo[] = [{ name: 'input', shape: call.input.shape, source: describe(call.input, 'torch.zeros/ones/full') }];
  const recipes: NonNullable<PreparedInputs['recipes']> = { input: { ...call.input } };
  if (call.stateGiven) {
    recipes.h0 = call.h0 ? { ...call.h0 } : { shape: sh.h0 };
    info.push({ name: hName, shape: recipes.h0.shape, source: call.h0 ? describe(call.h0, 'torch.zeros/ones/full') : `random normal: the state given at ${where} is not known statically` });
    if (lstm && (call.c0 || sh.c0)) {
      recipes.c0 = call.c0 ? { ...call.c0 } : { shape: sh.c0! };
      info.push({ name: cName, shape: recipes.c0.shape, source: call.c0 ? describe(call.c0, 'torch.zeros/ones/full') : `random normal: the state given at ${where} is not known statically` });
    }
  } else info.push({ name: hName, shape: sh.h0, source: `not given at ${where}: zeros, as torch does` });
  return { batch: got.batch, seq: got.seq, recipes, info, ...(elsewhere ? {} : { callLine: call.range.start.line }) };
}

/** One row per stacked layer (a cell: one row): output shape, parameters, time, hidden-state norms. */
export function layerRows(target: string, spec: RecurrentSpec, batch: number | undefined, seq: number, trace: readonly LayerTrace[]): SampleLayerRow[] {
  const cell = spec.kind.endsWith('Cell');
  const out = ioShapes(spec, batch, seq).outputs[0]!.shape;
  const params = paramInfos(spec);
  return trace.map((t) => ({
    name: cell ? target : `${target}.l${t.layer}`,
    outputShape: out,
    params: params.filter((p) => p.layer === t.layer).reduce((s, p) => s + numel(p.shape), 0),
    millis: t.millis,
    norms: t.norms,
    ...(t.saturation ? { saturation: t.saturation } : {}),
  }));
}

