// The browser build's project: files the client read (here under github.dev's vscode-vfs:// scheme) are
// indexed like files on disk, so a model file shows the sizes another file builds it with; a watched
// file that changes is read again through the client; documents of other schemes are analysed alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadAnalyzer } from '../../server/src/node/analyzer';
import { formatShape, type AnalysisResult } from '../../server/src/analysis/facts';
import { BrowserProject, splitUri } from '../../server/src/browser/browserProject';
import { InProcessAnalysis } from '../../server/src/browser/inProcessAnalysis';
import type { WorkspaceFile, WorkspaceFilesParams } from '../../server/src/protocol';

const root = 'vscode-vfs://github/octo/repo';
const workspace = path.join(__dirname, '..', 'e2e', 'workspace');
const models = fs.readFileSync(path.join(workspace, 'models_project.py'), 'utf8');
const train = fs.readFileSync(path.join(workspace, 'train_project.py'), 'utf8');

const outIn = (facts: AnalysisResult) => facts.shapes.find((s) => s.name === 'out' && s.range.start.line === 9);

test('splitUri keeps the origin and the path as written', () => {
  assert.deepEqual(splitUri('vscode-vfs://github/octo/repo/a%20b/x.py?q#f'), { origin: 'vscode-vfs://github', path: '/octo/repo/a%20b/x.py' });
  assert.deepEqual(splitUri('file:///home/u/x.py'), { origin: 'file://', path: '/home/u/x.py' });
  assert.equal(splitUri('untitled:Untitled-1'), undefined);
});

test('a model file shows the concrete sizes the training script (closed, read by the client) builds it with', async () => {
  await loadAnalyzer();
  const project = new BrowserProject([root], [], [
    { uri: `${root}/models_project.py`, text: models },
    { uri: `${root}/train_project.py`, text: train },
  ]);
  const out = outIn(project.update(`${root}/models_project.py`, models));
  assert.ok(out, 'out has a shape');
  assert.equal(formatShape(out.concrete ?? []), '(4, 7, 32)');
  // what an edit of the model file affects is named by the editor's URIs
  assert.deepEqual(project.affectedBy(`${root}/models_project.py`), [`${root}/train_project.py`]);
  // a document of another scheme (an untitled buffer) is analysed on its own: no concrete sizes
  const alone = outIn(project.update('untitled:Untitled-1', models));
  assert.ok(alone);
  assert.equal(alone.concrete, undefined);
});

test('the in-process backend asks the client for the files, and again for a watched file that changed', async () => {
  await loadAnalyzer();
  const asked: WorkspaceFilesParams[] = [];
  let trainText = train;
  const requestFiles = async (p: WorkspaceFilesParams) => {
    asked.push(p);
    const files: WorkspaceFile[] = [];
    if (p.folders.length) files.push({ uri: `${root}/models_project.py`, text: models }, { uri: `${root}/train_project.py`, text: trainText });
    for (const u of p.uris) files.push({ uri: u, text: u.endsWith('train_project.py') ? trainText : undefined });
    return { files, truncated: false };
  };
  const backend = new InProcessAnalysis(Promise.resolve(), requestFiles, { memoryLimitMB: 1024, timeoutSeconds: 60 });
  backend.setWorkspaceFolders([root], []);
  const key = `${root}/models_project.py`;
  assert.equal(formatShape(outIn(await backend.analyse(key, key, models))?.concrete ?? []), '(4, 7, 32)');
  assert.deepEqual(asked, [{ folders: [root], uris: [] }]);
  trainText = train.replace('Encoder(10, 16)', 'Encoder(10, 24)');
  backend.fileChanged(`${root}/train_project.py`, false);
  assert.equal(formatShape(outIn(await backend.analyse(key, key, models))?.concrete ?? []), '(4, 7, 48)');
  assert.deepEqual(asked[1], { folders: [], uris: [`${root}/train_project.py`] });
  assert.equal(backend.analysesRun, 2);
});

test('the in-process backend reports a parser that did not load on the document, and never rejects', async () => {
  const backend = new InProcessAnalysis(Promise.reject(new Error('fetch failed (404)')), async () => ({ files: [], truncated: false }), { memoryLimitMB: 1024, timeoutSeconds: 60 });
  backend.setWorkspaceFolders([root], []);
  const r = await backend.analyse(`${root}/x.py`, `${root}/x.py`, 'import torch\n');
  assert.equal(r.diagnostics.length, 1);
  assert.match(r.diagnostics[0]!.message, /404/);
});

test('the in-process backend summarises a model built from a class of another file of the snapshot', async () => {
  await loadAnalyzer();
  const lib = ['import torch.nn as nn', 'class Tagger(nn.Module):', '    def __init__(self, vocab, emb, hidden, tags):', '        super().__init__()', '        self.emb = nn.Embedding(vocab, emb)', '        self.lstm = nn.LSTM(emb, hidden, batch_first=True)', '        self.out = nn.Linear(hidden, tags)', '    def forward(self, tokens):', '        h, _ = self.lstm(self.emb(tokens))', '        return self.out(h)', ''].join('\n');
  const run = ['import torch', 'from tagger_lib import Tagger', 'model = Tagger(50, 8, 12, 4)', 'scores = model(torch.randint(0, 50, (2, 6)))', ''].join('\n');
  const files = [{ uri: `${root}/tagger_lib.py`, text: lib }, { uri: `${root}/run.py`, text: run }];
  const backend = new InProcessAnalysis(Promise.resolve(), async () => ({ files, truncated: false }), { memoryLimitMB: 1024, timeoutSeconds: 60 });
  backend.setWorkspaceFolders([root], []);
  await backend.analyse(`${root}/run.py`, `${root}/run.py`, run);
  const s = await backend.summary(`${root}/run.py`, run, 'model');
  assert.ok(typeof s !== 'string', String(s));
  // torch: 400 + 1,056 + 52 parameters; outputs (2, 6, 8), (2, 6, 12), (2, 6, 4)
  assert.equal(s.total, 1508);
  assert.deepEqual(s.rows.map((r) => [r.name, r.concrete, r.params]), [['emb', '(2, 6, 8)', 400], ['lstm', '(2, 6, 12)', 1056], ['out', '(2, 6, 4)', 52]]);
});
