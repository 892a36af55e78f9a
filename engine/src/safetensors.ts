// Reader and writer for the safetensors format (8-byte little-endian header length, JSON header,
// raw little-endian data). Reads F32, F16 and BF16 as float32; writes F32. Errors name the key.
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
const READABLE = new Set(['F32', 'F16', 'BF16']);

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
    let header: unknown;
    try {
      header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerLen)));
    } catch (e) {
      throw new Error(`${source}: malformed header: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (typeof header !== 'object' || header === null || Array.isArray(header)) {
      throw new Error(`${source}: malformed header: expected a JSON object`);
    }
    this.data = bytes.subarray(8 + headerLen);
    const entries = new Map<string, SafetensorsEntry>();
    let metadata: Record<string, string> = {};
    for (const [key, raw] of Object.entries(header as Record<string, unknown>)) {
      if (key === '__metadata__') {
        if (typeof raw === 'object' && raw !== null) metadata = raw as Record<string, string>;
        continue;
      }
      entries.set(key, this.parseEntry(key, raw));
    }
    this.entries = entries;
    this.metadata = metadata;
  }

  private parseEntry(key: string, raw: unknown): SafetensorsEntry {
    const bad = (why: string): Error => new Error(`${this.source}: malformed header entry for tensor '${key}': ${why}`);
    if (typeof raw !== 'object' || raw === null) throw bad('not an object');
    const r = raw as Record<string, unknown>;
    if (typeof r.dtype !== 'string') throw bad('missing dtype');
    if (!Array.isArray(r.shape) || !r.shape.every((d) => Number.isInteger(d) && d >= 0)) throw bad('shape must be a list of non-negative integers');
    const off = r.data_offsets;
    if (!Array.isArray(off) || off.length !== 2 || !off.every((d) => Number.isInteger(d) && d >= 0) || off[0] > off[1]) {
      throw bad('data_offsets must be [begin, end]');
    }
    const shape = r.shape as number[];
    const [begin, end] = off as number[];
    const size = DTYPE_BYTES[r.dtype];
    if (size === undefined) throw bad(`unknown dtype ${r.dtype}`);
    if (end - begin !== numel(shape) * size) {
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

  /** The tensor as float32 (F16/BF16 converted). */
  tensor(key: string): Tensor {
    const e = this.entries.get(key);
    if (!e) throw new Error(`${this.source}: missing tensor '${key}'`);
    if (!READABLE.has(e.dtype)) throw new Error(`${this.source}: tensor '${key}' has dtype ${e.dtype}; rnnlens reads F32, F16 or BF16`);
    const bytes = this.data.subarray(e.begin, e.end);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const n = numel(e.shape);
    const out = new Float32Array(n);
    if (e.dtype === 'F32') {
      for (let i = 0; i < n; i++) out[i] = view.getFloat32(i * 4, true);
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
