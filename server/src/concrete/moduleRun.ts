// A sample run of a whole module (`rnnlens run FILE.py --module NAME`, the editor's Run model): the file's
// code run by the interpreter with the concrete domain (the parser already loaded; files come as bytes,
// so the browser build runs it too); weights by state_dict name from a .safetensors / .pt file (a
// prefix found or given) or torch's default init from a seed; forward's arguments from --inputs by
// parameter name, else from the file's own call, else an error naming what is missing; the return
// value flattened to `output`, `output.0`, `output.1.0`, `output.<key>`.
import { withSyntaxRoot } from '../analysis/analyze';
import { SampleRunInterpreter, type RunTarget } from '../analysis/interpreter/sampleRun';
import type { Instance, Layer, TensorData, Value } from '../analysis/values';
import type { Node } from '../analysis/syntax';
import { readSafetensors } from '../../../engine/src/safetensors';
import { readWeights, type TensorFile } from '../../../engine/src/weightsFile';
import { Rng } from '../../../engine/src/random';
import { ConcreteDomain, concreteTensor, dataOf } from './domain';
import { layerParams, type LayerTensors, type ParamSpec } from './params';
import { SampleRunError, sameShape, showShape } from './tensor';
import { denseKernels, withDenseKernels } from './wasmKernels';

export interface ModuleRunOptions {
  module: string;
  /** The weights file's name (as shown), and its content. */
  weights?: string;
  weightsBytes?: Uint8Array;
  weightsPrefix?: string;
  /** The inputs file's name (as shown), and its content. */
  inputs?: string;
  inputsBytes?: Uint8Array;
  seed: number;
  /** Sample settings for an argument neither given nor called by the file. */
  batch?: number;
  seq?: number;
  /** WebAssembly memory of the run's kernels (weights, recurrent layers, scratch), default 512 MB: dense ops past it fall back to TypeScript, recurrent layers are refused. */
  memoryLimitMB?: number;
}

export interface LayerRecord {
  name: string;
  kind: string;
  shape: number[];
  /** Parameters of the layer (its own, not its sub-layers'); 0 when they are not known. */
  params: number;
  millis: number;
  calls: number;
}

export interface ModuleRunResult {
  label: string;
  /** The return value flattened (`output`, `output.0`, `output.<key>`), in order. */
  outputs: { name: string; tensor: TensorData }[];
  /** Non-tensor parts of the return value (ints, None, …) by flattened name, as Python prints them. */
  others: { name: string; value: string }[];
  inputs: string[];
  weightsSource: string;
  millis: number;
  layers: LayerRecord[];
  /** Of `millis`, the time inside the ops (layers and tensor ops) and their count; the rest is the interpreter's walk. */
  opMillis: number;
  ops: number;
  /** 0-based line of the file's call whose arguments were fed, when they came from it. */
  callLine?: number;
}

/** Parameters a layer holds itself (as torch counts them), 0 when its sizes are not known. */
function paramCount(layer: Layer): number {
  const ps = layerParams(layer);
  return typeof ps === 'string' ? 0 : ps.filter((p) => !p.buffer).reduce((n, p) => n + p.shape.reduce((a, b) => a * b, 1), 0);
}

/** A problem with what the user asked for (exit code 2), not with the run. */
export class ModuleUsageError extends Error {}

/** The state_dict names of every layer under an instance (`emb.`, `encoder.lstm.`, `layers.0.`), in registration order. */
export function layerPrefixes(inst: Instance): Map<Layer, string> {
  const out = new Map<Layer, string>();
  const seen = new Set<Instance>();
  const walk = (v: Value, prefix: string): void => {
    if (v.k === 'layer') {
      if (!out.has(v.layer)) out.set(v.layer, prefix);
      v.layer.children?.forEach((c, i) => walk(c, `${prefix}${v.layer.childNames?.[i] ?? i}.`));
    } else if (v.k === 'instance' && v.inst.cls.isModule && !seen.has(v.inst)) {
      seen.add(v.inst);
      for (const [k, a] of v.inst.attrs) walk(a, `${prefix}${k}.`);
    }
  };
  seen.add(inst);
  for (const [k, a] of inst.attrs) walk(a, `${k}.`);
  return out;
}

