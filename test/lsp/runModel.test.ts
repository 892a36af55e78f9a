// Protocol tests of whole-model runs against the bundled server: the `▶ Run model` code lens above a model
// class the file builds, `rnnlens/listModels`, and `rnnlens/runModel` on the file's own call with the
// weights sent by the client — every output equal to torch's (test/models, written by make_models.py)
// within 1e-5 + 1e-4·|want|, the per-layer table with torch's parameter counts, errors and cancellation.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CancellationTokenSource } from 'vscode-jsonrpc/node';
import { readSafetensors } from '../../engine/src/index';
import { toBase64 } from '../../server/src/base64';
import { ListModelsRequest, RunModelRequest, SampleOutputsRequest, type RunModelResult } from '../../server/src/protocol';
import { fileUri, repoRoot, startServer, type ServerUnderTest } from './lspClient';

const models = path.join(repoRoot, 'test', 'models');
const tagger = path.join(models, 'tagger.py');
const weights = toBase64(fs.readFileSync(path.join(models, 'tagger.safetensors')));

describe('whole-model runs over LSP', () => {
  let server: ServerUnderTest;
  const uri = fileUri(tagger);
  before(async () => {
    server = await startServer();
    await server.open(uri, fs.readFileSync(tagger, 'utf8'));
  });
  after(async () => {
    await server.stop();
  });

  it('puts a "▶ Run model" lens above the model class the file builds, and lists it', async () => {
    const lenses = (await server.connection.sendRequest('textDocument/codeLens', { textDocument: { uri } })) as { range: { start: { line: number } }; command?: { title: string; arguments?: unknown[] } }[];
    const model = lenses.filter((l) => l.command?.title === '▶ Run model');
    assert.deepEqual(model.map((l) => [l.range.start.line, l.command!.arguments]), [[7, [{ uri, module: 'Tagger' }]]]);
    assert.deepEqual(await server.connection.sendRequest(ListModelsRequest, { uri }), [{ name: 'Tagger', line: 7 }]);
  });

  it("runs the model on the file's own call with the given weights: torch's outputs, names and shapes", async () => {
    const r: RunModelResult = await server.connection.sendRequest(RunModelRequest, { uri, module: 'Tagger', seed: 0, weightsPath: 'tagger.safetensors', weightsBase64: weights });
    assert.equal(r.kind, 'model');
    assert.equal(r.line, 7);
    assert.equal(r.callLine, 32); // result = tagger(tokens, lengths)
    assert.match(r.weightsSource, /tagger\.safetensors/);
    const want = readSafetensors(fs.readFileSync(path.join(models, 'tagger_file_call_expected.safetensors')));
    assert.deepEqual(r.outputs.map((o) => o.name), want.keys());
    const saved = await server.connection.sendRequest(SampleOutputsRequest, { runId: r.runId });
    const got = readSafetensors(Buffer.from(saved.safetensors, 'base64'));
    for (const k of want.keys()) {
      const g = got.tensor(k);
      const w = want.tensor(k, true);
      assert.deepEqual(g.shape, w.shape, `${k}: shape`);
      w.data.forEach((x, i) => assert.ok(Math.abs(g.data[i]! - x) <= 1e-5 + 1e-4 * Math.abs(x), `${k}[${i}]: got ${g.data[i]}, torch ${x}`));
    }
    // the per-layer table with torch's parameter counts (sum(p.numel()) of each named child of
    // Tagger(30, 12, 16, 5) in torch 1.13: 360, 2880, 64, 165, 0; 3469 in all)
    assert.deepEqual(r.layers.map((l) => [l.name, l.kind, l.params]), [
      ['dropout', 'Dropout', 0],
      ['emb', 'Embedding', 360],
      ['gru', 'GRU', 2880],
      ['norm', 'LayerNorm', 64],
      ['proj', 'Linear', 165],
    ].sort((a, b) => r.layers.findIndex((l) => l.name === a[0]) - r.layers.findIndex((l) => l.name === b[0])));
    assert.equal(r.paramCount, 3469);
    assert.ok(r.inputs.some((i) => /tokens .*from the file's call \(line 33\)/.test(i)), r.inputs.join('; '));
  });

  it('says why when the module is not one the file runs, and stops a cancelled run', async () => {
    await assert.rejects(server.connection.sendRequest(RunModelRequest, { uri, module: 'Nope' }), /Nope/);
    const cts = new CancellationTokenSource();
    const run = server.connection.sendRequest(RunModelRequest, { uri, module: 'Tagger', seed: 0 }, cts.token);
    setTimeout(() => cts.cancel(), 20);
    await assert.rejects(run, /cancelled/);
  });
});
