// Extension tests of "rnnlens: Run Sample Forward Pass": run from the cursor and as the code lens does,
// then read the result panel (a read-only document) — shapes, statistics, time, seed, ✓ against static.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RunSampleResult } from '../../../server/src/protocol';
import { activate, eventually, openPython } from './helpers';

function panelText(target: string): string {
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'rnnlens-sample' && d.uri.path === `/${target} sample run.md`);
  return doc?.getText() ?? '';
}

describe('rnnlens sample runs', () => {
  it('runs the layer under the cursor and shows the result panel', async () => {
    await activate();
    const doc = await openPython('sample_run.py');
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor);
    editor.selection = new vscode.Selection(4, 2, 4, 2); // on `gru = nn.GRU(…)`
    // the analysis must have seen the file before the command asks for its layers
    await eventually('code lenses', () => vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri), (l) => l.length === 2);
    const result = await vscode.commands.executeCommand<RunSampleResult | undefined>('rnnlens.runSample');
    assert.ok(result, 'the command returned a result');
    assert.equal(result.target, 'gru');
    assert.deepEqual(result.outputs.map((o) => [o.name, o.shape]), [['output', [2, 5, 12]], ['h_n', [2, 2, 12]]]);
    assert.equal(result.staticShapesMatch, true);
    const text = await eventually('panel open', () => panelText('gru'), (t) => t.includes('Sample run: gru'));
    assert.match(text, /Input: `\(2, 5, 6\)`/);
    assert.match(text, /\| output +\| `\(2, 5, 12\)` +\| ✓ +\|/);
    assert.match(text, /\| h_n +\| `\(2, 2, 12\)` +\| ✓ +\|/);
    assert.match(text, /GFLOP\/s/);
    assert.match(text, /seed 0/);
    assert.match(text, /Static shapes: ✓/);
    const shown = vscode.window.visibleTextEditors.some((e) => e.document.uri.scheme === 'rnnlens-sample');
    assert.ok(shown, 'the panel is visible beside the code');
  });

  it('runs a cell layer as the code lens does, with the sample settings', async () => {
    await activate();
    const doc = await openPython('sample_run.py');
    const config = vscode.workspace.getConfiguration('rnnlens');
    await config.update('sample.batchSize', 3, vscode.ConfigurationTarget.Global);
    try {
      const result = await vscode.commands.executeCommand<RunSampleResult | undefined>('rnnlens.runSample', {
        uri: doc.uri.toString(),
        target: 'cell',
        position: { line: 9, character: 0 },
      });
      assert.ok(result);
      assert.equal(result.kind, 'LSTMCell');
      assert.deepEqual(result.outputs.map((o) => o.shape), [[3, 8], [3, 8]]);
      assert.ok(result.outputs.every((o) => o.matchesStatic === true));
      await eventually('panel for cell', () => panelText('cell'), (t) => t.includes('Sample run: cell'));
    } finally {
      await config.update('sample.batchSize', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
