// The symbolic dimension algebra: normalisation (equal expressions compare equal), exact division,
// and "provably different" (a mismatch is reported only when no positive sizes could make it fit).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Dim, product } from '../../server/src/analysis/dim';

const h = Dim.sym('hidden');
const n = Dim.sym('num_layers');
const N = Dim.sym('N');
const b = Dim.sym('batch');

test('normalised: hidden*2 == 2*hidden, printed the same way', () => {
  assert.ok(h.mul(Dim.of(2)).equals(Dim.of(2).mul(h)));
  assert.equal(h.mul(Dim.of(2)).toString(), '2*hidden');
  assert.equal(n.mul(Dim.of(2)).add(Dim.of(1)).toString(), '2*num_layers + 1');
  assert.equal(N.mul(Dim.sym('L')).toString(), 'L*N');
  assert.ok(N.mul(Dim.sym('L')).equals(Dim.sym('L').mul(N)));
  assert.equal(h.sub(h).value, 0);
  assert.equal(Dim.of(3).add(Dim.of(4)).value, 7);
});

test('equals is false for different monomials with the same count', () => {
  assert.ok(!Dim.of(3).equals(n.mul(Dim.of(2))));
  assert.ok(!b.equals(h));
  assert.ok(!h.mul(Dim.of(2)).equals(h.mul(Dim.of(3))));
});

test('provably different only when no positive sizes make them equal', () => {
  assert.ok(n.provablyDiffers(n.mul(Dim.of(2))), 'num_layers vs 2*num_layers');
  assert.ok(Dim.of(20).provablyDiffers(Dim.of(40)));
  assert.ok(h.add(Dim.of(1)).provablyDiffers(h));
  assert.ok(!N.provablyDiffers(b), 'N vs batch could be equal');
  assert.ok(!h.provablyDiffers(Dim.of(20)), 'hidden could be 20');
  assert.ok(!h.mul(Dim.of(2)).provablyDiffers(h.mul(Dim.of(2))));
  assert.ok(!Dim.of(2).mul(b).provablyDiffers(N), '2*batch vs N');
});

test('exact division and products', () => {
  assert.equal(h.mul(Dim.of(4)).divExact(2)?.toString(), '2*hidden');
  assert.equal(h.divExact(2), undefined);
  assert.equal(N.mul(Dim.sym('L')).mul(Dim.of(3)).div(N)?.toString(), '3*L');
  assert.equal(product([Dim.of(2), Dim.of(3), Dim.of(4)]).value, 24);
  assert.equal(Dim.of(24).div(Dim.of(5)), undefined);
});

test('non-positive is provable for constants and all-negative expressions only', () => {
  assert.ok(Dim.of(0).provablyNonPositive());
  assert.ok(Dim.of(-3).provablyNonPositive());
  assert.ok(!Dim.of(1).provablyNonPositive());
  assert.ok(!h.provablyNonPositive());
  assert.ok(Dim.of(0).sub(h).provablyNonPositive());
});

test('unknown sizes print as ? whatever their internal names', async () => {
  const { unknownDim } = await import('../../server/src/analysis/values');
  const u = unknownDim();
  assert.equal(u.toString(), '?');
  assert.equal(u.mul(Dim.of(2)).toString(), '2*?');
  assert.ok(!u.equals(unknownDim()), 'two unknown sizes are different symbols');
});

test('sizes past 2^53 - 1 are not tracked: unknown, equal to nothing, never provably different', () => {
  const max = Number.MAX_SAFE_INTEGER;
  assert.equal(Dim.of(max).value, max);
  for (const big of [max + 1, 2 ** 62, 1e100, Infinity, -Infinity, NaN, -(max + 1)]) {
    const d = Dim.of(big);
    assert.equal(d.value, undefined, String(big));
    assert.ok(d.hasUnknownSymbol(), String(big));
    assert.equal(d.toString(), '?');
    assert.ok(!d.equals(Dim.of(big)), 'two untracked sizes are not the same size');
    assert.ok(!d.provablyDiffers(Dim.of(big)) && !d.provablyDiffers(Dim.of(3)));
  }
  // results leave the exact range: 2^53 + 1 rounds to 2^53 in floats, so it is never claimed
  assert.equal(Dim.of(max).add(Dim.of(1)).value, undefined);
  assert.equal(Dim.of(2 ** 27).mul(Dim.of(2 ** 27)).value, undefined);
  assert.equal(Dim.of(2 ** 26).mul(Dim.of(2 ** 26)).value, 2 ** 52);
  assert.ok(h.mul(Dim.of(2 ** 40)).mul(Dim.of(2 ** 20)).hasUnknownSymbol(), 'a coefficient past the range');
  assert.ok(h.add(Dim.of(max)).add(Dim.of(max)).hasUnknownSymbol());
  assert.equal(product([Dim.of(2 ** 30), Dim.of(2 ** 30), Dim.of(4)]).value, undefined);
});

test('sizes stay bounded: too many terms, too high a degree or an overflow give an unknown size, never a wrong one', () => {
  let n = Dim.sym('n');
  for (let i = 0; i < 8; i++) n = n.add(Dim.of(1)).mul(n.add(Dim.of(1)));
  assert.ok(n.hasUnknownSymbol(), `(n+1)^256 is not followed: ${n.toString()}`);
  // Arithmetic on the unknown goes on, within the same caps.
  assert.ok(n.toString().length < 400, n.toString());
  let k = Dim.sym('k');
  for (let i = 0; i < 5; i++) k = k.mul(k);
  assert.ok(k.hasUnknownSymbol(), 'k^32 is not followed');
  assert.ok(Dim.of(Infinity).hasUnknownSymbol());
  assert.ok(Dim.of(3).mul(Dim.of(1e308)).mul(Dim.of(1e308)).hasUnknownSymbol());
  // (Callers never prove a mismatch with a size that has an unknown symbol: they check hasUnknownSymbol.)
  // Below the caps nothing changes.
  const h = Dim.sym('h');
  assert.equal(h.add(Dim.of(1)).mul(h.add(Dim.of(1))).toString(), 'h*h + 2*h + 1');
});
