// The language server as a Node process runs it (dist/server.js, `rnnlens lsp`): a connection over IPC
// or stdio, analyses in a worker thread (heap limit, time budget) that reads the project from disk,
// sample runs of layers and of whole models in worker_threads.
import { createConnection, ProposedFeatures, type Connection } from 'vscode-languageserver/node';
import { runSample } from '../../../engine/src/index';
import { startServer } from '../lsp/server';
import { AnalysisHost, DEFAULT_HOST_OPTIONS } from './analysisHost';
import { runModelInWorker } from './modelRunHost';

/** Starts the server on the transport named on the command line (`--node-ipc`, `--stdio`, …). */
export function startNodeServer(): Connection {
  return startServer(createConnection(ProposedFeatures.all), {
    createAnalysis: (_connection, _options, log) => new AnalysisHost({ ...DEFAULT_HOST_OPTIONS, log }),
    runSample,
    runModel: runModelInWorker,
    instanceId: process.pid,
  });
}
