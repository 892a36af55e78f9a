// Reader of .pt / .pth checkpoints written by torch.save (zip format, torch >= 1.6): finds the
// state_dict (bare, under model_state_dict / state_dict / model, or several under their own keys; a
// DataParallel `module.` prefix removed) and reads its tensors as float32 like safetensors.ts, never executing the pickle.
import type { Tensor } from '../types';
import { numel, formatShape } from '../types';
import { halfToFloat } from '../safetensors';
import { isZip, readZip, storedData, type ZipEntry } from './zip';
import { unpickle, describe, PDict, PStorage, PTensor, type PickleValue } from './pickle';

export interface CheckpointEntry {
  dtype: string;
  shape: number[];
}

const ITEM_BYTES: Record<string, number> = { F32: 4, F16: 2, BF16: 2, F64: 8, I64: 8, I32: 4, I16: 2, I8: 1, U8: 1, BOOL: 1 };
const READABLE = new Set(['F32', 'F16', 'BF16', 'F64']);
/** Where training scripts keep the state_dict inside a checkpoint dict, in the order they are tried. */
export const STATE_DICT_KEYS = ['model_state_dict', 'state_dict', 'model'] as const;

/** True for bytes that look like a pickle (a legacy, pre-1.6 torch.save file starts with one). */
function isPickle(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x80 && bytes[1]! >= 2 && bytes[1]! <= 5;
}

export class CheckpointFile {
  readonly entries: ReadonlyMap<string, CheckpointEntry>;
  /** How the state_dict was found, e.g. "under 'model_state_dict', prefix 'module.' removed" (empty when bare). */
  readonly found: string;
  /** `module.` when a DataParallel prefix was removed from every key, else ''. */
  readonly removedPrefix: string;
  private readonly tensors = new Map<string, PTensor>();
  private readonly storageBytes = new Map<string, Uint8Array>();

  constructor(bytes: Uint8Array, private readonly source = 'checkpoint') {
    if (!isZip(bytes)) {
      if (isPickle(bytes)) throw new Error(`${source}: a legacy torch.save file (written before torch 1.6 or with _use_new_zipfile_serialization=False), which rnnlens does not read; re-save it with a newer torch: torch.save(torch.load(f), f)`);
      throw new Error(`${source}: not a torch.save checkpoint (a .pt/.pth file is a zip archive; this file does not start with one)`);
    }
    const zip = readZip(bytes, source);
    const pkls = [...zip.keys()].filter((n) => /^[^/]+\/data\.pkl$/.test(n));
    if (pkls.length !== 1) throw new Error(`${source}: not a torch.save checkpoint: ${pkls.length === 0 ? 'no data.pkl record' : 'several data.pkl records'}`);
    const dir = pkls[0]!.slice(0, -'data.pkl'.length);
    if (zip.has(`${dir}constants.pkl`)) throw new Error(`${source}: a TorchScript archive (torch.jit.save), not a torch.save checkpoint; save model.state_dict() with torch.save`);
    const order = zip.get(`${dir}byteorder`);
    if (order && new TextDecoder().decode(storedData(order, source)).trim() !== 'little') throw new Error(`${source}: tensors saved in big-endian byte order are not supported`);
    const storages = new Map<string, PStorage>();
    const root = unpickle(storedData(zip.get(pkls[0]!)!, source), source, (dtype, key, n) => {
      const known = storages.get(key);
      if (known) {
        if (known.dtype !== dtype || known.numel !== n) throw new Error(`${source}: storage '${key}' is named twice with different types or sizes`);
        return known;
      }
      const rec: ZipEntry | undefined = zip.get(`${dir}data/${key}`);
      if (!rec) throw new Error(`${source}: storage '${key}' has no record ${dir}data/${key} in the archive`);
      const data = storedData(rec, source);
      if (data.length !== n * ITEM_BYTES[dtype]!) throw new Error(`${source}: storage '${key}' holds ${data.length} bytes, expected ${n} ${dtype} elements (${n * ITEM_BYTES[dtype]!} bytes)`);
      this.storageBytes.set(key, data);
      const s = new PStorage(dtype, key, n);
      storages.set(key, s);
      return s;
    });
    const { dict, found, removedPrefix } = stateDict(root, source);
    const entries = new Map<string, CheckpointEntry>();
    for (const [k, v] of dict) {
      checkView(k, v, source);
      entries.set(k, { dtype: v.storage.dtype, shape: [...v.shape] });
      this.tensors.set(k, v);
    }
    this.entries = entries;
    this.found = found;
    this.removedPrefix = removedPrefix;
  }

