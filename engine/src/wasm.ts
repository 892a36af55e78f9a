// Loads the compiled kernels (relaxed-SIMD build where the runtime validates it, else plain SIMD),
// lays a prepared layer's buffers out in one WebAssembly memory and calls `prepare` / `forward`.
import type { LayerTrace } from './types';
// Reads no files: the host registers where the kernel bytes come from (kernelFiles.ts reads them from
// disk in Node; the browser worker gets them fetched from the extension's URI).

export type SimdLevel = 'relaxed-simd' | 'simd';

// The few WebAssembly JS-API pieces used here, typed locally (the project's lib settings carry no DOM types).
interface WasmMemory { readonly buffer: ArrayBuffer; grow(pages: number): number }
interface WasmModule { readonly __brand?: 'WebAssembly.Module' }
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: Record<string, Record<string, unknown>>) => { exports: unknown };
}
const WA = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** Whether this runtime accepts the given wasm bytes (feature detection for SIMD / relaxed SIMD). */
export function wasmValidates(bytes: Uint8Array): boolean {
  return WA.validate(bytes);
}

interface KernelExports {
  memory: WasmMemory;
  heapBase(): number;
  gateStride(kind: number, hidden: number): number;
  packRows(): number;
  prepare(cfg: number): void;
  forward(cfg: number): void;
}

export const KERNEL_FILES: Record<SimdLevel, string> = { simd: 'rnnlens-engine.wasm', 'relaxed-simd': 'rnnlens-engine-relaxed.wasm' };

/** Gives the bytes of one kernel build (throws when it is not available). */
export type KernelSource = (level: SimdLevel) => Uint8Array;
/** Compiles kernel bytes to a WebAssembly.Module (throws when this runtime cannot). */
export type KernelCompiler = (bytes: Uint8Array) => unknown;

let kernelSource: KernelSource | undefined;
/** By default: validated, then compiled with the runtime's own tiering (a browser's). */
let compileKernels: KernelCompiler = (bytes) => {
  // lazily compiled functions: validate the whole module up front, so an unsupported build fails here
  if (!WA.validate(bytes)) throw new Error('rnnlens engine: the module does not validate');
  return new WA.Module(bytes);
};

/**
 * Where kernel bytes come from in this process, and optionally how they are compiled (set once by the
 * host: kernelFiles.ts in Node, which compiles eagerly with V8's optimizing compiler; the browser worker).
 */
export function setKernelSource(source: KernelSource, compile?: KernelCompiler): void {
  kernelSource = source;
  if (compile) compileKernels = compile;
}

const cache = new Map<SimdLevel, WasmModule>();
/** Builds this runtime cannot compile (relaxed SIMD on Node 20 without its flag): not read again. */
const unusable = new Set<SimdLevel>();

/** The compiled module: `auto` prefers relaxed SIMD when this runtime validates it. */
export function kernelModule(level: SimdLevel | 'auto' = 'auto'): { module: WasmModule; level: SimdLevel } {
  const order: SimdLevel[] = level === 'auto' ? ['relaxed-simd', 'simd'] : [level];
  for (const l of order) {
    const hit = cache.get(l);
    if (hit) return { module: hit, level: l };
    if (unusable.has(l) && level === 'auto') continue;
    let bytes: Uint8Array;
    try {
      if (!kernelSource) throw new Error('rnnlens engine: no kernel source registered (the host must call setKernelSource)');
      bytes = kernelSource(l);
    } catch (e) {
      if (level === 'auto' && l === 'relaxed-simd') continue;
      throw e;
    }
    // compiled straight away (a module this runtime cannot validate fails to compile): validating first
    // decoded the module twice, once per process
    let m: WasmModule;
    try {
      m = compileKernels(bytes) as WasmModule;
    } catch {
      unusable.add(l);
      if (level === 'auto' && l === 'relaxed-simd') continue;
      throw new Error(`rnnlens engine: this runtime cannot run the ${l} build (WebAssembly SIMD is required)`);
    }
    cache.set(l, m);
    return { module: m, level: l };
  }
  throw new Error('rnnlens engine: no usable kernel build');
}

