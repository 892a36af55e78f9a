// Protocol tests of `rnnlens/listLayers` and `rnnlens/runSample` against the bundled server: a layer run
// in the engine with work-done progress, shapes compared with the static ones, seeds, errors, cancellation.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as os from 'node:os';
import { CancellationTokenSource } from 'vscode-jsonrpc/node';
import { readSafetensors, writeSafetensors } from '../../engine/src/index';
import { ListLayersRequest, RunSampleRequest, SampleOutputsRequest, type RunSampleResult } from '../../server/src/protocol';
import { staticShapes } from '../../server/src/lsp/runSample';
import { evalSize } from '../../server/src/lsp/sampleInputs';
import { fileUri, repoRoot, startServer, type ServerUnderTest } from './lspClient';

const bilstm = path.join(repoRoot, 'test', 'lsp', 'fixtures', 'bilstm.py');

describe('sample runs over LSP', () => {
  let server: ServerUnderTest;
  const uri = fileUri(bilstm);
  const progress: { token: string | number; value: { kind: string; percentage?: number } }[] = [];
  before(async () => {
    server = await startServer();
    server.connection.onNotification('$/progress', (p: { token: string | number; value: { kind: string; percentage?: number } }) => progress.push(p));
    await server.open(uri, fs.readFileSync(bilstm, 'utf8'));
  });
  after(async () => {
    await server.stop();
  });

  it('lists the declared layers', async () => {
    const layers = await server.connection.sendRequest(ListLayersRequest, { uri });
    assert.deepEqual(
      layers.map((l) => [l.target, l.kind, l.runnable, l.inDocument, l.range.start.line]),
      [['lstm', 'LSTM', true, true, 4]],
    );
    assert.match(layers[0]!.detail, /LSTM\(.*bidirectional=True/);
  });

  it('runs the layer on the input the code builds at its call (not the settings), reports progress, and matches the static shapes', async () => {
    // bilstm.py: x = torch.randn(4, 7, 10); lstm(x). Shapes from torch: output (4, 7, 40), h_n and c_n (2, 4, 20).
    const r: RunSampleResult = await server.connection.sendRequest(RunSampleRequest, { uri, target: 'lstm', batchSize: 3, sequenceLength: 6, seed: 1, workDoneToken: 'run-1' });
    assert.deepEqual(r.inputShape, [4, 7, 10]);
    assert.deepEqual([r.batchSize, r.sequenceLength, r.callLine, r.line], [4, 7, 6, 4]);
    assert.deepEqual(
      r.outputs.map((o) => [o.name, o.shape, o.expectedShape, o.matchesStatic]),
      [
        ['output', [4, 7, 40], [4, 7, 40], true],
        ['h_n', [2, 4, 20], [2, 4, 20], true],
        ['c_n', [2, 4, 20], [2, 4, 20], true],
      ],
    );
    assert.equal(r.staticShapesMatch, true);
    assert.equal(r.seed, 1);
    // one stacked layer, both directions, 7 steps; parameters as torch counts them (5120)
    assert.deepEqual(r.layers.map((l) => [l.name, l.outputShape, l.params, l.norms.length, l.norms[0]!.length]), [['lstm.l0', [4, 7, 40], 5120, 2, 7]]);
    assert.deepEqual(r.layers[0]!.saturation?.map((dir) => dir.map((g) => g.gate)), [['i', 'f', 'o'], ['i', 'f', 'o']]);
    assert.ok(r.layers[0]!.saturation!.flat().every((g) => g.low >= 0 && g.high >= 0 && g.low + g.high <= 1));
    assert.equal(r.paramCount, 5120);
    assert.ok(r.layers[0]!.norms.flat().every((v) => v > 0 && v < Math.sqrt(20)), 'each |h_t| is below sqrt(H) since |h| < 1 elementwise');
    assert.deepEqual(r.inputs.map((i) => [i.name, i.shape]), [['input', [4, 7, 10]], ['h0', [2, 4, 20]]]);
    assert.match(r.inputs[1]!.source, /not given at line 7: zeros/);
    // an LSTM's output is o * tanh(c): inside (-1, 1), not constant, finite
    const out = r.outputs[0]!;
    assert.ok(out.min > -1 && out.max < 1 && out.std > 0, JSON.stringify(out));
    assert.equal(out.nanCount + out.infCount, 0);
    assert.ok(r.millis > 0 && r.gflops > 0);
    const kinds = progress.filter((p) => p.token === 'run-1').map((p) => p.value.kind);
    assert.equal(kinds[0], 'begin');
    assert.equal(kinds[kinds.length - 1], 'end');
  });

  it('is deterministic per seed', async () => {
    const a = await server.connection.sendRequest(RunSampleRequest, { uri, position: { line: 4, character: 3 }, seed: 7 });
    const b = await server.connection.sendRequest(RunSampleRequest, { uri, position: { line: 4, character: 3 }, seed: 7 });
    const c = await server.connection.sendRequest(RunSampleRequest, { uri, position: { line: 4, character: 3 }, seed: 8 });
    assert.deepEqual(a.outputs, b.outputs);
    assert.notDeepEqual(a.outputs, c.outputs);
    assert.deepEqual(a.outputs[0]!.shape, [4, 7, 40]);
  });

  it('uses the sample settings (or the request) where the code has no call of the layer', async () => {
    const small = fileUri(path.join(repoRoot, 'test', 'lsp', 'fixtures', 'no-call.py'));
    await server.open(small, 'import torch.nn as nn\n\nlstm = nn.LSTM(3, 4)\n');
    const byDefault = await server.connection.sendRequest(RunSampleRequest, { uri: small, target: 'lstm' });
    assert.deepEqual(byDefault.inputShape, [5, 2, 3], 'settings: batch 2, length 5, time-major');
    const asked = await server.connection.sendRequest(RunSampleRequest, { uri: small, target: 'lstm', batchSize: 3, sequenceLength: 6 });
    assert.deepEqual([asked.inputShape, asked.outputs[0]!.shape, asked.outputs[0]!.matchesStatic], [[6, 3, 3], [6, 3, 4], true]);
    assert.equal(asked.callLine, undefined);
    assert.match(asked.inputs[0]!.source, /from the settings/);
  });

  it('refuses a position with no layer and an unknown target', async () => {
    await assert.rejects(server.connection.sendRequest(RunSampleRequest, { uri, position: { line: 6, character: 0 } }), /no recurrent layer is declared there/);
    await assert.rejects(server.connection.sendRequest(RunSampleRequest, { uri, target: 'nope' }), /no recurrent layer 'nope'/);
  });

  it('refuses a run over the memory limit', async () => {
    const noCall = fileUri(path.join(repoRoot, 'test', 'lsp', 'fixtures', 'no-call-big.py'));
    await server.open(noCall, 'import torch.nn as nn\n\nlstm = nn.LSTM(10, 20)\n');
    await assert.rejects(server.connection.sendRequest(RunSampleRequest, { uri: noCall, target: 'lstm', batchSize: 4096, sequenceLength: 100000, memoryLimitMB: 16 }), /MB|memory|limit/i);
  });

  it('runs with weights from a .safetensors file and key prefix', async () => {
    const small = fileUri(path.join(repoRoot, 'test', 'lsp', 'fixtures', 'small-lstm.py'));
    await server.open(small, 'import torch.nn as nn\n\nlstm = nn.LSTM(3, 4)\n');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnnlens-weights-'));
    const zeros = (shape: number[]): { shape: number[]; data: Float32Array } => ({ shape, data: new Float32Array(shape.reduce((a, b) => a * b, 1)) });
    const file = path.join(dir, 'model.safetensors');
    // all-zero weights and biases: every gate is constant, g = tanh(0) = 0, so c and h stay exactly 0
    fs.writeFileSync(file, writeSafetensors({ 'enc.weight_ih_l0': zeros([16, 3]), 'enc.weight_hh_l0': zeros([16, 4]), 'enc.bias_ih_l0': zeros([16]), 'enc.bias_hh_l0': zeros([16]) }));
    try {
      const r = await server.connection.sendRequest(RunSampleRequest, { uri: small, target: 'lstm', weightsPath: file, weightsPrefix: 'enc.' });
      assert.match(r.weightsSource, /model\.safetensors/);
      for (const o of r.outputs) assert.deepEqual([o.min, o.max, o.std], [0, 0, 0], o.name);
      const random = await server.connection.sendRequest(RunSampleRequest, { uri: small, target: 'lstm' });
      assert.ok(random.outputs[0]!.std > 0, 'initialised weights give a non-constant output');
      // a file whose tensors do not fit the layer is refused with the key and both shapes
      fs.writeFileSync(file, writeSafetensors({ 'weight_ih_l0': zeros([16, 5]), 'weight_hh_l0': zeros([16, 4]), 'bias_ih_l0': zeros([16]), 'bias_hh_l0': zeros([16]) }));
      await assert.rejects(server.connection.sendRequest(RunSampleRequest, { uri: small, target: 'lstm', weightsPath: file }), /weight_ih_l0/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('runs with weights from a torch.save .pt checkpoint', async () => {
    const gru = fileUri(path.join(repoRoot, 'test', 'lsp', 'fixtures', 'gru-pt.py'));
    await server.open(gru, 'import torch.nn as nn\n\ngru = nn.GRU(5, 7)\n');
    const pt = path.join(repoRoot, 'test', 'engine', 'checkpoints', 'tagger.pt');
    const st = path.join(repoRoot, 'test', 'engine', 'cli', 'gru_weights.safetensors');
    const a = await server.connection.sendRequest(RunSampleRequest, { uri: gru, target: 'gru', weightsPath: pt, weightsPrefix: 'gru.', seed: 3 });
    const b = await server.connection.sendRequest(RunSampleRequest, { uri: gru, target: 'gru', weightsPath: st, seed: 3 });
    assert.match(a.weightsSource, /tagger\.pt \(state_dict under 'model_state_dict', prefix 'module\.' removed; prefix 'gru\.'\)/);
    assert.deepEqual(a.outputs, b.outputs);
    const evil = path.join(repoRoot, 'test', 'engine', 'checkpoints', 'evil_eval.pt');
    await assert.rejects(server.connection.sendRequest(RunSampleRequest, { uri: gru, target: 'gru', weightsPath: evil }), /global '__builtin__\.eval' is not allowed/);
  });

  it('queues concurrent runs: at most two engine workers at once, the rest told they wait', async () => {
    const mid = fileUri(path.join(repoRoot, 'test', 'lsp', 'fixtures', 'mid-lstm.py'));
    await server.open(mid, 'import torch.nn as nn\n\nmid = nn.LSTM(64, 128, num_layers=2)\n');
    const tokens = Array.from({ length: 6 }, (_, i) => `queue-${i}`);
    const results = await Promise.all(tokens.map((t) => server.connection.sendRequest(RunSampleRequest, { uri: mid, target: 'mid', batchSize: 8, sequenceLength: 200, workDoneToken: t })));
    assert.equal(results.length, 6);
    for (const r of results) assert.deepEqual(r.outputs[0]!.shape, [200, 8, 128]);
    const waited = tokens.filter((t) => progress.some((p) => p.token === t && /waiting for \d+ other run/.test((p.value as { message?: string }).message ?? '')));
    assert.ok(waited.length >= 4, `${waited.length} of 6 runs waited`);
  });

  it('caps a request’s memory limit at the 4096 MB WASM can address, refusing before it allocates', async () => {
    // (a layer the code never calls: the request's sizes are the run's, not a call's input)
    const lone = fileUri(path.join(repoRoot, 'test', 'lsp', 'fixtures', 'lone-lstm.py'));
    await server.open(lone, 'import torch.nn as nn\n\nlone = nn.LSTM(512, 512, num_layers=4)\n');
    await assert.rejects(
      server.connection.sendRequest(RunSampleRequest, { uri: lone, target: 'lone', batchSize: 4096, sequenceLength: 100000, memoryLimitMB: 1_000_000 }),
      /more than the 4096 MB a WebAssembly engine can address/,
    );
  });

  it('cancels a long run', async () => {
    const big = fileUri(path.join(repoRoot, 'test', 'lsp', 'fixtures', 'big-lstm.py'));
    await server.open(big, 'import torch.nn as nn\n\nbig = nn.LSTM(512, 512, num_layers=4)\n');
    const source = new CancellationTokenSource();
    const started = Date.now();
    const run = server.connection.sendRequest(RunSampleRequest, { uri: big, target: 'big', batchSize: 32, sequenceLength: 4000, memoryLimitMB: 8000 }, source.token);
    setTimeout(() => source.cancel(), 300);
    await assert.rejects(run, (err: { code?: number }) => err.code === -32800);
    assert.ok(Date.now() - started < 5000, 'cancelled promptly');
    // the server still answers afterwards
    const small = await server.connection.sendRequest(RunSampleRequest, { uri, target: 'lstm' });
    assert.equal(small.staticShapesMatch, true);
  });
});

describe('sample runs feed what the code builds', () => {
  let server: ServerUnderTest;
  const calls = fileUri(path.join(repoRoot, 'test', 'lsp', 'fixtures', 'calls.py'));
  const open = fileUri(path.join(repoRoot, 'test', 'lsp', 'fixtures', 'open_sizes.py'));
  before(async () => {
    server = await startServer();
    await server.open(calls, fs.readFileSync(path.join(repoRoot, 'test', 'lsp', 'fixtures', 'calls.py'), 'utf8'));
    await server.open(open, fs.readFileSync(path.join(repoRoot, 'test', 'lsp', 'fixtures', 'open_sizes.py'), 'utf8'));
  });
  after(async () => {
    await server.stop();
  });

  it('gru(x) with x = torch.randn(3, 9, 6) runs as (3, 9, 6), agreeing with the inlay hints', async () => {
    const r = await server.connection.sendRequest(RunSampleRequest, { uri: calls, target: 'gru' });
    // torch: GRU(6, 8) on (3, 9, 6) gives output (3, 9, 8) and h_n (1, 9, 8)
    assert.deepEqual(r.inputShape, [3, 9, 6]);
    assert.equal(r.callLine, 7);
    assert.deepEqual(r.outputs.map((o) => [o.name, o.shape, o.matchesStatic]), [['output', [3, 9, 8], true], ['h_n', [1, 9, 8], true]]);
    const hints = await server.connection.sendRequest('textDocument/inlayHint', { textDocument: { uri: calls }, range: { start: { line: 7, character: 0 }, end: { line: 8, character: 0 } } }) as { label: string | { value: string }[] }[];
    const labels = hints.map((h) => (typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join('')));
    assert.ok(labels.some((l) => l.includes('(3, 9, 8)')), labels.join(' | '));
  });

  it('a run from a call uses that call (here: the loop, whose state is given but not constant)', async () => {
    const r = await server.connection.sendRequest(RunSampleRequest, { uri: calls, target: 'gru', position: { line: 31, character: 12 } });
    assert.equal(r.callLine, 31);
    assert.deepEqual(r.inputs.map((i) => [i.name, i.shape]), [['input', [3, 9, 6]], ['h0', [1, 9, 8]]]);
    assert.match(r.inputs[1]!.source, /random normal in the shape the code gives at line 32/);
  });

  it('h0 = torch.zeros and c0 = torch.full(0.5) are fed with their values', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnnlens-calls-'));
    const zeros = (shape: number[]): { shape: number[]; data: Float32Array } => ({ shape, data: new Float32Array(shape.reduce((a, b) => a * b, 1)) });
    const tensors: Record<string, { shape: number[]; data: Float32Array }> = {};
    for (const l of [0, 1]) {
      tensors[`weight_ih_l${l}`] = zeros([20, l === 0 ? 4 : 5]);
      tensors[`weight_hh_l${l}`] = zeros([20, 5]);
      tensors[`bias_ih_l${l}`] = zeros([20]);
      tensors[`bias_hh_l${l}`] = zeros([20]);
    }
    const file = path.join(dir, 'zeros.safetensors');
    fs.writeFileSync(file, writeSafetensors(tensors));
    try {
      const r = await server.connection.sendRequest(RunSampleRequest, { uri: calls, target: 'lstm', weightsPath: file });
      assert.deepEqual(r.inputs.map((i) => [i.name, i.shape]), [['input', [3, 7, 4]], ['h0', [2, 3, 5]], ['c0', [2, 3, 5]]]);
      assert.match(r.inputs[2]!.source, /filled with 0\.5/);
      // zero weights: every gate is sigmoid(0) = 0.5 and g = 0, so c halves each step from 0.5: after 7 steps
      // c_n = 0.5^8 and h_n = 0.5 * tanh(0.5^8); torch 1.13 gives 0.00390625 and 0.0019531151046976447
      const cn = r.outputs.find((o) => o.name === 'c_n')!;
      const hn = r.outputs.find((o) => o.name === 'h_n')!;
      // (the engine's tolerance: |got - want| <= 1e-5 + 1e-4 * |want|)
      const near = (got: number, want: number) => Math.abs(got - want) <= 1e-5 + 1e-4 * Math.abs(want);
      assert.ok(near(cn.min, 0.00390625) && near(cn.max, 0.00390625) && cn.std === 0, JSON.stringify(cn));
      assert.ok(near(hn.min, 0.0019531151046976447) && near(hn.max, 0.0019531151046976447) && hn.std === 0, JSON.stringify(hn));
      // with zero states the same weights would give c_n = 0 exactly: the fills reached the engine
      assert.ok(cn.min > 0.003);
      // every gate is sigmoid(0) = 0.5: none saturated, in both layers
      assert.deepEqual(r.layers.map((l) => l.saturation?.[0]?.map((g) => [g.gate, g.low, g.high])), [
        [['i', 0, 0], ['f', 0, 0], ['o', 0, 0]],
        [['i', 0, 0], ['f', 0, 0], ['o', 0, 0]],
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a tensor the code writes as a literal is fed with its values', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnnlens-literal-'));
    // RNN(2, 3) with W_ih = [[1, 0], [0, 1], [1, 1]] and nothing else: h_t = tanh(W_ih x_t)
    const t = (shape: number[], values: number[]) => ({ shape, data: Float32Array.from(values) });
    const file = path.join(dir, 'rnn_lit.safetensors');
    fs.writeFileSync(file, writeSafetensors({ weight_ih_l0: t([3, 2], [1, 0, 0, 1, 1, 1]), weight_hh_l0: t([3, 3], Array(9).fill(0)), bias_ih_l0: t([3], [0, 0, 0]), bias_hh_l0: t([3], [0, 0, 0]) }));
    try {
      const r = await server.connection.sendRequest(RunSampleRequest, { uri: calls, target: 'rnn_lit', position: { line: 52, character: 20 }, weightsPath: file });
      assert.deepEqual(r.inputShape, [3, 1, 2]);
      assert.match(r.inputs[0]!.source, /the values the code writes/);
      // torch 1.13 on rnn_lit(torch.tensor([[[0.5, -1.0]], [[2.0, 0.25]], [[1.0, 1.0]]])) with these weights:
      // output min -0.7615941762924194, max 0.9780260920524597, mean 0.43473270535469055
      const near = (got: number, want: number) => Math.abs(got - want) <= 1e-5 + 1e-4 * Math.abs(want);
      const out = r.outputs.find((o) => o.name === 'output')!;
      assert.ok(near(out.min, -0.7615941762924194) && near(out.max, 0.9780260920524597) && near(out.mean, 0.43473270535469055), JSON.stringify(out));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a cell fed hx whose value the code changed in place runs with random values of its shape', async () => {
    const r = await server.connection.sendRequest(RunSampleRequest, { uri: calls, target: 'cell' });
    assert.deepEqual(r.inputs.map((i) => [i.name, i.shape]), [['input', [2, 4]], ['hx', [2, 6]]]);
    assert.match(r.inputs[1]!.source, /random normal/);
    assert.deepEqual(r.outputs.map((o) => [o.shape, o.matchesStatic]), [[[2, 6], true]]);
  });

  it('a layer with open sizes lists them, its lens asks for them, and it runs with the values given', async () => {
    const layers = await server.connection.sendRequest(ListLayersRequest, { uri: open });
    assert.deepEqual(layers.map((l) => [l.target, l.runnable, l.missing]), [['self.lstm', false, ['embed_dim', 'hidden_dim', 'bidirectional']]]);
    const lenses = await server.connection.sendRequest('textDocument/codeLens', { textDocument: { uri: open } }) as { command?: { title: string; command: string; arguments?: { missing?: string[] }[] } }[];
    assert.equal(lenses[0]?.command?.title, '▶ Run sample (asks for embed_dim, hidden_dim, bidirectional)');
    assert.equal(lenses[0]?.command?.command, 'rnnlens.runSample');
    assert.deepEqual(lenses[0]?.command?.arguments?.[0]?.missing, ['embed_dim', 'hidden_dim', 'bidirectional']);
    await assert.rejects(server.connection.sendRequest(RunSampleRequest, { uri: open, target: 'self.lstm' }), /embed_dim, hidden_dim, bidirectional/);
    await assert.rejects(server.connection.sendRequest(RunSampleRequest, { uri: open, target: 'self.lstm', sizes: { embed_dim: 5 } }), /needs a value/);
    // torch: LSTM(5, 2*3, batch_first=True, bidirectional=True) has 624 parameters; (2, 5, 5) in gives (2, 5, 12)
    const r = await server.connection.sendRequest(RunSampleRequest, { uri: open, target: 'self.lstm', sizes: { embed_dim: 5, hidden_dim: 3, bidirectional: true } });
    assert.equal(r.paramCount, 624);
    assert.deepEqual(r.outputs.map((o) => o.shape), [[2, 5, 12], [2, 2, 6], [2, 2, 6]]);
    assert.deepEqual(r.sizes, { embed_dim: 5, hidden_dim: 3, bidirectional: true });
    // the static shapes (output (N, L, 2*D*hidden_dim), …) resolve with the values given and D = 2 directions
    assert.deepEqual(r.outputs.map((o) => o.matchesStatic), [true, true, true]);
  });

  it('returns the outputs of a recent run as .safetensors', async () => {
    const r = await server.connection.sendRequest(RunSampleRequest, { uri: calls, target: 'gru' });
    const { safetensors } = await server.connection.sendRequest(SampleOutputsRequest, { runId: r.runId });
    const file = readSafetensors(Buffer.from(safetensors, 'base64'), 'outputs');
    assert.deepEqual(file.keys(), ['output', 'h_n']);
    assert.deepEqual(file.entries.get('output')?.shape, [3, 9, 8]);
    const out = file.tensor('output').data;
    let min = Infinity;
    for (const v of out) min = Math.min(min, v);
    assert.equal(min, r.outputs[0]!.min);
    await assert.rejects(server.connection.sendRequest(SampleOutputsRequest, { runId: 10_000 }), /no longer kept/);
  });
});

describe('static shapes of a call', () => {
  it('substitutes the run batch and length into the returns of a layer', () => {
    assert.deepEqual(staticShapes(['output (L, N, 40)', 'h_n (2, N, 20)'], 3, 7), [
      [7, 3, 40],
      [2, 3, 20],
    ]);
    assert.deepEqual(staticShapes(["h' (N, 8)", 'weird (N, H_in)', 'nothing'], 2, 5), [[2, 8], undefined, undefined]);
  });

  it('drops N for unbatched input (torch: output (L, D*H_out), h_n (D*num_layers, H_out)) and fills given sizes', () => {
    assert.deepEqual(staticShapes(['output (L, N, 40)', 'h_n (2, N, 20)'], undefined, 7), [[7, 40], [2, 20]]);
    assert.deepEqual(staticShapes(['output (N, L, 2*D*hidden_dim)', 'h_n (D, N, 2*hidden_dim)'], 2, 5, { D: 2, hidden_dim: 3 }), [[2, 5, 12], [2, 2, 6]]);
  });

  it('evaluates sizes as the analysis prints them', () => {
    assert.equal(evalSize('2*hidden + 1', { hidden: 3 }), 7);
    assert.equal(evalSize('1/2*d_model', { d_model: 8 }), 4);
    assert.equal(evalSize('n - 1', { n: 5 }), 4);
    assert.equal(evalSize('-2 + a*b', { a: 3, b: 4 }), 10);
    assert.equal(evalSize('40', {}), 40);
    assert.equal(evalSize('hidden', {}), undefined);
    assert.equal(evalSize('?', {}), undefined);
    assert.equal(evalSize('x // 2', { x: 4 }), undefined);
  });
});
