// `rnnlens check` as CI and other tools use it: the JSON contract (version 1), the compiler-style text
// format, .ipynb cells, and exit codes 0 / 1 / 2. Runs the bundled CLI (dist/cli.js, `npm run build`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const CLI = path.resolve('dist/cli.js');

function run(args: string[], cwd = process.cwd()) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

interface JsonOut {
  version: number;
  files: {
    path: string;
    error?: string;
    diagnostics: { line: number; column: number; endLine: number; endColumn: number; severity: string; code: string; message: string; cell?: number }[];
    shapes: { line: number; column: number; name: string; shape: (number | string)[]; cell?: number }[];
    layers?: { line: number; column: number; target: string; aliases: string[]; kind: string; cell?: number }[];
  }[];
}

test('check --format json on examples/: the bundled bugs, the shapes, exit 1', () => {
  const r = run(['check', '--format', 'json', 'examples/']);
  assert.equal(r.code, 1, r.err);
  const j = JSON.parse(r.out) as JsonOut;
  assert.equal(j.version, 1);
  const buggy = j.files.find((f) => f.path.endsWith('buggy_bilstm_tagger.py'));
  const clean = j.files.find((f) => f.path.endsWith('sentiment_lstm.py'));
  assert.ok(buggy && clean, 'both examples found in the folder');
  assert.equal(buggy.path, path.join('examples', 'buggy_bilstm_tagger.py'));
  // The marked lines of the example (verified under torch by test/corpus/check_examples.py).
  const text = fs.readFileSync(buggy.path, 'utf8').split('\n');
  const marked = text.flatMap((l, i) => {
    const m = /# error: (RL\d+)/.exec(l);
    return m ? [{ line: i + 1, code: m[1]! }] : [];
  });
  assert.ok(marked.length >= 2);
  assert.deepEqual(
    buggy.diagnostics.filter((d) => d.severity === 'error').map((d) => ({ line: d.line, code: d.code })),
    marked,
  );
  for (const d of buggy.diagnostics) {
    assert.ok(d.column >= 1 && d.endLine >= d.line && d.message.length > 10);
  }
  assert.deepEqual(clean.diagnostics.filter((d) => d.severity === 'error'), []);
  // Shapes: one entry per bound tensor name, dims ints where known.
  const out = clean.shapes.find((s) => /out|output/.test(s.name));
  assert.ok(out, 'a recurrent output shape in the clean example');
  assert.ok(clean.shapes.every((s) => s.line >= 1 && s.column >= 1 && s.shape.every((d) => typeof d === 'number' || typeof d === 'string')));
});

test('text format is file:line:col: severity code message; a clean file exits 0', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnnlens-cli-'));
  const bad = path.join(dir, 'bad.py');
  fs.writeFileSync(bad, 'import torch\nimport torch.nn as nn\nrnn = nn.GRU(10, 20)\nout, h = rnn(torch.randn(5, 3, 12))\n');
  const r = run(['check', bad]);
  assert.equal(r.code, 1);
  assert.match(r.out, new RegExp(`^${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:4:\\d+: error RL202 input\\.size\\(-1\\) must be equal to input_size\\. Expected 10, got 12`, 'm'));
  const good = path.join(dir, 'good.py');
  fs.writeFileSync(good, 'import torch\nimport torch.nn as nn\nrnn = nn.GRU(12, 20)\nout, h = rnn(torch.randn(5, 3, 12))\n');
  const g = run(['check', '--format=json', good]);
  assert.equal(g.code, 0, g.out);
  const j = JSON.parse(g.out) as JsonOut;
  assert.deepEqual(j.files[0]!.shapes.map((s) => [s.name, s.line, s.column, s.shape]), [
    ['out', 4, 1, [5, 3, 20]],
    ['h', 4, 6, [1, 3, 20]],
  ]);
});

