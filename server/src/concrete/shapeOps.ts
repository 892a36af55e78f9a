// Shape-moving ops on concrete tensors: view / reshape, permute / transpose, squeeze / unsqueeze /
// flatten, cat / stack, expand / repeat, constant padding, and indexing with ints, slices, None, Ellipsis and one
// integer-tensor index (torch's advanced indexing in its simplest form).
import { broadcastShapes, gatherStrided, normDim, numel, SampleRunError, showShape, strides, tensor, expandTo, type TensorData } from './tensor';

/** view / reshape to `req` (one -1 inferred), with torch's messages. */
export function reshape(t: TensorData, req: number[]): TensorData {
  const n = numel(t.shape);
  const neg = req.filter((d) => d === -1).length;
  if (neg > 1) throw new SampleRunError('only one dimension can be inferred');
  const known = numel(req.filter((d) => d !== -1));
  let shape = req;
  if (neg === 1) {
    if (known === 0 || n % known !== 0) throw new SampleRunError(`shape '${showShape(req)}' is invalid for input of size ${n}`);
    shape = req.map((d) => (d === -1 ? n / known : d));
  } else if (known !== n) throw new SampleRunError(`shape '${showShape(req)}' is invalid for input of size ${n}`);
  return { shape, data: t.data };
}

export function permute(t: TensorData, order: number[]): TensorData {
  const r = t.shape.length;
  if (order.length !== r) throw new SampleRunError(`permute: number of dims don't match in permute (input.dim() = ${r}, len(dims) = ${order.length})`);
  const o = order.map((d) => normDim(d, r));
  const st = strides(t.shape);
  const shape = o.map((d) => t.shape[d]!);
  const out = tensor(shape);
  gatherStrided(t.data, 0, shape, o.map((d) => st[d]!), out.data);
  return out;
}

export function transpose(t: TensorData, a: number, b: number): TensorData {
  const r = t.shape.length;
  if (r === 0) return t;
  const order = t.shape.map((_, i) => i);
  const i = normDim(a, r);
  const j = normDim(b, r);
  [order[i], order[j]] = [order[j]!, order[i]!];
  return permute(t, order);
}

export function unsqueeze(t: TensorData, d: number): TensorData {
  const i = normDim(d, t.shape.length + 1);
  const shape = [...t.shape];
  shape.splice(i, 0, 1);
  return { shape, data: t.data };
}

export function squeeze(t: TensorData, d?: number): TensorData {
  if (d === undefined) return { shape: t.shape.filter((x) => x !== 1), data: t.data };
  if (t.shape.length === 0) return t;
  const i = normDim(d, t.shape.length);
  return t.shape[i] === 1 ? { shape: t.shape.filter((_, j) => j !== i), data: t.data } : t;
}

export function flatten(t: TensorData, start = 0, end = -1): TensorData {
  const r = t.shape.length;
  if (r === 0) return { shape: [1], data: t.data };
  const s = normDim(start, r);
  const e = normDim(end, r);
  if (s > e) throw new SampleRunError('flatten() has invalid args: start_dim cannot come after end_dim');
  return { shape: [...t.shape.slice(0, s), numel(t.shape.slice(s, e + 1)), ...t.shape.slice(e + 1)], data: t.data };
}

/** torch.cat along `dim`. */
export function cat(ts: TensorData[], dim: number): TensorData {
  if (ts.length === 0) throw new SampleRunError('torch.cat(): expected a non-empty list of Tensors');
  // torch skips 1-D empty tensors in cat
  const parts = ts.filter((t) => !(t.shape.length === 1 && t.shape[0] === 0));
  if (parts.length === 0) return ts[0]!;
  const r = parts[0]!.shape.length;
  const d = normDim(dim, r);
  parts.forEach((t, k) => {
    if (t.shape.length !== r) throw new SampleRunError(`Tensors must have same number of dimensions: got ${r} and ${t.shape.length}`);
    t.shape.forEach((x, j) => {
      if (j !== d && x !== parts[0]!.shape[j]) {
        throw new SampleRunError(`Sizes of tensors must match except in dimension ${d}. Expected size ${parts[0]!.shape[j]} but got size ${x} for tensor number ${k} in the list.`);
      }
    });
  });
  const outer = numel(parts[0]!.shape.slice(0, d));
  const inner = numel(parts[0]!.shape.slice(d + 1));
  const total = parts.reduce((a, t) => a + t.shape[d]!, 0);
  const shape = [...parts[0]!.shape];
  shape[d] = total;
  const out = tensor(shape);
  let off = 0;
  for (const t of parts) {
    const block = t.shape[d]! * inner;
    for (let o = 0; o < outer; o++) out.data.set(t.data.subarray(o * block, (o + 1) * block), o * total * inner + off);
    off += block;
  }
  return out;
}

