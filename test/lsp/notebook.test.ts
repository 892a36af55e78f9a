// Notebook tests: the pure joining/mapping of notebook.ts, and LSP notebook sync against the bundled
// server — a layer declared in cell 1, a bad call in cell 2, facts mapped back to the right cell.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  DidChangeNotebookDocumentNotification,
  DidOpenNotebookDocumentNotification,
  HoverRequest,
  NotebookCellKind,
  type MarkupContent,
} from 'vscode-languageserver-protocol';
import { RunSampleRequest } from '../../server/src/protocol';
import { joinCells, joinIpynb, neutraliseMagics, readIpynb, splitResult, toCellPosition, toProgramPosition } from '../../server/src/analysis/notebook';
import type { AnalysisResult } from '../../server/src/analysis/facts';
import { startServer, type ServerUnderTest } from './lspClient';

describe('notebook.ts: joining cells and mapping back', () => {
  const program = joinCells([
    { id: 'a', text: 'import torch\nx = 1' },
    { id: 'b', text: '%matplotlib inline\ny = x\n' },
    { id: 'c', text: 'z = y' },
  ]);

  it('joins cells in order, each on its own lines, with magics commented out in place', () => {
    assert.equal(program.text, 'import torch\nx = 1\n#matplotlib inline\ny = x\n\nz = y');
    assert.deepEqual(
      program.cells.map((c) => [c.id, c.startLine, c.lineCount]),
      [
        ['a', 0, 2],
        ['b', 2, 3],
        ['c', 5, 1],
      ],
    );
  });

  it('maps positions both ways', () => {
    assert.deepEqual(toProgramPosition(program, 'b', { line: 1, character: 4 }), { line: 3, character: 4 });
    const back = toCellPosition(program, { line: 3, character: 4 });
    assert.equal(back?.cell.id, 'b');
    assert.deepEqual(back?.position, { line: 1, character: 4 });
    assert.equal(toCellPosition(program, { line: 6, character: 0 }), undefined);
    assert.equal(toProgramPosition(program, 'nope', { line: 0, character: 0 }), undefined);
  });

  it('comments out non-Python cell magics whole, keeps Python ones', () => {
    assert.equal(neutraliseMagics('%%bash\nls -l\n  echo hi'), '#%%bash\n#ls -l\n#  echo hi');
    assert.equal(neutraliseMagics('%%time\nx = 1'), '#%time\nx = 1');
    assert.equal(neutraliseMagics('  !pip install torch\nx = 1'), '  #pip install torch\nx = 1');
  });

  it('splits facts into cells, in cell coordinates, shifting fix edits too', () => {
    const r = (l1: number, c1: number, l2: number, c2: number) => ({ start: { line: l1, character: c1 }, end: { line: l2, character: c2 } });
    const result: AnalysisResult = {
      diagnostics: [{ range: r(3, 0, 3, 5), severity: 'error', code: 'RL202', message: 'm', fixes: [{ title: 't', edits: [{ range: r(1, 0, 1, 1), newText: 'q' }] }] }],
      shapes: [{ range: r(5, 0, 5, 1), name: 'z', kind: 'tensor', dims: [{ value: 4, role: '', why: '' }], notes: [] }],
      modules: [],
      uses: [{ range: r(5, 4, 5, 5), name: 'z', kind: 'tensor', dims: [{ value: 4, role: '', why: '' }], notes: [] }],
      calls: [],
    };
    const split = splitResult(program, result);
    assert.deepEqual([...split.keys()], ['a', 'b', 'c']);
    assert.deepEqual(split.get('b')?.diagnostics[0]?.range, r(1, 0, 1, 5));
    assert.deepEqual(split.get('b')?.diagnostics[0]?.fixes[0]?.edits[0]?.range, r(-1, 0, -1, 1));
    assert.deepEqual(split.get('c')?.shapes[0]?.range, r(0, 0, 0, 1));
    assert.deepEqual(split.get('c')?.uses[0]?.range, r(0, 4, 0, 5));
    assert.equal(split.get('a')?.diagnostics.length, 0);
  });

  it('reads the Python code cells of an .ipynb file (source as list or string)', () => {
    const nb = JSON.stringify({
      nbformat: 4,
      metadata: { kernelspec: { language: 'python' } },
      cells: [
        { cell_type: 'markdown', source: ['# title'] },
        { cell_type: 'code', source: ['import torch\n', 'x = 1'] },
        { cell_type: 'code', source: 'y = x' },
      ],
    });
    assert.deepEqual(readIpynb(nb), [
      { index: 1, text: 'import torch\nx = 1' },
      { index: 2, text: 'y = x' },
    ]);
    const joined = joinIpynb(nb);
    assert.equal(joined.text, 'import torch\nx = 1\ny = x');
    assert.deepEqual(joined.cells.map((c) => c.id), ['cell 2', 'cell 3']);
    assert.deepEqual(readIpynb(JSON.stringify({ metadata: { language_info: { name: 'R' } }, cells: [{ cell_type: 'code', source: 'x' }] })), []);
    assert.throws(() => readIpynb('{"nope": 1}'), /not a Jupyter notebook/);
  });
});

