// Extension test of "rnnlens: Run Model" as the code lens fires it, in both builds (Node and the web
// worker host): the whole model of tagger_model.py runs on the file's own call and the result panel
// shows the per-layer table and the output checked against the static shape.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RunModelCommandArgs, RunModelResult } from '../../../server/src/protocol';
import { activate, eventually, openPython } from './helpers';

describe('rnnlens whole-model runs', () => {
  it('the "▶ Run model" lens runs the model the file builds and shows its layers in the panel', async () => {
    const api = await activate();
    const doc = await openPython('tagger_model.py');
    const lenses = await eventually(
      'the Run model lens',
      () => vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri),
      (l) => l.some((x) => x.command?.title === '▶ Run model'),
    );
    const lens = lenses.find((x) => x.command?.title === '▶ Run model')!;
    assert.equal(lens.range.start.line, 6); // class Tagger(nn.Module):
    const result = await vscode.commands.executeCommand<RunModelResult | undefined>(lens.command!.command, ...((lens.command!.arguments ?? []) as RunModelCommandArgs[]));
    assert.ok(result, 'the command returned a result');
    // torch: Tagger(100, 16, 32, 5) on tokens (4, 7) returns (4, 7, 5); its children hold 1,600 + 12,800 + 325 parameters
    assert.deepEqual(result.outputs.map((o) => [o.name, o.shape, o.matchesStatic]), [['output', [4, 7, 5], true]]);
    assert.deepEqual(result.layers.map((l) => [l.name, l.kind, l.outputShape, l.params]), [
      ['emb', 'Embedding', [4, 7, 16], 1600],
      ['lstm', 'LSTM', [4, 7, 64], 12800],
      ['out', 'Linear', [4, 7, 5], 325],
    ]);
    assert.equal(result.paramCount, 14725);
    // log_softmax over 5 tags: every value is a log-probability
    assert.ok(result.outputs[0]!.max <= 0 && result.outputs[0]!.min > -20);
    const shown = api.panels.last;
    assert.ok(shown && shown.result === result, 'a panel shows this run');
    assert.equal(shown.panel.title, 'Tagger · tagger_model.py:7');
    assert.match(shown.html, /<td>output<\/td><td><code>\(4, 7, 5\)<\/code><\/td><td class="ok">✓<\/td>/);
    assert.match(shown.markdown, /\| lstm +\| LSTM +\| `\(4, 7, 64\)` +\| 12,800 /);
  });
});
