// Engine entry points: `prepare` packs a layer's weights, `forward` runs the whole recurrent forward
// pass (all layers, both directions) in one call. The caller lays every buffer out in linear memory
// and describes them in a config block of i32 words (see engine/src/layout.ts, which mirrors CFG_*).
import { NR, MC, packTransposed, packTransposed24, gemm, gemv, ZERO } from './gemm';
export { linearNT, softmaxRows, activate } from './dense';
import { vrelu, madd, vsigK, vtanhK, kLo, kHi, kL2e, kMg, kC1, kC2, kQ, kOne, kTwo } from './simd';

// @ts-ignore: decorator
@external("env", "progress") declare function progress(fraction: f64): void;
// Called once per layer when its output sequence (all directions) is complete in `dst` (rows t*st + n*sn,
// D*Hout floats each): the host reads per-step statistics there before a later layer reuses the buffer.
// @ts-ignore: decorator
@external("env", "layerDone") declare function layerDone(layer: i32, dst: usize): void;

const CFG_KIND = 0, CFG_T = 1, CFG_N = 2, CFG_I = 3, CFG_H = 4, CFG_P = 5, CFG_L = 6, CFG_D = 7;
const CFG_X = 8, CFG_H0 = 9, CFG_C0 = 10, CFG_OUT = 11, CFG_HN = 12, CFG_CN = 13, CFG_BUF = 14;
const CFG_PBUF = 15, CFG_GH = 16, CFG_CST = 17, CFG_MBUF = 18, CFG_HPBUF = 19, CFG_WTAB = 20, CFG_APACK = 21;
// Non-zero: input, output and the layers between are batch-major (N, T, features), torch's batch_first.
const CFG_BMAJOR = 22;
// Non-zero: address of i32 counters, 8 per (layer, direction): per gate slot 0..3, the sigmoid gate values
// below 0.1 and above 0.9 (saturated; LSTM i, f, o; GRU r, z), summed over steps and batch.
const CFG_SAT = 23;
// Packed sequences (torch's PackedSequence), 0 = off: CFG_ACTIVE is the address of T i32s, the rows
// active at step t (sequences sorted by decreasing length, so they are rows 0..active[t]-1); CFG_LENS of
// N i32s, each sequence's length. Each sequence stops at its own length (the forward direction's final
// state is its last step's) and the reverse direction starts at its own last step, from h0 / c0.
const CFG_ACTIVE = 24, CFG_LENS = 25;
const SAT_LO: f32 = 0.1, SAT_HI: f32 = 0.9;
// Per (layer, direction) entry of the weight table, in i32 words.
const W_IH = 0, W_HH = 1, B_IH = 2, B_HH = 3, W_HR = 4, PK_IH = 5, PK_HH = 6, BIAS = 7, BHH = 8, PK_HR = 9;
const WSTRIDE = 10;
// Rows of the input projection per GEMM call (a progress report after each).
const PROJ_ROWS = 1024;
// Recurrent steps report progress once this many multiply-adds have run since the last report
// (a call out to JS per step is measurable for small layers).
const REPORT_MACS = 1 << 20;

const KIND_RNN_TANH = 0, KIND_RNN_RELU = 1, KIND_LSTM = 2, KIND_GRU = 3;

// @ts-ignore: decorator
@inline function cfg(c: usize, i: i32): i32 { return load<i32>(c + <usize>i * 4); }
// @ts-ignore: decorator
@inline function ptr(c: usize, i: i32): usize { return <usize>load<u32>(c + <usize>i * 4); }
// @ts-ignore: decorator
@inline function f32at(base: usize, i: i32): usize { return base + <usize>i * 4; }

export function gates(kind: i32): i32 {
  return kind == KIND_LSTM ? 4 : kind == KIND_GRU ? 3 : 1;
}

/** Floats per row of the gate buffers: gates*hidden rounded up to a whole panel. */
export function gateStride(kind: i32, hidden: i32): i32 {
  return (gates(kind) * hidden + NR - 1) / NR * NR;
}

/** Rows of A the GEMM packs at a time (the packing scratch holds this many rows x K). */
export function packRows(): i32 {
  return MC;
}

export function heapBase(): usize {
  return (__heap_base + 63) & ~63;
}

