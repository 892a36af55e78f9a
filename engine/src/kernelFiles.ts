// The engine's kernel WASM read from disk, for Node hosts (the language server, the CLI, tests): beside
// the bundle (dist/) or engine/build/ when running from source. Importing this module registers it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { KERNEL_FILES, setKernelSource, type SimdLevel } from './wasm';

/** Where the .wasm lives: beside the bundle (dist/), or engine/build/ when running from source. */
export function locateWasm(file: string): string {
  const candidates = [path.join(__dirname, file), path.join(__dirname, '..', 'build', file), path.join(__dirname, '..', 'engine', 'build', file)];
  for (const c of candidates) if (fs.existsSync(c)) return c;
  throw new Error(`rnnlens engine: ${file} not found (looked in ${candidates.join(', ')}); run 'npm run build'`);
}

export function kernelBytesFromDisk(level: SimdLevel): Uint8Array {
  return fs.readFileSync(locateWasm(KERNEL_FILES[level]));
}

setKernelSource(kernelBytesFromDisk);
