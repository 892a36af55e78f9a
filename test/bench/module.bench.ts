// `npm run bench:module`: whole-model sample runs (rnnlens run --module, in-process) of three
// tutorial-size models against onnxruntime-web (wasm, 1 thread, SIMD) running the same models exported
// from torch, the two alternating; outputs are compared with torch's first. Prints the forward time of each
// (median), the ratios, the machine's load, and the interpreter's own time per layer call (forward time
// outside the ops' own work, in µs), also on the tiny fixture models, where compute is negligible.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as ort from 'onnxruntime-web';
import { runModuleFromDisk as runModule } from '../../server/src/node/moduleRunFromDisk';
import { readSafetensors } from '../../engine/src/safetensors';

const dir = path.join(os.tmpdir(), 'rnnlens-module-bench-v1');
const MODELS = [
  { name: 'lm', module: 'model', what: 'language model: Embedding(10000, 200) → LSTM(200, 200, 2 layers) → Linear(200, 10000), 35×20' },
  { name: 'tagger', module: 'tagger', what: 'bi-GRU tagger: Embedding(5000, 100) → packed bi-GRU(128) → LayerNorm → Linear(17), 32×40' },
  { name: 'decoder', module: 'decoder', what: 'seq2seq decoder step: Embedding(5000, 256), attention over 20, GRUCell(768, 512), Linear(5000), batch 32' },
];
const REPS = 7;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function maxRelExcess(got: Float32Array, want: Float32Array): number {
  let worst = 0;
  for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i]! - want[i]!) - (1e-5 + 1e-4 * Math.abs(want[i]!)));
  return worst;
}

const us = (ms: number): string => (ms * 1000).toFixed(0);

async function main(): Promise<void> {
  if (!fs.existsSync(path.join(dir, 'decoder_expected.safetensors'))) {
    process.stderr.write(`writing the benchmark models with torch into ${dir} …\n`);
    const r = spawnSync('/usr/bin/python3', [path.join(__dirname, 'make_module_bench.py'), dir], { stdio: ['ignore', 'ignore', 'inherit'] });
    if (r.status !== 0) throw new Error('make_module_bench.py failed');
  }
  ort.env.wasm.numThreads = 1;
  ort.env.wasm.simd = true;
  const load0 = os.loadavg()[0]!;
  const rows: string[][] = [];
  for (const m of MODELS) {
    const file = (s: string): string => path.join(dir, s);
    const source = fs.readFileSync(file(`${m.name}.py`), 'utf8');
    const opts = { module: m.module, weights: file(`${m.name}.safetensors`), inputs: file(`${m.name}_inputs.safetensors`), seed: 0 };
    const want = readSafetensors(fs.readFileSync(file(`${m.name}_expected.safetensors`)));
    // onnxruntime-web on the torch export
    const inputs = readSafetensors(fs.readFileSync(opts.inputs));
    const session = await ort.InferenceSession.create(fs.readFileSync(file(`${m.name}.onnx`)), { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
    const feeds: Record<string, ort.Tensor> = {};
    for (const n of session.inputNames) {
      const t = inputs.tensor(n, true);
      feeds[n] = inputs.isInteger(n) ? new ort.Tensor('int64', BigInt64Array.from(t.data, (x) => BigInt(x)), t.shape) : new ort.Tensor('float32', t.data, t.shape);
    }
    // ours: the whole CLI path in-process (parse, module code, weights, forward), forward timed inside;
    // ours and onnxruntime-web alternate, so both see the same phases of a shared machine
    const fwd: number[] = [];
    const whole: number[] = [];
    const interp: number[] = [];
    const tOrt: number[] = [];
    let layerCalls = 0;
    let ops = 0;
    let oursExcess = 0;
    let ortExcess = 0;
    for (let r = 0; r < REPS + 1; r++) {
      const t0 = performance.now();
      const res = await runModule(source, opts);
      const t = performance.now() - t0;
      const t1 = performance.now();
      const got = await session.run(feeds);
      const to = performance.now() - t1;
      if (r === 0) {
        // the first runs compile
        for (const o of res.outputs) oursExcess = Math.max(oursExcess, maxRelExcess(o.tensor.data, want.tensor(o.name, true).data));
        for (const n of session.outputNames) if (want.has(n)) ortExcess = Math.max(ortExcess, maxRelExcess(got[n]!.data as Float32Array, want.tensor(n, true).data));
        continue;
      }
      fwd.push(res.millis);
      whole.push(t);
      tOrt.push(to);
      interp.push(res.millis - res.opMillis);
      layerCalls = res.layers.reduce((a, l) => a + l.calls, 0);
      ops = res.ops;
    }
    await session.release();
    const f = median(fwd);
    const o = median(tOrt);
    rows.push([m.name, f.toFixed(1), median(whole).toFixed(1), o.toFixed(1), `${(o / f).toFixed(2)}×`, `${(Math.min(...tOrt) / Math.min(...fwd)).toFixed(2)}×`,
      `${layerCalls}/${ops}`, us(median(interp) / Math.max(layerCalls, 1)),
      oursExcess <= 0 ? 'yes' : `no (+${oursExcess.toExponential(1)})`, ortExcess <= 0 ? 'yes' : `no (+${ortExcess.toExponential(1)})`]);
    process.stderr.write(`${m.name} done\n`);
  }
  // The interpreter's own time on the tiny fixture models, whose ops do almost no arithmetic.
  const tiny: string[] = [];
  for (const [f, mod, w, i] of [['lm.py', 'model', 'lm.safetensors', 'lm_inputs.safetensors'], ['decoder.py', 'Seq2Seq', 'seq2seq.safetensors', 'seq2seq_inputs.safetensors']] as const) {
    const d = path.join(__dirname, '..', 'models');
    const opts = { module: mod, weights: path.join(d, w), inputs: path.join(d, i), seed: 0 };
    const src = fs.readFileSync(path.join(d, f), 'utf8');
    await runModule(src, opts);
    const times: number[] = [];
    const walk: number[] = [];
    let calls = 0;
    let ops = 0;
    for (let r = 0; r < REPS * 3; r++) {
      const res = await runModule(src, opts);
      times.push(res.millis);
      walk.push(res.millis - res.opMillis);
      calls = res.layers.reduce((a, l) => a + l.calls, 0);
      ops = res.ops;
    }
    tiny.push(`${f} --module ${mod}: forward ${us(median(times))} µs, of which ${us(median(walk))} µs in the interpreter for ${calls} layer calls and ${ops} ops = ${us(median(walk) / calls)} µs per layer call (${us(median(walk) / ops)} µs per op)`);
  }
  const head = ['model', 'ours fwd ms', 'ours CLI ms', 'ort ms', 'ort/ours (median)', 'ort/ours (min)', 'layer calls/ops', 'interpreter µs/layer call', 'ours = torch', 'ort = torch'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]): string => '| ' + r.map((c, i) => c.padStart(widths[i]!)).join(' | ') + ' |';
  console.log(`whole-model runs (rnnlens run --module, in-process) vs onnxruntime-web ${ort.env.versions.web ?? ''} wasm SIMD 1 thread on the torch export, alternating; median of ${REPS}; load average ${load0.toFixed(1)} → ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} CPUs`);
  for (const m of MODELS) console.log(`  ${m.name}: ${m.what}`);
  console.log(line(head));
  console.log('|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|');
  for (const r of rows) console.log(line(r));
  console.log('interpreter µs/layer call: forward time outside the ops (layers and tensor ops), per layer call. Tiny models (ops almost free):');
  for (const t of tiny) console.log(`  ${t}`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