/** Pack every (layer, direction)'s weights and combine the biases. */
export function prepare(c: usize): void {
  const kind = cfg(c, CFG_KIND), I = cfg(c, CFG_I), H = cfg(c, CFG_H), P = cfg(c, CFG_P);
  const L = cfg(c, CFG_L), D = cfg(c, CFG_D), N = cfg(c, CFG_N);
  const Hout = P > 0 ? P : H;
  const G = gates(kind), GH = G * H, ldg = gateStride(kind, H);
  const wtab = ptr(c, CFG_WTAB);
  for (let l = 0; l < L; l++) {
    const Il = l == 0 ? I : D * Hout;
    for (let d = 0; d < D; d++) {
      const e = wtab + <usize>((l * D + d) * WSTRIDE) * 4;
      packTransposed(ptr(e, W_IH), GH, Il, ptr(e, PK_IH));
      // Fewer than 4 rows per step: every row goes through `gemv`, which wants 24-column runs.
      if (N < 4) packTransposed24(ptr(e, W_HH), GH, Hout, ptr(e, PK_HH));
      else packTransposed(ptr(e, W_HH), GH, Hout, ptr(e, PK_HH));
      if (P > 0) packTransposed(ptr(e, W_HR), P, H, ptr(e, PK_HR));
      const bih = ptr(e, B_IH), bhh = ptr(e, B_HH), bias = ptr(e, BIAS), bg = ptr(e, BHH);
      for (let j = 0; j < ldg; j++) {
        let b: f32 = 0, h: f32 = 0;
        if (j < GH) {
          if (bih) b = load<f32>(f32at(bih, j));
          if (bhh) h = load<f32>(f32at(bhh, j));
        }
        if (kind == KIND_GRU) {
          store<f32>(f32at(bias, j), b);
          store<f32>(f32at(bg, j), h);
        } else {
          store<f32>(f32at(bias, j), b + h);
        }
      }
    }
  }
}

/**
 * The whole forward pass. Input and output are time-major (T, N, features), or batch-major (N, T, features)
 * when CFG_BMAJOR is set: the row of (t, n) is t*st + n*sn in every sequence buffer, so batch_first needs
 * no transposes; the input projection treats the rows in memory order either way.
 */
