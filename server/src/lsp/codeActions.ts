// Quick fixes: each fix the analysis core computed for a diagnostic becomes a code action linked to it.
import { CodeActionKind, type CodeAction, type Range } from 'vscode-languageserver';
import type { AnalysisResult } from '../analysis/facts';
import { toLspDiagnostic } from './diagnostics';

function overlaps(a: Range, b: Range): boolean {
  const lt = (x: Range['start'], y: Range['start']): boolean => x.line < y.line || (x.line === y.line && x.character < y.character);
  return !lt(a.end, b.start) && !lt(b.end, a.start);
}

/** Code actions for the diagnostics touching `range` in the document `uri`. */
export function quickFixes(uri: string, result: AnalysisResult, range: Range, only?: string[]): CodeAction[] {
  if (only && !only.some((k) => k === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(k + '.') || k === '')) return [];
  const actions: CodeAction[] = [];
  for (const d of result.diagnostics) {
    if (d.fixes.length === 0 || !overlaps(d.range, range)) continue;
    for (const fix of d.fixes) {
      actions.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [toLspDiagnostic(d)],
        isPreferred: d.fixes.length === 1,
        edit: { changes: { [uri]: fix.edits.map((e) => ({ range: e.range, newText: e.newText })) } },
      });
    }
  }
  return actions;
}