export const KIND_CODE = { RNN_TANH: 0, RNN_RELU: 1, LSTM: 2, GRU: 3 } as const;

/** Sizes of the layer as the kernels see it (cells are one layer, one direction, one step). */
export interface KernelSpec {
  kind: number;
  inputSize: number;
  hidden: number;
  proj: number;
  layers: number;
  directions: number;
  /** Input and output batch-major (N, T, features) instead of time-major (torch's batch_first). */
  batchMajor?: boolean;
}

/** Weights of one (layer, direction), torch layouts; biases undefined when bias=False. */
export interface KernelWeights {
  wih: Float32Array;
  whh: Float32Array;
  bih?: Float32Array;
  bhh?: Float32Array;
  whr?: Float32Array;
}

const CFG_WORDS = 32;
/** Config word holding the address of the saturated-gate counters, 0 = off (CFG_SAT in engine/assembly). */
const CFG_SAT_WORD = 23;
/** Config words of a packed run: addresses of the active rows per step and of the lengths (CFG_ACTIVE, CFG_LENS). */
const CFG_ACTIVE_WORD = 24, CFG_LENS_WORD = 25;
/** Rows of A the kernels pack at a time (MC in engine/assembly/gemm.ts). */
const PACK_ROWS = 64;
const WSTRIDE = 10;

export function gatesOf(kind: number): number {
  return kind === KIND_CODE.LSTM ? 4 : kind === KIND_CODE.GRU ? 3 : 1;
}

const roundUp = (x: number, m: number): number => Math.ceil(x / m) * m;

/** Floats of linear memory a prepared layer needs for `steps` x `batch`. */
export function kernelFloats(s: KernelSpec, steps: number, batch: number): number {
  const G = gatesOf(s.kind), H = s.hidden, P = s.proj, Hout = P > 0 ? P : H, D = s.directions, L = s.layers;
  const ldg = roundUp(G * H, 8), ldp = roundUp(P, 8);
  let f = 0;
  const a = (n: number): void => { f += roundUp(n, 16); };
  for (let l = 0; l < L; l++) {
    const Il = l === 0 ? s.inputSize : D * Hout;
    for (let d = 0; d < D; d++) {
      a(G * H * Il); a(G * H * Hout); a(G * H); a(G * H); a(P * H);
      a(ldg * Il); a(ldg * Hout); a(ldg); a(ldg); a(ldp * H);
    }
  }
  const T = steps, N = batch;
  a(T * N * s.inputSize); a(L * D * N * Hout); a(L * D * N * H); a(T * N * D * Hout);
  if (L > 1) a(T * N * D * Hout);
  a(T * N * ldg); a(N * ldg); a(N * H); a(N * H); a(N * Math.max(ldp, 8)); a(L * D * N * Hout); a(L * D * N * H);
  a(PACK_ROWS * Math.max(s.inputSize, D * Hout, H));
  a(L * D * 8);
  a(T); a(N);
  return f + CFG_WORDS + L * D * WSTRIDE + 64;
}

export interface KernelOutputs { out: Float32Array; hn: Float32Array; cn: Float32Array; layers: LayerTrace[] }

/**
 * One WebAssembly instance and its memory, handed out by a bump allocator: the prepared layers and the
 * dense kernels of one module run share it. `limitBytes` caps the memory (at most WASM's 4 GB).
 */
export class KernelArena {
  readonly level: SimdLevel;
  readonly exports: unknown;
  /** The kernel whose forward is running (receives the instance's progress and layerDone calls). */
  onProgress: ((fraction: number) => void) | undefined;
  onLayerDone: ((layer: number, dst: number) => void) | undefined;
  readonly base: number;
  private top: number;
  private readonly memory: WasmMemory;

  constructor(level: SimdLevel | 'auto' = 'auto', private limitBytes = 4 * 1024 ** 3 - 65536) {
    const { module, level: got } = kernelModule(level);
    this.level = got;
    const instance = new WA.Instance(module, {
      env: {
        progress: (fraction: number) => this.onProgress?.(fraction),
        layerDone: (layer: number, dst: number) => this.onLayerDone?.(layer, dst),
      },
    });
    this.exports = instance.exports;
    const ex = instance.exports as KernelExports;
    this.memory = ex.memory;
    this.base = this.top = roundUp(ex.heapBase(), 64);
  }