/**
 * The parameters a module holds directly (`self.transitions = nn.Parameter(...)`), by state_dict name
 * (`transitions`, `crf.transitions`), in registration order; `isParam` tells them from plain tensors.
 */
export function directParameters(inst: Instance, isParam: (v: Value) => boolean): Map<string, Value> {
  const out = new Map<string, Value>();
  const seen = new Set<Instance>();
  const walk = (i: Instance, prefix: string): void => {
    if (seen.has(i)) return;
    seen.add(i);
    for (const [k, a] of i.attrs) {
      if (a.k === 'tensor' && isParam(a)) out.set(prefix + k, a);
      else if (a.k === 'instance' && a.inst.cls.isModule) walk(a.inst, `${prefix}${k}.`);
    }
  };
  walk(inst, '');
  return out;
}

/** Every parameter and buffer key of the module (relative to it), or why one cannot be known. */
export function stateDictKeys(prefixes: Map<Layer, string>): { keys: Map<string, { layer: Layer; spec: ParamSpec }>; problems: string[] } {
  const keys = new Map<string, { layer: Layer; spec: ParamSpec }>();
  const problems: string[] = [];
  for (const [layer, prefix] of prefixes) {
    const ps = layerParams(layer);
    if (typeof ps === 'string') {
      problems.push(`${prefix.slice(0, -1)}: ${ps}`);
      continue;
    }
    for (const p of ps) keys.set(prefix + p.name, { layer, spec: p });
  }
  return { keys, problems };
}

/** Where the module's keys sit in the file: '' or a prefix like `encoder.` (given, or the unique one). */
function findPrefix(expected: string[], file: TensorFile, given?: string): string {
  const has = new Set(file.keys());
  if (given !== undefined) {
    let p = given === '' || given.endsWith('.') ? given : given + '.';
    if (file.removedPrefix && p.startsWith(file.removedPrefix)) p = p.slice(file.removedPrefix.length);
    const missing = expected.find((k) => !has.has(p + k));
    if (missing) throw new SampleRunError(`missing key '${p}${missing}' in the weights file (prefix '${p}')`);
    return p;
  }
  if (expected.length === 0) return '';
  if (expected.every((k) => has.has(k))) return '';
  const first = expected[0]!;
  const candidates = file.keys().filter((k) => k.endsWith('.' + first)).map((k) => k.slice(0, k.length - first.length));
  const complete = candidates.filter((p) => expected.every((k) => has.has(p + k)));
  if (complete.length === 1) return complete[0]!;
  if (complete.length > 1) throw new SampleRunError(`the weights file holds this module under several prefixes (${complete.map((p) => `'${p}'`).join(', ')}); choose one with --weights-prefix`);
  const p = candidates[0] ?? '';
  const missing = expected.find((k) => !has.has(p + k));
  const sample = file.keys().slice(0, 8).join(', ');
  throw new SampleRunError(`missing key '${p}${missing ?? first}' in the weights file (its keys: ${sample}${file.keys().length > 8 ? ', …' : ''})`);
}

/** Flatten a return value to named tensors as the CLI contract says. */
export function flattenOutputs(v: Value, name = 'output', out: { name: string; tensor: TensorData }[] = [], others: { name: string; value: string }[] = []): void {
  if (v.k === 'tensor' || v.k === 'packed') {
    if (!v.t.data) throw new SampleRunError(`the return value '${name}' was not computed`);
    out.push({ name, tensor: v.t.data });
  } else if (v.k === 'tuple') v.items.forEach((x, i) => flattenOutputs(x, `${name}.${i}`, out, others));
  else if (v.k === 'dict') for (const [k, x] of v.entries) flattenOutputs(x, `${name}.${k}`, out, others);
  else if (v.k === 'none') others.push({ name, value: 'None' });
  else if (v.k === 'int' && v.dim.value !== undefined) others.push({ name, value: String(v.dim.value) });
  else if (v.k === 'float' && v.v !== undefined) others.push({ name, value: String(v.v) });
  else if (v.k === 'bool' && v.v !== undefined) others.push({ name, value: v.v ? 'True' : 'False' });
  else throw new SampleRunError(`the return value '${name}' is not known (${v.k})`);
}

