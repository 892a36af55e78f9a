// worker_threads entry of the analysis (bundled to dist/analysis-worker.js): loads the parser, keeps one
// DocumentAnalyzer per document (so re-parses stay incremental) and answers the host's messages in order.
import { parentPort } from 'node:worker_threads';
import { DocumentAnalyzer, fileId } from '../analysis/analyze';
import { loadAnalyzer } from './analyzer';
import type { HostMessage, WorkerMessage } from './analysisProtocol';

const port = parentPort;
if (!port) throw new Error('rnnlens: analysisWorker must run in a worker thread');

const docs = new Map<string, DocumentAnalyzer>();
const post = (m: WorkerMessage): void => port.postMessage(m);

function handle(m: HostMessage): void {
  if (m.type === 'close') {
    docs.get(m.key)?.dispose();
    docs.delete(m.key);
    return;
  }
  let doc = docs.get(m.key);
  let changes = m.changes;
  if (!doc) {
    // A document this worker has not seen (new, or the worker was restarted): parse from scratch.
    doc = new DocumentAnalyzer(fileId(m.file));
    docs.set(m.key, doc);
    changes = undefined;
  }
  try {
    post({ type: 'result', id: m.id, result: doc.update(m.text, changes, m.limits) });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    // An emscripten abort (or any WebAssembly trap: a RuntimeError) leaves the parser's module unusable.
    const parser = (e instanceof Error && e.name === 'RuntimeError') || /Aborted\(/.test(message);
    doc.dispose();
    docs.delete(m.key);
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
