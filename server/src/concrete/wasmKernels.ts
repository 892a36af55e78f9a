// The WASM-SIMD fast path of a whole-module run (engine/assembly/dense.ts): x·Wᵀ + b, matrix products,
// softmax / log_softmax and tanh / sigmoid, in one WebAssembly instance and memory per run (relaxed
// SIMD where the runtime validates it, as the recurrent engine), which the run's recurrent layers share
// (concrete/recurrent.ts). Layer weights are copied in once per run and kept by parameter; everything else
// lives in scratch memory reused call after call. Callers fall back to the plain TypeScript ops when no
// run is in progress or the run's memory limit would be passed.
import { KernelArena } from '../../../engine/src/wasm';
import type { PreparedLayer } from '../../../engine/src/forward';
import { DEFAULT_MEMORY_LIMIT_MB, effectiveMemoryLimitMB } from '../../../engine/src/limits';
import type { LayerTensors } from './params';

interface DenseExports {
  memory: { readonly buffer: ArrayBuffer };
  linearNT(x: number, ldx: number, M: number, w: number, ldw: number, N: number, K4: number, bias: number, out: number, ldo: number): void;
  softmaxRows(x: number, rows: number, n: number, out: number, log: number): void;
  activate(x: number, n: number, out: number, op: number): void;
}

const roundUp = (x: number, m: number): number => Math.ceil(x / m) * m;

/** A weight held in linear memory: its rows zero-padded to `ld` floats. */
interface Resident { ptr: number; ld: number; bias: number; biasOf: Float32Array | undefined }

export class DenseKernels {
  private arenaOf: KernelArena | undefined;
  private resident = new WeakMap<Float32Array, Resident>();
  /** The run's prepared recurrent layers, by weights and input shape (packed once per run, in the same arena). */
  readonly prepared = new WeakMap<LayerTensors, Map<string, PreparedLayer>>();
  private readonly limitBytes: number;

  constructor(limitMB = DEFAULT_MEMORY_LIMIT_MB) {
    this.limitBytes = effectiveMemoryLimitMB(limitMB) * 1024 * 1024;
  }

  /** The run's instance and memory (created on first use, or the previous run's, emptied). */
  get arena(): KernelArena {
    this.arenaOf ??= takeIdleArena(this.limitBytes) ?? new KernelArena('auto', this.limitBytes);
    return this.arenaOf;
  }

  /** The arena, if the run made one (to hand on to the next run). */
  get used(): KernelArena | undefined {
    return this.arenaOf;
  }

  private exports(): DenseExports {
    return this.arena.exports as DenseExports;
  }

