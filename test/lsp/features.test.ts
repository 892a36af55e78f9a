// Unit tests of the server's feature functions on hand-made facts: hover Markdown, inlay hints, quick
// fixes linked to diagnostics, code lenses, layer lookup — independent of what the analysis core infers.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AnalysisResult, ModuleFact, Range } from '../../server/src/analysis/facts';
import { hoverAt, dottedNameAt } from '../../server/src/lsp/hover';
import { inlayHintsIn } from '../../server/src/lsp/inlayHints';
import { quickFixes } from '../../server/src/lsp/codeActions';
import { runSampleLenses } from '../../server/src/lsp/codeLenses';
import { findModule, listLayers } from '../../server/src/lsp/runSample';
import { toLspDiagnostic } from '../../server/src/lsp/diagnostics';
import { diffChange } from '../../server/src/lsp/analysisStore';
import { TrackedDocument, trackedDocumentConfig } from '../../server/src/lsp/trackedDocument';

const r = (l1: number, c1: number, l2: number, c2: number): Range => ({ start: { line: l1, character: c1 }, end: { line: l2, character: c2 } });

const text = 'lstm = nn.LSTM(10, 20, bidirectional=True)\nout, (h, c) = lstm(x)\ny = fc(out)\n';
const lstm: ModuleFact = {
  range: r(0, 7, 0, 42),
  statementRange: r(0, 0, 0, 42),
  target: 'lstm',
  aliases: [],
  kind: 'LSTM',
  args: [
    { name: 'input_size', value: '10', source: 'given', concrete: 10 },
    { name: 'hidden_size', value: '20', source: 'given', concrete: 20 },
    { name: 'num_layers', value: '1', source: 'default', concrete: 1 },
    { name: 'bidirectional', value: 'True', source: 'given', concrete: true },
  ],
  params: [
    { name: 'weight_ih_l0', shape: [80, 10] },
    { name: 'weight_ih_l0_reverse', shape: [80, 10] },
  ],
  paramCount: 5120,
  returns: ['output (L, N, 40)', 'h_n (2, N, 20)'],
  spec: { kind: 'LSTM', inputSize: 10, hiddenSize: 20, numLayers: 1, nonlinearity: 'tanh', bias: true, batchFirst: false, dropout: 0, bidirectional: true, projSize: 0 },
  valid: true,
};
const result: AnalysisResult = {
  diagnostics: [
    { range: r(1, 14, 1, 21), severity: 'error', code: 'RL202', message: 'input.size(-1) must be equal to input_size. Expected 10, got 12', fixes: [{ title: 'Change input_size to 12', edits: [{ range: r(0, 15, 0, 17), newText: '12' }] }] },
    { range: r(1, 0, 1, 11), severity: 'warning', code: 'RL302', message: 'w', fixes: [] },
  ],
  shapes: [
    {
      range: r(1, 0, 1, 3),
      name: 'out',
      kind: 'tensor',
      dims: [
        { value: 'L', role: 'L sequence length', why: '' },
        { value: 'N', role: 'N batch', why: '' },
        { value: 40, role: 'D*H_out', why: '2 directions × hidden 20' },
      ],
      notes: ['With batch_first=False the batch is dim 1.'],
    },
  ],
  modules: [lstm],
  uses: [
    {
      range: r(2, 7, 2, 10),
      name: 'out',
      kind: 'tensor',
      dims: [
        { value: 'L', role: 'L sequence length', why: '' },
        { value: 'N', role: 'N batch', why: '' },
        { value: 40, role: 'D*H_out', why: '2 directions × hidden 20' },
      ],
      notes: [],
    },
  ],
  calls: [],
};

