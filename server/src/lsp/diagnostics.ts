// Converts the analysis core's diagnostic facts into LSP diagnostics (source `rnnlens`, stable codes).
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import type { DiagnosticFact, Severity } from '../analysis/facts';

export const diagnosticSource = 'rnnlens';

const severities: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toLspDiagnostic(d: DiagnosticFact): Diagnostic {
  return { range: d.range, severity: severities[d.severity], code: d.code, source: diagnosticSource, message: d.message };
}