describe('notebook sync over LSP', () => {
  let server: ServerUnderTest;
  before(async () => {
    server = await startServer();
  });
  after(async () => {
    await server.stop();
  });

  const nbUri = 'file:///tmp/rnnlens-test/model.ipynb';
  const cell = (n: number): string => `vscode-notebook-cell:/tmp/rnnlens-test/model.ipynb#W${n}sZmlsZQ%3D%3D`;
  const cell1 = 'import torch\nimport torch.nn as nn\n\nlstm = nn.LSTM(10, 20)\n';
  const cell2 = 'x = torch.randn(7, 4, 12)\nout, (h, c) = lstm(x)\n';

  it('analyses the cells as one program and reports a bad call in cell 2 on cell 2', async () => {
    await server.connection.sendNotification(DidOpenNotebookDocumentNotification.type, {
      notebookDocument: {
        uri: nbUri,
        notebookType: 'jupyter-notebook',
        version: 1,
        cells: [
          { kind: NotebookCellKind.Markup, document: cell(0) },
          { kind: NotebookCellKind.Code, document: cell(1) },
          { kind: NotebookCellKind.Code, document: cell(2) },
        ],
      },
      cellTextDocuments: [
        { uri: cell(0), languageId: 'markdown', version: 1, text: '# An LSTM' },
        { uri: cell(1), languageId: 'python', version: 1, text: cell1 },
        { uri: cell(2), languageId: 'python', version: 1, text: cell2 },
      ],
    });
    const d2 = await server.waitForDiagnostics(cell(2), (d) => d.length > 0);
    assert.deepEqual(
      d2.map((d) => [d.code, d.range.start.line]),
      [['RL202', 1]],
    );
    const d1 = await server.waitForDiagnostics(cell(1), () => true);
    assert.deepEqual(d1, []);
    // a hover in cell 2 uses the layer declared in cell 1
    const h = await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri: cell(2) }, position: { line: 0, character: 0 } });
    assert.match((h?.contents as MarkupContent | undefined)?.value ?? '', /\(7, 4, 12\)/);
    // the layer's name in cell 2 shows the card of the layer declared in cell 1
    const use = await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri: cell(2) }, position: { line: 1, character: 16 } });
    assert.match((use?.contents as MarkupContent | undefined)?.value ?? '', /\*\*nn\.LSTM\*\* `lstm`/);
  });

  it('follows a cell edit: fixing the input in cell 2 clears the diagnostic', async () => {
    await server.connection.sendNotification(DidChangeNotebookDocumentNotification.type, {
      notebookDocument: { uri: nbUri, version: 2 },
      change: {
        cells: {
          textContent: [
            {
              document: { uri: cell(2), version: 2 },
              changes: [{ range: { start: { line: 0, character: 22 }, end: { line: 0, character: 24 } }, text: '10' }],
            },
          ],
        },
      },
    });
    await server.waitForDiagnostics(cell(2), (d) => d.length === 0);
  });

  it('a sample run of the layer declared in cell 1 feeds the input cell 2 builds for it', async () => {
    // cell 2 now builds x = torch.randn(7, 4, 10): LSTM(10, 20) gives output (7, 4, 20), h_n (1, 4, 20) in torch
    for (const uri of [cell(1), cell(2)]) {
      const r = await server.connection.sendRequest(RunSampleRequest, { uri, target: 'lstm' });
      assert.deepEqual(r.inputShape, [7, 4, 10], uri);
      assert.deepEqual(r.outputs.map((o) => [o.shape, o.matchesStatic]), [[[7, 4, 20], true], [[1, 4, 20], true], [[1, 4, 20], true]]);
      assert.equal(r.callLine, undefined, 'a line of the notebook is not one of this cell');
      assert.match(r.inputs[0]!.source, /its call in the notebook/);
    }
  });
});