export function forward(c: usize): void {
  const kind = cfg(c, CFG_KIND), T = cfg(c, CFG_T), N = cfg(c, CFG_N), I = cfg(c, CFG_I);
  const H = cfg(c, CFG_H), P = cfg(c, CFG_P), L = cfg(c, CFG_L), D = cfg(c, CFG_D);
  const Hout = P > 0 ? P : H, DH = D * Hout;
  const ldg = gateStride(kind, H), panels = ldg / NR;
  const ldp = (P + NR - 1) / NR * NR, panelsP = ldp / NR;
  const wtab = ptr(c, CFG_WTAB), pbuf = ptr(c, CFG_PBUF), ghbuf = ptr(c, CFG_GH), cst = ptr(c, CFG_CST);
  const mbuf = ptr(c, CFG_MBUF), hpbuf = ptr(c, CFG_HPBUF), apack = ptr(c, CFG_APACK);
  const bm = cfg(c, CFG_BMAJOR) != 0, st = bm ? 1 : N, sn = bm ? T : 1;
  const sat = ptr(c, CFG_SAT);
  const active = ptr(c, CFG_ACTIVE), lens = ptr(c, CFG_LENS);
  // Work units for progress: each (layer, direction) counts T for its input projection and T for its steps.
  const total = <f64>(L * D * T * 2);
  let done = 0;
  const stepMacs = N * ldg * Hout;
  let pending = 0;
  for (let l = 0; l < L; l++) {
    const Il = l == 0 ? I : DH;
    const src = l == 0 ? ptr(c, CFG_X) : (((L - l) & 1) == 0 ? ptr(c, CFG_OUT) : ptr(c, CFG_BUF));
    const dst = ((L - 1 - l) & 1) == 0 ? ptr(c, CFG_OUT) : ptr(c, CFG_BUF);
    for (let d = 0; d < D; d++) {
      const e = wtab + <usize>((l * D + d) * WSTRIDE) * 4;
      const bias = ptr(e, BIAS);
      // Input projections of all time steps at once: P = biases + X W_ih^T.
      const rows = T * N;
      if (lens && bm) {
        // batch-major packed: each sequence's steps are contiguous rows; the padding is not projected
        for (let n = 0; n < N; n++) {
          const r0 = n * T;
          gemm(src + <usize>(r0 * Il) * 4, Il, load<i32>(lens + <usize>n * 4), Il, ptr(e, PK_IH), panels, pbuf + <usize>(r0 * ldg) * 4, ldg, apack, bias);
        }
        progress((<f64>done + <f64>T) / total);
      } else {
        for (let r0 = 0; r0 < rows; r0 += PROJ_ROWS) {
          const m = min(PROJ_ROWS, rows - r0);
          gemm(src + <usize>(r0 * Il) * 4, Il, m, Il, ptr(e, PK_IH), panels, pbuf + <usize>(r0 * ldg) * 4, ldg, apack, bias);
          progress((<f64>done + <f64>T * <f64>(r0 + m) / <f64>rows) / total);
        }
      }
      done += T;
      const h0 = ptr(c, CFG_H0) + <usize>((l * D + d) * N * Hout) * 4;
      if (kind == KIND_LSTM) memory.copy(cst, ptr(c, CFG_C0) + <usize>((l * D + d) * N * H) * 4, <usize>(N * H) * 4);
      const whh = ptr(e, PK_HH);
      for (let s = 0; s < T; s++) {
        const t = d == 0 ? s : T - 1 - s;
        let hprev = h0, ldh = Hout;
        if (s > 0) {
          const tp = d == 0 ? t - 1 : t + 1;
          hprev = dst + <usize>(tp * st * DH + d * Hout) * 4;
          ldh = sn * DH;
        }
        const pt = pbuf + <usize>(t * st * ldg) * 4, ldx = sn * ldg;
        const hdst = dst + <usize>(t * st * DH + d * Hout) * 4, ldo = sn * DH;
        // packed: only the sequences still running; in the reverse direction those whose last step this
        // is start from h0, put where their (padding) step t+1 would be (c0 is still in their cst rows)
        const Nt = active ? load<i32>(active + <usize>t * 4) : N;
        if (active && d == 1 && s > 0) {
          for (let n = load<i32>(active + <usize>(t + 1) * 4); n < Nt; n++) {
            memory.copy(hprev + <usize>(n * ldh) * 4, h0 + <usize>(n * Hout) * 4, <usize>Hout * 4);
          }
        }
        // The recurrent products go to the small gh buffer (hot in cache), the gates add P's row.
        if (kind == KIND_LSTM) {
          recur(hprev, ldh, Nt, N, Hout, whh, panels, ghbuf, ldg, apack, ZERO);
          lstmGates(pt, ldx, ghbuf, ldg, Nt, H, cst, P > 0 ? mbuf : hdst, P > 0 ? H : ldo);
          if (P > 0) {
            gemm(mbuf, H, Nt, H, ptr(e, PK_HR), panelsP, hpbuf, ldp, apack, ZERO);
            for (let n = 0; n < Nt; n++) memory.copy(hdst + <usize>(n * ldo) * 4, hpbuf + <usize>(n * ldp) * 4, <usize>P * 4);
          }
        } else if (kind == KIND_GRU) {
          recur(hprev, ldh, Nt, N, Hout, whh, panels, ghbuf, ldg, apack, ptr(e, BHH));
          gruGates(pt, ldx, ghbuf, ldg, Nt, H, hprev, ldh, hdst, ldo);
        } else {
          recur(hprev, ldh, Nt, N, Hout, whh, panels, ghbuf, ldg, apack, ZERO);
          rnnAct(pt, ldx, ghbuf, ldg, Nt, H, hdst, ldo, kind == KIND_RNN_RELU);
        }
        if (sat && kind >= KIND_LSTM) countSaturated(ghbuf, ldg, Nt, H, kind == KIND_LSTM, sat + <usize>((l * D + d) * 8) * 4);
        done++;
        pending += stepMacs;
        if (pending >= REPORT_MACS || s == T - 1) {
          pending = 0;
          progress(<f64>done / total);
        }
      }
      // Final states: last step of the forward direction, first step of the reverse one.
      const tl0 = d == 0 ? T - 1 : 0;
      const hn = ptr(c, CFG_HN) + <usize>((l * D + d) * N * Hout) * 4;
      for (let n = 0; n < N; n++) {
        const tl = lens && d == 0 ? load<i32>(lens + <usize>n * 4) - 1 : tl0;
        memory.copy(hn + <usize>(n * Hout) * 4, dst + <usize>((tl * st + n * sn) * DH + d * Hout) * 4, <usize>Hout * 4);
      }
      if (kind == KIND_LSTM) memory.copy(ptr(c, CFG_CN) + <usize>((l * D + d) * N * H) * 4, cst, <usize>(N * H) * 4);
    }
    layerDone(l, dst);
  }
}