function describeValue(v: Value): string {
  if (v.k === 'tensor' && v.t.data) return `${showShape(v.t.data.shape)}${v.t.integer ? ' int' : ''}`;
  if (v.k === 'tuple') return `(${v.items.map(describeValue).join(', ')})`;
  if (v.k === 'none') return 'None';
  if (v.k === 'int') return String(v.dim.value ?? '?');
  return v.k;
}

export async function runModule(source: string, opts: ModuleRunOptions): Promise<ModuleRunResult> {
  return withSyntaxRoot(source, (root, text) => {
    const rng = new Rng(opts.seed);
    const layerWeights = new Map<Layer, LayerTensors>();
    let prefixes = new Map<Layer, string>();
    let file: TensorFile | undefined;
    let filePrefix = '';
    const records = new Map<Layer, LayerRecord>();
    const weightsFor = (layer: Layer): LayerTensors => {
        let w = layerWeights.get(layer);
        if (w) return w;
        const ps = layerParams(layer);
        if (typeof ps === 'string') throw new SampleRunError(ps);
        const prefix = prefixes.get(layer);
        w = {};
        for (const p of ps) {
          if (file && prefix !== undefined) {
            const key = filePrefix + prefix + p.name;
            const t = file.tensor(key);
            if (!sameShape(t.shape, p.shape)) throw new SampleRunError(`weight '${key}' has shape ${showShape(t.shape)}, expected ${showShape(p.shape)}`);
            w[p.name] = t;
          } else w[p.name] = { shape: p.shape, data: p.init(rng) };
        }
        layerWeights.set(layer, w);
        return w;
    };
    const domain = new ConcreteDomain({
      rng,
      weights: weightsFor,
      onLayer: (layer, millis, result) => {
        const prefix = prefixes.get(layer);
        if (prefix === undefined || layer.kind === 'Sequential') return;
        const rec = records.get(layer) ?? { name: prefix.slice(0, -1), kind: layer.kind, shape: [], params: paramCount(layer), millis: 0, calls: 0 };
        rec.millis += millis;
        rec.calls++;
        const first = result.k === 'tensor' || result.k === 'packed' ? result : result.k === 'tuple' ? result.items[0] : undefined;
        rec.shape = first && (first.k === 'tensor' || first.k === 'packed') && first.t.data ? first.t.data.shape : [];
        records.set(layer, rec);
      },
    });
    const interp = new SampleRunInterpreter(text, domain);
    interp.runFile(root);
    const target = interp.resolve(opts.module);
    if (typeof target === 'string') throw new ModuleUsageError(target);
    prefixes = target.k === 'instance' ? layerPrefixes(target.inst) : new Map([[target.layer, '']]);

    // Weights: every key resolved (and shape-checked) before the run, as load_state_dict(strict=True) does.
    let weightsSource = `seed ${opts.seed}: PyTorch's default init from rnnlens' own generator (not torch's RNG)`;
    if (opts.weightsBytes) {
      const name = opts.weights ?? 'weights';
      file = readWeights(opts.weightsBytes, name);
      const { keys, problems } = stateDictKeys(prefixes);
      if (problems.length) throw new SampleRunError(`cannot load weights: ${problems.join('; ')}`);
      const params = target.k === 'instance' ? directParameters(target.inst, (v) => interp.parameters.has(v)) : new Map<string, Value>();
      filePrefix = findPrefix([...keys.keys(), ...params.keys()], file, opts.weightsPrefix);
      const expected = new Set([...keys.keys(), ...params.keys()].map((k) => filePrefix + k));
      const unexpected = file.keys().filter((k) => k.startsWith(filePrefix) && !expected.has(k) && !k.endsWith('num_batches_tracked'));
      if (unexpected.length && filePrefix === '') throw new SampleRunError(`Unexpected key(s) in state_dict: ${unexpected.slice(0, 5).map((k) => `"${k}"`).join(', ')} (the module has no such parameter)`);
      for (const layer of prefixes.keys()) weightsFor(layer);
      for (const [k, v] of params) {
        // the module's own Parameter: its values are the file's from here on (as load_state_dict copies them)
        const t = file.tensor(filePrefix + k);
        const d = v.k === 'tensor' ? dataOf(v) : undefined;
        const shape = v.k === 'tensor' ? v.t.dims?.map((x) => x.d.value) : undefined;
        if (!shape || shape.some((x) => x === undefined)) throw new SampleRunError(`cannot load weights: the shape of parameter '${k}' is not known`);
        if (!sameShape(t.shape, shape as number[])) throw new SampleRunError(`weight '${filePrefix + k}' has shape ${showShape(t.shape)}, expected ${showShape(shape as number[])}`);
        if (d && d.data.length === t.data.length) d.data.set(t.data);
        else if (v.k === 'tensor') v.t.data = { shape: [...t.shape], data: Float32Array.from(t.data) };
      }
      const how = [file.found && `state_dict ${file.found}`, filePrefix && `prefix '${filePrefix}'`].filter(Boolean).join('; ');
      weightsSource = `${name}${how ? ` (${how})` : ''}`;
    }

    // Seeded init before the run (in registration order), so layer times are the ops' only.
    if (!file) for (const layer of prefixes.keys()) if (typeof layerParams(layer) !== 'string') weightsFor(layer);

    // Arguments: --inputs by parameter name, else the file's own call.
    const args = new Map<string, Value>();
    const described: string[] = [];
    const params = target.k === 'instance' ? interp.forwardParams(target.inst) : [{ name: 'input', hasDefault: false }];
    const given = opts.inputsBytes ? readSafetensors(opts.inputsBytes, opts.inputs ?? 'inputs') : undefined;
    const fileCall = target.k === 'instance' ? interp.calls.get(target.inst)?.[0] : undefined;
    params.forEach((p, i) => {
      let v: Value | undefined;
      let how = '';
      if (given) {
        v = fromFile(given, p.name);
        how = `from ${opts.inputs}`;
      }
      if (!v && fileCall) {
        const a = fileCall.pos[i] ?? fileCall.kw.get(p.name);
        if (a) {
          const drawn = { random: false };
          v = completeArg(a.v, rng, drawn);
          how = `${drawn.random ? 'random values in the shape of' : 'from'} the file's call (line ${fileCall.node.startPosition.row + 1})`;
        }
      }
      if (!v && !p.hasDefault && target.k === 'instance') {
        const guess = sampleInput(target.inst, p.name, opts.batch ?? 2, opts.seq ?? 5, rng);
        if (guess) {
          v = guess.value;
          how = `random (sample settings: batch ${opts.batch ?? 2}, seq ${opts.seq ?? 5}; ${guess.why})`;
        }
      }
      if (!v) {
        if (p.hasDefault) return;
        throw new ModuleUsageError(`forward's argument '${p.name}' is not given: put it in --inputs (as '${p.name}'${''}) or call ${target.label} in the file with a tensor of known shape`);
      }
      args.set(p.name, v);
      described.push(`${p.name} ${describeValue(v)} ${how}`);
    });

    domain.work.millis = 0;
    domain.work.calls = 0;
    let t0 = 0;
    const result = withDenseKernels(() => {
      // The Linear layers' weights go into the engine's memory first (as an inference session holds its
      // weights before it runs), so the forward's time is the forward's.
      const kernels = denseKernels();
      for (const layer of prefixes.keys()) {
        if (!kernels || layer.kind !== 'Linear') continue;
        const w = weightsFor(layer);
        const [n, k] = w.weight?.shape ?? [];
        if (w.weight && n !== undefined && k !== undefined) kernels.stage(w.weight.data, n, k, w.bias?.data);
      }
      t0 = performance.now();
      return interp.runForward(target, args);
    }, opts.memoryLimitMB);
    const millis = performance.now() - t0;
    const outputs: { name: string; tensor: TensorData }[] = [];
    const others: { name: string; value: string }[] = [];
    flattenOutputs(result, 'output', outputs, others);
    const fromCall = fileCall && described.some((d) => d.includes("from the file's call"));
    return { label: target.label, outputs, others, inputs: described, weightsSource, millis, layers: [...records.values()], opMillis: domain.work.millis, ops: domain.work.calls, ...(fromCall ? { callLine: fileCall.node.startPosition.row } : {}) };
  });
}

