// Shapes people write down: jaxtyping-style annotations (`Float[Tensor, "batch seq 10"]`, also as a
// string) and shape comments in a function body (`# x: (B, T, 10)`).
import type { Node } from './syntax';
import { Dim } from './dim';
import type { DimEntry } from './values';

function parseDimToken(tok: string): Dim | undefined {
  const t = tok.trim();
  if (/^\d+$/.test(t)) return Dim.of(Number(t));
  if (/^[A-Za-z_]\w*$/.test(t)) return Dim.sym(t);
  const m = /^(\d+)\s*\*\s*([A-Za-z_]\w*)$/.exec(t) ?? /^([A-Za-z_]\w*)\s*\*\s*(\d+)$/.exec(t);
  if (m) {
    const [a, b] = [m[1]!, m[2]!];
    return /^\d+$/.test(a) ? Dim.sym(b).mul(Dim.of(Number(a))) : Dim.sym(a).mul(Dim.of(Number(b)));
  }
  return undefined;
}

function entries(dims: (Dim | undefined)[]): DimEntry[] | undefined {
  if (dims.length === 0 || dims.some((d) => d === undefined)) return undefined;
  return (dims as Dim[]).map((d) => ({ d, role: 'annotated', why: '' }));
}

/** `Float[Tensor, "batch seq 10"]` (possibly quoted as a whole) → dims. */
export function annotationShape(type: Node): DimEntry[] | undefined {
  const text = type.text.replace(/^["']|["']$/g, '');
  const m = /^\w+\[\s*(?:torch\.)?Tensor\s*,\s*["']([^"']*)["']\s*\]$/.exec(text);
  if (!m) return undefined;
  const toks = m[1]!.trim().split(/\s+/).filter((t) => t.length > 0);
  if (toks.some((t) => t.startsWith('*') || t === '...')) return undefined;
  return entries(toks.map(parseDimToken));
}

/** Comment shapes per definition node (a node is the same object for one parse of the file). */
const readComments = new WeakMap<Node, Map<string, DimEntry[]>>();

/**
 * `# x: (B, T, 10)` comments in a function (before the first use is the convention): a comment that is
 * only that (prose such as `# states: (optional) initial states` is not a shape), with two or more dims
 * or one written `(B,)`. Comments inside nested functions and classes describe their own names.
 */
export function commentShapes(def: Node): Map<string, DimEntry[]> {
  const hit = readComments.get(def);
  if (hit) return hit;
  const out = new Map<string, DimEntry[]>();
  readComments.set(def, out);
  const re = /^\s*#\s*([A-Za-z_]\w*)\s*:\s*\(([^)]*)\)\s*$/;
  const lines = def.text.slice(0, 4000).split('\n');
  let skipBelow = -1; // inside a nested def/class indented more than this
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    const indent = line.length - line.trimStart().length;
    if (skipBelow >= 0) {
      if (indent > skipBelow) continue;
      skipBelow = -1;
    }
    if (/^\s*(async\s+def|def|class)\s/.test(line) || /^\s*@/.test(line)) {
      skipBelow = indent;
      continue;
    }
    const m = re.exec(line);
    if (!m) continue;
    const parts = m[2]!.split(',').map((x) => x.trim());
    const toks = parts.filter((x) => x.length > 0);
    if (toks.length === 1 && parts.length < 2) continue; // `(B)`: prose in parentheses as often as a shape
    const dims = entries(toks.map(parseDimToken));
    if (dims && !out.has(m[1]!)) out.set(m[1]!, dims);
  }
  return out;
}