  /** Scratch of `bytes` for one call, or undefined past the limit; free it with arena.release(mark). */
  private scratch(bytes: number): number | undefined {
    return this.arena.fits(roundUp(bytes, 64)) ? this.arena.alloc(bytes) : undefined;
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

  /**
   * A weight (n × k) and its bias kept for the run; undefined past the limit. `fresh`: its memory is new,
   * the caller copies w in (the bias is in already) and then records it with `this.resident.set`.
   */
  private keep(w: Float32Array, n: number, k: number, bias: Float32Array | undefined): { r: Resident; fresh: boolean } | undefined {
    const hit = this.resident.get(w);
    if (hit && hit.biasOf === bias) return { r: hit, fresh: false };
    const ld = roundUp(k, 4);
    const wb = roundUp(n * ld * 4, 64);
    const bytes = wb + (bias ? roundUp(n * 4, 64) : 0);
    if (!this.arena.fits(bytes)) return undefined;
    const ptr = this.arena.alloc(bytes);
    const b = bias ? ptr + wb : 0;
    if (bias) this.f32().set(bias, b / 4);
    return { r: { ptr, ld, bias: b, biasOf: bias }, fresh: true };
  }

  /**
   * Copies a layer's weight (n × k) and bias into the run's memory before the forward starts, as an
   * inference session holds its weights before it runs; false past the limit (the forward copies it then).
   */
  stage(w: Float32Array, n: number, k: number, bias: Float32Array | undefined): boolean {
    const kept = this.keep(w, n, k, bias);
    if (!kept) return false;
    if (kept.fresh) {
      this.put(w, 0, n, k, kept.r.ld, kept.r.ptr);
      this.resident.set(w, kept.r);
    }
    return true;
  }

  /**
   * out (rows × n) = x (rows × k) · wᵀ (w: n × k) + bias. `keep`: w is a layer's parameter, held for
   * the rest of the run (never for tensors the code may assign into). False when it did not run.
   */
  linear(x: Float32Array, rows: number, k: number, w: Float32Array, n: number, bias: Float32Array | undefined, out: Float32Array, keep: boolean): boolean {
    if (rows === 0 || n === 0) return true;
    const ld = roundUp(k, 4);
    const kept = keep ? this.keep(w, n, k, bias) : undefined;
    if (keep && !kept) return false;
    const mark = this.arena.mark;
    try {
      let wp = kept?.r.ptr ?? 0;
      let bp = kept?.r.bias ?? 0;
      const copyW = kept?.fresh ?? true;
      if (!kept) {
        const wb = roundUp(n * ld * 4, 64);
        const p = this.scratch(wb + (bias ? n * 4 : 0));
        if (p === undefined) return false;
        wp = p;
        if (bias) {
          bp = p + wb;
          this.f32().set(bias, bp / 4);
        }
      }
      const xb = roundUp(rows * ld * 4, 64);
      const xp = this.scratch(xb + rows * n * 4);
      if (xp === undefined) return false;
      this.put(x, 0, rows, k, ld, xp);
      const ex = this.exports();
      const op = xp + xb;
      if (!copyW) {
        ex.linearNT(xp, ld, rows, wp, ld, n, ld, bp, op, n);
      } else {
        // W copied in 256 KB slices of rows, each used while it is still in cache (not written out to
        // memory whole and read back)
        const slice = Math.max(4, Math.floor(65536 / ld / 4) * 4);
        for (let j = 0; j < n; j += slice) {
          const c = Math.min(slice, n - j);
          this.put(w, j * k, c, k, ld, wp + j * ld * 4);
          ex.linearNT(xp, ld, rows, wp + j * ld * 4, ld, c, ld, bp ? bp + j * 4 : 0, op + j * 4, n);
        }
        if (kept) this.resident.set(w, kept.r);
      }
      out.set(new Float32Array(ex.memory.buffer, op, rows * n));
      return true;
    } finally {
      this.arena.release(mark);
    }
  }

  /** out (rows × m) = a (rows × k, at aOff) · b (k × m, at bOff), b transposed on its way in. False when it did not run. */
  matmul(a: Float32Array, aOff: number, rows: number, k: number, b: Float32Array, bOff: number, m: number, out: Float32Array, oOff: number): boolean {
    if (rows === 0 || m === 0) return true;
    const ld = roundUp(k, 4);
    const wb = roundUp(m * ld * 4, 64), xb = roundUp(rows * ld * 4, 64);
    const mark = this.arena.mark;
    try {
      const s = this.scratch(wb + xb + rows * m * 4);
      if (s === undefined) return false;
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
    } finally {
      this.arena.release(mark);
    }
  }

  /** softmax / log_softmax of each of `rows` contiguous rows of n values. False when it did not run. */
  softmax(x: Float32Array, rows: number, n: number, out: Float32Array, log: boolean): boolean {
    const mark = this.arena.mark;
    try {
      const p = this.scratch(rows * n * 4);
      if (p === undefined) return false;
      this.f32().set(x, p / 4);
      const ex = this.exports();
      ex.softmaxRows(p, rows, n, p, log ? 1 : 0);
      out.set(new Float32Array(ex.memory.buffer, p, rows * n));
      return true;
    } finally {
      this.arena.release(mark);
    }
  }

  /** tanh or sigmoid of every value. False when it did not run. */
  activate(x: Float32Array, op: 'tanh' | 'sigmoid', out: Float32Array): boolean {
    const mark = this.arena.mark;
    try {
      const p = this.scratch(x.length * 4);
      if (p === undefined) return false;
      this.f32().set(x, p / 4);
      const ex = this.exports();
      ex.activate(p, x.length, p, op === 'tanh' ? 0 : 1);
      out.set(new Float32Array(ex.memory.buffer, p, x.length));
      return true;
    } finally {
      this.arena.release(mark);
    }
  }
}

let current: DenseKernels | undefined;

/** The kernels of the run in progress, if any. */
export function denseKernels(): DenseKernels | undefined {
  return current;
}

// The last run's arena, kept a few seconds for the next run: its memory pages are already mapped (fresh
// pages cost a page fault each on first touch: ~20 ms for the 28 MB of the benchmark decoder's weights on
// a loaded machine, ~4 ms to refill touched ones). A one-shot CLI run does not benefit.
const KEEP_IDLE_MS = 10_000;
let idle: KernelArena | undefined;
let idleTimer: ReturnType<typeof setTimeout> | undefined;

function takeIdleArena(limitBytes: number): KernelArena | undefined {
  const a = idle;
  idle = undefined;
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = undefined;
  if (!a) return undefined;
  a.reset(limitBytes);
  return a;
}

function keepIdle(a: KernelArena): void {
  idle = a;
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = setTimeout(() => {
    idle = undefined;
    idleTimer = undefined;
  }, KEEP_IDLE_MS);
  idleTimer.unref?.();
}

/** Runs `fn` with its own kernels: one instance and memory for the run (the previous run's when still kept), nothing shared with another run in progress. */
export function withDenseKernels<T>(fn: () => T, limitMB?: number): T {
  const prev = current;
  const kernels = new DenseKernels(limitMB);
  current = kernels;
  try {
    return fn();
  } finally {
    current = prev;
    if (kernels.used) keepIdle(kernels.used);
  }
}
