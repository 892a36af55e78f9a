// A minimal reader of the zip archives torch.save writes: the central directory (zip64 included) and
// stored (uncompressed) entries, returned as views of the file's bytes. Every offset is bounds-checked.

export interface ZipEntry {
  name: string;
  /** 0 = stored; anything else is compressed and its data are not readable here (see `storedData`). */
  method: number;
  data: Uint8Array;
}

/** An entry's bytes; refuses a compressed entry (torch.save stores every entry uncompressed). */
export function storedData(entry: ZipEntry, source: string): Uint8Array {
  if (entry.method !== 0) throw new Error(`${source}: not a readable torch.save archive: entry ${entry.name} is compressed (method ${entry.method}); torch.save stores its entries uncompressed`);
  return entry.data;
}

const SIG_EOCD = 0x06054b50, SIG_ZIP64_LOCATOR = 0x07064b50, SIG_ZIP64_EOCD = 0x06064b50, SIG_CENTRAL = 0x02014b50, SIG_LOCAL = 0x04034b50;

export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/** The entries of a zip archive by name; encrypted or out-of-bounds entries are refused. */
export function readZip(bytes: Uint8Array, source: string): Map<string, ZipEntry> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const bad = (why: string): Error => new Error(`${source}: not a readable torch.save archive: ${why}`);
  const u16 = (at: number): number => view.getUint16(at, true);
  const u32 = (at: number): number => view.getUint32(at, true);
  const u64 = (at: number): number => {
    const v = view.getBigUint64(at, true);
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw bad(`a 64-bit field at byte ${at} is out of range`);
    return Number(v);
  };
  const need = (at: number, len: number, what: string): void => {
    if (at < 0 || at + len > bytes.length) throw bad(`${what} at byte ${at} runs past the end of the file (${bytes.length} bytes)`);
  };
  // End of central directory: the last 22+ bytes (a comment of up to 65535 bytes may follow it).
  let eocd = -1;
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 65535); at--) {
    if (u32(at) === SIG_EOCD) { eocd = at; break; }
  }
  if (eocd < 0) throw bad('no end-of-central-directory record (truncated?)');
  let count = u16(eocd + 10), cdSize = u32(eocd + 12), cdOffset = u32(eocd + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    const loc = eocd - 20;
    need(loc, 20, 'the zip64 locator');
    if (u32(loc) !== SIG_ZIP64_LOCATOR) throw bad('a zip64 archive without its zip64 locator');
    const z = u64(loc + 8);
    need(z, 56, 'the zip64 end record');
    if (u32(z) !== SIG_ZIP64_EOCD) throw bad('bad zip64 end record signature');
    count = u64(z + 32);
    cdSize = u64(z + 40);
    cdOffset = u64(z + 48);
  }
  need(cdOffset, cdSize, 'the central directory');
  const entries = new Map<string, ZipEntry>();
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    need(p, 46, 'a central directory entry');
    if (u32(p) !== SIG_CENTRAL) throw bad(`bad central directory entry signature at byte ${p}`);
    const flags = u16(p + 8), method = u16(p + 10);
    let size = u32(p + 20), usize = u32(p + 24), local = u32(p + 42);
    const nameLen = u16(p + 28), extraLen = u16(p + 30), commentLen = u16(p + 32);
    need(p + 46, nameLen + extraLen + commentLen, 'a central directory entry');
    const name = new TextDecoder('utf-8').decode(bytes.subarray(p + 46, p + 46 + nameLen));
    // zip64 extended information: the 64-bit values of the fields saturated above, in this order
    for (let e = p + 46 + nameLen; e + 4 <= p + 46 + nameLen + extraLen;) {
      const id = u16(e), len = u16(e + 2);
      if (id === 0x0001) {
        let q = e + 4;
        const next = (): number => { if (q + 8 > e + 4 + len) throw bad(`short zip64 field of ${name}`); const v = u64(q); q += 8; return v; };
        if (usize === 0xffffffff) usize = next();
        if (size === 0xffffffff) size = next();
        if (local === 0xffffffff) local = next();
      }
      e += 4 + len;
    }
    if (flags & 1) throw bad(`entry ${name} is encrypted`);
    if (method === 0 && size !== usize) throw bad(`entry ${name}: stored size ${size} differs from its size ${usize}`);
    need(local, 30, `the local header of ${name}`);
    if (u32(local) !== SIG_LOCAL) throw bad(`bad local header signature of ${name}`);
    const start = local + 30 + u16(local + 26) + u16(local + 28);
    need(start, size, `the data of ${name}`);
    if (entries.has(name)) throw bad(`entry ${name} appears twice`);
    entries.set(name, { name, method, data: bytes.subarray(start, start + size) });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}
