// Loss modules and functions (CrossEntropyLoss/NLLLoss, BCELoss/BCEWithLogitsLoss, MSELoss/L1Loss/
// SmoothL1Loss/HuberLoss and their torch.nn.functional spellings): the input/target shape checks torch 2.x
// makes, RL412 (class targets, BCE sizes), RL413 (a regression target of another shape that broadcasts)
// and RL409 (one that does not). Each is reported only when the two shapes provably differ.
import { Dim } from '../dim';
import { Codes } from '../diagnosticCodes';
import type { Node } from '../syntax';
import type { FixFact } from '../facts';
import { blameNode, replaceFix, type CallArgs, type Reporter } from '../context';
import { broadcast } from './tensorOps';
import { broadcastClash } from '../operators';
import { isUnknownDim, tensorV, type DimEntry, type Value } from '../values';

const NONE: Value = { k: 'none' };
const MEAN: Value = { k: 'str', v: 'mean' };

type Params = readonly (readonly [string, Value | undefined])[];

const REGRESSION: Params = [['size_average', NONE], ['reduce', NONE], ['reduction', MEAN]];

/** Constructor signatures of the loss modules (torch 2.x). */
export const LOSS_SIGNATURES: Record<string, Params> = {
  CrossEntropyLoss: [['weight', NONE], ['size_average', NONE], ['ignore_index', { k: 'int', dim: Dim.of(-100) }], ['reduce', NONE], ['reduction', MEAN], ['label_smoothing', { k: 'float', v: 0 }]],
  NLLLoss: [['weight', NONE], ['size_average', NONE], ['ignore_index', { k: 'int', dim: Dim.of(-100) }], ['reduce', NONE], ['reduction', MEAN]],
  BCELoss: [['weight', NONE], ['size_average', NONE], ['reduce', NONE], ['reduction', MEAN]],
  BCEWithLogitsLoss: [['weight', NONE], ['size_average', NONE], ['reduce', NONE], ['reduction', MEAN], ['pos_weight', NONE]],
  MSELoss: REGRESSION,
  L1Loss: REGRESSION,
  SmoothL1Loss: [...REGRESSION, ['beta', { k: 'float', v: 1 }]],
  HuberLoss: [['reduction', MEAN], ['delta', { k: 'float', v: 1 }]],
};

/** torch.nn.functional names of the same losses. */
export const FUNCTIONAL_LOSSES: Record<string, string> = {
  cross_entropy: 'CrossEntropyLoss',
  nll_loss: 'NLLLoss',
  binary_cross_entropy: 'BCELoss',
  binary_cross_entropy_with_logits: 'BCEWithLogitsLoss',
  mse_loss: 'MSELoss',
  l1_loss: 'L1Loss',
  smooth_l1_loss: 'SmoothL1Loss',
  huber_loss: 'HuberLoss',
};

const size = (dims: readonly DimEntry[]) => `torch.Size([${dims.map((d) => d.d.toString()).join(', ')}])`;
const list = (dims: readonly DimEntry[]) => `[${dims.map((d) => d.d.toString()).join(', ')}]`;

/** Shapes that differ on every run: another rank, or a dim that provably differs. */
function provablyDifferent(a: readonly DimEntry[], b: readonly DimEntry[]): boolean {
  if (a.length !== b.length) return true;
  return a.some((x, i) => !isUnknownDim(x.d) && !isUnknownDim(b[i]!.d) && x.d.provablyDiffers(b[i]!.d));
}

/**
 * A call of loss `kind` with (input, target) and the reduction in force. Returns the loss value: a scalar
 * for 'mean'/'sum', unknown otherwise.
 */
