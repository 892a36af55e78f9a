// Protocol tests: the bundled server (`node dist/cli.js lsp --stdio`, run `npm run build` first) spoken
// to over JSON-RPC — diagnostics, hovers, inlay hints, quick fixes, code lenses, settings, incremental edits.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  CodeActionRequest,
  CodeLensRequest,
  DiagnosticSeverity,
  HoverRequest,
  InlayHintRequest,
  TextDocumentSyncKind,
  type CodeAction,
  type Diagnostic,
  type Hover,
  type MarkupContent,
} from 'vscode-languageserver-protocol';
import { ServerStatusRequest } from '../../server/src/protocol';
import { analyzeText, loadAnalyzer } from '../../server/src/node/analyzer';
import { formatShape } from '../../server/src/analysis/facts';
import { applyEdits, fileUri, repoRoot, startServer, type ServerUnderTest } from './lspClient';
import { readMarkers } from './markers';

const fixtures = path.join(repoRoot, 'test', 'lsp', 'fixtures');
const fixture = (name: string): { uri: string; text: string } => {
  const file = path.join(fixtures, name);
  return { uri: fileUri(file), text: fs.readFileSync(file, 'utf8') };
};

/** The marker fixtures of these tests (`own`) or of the whole project (the analyzer's and flow's too). */
function allFixtureFiles(which: 'own' | 'project' = 'project'): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    if (!fs.existsSync(dir)) return;
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.py')) out.push(p);
    }
  };
  walk(fixtures);
  if (which === 'project') walk(path.join(repoRoot, 'test', 'fixtures'));
  return out.sort();
}

const severityName: Record<number, string> = {
  [DiagnosticSeverity.Error]: 'error',
  [DiagnosticSeverity.Warning]: 'warning',
  [DiagnosticSeverity.Information]: 'information',
  [DiagnosticSeverity.Hint]: 'hint',
};

function hoverText(h: Hover | null): string {
  if (!h) return '';
  const c = h.contents;
  if (typeof c === 'string') return c;
  if (Array.isArray(c)) return c.map((x) => (typeof x === 'string' ? x : x.value)).join('\n');
  return (c as MarkupContent).value;
}

const errorsAndWarnings = (d: Diagnostic[]): string[] =>
  d
    .filter((x) => x.severity === DiagnosticSeverity.Error || x.severity === DiagnosticSeverity.Warning)
    .map((x) => `${x.range.start.line + 1}: ${severityName[x.severity ?? 1]} ${String(x.code)}`)
    .sort();