// Counts the activated sigmoid gates of one step (in gh's rows) below SAT_LO and above SAT_HI: LSTM
// slots i, f, o (g is a tanh), GRU r, z (its n is not kept). One compare per value: cheap next to the
// step's recurrent product (N x G*H x H multiply-adds).
function countSaturated(gh: usize, ldg: i32, N: i32, H: i32, lstm: bool, out: usize): void {
  const lo = f32x4.splat(SAT_LO), hi = f32x4.splat(SAT_HI);
  const H4 = H & ~3;
  for (let g = 0; g < 4; g++) {
    if (lstm ? g == 2 : g >= 2) continue;
    let vl = i32x4.splat(0), vr = i32x4.splat(0);
    let sl = 0, sr = 0;
    for (let n = 0; n < N; n++) {
      const row = gh + <usize>(n * ldg + g * H) * 4;
      let k = 0;
      for (; k < H4; k += 4) {
        const v = v128.load(row + <usize>k * 4);
        vl = i32x4.sub(vl, f32x4.lt(v, lo));
        vr = i32x4.sub(vr, f32x4.gt(v, hi));
      }
      for (; k < H; k++) {
        const v = load<f32>(row + <usize>k * 4);
        if (v < SAT_LO) sl++;
        else if (v > SAT_HI) sr++;
      }
    }
    sl += i32x4.extract_lane(vl, 0) + i32x4.extract_lane(vl, 1) + i32x4.extract_lane(vl, 2) + i32x4.extract_lane(vl, 3);
    sr += i32x4.extract_lane(vr, 0) + i32x4.extract_lane(vr, 1) + i32x4.extract_lane(vr, 2) + i32x4.extract_lane(vr, 3);
    const o = out + <usize>(g * 8);
    store<i32>(o, load<i32>(o) + sl);
    store<i32>(o + 4, load<i32>(o + 4) + sr);
  }
}

// The gate constants are loaded into locals once per call (see vexpnegK) and passed to each
// activation explicitly (AssemblyScript has no tuples of v128).

// The recurrent product of the first Nt rows: a GEMM for a batch N of 4 or more rows (W_hh packed for
// it), row by row `gemv` below that (see prepare).
// @ts-ignore: decorator
@inline function recur(h: usize, ldh: i32, Nt: i32, N: i32, K: i32, whh: usize, panels: i32, gh: usize, ldg: i32, apack: usize, init: usize): void {
  if (N >= 4) {
    gemm(h, ldh, Nt, K, whh, panels, gh, ldg, apack, init);
  } else {
    for (let n = 0; n < Nt; n++) gemv(h + <usize>(n * ldh) * 4, K, whh, panels, gh + <usize>(n * ldg) * 4, init);
  }
}