describe('hover', () => {
  it('shows a shape with one line per dimension, its role and why, and the notes', () => {
    const h = hoverAt(result, { line: 1, character: 1 }, text);
    assert.ok(h);
    assert.deepEqual(h.range, r(1, 0, 1, 3));
    assert.equal(
      h.markdown,
      '`out`: `(L, N, 40)`\n\n- dim 0: `L` — L sequence length\n- dim 1: `N` — N batch\n- dim 2: `40` — D*H_out — 2 directions × hidden 20\n\nWith batch_first=False the batch is dim 1.',
    );
  });

  it('shows a layer card on the declaration and on a use of its name', () => {
    const decl = hoverAt(result, { line: 0, character: 10 }, text);
    assert.ok(decl);
    assert.match(decl.markdown, /\*\*nn\.LSTM\*\* `lstm`/);
    assert.match(decl.markdown, /\| `num_layers` \| `1` \| default \|/);
    assert.match(decl.markdown, /- `weight_ih_l0_reverse`: `\(80, 10\)`/);
    assert.match(decl.markdown, /\*\*Parameters:\*\* 5,120/);
    assert.match(decl.markdown, /- h_n \(2, N, 20\)/);
    // like every declaration's card: what a call returns, the count, then the weights
    assert.ok(decl.markdown.indexOf('A call returns') < decl.markdown.indexOf('**Parameters:**'));
    assert.ok(decl.markdown.indexOf('**Parameters:**') < decl.markdown.indexOf('**Weights**'));
    const use = hoverAt(result, { line: 1, character: 16 }, text);
    assert.equal(use?.markdown, decl.markdown);
    assert.deepEqual(use?.range, r(1, 14, 1, 18));
  });

  it('shows the shape of a tensor name where it is read, too', () => {
    const h = hoverAt(result, { line: 2, character: 8 }, text);
    assert.ok(h);
    assert.deepEqual(h.range, r(2, 7, 2, 10));
    assert.match(h.markdown, /^`out`: `\(L, N, 40\)`/);
  });

  it('has nothing where there is no fact', () => {
    assert.equal(hoverAt(result, { line: 1, character: 19 }, text), undefined);
  });

  it('finds dotted names up to the word under the cursor', () => {
    const t = 'y = self.lstm(x)';
    assert.equal(dottedNameAt(t, { line: 0, character: 10 })?.name, 'self.lstm');
    assert.equal(dottedNameAt(t, { line: 0, character: 5 })?.name, 'self');
    assert.equal(dottedNameAt(t, { line: 0, character: 3 }), undefined);
  });
});

describe('inlay hints', () => {
  it('puts `: shape` after each bound name inside the range', () => {
    const hints = inlayHintsIn(result, r(0, 0, 2, 0));
    assert.equal(hints.length, 1);
    assert.deepEqual(hints[0]?.position, { line: 1, character: 3 });
    assert.equal(hints[0]?.label, ': (L, N, 40)');
    assert.deepEqual(inlayHintsIn(result, r(0, 0, 0, 10)), []);
  });
});

describe('quick fixes', () => {
  it('turns each core fix into a quickfix linked to its diagnostic, preferred when alone', () => {
    const actions = quickFixes('file:///a.py', result, r(1, 15, 1, 15));
    assert.equal(actions.length, 1);
    const a = actions[0]!;
    assert.equal(a.title, 'Change input_size to 12');
    assert.equal(a.kind, 'quickfix');
    assert.equal(a.isPreferred, true);
    assert.deepEqual(a.diagnostics, [toLspDiagnostic(result.diagnostics[0]!)]);
    assert.deepEqual(a.edit?.changes?.['file:///a.py'], [{ range: r(0, 15, 0, 17), newText: '12' }]);
    assert.deepEqual(quickFixes('file:///a.py', result, r(1, 15, 1, 15), ['refactor']), []);
    assert.deepEqual(quickFixes('file:///a.py', result, r(0, 0, 0, 1)), []);
  });

  it('maps severities and sets the source', () => {
    const d = toLspDiagnostic(result.diagnostics[1]!);
    assert.equal(d.severity, 2);
    assert.equal(d.source, 'rnnlens');
    assert.equal(d.code, 'RL302');
  });
});

