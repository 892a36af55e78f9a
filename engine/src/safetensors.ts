// Reader and writer for the safetensors format (8-byte little-endian header length, JSON header,
// raw little-endian data), validated as the format requires (no overlapping, gapped or trailing data,
// no duplicate keys). Reads F32, F16, BF16 and F64 as float32; writes F32. Errors name the key.
import type { Tensor } from './types';
import { numel, formatShape } from './types';

export interface SafetensorsEntry {
  dtype: string;
  shape: number[];
  begin: number;
  end: number;
}

const DTYPE_BYTES: Record<string, number> = {
  F64: 8, F32: 4, F16: 2, BF16: 2, I64: 8, I32: 4, I16: 2, I8: 1, U8: 1, BOOL: 1, U16: 2, U32: 4, U64: 8,
  F8_E4M3: 1, F8_E5M2: 1,
};
const READABLE = new Set(['F32', 'F16', 'BF16', 'F64']);
/** The reference implementation's cap on the JSON header. */
const MAX_HEADER_BYTES = 100_000_000;

/** The first key repeated within one JSON object of `text` (already valid JSON), or undefined. */
function duplicateKey(text: string): string | undefined {
  const stack: { keys: Set<string> | null; expectKey: boolean }[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') {
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      const top = stack[stack.length - 1];
      if (top?.keys && top.expectKey) {
        const key = JSON.parse(text.slice(i, j + 1)) as string;
        if (top.keys.has(key)) return key;
        top.keys.add(key);
        top.expectKey = false;
      }
      i = j;
    } else if (ch === '{') stack.push({ keys: new Set(), expectKey: true });
    else if (ch === '[') stack.push({ keys: null, expectKey: false });
    else if (ch === '}' || ch === ']') stack.pop();
    else if (ch === ',') {
      const top = stack[stack.length - 1];
      if (top?.keys) top.expectKey = true;
    }
  }
  return undefined;
}

const INTEGER_DTYPES = new Set(['I64', 'I32', 'I16', 'I8', 'U8', 'BOOL']);

export class SafetensorsFile {
  readonly entries: ReadonlyMap<string, SafetensorsEntry>;
  readonly metadata: Record<string, string>;
  private readonly data: Uint8Array;

