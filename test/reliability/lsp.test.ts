// The language server on hostile inputs and load: a file that runs the analysis out of its limits gets
// a diagnostic saying why and never takes the server or the other documents down; a burst of edits with
// hover and inlay requests is coalesced (far fewer analyses than requests), and answered.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HoverRequest, InlayHintRequest } from 'vscode-languageserver-protocol';
import { ServerStatusRequest } from '../../server/src/protocol';
import { startServer } from '../lsp/lspClient';
import { generateFlatScript } from '../bench/generateScript';
import { deepNesting, hugeFile, NORMAL, tupleDoubling } from './hostileInputs';

test('hostile documents get a diagnostic that says why; the server and the other documents carry on', { timeout: 180_000 }, async () => {
  const server = await startServer();
  try {
    const codes = (uri: string) => (server.diagnostics.get(uri) ?? []).map((d) => `${d.range.start.line}:${String(d.code)}`);
    await server.open('file:///r/double.py', tupleDoubling());
    await server.waitForDiagnostics('file:///r/double.py', (d) => d.length > 0, 60_000);
    assert.deepEqual(codes('file:///r/double.py'), ['15:RL903']);

    await server.open('file:///r/huge.py', hugeFile(3));
    const huge = await server.waitForDiagnostics('file:///r/huge.py', (d) => d.length > 0, 60_000);
    assert.equal(huge[0]!.code, 'RL904');
    assert.match(huge[0]!.message, /rnnlens\.analysis\.maxFileSizeKB/);

    const before = await server.connection.sendRequest(ServerStatusRequest);
    await server.open('file:///r/deep.py', deepNesting());
    const deep = await server.waitForDiagnostics('file:///r/deep.py', (d) => d.length > 0, 60_000);
    assert.equal(deep[0]!.code, 'RL905');

    // A normal document afterwards: analysed correctly (fresh worker), hovers answered from its facts.
    await server.open('file:///r/normal.py', NORMAL);
    await server.waitForDiagnostics('file:///r/normal.py', (d) => d.length > 0, 60_000);
    assert.deepEqual(codes('file:///r/normal.py'), ['3:RL202']);
    const hover = await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri: 'file:///r/normal.py' }, position: { line: 2, character: 1 } });
    assert.match(JSON.stringify(hover), /LSTM/);
    const after = await server.connection.sendRequest(ServerStatusRequest);
    assert.equal(after.pid, before.pid, 'the server process survived');
    assert.ok((after.analysisWorkers ?? 0) > (before.analysisWorkers ?? 0), 'the analysis worker was replaced');
    // The first document still answers.
    const h2 = await server.connection.sendRequest(InlayHintRequest.type, { textDocument: { uri: 'file:///r/double.py' }, range: { start: { line: 0, character: 0 }, end: { line: 30, character: 0 } } });
    assert.ok(Array.isArray(h2));
  } finally {
    await server.stop();
  }
});

test('a burst of edits with hover and inlay requests is coalesced: few analyses, every request answered, the last version published', { timeout: 180_000 }, async () => {
  const server = await startServer({ debounceMs: 50 });
  try {
    const uri = 'file:///r/flat.py';
    let text = generateFlatScript(1000);
    await server.open(uri, text);
    await server.waitForDiagnostics(uri, () => true, 60_000);
    const before = (await server.connection.sendRequest(ServerStatusRequest)).analysesRun ?? 0;
    // Type a comment at the end of line 5, one character per edit, each followed by a hover and an inlay request.
    const line = 4;
    const col0 = text.split('\n')[line]!.length;
    const requests: Promise<unknown>[] = [];
    const edits = 300;
    for (let i = 0; i < edits; i++) {
      const ch = i === 0 ? '#' : 'x';
      void server.change(uri, 2 + i, [{ range: { start: { line, character: col0 + i }, end: { line, character: col0 + i } }, text: ch }]);
      requests.push(server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 9, character: 1 } }));
      requests.push(server.connection.sendRequest(InlayHintRequest.type, { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 40, character: 0 } } }));
    }
    const answers = await Promise.all(requests);
    assert.equal(answers.length, 2 * edits);
    assert.ok(answers.filter((a, i) => i % 2 === 1).every((a) => Array.isArray(a) && a.length > 0), 'inlay hints answered from facts');
    const status = await server.connection.sendRequest(ServerStatusRequest);
    assert.equal(typeof status.analysesRun, 'number', 'the server counts its analyses');
    const ran = status.analysesRun! - before;
    assert.ok(ran >= 1, 'the edits were analysed');
    // One analysis per request (600) without coalescing; with it, a handful per worker round.
    assert.ok(ran < edits / 10, `${ran} analyses for ${edits} edits and ${2 * edits} requests`);
    text = text.split('\n').map((l, i) => (i === line ? l + '#' + 'x'.repeat(edits - 1) : l)).join('\n');
    // The newest version's facts are what is published at the end (nothing stale).
    const hover = await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 9, character: 1 } });
    assert.match(JSON.stringify(hover), /LSTM/);
  } finally {
    await server.stop();
  }
});
