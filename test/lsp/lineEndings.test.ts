// Line endings over LSP: the same program with `\n`, `\r\n`, lone `\r` and mixed breaks gets the same
// diagnostics, hovers, inlay hints and quick fixes, at positions LSP's own line counting (the reference
// TextDocument) agrees with, with UTF-16 columns after non-ASCII text; and a notebook cell with CRLF.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CodeActionRequest,
  DidOpenNotebookDocumentNotification,
  HoverRequest,
  InlayHintRequest,
  NotebookCellKind,
  type CodeAction,
  type Diagnostic,
  type MarkupContent,
} from 'vscode-languageserver-protocol';
import { startServer, type ServerUnderTest } from './lspClient';

// `é😀` before the bad call: 3 UTF-16 units, 2 code points, 6 UTF-8 bytes — a column in any other unit is off.
const lines = ['import torch', 'import torch.nn as nn', 's = "é😀"', 'rnn = nn.GRU(10, 20)', 'x = torch.randn(5, 3, 12)', 't = "é😀"; out, h = rnn(x)', ''];

const variants: Record<string, string> = {
  lf: lines.join('\n'),
  crlf: lines.join('\r\n'),
  cr: lines.join('\r'),
  mixed: lines.reduce((acc, l, i) => (i === 0 ? l : acc + ['\r', '\r\n', '\n'][i % 3] + l), ''),
};

function rl202(d: Diagnostic[]): Diagnostic | undefined {
  return d.find((x) => x.code === 'RL202');
}

