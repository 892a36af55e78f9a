// Declaration facts against torch: parameter names and shapes per layer and direction, the parameter
// count, and the shapes a forward pass returns (predictRecurrentShapes, used by sample runs), for the
// configurations saved by test/oracle/param_shapes.py.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { analyzeText } from '../../server/src/node/analyzer';
import { predictRecurrentShapes } from '../../server/src/analysis/torch/recurrent';

interface Config {
  expr: string;
  kind: string;
  params: [string, number[]][];
  count: number;
  batched: unknown[];
  unbatched: unknown[];
}

const data = JSON.parse(fs.readFileSync('test/fixtures/params/recurrent_params.json', 'utf8')) as { configs: Config[] };

/** torch's returned shapes, flattened in the order output, h_n, c_n (cells: h, c). */
function flat(x: unknown): number[][] {
  if (Array.isArray(x) && x.every((d) => typeof d === 'number')) return [x as number[]];
  return (x as unknown[]).flatMap(flat);
}

test('recurrent_params.json has configs to check', () => {
  assert.ok(data.configs.length >= 10, `only ${data.configs.length} configs`);
});

for (const c of data.configs) {
  test(`${c.expr}: params, count and returned shapes match torch`, async () => {
    const r = await analyzeText(`import torch.nn as nn\nlayer = ${c.expr}\n`);
    assert.equal(r.modules.length, 1);
    const m = r.modules[0]!;
    assert.equal(m.kind, c.kind);
    assert.equal(m.target, 'layer');
    assert.deepEqual(m.params.map((p) => [p.name, p.shape]), c.params);
    assert.equal(m.paramCount, c.count);
    assert.ok(m.spec, 'all sizes known: a spec for the engine');
    const batched = predictRecurrentShapes(m.spec, 3, 5);
    assert.deepEqual(Object.values(batched), flat(c.batched));
    const unbatched = predictRecurrentShapes(m.spec, undefined, 5);
    assert.deepEqual(Object.values(unbatched), flat(c.unbatched));
  });
}

test('declarations carry their target, class alias, statement range and given/default arguments', async () => {
  const src = [
    'import torch.nn as nn',
    'class Net(nn.Module):',
    '    def __init__(self, hidden=32):',
    '        super().__init__()',
    '        self.enc = nn.LSTM(16, hidden, batch_first=True,',
    '                           bidirectional=True)',
    '        self.stack = nn.ModuleList([nn.GRU(8, 8), nn.GRU(8, 4)])',
    '',
  ].join('\n');
  const r = await analyzeText(src);
  const enc = r.modules.find((m) => m.target === 'self.enc');
  assert.ok(enc);
  assert.deepEqual(enc.aliases, ['Net.enc']);
  assert.deepEqual([enc.statementRange.start.line, enc.statementRange.end.line], [4, 5]);
  const arg = (n: string) => enc.args.find((a) => a.name === n);
  // A constructor default is a candidate: the declaration names the parameter, not 32.
  assert.deepEqual([arg('hidden_size')?.value, arg('hidden_size')?.source], ['hidden', 'given']);
  assert.deepEqual([arg('num_layers')?.value, arg('num_layers')?.source], ['1', 'default']);
  assert.equal(arg('bidirectional')?.concrete, true);
  assert.deepEqual(enc.returns, ['output (N, L, 2*hidden)', 'h_n (2, N, hidden)', 'c_n (2, N, hidden)']);
  assert.equal(enc.spec, undefined, 'no concrete sizes: no sample run spec from the default');
  assert.deepEqual(r.modules.map((m) => m.target).sort(), ['self.enc', 'self.stack[0]', 'self.stack[1]']);
});

test('constructor defaults are candidates: the declaration and shapes use the sizes of the file\'s own call', async () => {
  const src = fs.readFileSync('test/fixtures/flow/constructor_defaults_are_candidates.py', 'utf8');
  const r = await analyzeText(src);
  const rnn = r.modules.find((m) => m.target === 'self.rnn');
  assert.equal(rnn?.spec?.hiddenSize, 650);
  assert.equal(rnn?.spec?.inputSize, 650);
  const out = r.shapes.find((s) => s.name === 'output');
  assert.deepEqual(out?.dims.map((d) => d.value), ['L', 'N', 'nhid']);
  assert.ok(out?.notes.some((n) => n.includes('`nhid` is a parameter (default 200)')));
  assert.ok(out?.notes.some((n) => n.includes('With the sizes used in this file: (35, 20, 650)')));
  assert.ok(!JSON.stringify(r).includes('200,'), 'no fact uses the default 200 as a size');
});

test('hover notes on h_n say what h_n[-1] and h_n[-2] are, in the layer\'s layout', async () => {
  const r = await analyzeText(
    'import torch\nimport torch.nn as nn\nbi = nn.GRU(4, 6, bidirectional=True, batch_first=True)\nout, h = bi(torch.randn(3, 5, 4))\n' +
      'uni = nn.LSTM(4, 6)\nout2, (h2, c2) = uni(torch.randn(5, 3, 4))\n',
  );
  const h = r.shapes.find((s) => s.name === 'h')!;
  assert.ok(h.notes.includes('h_n is (D*num_layers, N, H_out) whatever batch_first says.'));
  assert.ok(h.notes.some((n) => n.includes('h_n[-2] is the last layer\'s forward final state (= output[:, -1, :6])') && n.includes('h_n[-1] its backward final state (= output[:, 0, 6:])')));
  const h2 = r.shapes.find((s) => s.name === 'h2')!;
  assert.ok(h2.notes.some((n) => n.includes('equal to output[-1]')));
  const c2 = r.shapes.find((s) => s.name === 'c2')!;
  assert.ok(c2.notes.some((n) => n.includes('Only the last time step')));
});

test('hover notes on h_n of a packed input claim no output[:, -1] equality (false for variable lengths)', async () => {
  const r = await analyzeText(
    'import torch\nimport torch.nn as nn\nfrom torch.nn.utils.rnn import pack_padded_sequence\n' +
      'bi = nn.LSTM(4, 256, bidirectional=True, batch_first=True)\n' +
      'packed = pack_padded_sequence(torch.randn(3, 5, 4), torch.tensor([5, 3, 2]), batch_first=True)\n' +
      'out, (h_n, c_n) = bi(packed)\n' +
      'uni = nn.GRU(4, 6, batch_first=True)\nout2, h2 = uni(packed)\n',
  );
  const h = r.shapes.find((s) => s.name === 'h_n')!;
  assert.deepEqual(h.dims.map((d) => d.value), [2, 3, 256]);
  assert.ok(!h.notes.some((n) => n.includes('= output[:, -1') || n.includes('equal to output')), h.notes.join(' | '));
  assert.ok(h.notes.some((n) => n.includes("h_n[-2] is the last layer's forward final state at each sequence's own last step")));
  const h2 = r.shapes.find((s) => s.name === 'h2')!;
  assert.ok(!h2.notes.some((n) => n.includes('equal to output')), h2.notes.join(' | '));
  assert.ok(h2.notes.some((n) => n.includes("own last step")));
});
