// Entry of dist/web/extension.js (VS Code for the Web: vscode.dev, github.dev): the language server
// (dist/web/server.js) runs in a Web Worker, and is told where to fetch its WASM under the extension's URI.
import * as vscode from 'vscode';
import { BaseLanguageClient, BrowserMessageReader, BrowserMessageWriter, type LanguageClientOptions, type MessageTransports } from 'vscode-languageclient/browser';
import type { BrowserAssets } from '../../server/src/protocol';
import { activateWith, type RnnlensApi } from './extension';

export { deactivate } from './extension';

// The DOM Worker (the project's lib settings carry no DOM types).
type DomWorker = ConstructorParameters<typeof BrowserMessageReader>[0] & { terminate(): void };
const WorkerClass = (globalThis as unknown as { Worker: new (url: string) => DomWorker }).Worker;

/**
 * vscode-languageclient/browser's LanguageClient, except that every start runs the server in a new Web
 * Worker (the previous one is terminated), so a restart gives a fresh server as a new process does in Node.
 */
class WebWorkerLanguageClient extends BaseLanguageClient {
  private worker: DomWorker | undefined;

  constructor(id: string, name: string, clientOptions: LanguageClientOptions, private readonly serverUrl: string) {
    super(id, name, clientOptions);
  }

  protected createMessageTransports(): Promise<MessageTransports> {
    this.worker?.terminate();
    const worker = new WorkerClass(this.serverUrl);
    this.worker = worker;
    return Promise.resolve({ reader: new BrowserMessageReader(worker), writer: new BrowserMessageWriter(worker) });
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }
}

/**
 * A URL a Worker or fetch can load. On vscode.dev and for an extension installed from an https location
 * the extension's URI is already one. An extension installed into a VS Code server's extensions folder
 * has a vscode-remote: URI, which the extension host's fetch resolves (to the server's http URL) but the
 * Worker constructor refuses, so its final URL is used.
 */
async function loadableUrl(uri: vscode.Uri): Promise<string> {
  if (uri.scheme === 'https' || uri.scheme === 'http') return uri.toString(true);
  return (await fetch(uri.toString(true), { method: 'HEAD' })).url;
}

export function activate(context: vscode.ExtensionContext): Promise<RnnlensApi> {
  return activateWith(context, async (clientOptions) => {
    // the web bundles are in dist/web/; the WASM files in dist/, shared with the Node build
    const at = (...file: string[]): Promise<string> => loadableUrl(vscode.Uri.joinPath(context.extensionUri, 'dist', ...file));
    const assets: BrowserAssets = {
      treeSitterWasm: await at('tree-sitter.wasm'),
      pythonWasm: await at('tree-sitter-python.wasm'),
      engineWorker: await at('web', 'engine-worker.js'),
      engineWasm: await at('rnnlens-engine.wasm'),
      engineRelaxedWasm: await at('rnnlens-engine-relaxed.wasm'),
      modelRunWorker: await at('web', 'model-run-worker.js'),
    };
    const options = { ...clientOptions, initializationOptions: { ...(clientOptions.initializationOptions as object | undefined), assets } };
    return new WebWorkerLanguageClient('rnnlens', 'rnnlens', options, await at('web', 'server.js'));
  });
}
