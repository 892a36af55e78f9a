// Sameness of abstract values for unrolling loops and recognising the same model built twice.
import { sameValue, type Value } from '../values';

/** Same kind of value for unrolling decisions: layers of one kind and configuration count as same. */
export function sameValueLoose(a: Value, b: Value): boolean {
  if (a.k === 'layer' && b.k === 'layer') {
    if (a.layer.kind !== b.layer.kind) return false;
    for (const [k, v] of a.layer.args) {
      const w = b.layer.args.get(k);
      if (!w || !sameValue(v, w)) return false;
    }
    return true;
  }
  return sameValue(a, b);
}
