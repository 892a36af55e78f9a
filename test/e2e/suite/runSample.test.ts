// Extension tests of "rnnlens: Run Sample Forward Pass": run from the cursor and as the code lens does,
// then read the result panel (a webview beside the code): shapes with ✓, the per-layer table, the norm
// plot; and the outputs saved as .safetensors through the panel's save path.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RunSampleResult } from '../../../server/src/protocol';
import { activate, eventually, openPython, workspaceUri } from './helpers';

describe('rnnlens sample runs', () => {
  it('runs the layer under the cursor on the input the code builds and shows the result panel beside it', async () => {
    const api = await activate();
    const doc = await openPython('sample_run.py');
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor);
    editor.selection = new vscode.Selection(4, 2, 4, 2); // on `gru = nn.GRU(…)`
    // the analysis must have seen the file before the command asks for its layers
    await eventually('code lenses', () => vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri), (l) => l.length === 2);
    const result = await vscode.commands.executeCommand<RunSampleResult | undefined>('rnnlens.runSample');
    assert.ok(result, 'the command returned a result');
    assert.equal(result.target, 'gru');
    // x = torch.randn(3, 9, 6) in the file: GRU(6, 12, num_layers=2, batch_first=True) gives (3, 9, 12) and (2, 3, 12) in torch
    assert.deepEqual(result.inputShape, [3, 9, 6]);
    assert.deepEqual(result.outputs.map((o) => [o.name, o.shape]), [['output', [3, 9, 12]], ['h_n', [2, 3, 12]]]);
    assert.equal(result.staticShapesMatch, true);
    const shown = api.panels.last;
    assert.ok(shown && shown.result === result, 'a panel shows this run');
    assert.equal(shown.panel.title, 'gru · sample_run.py:5');
    assert.ok(shown.panel.visible, 'the panel is visible');
    assert.notEqual(shown.panel.viewColumn, editor.viewColumn, 'beside the code');
    const html = shown.html;
    assert.match(html, /<td>output<\/td><td><code>\(3, 9, 12\)<\/code><\/td><td class="ok">✓<\/td>/);
    assert.match(html, /<td>h_n<\/td><td><code>\(2, 3, 12\)<\/code><\/td><td class="ok">✓<\/td>/);
    assert.match(html, /<td>gru\.l0<\/td>.*<td>gru\.l1<\/td>/s);
    assert.match(html, /<polyline class="line c0"/);
    // a GRU's sigmoid gates r and z, per layer
    assert.match(html, /<table id="saturation">.*<th class="n gate" colspan="2">r<\/th><th class="n gate" colspan="2">z<\/th>.*<td>gru\.l0<\/td>.*<td>gru\.l1<\/td>/s);
    assert.match(html, /sample_run\.py:5 · input from the call at line 7/);
    assert.match(shown.markdown, /\| output +\| `\(3, 9, 12\)` +\| ✓ +\|/);
  });

  it('runs a cell layer as the code lens does, with the sample settings (the code never calls it)', async () => {
    const api = await activate();
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
      assert.equal(api.panels.last?.panel.title, 'cell · sample_run.py:10');
      // writes the outputs where the save dialog would put them
      const target = workspaceUri('cell-outputs.safetensors');
      const saved = await api.panels.saveOutputs(result, doc.uri.toString(), target);
      assert.equal(saved?.toString(), target.toString());
      const bytes = await vscode.workspace.fs.readFile(target);
      // (no Buffer: the suite also runs in the web worker extension host)
      const headerLength = Number(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getBigUint64(0, true));
      const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength))) as Record<string, { shape?: number[] }>;
      assert.deepEqual([header.h_1?.shape, header.c_1?.shape], [[3, 8], [3, 8]]);
      assert.equal(bytes.length, 8 + headerLength + 2 * 3 * 8 * 4);
    } finally {
      await config.update('sample.batchSize', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
