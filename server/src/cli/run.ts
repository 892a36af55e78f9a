// `rnnlens run FILE.py --module NAME [options]`: finds the recurrent layer with the analysis core,
// runs a sample forward pass in the bundled WASM engine (in a worker) and prints or saves the result.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AnalysisHost, DEFAULT_HOST_OPTIONS } from '../node/analysisHost';
import { Codes } from '../analysis/diagnosticCodes';
import type { ModuleFact } from '../analysis/facts';
import { predictRecurrentShapes } from '../analysis/torch/recurrent';
import {
  runSample, writeSafetensors, readSafetensors, inferBatchSeq, formatShape, WASM_MEMORY_LIMIT_MB,
  type LayerSpec, type RunRequest, type RunResult, type TensorSummary,
} from '../../../engine/src/index';
import { readSourceFile } from './sources';
import { runModuleMain } from './runModule';

const usage = `usage: rnnlens run FILE.py --module NAME [options]

  --module NAME        a recurrent layer: its target (self.lstm, rnn) or alias (Net.lstm), a unique last part
                       works too; or a whole module: a class (Tagger), an instance (model) or a submodule
                       (self.encoder, model.encoder), whose forward runs in eval mode. For a module,
                       --weights holds its state_dict (emb.weight, lstm.weight_ih_l0, …; a prefix such as
                       encoder. found or given), --inputs holds forward's arguments by parameter name (a tuple
                       as hidden.0, hidden.1; token ids as I64/I32), arguments not given come from the file's
                       own call, and --save writes the return value as output, output.0, output.<key>
  --weights W          weights from a .safetensors or torch.save .pt/.pth file (a layer's or a whole model's
                       state_dict, bare, under model_state_dict / state_dict / model, or several under
                       their own keys as KEY.name; 'module.' removed)
  --weights-prefix P   the layer's prefix inside W (found automatically when unique), e.g. encoder.lstm.
  --inputs X           inputs from a .safetensors file: input, optional h0, c0
  --batch N            batch size of the random input (default 2)
  --unbatched          random input without a batch dimension
  --seq L              sequence length of the random input (default 5)
  --seed S             seed for random weights and input (default 0)
  --save OUT           write output, h_n (and c_n) to OUT as F32 safetensors (cells: h_1, c_1)
  --memory-limit MB    refuse runs estimated above MB (default 512, at most 4096: WASM addresses 4 GB)
  --format text|json   output format (default text)
`;

interface RunArgs {
  file: string;
  module: string;
  weights?: string;
  weightsPrefix?: string;
  inputs?: string;
  batch?: number;
  seq: number;
  seed: number;
  save?: string;
  memoryLimitMB?: number;
  format: 'text' | 'json';
}

class UsageError extends Error {}

function parseArgs(argv: string[]): RunArgs {
  let file: string | undefined;
  let module: string | undefined;
  const out: Partial<RunArgs> = { seq: 5, seed: 0, batch: 2, format: 'text' };
  let unbatched = false;
  const int = (flag: string, v: string | undefined, min: number): number => {
    if (v === undefined || !/^-?\d+$/.test(v) || Number(v) < min) throw new UsageError(`${flag} takes an integer >= ${min}, got ${v ?? 'nothing'}`);
    return Number(v);
  };
  const str = (flag: string, v: string | undefined): string => {
    if (v === undefined || v.startsWith('--')) throw new UsageError(`${flag} needs a value`);
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    switch (a) {
      case '--module': module = str(a, argv[++i]); break;
      case '--weights': out.weights = str(a, argv[++i]); break;
      case '--weights-prefix': out.weightsPrefix = str(a, argv[++i]); break;
      case '--inputs': out.inputs = str(a, argv[++i]); break;
      case '--batch': out.batch = int(a, argv[++i], 1); break;
      case '--unbatched': unbatched = true; break;
      case '--seq': out.seq = int(a, argv[++i], 1); break;
      case '--seed': out.seed = int(a, argv[++i], 0); break;
      case '--save': out.save = str(a, argv[++i]); break;
      case '--memory-limit':
        out.memoryLimitMB = int(a, argv[++i], 1);
        if (out.memoryLimitMB > WASM_MEMORY_LIMIT_MB) throw new UsageError(`--memory-limit is at most ${WASM_MEMORY_LIMIT_MB} (MB): the WebAssembly engine cannot address more than 4 GB, got ${out.memoryLimitMB}`);
        break;
      case '--format': {
        const f = argv[++i];
        if (f !== 'text' && f !== 'json') throw new UsageError('--format takes text or json');
        out.format = f;
        break;
      }
      default:
        if (a.startsWith('-')) throw new UsageError(`unknown option ${a}`);
        if (file !== undefined) throw new UsageError(`one file at a time (got ${file} and ${a})`);
        file = a;
    }
  }
  if (file === undefined) throw new UsageError('missing FILE.py');
  if (module === undefined) throw new UsageError('missing --module NAME');
  if (unbatched) out.batch = undefined;
  return { ...(out as RunArgs), file, module };
}

