// Dense kernels of whole-module runs: out = x·Wᵀ + b on row-major x and W (no packing: both read along
// k, which is contiguous in each, with a 2-row × 4-output tile of dot products), and softmax /
// log_softmax / tanh / sigmoid over contiguous rows with the vector exp of simd.ts.
import { madd, vexpnegK, vsigK, vtanhK, kLo, kHi, kL2e, kMg, kC1, kC2, kQ, kOne, kTwo } from './simd';

// 128 bytes of zeros the dot tiles start their accumulators from (one load per accumulator at its own
// offset: starting them from one shared zero made V8 move accumulators between registers every
// iteration, see gemm.ts).
const ZEROS: usize = memory.data(128, 16);

// Sum of the lanes of each of a0..a3, as one vector [Σa0, Σa1, Σa2, Σa3].
// @ts-ignore: decorator
@inline function hsum4(a0: v128, a1: v128, a2: v128, a3: v128): v128 {
  const s01 = f32x4.add(v128.shuffle<f32>(a0, a1, 0, 4, 1, 5), v128.shuffle<f32>(a0, a1, 2, 6, 3, 7));
  const s23 = f32x4.add(v128.shuffle<f32>(a2, a3, 0, 4, 1, 5), v128.shuffle<f32>(a2, a3, 2, 6, 3, 7));
  return f32x4.add(v128.shuffle<f32>(s01, s23, 0, 1, 4, 5), v128.shuffle<f32>(s01, s23, 2, 3, 6, 7));
}

// @ts-ignore: decorator
@inline function hsum1(a: v128): f32 {
  return (f32x4.extract_lane(a, 0) + f32x4.extract_lane(a, 2)) + (f32x4.extract_lane(a, 1) + f32x4.extract_lane(a, 3));
}

// Rows x0, x1 against W rows w0..w3 (w rows `ldwB` bytes apart), K4 floats (a multiple of 4): eight
// vector accumulators and six loads per step of k, as the 4×8 GEMM tile. Stores 4 outputs in each of
// two rows (o0, o1), plus the bias vector bv.
// @ts-ignore: decorator
@inline function dot2x4(x0: usize, x1: usize, w0: usize, ldwB: usize, K4: i32, z: usize, o0: usize, o1: usize, bv: v128): void {
  const w1 = w0 + ldwB, w2 = w1 + ldwB, w3 = w2 + ldwB;
  let a00 = v128.load(z), a01 = v128.load(z, 16), a02 = v128.load(z, 32), a03 = v128.load(z, 48);
  let a10 = v128.load(z, 64), a11 = v128.load(z, 80), a12 = v128.load(z, 96), a13 = v128.load(z, 112);
  const end = <usize>K4 * 4;
  for (let k: usize = 0; k < end; k += 16) {
    const u = v128.load(x0 + k), v = v128.load(x1 + k);
    const b0 = v128.load(w0 + k), b1 = v128.load(w1 + k), b2 = v128.load(w2 + k), b3 = v128.load(w3 + k);
    a00 = madd(u, b0, a00); a01 = madd(u, b1, a01); a02 = madd(u, b2, a02); a03 = madd(u, b3, a03);
    a10 = madd(v, b0, a10); a11 = madd(v, b1, a11); a12 = madd(v, b2, a12); a13 = madd(v, b3, a13);
  }
  v128.store(o0, f32x4.add(hsum4(a00, a01, a02, a03), bv));
  v128.store(o1, f32x4.add(hsum4(a10, a11, a12, a13), bv));
}

// One row against W rows w0..w3.
// @ts-ignore: decorator
@inline function dot1x4(x0: usize, w0: usize, ldwB: usize, K4: i32, z: usize, o0: usize, bv: v128): void {
  const w1 = w0 + ldwB, w2 = w1 + ldwB, w3 = w2 + ldwB;
  let a0 = v128.load(z), a1 = v128.load(z, 16), a2 = v128.load(z, 32), a3 = v128.load(z, 48);
  const end = <usize>K4 * 4;
  for (let k: usize = 0; k < end; k += 16) {
    const u = v128.load(x0 + k);
    a0 = madd(u, v128.load(w0 + k), a0); a1 = madd(u, v128.load(w1 + k), a1);
    a2 = madd(u, v128.load(w2 + k), a2); a3 = madd(u, v128.load(w3 + k), a3);
  }
  v128.store(o0, f32x4.add(hsum4(a0, a1, a2, a3), bv));
}

