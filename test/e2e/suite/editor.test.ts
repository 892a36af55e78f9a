// Extension tests inside a real VS Code: diagnostics, hovers, inlay hints, code lenses, a quick fix that
// edits the document, and the diagnostics setting — all asserted through the `vscode` API.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activate, eventually, hintLabel, hoverText, openPython, rnnlensDiagnostics } from './helpers';

describe('rnnlens in the editor', () => {
  before(async () => {
    await openPython('bilstm.py');
    await activate();
  });

  it('reports a wrong input size as an error on its line, with its code', async () => {
    const doc = await openPython('input_size.py');
    const diags = await eventually('RL202 published', () => rnnlensDiagnostics(doc.uri), (d) => d.length > 0);
    assert.deepEqual(
      diags.map((d) => [d.range.start.line, d.severity, typeof d.code === 'object' ? d.code.value : d.code]),
      [[6, vscode.DiagnosticSeverity.Error, 'RL202']],
    );
    assert.match(diags[0]!.message, /12/);
  });

  it('hovers `out` with its shape', async () => {
    const doc = await openPython('bilstm.py');
    const hovers = await eventually(
      'hover on out',
      () => vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(6, 1)),
      (h) => hoverText(h).includes('(4, 7, 40)'),
    );
    const text = hoverText(hovers);
    assert.match(text, /`out`: `\(4, 7, 40\)`/);
    assert.match(text, /dim 2: `40`/);
  });

  it('follows the project: models_project.py shows the sizes train_project.py (closed, on disk) builds it with', async () => {
    const doc = await openPython('models_project.py');
    const hovers = await eventually(
      'hover on out in forward',
      () => vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(9, 9)),
      (h) => hoverText(h).includes('(4, 7, 32)'),
    );
    const text = hoverText(hovers);
    assert.match(text, /`out`: `\(N, L, 2\*hidden\)` — here `\(4, 7, 32\)`/);
    assert.match(text, /train_project\.py/);
    const hints = await eventually(
      'inlay hint on out',
      () => vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', doc.uri, new vscode.Range(0, 0, doc.lineCount, 0)),
      (h) => h.some((x) => hintLabel(x) === ': (4, 7, 32)'),
    );
    assert.ok(hints.some((x) => x.position.line === 9 && hintLabel(x) === ': (4, 7, 32)'));
  });

  it('hovers a Linear declaration with its parameter count, and the model with its summary', async () => {
    // torch: nn.Linear(14, 5) has 75 parameters, and its output for (3, 4, 14) is (3, 4, 5) (test/oracle/layer_params.py)
    const doc = await openPython('model_hovers.py');
    const fc = await eventually(
      'hover on fc',
      () => vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(9, 14)),
      (h) => hoverText(h).includes('nn.Linear'),
    );
    assert.match(hoverText(fc), /\*\*Parameters:\*\* 2\*hidden\*n_tags \+ n_tags — here 75/);
    const model = await eventually(
      'hover on model',
      () => vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(15, 2)),
      (h) => hoverText(h).includes('Total parameters'),
    );
    const text = hoverText(model);
    assert.match(text, /`fc` Linear \| `[^`]*` \| `\(3, 4, 5\)` \| 75 \|/);
    assert.match(text, /\*\*Total parameters:\*\* 75/);
    assert.ok(text.indexOf('**Weights**') > text.indexOf('**Total parameters:**'));
  });

  it('shows inlay hints with the shapes after bound names', async () => {
    const doc = await openPython('bilstm.py');
    const range = new vscode.Range(0, 0, doc.lineCount, 0);
    const hints = await eventually(
      'inlay hints',
      () => vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', doc.uri, range),
      (h) => h.length >= 4,
    );
    const at = (line: number, ch: number): string | undefined => {
      const h = hints.find((x) => x.position.line === line && x.position.character === ch);
      return h && hintLabel(h);
    };
    assert.equal(at(6, 3), ': (4, 7, 40)');
    assert.equal(at(6, 7), ': (2, 4, 20)');
    assert.equal(at(5, 1), ': (4, 7, 10)');
  });

  it('applies a quick fix that edits the document and clears its diagnostic', async () => {
    const doc = await openPython('nonlinearity.py');
    const diags = await eventually('RL101 published', () => rnnlensDiagnostics(doc.uri), (d) => d.some((x) => x.code === 'RL101'));
    const target = diags.find((x) => x.code === 'RL101')!;
    // (the API command returns the actions without their linked diagnostics; the LSP tests check the link)
    const actions = await eventually(
      'quick fixes',
      () => vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, target.range, vscode.CodeActionKind.QuickFix.value),
      (a) => a.some((x) => x.edit?.has(doc.uri) === true),
    );
    const fix = actions.find((x) => x.edit?.has(doc.uri) === true)!;
    assert.equal(fix.kind?.value, 'quickfix');
    assert.match(fix.title, /tanh/);
    assert.ok(fix.edit, 'the fix carries an edit');
    const before = doc.getText();
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.notEqual(doc.getText(), before, 'the document changed');
    assert.match(doc.lineAt(3).text, /nonlinearity='tanh'/);
    await eventually('RL101 cleared', () => rnnlensDiagnostics(doc.uri), (d) => !d.some((x) => x.code === 'RL101'));
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('puts a "▶ Run sample" code lens above the declaration', async () => {
    const doc = await openPython('bilstm.py');
    const lenses = await eventually(
      'code lenses',
      () => vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri),
      (l) => l.length > 0,
    );
    assert.equal(lenses[0]!.range.start.line, 4);
    assert.equal(lenses[0]!.command?.title, '▶ Run sample');
    assert.equal(lenses[0]!.command?.command, 'rnnlens.runSample');
  });

  it('clears diagnostics when rnnlens.diagnostics.enabled is false, and brings them back', async () => {
    const doc = await openPython('input_size.py');
    await eventually('RL202 present', () => rnnlensDiagnostics(doc.uri), (d) => d.length > 0);
    const config = vscode.workspace.getConfiguration('rnnlens');
    await config.update('diagnostics.enabled', false, vscode.ConfigurationTarget.Global);
    try {
      await eventually('diagnostics cleared', () => rnnlensDiagnostics(doc.uri), (d) => d.length === 0);
    } finally {
      await config.update('diagnostics.enabled', undefined, vscode.ConfigurationTarget.Global);
    }
    await eventually('diagnostics back', () => rnnlensDiagnostics(doc.uri), (d) => d.length > 0);
  });

  it('checks an unsaved buffer as it is edited (incremental sync through the real client)', async () => {
    const doc = await vscode.workspace.openTextDocument({
      language: 'python',
      content: 'import torch\nimport torch.nn as nn\n\ngru = nn.GRU(8, 16)\nx = torch.randn(5, 3, 8)\nout, h = gru(x)\n',
    });
    const editor = await vscode.window.showTextDocument(doc);
    await eventually('clean buffer analysed', () => vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(5, 1)), (h) => hoverText(h).includes('(5, 3, 16)'));
    assert.deepEqual(rnnlensDiagnostics(doc.uri), []);
    // type a wrong size over the 8 of the input, as a user would
    await editor.edit((e) => e.replace(new vscode.Range(4, 22, 4, 23), '9'));
    const diags = await eventually('RL202 after the edit', () => rnnlensDiagnostics(doc.uri), (d) => d.length > 0);
    assert.deepEqual(diags.map((d) => [d.code, d.range.start.line]), [['RL202', 5]]);
    await editor.edit((e) => e.replace(new vscode.Range(4, 22, 4, 23), '8'));
    await eventually('cleared after the undo', () => rnnlensDiagnostics(doc.uri), (d) => d.length === 0);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('contributes its commands and settings', async () => {
    const all = await vscode.commands.getCommands(true);
    for (const c of ['rnnlens.runSample', 'rnnlens.runModel', 'rnnlens.pickWeights', 'rnnlens.restartServer', 'rnnlens.showOutput']) assert.ok(all.includes(c), c);
    const config = vscode.workspace.getConfiguration('rnnlens');
    assert.equal(config.get('inlayHints.enabled'), true);
    assert.equal(config.get('sample.batchSize'), 2);
    assert.equal(config.inspect('engine.memoryLimitMB')?.defaultValue, 512);
  });
});
