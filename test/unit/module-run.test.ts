// Whole-module sample runs end to end: every case of test/models/cases.json (written with torch by
// make_models.py) runs through the bundled CLI (`rnnlens run FILE.py --module NAME --save …`) and each
// saved tensor must equal torch's within 1e-5 + 1e-4·|want|, with exactly torch's names and shapes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readSafetensors } from '../../engine/src/safetensors';

const root = path.join(__dirname, '..', '..');
const cli = path.join(root, 'dist', 'cli.js');
const dir = path.join(root, 'test', 'models');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rnnlens-module-run-'));

interface Case { name: string; file: string; args: string[]; expected: string; why: string }
const cases = (JSON.parse(fs.readFileSync(path.join(dir, 'cases.json'), 'utf8')) as { cases: Case[] }).cases;

function run(args: string[]): { code: number | null; stdout: string; stderr: string } {
  assert.ok(fs.existsSync(cli), 'dist/cli.js is missing: run `npm run build` first');
  const r = spawnSync(process.execPath, [cli, 'run', ...args], { encoding: 'utf8', timeout: 120_000, cwd: dir });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('the model cases exist (a runner that collects nothing fails)', () => {
  assert.ok(cases.length >= 8, `only ${cases.length} cases in test/models/cases.json`);
});

for (const c of cases) {
  test(`${c.name}: ${c.why}`, () => {
    const out = path.join(tmp, `${c.name}.safetensors`);
    const r = run([path.join(dir, c.file), ...c.args, '--save', out]);
    assert.equal(r.code, 0, r.stderr);
    const got = readSafetensors(fs.readFileSync(out));
    const want = readSafetensors(fs.readFileSync(path.join(dir, c.expected)));
    assert.deepEqual(got.keys(), want.keys(), 'the flattened output names, in order');
    for (const k of want.keys()) {
      const g = got.tensor(k);
      const w = want.tensor(k, true);
      assert.deepEqual(g.shape, w.shape, `${k}: shape`);
      let worst = 0;
      let at = -1;
      for (let i = 0; i < w.data.length; i++) {
        const excess = Math.abs(g.data[i]! - w.data[i]!) - (1e-5 + 1e-4 * Math.abs(w.data[i]!));
        if (!(excess <= worst) || Number.isNaN(g.data[i]!)) {
          worst = Number.isNaN(g.data[i]!) ? Infinity : excess;
          at = i;
        }
      }
      assert.ok(at < 0, `${k}[${at}]: got ${g.data[at]}, torch ${w.data[at]}`);
    }
  });
}

test('--format json names the same outputs with shapes and statistics', () => {
  const c = cases.find((x) => x.name === 'tagger-checkpoint-pt')!;
  const r = run([path.join(dir, c.file), ...c.args, '--format', 'json']);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout) as { outputs: { name: string; shape: number[]; mean: number; nanCount: number }[] };
  assert.deepEqual(j.outputs.map((o) => o.name), ['output.logits', 'output.sentence', 'output.probs']);
  assert.deepEqual(j.outputs[0]!.shape, [4, 8, 5]);
  assert.deepEqual(j.outputs[1]!.shape, [4, 32]);
  assert.equal(j.outputs[0]!.nanCount, 0);
});

test('a module the file does not have is bad usage (exit 2), naming both searches', () => {
  const r = run([path.join(dir, 'lm.py'), '--module', 'Nope']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /no recurrent layer 'Nope'/);
  assert.match(r.stderr, /as a whole module: no name 'Nope'/);
});

