// Grammar-based fuzzing of the analysis core: seeded random programs that mix what real code mixes
// (layers built from odd argument values, conditional sizes, tensors of every rank, unpacking, loops,
// branches, classes, method calls, subscripts, arithmetic on mixed types) must never make it throw.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seededRandom as rng } from './seededRandom';
import { DocumentAnalyzer } from '../../server/src/analysis/analyze';
import { loadAnalyzer } from '../../server/src/node/analyzer';

function generator(r: () => number) {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const names = ['x', 'h0', 'c0', 'out', 'h', 'c', 'n', 'd', 'batch', 'hidden', 'cfg', 'self.n', 'y', 'z'];
  const sizes = () => pick(['0', '1', '2', '3', '10', '20', '-1', '2.5', "'a'", 'None', 'True', 'n', 'hidden', '2 * hidden', 'hidden // 2', 'hidden / 2', 'd', '(2 if n else 1)', 'cfg.hidden', 'x.size(0)', 'x.shape[-1]', 'len(x)', '10**3', 'n - n']);
  const layer = () => {
    const kind = pick(['nn.RNN', 'nn.LSTM', 'nn.GRU', 'nn.RNNCell', 'nn.LSTMCell', 'nn.GRUCell', 'nn.Linear', 'nn.Embedding', 'nn.LayerNorm', 'nn.Conv1d', 'nn.Conv2d', 'nn.MaxPool1d', 'nn.Dropout', 'nn.Sequential', 'nn.ModuleList']);
    const args = Array.from({ length: Math.floor(r() * 5) }, sizes);
    if (r() < 0.4) args.push(`${pick(['num_layers', 'bidirectional', 'batch_first', 'proj_size', 'dropout', 'nonlinearity', 'bias', 'kernel_size', 'padding'])}=${sizes()}`);
    return `${kind}(${args.join(', ')})`;
  };
  const tensor = () => {
    const dims = Array.from({ length: Math.floor(r() * 5) }, sizes).join(', ');
    return pick([`torch.randn(${dims})`, `torch.zeros((${dims}))`, `torch.full((${dims}), 0.5)`, `torch.randint(0, 5, (${dims}))`, `torch.tensor([${dims}])`, `${pick(names)}.view(${dims})`, `${pick(names)}[${pick([':', '-1', ':, -1', '0, :, :', '..., 0', 'None', '::2', '1:3'])}]`, `${pick(names)}.permute(${dims})`, `torch.cat([${pick(names)}, ${pick(names)}], dim=${sizes()})`, `${pick(names)}.unsqueeze(${sizes()})`, `${pick(names)} ${pick(['+', '*', '@', '/', '//', '-'])} ${pick(names)}`]);
  };
  const expr = (): string => pick([tensor, layer, () => `${pick(names)}(${pick(names)})`, () => `${pick(names)}(${pick(names)}, (${pick(names)}, ${pick(names)}))`, sizes, () => `[${tensor()} for _ in range(${sizes()})]`, () => `pack_padded_sequence(${pick(names)}, [3, 2], batch_first=True)`])();
  const target = () => pick(['x', 'out, h', 'out, (h, c)', 'out, h, c', 'h, c', 'a, *rest', 'self.n', 'n', 'd', 'layer', 'batch, seq, _', 'y[0]']);
  const stmt = (depth: number): string[] => {
    const k = Math.floor(r() * (depth > 2 ? 3 : 8));
    if (k <= 2) return [`${target()} = ${expr()}`];
    if (k === 3) return [`if ${pick(['n', 'True', 'False', 'x.size(0) > 2', 'cfg.flag'])}:`, ...block(depth), 'else:', ...block(depth)];
    if (k === 4) return [`for ${pick(['t', 'i', 'layer', 'step'])} in ${pick(['range(n)', 'range(3)', 'x', 'self.layers', 'zip(a, b)', 'enumerate(x)'])}:`, ...block(depth)];
    if (k === 5) return [`def f${depth}(x, n=${sizes()}, *args, **kw):`, ...block(depth), `    return ${expr()}`];
    if (k === 6) return [`class M${depth}(nn.Module):`, '    def __init__(self, n=3, hidden=20):', '        super().__init__()', `        self.layer = ${layer()}`, '        self.n = n', '    def forward(self, x):', `        out = self.layer(x)`, `        return ${expr()}`, `m = M${depth}(${sizes()})`, `y = m(${tensor()})`];
    return [`${expr()}`];
  };
  const block = (depth: number): string[] => {
    const lines = Array.from({ length: 1 + Math.floor(r() * 3) }, () => stmt(depth + 1)).flat();
    return lines.map((l) => '    ' + l);
  };
  return (): string => {
    const head = pick(['import torch\nimport torch.nn as nn\n', 'import torch\nfrom torch import nn\n', 'from torch.nn import *\nimport torch\n']) + 'from torch.nn.utils.rnn import pack_padded_sequence\n';
    const body = Array.from({ length: 4 + Math.floor(r() * 12) }, () => stmt(0)).flat();
    return head + body.join('\n') + '\n';
  };
}

test('seeded random programs never make the analysis throw', { timeout: 300_000 }, async () => {
  await loadAnalyzer();
  const r = rng(20261127);
  const gen = generator(r);
  const doc = new DocumentAnalyzer();
  let programs = 0;
  let facts = 0;
  for (let i = 0; i < 400; i++) {
    const src = gen();
    try {
      const res = doc.update(src);
      facts += res.shapes.length + res.diagnostics.length;
    } catch (e) {
      assert.fail(`program ${i} threw ${e instanceof Error ? e.stack : String(e)}\n--- program ---\n${src}`);
    }
    programs++;
  }
  doc.dispose();
  assert.equal(programs, 400);
  assert.ok(facts > 400, `the programs produce facts (${facts}), so the analysis really ran`);
});
