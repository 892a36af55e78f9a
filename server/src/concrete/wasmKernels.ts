// The WASM-SIMD fast path of a whole-module run (engine/assembly/dense.ts): x·Wᵀ + b, matrix products,
// softmax / log_softmax and tanh / sigmoid, in one WebAssembly instance and memory per run (relaxed
// SIMD where the runtime validates it, as the recurrent engine). Layer weights are copied in once per
// run and kept by parameter; everything else lives in scratch memory reused call after call. Callers
// fall back to the plain TypeScript ops when no run is in progress or the memory limit would be passed.
import { kernelModule } from '../../../engine/src/wasm';
import { DEFAULT_MEMORY_LIMIT_MB, effectiveMemoryLimitMB } from '../../../engine/src/limits';

interface WasmMemory { readonly buffer: ArrayBuffer; grow(pages: number): number }
interface WasmInstanceApi { Instance: new (module: unknown, imports: Record<string, Record<string, unknown>>) => { exports: unknown } }
const WA = (globalThis as unknown as { WebAssembly: WasmInstanceApi }).WebAssembly;

interface DenseExports {
  memory: WasmMemory;
  heapBase(): number;
  linearNT(x: number, ldx: number, M: number, w: number, ldw: number, N: number, K4: number, bias: number, out: number, ldo: number): void;
  softmaxRows(x: number, rows: number, n: number, out: number, log: number): void;
  activate(x: number, n: number, out: number, op: number): void;
}

const PAGE = 65536;
const roundUp = (x: number, m: number): number => Math.ceil(x / m) * m;

/** A weight held in linear memory: its rows zero-padded to `ld` floats. */
interface Resident { ptr: number; ld: number; bias: number; biasOf: Float32Array | undefined }

export class DenseKernels {
  private ex: DenseExports | undefined;
  private base = 0;
  /** End of the weights kept for the run; scratch starts here on every call. */
  private top = 0;
  private resident = new WeakMap<Float32Array, Resident>();
  private readonly limitBytes: number;

  constructor(limitMB = DEFAULT_MEMORY_LIMIT_MB) {
    this.limitBytes = effectiveMemoryLimitMB(limitMB) * 1024 * 1024;
  }

  private exports(): DenseExports {
    if (!this.ex) {
      const { module } = kernelModule('auto');
      const noop = (): void => undefined;
      this.ex = new WA.Instance(module, { env: { progress: noop, layerDone: noop } }).exports as DenseExports;
      this.base = this.top = roundUp(this.ex.heapBase(), 64);
    }
    return this.ex;
  }

  /** Makes [from, from + bytes) addressable; false past the run's memory limit. */
  private reach(from: number, bytes: number): boolean {
    const ex = this.exports();
    const end = from + bytes;
    if (end > this.limitBytes) return false;
    const have = ex.memory.buffer.byteLength;
    if (end > have) ex.memory.grow(Math.ceil((end - have) / PAGE));
    return true;
  }

  private f32(): Float32Array {
    return new Float32Array(this.exports().memory.buffer);
  }

  /** rows × k from `src` (at `off`) into memory at byte `ptr`, each row padded with zeros to `ld` floats. */
  private put(src: Float32Array, off: number, rows: number, k: number, ld: number, ptr: number): void {
    const m = this.f32();
    const p = ptr / 4;
    if (ld === k) {
      m.set(src.subarray(off, off + rows * k), p);
      return;
    }
    for (let r = 0; r < rows; r++) {
      m.set(src.subarray(off + r * k, off + r * k + k), p + r * ld);
      m.fill(0, p + r * ld + k, p + (r + 1) * ld);
    }
  }

  /** A weight (n × k) and its bias kept for the run, copied in on first use; undefined past the limit. */
  private keep(w: Float32Array, n: number, k: number, bias: Float32Array | undefined): Resident | undefined {
    const hit = this.resident.get(w);
    if (hit && hit.biasOf === bias) return hit;
    const ld = roundUp(k, 4);
    const bytes = roundUp(n * ld * 4, 64) + (bias ? roundUp(n * 4, 64) : 0);
    if (!this.reach(this.top, bytes)) {
      // drop what the run kept and try once more from the start of the heap
      this.resident = new WeakMap();
      this.top = this.base;
      if (!this.reach(this.top, bytes)) return undefined;
    }
    const ptr = this.top;
    this.put(w, 0, n, k, ld, ptr);
    let b = 0;
    if (bias) {
      b = ptr + roundUp(n * ld * 4, 64);
      this.f32().set(bias, b / 4);
    }
    this.top += bytes;
    const r = { ptr, ld, bias: b, biasOf: bias };
    this.resident.set(w, r);
    return r;
  }