  keys(): string[] {
    return [...this.entries.keys()];
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  /** The tensor as float32, contiguous (F16/BF16/F64 converted; views gathered from their storage). */
  tensor(key: string): Tensor {
    const t = this.tensors.get(key);
    if (!t) throw new Error(`${this.source}: missing tensor '${key}'`);
    const dtype = t.storage.dtype;
    if (!READABLE.has(dtype)) throw new Error(`${this.source}: tensor '${key}' has dtype ${dtype}; rnnlens reads F32, F16, BF16 or F64`);
    const src = elements(dtype, this.storageBytes.get(t.storage.key)!);
    const n = numel(t.shape), rank = t.shape.length;
    if (isContiguous(t.shape, t.stride)) return { shape: [...t.shape], data: src.slice(t.offset, t.offset + n) };
    const out = new Float32Array(n);
    // walk the view's indices in row-major order, following its strides through the storage
    const idx = new Array<number>(rank).fill(0);
    let at = t.offset;
    for (let i = 0; i < n; i++) {
      out[i] = src[at]!;
      for (let d = rank - 1; d >= 0; d--) {
        if (++idx[d]! < t.shape[d]!) { at += t.stride[d]!; break; }
        at -= (t.shape[d]! - 1) * t.stride[d]!;
        idx[d] = 0;
      }
    }
    return { shape: [...t.shape], data: out };
  }
}

/** Row-major without gaps (dims of size 1 may have any stride, as torch allows). */
function isContiguous(shape: readonly number[], stride: readonly number[]): boolean {
  let expected = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    if (shape[d] !== 1 && stride[d] !== expected) return false;
    expected *= shape[d]!;
  }
  return true;
}

/** The storage's elements as float32 (torch aligns records to 64 bytes; unaligned bytes are copied first). */
function elements(dtype: string, raw: Uint8Array): Float32Array {
  const size = ITEM_BYTES[dtype]!;
  const bytes = raw.byteOffset % size === 0 ? raw : raw.slice();
  const n = bytes.byteLength / size;
  if (!LITTLE_ENDIAN_HOST) {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      out[i] = dtype === 'F32' ? view.getFloat32(i * 4, true) : dtype === 'F64' ? view.getFloat64(i * 8, true)
        : dtype === 'F16' ? halfToFloat(view.getUint16(i * 2, true)) : new Float32Array(new Uint32Array([view.getUint16(i * 2, true) << 16]).buffer)[0]!;
    }
    return out;
  }
  if (dtype === 'F32') return new Float32Array(bytes.buffer, bytes.byteOffset, n);
  if (dtype === 'F64') return Float32Array.from(new Float64Array(bytes.buffer, bytes.byteOffset, n));
  const half = new Uint16Array(bytes.buffer, bytes.byteOffset, n);
  const out = new Float32Array(n);
  if (dtype === 'BF16') {
    const bits = new Uint32Array(out.buffer);
    for (let i = 0; i < n; i++) bits[i] = half[i]! << 16;
  } else {
    const table = halfTable();
    for (let i = 0; i < n; i++) out[i] = table[half[i]!]!;
  }
  return out;
}

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
let halfValues: Float32Array | undefined;
/** Every float16 bit pattern's value (256 KB, built once). */
function halfTable(): Float32Array {
  if (!halfValues) {
    halfValues = new Float32Array(65536);
    for (let h = 0; h < 65536; h++) halfValues[h] = halfToFloat(h);
  }
  return halfValues;
}

/** Views may repeat elements (stride 0), so a small storage can describe a huge tensor: 1 GB of float32 at most. */
const MAX_ELEMENTS = 2 ** 28;

