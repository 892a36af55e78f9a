// Protocol tests of `rnnlens/listLayers` and `rnnlens/runSample` against the bundled server: a layer run
// in the engine with work-done progress, shapes compared with the static ones, seeds, errors, cancellation.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as os from 'node:os';
import { CancellationTokenSource } from 'vscode-jsonrpc/node';
import { writeSafetensors } from '../../engine/src/index';
import { ListLayersRequest, RunSampleRequest, type RunSampleResult } from '../../server/src/protocol';
import { staticShapes } from '../../server/src/lsp/runSample';
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

  it('runs the layer with the requested batch, length and seed, reports progress, and matches the static shapes', async () => {
    const r: RunSampleResult = await server.connection.sendRequest(RunSampleRequest, { uri, target: 'lstm', batchSize: 3, sequenceLength: 6, seed: 1, workDoneToken: 'run-1' });
    assert.deepEqual(r.inputShape, [3, 6, 10]);
    assert.deepEqual(
      r.outputs.map((o) => [o.name, o.shape, o.expectedShape, o.matchesStatic]),
      [
        ['output', [3, 6, 40], [3, 6, 40], true],
        ['h_n', [2, 3, 20], [2, 3, 20], true],
        ['c_n', [2, 3, 20], [2, 3, 20], true],
      ],
    );
    assert.equal(r.staticShapesMatch, true);
    assert.equal(r.seed, 1);
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
    // defaults from the settings: batch 2, length 5
    assert.deepEqual(a.outputs[0]!.shape, [2, 5, 40]);
  });

  it('refuses a position with no layer and an unknown target', async () => {
    await assert.rejects(server.connection.sendRequest(RunSampleRequest, { uri, position: { line: 6, character: 0 } }), /no recurrent layer is declared there/);
    await assert.rejects(server.connection.sendRequest(RunSampleRequest, { uri, target: 'nope' }), /no recurrent layer 'nope'/);
  });

  it('refuses a run over the memory limit', async () => {
    await assert.rejects(server.connection.sendRequest(RunSampleRequest, { uri, target: 'lstm', batchSize: 4096, sequenceLength: 100000, memoryLimitMB: 16 }), /MB|memory|limit/i);
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
    await assert.rejects(
      server.connection.sendRequest(RunSampleRequest, { uri, target: 'lstm', batchSize: 4096, sequenceLength: 100000, memoryLimitMB: 1_000_000 }),
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

describe('static shapes of a call', () => {
  it('substitutes the run batch and length into the returns of a layer', () => {
    assert.deepEqual(staticShapes(['output (L, N, 40)', 'h_n (2, N, 20)'], 3, 7), [
      [7, 3, 40],
      [2, 3, 20],
    ]);
    assert.deepEqual(staticShapes(["h' (N, 8)", 'weird (N, H_in)', 'nothing'], 2, 5), [[2, 8], undefined, undefined]);
  });
});
