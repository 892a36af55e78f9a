// The VS Code side of rnnlens, shared by both builds: starts the language client the entry makes
// (extension.node.ts: dist/server.js over Node IPC; extension.browser.ts: a Web Worker) for Python files
// and Jupyter notebooks, and registers the commands (restart, run sample, pick weights, show output).
import * as vscode from 'vscode';
import { State, type BaseLanguageClient, type LanguageClientOptions } from 'vscode-languageclient';
import { Commands, WorkspaceFilesRequest } from '../../server/src/protocol';
import { ResultPanels } from './resultPanel';
import { registerRunModel } from './runModel';
import { registerRunSample } from './runSample';
import { registerPickWeights, WeightsStore } from './weights';
import { readWorkspaceFiles } from './workspaceFiles';

/** A language client that can restart its server (a new process in Node, a new Web Worker in a browser). */
export type RestartableClient = BaseLanguageClient & { restart(): Promise<void> };

let client: RestartableClient | undefined;

/** What activate() returns: used by the extension tests, harmless for other extensions. */
export interface RnnlensApi {
  client(): BaseLanguageClient | undefined;
  panels: ResultPanels;
  /** The weights files picked per layer (the extension tests set one without the file dialog). */
  weights: WeightsStore;
}

/** Makes the platform's language client (Node IPC or a Web Worker) with the shared client options. */
export type ClientFactory = (clientOptions: LanguageClientOptions) => Promise<RestartableClient>;

export async function activateWith(context: vscode.ExtensionContext, createClient: ClientFactory): Promise<RnnlensApi> {
  const output = vscode.window.createOutputChannel('rnnlens');
  context.subscriptions.push(output);

  const clientOptions: LanguageClientOptions = {
    // Files on disk, unsaved files, virtual workspaces and notebook cells (synced as notebooks).
    documentSelector: ['file', 'untitled', 'vscode-vfs', 'vscode-notebook-cell', 'vscode-remote'].map((scheme) => ({ scheme, language: 'python' })),
    synchronize: {
      configurationSection: 'rnnlens',
      // The project: Python files and the config files models are built from, changed outside the editor.
      fileEvents: vscode.workspace.createFileSystemWatcher('**/*.{py,yaml,yml,json}'),
    },
    // Extra import roots (besides each folder, its src/ and what pyproject.toml names).
    initializationOptions: { extraRoots: vscode.workspace.getConfiguration('rnnlens').get<string[]>('analysis.extraRoots', []) },
    outputChannel: output,
    // The default error handler restarts a crashed server (up to 4 times in 3 minutes).
  };
  client = await createClient(clientOptions);
  // The browser build's server reads the project through the client (the Node server reads the disk).
  context.subscriptions.push(client.onRequest(WorkspaceFilesRequest, (params, token) => readWorkspaceFiles(params, token)));

  const weights = new WeightsStore(context.workspaceState);
  const panels = new ResultPanels(() => client, output);
  context.subscriptions.push(
    panels,
    vscode.commands.registerCommand(Commands.restartServer, async () => {
      output.appendLine('rnnlens: restarting the language server');
      await client?.restart();
    }),
    vscode.commands.registerCommand(Commands.showOutput, () => output.show(true)),
    registerRunSample(() => client, weights, panels, output),
    registerRunModel(() => client, weights, panels, output),
    registerPickWeights(() => client, weights),
  );

  const status = vscode.languages.createLanguageStatusItem('rnnlens.status', { language: 'python' });
  status.name = 'rnnlens';
  status.text = 'rnnlens';
  status.detail = 'starting';
  status.command = { title: 'Show output', command: Commands.showOutput };
  context.subscriptions.push(status);
  context.subscriptions.push(
    client.onDidChangeState((e) => {
      status.detail = e.newState === State.Running ? 'shapes checked' : e.newState === State.Starting ? 'starting' : 'stopped';
      status.severity = e.newState === State.Stopped ? vscode.LanguageStatusSeverity.Warning : vscode.LanguageStatusSeverity.Information;
    }),
  );

  await client.start();
  return { client: () => client, panels, weights };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