// c = f*c + i*g; h = o*tanh(c), gates in torch's order i, f, g, o. First the four activations over each
// gate's contiguous range in place (independent iterations, so the out-of-order core overlaps the long
// exp chains of several vectors), then c and h.
function lstmGates(pt: usize, ldx: i32, gh: usize, ldg: i32, N: i32, H: i32, cst: usize, hout: usize, ldo: i32): void {
  const lo = kLo(), hi = kHi(), nl2e = kL2e(), mg = kMg(), c1 = kC1(), c2 = kC2();
  const q0 = kQ(0), q1 = kQ(1), q2 = kQ(2), q3 = kQ(3), q4 = kQ(4), q5 = kQ(5), one = kOne(), two = kTwo();
  const o1 = <usize>H * 4, o2 = o1 * 2, o3 = o1 * 3;
  const H4 = H & ~3, H24 = (2 * H) & ~3;
  for (let n = 0; n < N; n++) {
    const xr = pt + <usize>(n * ldx) * 4, row = gh + <usize>(n * ldg) * 4;
    const cr = cst + <usize>(n * H) * 4, hr = hout + <usize>(n * ldo) * 4;
    // i and f (adjacent): sigmoid of P's row + the recurrent product, into gh
    let k = 0;
    for (; k < H24; k += 4) {
      const kb = <usize>k * 4;
      v128.store(row + kb, vsigK(f32x4.add(v128.load(xr + kb), v128.load(row + kb)), lo, hi, nl2e, mg, c1, c2, q0, q1, q2, q3, q4, q5, one));
    }
    for (; k < 2 * H; k++) {
      const kb = <usize>k * 4;
      store<f32>(row + kb, f32x4.extract_lane(vsigK(f32x4.splat(load<f32>(xr + kb) + load<f32>(row + kb)), lo, hi, nl2e, mg, c1, c2, q0, q1, q2, q3, q4, q5, one), 0));
    }
    // g: tanh
    for (k = 0; k < H4; k += 4) {
      const kb = <usize>k * 4 + o2;
      v128.store(row + kb, vtanhK(f32x4.add(v128.load(xr + kb), v128.load(row + kb)), lo, hi, nl2e, mg, c1, c2, q0, q1, q2, q3, q4, q5, one, two));
    }
    for (; k < H; k++) {
      const kb = <usize>k * 4 + o2;
      store<f32>(row + kb, f32x4.extract_lane(vtanhK(f32x4.splat(load<f32>(xr + kb) + load<f32>(row + kb)), lo, hi, nl2e, mg, c1, c2, q0, q1, q2, q3, q4, q5, one, two), 0));
    }
    // o: sigmoid
    for (k = 0; k < H4; k += 4) {
      const kb = <usize>k * 4 + o3;
      v128.store(row + kb, vsigK(f32x4.add(v128.load(xr + kb), v128.load(row + kb)), lo, hi, nl2e, mg, c1, c2, q0, q1, q2, q3, q4, q5, one));
    }
    for (; k < H; k++) {
      const kb = <usize>k * 4 + o3;
      store<f32>(row + kb, f32x4.extract_lane(vsigK(f32x4.splat(load<f32>(xr + kb) + load<f32>(row + kb)), lo, hi, nl2e, mg, c1, c2, q0, q1, q2, q3, q4, q5, one), 0));
    }
    for (k = 0; k < H4; k += 4) {
      const q = row + <usize>k * 4, kb = <usize>k * 4;
      const cc = madd(v128.load(q + o1), v128.load(cr + kb), f32x4.mul(v128.load(q), v128.load(q + o2)));
      v128.store(cr + kb, cc);
      v128.store(hr + kb, f32x4.mul(v128.load(q + o3), vtanhK(cc, lo, hi, nl2e, mg, c1, c2, q0, q1, q2, q3, q4, q5, one, two)));
    }
    for (; k < H; k++) {
      const q = row + <usize>k * 4, kb = <usize>k * 4;
      const cc = load<f32>(q + o1) * load<f32>(cr + kb) + load<f32>(q) * load<f32>(q + o2);
      store<f32>(cr + kb, cc);
      store<f32>(hr + kb, load<f32>(q + o3) * f32x4.extract_lane(vtanhK(f32x4.splat(cc), lo, hi, nl2e, mg, c1, c2, q0, q1, q2, q3, q4, q5, one, two), 0));
    }
  }
}

