// Applies a quick fix's text edits to a document's text, as an editor would (for the fix-marker runners).
import type { FixFact } from '../../server/src/analysis/facts';

/** The text with a fix's edits applied (edits do not overlap; applied from the end). */
export function applyFix(text: string, fix: FixFact): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }): number =>
    lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  const edits = [...fix.edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const e of edits) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}