test('weights of another model are a run error (exit 1) naming the missing key', () => {
  const r = run([path.join(dir, 'lm.py'), '--module', 'model', '--weights', path.join(dir, 'tagger.safetensors'), '--inputs', path.join(dir, 'lm_inputs.safetensors')]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /missing key '.*drop|missing key '.*encoder\.weight'/);
});

test('an op the run cannot do stops it with the line and the call', () => {
  const src = path.join(tmp, 'unsupported.py');
  fs.writeFileSync(src, [
    'import torch', 'import torch.nn as nn', '', '',
    'class M(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.fc = nn.Linear(4, 3)', '',
    '    def forward(self, x):', '        y = self.fc(x)', '        return torch.cummax(y, dim=1)', '', '',
    'm = M()', 'm(torch.randn(2, 4))', '',
  ].join('\n'));
  const r = run([src, '--module', 'm']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /line 12: torch\.cummax\(y, dim=1\): torch\.cummax\(\) is not supported in sample runs/);
});

test('an argument neither given nor called by the file is random with the sample settings, shaped by its first use', () => {
  const src = path.join(tmp, 'uncalled.py');
  fs.writeFileSync(src, [
    'import torch', 'import torch.nn as nn', '', '',
    'class Net(nn.Module):', '    def __init__(self, vocab=20):', '        super().__init__()',
    '        self.emb = nn.Embedding(vocab, 8)', '        self.lstm = nn.LSTM(8, 16, batch_first=True)', '        self.fc = nn.Linear(16, 4)', '',
    '    def forward(self, tokens):', '        out, _ = self.lstm(self.emb(tokens))', '        return self.fc(out)', '',
  ].join('\n'));
  const r = run([src, '--module', 'Net', '--batch', '3', '--seq', '4', '--format', 'json']);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout) as { inputs: string[]; outputs: { name: string; shape: number[] }[] };
  assert.match(j.inputs[0]!, /tokens \[3, 4\] int random \(sample settings: batch 3, seq 4; first used by self\.emb \(Embedding\)\)/);
  // (N, L) token ids → Embedding (N, L, 8) → batch-first LSTM (N, L, 16) → Linear (N, L, 4)
  assert.deepEqual(j.outputs.map((o) => [o.name, o.shape]), [['output', [3, 4, 4]]]);
});

/** A module M(x) = x * 2 and the module-level lines given, run with `--module m`; the parsed JSON. */
function runFileValues(name: string, lines: string[]): { code: number | null; stderr: string; json?: { inputs: string[]; outputs: { name: string; shape: number[]; min: number; max: number }[] } } {
  const src = path.join(tmp, `${name}.py`);
  fs.writeFileSync(src, [
    'import torch', 'import torch.nn as nn', '', '',
    'class M(nn.Module):', '    def forward(self, x):', '        return x * 2', '', '',
    'm = M()', ...lines, '',
  ].join('\n'));
  const r = run([src, '--module', 'm', '--format', 'json']);
  return { code: r.code, stderr: r.stderr, json: r.code === 0 ? JSON.parse(r.stdout) : undefined };
}

test("the file's own code runs exactly: a tensor written in a known loop keeps the values written", () => {
  const r = runFileValues('exact_loop', ['import sys', 'x = torch.zeros(2, 3)', 'for i, w in enumerate("ab"):', '    x[i][len(sys.argv) % 3] = 5.0 if w == "b" else 1.0', 'm(x)']);
  // an index only known when the file runs: the write cannot be followed, so x's values are not the file's
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.json!.inputs[0]!, /^x \[2, 3\] random values in the shape of the file's call/);
  const ok = runFileValues('exact_loop2', ['x = torch.zeros(2, 3)', 'for i, w in enumerate("ab"):', '    x[i][i] = 5.0 if w == "b" else 1.0', 'm(x)']);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.json!.inputs[0]!, /^x \[2, 3\] from the file's call/);
  // x = [[1, 0, 0], [0, 5, 0]] as Python leaves it; the module doubles it
  assert.deepEqual([ok.json!.outputs[0]!.min, ok.json!.outputs[0]!.max], [0, 10]);
});

