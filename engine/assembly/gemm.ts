// Packed, register-blocked SGEMM: C[M x 8*panels] += A[M x K] * B, where B = W^T is packed into
// panels of 8 columns (K rows of 8 floats each), A packed 4 rows at a time. Tiles: 4 rows x 8 columns (8 v128 accumulators)
// and, for single leftover rows, 1 row x 24 columns; rows are blocked so an A block stays in L2.
import { madd } from './simd';

export const NR: i32 = 8;
export const MC: i32 = 64;

/** Pack W (rows x cols, row-major, torch's weight layout) as B = W^T in 8-column panels (zero-padded). */
export function packTransposed(w: usize, rows: i32, cols: i32, dst: usize): void {
  const panels = (rows + NR - 1) / NR;
  for (let p = 0; p < panels; p++) {
    const base = dst + <usize>(p * cols * NR) * 4;
    for (let c = 0; c < NR; c++) {
      const r = p * NR + c;
      if (r < rows) {
        const src = w + <usize>(r * cols) * 4;
        for (let k = 0; k < cols; k++) store<f32>(base + <usize>(k * NR + c) * 4, load<f32>(src + <usize>k * 4));
      } else {
        for (let k = 0; k < cols; k++) store<f32>(base + <usize>(k * NR + c) * 4, 0);
      }
    }
  }
}

/** `init` of gemm: accumulate into C (C += A·B). */
export const ACC: usize = <usize>-1;
/** `init` of gemm: C = A·B. Any other value: the address of a row vector r (panels*8 floats), C = r + A·B. */
export const ZERO: usize = 0;

// Zeros the kernels start from for ZERO (as wide as the widest tile).
const ZROW: usize = memory.data(96, 16);

// The kernels always start by loading their accumulators from `src` (rows `sstride` bytes apart): C
// itself, a bias row (stride 0) or ZROW. Branch-free starts keep V8's register allocation of the k-loop
// as tight as for a plain C += A·B (starting the accumulators from shared values or from branches made
// it shuffle them between registers every iteration).
// @ts-ignore: decorator
@inline function initSrc(init: usize, c: usize, off: usize): usize {
  return init == ACC ? c : init == ZERO ? ZROW : init + off;
}

// 4 rows x 8 columns; A is packed (4 rows interleaved per k) so one pointer walks it.
// @ts-ignore: decorator
@inline function kernel4x8(ap: usize, K: i32, bp: usize, c: usize, ldc: usize, src: usize, sstride: usize): void {
  const c0 = c, c1 = c + ldc, c2 = c + 2 * ldc, c3 = c + 3 * ldc;
  const s0 = src, s1 = src + sstride, s2 = src + 2 * sstride, s3 = src + 3 * sstride;
  let x00 = v128.load(s0), x01 = v128.load(s0, 16);
  let x10 = v128.load(s1), x11 = v128.load(s1, 16);
  let x20 = v128.load(s2), x21 = v128.load(s2, 16);
  let x30 = v128.load(s3), x31 = v128.load(s3, 16);
  let a = ap, b = bp;
  const end = ap + <usize>K * 16;
  while (a < end) {
    const b0 = v128.load(b), b1 = v128.load(b, 16);
    const v0 = v128.load32_splat(a);
    x00 = madd(v0, b0, x00); x01 = madd(v0, b1, x01);
    const v1 = v128.load32_splat(a, 4);
    x10 = madd(v1, b0, x10); x11 = madd(v1, b1, x11);
    const v2 = v128.load32_splat(a, 8);
    x20 = madd(v2, b0, x20); x21 = madd(v2, b1, x21);
    const v3 = v128.load32_splat(a, 12);
    x30 = madd(v3, b0, x30); x31 = madd(v3, b1, x31);
    a += 16; b += 32;
  }
  v128.store(c0, x00); v128.store(c0, x01, 16);
  v128.store(c1, x10); v128.store(c1, x11, 16);
  v128.store(c2, x20); v128.store(c2, x21, 16);
  v128.store(c3, x30); v128.store(c3, x31, 16);
}

