// `rnnlens run FILE.py --module NAME` for a whole module (a class, an instance, `self.encoder`): runs its
// forward through the interpreter with concrete values (concrete/moduleRun.ts) and prints each returned
// tensor's shape and statistics, or JSON, and saves them flattened (`output`, `output.0`, `output.<key>`).
import * as fs from 'node:fs';
import { ModuleUsageError, type ModuleRunOptions, type ModuleRunResult } from '../concrete/moduleRun';
import { runModuleFromDisk } from '../node/moduleRunFromDisk';
import { summarize, writeSafetensors, formatShape } from '../../../engine/src/index';

export interface ModuleRunArgs extends ModuleRunOptions {
  file: string;
  seq: number;
  save?: string;
  format: 'text' | 'json';
}

const num = (x: number): string => (Number.isNaN(x) ? 'nan' : x.toPrecision(4));
const jsonNum = (x: number): number | null => (Number.isFinite(x) ? x : null);

/** Run; 0 on success, 1 on a run error, 2 when NAME is not a module (the caller prints `notFound` then). */
export async function runModuleMain(args: ModuleRunArgs, text: string, notFound: (why: string) => void): Promise<number> {
  let r: ModuleRunResult;
  try {
    r = await runModuleFromDisk(text, args);
  } catch (e) {
    if (e instanceof ModuleUsageError) {
      notFound(e.message);
      return 2;
    }
    process.stderr.write(`rnnlens run: ${(e as Error).message}\n`);
    return 1;
  }
  const stats = r.outputs.map((o) => summarize(o.name, o.tensor));
  if (args.save) {
    const tensors: Record<string, { shape: number[]; data: Float32Array }> = {};
    for (const o of r.outputs) tensors[o.name] = { shape: o.tensor.shape, data: o.tensor.data };
    fs.writeFileSync(args.save, writeSafetensors(tensors, { module: r.label, weights: r.weightsSource, seed: String(args.seed) }));
  }
  if (args.format === 'json') {
    process.stdout.write(JSON.stringify({
      version: 1, file: args.file, module: r.label, kind: 'module', inputs: r.inputs, weights: r.weightsSource, seed: args.seed, millis: r.millis,
      outputs: stats.map((o) => ({ ...o, min: jsonNum(o.min), max: jsonNum(o.max), mean: jsonNum(o.mean), std: jsonNum(o.std) })),
      values: r.others,
      layers: r.layers.map((l) => ({ name: l.name, kind: l.kind, shape: l.shape, millis: l.millis, calls: l.calls })),
      saved: args.save ?? null,
    }, null, 2) + '\n');
    return 0;
  }
  const lines = [`${args.file}: ${r.label} (forward, eval mode)`, `weights: ${r.weightsSource}`, ...r.inputs.map((i) => `input: ${i}`)];
  const nameW = Math.max(0, ...stats.map((o) => o.name.length));
  const shapeW = Math.max(0, ...stats.map((o) => formatShape(o.shape).length));
  for (const o of stats) {
    lines.push(`  ${o.name.padEnd(nameW)}  ${formatShape(o.shape).padEnd(shapeW)}  min ${num(o.min)}  mean ${num(o.mean)}  std ${num(o.std)}  max ${num(o.max)}  NaN ${o.nanCount}  Inf ${o.infCount}`);
  }
  for (const o of r.others) lines.push(`  ${o.name.padEnd(nameW)}  ${o.value}`);
  if (r.layers.length) {
    lines.push('layers:');
    const lw = Math.max(...r.layers.map((l) => `${l.name} (${l.kind})`.length));
    for (const l of r.layers) lines.push(`  ${`${l.name} (${l.kind})`.padEnd(lw)}  ${formatShape(l.shape).padEnd(16)}  ${l.millis.toFixed(3)} ms${l.calls > 1 ? ` (${l.calls} calls)` : ''}`);
  }
  lines.push(`time ${r.millis.toFixed(3)} ms, seed ${args.seed}`);
  if (args.save) lines.push(`saved ${r.outputs.map((o) => o.name).join(', ')} to ${args.save}`);
  process.stdout.write(lines.join('\n') + '\n');
  return 0;
}
