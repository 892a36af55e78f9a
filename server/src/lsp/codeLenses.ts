// Code lenses: `▶ Run sample` above each recurrent layer declaration, firing the rnnlens.runSample command.
import type { CodeLens } from 'vscode-languageserver';
import type { AnalysisResult } from '../analysis/facts';
import { Commands, type RunSampleCommandArgs } from '../protocol';

export function runSampleLenses(uri: string, result: AnalysisResult): CodeLens[] {
  return result.modules.map((m) => {
    const line = m.statementRange.start.line;
    const range = { start: { line, character: m.statementRange.start.character }, end: { line, character: m.statementRange.start.character } };
    if (!m.spec) {
      return { range, command: { title: `▶ Run sample: sizes of ${m.target} not known statically`, command: '' } };
    }
    const args: RunSampleCommandArgs = { uri, target: m.target, position: m.statementRange.start };
    return { range, command: { title: '▶ Run sample', command: Commands.runSample, arguments: [args] } };
  });
}