function moduleLabel(m: ModuleFact): string {
  const names = [m.target, ...m.aliases.filter((a) => a !== m.target)];
  return `${names.join(' / ')} (${m.kind}, line ${m.range.start.line + 1})`;
}

/** The module named `name`: exact target or alias first, then a unique match on the last dotted part. */
export function findModule(modules: readonly ModuleFact[], name: string): ModuleFact | ModuleFact[] {
  const exact = modules.filter((m) => m.target === name || m.aliases.includes(name));
  if (exact.length === 1) return exact[0]!;
  if (exact.length > 1) return exact;
  const last = (s: string): string => s.slice(s.lastIndexOf('.') + 1);
  const loose = modules.filter((m) => [m.target, ...m.aliases].some((n) => last(n) === last(name)));
  return loose.length === 1 ? loose[0]! : loose;
}

/** Output names the engine uses for what predictRecurrentShapes calls h / c on cells. */
function predicted(spec: LayerSpec, batch: number | undefined, seq: number): Record<string, number[]> {
  const p = predictRecurrentShapes(spec, batch, seq);
  if (!spec.kind.endsWith('Cell')) return p;
  const res: Record<string, number[]> = {};
  if (p.h) res.h_1 = p.h;
  if (p.c) res.c_1 = p.c;
  return res;
}

const num = (x: number): string => (Number.isNaN(x) ? 'nan' : x.toPrecision(4));

function textReport(m: ModuleFact, args: RunArgs, r: RunResult, inputDesc: string, pred: Record<string, number[]>, match: boolean): string {
  const lines = [`${args.file}: ${moduleLabel(m)}`, `weights: ${r.weightsSource}`, `input: ${inputDesc}`];
  const nameW = Math.max(...r.outputs.map((o) => o.name.length));
  const shapeW = Math.max(...r.outputs.map((o) => formatShape(o.shape).length));
  for (const o of r.outputs) {
    lines.push(`  ${o.name.padEnd(nameW)}  ${formatShape(o.shape).padEnd(shapeW)}  min ${num(o.min)}  mean ${num(o.mean)}  std ${num(o.std)}  max ${num(o.max)}  NaN ${o.nanCount}  Inf ${o.infCount}`);
  }
  lines.push(`time ${r.millis.toFixed(3)} ms, ${r.gflops.toFixed(2)} GFLOP/s (${r.simd}), seed ${r.seed}`);
  if (match) lines.push('shapes: equal to the static prediction');
  else {
    lines.push('shapes: DIFFER from the static prediction:');
    for (const o of r.outputs) lines.push(`  ${o.name}: ran ${formatShape(o.shape)}, predicted ${pred[o.name] ? formatShape(pred[o.name]!) : 'nothing'}`);
  }
  if (args.save) lines.push(`saved ${r.outputs.map((o) => o.name).join(', ')} to ${args.save}`);
  return lines.join('\n') + '\n';
}

function sameShapes(outputs: readonly TensorSummary[], pred: Record<string, number[]>): boolean {
  if (outputs.length !== Object.keys(pred).length) return false;
  return outputs.every((o) => {
    const p = pred[o.name];
    return p !== undefined && p.length === o.shape.length && p.every((d, i) => d === o.shape[i]);
  });
}

