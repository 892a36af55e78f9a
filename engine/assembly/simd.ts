// Vector helpers shared by the kernels: multiply-add (relaxed FMA when built with relaxed SIMD),
// and float32x4 exp / sigmoid / tanh accurate to a few ulp over the range the gates use.

@inline export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}

// Cephes-style expf: x = n*ln2 + r, |r| <= ln2/2, degree-6 polynomial for e^r, scale by 2^n.
// n is rounded with the 1.5*2^23 trick and clamped with pmin/pmax: both map to single x86
// instructions in V8, unlike floor + trunc_sat and NaN-propagating min/max. Max rel. error ~1.2e-7.
@inline export function vexp(x0: v128): v128 {
  const x1 = f32x4.pmin(f32x4.pmax(x0, f32x4.splat(-87.0)), f32x4.splat(87.0));
  const magic = f32x4.splat(12582912.0);
  const t = madd(x1, f32x4.splat(1.44269504088896341), magic);
  const fx = f32x4.sub(t, magic);
  let x = f32x4.sub(x1, f32x4.mul(fx, f32x4.splat(0.693359375)));
  x = f32x4.sub(x, f32x4.mul(fx, f32x4.splat(-2.12194440e-4)));
  let y = f32x4.splat(1.9875691500e-4);
  y = madd(y, x, f32x4.splat(1.3981999507e-3));
  y = madd(y, x, f32x4.splat(8.3334519073e-3));
  y = madd(y, x, f32x4.splat(4.1665795894e-2));
  y = madd(y, x, f32x4.splat(1.6666665459e-1));
  y = madd(y, x, f32x4.splat(5.0000001201e-1));
  y = madd(y, f32x4.mul(x, x), f32x4.add(x, f32x4.splat(1.0)));
  // t's low mantissa bits hold n; (n + 127) << 23 is the float 2^n.
  return f32x4.mul(y, i32x4.shl(i32x4.add(t, i32x4.splat(127)), 23));
}

@inline export function vsigmoid(x: v128): v128 {
  const one = f32x4.splat(1.0);
  return f32x4.div(one, f32x4.add(one, vexp(f32x4.neg(x))));
}

// tanh(x) = 2*sigmoid(2x) - 1; absolute error ~1e-7 near 0, exact saturation at the ends.
@inline export function vtanh(x: v128): v128 {
  const one = f32x4.splat(1.0);
  const two = f32x4.splat(2.0);
  return f32x4.sub(f32x4.div(two, f32x4.add(one, vexp(f32x4.mul(x, f32x4.splat(-2.0))))), one);
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