test("values written where the run cannot follow the file (an unknown condition, a long loop, an in-place method) are not used", () => {
  for (const [name, lines] of [
    ['unknown_branch', ['x = torch.zeros(2, 4)', 'if torch.cuda.is_available():', '    x[0] = 1.0', 'm(x)']],
    ['long_loop', ['x = torch.zeros(2, 4)', 'for step in range(5000):', '    x[0] = x[0] + 1', 'm(x)']],
    ['in_place', ['x = torch.zeros(2, 4)', 'if torch.cuda.is_available():', '    x.add_(1)', 'm(x)']],
  ] as const) {
    const r = runFileValues(name, [...lines]);
    assert.equal(r.code, 0, `${name}: ${r.stderr}`);
    assert.match(r.json!.inputs[0]!, /^x \[2, 4\] random values in the shape of the file's call/, name);
  }
  // the same writes where the file's path is known are followed
  const r = runFileValues('in_place_known', ['x = torch.zeros(2, 4)', 'x.add_(1)', 'x[0].fill_(3)', 'm(x)']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.json!.inputs[0]!, /^x \[2, 4\] from the file's call/);
  // torch: x.add_(1) makes x all ones, x[0] is a view that fill_ writes: [[3, 3, 3, 3], [1, 1, 1, 1]], doubled
  assert.deepEqual([r.json!.outputs[0]!.min, r.json!.outputs[0]!.max], [2, 6]);
});

test('a comprehension over items a run does not know stops it with the line', () => {
  const src = path.join(tmp, 'comprehension.py');
  fs.writeFileSync(src, [
    'import sys', 'import torch', 'import torch.nn as nn', '', '',
    'class M(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.scales = [float(a) for a in sys.argv[1:]]', '',
    '    def forward(self, x):', '        return torch.stack([x * k for k in self.scales])', '', '',
    'm = M()', 'm(torch.ones(2))', '',
  ].join('\n'));
  const r = run([src, '--module', 'm']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /line 12: \[x \* k for k in self\.scales\]: the items of this comprehension are not known in a sample run/);
});

test('a conditional expression on a value the run does not know stops it; random.random() < 0 is decided', () => {
  const write = (name: string, ratio: string): string => {
    const src = path.join(tmp, `${name}.py`);
    fs.writeFileSync(src, [
      'import random', 'import torch', 'import torch.nn as nn', '', '',
      'class M(nn.Module):', '    def forward(self, a, b, ratio):', '        teacher_force = random.random() < ratio', '        return a if teacher_force else b', '', '',
      'm = M()', `m(torch.zeros(2), torch.ones(2), ${ratio})`, '',
    ].join('\n'));
    return src;
  };
  const r = run([write('teacher_half', '0.5'), '--module', 'm']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /line 9: teacher_force: this condition is not known in a sample run/);
  // random.random() is in [0, 1): with a ratio of 0 teacher forcing never happens, so b (ones) is returned
  const z = run([write('teacher_zero', '0'), '--module', 'm', '--format', 'json']);
  assert.equal(z.code, 0, z.stderr);
  const j = JSON.parse(z.stdout) as { outputs: { min: number; max: number }[] };
  assert.deepEqual([j.outputs[0]!.min, j.outputs[0]!.max], [1, 1]);
});

test("a helper of the file's that returns on a path the run cannot follow gives values only when every path returns the same ones", () => {
  const differs = runFileValues('helper_differs', ['def make():', '    if torch.cuda.is_available():', '        return torch.ones(2, 4)', '    return torch.zeros(2, 4)', '', 'm(make())']);
  assert.equal(differs.code, 0, differs.stderr);
  assert.match(differs.json!.inputs[0]!, /^x \[2, 4\] random values in the shape of the file's call/);
  const same = runFileValues('helper_same', ['def pick(t, u):', '    if torch.cuda.is_available():', '        return t', '    return t', '', 'm(pick(torch.ones(2, 4), 0))']);
  assert.equal(same.code, 0, same.stderr);
  assert.match(same.json!.inputs[0]!, /^x \[2, 4\] from the file's call/);
  assert.deepEqual([same.json!.outputs[0]!.min, same.json!.outputs[0]!.max], [2, 2]);
});