export async function runMain(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(usage);
    return 0;
  }
  let args: RunArgs;
  try {
    args = parseArgs(argv);
  } catch (e) {
    process.stderr.write(`rnnlens run: ${(e as Error).message}\n${usage}`);
    return 2;
  }
  let text: string;
  // a regular file only (a FIFO or device is refused unread), decoded as check decodes it; no size limit
  const read = readSourceFile(args.file, Number.MAX_SAFE_INTEGER);
  if (!read.ok) {
    process.stderr.write(`rnnlens run: ${args.file}: ${read.reason}\n`);
    return 2;
  }
  text = read.source.text;
  // Analysed in the worker (heap limit, time budget) like `check`: a runaway file cannot take the CLI down.
  const host = new AnalysisHost(DEFAULT_HOST_OPTIONS);
  const analysed = await host.analyse(path.resolve(args.file), path.resolve(args.file), text);
  await host.dispose();
  const failed = analysed.diagnostics.find((d) => d.code === Codes.analysisFailed);
  if (failed) {
    process.stderr.write(`rnnlens run: ${failed.message}\n`);
    return 1;
  }
  const modules = analysed.modules;
  const found = findModule(modules, args.module);
  if (Array.isArray(found)) {
    const list = (found.length ? found : modules).map((m) => `  ${moduleLabel(m)}`).join('\n');
    const why = found.length ? `'${args.module}' is ambiguous; candidates:` : `no recurrent layer '${args.module}' in ${args.file}; ${modules.length ? 'layers found:' : 'no layers found'}`;
    if (found.length) {
      process.stderr.write(`rnnlens run: ${why}\n${list}${list ? '\n' : ''}`);
      return 2;
    }
    // Not a recurrent layer: a whole module (a class, an instance, self.encoder) or another layer.
    return runModuleMain({ ...args }, text, (moduleWhy) => {
      process.stderr.write(`rnnlens run: ${why}\n${list}${list ? '\n' : ''}  and as a whole module: ${moduleWhy}\n`);
    });
  }
  const m = found;
  if (!m.spec) {
    const symbolic = m.args.filter((a) => a.concrete === undefined).map((a) => `${a.name}=${a.value}`);
    process.stderr.write(`rnnlens run: ${moduleLabel(m)} has sizes that are not known statically (${symbolic.join(', ') || 'see its arguments'}); only layers with concrete sizes can run\n`);
    return 1;
  }
  const spec: LayerSpec = m.spec;
  const req: RunRequest = {
    spec, batch: args.batch, seq: args.seq, seed: args.seed,
    weightsPath: args.weights, weightsPrefix: args.weightsPrefix, inputsPath: args.inputs, memoryLimitMB: args.memoryLimitMB,
  };
  let r: RunResult, batch: number | undefined = args.batch, seq = args.seq, inputDesc: string;
  try {
    if (args.inputs) {
      const st = readSafetensors(fs.readFileSync(args.inputs), args.inputs);
      const shape = st.entries.get('input')?.shape;
      if (!shape) throw new Error(`${args.inputs}: missing key 'input' (expected input and optionally h0, c0)`);
      ({ batch, seq } = inferBatchSeq(spec, shape));
      inputDesc = `${formatShape(shape)} from ${args.inputs}${st.has('h0') ? ' with h0' : ''}${st.has('c0') ? ', c0' : ''}`;
    }
    const ctrl = new AbortController();
    const onSigint = (): void => ctrl.abort();
    process.once('SIGINT', onSigint);
    try {
      // A progress line on a terminal (cleared when done); nothing when piped.
      const tty = args.format === 'text' && process.stderr.isTTY === true;
      let shown = -1;
      const onProgress = (f: number): void => {
        const pct = Math.floor(f * 100);
        if (tty && pct !== shown && pct < 100) process.stderr.write(`\rrunning ${m.target}: ${(shown = pct)}%`);
      };
      try {
        r = await runSample(req, { signal: ctrl.signal, onProgress });
      } finally {
        if (tty && shown >= 0) process.stderr.write('\r\x1b[K');
      }
    } finally {
      process.off('SIGINT', onSigint);
    }
    if (!args.inputs) inputDesc = `${formatShape(r.outputs.length ? predictedInput(spec, batch, seq) : [])} random normal (seed ${r.seed})`;
    if (args.save) fs.writeFileSync(args.save, writeSafetensors(r.tensors, { module: m.target, weights: r.weightsSource, seed: String(r.seed) }));
  } catch (e) {
    process.stderr.write(`rnnlens run: ${(e as Error).message}\n`);
    return 1;
  }
  const pred = predicted(spec, batch, seq);
  const match = sameShapes(r.outputs, pred);
  if (args.format === 'json') {
    process.stdout.write(JSON.stringify({
      version: 1, file: args.file, module: m.target, aliases: m.aliases, kind: m.kind, spec,
      input: inputDesc!, weights: r.weightsSource, seed: r.seed, simd: r.simd, millis: r.millis, gflops: r.gflops,
      outputs: r.outputs.map((o) => ({ ...o, min: jsonNum(o.min), max: jsonNum(o.max), mean: jsonNum(o.mean), std: jsonNum(o.std) })),
      predicted: pred, shapesMatchPrediction: match, saved: args.save ?? null,
    }, null, 2) + '\n');
  } else {
    process.stdout.write(textReport(m, args, r, inputDesc!, pred, match));
  }
  return 0;
}

function predictedInput(spec: LayerSpec, batch: number | undefined, seq: number): number[] {
  if (spec.kind.endsWith('Cell')) return batch === undefined ? [spec.inputSize] : [batch, spec.inputSize];
  if (batch === undefined) return [seq, spec.inputSize];
  return spec.batchFirst ? [batch, seq, spec.inputSize] : [seq, batch, spec.inputSize];
}

/** JSON has no NaN: statistics of an all-NaN tensor become null. */
function jsonNum(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}
