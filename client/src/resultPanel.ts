// The result panels of sample runs: one webview per run, beside the code, titled with the layer, file
// and line; its buttons copy the result as Markdown and save the outputs as .safetensors (asked from the
// server by run id, written with vscode.workspace.fs after a save dialog).
import * as vscode from 'vscode';
import type { BaseLanguageClient as LanguageClient } from 'vscode-languageclient';
import { fromBase64, toBase64 } from '../../server/src/base64';
import { SampleOutputsRequest, type RunModelResult, type RunSampleResult } from '../../server/src/protocol';
import { renderModelPanelHtml, renderPanelHtml, type PanelMessage, type PanelSource } from './panelHtml';
import { renderModelReport, renderSampleReport } from './sampleReport';

/** What a panel shows: the run of one recurrent layer, or of a whole model. */
export type RunResultShown = RunSampleResult | RunModelResult;

const isModelRun = (r: RunResultShown): r is RunModelResult => r.kind === 'model';

export interface ShownPanel {
  panel: vscode.WebviewPanel;
  result: RunResultShown;
  html: string;
  markdown: string;
}

function nonce(): string {
  const bytes = new Uint8Array(18);
  globalThis.crypto.getRandomValues(bytes);
  return toBase64(bytes).replace(/[^A-Za-z0-9]/g, '');
}

export class ResultPanels implements vscode.Disposable {
  static readonly viewType = 'rnnlens.sampleRun';
  private readonly open = new Set<vscode.WebviewPanel>();
  /** The last panel shown (the extension tests read it). */
  last: ShownPanel | undefined;

  constructor(private readonly getClient: () => LanguageClient | undefined, private readonly output: vscode.OutputChannel) {}

  show(documentUri: string, result: RunResultShown): ShownPanel {
    const uri = vscode.Uri.parse(documentUri);
    const file = vscode.workspace.asRelativePath(uri, false);
    const src: PanelSource = { file, line: result.line + 1, ...(result.callLine !== undefined ? { callLine: result.callLine + 1 } : {}) };
    const base = file.split('/').pop() ?? file;
    const panel = vscode.window.createWebviewPanel(
      ResultPanels.viewType,
      `${result.target} · ${base}:${src.line}`,
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      { enableScripts: true, localResourceRoots: [], retainContextWhenHidden: false },
    );
    const label = `${file}:${src.line} — ${result.target}`;
    const markdown = isModelRun(result) ? renderModelReport(result, label) : renderSampleReport(result, label);
    // nothing is loaded from anywhere: no resource roots, the CSP allows only the nonce'd style and script
    const html = isModelRun(result) ? renderModelPanelHtml(result, src, nonce()) : renderPanelHtml(result, src, nonce());
    panel.webview.html = html;
    panel.webview.onDidReceiveMessage((m: PanelMessage) => void this.onMessage(panel, m, result, markdown, documentUri));
    this.open.add(panel);
    panel.onDidDispose(() => {
      this.open.delete(panel);
      if (this.last?.panel === panel) this.last = undefined;
    });
    this.last = { panel, result, html, markdown };
    return this.last;
  }

  private async onMessage(panel: vscode.WebviewPanel, m: PanelMessage, result: RunResultShown, markdown: string, documentUri: string): Promise<void> {
    const status = (text: string) => void panel.webview.postMessage({ type: 'status', text });
    if (m.type === 'copyMarkdown') {
      try {
        await vscode.env.clipboard.writeText(markdown);
        status('Copied.');
      } catch (err) {
        status(`Could not copy: ${err instanceof Error ? err.message : String(err)}`);
      }
    } else if (m.type === 'saveOutputs') {
      const saved = await this.saveOutputs(result, documentUri);
      if (saved) status(`Saved ${vscode.workspace.asRelativePath(saved, false)}.`);
    }
  }

  /** Asks where, fetches the run's outputs from the server and writes them; the written file, or undefined when cancelled or failed. */
  async saveOutputs(result: RunResultShown, documentUri: string, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
    const client = this.getClient();
    if (!client) return undefined;
    const doc = vscode.Uri.parse(documentUri);
    const folder = vscode.workspace.getWorkspaceFolder(doc)?.uri ?? vscode.Uri.joinPath(doc, '..');
    const file = target ?? (await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.joinPath(folder, `${result.target.replace(/[^\w.-]+/g, '_')}-sample-outputs.safetensors`),
      filters: { safetensors: ['safetensors'] },
      saveLabel: 'Save outputs',
    }));
    if (!file) return undefined;
    try {
      const { safetensors } = await client.sendRequest(SampleOutputsRequest, { runId: result.runId });
      await vscode.workspace.fs.writeFile(file, fromBase64(safetensors));
      return file;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.output.appendLine(`rnnlens: saving the outputs of ${result.target} failed: ${message}`);
      void vscode.window.showErrorMessage(`rnnlens: saving the outputs of ${result.target} failed: ${message}`);
      return undefined;
    }
  }

  dispose(): void {
    for (const p of this.open) p.dispose();
    this.open.clear();
  }
}