/** Copy rows [i0, i0+rows) of A (rows a multiple of 4) as 4-row blocks, each K x 4 interleaved. */
function packA(a: usize, ldaB: usize, i0: i32, rows: i32, K: i32, dst: usize): void {
  for (let i = 0; i < rows; i += 4) {
    const base = dst + <usize>(i * K) * 4;
    const r0 = a + <usize>(i0 + i) * ldaB;
    const r1 = r0 + ldaB, r2 = r1 + ldaB, r3 = r2 + ldaB;
    for (let k = 0; k < K; k++) {
      const kb = <usize>k * 4, d = base + <usize>k * 16;
      store<f32>(d, load<f32>(r0 + kb));
      store<f32>(d, load<f32>(r1 + kb), 4);
      store<f32>(d, load<f32>(r2 + kb), 8);
      store<f32>(d, load<f32>(r3 + kb), 12);
    }
  }
}

// One row against three panels (24 columns): six accumulators. (Eight spilled a register in V8's
// code and ran at half the speed.)
// @ts-ignore: decorator
@inline function kernel1x24(a: usize, K: i32, bp: usize, pstride: usize, c: usize, src: usize): void {
  let x0 = v128.load(src), x1 = v128.load(src, 16), x2 = v128.load(src, 32), x3 = v128.load(src, 48);
  let x4 = v128.load(src, 64), x5 = v128.load(src, 80);
  let b = bp;
  const p2 = pstride * 2;
  let ap = a;
  const end = a + <usize>K * 4;
  while (ap < end) {
    const v = v128.load32_splat(ap);
    x0 = madd(v, v128.load(b), x0); x1 = madd(v, v128.load(b, 16), x1);
    x2 = madd(v, v128.load(b + pstride), x2); x3 = madd(v, v128.load(b + pstride, 16), x3);
    x4 = madd(v, v128.load(b + p2), x4); x5 = madd(v, v128.load(b + p2, 16), x5);
    ap += 4; b += 32;
  }
  v128.store(c, x0); v128.store(c, x1, 16); v128.store(c, x2, 32); v128.store(c, x3, 48);
  v128.store(c, x4, 64); v128.store(c, x5, 80);
}

// @ts-ignore: decorator
@inline function kernel1x8(a: usize, K: i32, bp: usize, c: usize, src: usize): void {
  let x0 = v128.load(src), x1 = v128.load(src, 16);
  let y0 = f32x4.splat(0), y1 = f32x4.splat(0);
  let ap = a, b = bp;
  let k = 0;
  for (; k + 1 < K; k += 2) {
    const v = v128.load32_splat(ap), w = v128.load32_splat(ap, 4);
    x0 = madd(v, v128.load(b), x0); x1 = madd(v, v128.load(b, 16), x1);
    y0 = madd(w, v128.load(b, 32), y0); y1 = madd(w, v128.load(b, 48), y1);
    ap += 8; b += 64;
  }
  if (k < K) {
    const v = v128.load32_splat(ap);
    x0 = madd(v, v128.load(b), x0); x1 = madd(v, v128.load(b, 16), x1);
  }
  v128.store(c, f32x4.add(x0, y0)); v128.store(c, f32x4.add(x1, y1), 16);
}

/**
 * C (M rows, stride ldc floats, 8*panels columns) = init + A (M x K, stride lda floats) * packed B, where
 * init is C itself (ACC), zero (ZERO) or a row vector broadcast to every row (its address). Starting
 * from zero or a bias row spares the kernels loading C (cold in cache for the big gate buffers).
 * `scratch` holds MC x K floats for the packed rows of A.
 */
