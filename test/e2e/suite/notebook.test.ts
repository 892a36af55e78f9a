// Extension test: a Jupyter notebook whose first code cell declares an LSTM and whose second calls it
// wrongly — the diagnostic lands on the second cell, and hovers in that cell know the layer.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activate, eventually, hintLabel, hoverText, rnnlensDiagnostics, workspaceUri } from './helpers';

describe('rnnlens in a notebook', () => {
  it('reports the bad call in cell 2 and hovers its input shape', async () => {
    await activate();
    const nb = await vscode.workspace.openNotebookDocument(workspaceUri('notebook.ipynb'));
    await vscode.window.showNotebookDocument(nb);
    const code = nb.getCells().filter((c) => c.kind === vscode.NotebookCellKind.Code);
    assert.equal(code.length, 2);
    assert.equal(code[1]!.document.languageId, 'python');
    const diags = await eventually('diagnostic in cell 2', () => rnnlensDiagnostics(code[1]!.document.uri), (d) => d.length > 0);
    assert.deepEqual(diags.map((d) => [d.code, d.range.start.line]), [['RL202', 1]]);
    assert.deepEqual(rnnlensDiagnostics(code[0]!.document.uri), []);
    const hovers = await eventually(
      'hover on x in cell 2',
      () => vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', code[1]!.document.uri, new vscode.Position(0, 0)),
      (h) => hoverText(h).includes('(7, 4, 12)'),
    );
    assert.match(hoverText(hovers), /`x`: `\(7, 4, 12\)`/);
    const hints = await eventually(
      'inlay hints in cell 2',
      () => vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', code[1]!.document.uri, new vscode.Range(0, 0, 2, 0)),
      (h) => h.length > 0,
    );
    assert.deepEqual(
      hints.filter((h) => h.position.line === 0).map((h) => [h.position.character, hintLabel(h)]),
      [[1, ': (7, 4, 12)']],
    );
  });
});
