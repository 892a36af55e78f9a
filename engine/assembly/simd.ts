// Vector helpers shared by the kernels: multiply-add (relaxed FMA when built with relaxed SIMD),
// and float32x4 exp(-x) / sigmoid / tanh accurate to a few ulp over the range the gates use.

@inline export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}

// Cephes-style exp: x = n*ln2 + r, |r| <= ln2/2, e^r = 1 + r + r^2*P(r) (P of degree 5), scaled by 2^n; n is
// rounded with the 1.5*2^23 trick and the input clamped with pmin/pmax (single x86 instructions in V8,
// unlike floor + trunc_sat and NaN-propagating min/max; NaN still propagates). Max rel. error ~1.2e-7.
// The constants live in a data segment read with load32_splat (V8 materialises every v128.const inside
// a loop with three instructions, and binaryen cannot fold memory loads back into constants), and are
// passed in: the gate loops load them once, before the loop, so V8 keeps them in registers or stack
// slots instead of re-reading the data segment through address registers every iteration.
// This computes exp(-x). The negation is folded in: with u = x + n*ln2 (r = -u), e^r = 1 - u + u^2*Q(u),
// Q having the Cephes coefficients with alternating signs; the polynomial is evaluated Estrin-style
// (shorter dependency chain than Horner, same max rel. error ~1.2e-7). The bias 127 of 2^n is folded
// into the rounding constant 1.5*2^23 + 127, so t's bits shifted left by 23 are the float 2^n.
const KE: usize = memory.data<f32>([
  -87.0, 87.0, -1.44269504088896341, 12583039.0, 0.693359375, -2.12194440e-4,
  -1.9875691500e-4, 1.3981999507e-3, -8.3334519073e-3, 4.1665795894e-2, -1.6666665459e-1, 5.0000001201e-1,
  1.0, 2.0,
]);
// @ts-ignore: decorator
@inline export function kLo(): v128 { return v128.load32_splat(KE); }
// @ts-ignore: decorator
@inline export function kHi(): v128 { return v128.load32_splat(KE, 4); }
// @ts-ignore: decorator
@inline export function kL2e(): v128 { return v128.load32_splat(KE, 8); }
// @ts-ignore: decorator
@inline export function kMg(): v128 { return v128.load32_splat(KE, 12); }
// @ts-ignore: decorator
@inline export function kC1(): v128 { return v128.load32_splat(KE, 16); }
// @ts-ignore: decorator
@inline export function kC2(): v128 { return v128.load32_splat(KE, 20); }
// @ts-ignore: decorator
@inline export function kQ(i: i32): v128 { return v128.load32_splat(KE + <usize>(24 + i * 4)); }
// @ts-ignore: decorator
@inline export function kOne(): v128 { return v128.load32_splat(KE, 48); }
// @ts-ignore: decorator
@inline export function kTwo(): v128 { return v128.load32_splat(KE, 52); }

// @ts-ignore: decorator
@inline export function vexpnegK(x0: v128, lo: v128, hi: v128, nl2e: v128, mg: v128, c1: v128, c2: v128,
  q0: v128, q1: v128, q2: v128, q3: v128, q4: v128, q5: v128, one: v128): v128 {
  const x1 = f32x4.pmin(f32x4.pmax(x0, lo), hi);
  const t = madd(x1, nl2e, mg);
  const fx = f32x4.sub(t, mg);
  const u = f32x4.add(f32x4.add(x1, f32x4.mul(fx, c1)), f32x4.mul(fx, c2));
  const u2 = f32x4.mul(u, u);
  const a = madd(q0, u, q1), b = madd(q2, u, q3), c = madd(q4, u, q5);
  const y = madd(madd(a, u2, b), u2, c);
  return f32x4.mul(madd(y, u2, f32x4.sub(one, u)), i32x4.shl(t, 23));
}

// sigmoid(x) = 1 / (1 + e^-x)
// @ts-ignore: decorator
@inline export function vsigK(x: v128, lo: v128, hi: v128, nl2e: v128, mg: v128, c1: v128, c2: v128,
  q0: v128, q1: v128, q2: v128, q3: v128, q4: v128, q5: v128, one: v128): v128 {
  return f32x4.div(one, f32x4.add(one, vexpnegK(x, lo, hi, nl2e, mg, c1, c2, q0, q1, q2, q3, q4, q5, one)));
}

// tanh(x) = 2 / (1 + e^-2x) - 1; absolute error ~1e-7 near 0, exact saturation at the ends.
// @ts-ignore: decorator
@inline export function vtanhK(x: v128, lo: v128, hi: v128, nl2e: v128, mg: v128, c1: v128, c2: v128,
  q0: v128, q1: v128, q2: v128, q3: v128, q4: v128, q5: v128, one: v128, two: v128): v128 {
  return f32x4.sub(f32x4.div(two, f32x4.add(one, vexpnegK(f32x4.add(x, x), lo, hi, nl2e, mg, c1, c2, q0, q1, q2, q3, q4, q5, one))), one);
}

@inline export function vrelu(x: v128): v128 {
  return f32x4.pmax(x, f32x4.splat(0.0));
}
