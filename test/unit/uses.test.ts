// Shapes of tensor names where they are read (for hovers on `lstm(x)`, `fc(out)`): reported at the
// reading position, separately from the bindings the CLI lists.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText } from '../../server/src/node/analyzer';

test('a tensor read later has its shape at the reading position; bindings stay separate', async () => {
  const src = 'import torch\nimport torch.nn as nn\nlstm = nn.LSTM(10, 20, bidirectional=True)\nx = torch.randn(5, 3, 10)\nout, _ = lstm(x)\nfc = nn.Linear(40, 2)\ny = fc(out)\n';
  const r = await analyzeText(src);
  const at = (line: number, name: string) => r.uses.find((u) => u.range.start.line === line && u.name === name);
  assert.deepEqual(at(4, 'x')?.dims.map((d) => d.value), [5, 3, 10]);
  assert.equal(at(4, 'x')?.range.start.character, 14);
  assert.deepEqual(at(6, 'out')?.dims.map((d) => d.value), [5, 3, 40]);
  assert.equal(at(6, 'out')?.dims[2]?.why, '2 directions × hidden 20');
  // Bindings are not uses: `x` at line 3 is a binding only.
  assert.equal(at(3, 'x'), undefined);
  assert.ok(r.shapes.some((s) => s.range.start.line === 3 && s.name === 'x'));
});

test('uses inside forward() follow the generic analysis, like bindings', async () => {
  const src = [
    'import torch.nn as nn',
    'class Net(nn.Module):',
    '    def __init__(self, hidden=16):',
    '        super().__init__()',
    '        self.gru = nn.GRU(8, hidden, batch_first=True)',
    '        self.fc = nn.Linear(hidden, 3)',
    '    def forward(self, x):',
    '        out, h = self.gru(x)',
    '        return self.fc(out[:, -1])',
    '',
  ].join('\n');
  const r = await analyzeText(src);
  const out = r.uses.find((u) => u.range.start.line === 8 && u.name === 'out');
  // `hidden=16` is a default, a candidate: the generic use names the parameter.
  assert.deepEqual(out?.dims.map((d) => d.value), ['N', 'L', 'hidden']);
});

test('a shape whose rank is only assumed (input of unknown rank) says so when no call of the file decides it', async () => {
  const src = [
    'import torch.nn as nn',
    'lstm = nn.LSTM(6, 10)',
    'def run(x):',
    '    out, (h, c) = lstm(x)',
    '    return out',
    '',
  ].join('\n');
  const r = await analyzeText(src);
  const out = r.shapes.find((s) => s.name === 'out');
  assert.deepEqual(out?.dims.map((d) => d.value), ['L', 'N', 10]);
  assert.ok(out?.notes.some((n) => n.includes('unbatched 2-D input')));
  assert.equal(out?.assumed, true);
});