  constructor(bytes: Uint8Array, private readonly source = 'safetensors file') {
    if (bytes.byteLength < 8) throw new Error(`${source}: truncated: ${bytes.byteLength} bytes, a safetensors file starts with an 8-byte header length`);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const headerLen = Number(view.getBigUint64(0, true));
    if (headerLen > bytes.byteLength - 8) {
      throw new Error(`${source}: truncated or not safetensors: header length ${headerLen} exceeds the ${bytes.byteLength - 8} bytes that follow`);
    }
    if (headerLen > MAX_HEADER_BYTES) throw new Error(`${source}: header of ${headerLen} bytes is larger than the ${MAX_HEADER_BYTES} bytes safetensors allows`);
    let text: string, header: unknown;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerLen));
      header = JSON.parse(text);
    } catch (e) {
      throw new Error(`${source}: malformed header: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (typeof header !== 'object' || header === null || Array.isArray(header)) {
      throw new Error(`${source}: malformed header: expected a JSON object`);
    }
    // The header must start with '{'; after the object only padding may follow (JSON.parse allows
    // whitespace alone; the spec names spaces, the reference reader accepts any JSON whitespace).
    if (!text.startsWith('{')) throw new Error(`${source}: malformed header: it must start with '{'`);
    const dup = duplicateKey(text);
    if (dup !== undefined) throw new Error(`${source}: malformed header: duplicate key '${dup}'`);
    this.data = bytes.subarray(8 + headerLen);
    const entries = new Map<string, SafetensorsEntry>();
    let metadata: Record<string, string> = {};
    for (const [key, raw] of Object.entries(header as Record<string, unknown>)) {
      if (key === '__metadata__') {
        if (raw === null) continue; // optional; the reference reader takes null as absent
        if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || !Object.values(raw).every((v) => typeof v === 'string')) {
          throw new Error(`${source}: malformed header: __metadata__ must map strings to strings`);
        }
        metadata = raw as Record<string, string>;
        continue;
      }
      entries.set(key, this.parseEntry(key, raw));
    }
    this.checkTiling(entries);
    this.entries = entries;
    this.metadata = metadata;
  }

  /** The format requires the tensors' byte ranges to cover the data exactly: no overlap, no gap, nothing after. */
  private checkTiling(entries: ReadonlyMap<string, SafetensorsEntry>): void {
    const sorted = [...entries].sort(([, a], [, b]) => a.begin - b.begin || a.end - b.end);
    let cursor = 0, prev: string | undefined;
    for (const [key, e] of sorted) {
      if (e.begin < cursor) {
        throw new Error(`${this.source}: invalid data_offsets of tensor '${key}': [${e.begin}, ${e.end}] overlaps tensor '${prev}', which ends at byte ${cursor}`);
      }
      if (e.begin > cursor) {
        throw new Error(`${this.source}: invalid data_offsets of tensor '${key}': it starts at byte ${e.begin}, leaving bytes ${cursor}..${e.begin} of the data to no tensor (the format allows no holes)`);
      }
      cursor = e.end;
      prev = key;
    }
    if (cursor < this.data.byteLength) {
      throw new Error(`${this.source}: ${this.data.byteLength - cursor} trailing bytes after the last tensor${prev ? ` '${prev}'` : ''} (the format allows none)`);
    }
  }

  private parseEntry(key: string, raw: unknown): SafetensorsEntry {
    const bad = (why: string): Error => new Error(`${this.source}: malformed header entry for tensor '${key}': ${why}`);
    if (typeof raw !== 'object' || raw === null) throw bad('not an object');
    const r = raw as Record<string, unknown>;
    if (typeof r.dtype !== 'string') throw bad('missing dtype');
    if (!Array.isArray(r.shape) || !r.shape.every((d) => Number.isSafeInteger(d) && d >= 0)) throw bad('shape must be a list of non-negative integers');
    const off = r.data_offsets;
    if (!Array.isArray(off) || off.length !== 2 || !off.every((d) => Number.isSafeInteger(d) && d >= 0) || off[0] > off[1]) {
      throw bad('data_offsets must be [begin, end] with begin <= end');
    }
    const shape = r.shape as number[];
    const [begin, end] = off as number[];
    const size = DTYPE_BYTES[r.dtype];
    if (size === undefined) throw bad(`unknown dtype ${r.dtype}`);
    const bytes = numel(shape) * size;
    if (!Number.isSafeInteger(bytes)) throw bad(`shape ${formatShape(shape)} is too large`);
    if (end - begin !== bytes) {
      throw bad(`${end - begin} data bytes do not match shape ${formatShape(shape)} of ${r.dtype}`);
    }
    if (end > this.data.byteLength) {
      throw new Error(`${this.source}: truncated: data of tensor '${key}' ends at byte ${end} but only ${this.data.byteLength} data bytes are present`);
    }
    return { dtype: r.dtype, shape, begin, end };
  }

  keys(): string[] {
    return [...this.entries.keys()];
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  /** Whether the tensor holds integers or bools (I64, I32, I16, I8, U8, BOOL), which tensor() gives as their float32 values. */
  isInteger(key: string): boolean {
    return INTEGER_DTYPES.has(this.entries.get(key)?.dtype ?? '');
  }

  /** The tensor as float32 (F16/BF16 converted; integer dtypes only through tensor(key, true)). */
  tensor(key: string, integers = false): Tensor {
    const e = this.entries.get(key);
    if (!e) throw new Error(`${this.source}: missing tensor '${key}'`);
    if (!READABLE.has(e.dtype) && !(integers && INTEGER_DTYPES.has(e.dtype))) throw new Error(`${this.source}: tensor '${key}' has dtype ${e.dtype}; rnnlens reads F32, F16, BF16 or F64`);
    const bytes = this.data.subarray(e.begin, e.end);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const n = numel(e.shape);
    const out = new Float32Array(n);
    if (e.dtype === 'F32') {
      for (let i = 0; i < n; i++) out[i] = view.getFloat32(i * 4, true);
    } else if (e.dtype === 'F64') {
      // rounded to float32, as the engine computes (torch's model.float() does the same)
      for (let i = 0; i < n; i++) out[i] = view.getFloat64(i * 8, true);
    } else if (e.dtype === 'I64') {
      for (let i = 0; i < n; i++) out[i] = Number(view.getBigInt64(i * 8, true));
    } else if (e.dtype === 'I32') {
      for (let i = 0; i < n; i++) out[i] = view.getInt32(i * 4, true);
    } else if (e.dtype === 'I16') {
      for (let i = 0; i < n; i++) out[i] = view.getInt16(i * 2, true);
    } else if (e.dtype === 'I8') {
      for (let i = 0; i < n; i++) out[i] = view.getInt8(i);
    } else if (e.dtype === 'U8' || e.dtype === 'BOOL') {
      for (let i = 0; i < n; i++) out[i] = view.getUint8(i);
    } else if (e.dtype === 'BF16') {
      const tmp = new DataView(new ArrayBuffer(4));
      for (let i = 0; i < n; i++) {
        tmp.setUint32(0, view.getUint16(i * 2, true) << 16);
        out[i] = tmp.getFloat32(0);
      }
    } else {
      for (let i = 0; i < n; i++) out[i] = halfToFloat(view.getUint16(i * 2, true));
    }
    return { shape: [...e.shape], data: out };
  }
}

export function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

export function readSafetensors(bytes: Uint8Array, source?: string): SafetensorsFile {
  return new SafetensorsFile(bytes, source);
}

/** Serialise tensors as F32 safetensors (keys in the given order; header padded to 8 bytes). */
export function writeSafetensors(tensors: Record<string, Tensor>, metadata?: Record<string, string>): Uint8Array {
  const header: Record<string, unknown> = {};
  if (metadata) header.__metadata__ = metadata;
  let offset = 0;
  const names = Object.keys(tensors);
  for (const name of names) {
    const t = tensors[name];
    if (t.data.length !== numel(t.shape)) throw new Error(`tensor '${name}': ${t.data.length} values do not fill shape ${formatShape(t.shape)}`);
    header[name] = { dtype: 'F32', shape: t.shape, data_offsets: [offset, offset + t.data.length * 4] };
    offset += t.data.length * 4;
  }
  let json = JSON.stringify(header);
  while ((8 + json.length) % 8 !== 0) json += ' ';
  const hb = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + hb.length + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(hb.length), true);
  out.set(hb, 8);
  let p = 8 + hb.length;
  for (const name of names) {
    const d = tensors[name].data;
    for (let i = 0; i < d.length; i++) view.setFloat32(p + i * 4, d[i], true);
    p += d.length * 4;
  }
  return out;
}