// r = s(x_r + h_r); z = s(x_z + h_z); n = tanh(x_n + r*h_n); h' = n + z*(h - n) (torch's form).
// r and z go into gh's first 2H columns (one pass over the adjacent ranges), then n and h'.
function gruGates(pt: usize, ldx: i32, gh: usize, ldg: i32, N: i32, H: i32, hprev: usize, ldh: i32, hout: usize, ldo: i32): void {
  const lo = kLo(), hi = kHi(), nl2e = kL2e(), mg = kMg(), c1 = kC1(), c2 = kC2();
  const q0 = kQ(0), q1 = kQ(1), q2 = kQ(2), q3 = kQ(3), q4 = kQ(4), q5 = kQ(5), one = kOne(), two = kTwo();
  const o1 = <usize>H * 4, o2 = o1 * 2;
  const H4 = H & ~3, H24 = (2 * H) & ~3;
  for (let n = 0; n < N; n++) {
    const xr = pt + <usize>(n * ldx) * 4, hr = gh + <usize>(n * ldg) * 4;
    const hp = hprev + <usize>(n * ldh) * 4, ho = hout + <usize>(n * ldo) * 4;
    let k = 0;
    for (; k < H24; k += 4) {
      const kb = <usize>k * 4;
      v128.store(hr + kb, vsigK(f32x4.add(v128.load(xr + kb), v128.load(hr + kb)), lo, hi, nl2e, mg, c1, c2, q0, q1, q2, q3, q4, q5, one));
    }
    for (; k < 2 * H; k++) {
      const kb = <usize>k * 4;
      store<f32>(hr + kb, f32x4.extract_lane(vsigK(f32x4.splat(load<f32>(xr + kb) + load<f32>(hr + kb)), lo, hi, nl2e, mg, c1, c2, q0, q1, q2, q3, q4, q5, one), 0));
    }
    for (k = 0; k < H4; k += 4) {
      const kb = <usize>k * 4;
      const nn = vtanhK(madd(v128.load(hr + kb), v128.load(hr + kb + o2), v128.load(xr + kb + o2)), lo, hi, nl2e, mg, c1, c2, q0, q1, q2, q3, q4, q5, one, two);
      v128.store(ho + kb, madd(v128.load(hr + kb + o1), f32x4.sub(v128.load(hp + kb), nn), nn));
    }
    for (; k < H; k++) {
      const kb = <usize>k * 4;
      const nn = f32x4.extract_lane(vtanhK(f32x4.splat(load<f32>(xr + kb + o2) + load<f32>(hr + kb) * load<f32>(hr + kb + o2)), lo, hi, nl2e, mg, c1, c2, q0, q1, q2, q3, q4, q5, one, two), 0);
      store<f32>(ho + kb, nn + load<f32>(hr + kb + o1) * (load<f32>(hp + kb) - nn));
    }
  }
}

// h' = act(P's row + the recurrent product).
function rnnAct(pt: usize, ldx: i32, gh: usize, ldg: i32, N: i32, H: i32, hout: usize, ldo: i32, relu: bool): void {
  const H4 = H & ~3;
  if (relu) {
    for (let n = 0; n < N; n++) {
      const row = pt + <usize>(n * ldx) * 4, g = gh + <usize>(n * ldg) * 4, ho = hout + <usize>(n * ldo) * 4;
      let k = 0;
      for (; k < H4; k += 4) v128.store(ho + <usize>k * 4, vrelu(f32x4.add(v128.load(row + <usize>k * 4), v128.load(g + <usize>k * 4))));
      for (; k < H; k++) store<f32>(ho + <usize>k * 4, max<f32>(load<f32>(row + <usize>k * 4) + load<f32>(g + <usize>k * 4), 0));
    }
    return;
  }
  const lo = kLo(), hi = kHi(), nl2e = kL2e(), mg = kMg(), c1 = kC1(), c2 = kC2();
  const q0 = kQ(0), q1 = kQ(1), q2 = kQ(2), q3 = kQ(3), q4 = kQ(4), q5 = kQ(5), one = kOne(), two = kTwo();
  for (let n = 0; n < N; n++) {
    const row = pt + <usize>(n * ldx) * 4, g = gh + <usize>(n * ldg) * 4, ho = hout + <usize>(n * ldo) * 4;
    let k = 0;
    for (; k < H4; k += 4) {
      const kb = <usize>k * 4;
      v128.store(ho + kb, vtanhK(f32x4.add(v128.load(row + kb), v128.load(g + kb)), lo, hi, nl2e, mg, c1, c2, q0, q1, q2, q3, q4, q5, one, two));
    }
    for (; k < H; k++) {
      const kb = <usize>k * 4;
      store<f32>(ho + kb, f32x4.extract_lane(vtanhK(f32x4.splat(load<f32>(row + kb) + load<f32>(g + kb)), lo, hi, nl2e, mg, c1, c2, q0, q1, q2, q3, q4, q5, one, two), 0));
    }
  }
}
