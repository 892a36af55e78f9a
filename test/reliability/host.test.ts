// The analysis worker's limits, directly: an analysis that outgrows the heap limit or the time budget
// is stopped, the file gets RL905 saying which limit and which setting, and the next file gets a fresh
// worker that analyses it correctly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AnalysisHost } from '../../server/src/node/analysisHost';
import { fanOut, longFileWithLastLineBug, NORMAL } from './hostileInputs';

async function normalStillWorks(host: AnalysisHost): Promise<void> {
  const r = await host.analyse('normal', '/r/normal.py', NORMAL);
  assert.deepEqual(r.diagnostics.map((d) => [d.range.start.line, d.code]), [[3, 'RL202']]);
  assert.ok(r.modules.some((m) => m.kind === 'LSTM' && m.spec?.hiddenSize === 20), 'facts of the normal file');
}

test('out of time: RL905 names the budget and the setting; the next file is analysed', { timeout: 120_000 }, async () => {
  const host = new AnalysisHost({ memoryLimitMB: 1024, timeoutSeconds: 2 });
  try {
    const r = await host.analyse('fan', '/r/fan.py', fanOut(), undefined, { maxSteps: 500_000_000 });
    assert.deepEqual(r.diagnostics.map((d) => d.code), ['RL905']);
    assert.match(r.diagnostics[0]!.message, /longer than 2 s.*rnnlens\.analysis\.timeoutSeconds/);
    await normalStillWorks(host);
    assert.equal(host.workersStarted, 2);
  } finally {
    await host.dispose();
  }
});

test('out of memory: RL905 names the limit and the setting; the next file is analysed', { timeout: 120_000 }, async () => {
  const host = new AnalysisHost({ memoryLimitMB: 64, timeoutSeconds: 120 });
  try {
    const r = await host.analyse('long', '/r/long.py', longFileWithLastLineBug(100_000));
    assert.deepEqual(r.diagnostics.map((d) => d.code), ['RL905']);
    assert.match(r.diagnostics[0]!.message, /64 MB.*rnnlens\.analysis\.memoryLimitMB/);
    await normalStillWorks(host);
  } finally {
    await host.dispose();
  }
});

test('edits replayed in the worker give the facts of a fresh analysis; queued requests of a document are coalesced', { timeout: 60_000 }, async () => {
  const host = new AnalysisHost({ memoryLimitMB: 512, timeoutSeconds: 60 });
  try {
    let text = NORMAL;
    await host.analyse('doc', '/r/doc.py', text);
    const results = [];
    for (const n of [11, 12, 10]) {
      const at = text.indexOf('randn(5, 3, ') + 'randn(5, 3, '.length;
      const change = { start: at, end: at + 2, text: String(n) };
      text = text.slice(0, at) + change.text + text.slice(at + 2);
      results.push(host.analyse('doc', '/r/doc.py', text, [change]));
    }
    const before = host.analysesRun;
    const all = await Promise.all(results);
    // The first waits for the worker; the two after it were merged into one analysis of the newest text.
    assert.ok(host.analysesRun - before <= 2, `${host.analysesRun - before} analyses`);
    assert.deepEqual(all[2]!.diagnostics, [], 'randn(5, 3, 10) fits LSTM(10, 20)');
    assert.deepEqual(all[1], all[2]);
    const fresh = await host.analyse('fresh', '/r/fresh.py', text);
    assert.deepEqual(fresh, all[2]);
  } finally {
    await host.dispose();
  }
});
