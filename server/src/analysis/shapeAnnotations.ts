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

/** `# x: (B, T, 10)` comments anywhere in the body (before the first use is the convention). */
export function commentShapes(body: Node): Map<string, DimEntry[]> {
  const out = new Map<string, DimEntry[]>();
  const src = body.text.slice(0, 4000);
  const re = /#\s*([A-Za-z_]\w*)\s*:\s*\(([^)]*)\)/g;
  for (let m = re.exec(src); m; m = re.exec(src)) {
    const dims = entries(m[2]!.split(',').map((s) => s.trim()).filter((s) => s.length > 0).map(parseDimToken));
    if (dims && !out.has(m[1]!)) out.set(m[1]!, dims);
  }
  return out;
}
