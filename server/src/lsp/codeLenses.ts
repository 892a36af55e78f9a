// Code lenses: `▶ Run sample` above each recurrent layer declaration, firing the rnnlens.runSample command
// (which first asks for the sizes the code leaves open), and `▶ Run model` above each model class the file builds.
import type { CodeLens } from 'vscode-languageserver';
import type { AnalysisResult } from '../analysis/facts';
import { Commands, type RunModelCommandArgs, type RunSampleCommandArgs } from '../protocol';
import { missingNames } from './sampleInputs';

export function runSampleLenses(uri: string, result: AnalysisResult): CodeLens[] {
  // a layer torch would reject (its diagnostics say why) gets no lens: it cannot run
  return result.modules.filter((m) => m.spec || missingNames(m).length > 0).map((m) => {
    const line = m.statementRange.start.line;
    const range = { start: { line, character: m.statementRange.start.character }, end: { line, character: m.statementRange.start.character } };
    const args: RunSampleCommandArgs = { uri, target: m.target, position: m.statementRange.start };
    if (!m.spec) {
      // a layer the code leaves sizes open for asks for them
      const missing = missingNames(m);
      return { range, command: { title: `▶ Run sample (asks for ${missing.join(', ')})`, command: Commands.runSample, arguments: [{ ...args, missing }] } };
    }
    return { range, command: { title: '▶ Run sample', command: Commands.runSample, arguments: [args] } };
  });
}

export function runModelLenses(uri: string, result: AnalysisResult): CodeLens[] {
  return (result.models ?? []).map((m) => {
    const at = m.statementRange.start;
    const args: RunModelCommandArgs = { uri, module: m.name };
    return { range: { start: at, end: at }, command: { title: '▶ Run model', command: Commands.runModel, arguments: [args] } };
  });
}
