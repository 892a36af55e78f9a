// `rnnlens run` end to end: spawns the bundled CLI (dist/cli.js, built by `npm run build`) on
// test/engine/cli/model.py and compares --save output with what torch computed for the same weights.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readSafetensors, writeSafetensors } from '../../engine/src/safetensors';
import { assertClose } from '../engine/fixture-io';

const root = path.join(__dirname, '..', '..');
const cli = path.join(root, 'dist', 'cli.js');
const dir = path.join(root, 'test', 'engine', 'cli');
const model = path.join(dir, 'model.py');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rnnlens-run-'));

function run(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  assert.ok(fs.existsSync(cli), 'dist/cli.js is missing: run `npm run build` first');
  const r = spawnSync(process.execPath, [cli, 'run', ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function compareSaved(saved: string, expected: string, names: string[]): void {
  const got = readSafetensors(fs.readFileSync(saved));
  const want = readSafetensors(fs.readFileSync(path.join(dir, expected)));
  assert.deepEqual(got.keys().sort(), [...names].sort());
  for (const n of names) assertClose(got.tensor(n), want.tensor(n), n);
}

test('bi-LSTM inside a class with a whole-model state_dict reproduces torch', () => {
  const out = path.join(tmp, 'enc.safetensors');
  const r = run(model, '--module', 'Encoder.lstm', '--weights', path.join(dir, 'encoder_weights.safetensors'), '--inputs', path.join(dir, 'encoder_inputs.safetensors'), '--save', out);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /prefix 'lstm\.'/);
  assert.match(r.stdout, /output\s+\(3, 6, 32\)/);
  assert.match(r.stdout, /h_n\s+\(4, 3, 16\)/);
  assert.match(r.stdout, /shapes: equal to the static prediction/);
  assert.match(r.stdout, /NaN 0\s+Inf 0/);
  compareSaved(out, 'encoder_expected.safetensors', ['output', 'h_n', 'c_n']);
});

test('GRU with h0 from the inputs file reproduces torch (json format)', () => {
  const out = path.join(tmp, 'gru.safetensors');
  const r = run(model, '--module', 'self.gru', '--weights', path.join(dir, 'gru_weights.safetensors'), '--inputs', path.join(dir, 'gru_inputs.safetensors'), '--save', out, '--format', 'json');
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout) as { kind: string; shapesMatchPrediction: boolean; outputs: { name: string; shape: number[] }[]; predicted: Record<string, number[]> };
  assert.equal(j.kind, 'GRU');
  assert.equal(j.shapesMatchPrediction, true);
  assert.deepEqual(j.outputs.map((o) => [o.name, o.shape]), [['output', [4, 2, 7]], ['h_n', [1, 2, 7]]]);
  compareSaved(out, 'gru_expected.safetensors', ['output', 'h_n']);
});

test('random run of a cell with --batch and --seed is repeatable', () => {
  const a = path.join(tmp, 'c1.safetensors'), b = path.join(tmp, 'c2.safetensors');
  const r1 = run(model, '--module', 'cell', '--batch', '3', '--seed', '9', '--save', a);
  const r2 = run(model, '--module', 'Tagger.cell', '--batch', '3', '--seed', '9', '--save', b);
  assert.equal(r1.code, 0, r1.stderr);
  assert.equal(r2.code, 0, r2.stderr);
  assert.match(r1.stdout, /h_1\s+\(3, 9\)/);
  assert.match(r1.stdout, /c_1\s+\(3, 9\)/);
  assert.match(r1.stdout, /seed 9/);
  assert.deepEqual(fs.readFileSync(a), fs.readFileSync(b));
});

test('--unbatched gives torch’s unbatched shapes', () => {
  const r = run(model, '--module', 'lstm', '--unbatched', '--seq', '4', '--format', 'json');
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout) as { outputs: { name: string; shape: number[] }[]; shapesMatchPrediction: boolean };
  assert.deepEqual(j.outputs.map((o) => o.shape), [[4, 32], [4, 16], [4, 16]]);
  assert.equal(j.shapesMatchPrediction, true);
});

test('an unknown module is bad usage (exit 2) and lists the layers found', () => {
  const r = run(model, '--module', 'decoder');
  assert.equal(r.code, 2);
  assert.match(r.stderr, /no recurrent layer 'decoder'/);
  assert.match(r.stderr, /self\.lstm \/ Encoder\.lstm \(LSTM, line 10\)/);
  assert.match(r.stderr, /self\.gru \/ Tagger\.gru \(GRU/);
});

test('missing --module and unknown options are bad usage (exit 2)', () => {
  assert.equal(run(model).code, 2);
  const r = run(model, '--module', 'lstm', '--batch', 'x');
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--batch takes an integer/);
  assert.equal(run(model, '--module', 'lstm', '--frobnicate').code, 2);
});