export function stack(ts: TensorData[], dim: number): TensorData {
  if (ts.length === 0) throw new SampleRunError('stack expects a non-empty TensorList');
  const r = ts[0]!.shape.length;
  const d = normDim(dim, r + 1);
  ts.forEach((t, k) => {
    if (t.shape.length !== r || t.shape.some((x, j) => x !== ts[0]!.shape[j])) {
      throw new SampleRunError(`stack expects each tensor to be equal size, but got ${showShape(ts[0]!.shape)} at entry 0 and ${showShape(t.shape)} at entry ${k}`);
    }
  });
  return cat(ts.map((t) => unsqueeze(t, d)), d);
}

/** x.expand(sizes): -1 keeps a dim; new leading dims allowed. */
export function expand(t: TensorData, sizes: number[]): TensorData {
  const off = sizes.length - t.shape.length;
  if (off < 0) throw new SampleRunError(`expand: the number of sizes provided (${sizes.length}) must be greater or equal to the number of dimensions in the tensor (${t.shape.length})`);
  const shape = sizes.map((s, i) => (s === -1 ? t.shape[i - off]! : s));
  t.shape.forEach((x, i) => {
    if (x !== 1 && x !== shape[i + off]) throw new SampleRunError(`The expanded size of the tensor (${shape[i + off]}) must match the existing size (${x}) at non-singleton dimension ${i + off}.  Target sizes: ${showShape(sizes)}.  Tensor sizes: ${showShape(t.shape)}`);
  });
  return expandTo(t, shape);
}

/** x.repeat(reps): tiles the tensor. */
export function repeat(t: TensorData, reps: number[]): TensorData {
  if (reps.length < t.shape.length) throw new SampleRunError('Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor');
  const src = [...new Array<number>(reps.length - t.shape.length).fill(1), ...t.shape];
  const shape = src.map((s, i) => s * reps[i]!);
  const out = tensor(shape);
  if (out.data.length === 0) return out;
  if (shape.length === 0) {
    out.data[0] = t.data[0]!;
    return out;
  }
  // row by row of the last dim: each output row is a source row tiled reps[last] times
  const st = strides(src);
  const r = shape.length - 1;
  const inner = src[r]!;
  const rowLen = shape[r]!;
  const rows = out.data.length / rowLen;
  const idx = new Array<number>(r).fill(0);
  for (let k = 0; k < rows; k++) {
    let off = 0;
    for (let i = 0; i < r; i++) off += (idx[i]! % src[i]!) * st[i]!;
    const row = t.data.subarray(off, off + inner);
    for (let j = 0; j < rowLen; j += inner) out.data.set(row, k * rowLen + j);
    for (let i = r - 1; i >= 0; i--) {
      if (++idx[i]! < shape[i]!) break;
      idx[i] = 0;
    }
  }
  return out;
}

/** One item of an index expression. */
export type IndexItem =
  | { k: 'int'; i: number }
  | { k: 'slice'; start?: number; stop?: number; step?: number }
  | { k: 'none' }
  | { k: 'ellipsis' }
  | { k: 'tensor'; t: TensorData; bool: boolean };

