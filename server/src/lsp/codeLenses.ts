// Code lenses: `▶ Run sample` above each recurrent layer declaration, firing the rnnlens.runSample command
// (which first asks for the sizes the code leaves open).
import type { CodeLens } from 'vscode-languageserver';
import type { AnalysisResult } from '../analysis/facts';
import { Commands, type RunSampleCommandArgs } from '../protocol';
import { missingNames } from './sampleInputs';

export function runSampleLenses(uri: string, result: AnalysisResult): CodeLens[] {
  return result.modules.map((m) => {
    const line = m.statementRange.start.line;
    const range = { start: { line, character: m.statementRange.start.character }, end: { line, character: m.statementRange.start.character } };
    const args: RunSampleCommandArgs = { uri, target: m.target, position: m.statementRange.start };
    if (!m.spec) {
      const missing = missingNames(m);
      // a layer the code leaves sizes open for asks for them (an invalid one has its diagnostics instead)
      if (missing.length === 0) return { range, command: { title: `▶ Run sample: ${m.target} is not valid as written`, command: '' } };
      return { range, command: { title: `▶ Run sample (asks for ${missing.join(', ')})`, command: Commands.runSample, arguments: [{ ...args, missing }] } };
    }
    return { range, command: { title: '▶ Run sample', command: Commands.runSample, arguments: [args] } };
  });
}
