// One sample run, in the calling thread: weights from a safetensors / .pt file's bytes or a seed, inputs
// from a file or a seed, the forward pass, timing and summaries. Reads no files itself: the host passes
// `read` (sample.ts reads from disk in Node; the browser worker has only the bytes sent with the request).
import type { LayerSpec, RunRequest, RunResult, Tensor, TensorRecipe } from './types';
import { numel } from './types';
import { readSafetensors, type SafetensorsFile } from './safetensors';
import { readWeights } from './weightsFile';
import { resolvePrefix, paramInfos, shapeMismatch } from './names';
import { PreparedLayer, inferBatchSeq, forwardFlops, checkSpec, checkSequenceLength, ioShapes, type LayerWeights, type ForwardInputs } from './forward';
import { initWeights, randn } from './init';
import { Rng, randomSeed } from './random';
import { summarize } from './summary';
import { checkMemoryLimit } from './limits';

/** A layer's weights from a .safetensors or torch.save (.pt / .pth) file, found under `prefix` or the unique one. */
export function weightsFromBytes(spec: LayerSpec, bytes: Uint8Array, file: string, prefix?: string): { weights: LayerWeights; prefix: string; found: string } {
  const st = readWeights(bytes, file);
  // a DataParallel checkpoint's keys lose their `module.`; a prefix written with it still finds them
  if (st.removedPrefix && prefix?.startsWith(st.removedPrefix)) prefix = prefix.slice(st.removedPrefix.length);
  const p = resolvePrefix(spec, st.keys(), prefix);
  const weights: LayerWeights = {};
  for (const info of paramInfos(spec)) {
    const key = p + info.name;
    const shape = st.entries.get(key)?.shape ?? [];
    if (shape.length !== info.shape.length || shape.some((d, i) => d !== info.shape[i])) throw shapeMismatch(key, shape, info.shape);
    weights[info.name] = st.tensor(key);
  }
  return { weights, prefix: p, found: st.found ?? '' };
}

/** Reads a file the request names (a path in Node); throws where the host has no file access. */
export type ReadFile = (path: string) => Uint8Array;

export function inputsFromFile(st: SafetensorsFile, file: string): ForwardInputs {
  if (!st.has('input')) throw new Error(`${file}: missing key 'input' (expected input and optionally h0, c0)`);
  const get = (k: string): Tensor | undefined => (st.has(k) ? st.tensor(k) : undefined);
  return { input: st.tensor('input'), h0: get('h0'), c0: get('c0') };
}

/** The checks a host makes before starting a worker (cheap; the worker repeats them). */
export function checkRunRequest(req: RunRequest): void {
  checkSpec(req.spec);
  if (!req.inputsPath && !req.inputs) {
    checkSequenceLength(req.spec, req.seq);
    checkMemoryLimit(req.spec, req.batch, req.seq, req.memoryLimitMB);
  }
}

export function runSampleWith(req: RunRequest, read: ReadFile, onProgress?: (fraction: number) => void): RunResult {
  const spec = req.spec;
  checkSpec(spec);
  const seed = req.seed ?? randomSeed();
  const rng = new Rng(seed);
  // Sizes and the memory check come first: nothing large is decoded or allocated for a refused run.
  let inputsFile: SafetensorsFile | undefined, batch: number | undefined, seq: number;
  if (req.inputsPath) {
    inputsFile = readSafetensors(read(req.inputsPath), req.inputsPath);
    const shape = inputsFile.entries.get('input')?.shape;
    if (!shape) throw new Error(`${req.inputsPath}: missing key 'input' (expected input and optionally h0, c0)`);
    ({ batch, seq } = inferBatchSeq(spec, shape));
  } else if (req.inputs) {
    // Recipes of the tensors the code builds at the call (shape, constant fill or seeded values).
    ({ batch, seq } = inferBatchSeq(spec, req.inputs.input.shape));
    checkSequenceLength(spec, seq);
  } else {
    batch = req.batch;
    seq = req.seq;
    if (batch !== undefined && (!Number.isInteger(batch) || batch < 1)) throw new Error(`batch must be a positive integer, got ${batch}`);
    checkSequenceLength(spec, seq);
    if (!Number.isInteger(seq) || seq < 1) throw new Error(`seq must be a positive integer, got ${seq}`);
  }
  checkMemoryLimit(spec, batch, seq, req.memoryLimitMB);
  let weights: LayerWeights, weightsSource: string;
  if (req.weightsPath || req.weightsBytes) {
    const name = req.weightsPath || 'weights';
    const w = weightsFromBytes(spec, req.weightsBytes ?? read(name), name, req.weightsPrefix);
    weights = w.weights;
    const how = [w.found && `state_dict ${w.found}`, w.prefix && `prefix '${w.prefix}'`].filter(Boolean).join('; ');
    weightsSource = `${name}${how ? ` (${how})` : ''}`;
  } else {
    weights = initWeights(spec, rng);
    weightsSource = `seed ${seed}: PyTorch's default init uniform(±1/√${spec.hiddenSize}) from rnnlens' own generator (not torch's RNG)`;
  }
  const build = (r: TensorRecipe): Tensor => {
    if (r.values !== undefined) {
      if (r.values.length !== numel(r.shape)) throw new Error(`engine: ${r.values.length} values given for a tensor of shape (${r.shape.join(', ')})`);
      return { shape: [...r.shape], data: Float32Array.from(r.values) };
    }
    return r.fill === undefined ? randn(r.shape, rng) : { shape: [...r.shape], data: new Float32Array(numel(r.shape)).fill(r.fill) };
  };
  const recipes = req.inputs;
  const inputs: ForwardInputs = inputsFile
    ? inputsFromFile(inputsFile, req.inputsPath ?? '')
    : recipes
      ? { input: build(recipes.input), h0: recipes.h0 && build(recipes.h0), c0: recipes.c0 && build(recipes.c0) }
      : { input: randn(ioShapes(spec, batch, seq).input, rng) };
  const layer = new PreparedLayer(spec, weights, batch, seq);
  layer.countGates = true;
  const flops = forwardFlops(spec, batch, seq);
  // Small runs would time V8's first (baseline) compilation rather than the kernels: one untimed pass
  // first. Above ~0.2 GFLOP (≥ ~5 ms) the first pass is representative and is timed directly.
  if (flops < 2e8) layer.run(inputs);
  const t0 = performance.now();
  const tensors = layer.run(inputs, onProgress);
  const millis = performance.now() - t0;
  const outputs = Object.entries(tensors).map(([name, t]) => summarize(name, t));
  const gflops = millis > 0 ? flops / (millis * 1e6) : 0;
  return { outputs, layers: layer.lastLayers, tensors, millis, gflops, seed, simd: layer.simd, weightsSource };
}