// One row against one W row.
// @ts-ignore: decorator
@inline function dot1x1(x0: usize, w0: usize, K4: i32, z: usize): f32 {
  let a0 = v128.load(z), a1 = v128.load(z, 16);
  const end = <usize>K4 * 4;
  let k: usize = 0;
  for (; k + 16 < end; k += 32) {
    a0 = madd(v128.load(x0 + k), v128.load(w0 + k), a0);
    a1 = madd(v128.load(x0 + k + 16), v128.load(w0 + k + 16), a1);
  }
  if (k < end) a0 = madd(v128.load(x0 + k), v128.load(w0 + k), a0);
  return hsum1(f32x4.add(a0, a1));
}

/**
 * out (M × N, rows `ldo` floats apart) = x (M × K4, rows `ldx` apart) · Wᵀ (W: N × K4, rows `ldw` apart)
 * + bias (N floats, or 0 for none). K4 is a multiple of 4 (callers zero-pad k). Rows of x are taken in
 * blocks that stay in L2 while each quad of W rows (in L1) passes over them.
 */
export function linearNT(x: usize, ldx: i32, M: i32, w: usize, ldw: i32, N: i32, K4: i32, bias: usize, out: usize, ldo: i32): void {
  const ldxB = <usize>ldx * 4, ldwB = <usize>ldw * 4, ldoB = <usize>ldo * 4;
  const z = ZEROS;
  // rows of x per block: 256 KB (L2 holds it while W streams by; a small batch is one block, so a big W
  // is read from memory once)
  let mb = (65536 / max(K4, 4)) & ~1;
  if (mb < 2) mb = 2;
  const N4 = N & ~3;
  for (let i0 = 0; i0 < M; i0 += mb) {
    const i1 = min(i0 + mb, M);
    const pairs = i0 + ((i1 - i0) & ~1);
    for (let j = 0; j < N4; j += 4) {
      const wj = w + <usize>j * ldwB;
      const bv = bias ? v128.load(bias + <usize>j * 4) : f32x4.splat(0);
      let i = i0;
      for (; i < pairs; i += 2) {
        const xr = x + <usize>i * ldxB, orow = out + <usize>i * ldoB + <usize>j * 4;
        dot2x4(xr, xr + ldxB, wj, ldwB, K4, z, orow, orow + ldoB, bv);
      }
      if (i < i1) dot1x4(x + <usize>i * ldxB, wj, ldwB, K4, z, out + <usize>i * ldoB + <usize>j * 4, bv);
    }
    for (let j = N4; j < N; j++) {
      const wj = w + <usize>j * ldwB;
      const b: f32 = bias ? load<f32>(bias + <usize>j * 4) : 0;
      for (let i = i0; i < i1; i++) store<f32>(out + <usize>i * ldoB + <usize>j * 4, dot1x1(x + <usize>i * ldxB, wj, K4, z) + b);
    }
  }
}

/**
 * softmax (log = 0) or log_softmax (log = 1) of each of `rows` contiguous rows of n floats, x to out
 * (may alias): the max subtracted first, the sum of exponentials accumulated in float64.
 */
