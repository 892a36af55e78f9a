// The language server follows the project: with a workspace folder, a model file opened alone shows the
// concrete shapes the (closed) training script gives it, read from disk; an edit of the open script
// re-analyses the open model file; a watched-file change is followed.
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { InlayHintRequest, DidChangeWatchedFilesNotification, FileChangeType, HoverRequest } from 'vscode-languageserver-protocol';
import { fileUri, startServer, type ServerUnderTest } from './lspClient';

const MODELS = [
  'import torch.nn as nn',
  '',
  'class Encoder(nn.Module):',
  '    def __init__(self, hidden):',
  '        super().__init__()',
  '        self.lstm = nn.LSTM(10, hidden, batch_first=True, bidirectional=True)',
  '        self.fc = nn.Linear(hidden, 3)',
  '',
  '    def forward(self, x):',
  '        out, _ = self.lstm(x)',
  '        return self.fc(out)',
  '',
].join('\n');
const TAGGER_LIB = [
  'import torch.nn as nn',
  '',
  'class Tagger(nn.Module):',
  '    def __init__(self, vocab, emb, hidden, tags):',
  '        super().__init__()',
  '        self.emb = nn.Embedding(vocab, emb)',
  '        self.lstm = nn.LSTM(emb, hidden, batch_first=True)',
  '        self.out = nn.Linear(hidden, tags)',
  '',
  '    def forward(self, tokens):',
  '        h, _ = self.lstm(self.emb(tokens))',
  '        return self.out(h)',
  '',
].join('\n');
const RUN_TAGGER = ['import torch', 'from tagger_lib import Tagger', '', 'model = Tagger(50, 8, 12, 4)', 'scores = model(torch.randint(0, 50, (2, 6)))', ''].join('\n');
const train = (batch: number) => ['import torch', 'from models import Encoder', '', `y = Encoder(16)(torch.randn(${batch}, 7, 10))`, ''].join('\n');

describe('rnnlens language server with a workspace folder', () => {
  let server: ServerUnderTest;
  let dir: string;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnnlens-ws-'));
    fs.writeFileSync(path.join(dir, 'models.py'), MODELS);
    fs.writeFileSync(path.join(dir, 'train.py'), train(4));
    fs.writeFileSync(path.join(dir, 'tagger_lib.py'), TAGGER_LIB);
    fs.writeFileSync(path.join(dir, 'run_tagger.py'), RUN_TAGGER);
    server = await startServer({ workspaceFolder: dir });
  });
  after(async () => {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const outHint = async (uri: string): Promise<string | undefined> => {
    const hints = await server.connection.sendRequest(InlayHintRequest.type, { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 20, character: 0 } } });
    const h = (hints ?? []).find((x) => x.position.line === 9 && x.position.character === 11);
    return typeof h?.label === 'string' ? h.label : undefined;
  };

  it('shows in models.py the sizes train.py (closed, on disk) builds, and the bug only those sizes prove', async () => {
    const uri = fileUri(path.join(dir, 'models.py'));
    await server.open(uri, MODELS);
    const diags = await server.waitForDiagnostics(uri, (d) => d.some((x) => x.code === 'RL401'));
    assert.equal(diags.find((d) => d.code === 'RL401')?.range.start.line, 10);
    assert.equal(await outHint(uri), ': (4, 7, 32)');
    const hover = await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 9, character: 9 } });
    const text = JSON.stringify(hover?.contents);
    assert.match(text, /\(N, L, 2\*hidden\)` — here `\(4, 7, 32\)/);
    assert.match(text, /train\.py/);
  });

  it('follows an edit of the open script and a change on disk', async () => {
    const models = fileUri(path.join(dir, 'models.py'));
    const script = fileUri(path.join(dir, 'train.py'));
    await server.open(script, train(5));
    let hint: string | undefined;
    for (let i = 0; i < 50 && hint !== ': (5, 7, 32)'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      hint = await outHint(models);
    }
    assert.equal(hint, ': (5, 7, 32)');
    await server.connection.sendNotification('textDocument/didClose', { textDocument: { uri: script } });
    fs.writeFileSync(path.join(dir, 'train.py'), train(6));
    await server.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: script, type: FileChangeType.Changed }] });
    for (let i = 0; i < 50 && hint !== ': (6, 7, 32)'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      hint = await outHint(models);
    }
    assert.equal(hint, ': (6, 7, 32)');
  });

  it('the hover on a model built from a class of another file shows its summary (layers, shapes, parameters)', async () => {
    const uri = fileUri(path.join(dir, 'run_tagger.py'));
    await server.open(uri, RUN_TAGGER);
    await server.waitForDiagnostics(uri, () => true);
    const hover = await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 3, character: 2 } });
    const text = typeof hover?.contents === 'object' && 'value' in hover.contents ? hover.contents.value : JSON.stringify(hover?.contents);
    // torch: Tagger(50, 8, 12, 4) on (2, 6) token ids: emb (2, 6, 8) 400, lstm (2, 6, 12) 1,056, out (2, 6, 4) 52; 1,508 in all
    assert.match(text, /\*\*Tagger\*\* `model` — 1,508 parameters/);
    assert.match(text, /`emb` Embedding \| `[^`]*` \| `\(2, 6, 8\)` \| 400 \|/);
    assert.match(text, /`lstm` LSTM \| `[^`]*` \| `\(2, 6, 12\)` \| 1,056 \|/);
    assert.match(text, /`out` Linear \| `[^`]*` \| `\(2, 6, 4\)` \| 52 \|/);
  });
});