  /**
   * out (rows × n) = x (rows × k) · wᵀ (w: n × k) + bias. `keep`: w is a layer's parameter, held for
   * the rest of the run (never for tensors the code may assign into). False when it did not run.
   */
  linear(x: Float32Array, rows: number, k: number, w: Float32Array, n: number, bias: Float32Array | undefined, out: Float32Array, keep: boolean): boolean {
    if (rows === 0 || n === 0) return true;
    const ld = roundUp(k, 4);
    let res: Resident | undefined;
    let scratch = this.top;
    if (keep) {
      res = this.keep(w, n, k, bias);
      if (!res) return false;
      scratch = this.top;
    } else {
      const wb = roundUp(n * ld * 4, 64), bb = bias ? roundUp(n * 4, 64) : 0;
      if (!this.reach(scratch, wb + bb)) return false;
      this.put(w, 0, n, k, ld, scratch);
      if (bias) this.f32().set(bias, (scratch + wb) / 4);
      res = { ptr: scratch, ld, bias: bias ? scratch + wb : 0, biasOf: bias };
      scratch += wb + bb;
    }
    const xb = roundUp(rows * ld * 4, 64), ob = roundUp(rows * n * 4, 64);
    if (!this.reach(scratch, xb + ob)) return false;
    this.put(x, 0, rows, k, ld, scratch);
    const ex = this.exports();
    ex.linearNT(scratch, ld, rows, res.ptr, ld, n, ld, res.bias, scratch + xb, n);
    out.set(new Float32Array(ex.memory.buffer, scratch + xb, rows * n));
    return true;
  }

  /** out (rows × m) = a (rows × k, at aOff) · b (k × m, at bOff), b transposed on its way in. False when it did not run. */
  matmul(a: Float32Array, aOff: number, rows: number, k: number, b: Float32Array, bOff: number, m: number, out: Float32Array, oOff: number): boolean {
    if (rows === 0 || m === 0) return true;
    const ld = roundUp(k, 4);
    const wb = roundUp(m * ld * 4, 64), xb = roundUp(rows * ld * 4, 64), ob = roundUp(rows * m * 4, 64);
    const s = this.top;
    if (!this.reach(s, wb + xb + ob)) return false;
    const mem = this.f32();
    const wp = s / 4;
    for (let j = 0; j < m; j++) {
      const row = wp + j * ld;
      for (let p = 0; p < k; p++) mem[row + p] = b[bOff + p * m + j]!;
      for (let p = k; p < ld; p++) mem[row + p] = 0;
    }
    this.put(a, aOff, rows, k, ld, s + wb);
    const ex = this.exports();
    ex.linearNT(s + wb, ld, rows, s, ld, m, ld, 0, s + wb + xb, m);
    out.set(new Float32Array(ex.memory.buffer, s + wb + xb, rows * m), oOff);
    return true;
  }

  /** softmax / log_softmax of each of `rows` contiguous rows of n values. False when it did not run. */
  softmax(x: Float32Array, rows: number, n: number, out: Float32Array, log: boolean): boolean {
    const bytes = roundUp(rows * n * 4, 64);
    if (!this.reach(this.top, bytes)) return false;
    this.f32().set(x, this.top / 4);
    const ex = this.exports();
    ex.softmaxRows(this.top, rows, n, this.top, log ? 1 : 0);
    out.set(new Float32Array(ex.memory.buffer, this.top, rows * n));
    return true;
  }

  /** tanh or sigmoid of every value. False when it did not run. */
  activate(x: Float32Array, op: 'tanh' | 'sigmoid', out: Float32Array): boolean {
    const bytes = roundUp(x.length * 4, 64);
    if (!this.reach(this.top, bytes)) return false;
    this.f32().set(x, this.top / 4);
    const ex = this.exports();
    ex.activate(this.top, x.length, this.top, op === 'tanh' ? 0 : 1);
    out.set(new Float32Array(ex.memory.buffer, this.top, x.length));
    return true;
  }
}

let current: DenseKernels | undefined;

/** The kernels of the run in progress, if any. */
export function denseKernels(): DenseKernels | undefined {
  return current;
}

/** Runs `fn` with its own kernels (one instance and memory, freed with it afterwards). */
export function withDenseKernels<T>(fn: () => T, limitMB?: number): T {
  const prev = current;
  current = new DenseKernels(limitMB);
  try {
    return fn();
  } finally {
    current = prev;
  }
}