test('notebooks: cells joined in order, positions per cell with the cell index', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnnlens-nb-'));
  const nb = {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { language_info: { name: 'python' } },
    cells: [
      { cell_type: 'code', metadata: {}, outputs: [], source: ['import torch\n', 'import torch.nn as nn\n', 'lstm = nn.LSTM(10, 20, bidirectional=True)'] },
      { cell_type: 'markdown', metadata: {}, source: ['# Run it'] },
      { cell_type: 'code', metadata: {}, outputs: [], source: ['x = torch.randn(5, 3, 10)\n', 'h0 = torch.zeros(1, 3, 20)\n', 'out, (h, c) = lstm(x, (h0, h0))'] },
    ],
  };
  const file = path.join(dir, 'model.ipynb');
  fs.writeFileSync(file, JSON.stringify(nb));
  const r = run(['check', '--format', 'json', file]);
  assert.equal(r.code, 1, r.out);
  const f = (JSON.parse(r.out) as JsonOut).files[0]!;
  assert.deepEqual(f.diagnostics.map((d) => [d.cell, d.line, d.code]), [[2, 3, 'RL204']]);
  assert.deepEqual(f.shapes.find((s) => s.name === 'x'), { line: 1, column: 1, name: 'x', shape: [5, 3, 10], cell: 2 });
  assert.deepEqual(f.layers, [{ line: 3, column: 8, target: 'lstm', aliases: [], kind: 'LSTM', cell: 0 }]);
});

test('layers: each recognised recurrent layer with what it is assigned to (additive JSON field)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnnlens-layers-'));
  const file = path.join(dir, 'net.py');
  const src = 'import torch.nn as nn\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.rnn = nn.GRUCell(4, 8)\ncell = nn.LSTMCell(3, 5)\n';
  fs.writeFileSync(file, src);
  const r = run(['check', '--format', 'json', file]);
  assert.equal(r.code, 0, r.out);
  assert.deepEqual((JSON.parse(r.out) as JsonOut).files[0]!.layers, [
    { line: 5, column: 20, target: 'self.rnn', aliases: ['Net.rnn'], kind: 'GRUCell' },
    { line: 6, column: 8, target: 'cell', aliases: [], kind: 'LSTMCell' },
  ]);
});

test('bad usage and unreadable input exit 2 with a clear message, never a crash', () => {
  assert.equal(run(['check']).code, 2);
  assert.equal(run(['check', '--format', 'yaml', 'examples']).code, 2);
  assert.equal(run(['frobnicate']).code, 2);
  const missing = run(['check', '--format', 'json', 'no/such/file.py']);
  assert.equal(missing.code, 2);
  const j = JSON.parse(missing.out) as JsonOut;
  assert.match(j.files[0]!.error ?? '', /cannot read: ENOENT/);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnnlens-bad-'));
  const nb = path.join(dir, 'broken.ipynb');
  fs.writeFileSync(nb, '{ not json');
  const b = run(['check', nb]);
  assert.equal(b.code, 2);
  assert.match(b.out, /broken\.ipynb: error: not a readable notebook/);
  // Half-typed Python is analysed, not rejected.
  const half = path.join(dir, 'half.py');
  fs.writeFileSync(half, 'import torch.nn as nn\nrnn = nn.RNN(10, 20, nonlinearity="gelu")\nlstm = nn.LSTM(10,\n');
  const h = run(['check', '--format', 'json', half]);
  assert.equal(h.code, 1);
  assert.deepEqual((JSON.parse(h.out) as JsonOut).files[0]!.diagnostics.map((d) => d.code), ['RL101']);
});

