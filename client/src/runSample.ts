// "rnnlens: Run Sample Forward Pass": picks the layer (code lens argument, the one under the cursor, or a
// quick pick), asks the server to run it with progress and cancellation, and shows the result panel.
import * as vscode from 'vscode';
import { LSPErrorCodes, ResponseError, WorkDoneProgress, type BaseLanguageClient as LanguageClient } from 'vscode-languageclient';
import { Commands, ListLayersRequest, RunSampleRequest, type LayerSummary, type RunSampleCommandArgs, type RunSampleParams, type RunSampleResult } from '../../server/src/protocol';
import { renderSampleReport } from './sampleReport';
import { weightsParams, type WeightsStore } from './weights';

/** Read-only documents `rnnlens-sample:/<layer> sample run.md` holding the rendered results. */
export class SampleResultProvider implements vscode.TextDocumentContentProvider {
  static readonly scheme = 'rnnlens-sample';
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  /** The last result shown (the extension tests read it). */
  last: { uri: vscode.Uri; result: RunSampleResult } | undefined;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }

  show(target: string, result: RunSampleResult, text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: SampleResultProvider.scheme, path: `/${target} sample run.md` });
    this.texts.set(uri.toString(), text);
    this.changed.fire(uri);
    this.last = { uri, result };
    return uri;
  }
}

let progressTokens = 0;

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
    layers.map((l) => ({ label: l.target, description: l.detail, detail: l.runnable ? undefined : 'sizes not known statically', layer: l })),
    { placeHolder: 'Run a sample forward pass of which layer?' },
  );
  return picked?.layer;
}

export function registerRunSample(
  getClient: () => LanguageClient | undefined,
  weights: WeightsStore,
  results: SampleResultProvider,
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
    if (args) {
      uri = args.uri;
      target = args.target;
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
    }
    const config = vscode.workspace.getConfiguration('rnnlens', vscode.Uri.parse(uri));
    const chosen = weights.get(uri, target);
    const workDoneToken = `rnnlens-run-${++progressTokens}`;
    const params: RunSampleParams = {
      uri,
      target,
      batchSize: config.get<number>('sample.batchSize'),
      sequenceLength: config.get<number>('sample.sequenceLength'),
      seed: config.get<number>('sample.seed'),
      memoryLimitMB: config.get<number>('engine.memoryLimitMB'),
      ...(await weightsParams(chosen)),
      workDoneToken,
    };
    let result: RunSampleResult;
    try {
      result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `rnnlens: running ${target}`, cancellable: true },
        async (progress, token) => {
          const sub = client.onProgress(WorkDoneProgress.type, workDoneToken, (v) => {
            if (v.kind !== 'end' && v.message) progress.report({ message: v.message });
          });
          try {
            return await client.sendRequest(RunSampleRequest, params, token);
          } finally {
            sub.dispose();
          }
        },
      );
    } catch (err) {
      if (err instanceof ResponseError && err.code === LSPErrorCodes.RequestCancelled) {
        void vscode.window.showInformationMessage(`rnnlens: the sample run of ${target} was cancelled.`);
        return undefined;
      }
      const message = err instanceof Error ? err.message : String(err);
      output.appendLine(`rnnlens: sample run of ${target} failed: ${message}`);
      void vscode.window.showErrorMessage(`rnnlens: sample run of ${target} failed: ${message}`);
      return undefined;
    }
    const label = `${vscode.workspace.asRelativePath(vscode.Uri.parse(uri))} — ${target}`;
    const panel = results.show(target, result, renderSampleReport(result, label));
    const doc = await vscode.workspace.openTextDocument(panel);
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: true });
    return result;
  });
}
