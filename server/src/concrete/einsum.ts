// torch.einsum on concrete tensors: an equation of letter subscripts (explicit `->` output, or the
// implicit output: the letters seen once, in alphabetical order), a letter repeated in one operand as
// its diagonal, size-1 dims broadcast; the products summed over the letters not in the output.
// Ellipsis (`...`) is not handled here (the caller reports it as not supported).
import { numel, SampleRunError, tensor, type TensorData } from './tensor';

export function einsum(equation: string, operands: TensorData[]): TensorData | undefined {
  const eq = equation.replace(/\s+/g, '');
  if (eq.includes('.')) return undefined;
  const [lhs, rhs] = eq.split('->') as [string, string | undefined];
  const inputs = lhs.split(',');
  if (inputs.length !== operands.length) throw new SampleRunError(`einsum(): more operands were provided than specified in the equation`);
  const sizes = new Map<string, number>();
  inputs.forEach((sub, k) => {
    const shape = operands[k]!.shape;
    if (!/^[a-zA-Z]*$/.test(sub)) throw new SampleRunError(`einsum(): invalid subscript given at index ${k} in the equation string, subscripts must be in [a-zA-Z]`);
    if (sub.length !== shape.length) throw new SampleRunError(`einsum(): the number of subscripts in the equation (${sub.length}) does not match the number of dimensions (${shape.length}) for operand ${k} and no ellipsis was given`);
    [...sub].forEach((c, i) => {
      const n = shape[i]!;
      const have = sizes.get(c);
      if (have === undefined || have === 1) sizes.set(c, n);
      else if (n !== 1 && n !== have) throw new SampleRunError(`einsum(): operands do not broadcast with remapped shapes (original->remapped): subscript '${c}' has size ${have} and ${n}`);
    });
  });
  let out: string;
  if (rhs === undefined) {
    const counts = new Map<string, number>();
    for (const c of inputs.join('')) counts.set(c, (counts.get(c) ?? 0) + 1);
    out = [...counts].filter(([, n]) => n === 1).map(([c]) => c).sort().join('');
  } else {
    out = rhs;
    for (const c of out) if (!sizes.has(c)) throw new SampleRunError(`einsum(): output subscript ${c} does not appear in the equation for any input operand`);
    if (new Set(out).size !== out.length) throw new SampleRunError('einsum(): output subscript appears more than once in the output');
  }
  const letters = [...out, ...[...sizes.keys()].filter((c) => !out.includes(c))];
  const dims = letters.map((c) => sizes.get(c)!);
  const outShape = dims.slice(0, out.length);
  const result = tensor(outShape);
  // strides of each operand per letter (0 where the operand's dim is 1 or absent: broadcast)
  const strides = operands.map((t, k) => {
    const sub = inputs[k]!;
    const own = t.shape.map((_, i) => numel(t.shape.slice(i + 1)));
    return letters.map((c) => {
      let s = 0;
      [...sub].forEach((d, i) => {
        if (d === c && t.shape[i] !== 1) s += own[i]!;
      });
      return s;
    });
  });
  const total = numel(dims);
  const inner = numel(dims.slice(out.length));
  const idx = new Array<number>(letters.length).fill(0);
  for (let flat = 0; flat < total; flat++) {
    let prod = 1;
    for (let k = 0; k < operands.length; k++) {
      let off = 0;
      for (let j = 0; j < letters.length; j++) off += idx[j]! * strides[k]![j]!;
      prod *= operands[k]!.data[off]!;
    }
    result.data[Math.floor(flat / inner)] += prod;
    for (let j = letters.length - 1; j >= 0; j--) {
      if (++idx[j]! < dims[j]!) break;
      idx[j] = 0;
    }
  }
  return result;
}