describe('code lenses and layer lookup', () => {
  it('puts a run lens at the start of each declaration: one that asks for open sizes, none on an invalid layer', () => {
    const open = { ...lstm, target: 'other', spec: undefined, statementRange: r(3, 4, 3, 30), args: lstm.args.map((a) => (a.name === 'hidden_size' ? { name: 'hidden_size', value: '2*hidden', source: 'given' as const } : a)) };
    const invalid = { ...lstm, target: 'bad', spec: undefined, valid: false, statementRange: r(5, 0, 5, 30) };
    const lenses = runSampleLenses('file:///a.py', { ...result, modules: [lstm, open, invalid] });
    assert.equal(lenses.length, 2);
    assert.equal(lenses[0]?.command?.command, 'rnnlens.runSample');
    assert.deepEqual(lenses[0]?.command?.arguments, [{ uri: 'file:///a.py', target: 'lstm', position: { line: 0, character: 0 } }]);
    assert.deepEqual(lenses[1]?.range, r(3, 4, 3, 4));
    assert.equal(lenses[1]?.command?.title, '▶ Run sample (asks for hidden)');
    assert.deepEqual(lenses[1]?.command?.arguments, [{ uri: 'file:///a.py', target: 'other', position: { line: 3, character: 4 }, missing: ['hidden'] }]);
  });

  it('finds a layer by target or by a position in its statement', () => {
    assert.equal(findModule(result, { target: 'lstm' }), lstm);
    assert.equal(findModule(result, { position: { line: 0, character: 2 } }), lstm);
    assert.equal(findModule(result, { position: { line: 1, character: 2 } }), undefined);
    const view = { uri: 'u', unitKey: 'u', result, unitResult: result, text };
    assert.deepEqual(listLayers(view), [{ target: 'lstm', kind: 'LSTM', range: r(0, 0, 0, 42), inDocument: true, detail: 'LSTM(input_size=10, hidden_size=20, bidirectional=True)', runnable: true, missing: [] }]);
  });
});

describe('incremental text tracking', () => {
  it('records each LSP change as an offset edit on the text before it', () => {
    const doc = trackedDocumentConfig.create('file:///t.py', 'python', 1, 'abc\ndef\n');
    assert.equal(doc.takeChanges(), undefined, 'a fresh document is parsed whole');
    trackedDocumentConfig.update(doc, [
      { range: r(1, 0, 1, 1), text: 'D' },
      { range: r(0, 3, 0, 3), text: 'X' },
    ], 2);
    assert.equal(doc.getText(), 'abcX\nDef\n');
    assert.equal(doc.version, 2);
    assert.deepEqual(doc.takeChanges(), [
      { start: 4, end: 5, text: 'D' },
      { start: 3, end: 3, text: 'X' },
    ]);
    assert.deepEqual(doc.takeChanges(), []);
    trackedDocumentConfig.update(doc, [{ text: 'whole' }], 3);
    assert.equal(doc.takeChanges(), undefined);
    assert.ok(doc instanceof TrackedDocument);
  });

  it('computes the single edit between two texts', () => {
    assert.deepEqual(diffChange('x = 12\ny', 'x = 10\ny'), { start: 5, end: 6, text: '0' });
    assert.deepEqual(diffChange('abc', 'abc'), { start: 3, end: 3, text: '' });
    assert.deepEqual(diffChange('aa', 'aaa'), { start: 2, end: 2, text: 'a' });
  });
});

describe('names scoped by class', () => {
  it('`self.gru` in the decoder is the decoder\'s layer for hovers and sample runs; ambiguous without a place', async () => {
    const { analyzeText } = await import('../../server/src/node/analyzer');
    const fs = await import('node:fs');
    const src = fs.readFileSync('test/fixtures/flow/same_attribute_two_classes.py', 'utf8');
    const res = await analyzeText(src);
    const lines = src.split('\n');
    const useLine = lines.findIndex((l) => l.includes('out, h = self.gru(y, h0)'));
    const encLine = lines.findIndex((l) => l.includes('out, h = self.gru(x)'));
    const hover = (line: number) => hoverAt(res, { line, character: lines[line]!.indexOf('gru') + 1 }, src)?.markdown ?? '';
    assert.match(hover(useLine), /\| `input_size` \| `16` \|/);
    assert.match(hover(useLine), /\| `hidden_size` \| `32` \|/);
    assert.match(hover(encLine), /\| `hidden_size` \| `16` \|/);
    const decl = res.modules.find((m) => m.aliases.includes('Decoder.gru'))!;
    const run = findModule(res, { target: 'self.gru', position: decl.statementRange.start });
    assert.equal(run?.spec?.hiddenSize, 32);
    assert.equal(findModule(res, { target: 'Decoder.gru' })?.spec?.hiddenSize, 32);
    assert.equal(findModule(res, { target: 'self.gru' }), undefined, 'two declarations and no place: none');
  });
});
