// The language server as a Node process runs it (dist/server.js, `rnnlens lsp`): a connection over IPC
// or stdio, the parser's WASM and the engine's kernels read from disk, sample runs in worker_threads.
import { createConnection, ProposedFeatures, type Connection } from 'vscode-languageserver/node';
import { runSample } from '../../../engine/src/index';
import { startServer } from '../lsp/server';
import { loadAnalyzer } from './analyzer';

/** Starts the server on the transport named on the command line (`--node-ipc`, `--stdio`, …). */
export function startNodeServer(): Connection {
  const loading = loadAnalyzer(); // starts at once; the server awaits it after initialize
  loading.catch(() => undefined); // reported by the server
  return startServer(createConnection(ProposedFeatures.all), {
    loadAnalyzer: () => loading,
    runSample,
    instanceId: process.pid,
  });
}
