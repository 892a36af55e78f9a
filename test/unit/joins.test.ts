// Branches and loop iterations join (DESIGN.md "Facts are proven or absent"): a name bound in a loop
// shows what every iteration agrees on, never the last or first iteration's shape; an attribute set in
// one branch is joined with the other branch. The sizes in these sources were checked under torch 1.13.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText, loadAnalyzer } from '../../server/src/node/analyzer';
import type { AnalysisResult } from '../../server/src/analysis/facts';

before(async () => {
  await loadAnalyzer();
});

const at = (r: AnalysisResult, line: number, name: string) =>
  r.shapes.filter((s) => s.range.start.line === line && s.name === name).map((s) => s.dims.map((d) => d.value));

test('a loop over sequences of different lengths reports no length for the loop variable and outputs', async () => {
  const r = await analyzeText(
    [
      'import torch',
      'import torch.nn as nn',
      'lstm = nn.LSTM(4, 8)',
      'for seq in [torch.randn(5, 1, 4), torch.randn(7, 1, 4)]:',
      '    out, (_, c) = lstm(seq)',
      '    last = out[-1]',
      '',
    ].join('\n'),
  );
  assert.deepEqual(at(r, 4, 'out'), [['?', 1, 8]]);
  assert.deepEqual(at(r, 4, '_'), [[1, 1, 8]]);
  assert.deepEqual(at(r, 5, 'last'), [[1, 8]]);
  assert.equal(r.diagnostics.length, 0);
});

test('a value grown in a loop of unknown trip count is not shown at its first iteration', async () => {
  const r = await analyzeText(
    [
      'import torch',
      'def decode(n, batch):',
      '    seq = torch.zeros(batch, 1)',
      '    tok = torch.zeros(batch, 1)',
      '    for t in range(n):',
      '        seq = torch.cat([seq, tok], 1)',
      '    x = torch.zeros(batch, 1)',
      '    while x.size(1) < n:',
      '        x = torch.cat([x, tok], 1)',
      '    return seq, x',
      '',
    ].join('\n'),
  );
  assert.deepEqual(at(r, 5, 'seq'), [['batch', '?']]);
  assert.deepEqual(at(r, 8, 'x'), [['batch', '?']]);
});

test('an attribute set in one branch joins with the other branch (not the branch run last)', async () => {
  const r = await analyzeText(
    [
      'import torch.nn as nn',
      'class Net(nn.Module):',
      '    def __init__(self, rnn_type, n_in, n_hid):',
      '        super().__init__()',
      '        if rnn_type == "LSTM":',
      '            self.rnn = nn.LSTM(n_in, n_hid)',
      '        else:',
      '            self.rnn = nn.GRU(n_in, n_hid)',
      '    def forward(self, x):',
      '        out, hidden = self.rnn(x)',
      '        return out',
      '',
    ].join('\n'),
  );
  // An LSTM's hidden is a pair, a GRU's a tensor: no shape for `hidden`.
  assert.deepEqual(at(r, 9, 'hidden'), []);
  assert.equal(r.diagnostics.filter((d) => d.severity === 'error').length, 0);
});

test('hasattr of an attribute set in one branch only is not proven: both paths after it join', async () => {
  const r = await analyzeText(
    [
      'import torch.nn as nn',
      'class Net(nn.Module):',
      '    def __init__(self, use_proj):',
      '        super().__init__()',
      '        self.gru = nn.GRU(4, 8)',
      '        if use_proj:',
      '            self.proj = nn.Linear(8, 3)',
      '    def forward(self, x):',
      '        out, h = self.gru(x)',
      '        if hasattr(self, "proj"):',
      '            out = self.proj(out)',
      '        y = out',
      '        return y',
      '',
    ].join('\n'),
  );
  // With proj: (L, N, 3); without: (L, N, 8). Not 3 alone.
  assert.deepEqual(at(r, 11, 'y'), [['L', 'N', '?']]);
});
