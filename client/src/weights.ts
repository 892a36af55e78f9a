// "rnnlens: Pick Weights File": remembers a .safetensors or .pt / .pth file (and key prefix) per declared layer, per
// workspace, for later sample runs of that layer; a run reads the file through vscode.workspace.fs and sends its bytes.
import * as vscode from 'vscode';
import type { BaseLanguageClient as LanguageClient } from 'vscode-languageclient';
import { Commands, ListLayersRequest, type RunSampleCommandArgs, type RunSampleParams } from '../../server/src/protocol';
import { toBase64 } from '../../server/src/base64';

export interface WeightsChoice {
  /** Shown in the result (the file's path). */
  path: string;
  prefix: string;
  /** The file's URI (any scheme VS Code can read: file, vscode-vfs, vscode-remote, …); older choices have only `path`. */
  uri?: string;
}

/** The run request's weights fields: the chosen file read through vscode.workspace.fs (desktop, remote and web alike). */
export async function weightsParams(choice: WeightsChoice | undefined): Promise<Pick<RunSampleParams, 'weightsPath' | 'weightsBase64' | 'weightsPrefix'>> {
  if (!choice) return {};
  const uri = choice.uri !== undefined ? vscode.Uri.parse(choice.uri) : vscode.Uri.file(choice.path);
  const bytes = await vscode.workspace.fs.readFile(uri);
  return { weightsPath: choice.path, weightsBase64: toBase64(bytes), weightsPrefix: choice.prefix };
}

export class WeightsStore {
  private static readonly key = 'rnnlens.weights';
  constructor(private readonly memento: vscode.Memento) {}

  private all(): Record<string, WeightsChoice> {
    return this.memento.get<Record<string, WeightsChoice>>(WeightsStore.key) ?? {};
  }
  get(documentUri: string, target: string): WeightsChoice | undefined {
    return this.all()[`${documentUri}#${target}`];
  }
  async set(documentUri: string, target: string, choice: WeightsChoice | undefined): Promise<void> {
    const all = { ...this.all() };
    if (choice) all[`${documentUri}#${target}`] = choice;
    else delete all[`${documentUri}#${target}`];
    await this.memento.update(WeightsStore.key, all);
  }
}

export function registerPickWeights(getClient: () => LanguageClient | undefined, store: WeightsStore): vscode.Disposable {
  return vscode.commands.registerCommand(Commands.pickWeights, async (args?: RunSampleCommandArgs) => {
    const client = getClient();
    const editor = vscode.window.activeTextEditor;
    const uri = args?.uri ?? editor?.document.uri.toString();
    if (!client || !uri) return undefined;
    let target = args?.target;
    if (!target) {
      const layers = await client.sendRequest(ListLayersRequest, { uri });
      if (layers.length === 0) {
        void vscode.window.showInformationMessage('rnnlens: no recurrent layer is declared in this file.');
        return undefined;
      }
      const picked = layers.length === 1 ? layers[0] : await vscode.window.showQuickPick(layers.map((l) => ({ label: l.target, description: l.detail, layer: l })), { placeHolder: 'Weights for which layer?' }).then((p) => p?.layer);
      target = picked?.target;
    }
    if (!target) return undefined;
    const files = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { 'Weights (safetensors, torch.save)': ['safetensors', 'pt', 'pth'] }, openLabel: `Use for ${target}` });
    const file = files?.[0];
    if (!file) return undefined;
    const prefix = await vscode.window.showInputBox({
      prompt: `Key prefix of ${target}'s tensors in the file (empty when the keys are weight_ih_l0, …)`,
      value: target.replace(/^self\./, '') + '.',
    });
    if (prefix === undefined) return undefined;
    const choice: WeightsChoice = { path: file.scheme === 'file' ? file.fsPath : file.path, prefix, uri: file.toString() };
    await store.set(uri, target, choice);
    void vscode.window.showInformationMessage(`rnnlens: ${target} will run with weights from ${file.fsPath}`);
    return choice;
  });
}