export function callLoss(kind: string, args: CallArgs, reduction: Value | undefined, rep: Reporter): Value {
  const input = args.pos[0] ?? args.kw.get('input');
  const target = args.pos[1] ?? args.kw.get('target');
  const legacy = ['reduce', 'size_average'].some((k) => args.kw.has(k));
  const red: Value = legacy ? { k: 'unknown' } : (reduction ?? args.kw.get('reduction')?.v ?? MEAN);
  const out = red.k === 'str' && (red.v === 'mean' || red.v === 'sum') ? tensorV([]) : tensorV(undefined);
  if (!input || !target || input.v.k !== 'tensor' || target.v.k !== 'tensor') return out;
  const x = input.v.t;
  const y = target.v.t;
  if (!x.dims || !y.dims || x.assumed || y.assumed || x.numpy || y.numpy) return out;
  const problem = kind === 'CrossEntropyLoss' || kind === 'NLLLoss' ? classTargetProblem(x.dims, y.dims) : undefined;
  const at = blameNode(args.node);
  if (problem) {
    rep.report(at, 'error', Codes.lossTarget, `${problem} (input ${shape(x.dims)}, target ${shape(y.dims)}${classWhy(x.dims)})`);
    return tensorV(undefined);
  }
  const fixes = squeezeFix(input.node, x.dims, target.node, y.dims, args.node);
  if (kind === 'BCELoss' || kind === 'BCEWithLogitsLoss') {
    if (!provablyDifferent(x.dims, y.dims)) return out;
    const msg =
      kind === 'BCELoss'
        ? `Using a target size (${size(y.dims)}) that is different to the input size (${size(x.dims)}) is deprecated. Please ensure they have the same size.`
        : `Target size (${size(y.dims)}) must be the same as input size (${size(x.dims)})`;
    rep.report(at, 'error', Codes.lossTarget, msg, fixes);
    return tensorV(undefined);
  }
  if (kind in LOSS_SIGNATURES && kind !== 'CrossEntropyLoss' && kind !== 'NLLLoss') {
    if (!provablyDifferent(x.dims, y.dims)) return out;
    const clash = broadcastClash(x, y);
    if (clash) {
      rep.report(at, 'error', Codes.broadcastShapes, `The size of tensor a (${clash.a}) must match the size of tensor b (${clash.b}) at non-singleton dimension ${clash.dim}`);
      return tensorV(undefined);
    }
    const both = broadcast(x, y);
    rep.report(
      at,
      'warning',
      Codes.lossBroadcast,
      `Using a target size (${size(y.dims)}) that is different to the input size (${size(x.dims)}). This will likely lead to incorrect results due to broadcasting. Please ensure they have the same size.` +
        (both ? ` The loss is taken over the broadcast shape ${shape(both)}.` : ''),
      fixes,
    );
  }
  return out;
}

const shape = (dims: readonly DimEntry[]) => `(${dims.map((d) => d.d.toString()).join(', ')}${dims.length === 1 ? ',' : ''})`;

/** Why a class-index target must have its shape: dim 1 of the input holds the classes. */
function classWhy(x: readonly DimEntry[]): string {
  return x.length >= 3 ? `; dim 1 of the input, ${x[1]!.d}, is read as the classes` : '';
}

/**
 * Where one side is the other with a trailing dim of 1 ((B, 1) against (B,)): squeeze that side, keeping
 * the user's expression. Only for arguments written on the call's line.
 */
function squeezeFix(xNode: Node, x: readonly DimEntry[], yNode: Node, y: readonly DimEntry[], call: Node): FixFact[] {
  const extraOne = (a: readonly DimEntry[], b: readonly DimEntry[]) =>
    a.length === b.length + 1 && a[a.length - 1]!.d.value === 1 && b.every((d, i) => d.d.equals(a[i]!.d));
  const side = extraOne(x, y) ? xNode : extraOne(y, x) ? yNode : undefined;
  if (!side || side.startPosition.row !== call.startPosition.row) return [];
  const text = /^[\w.\[\]()]+$/.test(side.text) ? side.text : `(${side.text})`;
  return [replaceFix(`Squeeze the trailing 1: ${text}.squeeze(-1)`, side, `${text}.squeeze(-1)`)];
}

/**
 * What nll_loss_nd (CrossEntropyLoss, NLLLoss) raises for class-index targets, in its order: the batch
 * sizes, then per input rank. A target of the input's exact shape is read as class probabilities, so
 * only a target that provably differs from the input is checked.
 */
function classTargetProblem(x: readonly DimEntry[], y: readonly DimEntry[]): string | undefined {
  if (!provablyDifferent(x, y) || x.length < 2 || y.length === 0) return undefined;
  const known = (d: Dim) => !isUnknownDim(d);
  const n = x[0]!.d;
  const m = y[0]!.d;
  if (known(n) && known(m) && n.provablyDiffers(m)) return `Expected input batch_size (${n}) to match target batch_size (${m}).`;
  if (x.length === 2) return y.length > 1 ? '0D or 1D target tensor expected, multi-target not supported' : undefined;
  if (x.length === 4) {
    if (y.length !== 3) return `only batches of spatial targets supported (3D tensors) but got targets of dimension: ${y.length}`;
    const spatialDiffers = [0, 1, 2].some((i) => known(x[i === 0 ? 0 : i + 1]!.d) && known(y[i]!.d) && x[i === 0 ? 0 : i + 1]!.d.provablyDiffers(y[i]!.d));
    return spatialDiffers ? `size mismatch (got input: ${list(x)} , target: ${list(y)}` : undefined;
  }
  // 3-D or ≥ 5-D input (N, C, d1, …): the target must be (N, d1, …).
  const want = x.slice(2);
  const got = y.slice(1);
  const differs = want.length !== got.length || want.some((d, i) => known(d.d) && known(got[i]!.d) && d.d.provablyDiffers(got[i]!.d));
  return differs ? `Expected target size ${list([x[0]!, ...want])}, got ${list(y)}` : undefined;
}

/** The reduction a loss module was built with; legacy `reduce=`/`size_average=` make it unknown. */
export function moduleReduction(args: ReadonlyMap<string, Value>): Value {
  const legacy = [args.get('reduce'), args.get('size_average')].some((v) => v !== undefined && v.k !== 'none');
  return legacy ? { k: 'unknown' } : (args.get('reduction') ?? MEAN);
}
