// The VS Code side of rnnlens: starts the language server (dist/server.js over Node IPC) for Python files
// and Jupyter notebooks, and registers the commands (restart, run sample, pick weights, show output).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, State, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { Commands } from '../../server/src/protocol';
import { ResultPanels } from './resultPanel';
import { registerRunSample } from './runSample';
import { registerPickWeights, WeightsStore } from './weights';

let client: LanguageClient | undefined;

/** What activate() returns: used by the extension tests, harmless for other extensions. */
export interface RnnlensApi {
  client(): LanguageClient | undefined;
  panels: ResultPanels;
}

export async function activate(context: vscode.ExtensionContext): Promise<RnnlensApi> {
  const output = vscode.window.createOutputChannel('rnnlens');
  context.subscriptions.push(output);

  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
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
  client = new LanguageClient('rnnlens', 'rnnlens', serverOptions, clientOptions);

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
  return { client: () => client, panels };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