  /** Where the next allocation starts. */
  get mark(): number {
    return this.top;
  }

  /** Whether `bytes` more fit under the limit. */
  fits(bytes: number): boolean {
    return this.top + bytes <= Math.min(this.limitBytes, 4 * 1024 ** 3 - 65536);
  }

  /** `bytes` of memory (64-byte aligned), grown as needed; throws past the limit. */
  alloc(bytes: number): number {
    const size = roundUp(bytes, 64);
    if (!this.fits(size)) {
      const gb = (this.top + size) / 1024 ** 3;
      throw new Error(this.limitBytes < 4 * 1024 ** 3 - 65536
        ? `engine: the run needs ${Math.ceil((this.top + size) / 1024 ** 2)} MB of WebAssembly memory, more than its ${Math.floor(this.limitBytes / 1024 ** 2)} MB limit`
        : `engine: the run needs ${gb.toFixed(1)} GB of WebAssembly memory (4 GB is the limit)`);
    }
    const p = this.top;
    this.top += size;
    const have = this.memory.buffer.byteLength;
    if (this.top > have) this.memory.grow(Math.ceil((this.top - have) / 65536));
    return p;
  }

  /** Frees everything allocated since `mark` (scratch of one call). */
  release(mark: number): void {
    if (mark < this.base || mark > this.top) throw new Error('engine: internal arena error');
    this.top = mark;
  }

  /** Frees everything, for reuse from the start (with a new limit, if given). */
  reset(limitBytes = this.limitBytes): void {
    this.top = this.base;
    this.limitBytes = limitBytes;
  }
}

/** One layer's weights packed in WebAssembly memory (its own instance, or a run's shared arena), ready for repeated forward calls. */
export class KernelLayer {
  readonly level: SimdLevel;
  private readonly ex: KernelExports;
  private readonly arena: KernelArena;
  private readonly cfg: number;
  private readonly x: number;
  private readonly h0: number;
  private readonly c0: number;
  private readonly out: number;
  private readonly hn: number;
  private readonly cn: number;
  /** i32 counters of saturated gates, 8 per (layer, direction) (see countSaturated in engine/assembly). */
  private readonly sat: number;
  /** i32 rows active per step and i32 lengths of a packed run (see CFG_ACTIVE in engine/assembly). */
  private readonly active: number;
  private readonly lens: number;