/** A forward argument from the inputs file: `name`, or a tuple `name.0`, `name.1` (nested `name.1.0`). */
function fromFile(st: ReturnType<typeof readSafetensors>, name: string): Value | undefined {
  if (st.has(name)) {
    const integer = st.isInteger(name);
    return concreteTensor(st.tensor(name, true), integer);
  }
  if (!st.keys().some((k) => k.startsWith(`${name}.`))) return undefined;
  const items: Value[] = [];
  for (let i = 0; ; i++) {
    const v = fromFile(st, `${name}.${i}`);
    if (!v) break;
    items.push(v);
  }
  return items.length ? { k: 'tuple', items } : undefined;
}

/**
 * A value of the file's own call made concrete: tensors with values keep them; a known shape gets random
 * normal values (`drawn.random` says so).
 */
function completeArg(v: Value, rng: Rng, drawn: { random: boolean }): Value | undefined {
  if (v.k === 'tensor') {
    if (dataOf(v)) return v;
    const dims = v.t.dims?.map((d) => d.d.value);
    if (!dims || dims.some((d) => d === undefined)) return undefined;
    if (v.t.integer) return undefined; // token ids need their range: from --inputs or torch.randint in the file
    const shape = dims as number[];
    const n = shape.reduce((a, b) => a * b, 1);
    drawn.random = true;
    return concreteTensor({ shape, data: Float32Array.from({ length: n }, () => rng.normal()) }, false);
  }
  if (v.k === 'tuple') {
    const items = v.items.map((x) => completeArg(x, rng, drawn));
    return items.every((x): x is Value => x !== undefined) ? { ...v, items } : undefined;
  }
  if (v.k === 'unknown') return undefined;
  return v;
}

