// "rnnlens: Run Sample Forward Pass": picks the layer (code lens argument, the one under the cursor, or a
// quick pick), asks for the sizes the code leaves open, asks the server to run it with progress and
// cancellation, and shows the result panel.
import * as vscode from 'vscode';
import type { BaseLanguageClient as LanguageClient } from 'vscode-languageclient';
import { Commands, ListLayersRequest, RunSampleRequest, type LayerSummary, type RunSampleCommandArgs, type RunSampleParams, type RunSampleResult } from '../../server/src/protocol';
import type { ResultPanels } from './resultPanel';
import { runWithProgress } from './runWithProgress';
import { parseSizes, sizesPrefill } from './sizes';
import { weightsParams, type WeightsStore } from './weights';

async function askSizes(target: string, missing: readonly string[]): Promise<Record<string, number | boolean> | undefined> {
  const value = sizesPrefill(missing);
  const first = value.indexOf('=') + 1;
  const answer = await vscode.window.showInputBox({
    title: `rnnlens: sizes for a sample run of ${target}`,
    prompt: `The code leaves ${missing.join(', ')} open: give a value for each`,
    value,
    valueSelection: [first, first],
    validateInput: (text) => {
      const r = parseSizes(text, missing);
      return 'error' in r ? r.error : undefined;
    },
  });
  if (answer === undefined) return undefined;
  const r = parseSizes(answer, missing);
  return 'sizes' in r ? r.sizes : undefined;
}

async function chooseLayer(client: LanguageClient, editor: vscode.TextEditor): Promise<LayerSummary | undefined> {
  const uri = editor.document.uri.toString();
  const layers = await client.sendRequest(ListLayersRequest, { uri });
  if (layers.length === 0) {
    void vscode.window.showInformationMessage('rnnlens: no recurrent layer (nn.RNN/LSTM/GRU or a cell) is declared here.');
    return undefined;
  }
  const cursor = editor.selection.active;
  const under = layers.find((l) => l.inDocument && client.protocol2CodeConverter.asRange(l.range).contains(cursor));
  if (under) return under;
  if (layers.length === 1) return layers[0];
  const picked = await vscode.window.showQuickPick(
    layers.map((l) => ({ label: l.target, description: l.detail, detail: l.runnable ? undefined : l.missing.length > 0 ? `asks for ${l.missing.join(', ')}` : 'not valid as written (see its diagnostics)', layer: l })),
    { placeHolder: 'Run a sample forward pass of which layer?' },
  );
  return picked?.layer;
}

export function registerRunSample(
  getClient: () => LanguageClient | undefined,
  weights: WeightsStore,
  panels: ResultPanels,
  output: vscode.OutputChannel,
): vscode.Disposable {
  return vscode.commands.registerCommand(Commands.runSample, async (args?: RunSampleCommandArgs): Promise<RunSampleResult | undefined> => {
    const client = getClient();
    if (!client || !client.isRunning()) {
      void vscode.window.showErrorMessage('rnnlens: the language server is not running.');
      return undefined;
    }
    let uri: string;
    let target: string;
    let missing: readonly string[] = [];
    let position = args?.position;
    if (args) {
      uri = args.uri;
      target = args.target;
      missing = args.missing ?? [];
    } else {
      const editor = vscode.window.activeTextEditor;
      if (!editor || editor.document.languageId !== 'python') {
        void vscode.window.showInformationMessage('rnnlens: open a Python file (or notebook cell) that declares a recurrent layer.');
        return undefined;
      }
      const layer = await chooseLayer(client, editor);
      if (!layer) return undefined;
      uri = editor.document.uri.toString();
      target = layer.target;
      missing = layer.missing;
      // on a call of the layer, that call's tensors are fed
      position = client.code2ProtocolConverter.asPosition(editor.selection.active);
    }
    // a layer whose sizes the code leaves open: ask for them
    let sizes: Record<string, number | boolean> | undefined;
    if (missing.length > 0) {
      sizes = await askSizes(target, missing);
      if (!sizes) return undefined;
    }
    const config = vscode.workspace.getConfiguration('rnnlens', vscode.Uri.parse(uri));
    const chosen = weights.get(uri, target);
    const params: Omit<RunSampleParams, 'workDoneToken'> = {
      uri,
      target,
      batchSize: config.get<number>('sample.batchSize'),
      sequenceLength: config.get<number>('sample.sequenceLength'),
      seed: config.get<number>('sample.seed'),
      memoryLimitMB: config.get<number>('engine.memoryLimitMB'),
      ...(await weightsParams(chosen)),
      ...(sizes ? { sizes } : {}),
      ...(position ? { position } : {}),
    };
    const result = await runWithProgress(client, target, output, (workDoneToken, token) => client.sendRequest(RunSampleRequest, { ...params, workDoneToken }, token));
    if (!result) return undefined;
    panels.show(uri, result);
    return result;
  });
}