  constructor(readonly spec: KernelSpec, weights: KernelWeights[], readonly steps: number, readonly batch: number, level: SimdLevel | 'auto' = 'auto', arena?: KernelArena) {
    this.arena = arena ?? new KernelArena(level);
    if (arena && level !== 'auto' && arena.level !== level) throw new Error(`engine: a ${level} layer in a ${arena.level} arena`);
    this.level = this.arena.level;
    this.ex = this.arena.exports as KernelExports;
    const s = spec, G = gatesOf(s.kind), H = s.hidden, P = s.proj, Hout = P > 0 ? P : H, D = s.directions, L = s.layers;
    const T = steps, N = batch;
    if (weights.length !== L * D) throw new Error(`engine: expected weights for ${L * D} (layer, direction) pairs, got ${weights.length}`);
    const ldg = this.ex.gateStride(s.kind, H), ldp = roundUp(P, 8);
    const size = kernelFloats(s, T, N) * 4;
    const base = this.arena.alloc(size);
    let off = base;
    const alloc = (floats: number): number => {
      const p = off;
      off += roundUp(floats, 16) * 4;
      return p;
    };
    this.cfg = alloc(CFG_WORDS);
    const wtab = alloc(L * D * WSTRIDE);
    const mem = (): Float32Array => new Float32Array(this.ex.memory.buffer);
    const put = (data: Float32Array | undefined, floats: number): number => {
      if (!data) { alloc(floats); return 0; }
      if (data.length !== floats) throw new Error(`engine: weight has ${data.length} values, expected ${floats}`);
      const p = alloc(floats);
      mem().set(data, p / 4);
      return p;
    };
    const words = new Uint32Array(this.ex.memory.buffer);
    for (let l = 0; l < L; l++) {
      const Il = l === 0 ? s.inputSize : D * Hout;
      for (let d = 0; d < D; d++) {
        const w = weights[l * D + d];
        const e = wtab / 4 + (l * D + d) * WSTRIDE;
        words[e + 0] = put(w.wih, G * H * Il);
        words[e + 1] = put(w.whh, G * H * Hout);
        words[e + 2] = put(w.bih, G * H);
        words[e + 3] = put(w.bhh, G * H);
        words[e + 4] = put(P > 0 ? w.whr : undefined, P * H);
        words[e + 5] = alloc(ldg * Il);
        words[e + 6] = alloc(ldg * Hout);
        words[e + 7] = alloc(ldg);
        words[e + 8] = alloc(ldg);
        words[e + 9] = alloc(ldp * H);
      }
    }
    this.x = alloc(T * N * s.inputSize);
    this.h0 = alloc(L * D * N * Hout);
    this.c0 = alloc(L * D * N * H);
    this.out = alloc(T * N * D * Hout);
    const buf = L > 1 ? alloc(T * N * D * Hout) : 0;
    const pbuf = alloc(T * N * ldg), gh = alloc(N * ldg), cst = alloc(N * H), mbuf = alloc(N * H), hpbuf = alloc(N * Math.max(ldp, 8));
    this.hn = alloc(L * D * N * Hout);
    this.cn = alloc(L * D * N * H);
    if (this.ex.packRows() !== PACK_ROWS) throw new Error('engine: kernel build does not match engine/src/wasm.ts (pack rows)');
    const apack = alloc(PACK_ROWS * Math.max(s.inputSize, D * Hout, H));
    this.sat = alloc(L * D * 8);
    this.active = alloc(T);
    this.lens = alloc(N);
    if (off > base + size) throw new Error('engine: internal layout error (memory too small)');
    const c = this.cfg / 4;
    const vals = [s.kind, T, N, s.inputSize, H, P, L, D, this.x, this.h0, this.c0, this.out, this.hn, this.cn, buf, pbuf, gh, cst, mbuf, hpbuf, wtab, apack, s.batchMajor ? 1 : 0, 0];
    vals.forEach((v, i) => { words[c + i] = v; });
    this.ex.prepare(this.cfg);
  }