/** `x[items]`: basic indexing, plus integer-tensor indices (broadcast together) or one boolean mask. */
export function index(t: TensorData, items: IndexItem[]): TensorData {
  const adv = items.filter((x): x is IndexItem & { k: 'tensor' } => x.k === 'tensor');
  if (adv.length > 1 && adv.some((a) => a.bool)) throw new SampleRunError('indexing with a boolean mask and other tensors is not supported in sample runs');
  const consumed = items.reduce((a, x) => a + (x.k === 'none' || x.k === 'ellipsis' ? 0 : x.k === 'tensor' && x.bool ? x.t.shape.length : 1), 0);
  if (consumed > t.shape.length) throw new SampleRunError(`too many indices for tensor of dimension ${t.shape.length}`);
  const st = strides(t.shape);
  const outShape: number[] = [];
  const outSt: number[] = [];
  let base = 0;
  let src = 0;
  let advAt = -1;
  let lastAdvItem = -2;
  let adjacent = true;
  // per advanced index: the source dims it covers (size, stride)
  const advDims: { sizes: number[]; st: number[]; item: IndexItem & { k: 'tensor' } }[] = [];
  items.forEach((it, k) => {
    if (it.k === 'ellipsis') {
      const keep = t.shape.length - consumed;
      for (let j = 0; j < keep; j++) {
        outShape.push(t.shape[src]!);
        outSt.push(st[src]!);
        src++;
      }
    } else if (it.k === 'none') {
      outShape.push(1);
      outSt.push(0);
    } else if (it.k === 'int') {
      const n = t.shape[src]!;
      if (it.i >= n || it.i < -n) throw new SampleRunError(`index ${it.i} is out of bounds for dimension ${src} with size ${n}`);
      base += (it.i < 0 ? it.i + n : it.i) * st[src]!;
      src++;
    } else if (it.k === 'slice') {
      const n = t.shape[src]!;
      const step = it.step ?? 1;
      if (step <= 0) throw new SampleRunError('step must be greater than zero');
      const norm = (x: number): number => Math.min(Math.max(x < 0 ? x + n : x, 0), n);
      const lo = it.start === undefined ? 0 : norm(it.start);
      const hi = it.stop === undefined ? n : norm(it.stop);
      outShape.push(Math.max(0, Math.ceil((hi - lo) / step)));
      outSt.push(st[src]! * step);
      base += lo * st[src]!;
      src++;
    } else {
      if (advAt < 0) advAt = outShape.length;
      else if (lastAdvItem !== k - 1) adjacent = false;
      lastAdvItem = k;
      const n = it.bool ? it.t.shape.length : 1;
      const sizes = t.shape.slice(src, src + n);
      if (it.bool && sizes.some((d, j) => d !== it.t.shape[j])) {
        throw new SampleRunError(`The shape of the mask ${showShape(it.t.shape)} does not match the shape of the indexed tensor ${showShape(t.shape)}`);
      }
      advDims.push({ sizes, st: st.slice(src, src + n), item: it });
      src += n;
    }
  });
  while (src < t.shape.length) {
    outShape.push(t.shape[src]!);
    outSt.push(st[src]!);
    src++;
  }
  if (advDims.length === 0) {
    const out = tensor(outShape);
    gatherStrided(t.data, base, outShape, outSt, out.data);
    return out;
  }
  // Offsets of the advanced indices: a mask's true positions, or integer tensors broadcast together.
  const offsets: number[] = [];
  let idxShape: number[];
  if (advDims[0]!.item.bool) {
    const a = advDims[0]!;
    const m = a.item.t.data;
    const mst = strides(a.item.t.shape);
    for (let k = 0; k < m.length; k++) {
      if (m[k] === 0) continue;
      let rem = k;
      let off = 0;
      for (let j = 0; j < mst.length; j++) {
        off += Math.floor(rem / mst[j]!) * a.st[j]!;
        rem %= mst[j]!;
      }
      offsets.push(off);
    }
    idxShape = [offsets.length];
  } else {
    idxShape = advDims.reduce((acc, a) => broadcastShapes(acc, a.item.t.shape), [] as number[]);
    const expanded = advDims.map((a) => expandTo(a.item.t, idxShape).data);
    const n = numel(idxShape);
    for (let k = 0; k < n; k++) {
      let off = 0;
      advDims.forEach((a, j) => {
        const size = a.sizes[0]!;
        const v = expanded[j]![k]!;
        if (v >= size || v < -size) throw new SampleRunError(`index ${v} is out of bounds for dimension with size ${size}`);
        off += (v < 0 ? v + size : v) * a.st[0]!;
      });
      offsets.push(off);
    }
  }
  // torch: indices next to each other put their dims where they stand, else first
  const at = adjacent ? advAt : 0;
  const pre = outShape.slice(0, at);
  const post = outShape.slice(at);
  const preSt = outSt.slice(0, at);
  const postSt = outSt.slice(at);
  const shape = [...pre, ...idxShape, ...post];
  const out = tensor(shape);
  const postN = numel(post);
  const preIdx = new Array<number>(pre.length).fill(0);
  let k = 0;
  const block = new Float32Array(postN);
  for (let p = 0; p < numel(pre); p++) {
    let off = base;
    for (let j = 0; j < pre.length; j++) off += preIdx[j]! * preSt[j]!;
    for (const o of offsets) {
      gatherStrided(t.data, off + o, post, postSt, block);
      out.data.set(block, k);
      k += postN;
    }
    for (let j = pre.length - 1; j >= 0; j--) {
      if (++preIdx[j]! < pre[j]!) break;
      preIdx[j] = 0;
    }
  }
  return out;
}

/**
 * F.pad in 'constant' mode: `pads` pairs (before, after) from the last dim backwards; negative amounts
 * crop. Elements outside the input take `value`.
 */
export function constantPad(t: TensorData, pads: number[], value: number): TensorData {
  if (pads.length % 2 !== 0) throw new SampleRunError('Padding length must be divisible by 2');
  if (pads.length / 2 > t.shape.length) throw new SampleRunError('Padding length too large');
  const r = t.shape.length;
  const before = new Array<number>(r).fill(0);
  for (let i = 0; i < pads.length / 2; i++) {
    before[r - 1 - i] = pads[2 * i]!;
  }
  const shape = t.shape.map((n, d) => {
    const k = r - 1 - d;
    return k < pads.length / 2 ? n + pads[2 * k]! + pads[2 * k + 1]! : n;
  });
  if (shape.some((n) => n < 0)) throw new SampleRunError(`The input size ${t.shape.join('x')}, plus negative padding, resulted in a negative output size`);
  const out = tensor(shape);
  out.data.fill(value);
  const st = strides(t.shape);
  const idx = new Array<number>(r).fill(0);
  for (let i = 0; i < out.data.length; i++) {
    let src = 0;
    let inside = true;
    for (let d = 0; d < r; d++) {
      const j = idx[d]! - before[d]!;
      if (j < 0 || j >= t.shape[d]!) {
        inside = false;
        break;
      }
      src += j * st[d]!;
    }
    if (inside) out.data[i] = t.data[src]!;
    for (let d = r - 1; d >= 0; d--) {
      if (++idx[d]! < shape[d]!) break;
      idx[d] = 0;
    }
  }
  return out;
}
