// One sample run in the calling thread, for Node hosts: the files a request names (weights, inputs) are
// read from disk and handed to run.ts; the kernels come from disk too (kernelFiles.ts). The Node worker calls this.
import * as fs from 'node:fs';
import './kernelFiles';
import type { LayerSpec, RunRequest, RunResult } from './types';
import type { ForwardInputs, LayerWeights } from './forward';
import { readSafetensors } from './safetensors';
import { inputsFromFile, runSampleWith, weightsFromBytes } from './run';

const readFile = (file: string): Uint8Array => fs.readFileSync(file);

/** A layer's weights from a .safetensors or torch.save (.pt / .pth) file, found under `prefix` or the unique one. */
export function loadWeightsFile(spec: LayerSpec, file: string, prefix?: string): { weights: LayerWeights; prefix: string; found: string } {
  return weightsFromBytes(spec, readFile(file), file, prefix);
}

export function loadInputsFile(file: string): ForwardInputs {
  return inputsFromFile(readSafetensors(readFile(file), file), file);
}

export function runSampleDirect(req: RunRequest, onProgress?: (fraction: number) => void): RunResult {
  return runSampleWith(req, readFile, onProgress);
}