  /**
   * Forward pass. x is time-major (T, N, I), batch-major (N, T, I) if spec.batchMajor, and out likewise; h0 (L*D, N, Hout), c0 (L*D, N, H), zeros when absent.
   * `lengths` (a packed sequence): each batch element's length, in decreasing order, at most T; each
   * sequence then stops at its own length (its final states are its last step's; outputs past it are 0).
   */
  forward(x: Float32Array, h0?: Float32Array, c0?: Float32Array, onProgress?: (fraction: number) => void, countGates = false, lengths?: readonly number[]): KernelOutputs {
    const s = this.spec, H = s.hidden, Hout = s.proj > 0 ? s.proj : H, LD = s.layers * s.directions, N = this.batch, T = this.steps;
    const m = new Float32Array(this.ex.memory.buffer);
    if (x.length !== T * N * s.inputSize) throw new Error(`engine: input has ${x.length} values, expected ${T * N * s.inputSize}`);
    m.set(x, this.x / 4);
    if (h0) m.set(h0, this.h0 / 4); else m.fill(0, this.h0 / 4, this.h0 / 4 + LD * N * Hout);
    if (c0) m.set(c0, this.c0 / 4); else m.fill(0, this.c0 / 4, this.c0 / 4 + LD * N * H);
    this.arena.onProgress = onProgress;
    // counting saturated gates costs a compare per gate value (~10 % for hidden 16, ~4 % for 128): only when asked
    new Uint32Array(this.ex.memory.buffer)[this.cfg / 4 + CFG_SAT_WORD] = countGates ? this.sat : 0;
    new Int32Array(this.ex.memory.buffer, this.sat, LD * 8).fill(0);
    const words = new Uint32Array(this.ex.memory.buffer);
    if (lengths) {
      if (lengths.length !== N) throw new Error(`engine: ${lengths.length} lengths for a batch of ${N}`);
      lengths.forEach((l, n) => {
        if (!Number.isInteger(l) || l < 1 || l > T || (n > 0 && l > lengths[n - 1]!)) throw new Error(`engine: packed lengths must be in decreasing order, each in 1..${T}; got [${lengths.join(', ')}]`);
      });
      const act = new Int32Array(this.ex.memory.buffer, this.active, T);
      for (let t = 0; t < T; t++) {
        let k = 0;
        while (k < N && lengths[k]! > t) k++;
        act[t] = k;
      }
      new Int32Array(this.ex.memory.buffer, this.lens, N).set(lengths);
      words[this.cfg / 4 + CFG_ACTIVE_WORD] = this.active;
      words[this.cfg / 4 + CFG_LENS_WORD] = this.lens;
    } else {
      words[this.cfg / 4 + CFG_ACTIVE_WORD] = 0;
      words[this.cfg / 4 + CFG_LENS_WORD] = 0;
    }
    const layers: LayerTrace[] = [];
    let t0 = performance.now();
    this.arena.onLayerDone = (layer, dst) => {
      const t1 = performance.now();
      layers.push({ layer, millis: t1 - t0, norms: this.stepNorms(dst, lengths) });
      t0 = performance.now();
    };
    try {
      this.ex.forward(this.cfg);
    } finally {
      this.arena.onProgress = undefined;
      this.arena.onLayerDone = undefined;
    }
    const r = new Float32Array(this.ex.memory.buffer);
    if (countGates && (s.kind === KIND_CODE.LSTM || s.kind === KIND_CODE.GRU)) {
      const counts = new Int32Array(this.ex.memory.buffer, this.sat, LD * 8);
      const names = s.kind === KIND_CODE.LSTM ? ['i', 'f', '', 'o'] : ['r', 'z'];
      const values = (lengths ? lengths.reduce((a, b) => a + b, 0) : T * N) * H;
      for (const t of layers) {
        t.saturation = Array.from({ length: s.directions }, (_, d) => {
          const base = (t.layer * s.directions + d) * 8;
          return names.flatMap((gate, g) => (gate ? [{ gate, low: counts[base + 2 * g] / values, high: counts[base + 2 * g + 1] / values }] : []));
        });
      }
    }
    const out = r.slice(this.out / 4, this.out / 4 + T * N * s.directions * Hout);
    if (lengths) {
      // the padding steps hold scratch values: zeros, as pad_packed_sequence gives
      const DH = s.directions * Hout;
      for (let n = 0; n < N; n++) {
        for (let t = lengths[n]!; t < T; t++) out.fill(0, (s.batchMajor ? n * T + t : t * N + n) * DH, (s.batchMajor ? n * T + t : t * N + n) * DH + DH);
      }
    }
    return {
      out,
      hn: r.slice(this.hn / 4, this.hn / 4 + LD * N * Hout),
      cn: s.kind === KIND_CODE.LSTM ? r.slice(this.cn / 4, this.cn / 4 + LD * N * H) : new Float32Array(0),
      layers,
    };
  }

  /** Per direction and step: the mean over the batch (the sequences still running, when packed) of ‖h_t‖₂ in a layer's output sequence at byte offset `dst`. */
  private stepNorms(dst: number, lengths?: readonly number[]): number[][] {
    const s = this.spec, Hout = s.proj > 0 ? s.proj : s.hidden, DH = s.directions * Hout, N = this.batch, T = this.steps;
    const st = s.batchMajor ? 1 : N, sn = s.batchMajor ? T : 1;
    const m = new Float32Array(this.ex.memory.buffer, dst, T * N * DH);
    const norms: number[][] = [];
    for (let d = 0; d < s.directions; d++) {
      const row: number[] = [];
      for (let t = 0; t < T; t++) {
        let sum = 0;
        let count = 0;
        for (let n = 0; n < N; n++) {
          if (lengths && lengths[n]! <= t) continue;
          count++;
          const o = (t * st + n * sn) * DH + d * Hout;
          let ss = 0;
          for (let k = 0; k < Hout; k++) ss += m[o + k] * m[o + k];
          sum += Math.sqrt(ss);
        }
        row.push(sum / count);
      }
      norms.push(row);
    }
    return norms;
  }
}
