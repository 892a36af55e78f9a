// Quick fixes keep the user's expressions and repair a mistake everywhere it is made: RL401 writes
// `2 * hidden_dim` where the code says hidden_dim (not the default's number), RL204 repairs h_0 and c_0
// together, RL406 offers `dim=-1` when a one-axis op is given the dim one past the last. Each source
// raises under torch 1.13 on the marked line and runs once the fix is applied (checked by hand with
// /usr/bin/python3; the applied texts are asserted here).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText, loadAnalyzer } from '../../server/src/node/analyzer';
import type { AnalysisResult } from '../../server/src/analysis/facts';

before(async () => {
  await loadAnalyzer();
});

/** The source with every edit of the first fix of the diagnostic `code` applied. */
function applyFix(src: string, r: AnalysisResult, code: string): string {
  const d = r.diagnostics.find((x) => x.code === code);
  assert.ok(d, `no ${code}`);
  const fix = d.fixes[0];
  assert.ok(fix, `${code} has no fix`);
  const lines = src.split('\n');
  const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  const edits = [...fix.edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = src;
  for (const e of edits) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}

test('RL401: the fix keeps the code\'s names (2 * hidden_dim), also when the file builds the model with the defaults', async () => {
  const src = [
    'import torch',
    'import torch.nn as nn',
    'class Tagger(nn.Module):',
    '    def __init__(self, vocab, n_tags, emb_dim=100, hidden_dim=200):',
    '        super().__init__()',
    '        self.emb = nn.Embedding(vocab, emb_dim)',
    '        self.lstm = nn.LSTM(emb_dim, hidden_dim, bidirectional=True, batch_first=True)',
    '        self.fc = nn.Linear(hidden_dim, n_tags)',
    '    def forward(self, x):',
    '        out, _ = self.lstm(self.emb(x))',
    '        return self.fc(out)',
    'model = Tagger(1000, 9)',
    'y = model(torch.randint(0, 1000, (2, 7)))',
    '',
  ].join('\n');
  const r = await analyzeText(src);
  const fixed = applyFix(src, r, 'RL401');
  assert.match(fixed, /self\.fc = nn\.Linear\(2 \* hidden_dim, n_tags\)/);
  const again = await analyzeText(fixed);
  assert.deepEqual(again.diagnostics.filter((d) => d.severity === 'error'), []);
});

test('RL204: one fix repairs h_0 and c_0 when both have the same mistake', async () => {
  const src = [
    'import torch',
    'import torch.nn as nn',
    'lstm = nn.LSTM(10, 20, num_layers=2, bidirectional=True)',
    'x = torch.randn(5, 3, 10)',
    'h0 = torch.zeros(2, 3, 20)',
    'c0 = torch.zeros(2, 3, 20)',
    'out, (h, c) = lstm(x, (h0, c0))',
    '',
  ].join('\n');
  const r = await analyzeText(src);
  const fixed = applyFix(src, r, 'RL204');
  assert.match(fixed, /h0 = torch\.zeros\(4, 3, 20\)/);
  assert.match(fixed, /c0 = torch\.zeros\(4, 3, 20\)/);
  const again = await analyzeText(fixed);
  assert.deepEqual(again.diagnostics.filter((d) => d.severity === 'error'), []);
});

test('RL406: cat of 2-D halves on dim 2 gets dim -1; a transpose gets no guessed fix', async () => {
  const src = ['import torch', 'h = torch.randn(2, 3, 8)', 'last = torch.cat([h[-2], h[-1]], dim=2)', ''].join('\n');
  const r = await analyzeText(src);
  const fixed = applyFix(src, r, 'RL406');
  assert.match(fixed, /torch\.cat\(\[h\[-2\], h\[-1\]\], dim=-1\)/);
  const again = await analyzeText(fixed);
  assert.deepEqual(again.diagnostics, []);
  assert.deepEqual(again.shapes.find((s) => s.name === 'last')?.dims.map((d) => d.value), [3, 16]);
  const t = await analyzeText('import torch\nx = torch.randn(3, 8)\ny = x.transpose(1, 2)\n');
  assert.deepEqual(t.diagnostics.map((d) => [d.code, d.fixes.length]), [['RL406', 0]]);
});
