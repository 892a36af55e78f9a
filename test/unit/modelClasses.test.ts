// Which classes get a "▶ Run model" lens: nn.Module subclasses (directly, via torch.nn.Module or another
// class of the file) with a forward (own or inherited), that the file calls by name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText } from '../../server/src/node/analyzer';

test('model classes: built and with a forward, through bases of the file; not layers only declared, not helpers', async () => {
  const text = [
    'import torch',
    'import torch.nn as nn',
    'class Base(nn.Module):',
    '    def forward(self, x):',
    '        return x',
    'class Child(Base):',
    '    pass',
    'class NoForward(torch.nn.Module):',
    '    def __init__(self):',
    '        super().__init__()',
    'class NeverBuilt(nn.Module):',
    '    def forward(self, x):',
    '        return x',
    'class Helper:',
    '    def forward(self, x):',
    '        return x',
    '@torch.jit.interface',
    'class Decorated(nn.Module):',
    '    def forward(self, x):',
    '        return x',
    'a = Child()',
    'b = NoForward()',
    'c = Helper()',
    'd = Decorated()',
    '# NeverBuilt( in a comment is not a call of it',
    'e = x.NeverBuilt()',
    '',
  ].join('\n');
  const facts = await analyzeText(text);
  assert.deepEqual((facts.models ?? []).map((m) => [m.name, m.statementRange.start.line, m.range.start.line]), [['Child', 5, 5], ['Decorated', 16, 17]]);
});

test('model classes: none in a file without classes (the fact is absent)', async () => {
  const facts = await analyzeText('import torch\nlstm = torch.nn.LSTM(3, 4)\n');
  assert.equal(facts.models, undefined);
});
