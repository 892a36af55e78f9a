// A whole-model run as the Node hosts start it (`rnnlens run --module`, the benchmark): the parser loaded
// from disk and the weights and inputs files read, then concrete/moduleRun.ts, which takes bytes.
import * as fs from 'node:fs';
import { runModule, type ModuleRunOptions, type ModuleRunResult } from '../concrete/moduleRun';
import '../../../engine/src/kernelFiles'; // the engine's kernels from disk
import { loadAnalyzer } from './analyzer';

export async function runModuleFromDisk(source: string, opts: ModuleRunOptions): Promise<ModuleRunResult> {
  await loadAnalyzer();
  return runModule(source, {
    ...opts,
    ...(opts.weights !== undefined && !opts.weightsBytes ? { weightsBytes: fs.readFileSync(opts.weights) } : {}),
    ...(opts.inputs !== undefined && !opts.inputsBytes ? { inputsBytes: fs.readFileSync(opts.inputs) } : {}),
  });
}
