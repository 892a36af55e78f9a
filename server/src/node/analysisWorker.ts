// worker_threads entry of the analysis (bundled to dist/analysis-worker.js): loads the parser, keeps the
// project's index (one analyzer per file, so re-parses stay incremental; imports followed across the
// workspace's files) and answers the host's messages in order.
import { parentPort } from 'node:worker_threads';
import { loadAnalyzer } from './analyzer';
import { WorkspaceAnalyses } from './workspaceAnalyses';
import type { HostMessage, WorkerMessage } from './analysisProtocol';
import { summarizeModule } from '../concrete/moduleSummary';

const port = parentPort;
if (!port) throw new Error('rnnlens: analysisWorker must run in a worker thread');

let workspace = new WorkspaceAnalyses();
const post = (m: WorkerMessage): void => port.postMessage(m);

function handle(m: HostMessage): void {
  if (m.type === 'workspace') {
    workspace = new WorkspaceAnalyses(m.folders, m.extraRoots, m.files);
    return;
  }
  if (m.type === 'fileChanged') {
    workspace.fileChanged(m.uri, m.deleted);
    return;
  }
  if (m.type === 'close') {
    workspace.close(m.key);
    return;
  }
  if (m.type === 'summary') {
    let summary;
    try {
      summary = summarizeModule(m.text, m.module, workspace.contextOf(m.key));
    } catch (e) {
      summary = `the summary failed: ${e instanceof Error ? e.message : String(e)}`;
    }
    post({ type: 'summary', id: m.id, summary });
    return;
  }
  try {
    // (without `changes` the text is taken afresh; the worker may be new and not hold the previous one)
    const result = workspace.update(m.key, m.text, m.changes, m.limits);
    post({ type: 'result', id: m.id, result, affected: workspace.affectedBy(m.key) });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    // An emscripten abort (or any WebAssembly trap: a RuntimeError) leaves the parser's module unusable.
    const parser = (e instanceof Error && e.name === 'RuntimeError') || /Aborted\(/.test(message);
    workspace.forget(m.key);
    post({ type: 'failed', id: m.id, message, parser });
  }
}

loadAnalyzer().then(
  () => {
    port.on('message', handle);
    post({ type: 'ready' });
  },
  (e: unknown) => post({ type: 'loadFailed', message: e instanceof Error ? e.message : String(e) }),
);
