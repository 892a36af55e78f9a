// torch.nn.utils.rnn: pack_padded_sequence / pack_sequence → PackedSequence, pad_packed_sequence →
// (padded tensor, lengths), pad_sequence. A PackedSequence's data is (sum of lengths, features).
// Literal lengths are checked as torch does (RL411): their count, ≤ 0, sorted when enforce_sorted.
import { Dim } from '../dim';
import { Codes } from '../diagnosticCodes';
import { blameNode, type CallArgs, type Reporter } from '../context';
import { asInt, isUnknownDim, tensorV, truthy, type DimEntry, type PackOverrun, type Value } from '../values';

function flag(args: CallArgs, name: string, index: number): boolean {
  const a = args.kw.get(name) ?? args.pos[index];
  return a ? truthy(a.v) === true : false;
}

export function callPacking(name: string, args: CallArgs, rep: Reporter): Value {
  const input = args.pos[0]?.v;
  switch (name) {
    case 'pack_padded_sequence': {
      const bf = flag(args, 'batch_first', 2);
      if (input?.k !== 'tensor' || !input.t.dims || input.t.dims.length < 2) return { k: 'packed', t: { dims: undefined }, batchFirst: bf };
      const dims = input.t.dims;
      const batch: DimEntry = { ...dims[bf ? 0 : 1]!, role: 'N batch' };
      const lengths = lengthValues(args.kw.get('lengths')?.v ?? args.pos[1]?.v);
      const enforceArg = args.kw.get('enforce_sorted') ?? args.pos[3];
      const enforce = enforceArg ? truthy(enforceArg.v) : true;
      const problem = lengths && enforce !== undefined ? lengthsProblem(lengths, batch.d, enforce) : undefined;
      if (problem) {
        rep.report(blameNode(args.node), 'error', Codes.packLengths, problem);
        return { k: 'packed', t: { dims: undefined }, batchFirst: bf };
      }
      const steps = dims[bf ? 1 : 0]!.d.value;
      const overrun = lengths && steps !== undefined && !input.t.assumed ? overrunOf(lengths, steps) : undefined;
      const T: DimEntry = lengths
        ? { d: Dim.of(lengths.reduce((a, b) => a + b, 0)), role: 'T = sum of lengths', why: lengths.join(' + ') }
        : { d: Dim.sym('T'), role: 'T = sum of lengths', why: '' };
      return { k: 'packed', t: { dims: [T, ...dims.slice(2)], ...(lengths ? { values: lengths } : {}) }, batchFirst: bf, batch, ...(overrun ? { overrun } : {}) };
    }
    case 'pad_packed_sequence': {
      const bf = flag(args, 'batch_first', 1);
      if (input?.k !== 'packed' || !input.t.dims) return { k: 'tuple', items: [tensorV(undefined), tensorV(undefined, { integer: true })] };
      const total = args.kw.get('total_length') ?? args.pos[3];
      const tl = total ? asInt(total.v) : undefined;
      const lens = input.t.values;
      const L: DimEntry = {
        d: tl !== undefined ? Dim.of(tl) : lens && lens.length > 0 ? Dim.of(Math.max(...lens)) : Dim.sym('L'),
        role: 'L = longest length',
        why: '',
      };
      const N: DimEntry = input.batch ?? { d: Dim.sym('N'), role: 'N batch' };
      const feat = input.t.dims.slice(1);
      const padded = tensorV(bf ? [N, L, ...feat] : [L, N, ...feat]);
      return { k: 'tuple', items: [padded, tensorV([N], { integer: true })] };
    }
    case 'pad_sequence': {
      const seqs = input?.k === 'tuple' ? input.items : [];
      const bf = flag(args, 'batch_first', 1);
      const first = seqs[0];
      if (first?.k !== 'tensor' || !first.t.dims) return tensorV(undefined);
      const N: DimEntry = { d: Dim.of(seqs.length), role: 'N batch' };
      const L: DimEntry = { d: Dim.sym('L'), role: 'L = longest length' };
      return tensorV(bf ? [N, L, ...first.t.dims.slice(1)] : [L, N, ...first.t.dims.slice(1)]);
    }
    case 'pack_sequence': {
      const seqs = input?.k === 'tuple' ? input.items : [];
      const first = seqs[0];
      const feat = first?.k === 'tensor' && first.t.dims ? first.t.dims.slice(1) : undefined;
      return { k: 'packed', t: { dims: feat ? [{ d: Dim.sym('T'), role: 'T = sum of lengths' }, ...feat] : undefined }, batchFirst: false, batch: { d: Dim.of(seqs.length), role: 'N batch' } };
    }
  }
  return { k: 'unknown' };
}

/** Concrete sequence lengths from a list/tuple of ints or a literal tensor. */
function lengthValues(v: Value | undefined): number[] | undefined {
  if (!v) return undefined;
  if (v.k === 'tuple') {
    const xs = v.items.map(asInt);
    return xs.length > 0 && xs.every((x): x is number => x !== undefined) ? (xs as number[]) : undefined;
  }
  if (v.k === 'tensor') return v.t.values;
  return undefined;
}

/** What torch's _pack_padded_sequence raises for these lengths, in its order; undefined when they pack. */
function lengthsProblem(lengths: readonly number[], batch: Dim, enforceSorted: boolean): string | undefined {
  if (batch.value !== undefined && !isUnknownDim(batch) && lengths.length !== batch.value) {
    return `Expected \`len(lengths)\` to be equal to batch_size, but got ${lengths.length} (batch_size=${batch.value})`;
  }
  const zero = "Length of all samples has to be greater than 0, but found an element in 'lengths' that is <= 0";
  // With enforce_sorted torch checks the last length, then the order; without, it sorts first.
  if (!enforceSorted) return Math.min(...lengths) <= 0 ? zero : undefined;
  if (lengths[lengths.length - 1]! <= 0) return zero;
  for (let i = 1; i < lengths.length; i++) {
    if (lengths[i]! > lengths[i - 1]!) {
      return `\`lengths\` array must be sorted in decreasing order when \`enforce_sorted\` is True. You can pass \`enforce_sorted=False\` to pack_padded_sequence and/or pack_sequence to sidestep this requirement if you do not need ONNX exportability. (lengths ${JSON.stringify(lengths).replace(/,/g, ', ')})`;
    }
  }
  return undefined;
}

/** Lengths past the padded T: the rows the packed data really has and the batch size of step T. */
function overrunOf(lengths: readonly number[], steps: number): PackOverrun | undefined {
  const next = lengths.filter((l) => l > steps).length;
  if (next === 0) return undefined;
  const rows = lengths.reduce((a, l) => a + Math.min(l, steps), 0);
  return { rows, next, T: steps, lengths: [...lengths] };
}
