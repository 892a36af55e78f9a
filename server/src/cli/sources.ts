// Reads a file given to the CLI as one Python program: .py as is, .ipynb as its code cells joined in
// order (analysed as one program), with a map from program lines back to file or cell lines. Reads only
// regular files, at most a size limit, decoded as Python would (textDecoding.ts).
import * as fs from 'node:fs';
import { cellAtLine, joinIpynb } from '../analysis/notebook';
import { decodeSource } from './textDecoding';
import { errnoText } from './walk';

export interface ProgramSource {
  text: string;
  /** A program line (0-based) as a line in the file, or in a notebook cell (cell = its index in the notebook). */
  map(line: number): { line: number; cell?: number };
}

export function sourceOf(file: string, content: string): ProgramSource {
  if (!file.endsWith('.ipynb')) return { text: content, map: (line) => ({ line }) };
  let program;
  try {
    program = joinIpynb(content);
  } catch (e) {
    throw new Error(`not a readable notebook: ${e instanceof Error ? e.message : String(e)}`);
  }
  return {
    text: program.text,
    map: (line) => {
      const cell = cellAtLine(program, line);
      return cell ? { line: line - cell.startLine, cell: cellIndex(cell.id, cell.index) } : { line };
    },
  };
}

/** The notebook cell index (0-based, markdown cells counted) from the `cell N` id joinIpynb gives. */
function cellIndex(id: string, fallback: number): number {
  const m = /^cell (\d+)$/.exec(id);
  return m ? Number(m[1]) - 1 : fallback;
}

/** The default of `--max-file-size`: 2 MB (like the server's file size setting). */
export const DEFAULT_MAX_FILE_BYTES = 2 * 1024 * 1024;

export type ReadOutcome =
  | { ok: true; source: ProgramSource }
  /** skipped: over the size limit (said, exit code unchanged); else unreadable input (exit code 2). */
  | { ok: false; skipped: boolean; reason: string };

/**
 * Reads and decodes one file. Opens without blocking and reads only a regular file (a FIFO or a device
 * given by name is refused before any read), and never more than `maxBytes` + 1 bytes.
 */
export function readSourceFile(file: string, maxBytes: number): ReadOutcome {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch (e) {
    return { ok: false, skipped: false, reason: `cannot read: ${errnoText(e)}` };
  }
  let bytes: Uint8Array;
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) return { ok: false, skipped: false, reason: 'not read: not a regular file' };
    if (st.size > maxBytes) return tooLarge(st.size, maxBytes);
    const buf = Buffer.alloc(Math.min(st.size, maxBytes) + 1);
    let n = 0;
    for (let r = -1; r !== 0 && n < buf.length; n += r) r = fs.readSync(fd, buf, n, buf.length - n, null);
    if (n > maxBytes) return tooLarge(n, maxBytes);
    if (n === buf.length) return { ok: false, skipped: false, reason: 'cannot read: the file grew while it was read' };
    bytes = buf.subarray(0, n);
  } catch (e) {
    return { ok: false, skipped: false, reason: `cannot read: ${errnoText(e)}` };
  } finally {
    fs.closeSync(fd);
  }
  const decoded = decodeSource(bytes);
  if (!decoded.ok) return { ok: false, skipped: false, reason: decoded.reason };
  try {
    return { ok: true, source: sourceOf(file, decoded.text) };
  } catch (e) {
    return { ok: false, skipped: false, reason: e instanceof Error ? e.message : String(e) };
  }
}

function tooLarge(size: number, maxBytes: number): ReadOutcome {
  return { ok: false, skipped: true, reason: `${formatBytes(size)} is over the ${formatBytes(maxBytes)} limit (raise it with --max-file-size, e.g. --max-file-size ${Math.ceil(size / 2 ** 20) + 1}MB)` };
}

/** `2 MB`, `512 KB`, `1.5 MB`, `100 bytes` (1 MB = 1024 KB). */
export function formatBytes(n: number): string {
  if (n >= 2 ** 20) return `${+(n / 2 ** 20).toFixed(1)} MB`;
  if (n >= 2 ** 10) return `${+(n / 2 ** 10).toFixed(1)} KB`;
  return `${n} bytes`;
}

/** `--max-file-size` values: bytes, or a number with K/KB/M/MB/G/GB (1024-based); undefined when invalid. */
export function parseByteSize(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*(b|k|kb|m|mb|g|gb)?$/i.exec(text.trim());
  if (!m) return undefined;
  const unit = (m[2] ?? 'b').toLowerCase()[0]!;
  const n = Math.floor(Number(m[1]) * (unit === 'k' ? 2 ** 10 : unit === 'm' ? 2 ** 20 : unit === 'g' ? 2 ** 30 : 1));
  return n >= 1 ? n : undefined;
}