test('weights of another layer are a run error (exit 1) naming the key', () => {
  const r = run(model, '--module', 'Encoder.lstm', '--weights', path.join(dir, 'gru_weights.safetensors'));
  assert.equal(r.code, 1);
  assert.match(r.stderr, /rnnlens run: .*weight_ih_l0' has shape \(21, 5\), expected \(64, 8\)|missing key/);
});

test('a run over the memory limit is refused (exit 1)', () => {
  const r = run(model, '--module', 'lstm', '--batch', '4096', '--seq', '4096', '--memory-limit', '100');
  assert.equal(r.code, 1);
  assert.match(r.stderr, /refusing to run: .*more than the 100 MB limit/);
});

test('--weights-prefix selects the layer; a wrong one names the missing key (exit 1)', () => {
  const w = path.join(dir, 'encoder_weights.safetensors');
  const ok = run(model, '--module', 'Encoder.lstm', '--weights', w, '--weights-prefix', 'lstm', '--format', 'json');
  assert.equal(ok.code, 0, ok.stderr);
  assert.match((JSON.parse(ok.stdout) as { weights: string }).weights, /prefix 'lstm\.'/);
  const bad = run(model, '--module', 'Encoder.lstm', '--weights', w, '--weights-prefix', 'encoder.lstm.');
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /missing key 'encoder\.lstm\.weight_ih_l0'/);
});

test('--inputs with a zero-length sequence is refused with torch’s message (exit 1)', () => {
  const inputs = path.join(tmp, 'empty-seq.safetensors');
  // Encoder.lstm is batch_first: (batch 2, seq 0, 8)
  fs.writeFileSync(inputs, writeSafetensors({ input: { shape: [2, 0, 8], data: new Float32Array(0) } }));
  const r = run(model, '--module', 'Encoder.lstm', '--inputs', inputs);
  assert.equal(r.code, 1, r.stdout);
  assert.match(r.stderr, /rnnlens run: LSTM: Expected sequence length to be larger than 0 in RNN/);
});

test('--memory-limit above 4096 MB is bad usage (exit 2): WASM addresses 4 GB', () => {
  const r = run(model, '--module', 'lstm', '--batch', '4096', '--seq', '4096', '--memory-limit', '5000');
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--memory-limit is at most 4096 \(MB\): the WebAssembly engine cannot address more than 4 GB, got 5000/);
});

test('--weights model.pt (a DataParallel checkpoint dict from torch.save) gives the same output as the same weights in .safetensors', () => {
  const pt = path.join(root, 'test', 'engine', 'checkpoints', 'tagger.pt');
  const a = path.join(tmp, 'from-pt.safetensors'), b = path.join(tmp, 'from-st.safetensors');
  const inputs = path.join(dir, 'gru_inputs.safetensors');
  const r1 = run(model, '--module', 'self.gru', '--weights', pt, '--inputs', inputs, '--save', a, '--format', 'json');
  const r2 = run(model, '--module', 'self.gru', '--weights', path.join(dir, 'gru_weights.safetensors'), '--inputs', inputs, '--save', b, '--format', 'json');
  assert.equal(r1.code, 0, r1.stderr);
  assert.equal(r2.code, 0, r2.stderr);
  assert.match((JSON.parse(r1.stdout) as { weights: string }).weights, /tagger\.pt \(state_dict under 'model_state_dict', prefix 'module\.' removed; prefix 'gru\.'\)/);
  const [x, y] = [readSafetensors(fs.readFileSync(a)), readSafetensors(fs.readFileSync(b))];
  for (const k of ['output', 'h_n']) assert.deepEqual([...x.tensor(k).data], [...y.tensor(k).data], k);
  compareSaved(a, 'gru_expected.safetensors', ['output', 'h_n']);
});

test('a malicious or legacy .pt is refused (exit 1) with the reason', () => {
  const ck = (f: string): string => path.join(root, 'test', 'engine', 'checkpoints', f);
  const evil = run(model, '--module', 'self.gru', '--weights', ck('evil_os_system.pt'));
  assert.equal(evil.code, 1);
  assert.match(evil.stderr, /rnnlens run: .*evil_os_system\.pt: refusing to load the pickle: global 'posix\.system' is not allowed/);
  const legacy = run(model, '--module', 'self.gru', '--weights', ck('legacy.pt'));
  assert.equal(legacy.code, 1);
  assert.match(legacy.stderr, /legacy torch\.save file/);
});
