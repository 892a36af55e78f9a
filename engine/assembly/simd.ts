// Vector helpers shared by the kernels: multiply-add (relaxed FMA when built with relaxed SIMD),
// and float32x4 exp / sigmoid / tanh accurate to a few ulp over the range the gates use.

@inline export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}

// Constants live in a data segment and are read with load32_splat: V8 materialises every
// v128.const inside a loop with three instructions, a broadcast load is one (and binaryen cannot
// fold memory loads back into constants).
const K: usize = memory.data<f32>([
  -87.0, 87.0, 1.44269504088896341, 12582912.0, 0.693359375, -2.12194440e-4,
  1.9875691500e-4, 1.3981999507e-3, 8.3334519073e-3, 4.1665795894e-2, 1.6666665459e-1, 5.0000001201e-1,
  1.0, 2.0, -2.0,
]);
const K127: usize = memory.data<i32>([127]);

// Cephes-style expf: x = n*ln2 + r, |r| <= ln2/2, degree-6 polynomial for e^r, scale by 2^n.
// n is rounded with the 1.5*2^23 trick and clamped with pmin/pmax: both map to single x86
// instructions in V8, unlike floor + trunc_sat and NaN-propagating min/max. Max rel. error ~1.2e-7.
@inline export function vexp(x0: v128): v128 {
  const x1 = f32x4.pmin(f32x4.pmax(x0, v128.load32_splat(K)), v128.load32_splat(K, 4));
  const magic = v128.load32_splat(K, 12);
  const t = madd(x1, v128.load32_splat(K, 8), magic);
  const fx = f32x4.sub(t, magic);
  let x = f32x4.sub(x1, f32x4.mul(fx, v128.load32_splat(K, 16)));
  x = f32x4.sub(x, f32x4.mul(fx, v128.load32_splat(K, 20)));
  let y = v128.load32_splat(K, 24);
  y = madd(y, x, v128.load32_splat(K, 28));
  y = madd(y, x, v128.load32_splat(K, 32));
  y = madd(y, x, v128.load32_splat(K, 36));
  y = madd(y, x, v128.load32_splat(K, 40));
  y = madd(y, x, v128.load32_splat(K, 44));
  y = madd(y, f32x4.mul(x, x), f32x4.add(x, v128.load32_splat(K, 48)));
  // t's low mantissa bits hold n; (n + 127) << 23 is the float 2^n.
  return f32x4.mul(y, i32x4.shl(i32x4.add(t, v128.load32_splat(K127)), 23));
}

@inline export function vsigmoid(x: v128): v128 {
  const one = v128.load32_splat(K, 48);
  return f32x4.div(one, f32x4.add(one, vexp(f32x4.neg(x))));
}

// tanh(x) = 2*sigmoid(2x) - 1; absolute error ~1e-7 near 0, exact saturation at the ends.
@inline export function vtanh(x: v128): v128 {
  const one = v128.load32_splat(K, 48);
  return f32x4.sub(f32x4.div(v128.load32_splat(K, 52), f32x4.add(one, vexp(f32x4.mul(x, v128.load32_splat(K, 56))))), one);
}

@inline export function vrelu(x: v128): v128 {
  return f32x4.pmax(x, f32x4.splat(0.0));
}

@inline export function ssigmoid(x: f32): f32 {
  return f32x4.extract_lane(vsigmoid(f32x4.splat(x)), 0);
}

@inline export function stanh(x: f32): f32 {
  return f32x4.extract_lane(vtanh(f32x4.splat(x)), 0);
}