test('line endings: LF, CRLF, lone CR and mixed give the same file:line:col (UTF-16 columns)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnnlens-eol-'));
  // `é😀` before the bad argument: 3 UTF-16 units (the column LSP and the CLI use), 2 code points, 6 bytes
  const lines = ['import torch', 'import torch.nn as nn', 'rnn = nn.GRU(10, 20)', 'x = torch.randn(5, 3, 12)', 't = "é😀"; out, h = rnn(x)', 'y = 1', ''];
  const variants: Record<string, string> = {
    lf: lines.join('\n'),
    crlf: lines.join('\r\n'),
    cr: lines.join('\r'),
    mixed: lines.reduce((acc, l, i) => (i === 0 ? l : acc + ['\r', '\r\n', '\n'][i % 3] + l), ''),
  };
  for (const [name, text] of Object.entries(variants)) {
    const file = path.join(dir, `${name}.py`);
    fs.writeFileSync(file, text);
    const r = run(['check', '--format', 'json', file]);
    assert.equal(r.code, 1, `${name}: ${r.out}`);
    const f = (JSON.parse(r.out) as JsonOut).files[0]!;
    assert.deepEqual(
      f.diagnostics.map((d) => [d.code, d.line, d.column, d.endLine, d.endColumn]),
      [['RL202', 5, 25, 5, 26]],
      name,
    );
    assert.deepEqual(f.shapes.find((s) => s.name === 'x'), { line: 4, column: 1, name: 'x', shape: [5, 3, 12] }, name);
    const t = run(['check', file]);
    assert.match(t.out, new RegExp(`${name}\\.py:5:25: error RL202`), name);
  }
  // a notebook whose cells use CRLF and CR: positions per cell line
  const nb = {
    nbformat: 4,
    metadata: { language_info: { name: 'python' } },
    cells: [
      { cell_type: 'code', source: ['import torch\r\n', 'import torch.nn as nn\r\n', 'rnn = nn.GRU(10, 20)\r\n'] },
      { cell_type: 'code', source: 'x = torch.randn(5, 3, 12)\rs = "é😀"; out, h = rnn(x)\r' },
    ],
  };
  const file = path.join(dir, 'eol.ipynb');
  fs.writeFileSync(file, JSON.stringify(nb));
  const r = run(['check', '--format', 'json', file]);
  const f = (JSON.parse(r.out) as JsonOut).files[0]!;
  assert.deepEqual(f.diagnostics.map((d) => [d.cell, d.line, d.column, d.code]), [[1, 2, 25, 'RL202']]);
});

test('huge sizes: no diagnostic from rounded sizes, and every JSON number is an exact integer', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnnlens-big-'));
  const file = path.join(dir, 'big.py');
  // In Python 2**53 + 1 + 1 == 2**53 + 2 (ints are exact); in floats the left side is 2**53.
  fs.writeFileSync(
    file,
    [
      'import torch',
      'import torch.nn as nn',
      'lin = nn.Linear(2**53 + 2, 4)',
      'y = lin(torch.randn(3, 2**53 + 1 + 1))',
      'x = torch.randn(2**53 + 1 + 1, 4)',
      'z = x.view(2**53 + 2, 4)',
      'a = torch.randn(2**62, 3)',
      'b = torch.randn(10**100, 3)',
      'c = torch.randn(2**1100, 3)',
      'm = torch.randn(9007199254740991, 3)',
      '',
    ].join('\n'),
  );
  const r = run(['check', '--format', 'json', file]);
  assert.equal(r.code, 0, r.out);
  const f = (JSON.parse(r.out) as JsonOut).files[0]!;
  assert.deepEqual(f.diagnostics, []);
  const shape = (name: string) => f.shapes.find((s) => s.name === name)?.shape;
  for (const name of ['x', 'a', 'b', 'c']) assert.deepEqual(shape(name), ['?', name === 'x' ? 4 : 3], name);
  assert.deepEqual(shape('m'), [Number.MAX_SAFE_INTEGER, 3]);
  // numbers in the raw text: none is printed rounded or in exponent form
  for (const n of r.out.match(/-?\d[\d.e+]*(?=[,\n\]])/g) ?? []) assert.ok(Number.isSafeInteger(Number(n)) && String(Number(n)) === n, n);
});
