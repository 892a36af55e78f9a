// Matrix products: torch.matmul / `@`, torch.bmm and torch.mm (and their method spellings): the result's
// shape and RL414 when the batch or inner dims provably do not match, in torch's words for each path.
import { Dim, product } from '../dim';
import { Codes } from '../diagnosticCodes';
import type { Node } from '../syntax';
import type { Reporter } from '../context';
import { isUnknownDim, tensorV, type DimEntry, type Value } from '../values';

export type Product = 'matmul' | 'bmm' | 'mm';

const differ = (a: Dim, b: Dim) => !isUnknownDim(a) && !isUnknownDim(b) && a.provablyDiffers(b);
const mat = (rows: Dim, cols: Dim) => `${rows}x${cols}`;
const shape = (dims: readonly DimEntry[]) => `(${dims.map((d) => d.d.toString()).join(', ')})`;

/** `kind(a, b)` reported at `at`; the result, or an unknown tensor after an error. */
export function matrixProduct(kind: Product, a: Value, b: Value, at: Node, rep: Reporter): Value {
  if (a.k !== 'tensor' || b.k !== 'tensor' || !a.t.dims || !b.t.dims || a.t.numpy || b.t.numpy) return tensorV(undefined);
  const ad = a.t.dims;
  const bd = b.t.dims;
  const assumed = a.t.assumed || b.t.assumed;
  const fail = (msg: string): Value => {
    rep.report(at, 'error', Codes.matmulShapes, msg);
    return tensorV(undefined);
  };
  if (kind === 'bmm') {
    if (ad.length !== 3 || bd.length !== 3) {
      if (assumed) return tensorV(undefined);
      return fail(ad.length !== 3 ? 'batch1 must be a 3D tensor' : 'batch2 must be a 3D tensor');
    }
    if (differ(bd[0]!.d, ad[0]!.d) || differ(bd[1]!.d, ad[2]!.d)) {
      const why = differ(bd[0]!.d, ad[0]!.d)
        ? `the batch dims differ: batch1 ${shape(ad)}, batch2 ${shape(bd)}`
        : `batch1 ${shape(ad)} has ${ad[2]!.d} columns, batch2 ${shape(bd)} has ${bd[1]!.d} rows`;
      return fail(`Expected size for first two dimensions of batch2 tensor to be: [${ad[0]!.d}, ${ad[2]!.d}] but got: [${bd[0]!.d}, ${bd[1]!.d}]. (${why})`);
    }
    return tensorV([ad[0]!, ad[1]!, bd[2]!]);
  }
  if (kind === 'mm') {
    if (ad.length !== 2 || bd.length !== 2) {
      if (assumed) return tensorV(undefined);
      return fail(ad.length !== 2 ? 'self must be a matrix' : 'mat2 must be a matrix');
    }
    if (differ(ad[1]!.d, bd[0]!.d)) return fail(`mat1 and mat2 shapes cannot be multiplied (${mat(ad[0]!.d, ad[1]!.d)} and ${mat(bd[0]!.d, bd[1]!.d)})`);
    return tensorV([ad[0]!, bd[1]!]);
  }
  if (ad.length === 0 || bd.length === 0) return tensorV(undefined);
  if (assumed) return matmulShape(ad, bd);
  const k = ad[ad.length - 1]!.d;
  if (ad.length === 1 && bd.length === 1) {
    if (differ(k, bd[0]!.d)) {
      return fail(`inconsistent tensor size, expected tensor [${k}] and src [${bd[0]!.d}] to have the same number of elements, but got ${k} and ${bd[0]!.d} elements respectively`);
    }
  } else if (ad.length === 1 && bd.length === 2) {
    if (differ(k, bd[0]!.d)) return fail(`mat1 and mat2 shapes cannot be multiplied (${mat(Dim.of(1), k)} and ${mat(bd[0]!.d, bd[1]!.d)})`);
  } else if (ad.length >= 2 && bd.length === 1) {
    // (…, n, k) @ (k,): torch folds the leading dims into one matrix and calls mv (1.13's words; newer
    // 2.x words it "size mismatch, got bias (…), matrix (…), vector (…)").
    const rows = product(ad.slice(0, -1).map((x) => x.d));
    if (differ(k, bd[0]!.d)) return fail(`size mismatch, got ${rows}, ${mat(rows, k)},${bd[0]!.d}`);
  } else if (ad.length >= 2 && bd.length === 2) {
    const rows = product(ad.slice(0, -1).map((x) => x.d));
    if (differ(k, bd[0]!.d)) return fail(`mat1 and mat2 shapes cannot be multiplied (${mat(rows, k)} and ${mat(bd[0]!.d, bd[1]!.d)})`);
  } else if (ad.length >= 3 && bd.length >= 3) {
    // Batched: the batch dims broadcast, then bmm on (batch, n, k) and (batch, k, m).
    const ab = ad.slice(0, -2);
    const bb = bd.slice(0, -2);
    const r = Math.max(ab.length, bb.length);
    const one = Dim.of(1);
    for (let i = 0; i < r; i++) {
      const x = ab[ab.length - r + i]?.d;
      const y = bb[bb.length - r + i]?.d;
      if (x && y && differ(x, one) && differ(y, one) && differ(x, y)) return fail(`The size of tensor a (${x}) must match the size of tensor b (${y}) at non-singleton dimension ${i}`);
    }
    const kb = bd[bd.length - 2]!.d;
    if (differ(k, kb)) {
      const batch = product(broadcastBatch(ab, bb).map((x) => x.d));
      return fail(`Expected size for first two dimensions of batch2 tensor to be: [${batch}, ${k}] but got: [${batch}, ${kb}].`);
    }
  }
  return matmulShape(ad, bd);
}

function broadcastBatch(a: readonly DimEntry[], b: readonly DimEntry[]): DimEntry[] {
  const r = Math.max(a.length, b.length);
  const out: DimEntry[] = [];
  for (let i = 0; i < r; i++) {
    const x = a[a.length - r + i];
    const y = b[b.length - r + i];
    out.push(!x ? y! : !y ? x : x.d.value === 1 ? y : x);
  }
  return out;
}

/** The result shape of matmul when it works (torch.matmul's documented cases). */
function matmulShape(ad: readonly DimEntry[], bd: readonly DimEntry[]): Value {
  if (ad.length === 1 && bd.length === 1) return tensorV([]);
  if (ad.length === 1 && bd.length === 2) return tensorV([bd[1]!]);
  if (ad.length >= 2 && bd.length === 1) return tensorV(ad.slice(0, -1));
  if (ad.length >= 2 && bd.length === 2) return tensorV([...ad.slice(0, -1), bd[1]!]);
  if (ad.length >= 3 && bd.length >= 3) return tensorV([...broadcastBatch(ad.slice(0, -2), bd.slice(0, -2)), ad[ad.length - 2]!, bd[bd.length - 1]!]);
  return tensorV(undefined);
}