describe('rnnlens language server over stdio', () => {
  let server: ServerUnderTest;
  before(async () => {
    server = await startServer();
  });
  after(async () => {
    await server.stop();
  });

  it('advertises incremental sync, notebook sync, hover, inlay hints, quick fixes and code lenses', () => {
    const caps = server.initializeResult.capabilities;
    const sync = caps.textDocumentSync;
    assert.ok(sync && typeof sync === 'object', 'textDocumentSync options');
    assert.equal(sync.change, TextDocumentSyncKind.Incremental);
    assert.ok(caps.hoverProvider);
    assert.ok(caps.inlayHintProvider);
    assert.deepEqual(caps.codeActionProvider, { codeActionKinds: ['quickfix'] });
    assert.ok(caps.codeLensProvider);
    assert.ok(caps.notebookDocumentSync);
  });

  it('answers rnnlens/serverStatus with its own process id', async () => {
    const status = await server.connection.sendRequest(ServerStatusRequest);
    assert.equal(status.pid, server.process.pid);
  });

  it('publishes exactly the diagnostics the fixture markers state (code, severity, line, source)', async () => {
    const files = allFixtureFiles('own');
    assert.ok(files.length >= 4, 'fixtures found');
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      const uri = fileUri(file);
      await server.open(uri, text);
      const got = await server.waitForDiagnostics(uri, () => true);
      const expected = readMarkers(text)
        .diagnostics.filter((m) => m.severity === 'error' || m.severity === 'warning')
        .map((m) => `${m.line + 1}: ${m.severity} ${m.code}`)
        .sort();
      assert.deepEqual(errorsAndWarnings(got), expected, `diagnostics of ${path.relative(repoRoot, file)}`);
      for (const d of got) assert.equal(d.source, 'rnnlens');
    }
  });

  it('hovers a bound name with its shape and a line per dimension', async () => {
    const { uri, text } = fixture('bilstm.py');
    await server.open(uri, text);
    const h = await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 6, character: 1 } });
    const t = hoverText(h);
    assert.match(t, /`out`: `\(4, 7, 40\)`/);
    assert.equal(t.split('\n').filter((l) => l.startsWith('- dim ')).length, 3, t);
    assert.match(t, /40/);
    assert.equal(h?.range?.start.line, 6);
  });

  it('hovers a layer declaration with arguments, weights per direction, parameter count and returns', async () => {
    const { uri, text } = fixture('bilstm.py');
    await server.open(uri, text);
    const h = await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 4, character: 12 } });
    const t = hoverText(h);
    assert.match(t, /nn\.LSTM/);
    assert.match(t, /input_size.*10/);
    assert.match(t, /hidden_size.*20/);
    assert.match(t, /bidirectional.*True/);
    assert.match(t, /weight_ih_l0_reverse`: `\(80, 10\)`/);
    assert.match(t, /weight_hh_l0`: `\(80, 20\)`/);
    // 2 directions × (80·10 + 80·20 + 80 + 80)
    assert.match(t, /5,120/);
    // a use of the layer's name shows the same card
    const use = await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 6, character: 15 } });
    assert.match(hoverText(use), /weight_ih_l0_reverse/);
  });

  it('checks every hover marker in the fixtures', async () => {
    for (const file of allFixtureFiles()) {
      const text = fs.readFileSync(file, 'utf8');
      const hovers = readMarkers(text).hovers;
      if (hovers.length === 0) continue;
      const uri = fileUri(file);
      await server.open(uri, text);
      for (const m of hovers) {
        const h = await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: m.line, character: m.character } });
        assert.ok(hoverText(h).includes(m.text), `${path.relative(repoRoot, file)}:${m.line + 1}: hover ${JSON.stringify(hoverText(h))} lacks ${m.text}`);
      }
    }
  });

  it('puts an inlay hint with the shape after each bound name', async () => {
    const { uri, text } = fixture('bilstm.py');
    await server.open(uri, text);
    const hints = await server.connection.sendRequest(InlayHintRequest.type, {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 9, character: 0 } },
    });
    const at = (line: number, character: number): string | undefined => {
      const h = (hints ?? []).find((x) => x.position.line === line && x.position.character === character);
      return h && (typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join(''));
    };
    assert.equal(at(6, 3), ': (4, 7, 40)');
    assert.equal(at(6, 7), ': (2, 4, 20)');
    assert.equal(at(6, 10), ': (2, 4, 20)');
    assert.equal(at(5, 1), ': (4, 7, 10)');
  });

  it('shows every all-integer shape marker of its fixtures as an inlay hint', async () => {
    let checked = 0;
    for (const file of allFixtureFiles('own')) {
      const text = fs.readFileSync(file, 'utf8');
      const shapes = readMarkers(text).shapes.filter((s) => /^\((\s*\d+\s*,?)*\)$/.test(s.shape));
      if (shapes.length === 0) continue;
      const uri = fileUri(file);
      await server.open(uri, text);
      const lines = text.split('\n');
      const hints = await server.connection.sendRequest(InlayHintRequest.type, {
        textDocument: { uri },
        range: { start: { line: 0, character: 0 }, end: { line: lines.length, character: 0 } },
      });
      for (const s of shapes) {
        const name = /^[\w.]+/.exec((lines[s.line] ?? '').slice(s.character))?.[0] ?? '';
        const end = s.character + name.length;
        const h = (hints ?? []).find((x) => x.position.line === s.line && x.position.character === end);
        const label = h ? (typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join('')) : '(none)';
        const norm = (x: string): string => x.replace(/\s+/g, '').replace(/,\)$/, ')');
        assert.equal(norm(label), norm(': ' + s.shape), `${path.relative(repoRoot, file)}:${s.line + 1} ${name}`);
        checked++;
      }
    }
    assert.ok(checked >= 3, `checked ${checked} shape markers`);
  });

  it('transmits exactly the core facts for every project fixture (diagnostics and inlay hints)', async () => {
    await loadAnalyzer();
    const files = allFixtureFiles('project');
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      const facts = await analyzeText(text);
      const uri = fileUri(file) + '#faithful';
      await server.open(uri, text);
      const got = await server.waitForDiagnostics(uri, () => true);
      const where = path.relative(repoRoot, file);
      assert.deepEqual(
        got.map((d) => ({ range: d.range, code: d.code, message: d.message, severity: severityName[d.severity ?? 0] })),
        facts.diagnostics.map((d) => ({ range: d.range, code: d.code, message: d.message, severity: d.severity })),
        where,
      );
      const hints = await server.connection.sendRequest(InlayHintRequest.type, {
        textDocument: { uri },
        range: { start: { line: 0, character: 0 }, end: { line: text.split('\n').length, character: 0 } },
      });
      assert.deepEqual(
        (hints ?? []).map((h) => [h.position, h.label]),
        facts.shapes.map((f) => [f.range.end, `: ${f.kind === 'packed' ? 'packed' : ''}${formatShape(f.dims)}`]),
        where,
      );
    }
  });

  it('offers the core quick fix for a diagnostic, and applying it removes the diagnostic', async () => {
    const { uri, text } = fixture('nonlinearity.py');
    await server.open(uri, text, 'python', 1);
    const diags = await server.waitForDiagnostics(uri, (d) => d.some((x) => x.code === 'RL101'));
    const target = diags.find((x) => x.code === 'RL101');
    assert.ok(target);
    const actions = (await server.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: target.range,
      context: { diagnostics: [target], only: ['quickfix'] },
    })) as CodeAction[];
    assert.ok(actions.length >= 1, 'at least one quick fix');
    const fix = actions[0]!;
    assert.equal(fix.kind, 'quickfix');
    assert.equal(fix.diagnostics?.[0]?.code, 'RL101');
    assert.equal(fix.isPreferred, actions.length === 1);
    const edits = fix.edit?.changes?.[uri];
    assert.ok(edits && edits.length > 0, 'the fix edits this document');
    const fixed = applyEdits(text, edits);
    assert.notEqual(fixed, text);
    await server.change(uri, 2, [{ text: fixed }]);
    await server.waitForDiagnostics(uri, (d) => !d.some((x) => x.code === 'RL101'));
  });

  it('still publishes diagnostics when a request analysed the document before the debounce fired', async () => {
    const { uri, text } = fixture('input_size.py');
    const early = uri.replace('input_size.py', 'input_size-early.py');
    await server.open(early, text);
    // an editor asks for hints and lenses right after opening, before the quiet period ends
    await server.connection.sendRequest(InlayHintRequest.type, { textDocument: { uri: early }, range: { start: { line: 0, character: 0 }, end: { line: 9, character: 0 } } });
    const d = await server.waitForDiagnostics(early, (x) => x.length > 0, 3000);
    assert.deepEqual(errorsAndWarnings(d), ['7: error RL202']);
  });

  it('follows incremental edits: an error typed in appears on its line, and goes when deleted', async () => {
    const { uri, text } = fixture('bilstm.py');
    const fresh = uri.replace('bilstm.py', 'bilstm-edited.py');
    await server.open(fresh, text, 'python', 1);
    await server.waitForDiagnostics(fresh, (d) => errorsAndWarnings(d).length === 0);
    const lastLine = text.split('\n').length - 1;
    // two changes in one notification: the second is relative to the text after the first
    await server.change(fresh, 2, [
      { range: { start: { line: lastLine, character: 0 }, end: { line: lastLine, character: 0 } }, text: 'bad = torch.randn(4, 7, 3)\n' },
      { range: { start: { line: lastLine + 1, character: 0 }, end: { line: lastLine + 1, character: 0 } }, text: 'y, _ = lstm(bad)\n' },
    ]);
    const d = await server.waitForDiagnostics(fresh, (x) => x.some((y) => y.code === 'RL202'));
    assert.deepEqual(errorsAndWarnings(d), [`${lastLine + 2}: error RL202`]);
    await server.change(fresh, 3, [{ range: { start: { line: lastLine, character: 0 }, end: { line: lastLine + 2, character: 0 } }, text: '' }]);
    await server.waitForDiagnostics(fresh, (x) => errorsAndWarnings(x).length === 0);
  });

  it('debounces a burst of edits and publishes for the last version only', async () => {
    const { uri, text } = fixture('input_size.py');
    const burst = uri.replace('input_size.py', 'input_size-burst.py');
    await server.open(burst, text, 'python', 1);
    await server.waitForDiagnostics(burst, (d) => d.some((x) => x.code === 'RL202'));
    const before = server.publishCount.get(burst) ?? 0;
    const line = text.split('\n').findIndex((l) => l.startsWith('x = torch.randn(7, 4, 12)'));
    // replace "12" by "10" keystroke by keystroke: delete both digits, type 1, type 0
    const at = (a: number, b: number): { start: { line: number; character: number }; end: { line: number; character: number } } => ({
      start: { line, character: a },
      end: { line, character: b },
    });
    await server.change(burst, 2, [{ range: at(22, 24), text: '' }]);
    await server.change(burst, 3, [{ range: at(22, 22), text: '1' }]);
    await server.change(burst, 4, [{ range: at(23, 23), text: '0' }]);
    await server.waitForDiagnostics(burst, (d) => errorsAndWarnings(d).length === 0);
    await new Promise((r) => setTimeout(r, 300));
    assert.ok((server.publishCount.get(burst) ?? 0) - before <= 2, `published ${(server.publishCount.get(burst) ?? 0) - before} times for a burst of 3 edits`);
  });

  it('respects rnnlens.diagnostics.enabled and rnnlens.inlayHints.enabled', async () => {
    const { uri, text } = fixture('input_size.py');
    await server.open(uri, text);
    await server.waitForDiagnostics(uri, (d) => d.length > 0);
    server.settings = { diagnostics: { enabled: false }, inlayHints: { enabled: false } };
    await server.settingsChanged();
    await server.waitForDiagnostics(uri, (d) => d.length === 0);
    const hints = await server.connection.sendRequest(InlayHintRequest.type, {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 9, character: 0 } },
    });
    assert.deepEqual(hints, []);
    server.settings = {};
    await server.settingsChanged();
    await server.waitForDiagnostics(uri, (d) => d.length > 0);
    const again = await server.connection.sendRequest(InlayHintRequest.type, {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 9, character: 0 } },
    });
    assert.ok((again ?? []).length > 0, 'hints are back');
  });

  it('puts a "▶ Run sample" code lens above each declaration', async () => {
    const { uri, text } = fixture('bilstm.py');
    await server.open(uri, text);
    const lenses = await server.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } });
    assert.equal(lenses?.length, 1);
    const lens = lenses![0]!;
    assert.equal(lens.range.start.line, 4);
    assert.equal(lens.command?.title, '▶ Run sample');
    assert.equal(lens.command?.command, 'rnnlens.runSample');
    assert.deepEqual(lens.command?.arguments?.[0], { uri, target: 'lstm', position: { line: 4, character: 0 } });
  });
});