/** A view must stay inside its storage: offset + Σ (size−1)·stride < the storage's element count. */
function checkView(key: string, t: PTensor, source: string): void {
  const n = numel(t.shape);
  if (n === 0) return;
  if (n > MAX_ELEMENTS) throw new Error(`${source}: tensor '${key}' of size ${formatShape(t.shape)} has ${n} elements, more than the ${MAX_ELEMENTS} rnnlens reads`);
  let last = t.offset;
  for (let d = 0; d < t.shape.length; d++) last += (t.shape[d]! - 1) * t.stride[d]!;
  if (!Number.isSafeInteger(last) || last >= t.storage.numel) {
    throw new Error(`${source}: tensor '${key}' of size ${formatShape(t.shape)}, stride ${formatShape(t.stride)} and offset ${t.offset} reaches past its storage of ${t.storage.numel} elements`);
  }
}

/** The state_dict inside the unpickled root, with how it was found. */
function stateDict(root: PickleValue, source: string): { dict: Map<string, PTensor>; found: string; removedPrefix: string } {
  if (!(root instanceof PDict)) throw new Error(`${source}: the checkpoint holds ${describe(root)}, not a state_dict (a dict of tensors)`);
  let dict = root, where = '';
  const k = STATE_DICT_KEYS.find((name) => root.map.get(name) instanceof PDict && isTensorDict(root.map.get(name) as PDict));
  if (k !== undefined) {
    dict = root.map.get(k) as PDict;
    where = `under '${k}'`;
  } else if (!isTensorDict(root)) {
    // a dict of state_dicts, as seq2seq scripts save them ({'en': encoder.state_dict(), 'de': …}): one
    // state_dict whose keys carry the entry's name (`en.gru.weight_ih_l0`)
    const parts = [...root.map].filter((kv): kv is [string, PDict] => typeof kv[0] === 'string' && kv[1] instanceof PDict && isTensorDict(kv[1]));
    if (parts.length === 0) {
      const keys = [...root.map.keys()].map((x) => `'${String(x)}'`).join(', ');
      throw new Error(`${source}: no state_dict found: the checkpoint is a dict with keys ${keys || '(none)'}, neither a dict of tensors nor one holding state_dicts (under ${STATE_DICT_KEYS.map((s) => `'${s}'`).join(', ')} or any other key)`);
    }
    dict = new PDict();
    for (const [name, sd] of parts) for (const [k, v] of sd.map) dict.map.set(`${name}.${String(k)}`, v);
    where = `from ${parts.map(([name]) => `'${name}'`).join(', ')}`;
  }
  const tensors = new Map<string, PTensor>();
  for (const [k, v] of dict.map) if (typeof k === 'string' && v instanceof PTensor) tensors.set(k, v);
  // nn.DataParallel / DistributedDataParallel save every key under `module.`
  const names = [...tensors.keys()];
  if (names.length > 0 && names.every((n) => n.startsWith('module.'))) {
    const stripped = new Map<string, PTensor>();
    for (const [k, v] of tensors) stripped.set(k.slice('module.'.length), v);
    return { dict: stripped, found: [where, "prefix 'module.' removed"].filter(Boolean).join(', '), removedPrefix: 'module.' };
  }
  return { dict: tensors, found: where, removedPrefix: '' };
}

/** A state_dict: a non-empty dict whose values are tensors (non-tensor extras such as _extra_state allowed). */
function isTensorDict(d: PDict): boolean {
  const values = [...d.map.values()];
  return values.some((v) => v instanceof PTensor) && [...d.map.keys()].every((k) => typeof k === 'string');
}

export function readCheckpoint(bytes: Uint8Array, source?: string): CheckpointFile {
  return new CheckpointFile(bytes, source);
}

/** Every floating-point tensor of a checkpoint, as float32, by key (integer tensors are left out). */
export function readCheckpointTensors(bytes: Uint8Array, source?: string): Record<string, Tensor> {
  const ck = new CheckpointFile(bytes, source);
  const out: Record<string, Tensor> = {};
  for (const [k, e] of ck.entries) if (READABLE.has(e.dtype)) out[k] = ck.tensor(k);
  return out;
}
