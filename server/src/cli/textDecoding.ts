// Turns the bytes of a source file into text as Python would read them: a UTF-8 or UTF-16 byte-order
// mark, else a PEP 263 `coding:` comment on line 1 or 2, else UTF-8; says why when it cannot.

export type Decoded = { ok: true; text: string } | { ok: false; reason: string };

/** Decodes a .py or .ipynb file's bytes; a failure's reason starts with `cannot decode`. */
export function decodeSource(bytes: Uint8Array): Decoded {
  const b = bytes;
  if ((b[0] === 0xff && b[1] === 0xfe && b[2] === 0 && b[3] === 0) || (b[0] === 0 && b[1] === 0 && b[2] === 0xfe && b[3] === 0xff)) {
    return { ok: false, reason: 'cannot decode: UTF-32 is not supported (save the file as UTF-8)' };
  }
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return decodeAs('utf-8', b.subarray(3), 'UTF-8 (with BOM)');
  if (b[0] === 0xff && b[1] === 0xfe) return decodeAs('utf-16le', b.subarray(2), 'UTF-16 LE');
  if (b[0] === 0xfe && b[1] === 0xff) return decodeAs('utf-16le', swapPairs(b.subarray(2)), 'UTF-16 BE');
  const declared = codingCookie(b);
  if (declared !== undefined) {
    const label = whatwgLabel(declared);
    let ok = true;
    try {
      new TextDecoder(label);
    } catch {
      ok = false;
    }
    if (!ok) return { ok: false, reason: `cannot decode: unknown encoding '${declared}' declared in the coding comment` };
    return decodeAs(label, b, declared);
  }
  return decodeAs('utf-8', b, 'UTF-8');
}

function decodeAs(label: string, bytes: Uint8Array, name: string): Decoded {
  if (label === 'utf-16le' && bytes.length % 2 === 1) return { ok: false, reason: `cannot decode: not ${name} (odd number of bytes)` };
  let text: string;
  try {
    text = new TextDecoder(label, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    const hint = label === 'utf-8' && name === 'UTF-8' ? ' and no encoding declared (save it as UTF-8 or add `# -*- coding: <name> -*-`)' : '';
    return { ok: false, reason: `cannot decode: not ${name}${hint}` };
  }
  if (text.includes('\0')) {
    return { ok: false, reason: looksLikeUtf16(bytes) ? 'cannot decode: looks like UTF-16 without a byte-order mark (save it as UTF-8)' : 'cannot decode: contains NUL bytes (a binary file?)' };
  }
  return { ok: true, text };
}

/** The encoding named by a PEP 263 comment on line 1 or 2 (`# -*- coding: latin-1 -*-`), if any. */
function codingCookie(bytes: Uint8Array): string | undefined {
  const head = String.fromCharCode(...bytes.subarray(0, 400)).split(/\r\n|\r|\n/);
  for (const line of head.slice(0, 2)) {
    const m = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/.exec(line);
    if (m) return m[1];
    // Python reads line 2's comment only when line 1 is blank or a comment
    if (!/^[ \t\f]*(#.*)?$/.test(line)) return undefined;
  }
  return undefined;
}

/** Python's codec names (`utf_8`, `latin-1`, `utf-8-sig`) as WHATWG TextDecoder labels. */
function whatwgLabel(name: string): string {
  const n = name.toLowerCase().replace(/_/g, '-');
  if (n === 'utf-8-sig' || n === 'utf8') return 'utf-8';
  if (n === 'latin-1') return 'latin1';
  return n;
}

function swapPairs(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    out[i] = bytes[i + 1]!;
    out[i + 1] = bytes[i]!;
  }
  if (bytes.length % 2 === 1) out[bytes.length - 1] = bytes[bytes.length - 1]!;
  return out;
}

/** NUL in most even or most odd bytes of the start: ASCII text saved as UTF-16 without a BOM. */
function looksLikeUtf16(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 1024) & ~1;
  if (n < 4) return false;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) even++;
    if (bytes[i + 1] === 0) odd++;
  }
  const half = n / 2;
  return (even > 0.6 * half && odd < 0.1 * half) || (odd > 0.6 * half && even < 0.1 * half);
}