describe('line endings over LSP', () => {
  let server: ServerUnderTest;
  before(async () => {
    server = await startServer();
  });
  after(async () => {
    await server.stop();
  });

  for (const [name, text] of Object.entries(variants)) {
    it(`${name}: diagnostic, hover, inlay hints and quick fix at LSP positions`, async () => {
      const uri = `file:///tmp/rnnlens-eol/${name}.py`;
      const doc = TextDocument.create(uri, 'python', 1, text);
      assert.equal(doc.lineCount, lines.length, 'the reference counts every break');
      await server.open(uri, text);
      const diags = await server.waitForDiagnostics(uri, (d) => rl202(d) !== undefined);
      const d = rl202(diags)!;
      assert.equal(d.range.start.line, 5);
      assert.equal(doc.getText(d.range), 'x', `the diagnostic covers the argument: ${JSON.stringify(d.range)}`);

      // the use of `x` after the non-ASCII string: a hover on it (a `uses` fact)
      const use = await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: d.range.start });
      assert.match((use?.contents as MarkupContent | undefined)?.value ?? '', /`x`: `\(5, 3, 12\)`/);
      assert.equal(use?.range && doc.getText(use.range), 'x');

      const actions = (await server.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: d.range, context: { diagnostics: [d], only: ['quickfix'] } })) as CodeAction[];
      const edits = actions[0]?.edit?.changes?.[uri];
      assert.ok(edits && edits.length > 0, 'a quick fix');
      const fixed = TextDocument.applyEdits(doc, edits);
      assert.equal(fixed, text.replace('nn.GRU(10, 20)', 'nn.GRU(12, 20)'), 'the fix edits the constructor argument and nothing else');
      await server.change(uri, 2, [{ text: fixed }]);
      await server.waitForDiagnostics(uri, (x) => rl202(x) === undefined);
      // the fixed call binds `out` and `h`: hover and inlay hints after the non-ASCII string
      const fixedDoc = TextDocument.create(uri, 'python', 2, fixed);
      const at = fixedDoc.positionAt(fixed.lastIndexOf('out'));
      const hover = await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: at });
      assert.match((hover?.contents as MarkupContent | undefined)?.value ?? '', /`out`: `\(5, 3, 20\)`/);
      assert.equal(hover?.range && fixedDoc.getText(hover.range), 'out');

      const hints = (await server.connection.sendRequest(InlayHintRequest.type, { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: lines.length, character: 0 } } })) ?? [];
      const before = (p: { line: number; character: number }, n: number) => fixedDoc.getText({ start: { line: p.line, character: p.character - n }, end: p });
      const label = (h: (typeof hints)[number]) => (typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join(''));
      const outHint = hints.find((h) => label(h) === ': (5, 3, 20)');
      const hHint = hints.find((h) => label(h) === ': (1, 3, 20)');
      assert.ok(outHint && hHint, JSON.stringify(hints));
      assert.equal(before(outHint.position, 3), 'out');
      assert.equal(before(hHint.position, 1), 'h');
      assert.equal(hHint.position.line, 5);
    });
  }

  it('incremental edits in a CR file, including one that turns a lone \\r into \\r\\n', async () => {
    const uri = 'file:///tmp/rnnlens-eol/edited.py';
    const text = variants.cr!;
    let doc = TextDocument.create(uri, 'python', 1, text);
    await server.open(uri, text);
    await server.waitForDiagnostics(uri, (d) => rl202(d)?.range.start.line === 5);
    // a line inserted at the top moves the diagnostic down one line
    const insert = { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'y = 1\r' };
    doc = TextDocument.update(doc, [insert], 2);
    await server.change(uri, 2, [insert]);
    let d = await server.waitForDiagnostics(uri, (x) => rl202(x)?.range.start.line === 6);
    assert.equal(doc.getText(rl202(d)!.range), 'x');
    // `\n` typed after the lone `\r` ending line 0: still one break there (now `\r\n`), nothing moves
    const join = { range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: '\n' };
    doc = TextDocument.update(doc, [join], 3);
    assert.equal(doc.lineCount, lines.length + 1);
    await server.change(uri, 3, [join]);
    // then an edit on the line of the error: the argument replaced by a good tensor clears it
    const fix = { range: rl202(d)!.range, text: 'torch.randn(5, 3, 10)' };
    doc = TextDocument.update(doc, [fix], 4);
    await server.change(uri, 4, [fix]);
    d = await server.waitForDiagnostics(uri, (x) => rl202(x) === undefined);
    assert.equal(doc.getText().split('\r\n').length, 2, 'the test made one CRLF');
    // and the error typed back appears exactly where the reference puts line 6's argument
    // (`t = "é😀"; out, h = rnn(` is 24 UTF-16 units)
    const back = { range: { start: { line: 6, character: 24 }, end: { line: 6, character: 45 } }, text: 'x' };
    assert.equal(doc.getText(back.range), 'torch.randn(5, 3, 10)');
    doc = TextDocument.update(doc, [back], 5);
    await server.change(uri, 5, [back]);
    d = await server.waitForDiagnostics(uri, (x) => rl202(x) !== undefined);
    assert.deepEqual(rl202(d)!.range.start, { line: 6, character: 24 });
    assert.equal(doc.getText(rl202(d)!.range), 'x');
  });

  it('a notebook cell with CRLF (and one with CR) reports on the right cell line', async () => {
    const nbUri = 'file:///tmp/rnnlens-eol/model.ipynb';
    const cell = (n: number): string => `vscode-notebook-cell:/tmp/rnnlens-eol/model.ipynb#W${n}sZmlsZQ%3D%3D`;
    const cell1 = 'import torch\r\nimport torch.nn as nn\r\n\r\nlstm = nn.LSTM(10, 20)\r\n';
    const cell2 = 'x = torch.randn(7, 4, 12)\rs = "é😀"; out, (h, c) = lstm(x)\r';
    await server.connection.sendNotification(DidOpenNotebookDocumentNotification.type, {
      notebookDocument: {
        uri: nbUri,
        notebookType: 'jupyter-notebook',
        version: 1,
        cells: [
          { kind: NotebookCellKind.Code, document: cell(1) },
          { kind: NotebookCellKind.Code, document: cell(2) },
        ],
      },
      cellTextDocuments: [
        { uri: cell(1), languageId: 'python', version: 1, text: cell1 },
        { uri: cell(2), languageId: 'python', version: 1, text: cell2 },
      ],
    });
    const d2 = await server.waitForDiagnostics(cell(2), (d) => d.length > 0);
    const doc2 = TextDocument.create(cell(2), 'python', 1, cell2);
    assert.deepEqual(d2.map((d) => [d.code, d.range.start.line, doc2.getText(d.range)]), [['RL202', 1, 'x']]);
    const h = await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri: cell(2) }, position: d2[0]!.range.end });
    assert.match((h?.contents as MarkupContent | undefined)?.value ?? '', /`x`: `\(7, 4, 12\)`/);
    const d1 = await server.waitForDiagnostics(cell(1), () => true);
    assert.deepEqual(d1, []);
  });
});
