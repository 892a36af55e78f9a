// `npm run bench:engine`: the engine against onnxruntime-web's WASM backend (1 thread, SIMD) in one
// process on the configs of PERF-NOTES; median of several runs; prints ms, GFLOP/s, % of the WASM
// SIMD peak and the speed ratio. Our plain-SIMD build always runs; the relaxed-SIMD build too when this
// runtime validates it (Node 20 needs --experimental-wasm-relaxed-simd, which the npm script passes;
// VS Code's Electron and Node >= 22 have it on). Outputs are compared first, so all compute the same thing.
import * as ort from 'onnxruntime-web';
import '../../engine/src/kernelFiles';
import { PreparedLayer, forwardFlops } from '../../engine/src/forward';
import { initWeights, randn } from '../../engine/src/init';
import { Rng } from '../../engine/src/random';
import type { LayerSpec } from '../../engine/src/types';
import { buildOnnxModel } from './engine-onnx-models';
import { kernelModule, type SimdLevel } from '../../engine/src/wasm';

interface BenchConfig { name: string; spec: LayerSpec; batch: number; seq: number }

const base = { nonlinearity: 'tanh', bias: true, batchFirst: false, dropout: 0, bidirectional: false, projSize: 0, numLayers: 1 } as const;
const CONFIGS: BenchConfig[] = [
  { name: 'S', spec: { ...base, kind: 'LSTM', inputSize: 64, hiddenSize: 128 }, batch: 1, seq: 64 },
  { name: 'M', spec: { ...base, kind: 'LSTM', inputSize: 256, hiddenSize: 512, numLayers: 2 }, batch: 16, seq: 128 },
  { name: 'B', spec: { ...base, kind: 'LSTM', inputSize: 128, hiddenSize: 256, numLayers: 2, bidirectional: true, batchFirst: true }, batch: 8, seq: 100 },
  { name: 'R', spec: { ...base, kind: 'RNN', inputSize: 128, hiddenSize: 256 }, batch: 32, seq: 200 },
  { name: 'G', spec: { ...base, kind: 'GRU', inputSize: 128, hiddenSize: 256 }, batch: 16, seq: 100 },
];
// One core here (PERF-NOTES): f32x4 mul+add peaks at 33–35 GFLOP/s, f32x4.relaxed_madd at 44–45.
const PEAK: Record<SimdLevel, number> = { simd: 34, 'relaxed-simd': 44.5 };

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function relaxedAvailable(): boolean {
  try {
    return kernelModule('relaxed-simd').level === 'relaxed-simd';
  } catch {
    return false;
  }
}

async function main(): Promise<void> {
  ort.env.wasm.numThreads = 1;
  ort.env.wasm.simd = true;
  const only = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const levels: SimdLevel[] = relaxedAvailable() ? ['simd', 'relaxed-simd'] : ['simd'];
  const rows: string[][] = [];
  for (const cfg of CONFIGS.filter((c) => only.length === 0 || only.includes(c.name))) {
    const rng = new Rng(42);
    const weights = initWeights(cfg.spec, rng);
    const layers = levels.map((l) => new PreparedLayer(cfg.spec, weights, cfg.batch, cfg.seq, l));
    const input = randn(layers[0].shapes.input, rng);
    const session = await ort.InferenceSession.create(buildOnnxModel(cfg.spec, weights, cfg.batch, cfg.seq), { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
    const feeds = { input: new ort.Tensor('float32', input.data, input.shape) };
    const flops = forwardFlops(cfg.spec, cfg.batch, cfg.seq);
    // Same numbers first.
    const theirs0 = (await session.run(feeds)).output.data as Float32Array;
    let maxDiff = 0;
    for (const layer of layers) {
      const ours0 = layer.run({ input }).output.data;
      if (ours0.length !== theirs0.length) throw new Error(`${cfg.name}: output sizes differ`);
      for (let i = 0; i < ours0.length; i++) maxDiff = Math.max(maxDiff, Math.abs(ours0[i] - theirs0[i]));
    }
    if (!(maxDiff < 1e-4)) throw new Error(`${cfg.name}: engine and onnxruntime disagree (max |diff| ${maxDiff})`);
    const reps = Math.max(7, Math.min(51, Math.round(0.3e9 / flops) | 1));
    // Wall-clock ms, and CPU time of this process (less disturbed when other jobs share the cores).
    const tOurs: number[][] = layers.map(() => []), cOurs: number[][] = layers.map(() => []);
    const tOrt: number[] = [], cOrt: number[] = [];
    const cpuMs = (c: NodeJS.CpuUsage): number => (c.user + c.system) / 1000;
    for (let r = 0; r < 2; r++) { for (const l of layers) l.run({ input }); await session.run(feeds); }
    for (let r = 0; r < reps; r++) {
      layers.forEach((layer, i) => {
        const c0 = process.cpuUsage(), t0 = performance.now();
        layer.run({ input });
        tOurs[i].push(performance.now() - t0);
        cOurs[i].push(cpuMs(process.cpuUsage(c0)));
      });
      const c0 = process.cpuUsage(), t0 = performance.now();
      await session.run(feeds);
      tOrt.push(performance.now() - t0);
      cOrt.push(cpuMs(process.cpuUsage(c0)));
    }
    await session.release();
    const mt = median(tOrt), gt = flops / mt / 1e6;
    const row = [cfg.name, (flops / 1e9).toFixed(4)];
    layers.forEach((layer, i) => {
      const mo = median(tOurs[i]), go = flops / mo / 1e6;
      row.push(mo.toFixed(2), go.toFixed(1), `${((go / PEAK[layer.simd]) * 100).toFixed(0)}%`, `${(mt / mo).toFixed(2)}×`, `${(median(cOrt) / median(cOurs[i])).toFixed(2)}×`);
    });
    row.push(mt.toFixed(2), gt.toFixed(1), `${((gt / PEAK.simd) * 100).toFixed(0)}%`, maxDiff.toExponential(1), String(reps));
    rows.push(row);
    process.stderr.write(`${cfg.name} done\n`);
  }
  const head = ['cfg', 'GFLOP'];
  for (const l of levels) {
    const tag = l === 'simd' ? 'simd' : 'relaxed';
    head.push(`${tag} ms`, `${tag} GFLOP/s`, `of ${PEAK[l]}`, `${tag}/ort speed`, '(cpu time)');
  }
  head.push('ort ms', 'ort GFLOP/s', `of ${PEAK.simd}`, 'max|diff|', 'runs');
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]): string => '| ' + r.map((c, i) => c.padStart(widths[i])).join(' | ') + ' |';
  console.log(`rnnlens engine (${levels.join(' + ')} builds) vs onnxruntime-web ${ort.env.versions.web ?? ''} wasm SIMD, 1 thread; median of runs; GFLOP/s over the gate matmul FLOPs`);
  console.log(line(head));
  console.log('|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|');
  for (const r of rows) console.log(line(r));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