export function gemm(a: usize, lda: i32, M: i32, K: i32, bp: usize, panels: i32, c: usize, ldc: i32, scratch: usize, init: usize): void {
  const ldaB = <usize>lda * 4, ldcB = <usize>ldc * 4;
  const pstride = <usize>(K * NR) * 4;
  for (let i0 = 0; i0 < M; i0 += MC) {
    const i1 = min(i0 + MC, M);
    const full = (i1 - i0) & ~3;
    if (full > 0) {
      packA(a, ldaB, i0, full, K, scratch);
      for (let p = 0; p < panels; p++) {
        const b = bp + <usize>p * pstride;
        const cc = c + <usize>p * NR * 4 + <usize>i0 * ldcB;
        const src = initSrc(init, cc, <usize>p * NR * 4), sstride = init == ACC ? ldcB : 0;
        for (let i = 0; i < full; i += 4) kernel4x8(scratch + <usize>(i * K) * 4, K, b, cc + <usize>i * ldcB, ldcB, src + <usize>i * sstride, sstride);
      }
    }
    for (let i = i0 + full; i < i1; i++) {
      const ar = a + <usize>i * ldaB, cr = c + <usize>i * ldcB;
      let p = 0;
      for (; p + 3 <= panels; p += 3) {
        const cp = cr + <usize>p * NR * 4;
        kernel1x24(ar, K, bp + <usize>p * pstride, pstride, cp, initSrc(init, cp, <usize>p * NR * 4));
      }
      for (; p < panels; p++) {
        const cp = cr + <usize>p * NR * 4;
        kernel1x8(ar, K, bp + <usize>p * pstride, cp, initSrc(init, cp, <usize>p * NR * 4));
      }
    }
  }
}

/**
 * Pack W like packTransposed, but each run of three 8-column panels interleaved per k (24 contiguous
 * floats per k) for `gemv`; the last panels % 3 panels stay 8-column panels. Same size.
 */
export function packTransposed24(w: usize, rows: i32, cols: i32, dst: usize): void {
  const panels = (rows + NR - 1) / NR, triples = panels / 3;
  for (let p = 0; p < triples; p++) {
    const base = dst + <usize>(p * cols * 24) * 4;
    for (let c = 0; c < 24; c++) {
      const r = p * 24 + c;
      const src = w + <usize>(r * cols) * 4;
      if (r < rows) {
        for (let k = 0; k < cols; k++) store<f32>(base + <usize>(k * 24 + c) * 4, load<f32>(src + <usize>k * 4));
      } else {
        for (let k = 0; k < cols; k++) store<f32>(base + <usize>(k * 24 + c) * 4, 0);
      }
    }
  }
  const done = triples * 3 * NR;
  if (done < rows || triples * 3 < panels) {
    packTransposed(w + <usize>(done * cols) * 4, rows - done, cols, dst + <usize>(done * cols) * 4);
  }
}

// One row against a 24-column interleaved run: six accumulators, one pointer for the weights.
// @ts-ignore: decorator
@inline function kernel1x24c(a: usize, K: i32, bp: usize, c: usize, src: usize): void {
  let x0 = v128.load(src), x1 = v128.load(src, 16), x2 = v128.load(src, 32), x3 = v128.load(src, 48);
  let x4 = v128.load(src, 64), x5 = v128.load(src, 80);
  let b = bp, ap = a;
  const end = a + <usize>K * 4;
  while (ap < end) {
    const v = v128.load32_splat(ap);
    x0 = madd(v, v128.load(b), x0); x1 = madd(v, v128.load(b, 16), x1);
    x2 = madd(v, v128.load(b, 32), x2); x3 = madd(v, v128.load(b, 48), x3);
    x4 = madd(v, v128.load(b, 64), x4); x5 = madd(v, v128.load(b, 80), x5);
    ap += 4; b += 96;
  }
  v128.store(c, x0); v128.store(c, x1, 16); v128.store(c, x2, 32); v128.store(c, x3, 48);
  v128.store(c, x4, 64); v128.store(c, x5, 80);
}

/** c (8*panels floats) = init + a (K floats) * B, B packed by packTransposed24; init ZERO or a row vector. */
export function gemv(a: usize, K: i32, bp: usize, panels: i32, c: usize, init: usize): void {
  const triples = panels / 3;
  for (let p = 0; p < triples; p++) {
    const cp = c + <usize>p * 96;
    kernel1x24c(a, K, bp + <usize>(p * K) * 96, cp, initSrc(init, cp, <usize>p * 96));
  }
  for (let p = triples * 3; p < panels; p++) {
    const cp = c + <usize>p * NR * 4;
    kernel1x8(a, K, bp + <usize>(p * K * NR) * 4, cp, initSrc(init, cp, <usize>p * NR * 4));
  }
}
