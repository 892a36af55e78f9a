// Entry of dist/client.js (desktop VS Code and remote Node extension hosts): the language server is
// dist/server.js, started as a Node process over IPC.
import * as path from 'node:path';
import type * as vscode from 'vscode';
import { LanguageClient, TransportKind, type ServerOptions } from 'vscode-languageclient/node';
import { activateWith, type RnnlensApi } from './extension';

export { deactivate } from './extension';

export function activate(context: vscode.ExtensionContext): Promise<RnnlensApi> {
  return activateWith(context, async (clientOptions) => {
    const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
    const serverOptions: ServerOptions = {
      run: { module: serverModule, transport: TransportKind.ipc },
      debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
    };
    return new LanguageClient('rnnlens', 'rnnlens', serverOptions, clientOptions);
  });
}
