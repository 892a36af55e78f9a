// Inlay hints from the facts: `: (N, L, 40)` after each assignment target whose shape is known — the
// concrete shape wherever every call that reaches the line agrees on one, on every line alike.
import { InlayHintKind, type InlayHint, type Range } from 'vscode-languageserver';
import type { AnalysisResult, Position } from '../analysis/facts';
import { shapeLabel } from '../analysis/facts';
import { shapeHover } from './hover';

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

/** Hints for the shapes bound inside `range` (all of them when no range is given). */
export function inlayHintsIn(result: AnalysisResult, range?: Range): InlayHint[] {
  return result.shapes
    .filter((s) => !range || (!before(s.range.end, range.start) && !before(range.end, s.range.start)))
    .map((s) => ({
      position: s.range.end,
      label: `: ${shapeLabel(s)}`,
      kind: InlayHintKind.Type,
      tooltip: { kind: 'markdown', value: shapeHover(s) },
    }));
}