/**
 * A random argument for forward's parameter `name` from its first use as a layer's input
 * (`self.emb(tokens)`, `self.lstm(x)`): token ids below num_embeddings for an Embedding, the layout a
 * recurrent layer, Linear or Conv1d takes, with the sample batch and sequence length.
 */
function sampleInput(inst: Instance, name: string, batch: number, seq: number, rng: Rng): { value: Value; why: string } | undefined {
  const fwd = inst.cls.methods.get('forward');
  if (!fwd) return undefined;
  let found: Layer | undefined;
  let attr = '';
  const visit = (n: Node): void => {
    if (found) return;
    if (n.type === 'call') {
      const fn = n.childForFieldName('function');
      const first = n.childForFieldName('arguments')?.namedChildren.find((c) => c !== null && c.type !== 'comment');
      if (fn?.type === 'attribute' && fn.childForFieldName('object')?.text === 'self' && first?.type === 'identifier' && first.text === name) {
        const a = fn.childForFieldName('attribute')?.text ?? '';
        const v = inst.attrs.get(a);
        if (v?.k === 'layer') {
          found = v.layer;
          attr = a;
          return;
        }
      }
    }
    for (const c of n.namedChildren) if (c) visit(c);
  };
  visit(fwd);
  if (!found) return undefined;
  const a = found.args;
  const int = (k: string): number | undefined => {
    const v = a.get(k);
    return v?.k === 'int' ? v.dim.value : undefined;
  };
  const flag = (k: string): boolean => a.get(k)?.k === 'bool' && (a.get(k) as { v?: boolean }).v === true;
  const randn = (shape: number[]): Value => concreteTensor({ shape, data: Float32Array.from({ length: shape.reduce((x, y) => x * y, 1) }, () => rng.normal()) }, false);
  const why = `first used by self.${attr} (${found.kind})`;
  switch (found.kind) {
    case 'Embedding': {
      const n = int('num_embeddings');
      if (n === undefined) return undefined;
      return { value: concreteTensor({ shape: [batch, seq], data: Float32Array.from({ length: batch * seq }, () => Math.floor(rng.next() * n)) }, true), why };
    }
    case 'Linear': {
      const i = int('in_features');
      return i === undefined ? undefined : { value: randn([batch, i]), why };
    }
    case 'Conv1d': {
      const c = int('in_channels');
      return c === undefined ? undefined : { value: randn([batch, c, seq]), why };
    }
    case 'RNN':
    case 'LSTM':
    case 'GRU': {
      const i = int('input_size');
      return i === undefined ? undefined : { value: randn(flag('batch_first') ? [batch, seq, i] : [seq, batch, i]), why };
    }
    case 'RNNCell':
    case 'LSTMCell':
    case 'GRUCell': {
      const i = int('input_size');
      return i === undefined ? undefined : { value: randn([batch, i]), why };
    }
  }
  return undefined;
}