export function softmaxRows(x: usize, rows: i32, n: i32, out: usize, log: i32): void {
  const lo = kLo(), hi = kHi(), nl2e = kL2e(), mg = kMg(), c1 = kC1(), c2 = kC2();
  const q0 = kQ(0), q1 = kQ(1), q2 = kQ(2), q3 = kQ(3), q4 = kQ(4), q5 = kQ(5), one = kOne();
  const n4 = n & ~3;
  for (let r = 0; r < rows; r++) {
    const xr = x + <usize>r * <usize>n * 4, orow = out + <usize>r * <usize>n * 4;
    // max (NaN-propagating, as torch's)
    let mv = f32x4.splat(-Infinity);
    let m: f32 = -Infinity;
    let j = 0;
    for (; j < n4; j += 4) mv = f32x4.max(mv, v128.load(xr + <usize>j * 4));
    m = max(max(f32x4.extract_lane(mv, 0), f32x4.extract_lane(mv, 1)), max(f32x4.extract_lane(mv, 2), f32x4.extract_lane(mv, 3)));
    for (; j < n; j++) m = max(m, load<f32>(xr + <usize>j * 4));
    const mm = f32x4.splat(m);
    // Σ exp(x − m) in float64; softmax keeps the exponentials in out
    let s0 = f64x2.splat(0), s1 = f64x2.splat(0);
    for (j = 0; j < n4; j += 4) {
      const e = vexpnegK(f32x4.sub(mm, v128.load(xr + <usize>j * 4)), lo, hi, nl2e, mg, c1, c2, q0, q1, q2, q3, q4, q5, one);
      if (!log) v128.store(orow + <usize>j * 4, e);
      s0 = f64x2.add(s0, f64x2.promote_low_f32x4(e));
      s1 = f64x2.add(s1, f64x2.promote_low_f32x4(v128.shuffle<f32>(e, e, 2, 3, 0, 1)));
    }
    let s: f64 = f64x2.extract_lane(f64x2.add(s0, s1), 0) + f64x2.extract_lane(f64x2.add(s0, s1), 1);
    for (; j < n; j++) {
      const e = f32x4.extract_lane(vexpnegK(f32x4.splat(m - load<f32>(xr + <usize>j * 4)), lo, hi, nl2e, mg, c1, c2, q0, q1, q2, q3, q4, q5, one), 0);
      if (!log) store<f32>(orow + <usize>j * 4, e);
      s += <f64>e;
    }
    if (log) {
      const sub = f32x4.splat(<f32>(<f64>m + Math.log(s)));
      for (j = 0; j < n4; j += 4) v128.store(orow + <usize>j * 4, f32x4.sub(v128.load(xr + <usize>j * 4), sub));
      const sb = <f32>(<f64>m + Math.log(s));
      for (; j < n; j++) store<f32>(orow + <usize>j * 4, load<f32>(xr + <usize>j * 4) - sb);
    } else {
      const inv = <f32>(1.0 / s);
      const iv = f32x4.splat(inv);
      for (j = 0; j < n4; j += 4) v128.store(orow + <usize>j * 4, f32x4.mul(v128.load(orow + <usize>j * 4), iv));
      for (; j < n; j++) store<f32>(orow + <usize>j * 4, load<f32>(orow + <usize>j * 4) * inv);
    }
  }
}

/** out = tanh(x) (op 0) or sigmoid(x) (op 1) over n floats (may alias). */
export function activate(x: usize, n: i32, out: usize, op: i32): void {
  const lo = kLo(), hi = kHi(), nl2e = kL2e(), mg = kMg(), c1 = kC1(), c2 = kC2();
  const q0 = kQ(0), q1 = kQ(1), q2 = kQ(2), q3 = kQ(3), q4 = kQ(4), q5 = kQ(5), one = kOne(), two = kTwo();
  const n4 = n & ~3;
  let j = 0;
  if (op == 0) {
    for (; j < n4; j += 4) v128.store(out + <usize>j * 4, vtanhK(v128.load(x + <usize>j * 4), lo, hi, nl2e, mg, c1, c2, q0, q1, q2, q3, q4, q5, one, two));
    for (; j < n; j++) store<f32>(out + <usize>j * 4, f32x4.extract_lane(vtanhK(f32x4.splat(load<f32>(x + <usize>j * 4)), lo, hi, nl2e, mg, c1, c2, q0, q1, q2, q3, q4, q5, one, two), 0));
  } else {
    for (; j < n4; j += 4) v128.store(out + <usize>j * 4, vsigK(v128.load(x + <usize>j * 4), lo, hi, nl2e, mg, c1, c2, q0, q1, q2, q3, q4, q5, one));
    for (; j < n; j++) store<f32>(out + <usize>j * 4, f32x4.extract_lane(vsigK(f32x4.splat(load<f32>(x + <usize>j * 4)), lo, hi, nl2e, mg, c1, c2, q0, q1, q2, q3, q4, q5, one), 0));
  }
}
