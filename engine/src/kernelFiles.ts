// The engine's kernel WASM read from disk, for Node hosts (the language server, the CLI, tests): beside
// the bundle (dist/) or engine/build/ when running from source, compiled eagerly with V8's optimizing
// compiler where Node allows it. Importing this module registers both.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as v8 from 'node:v8';
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

interface WasmCompile {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => unknown;
}
const WA = (globalThis as unknown as { WebAssembly: WasmCompile }).WebAssembly;

/**
 * Compiles the kernels eagerly with V8's optimizing compiler. By default V8 compiles each function on its
 * first call with its baseline compiler (Liftoff) and optimizes it only after enough calls, in the
 * background: a run's long calls into a kernel stay in baseline code, so the first run of a process
 * (every CLI run) was 2–5× slower in its kernels (a 700×200×2000 product: ~200 ms on the first call,
 * ~45 ms after). Eager optimized compilation of the whole module takes 20–70 ms once per process. The
 * flags are set for this compile only and restored, so other WebAssembly of the process (tree-sitter)
 * keeps V8's defaults. Only in Node itself, which unfreezes V8's flags for `v8.setFlagsFromString`:
 * Electron may keep Chromium's frozen flags, where changing one is a fatal error, so there (VS Code's
 * own processes) the default tiering stays.
 */
export function compileOptimized(bytes: Uint8Array): unknown {
  const set: string[] = [];
  if (process.versions.electron) {
    // lazily compiled functions: validate the whole module up front, so an unsupported build fails here
    if (!WA.validate(bytes)) throw new Error('rnnlens engine: the module does not validate');
    return new WA.Module(bytes);
  }
  try {
    for (const f of ['liftoff', 'wasm-lazy-compilation']) {
      v8.setFlagsFromString(`--no-${f}`);
      set.push(f);
    }
  } catch {
    // a runtime that refuses V8 flags: the default tiering
  }
  try {
    return new WA.Module(bytes);
  } finally {
    for (const f of set) v8.setFlagsFromString(`--${f}`);
  }
}

setKernelSource(kernelBytesFromDisk, compileOptimized);
