// "rnnlens: Run Model": runs a whole model of the file (the code lens above its class, or one picked
// from the file's models) on the arguments the file's call builds, with the picked weights if any, and
// shows the result panel (per-layer table, outputs checked against the static shapes).
import * as vscode from 'vscode';
import type { BaseLanguageClient as LanguageClient } from 'vscode-languageclient';
import { Commands, ListModelsRequest, RunModelRequest, type RunModelCommandArgs, type RunModelResult } from '../../server/src/protocol';
import type { ResultPanels } from './resultPanel';
import { runWithProgress } from './runWithProgress';
import { weightsParams, type WeightsStore } from './weights';

async function chooseModel(client: LanguageClient, editor: vscode.TextEditor): Promise<string | undefined> {
  const models = await client.sendRequest(ListModelsRequest, { uri: editor.document.uri.toString() });
  if (models.length === 0) {
    void vscode.window.showInformationMessage('rnnlens: this file builds no model (an nn.Module class with a forward, called in the file).');
    return undefined;
  }
  if (models.length === 1) return models[0]!.name;
  const cursor = editor.selection.active.line;
  // the class the cursor is in (the last one starting above it), else ask
  const above = models.filter((m) => m.line <= cursor).sort((a, b) => b.line - a.line)[0];
  if (above) return above.name;
  const pick = await vscode.window.showQuickPick(models.map((m) => ({ label: m.name, description: `line ${m.line + 1}` })), { title: 'rnnlens: which model to run?' });
  return pick?.label;
}

export function registerRunModel(getClient: () => LanguageClient | undefined, weights: WeightsStore, panels: ResultPanels, output: vscode.OutputChannel): vscode.Disposable {
  return vscode.commands.registerCommand(Commands.runModel, async (args?: RunModelCommandArgs): Promise<RunModelResult | undefined> => {
    const client = getClient();
    if (!client || !client.isRunning()) {
      void vscode.window.showErrorMessage('rnnlens: the language server is not running.');
      return undefined;
    }
    let uri: string;
    let module: string;
    if (args) {
      ({ uri, module } = args);
    } else {
      const editor = vscode.window.activeTextEditor;
      if (!editor || editor.document.languageId !== 'python') {
        void vscode.window.showInformationMessage('rnnlens: open a Python file that builds a model.');
        return undefined;
      }
      const chosen = await chooseModel(client, editor);
      if (!chosen) return undefined;
      uri = editor.document.uri.toString();
      module = chosen;
    }
    const config = vscode.workspace.getConfiguration('rnnlens', vscode.Uri.parse(uri));
    const params = {
      uri,
      module,
      batchSize: config.get<number>('sample.batchSize'),
      sequenceLength: config.get<number>('sample.sequenceLength'),
      seed: config.get<number>('sample.seed'),
      memoryLimitMB: config.get<number>('engine.memoryLimitMB'),
      ...(await weightsParams(weights.get(uri, module))),
    };
    const result = await runWithProgress(client, module, output, (workDoneToken, token) => client.sendRequest(RunModelRequest, { ...params, workDoneToken }, token));
    if (!result) return undefined;
    panels.show(uri, result);
    return result;
  });
}
