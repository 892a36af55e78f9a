// Unit tests of the result panel's content: the Markdown a user copies (inputs, per-layer table, every
// output with shape, ✓/✗ against the static shape, statistics, NaN/Inf, time, seed and weights) and the
// webview's HTML (strict CSP with a nonce, no remote content, the tables, the norm plot).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { renderSampleReport } from '../../client/src/sampleReport';
import { normPlot, renderPanelHtml, xTicks } from '../../client/src/panelHtml';
import { parseSizes, sizesPrefill } from '../../client/src/sizes';
import type { RunSampleResult } from '../../server/src/protocol';

const result: RunSampleResult = {
  target: 'lstm',
  kind: 'LSTM',
  description: 'LSTM(input_size=10, hidden_size=20, num_layers=2, bidirectional=True)',
  batchSize: 2,
  sequenceLength: 5,
  inputShape: [5, 2, 10],
  outputs: [
    { name: 'output', shape: [5, 2, 40], min: -0.5, max: 0.25, mean: 0.01, std: 0.125, nanCount: 0, infCount: 0, expectedShape: [5, 2, 40], matchesStatic: true },
    { name: 'h_n', shape: [4, 2, 20], min: NaN, max: Infinity, mean: 0, std: 0, nanCount: 3, infCount: 1, expectedShape: [2, 2, 20], matchesStatic: false },
  ],
  millis: 1.5,
  gflops: 2.25,
  seed: 4,
  simd: 'relaxed-simd',
  weightsSource: 'lstm.safetensors',
  staticShapesMatch: false,
  runId: 3,
  line: 4,
  callLine: 6,
  inputs: [
    { name: 'input', shape: [5, 2, 10], source: 'random normal in the shape the code gives at line 7' },
    { name: 'h0', shape: [4, 2, 20], source: 'filled with 0 (the code\'s torch.zeros/ones/full at line 7)' },
  ],
  layers: [
    {
      name: 'lstm.l0', outputShape: [5, 2, 40], params: 6720, millis: 0.75, norms: [[1, 2, 3, 4, 5], [5, 4, 3, 2, 1]],
      saturation: [
        [{ gate: 'i', low: 0.25, high: 0 }, { gate: 'f', low: 0, high: 0.0005 }, { gate: 'o', low: 0.125, high: 0.5 }],
        [{ gate: 'i', low: 0, high: 0 }, { gate: 'f', low: 0, high: 0 }, { gate: 'o', low: 0, high: 1 }],
      ],
    },
    { name: 'lstm.l1', outputShape: [5, 2, 40], params: 9920, millis: 0.5, norms: [[0.5, 0.5, 1, 1, 1.5], [2, 2, 2, 2, 2]] },
  ],
  paramCount: 16640,
};

describe('sample report (Markdown)', () => {
  it('renders inputs, layers, shapes, checks, statistics, time and seed', () => {
    const text = renderSampleReport(result, 'model.py:5 — lstm');
    assert.match(text, /^# Sample run: lstm = LSTM\(input_size=10, hidden_size=20, num_layers=2, bidirectional=True\)$/m);
    assert.match(text, /Input: `\(5, 2, 10\)` \(batch 2, sequence length 5\), seed 4, weights: lstm\.safetensors/);
    assert.match(text, /\| h0 +\| `\(4, 2, 20\)` \| filled with 0 /);
    assert.match(text, /\| lstm\.l0 +\| `\(5, 2, 40\)` +\| 6,720 +\| 0\.75 +\|/);
    assert.match(text, /\| total +\| +\| 16,640 \| 1\.50 +\|/);
    assert.match(text, /\| output +\| `\(5, 2, 40\)` +\| ✓ +\| -0\.5000 \| 0\.0100 +\| 0\.1250 \| 0\.2500 \| 0 +\| 0 +\|/);
    assert.match(text, /\| h_n +\| `\(4, 2, 20\)` +\| ✗ expected \(2, 2, 20\) \| NaN +\| 0\.0000 +\| 0\.0000 \| inf +\| 3 +\| 1 +\|/);
    assert.match(text, /Time: 1\.50 ms, 2\.25 GFLOP\/s \(WASM relaxed-simd\)/);
    assert.match(text, /Static shapes: ✗/);
    assert.match(renderSampleReport({ ...result, sizes: { hidden: 3, bidirectional: true } }, 'x'), /Sizes given: hidden=3, bidirectional=True/);
    // columns line up: within each table every row has the same length
    const tables = text.split('\n\n').map((b) => b.split('\n').filter((l) => l.startsWith('|'))).filter((rows) => rows.length > 0);
    assert.equal(tables.length, 4);
    assert.match(text, /\| saturated gates +\| i < 0\.1 \| i > 0\.9 \| f < 0\.1 \| f > 0\.9 \| o < 0\.1 \| o > 0\.9 \|/);
    assert.match(text, /\| lstm\.l0 forward +\| 25\.0 % +\| 0\.0 % +\| 0\.0 % +\| 0\.1 % +\| 12\.5 % +\| 50\.0 % +\|/);
    for (const rows of tables) assert.equal(new Set(rows.map((l) => [...l].length)).size, 1, rows.join('\n'));
  });
});

describe('result panel (HTML)', () => {
  const html = renderPanelHtml(result, { file: 'models/model.py', line: 5, callLine: 7 }, 'N0nce');
  it('has a strict CSP: nothing by default, styles and the one script by nonce, no remote content', () => {
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? '';
    assert.equal(csp, "default-src 'none'; style-src 'nonce-N0nce'; script-src 'nonce-N0nce';");
    assert.match(csp, /script-src 'nonce-N0nce';/);
    assert.match(csp, /style-src 'nonce-N0nce';/);
    assert.doesNotMatch(csp, /unsafe|https?:/);
    assert.doesNotMatch(html, /(src|href)="https?:/);
    const scripts = html.match(/<script[^>]*>/g) ?? [];
    assert.deepEqual(scripts, ['<script nonce="N0nce">']);
    assert.doesNotMatch(html, / style="/, 'no inline style attributes (the CSP blocks them)');
  });
  it('shows where it came from, each output with ✓/✗ and statistics, the layer table and the inputs', () => {
    assert.match(html, /models\/model\.py:5 · input from the call at line 7/);
    assert.match(html, /<td>output<\/td><td><code>\(5, 2, 40\)<\/code><\/td><td class="ok">✓<\/td><td class="n">0<\/td><td class="n">0<\/td>/);
    assert.match(html, /<td>h_n<\/td><td><code>\(4, 2, 20\)<\/code><\/td><td class="bad">✗ expected \(2, 2, 20\)<\/td><td class="n bad">3<\/td><td class="n bad">1<\/td>/);
    assert.match(html, /<table id="stats">.*<td>output<\/td><td class="n">-0\.5000<\/td><td class="n">0\.0100<\/td><td class="n">0\.1250<\/td><td class="n">0\.2500<\/td>.*<td>h_n<\/td><td class="n">NaN<\/td><td class="n">0\.0000<\/td><td class="n">0\.0000<\/td><td class="n">inf<\/td>/s);
    assert.match(html, /<td>lstm\.l1<\/td><td><code>\(5, 2, 40\)<\/code><\/td><td class="n">9,920<\/td><td class="n">0\.50<\/td>/);
    assert.match(html, /<tr class="total"><td>total<\/td><td><\/td><td class="n">16,640<\/td>/);
    assert.match(html, /<td>h0<\/td><td><code>\(4, 2, 20\)<\/code><\/td><td class="wrap">filled with 0 \(the code&#39;s torch/);
    assert.match(html, /<table id="saturation"><thead><tr><th rowspan="2">layer<\/th><th class="n gate" colspan="2">i<\/th><th class="n gate" colspan="2">f<\/th><th class="n gate" colspan="2">o<\/th><\/tr><tr><th class="n">&lt; 0\.1<\/th><th class="n">&gt; 0\.9<\/th>/);
    assert.match(html, /<td>lstm\.l0 forward<\/td><td class="n">25\.0 %<\/td><td class="n">0 %<\/td><td class="n">0 %<\/td><td class="n">&lt;0\.1 %<\/td><td class="n">12\.5 %<\/td><td class="n">50\.0 %<\/td><\/tr><tr><td>lstm\.l0 reverse<\/td>/);
    assert.match(html, /data-action="copyMarkdown"/);
    assert.match(html, /data-action="saveOutputs"/);
    assert.match(html, /color: var\(--vscode-foreground\)/);
  });
  it('escapes what comes from the code', () => {
    const h = renderPanelHtml({ ...result, target: '<img src=x>' }, { file: 'a&b.py', line: 1 }, 'n');
    assert.doesNotMatch(h, /<img src=x>/);
    assert.match(h, /a&amp;b\.py:1/);
  });
});

describe('norm plot (inline SVG)', () => {
  it('draws one line per layer and direction, reverse dashed, scaled to the largest norm', () => {
    const svg = normPlot(result.layers);
    const lines = svg.match(/<polyline class="[^"]+" points="[^"]+"\/>/g) ?? [];
    assert.equal(lines.length, 4);
    assert.match(lines[0]!, /class="line c0"/);
    assert.match(lines[1]!, /class="line c0 rev"/);
    assert.match(lines[2]!, /class="line c1"/);
    // 5 points each; the forward line of layer 0 rises to the top (5 = the axis maximum) at t = 4
    const pts = (l: string) => /points="([^"]+)"/.exec(l)![1]!.split(' ').map((p) => p.split(',').map(Number));
    assert.equal(pts(lines[0]!).length, 5);
    const first = pts(lines[0]!)[0]!, last = pts(lines[0]!)[4]!;
    assert.ok(last[0]! > first[0]! && last[1]! < first[1]!, 'rises left to right');
    assert.equal(last[1], 10, 'the largest norm (5) is the top of the plot');
    assert.match(svg, /lstm\.l0 forward.*lstm\.l0 reverse.*lstm\.l1 forward/s);
  });
  it('puts time ticks at round steps from 0', () => {
    assert.deepEqual(xTicks(1), [0]);
    assert.deepEqual(xTicks(9), [0, 2, 4, 6, 8]);
    assert.deepEqual(xTicks(7), [0, 2, 4, 6]);
    assert.deepEqual(xTicks(100), [0, 20, 40, 60, 80]);
    assert.deepEqual(xTicks(4000), [0, 1000, 2000, 3000]);
  });
  it('draws a point for a single step (a cell) and samples very long runs', () => {
    assert.match(normPlot([{ name: 'cell', outputShape: [2, 8], params: 10, millis: 0.1, norms: [[0.7]] }]), /<circle class="f0"/);
    const long = normPlot([{ name: 'rnn.l0', outputShape: [5000, 1, 4], params: 10, millis: 1, norms: [Array.from({ length: 5000 }, (_, t) => t % 7)] }]);
    const n = (/points="([^"]+)"/.exec(long)![1]!).split(' ').length;
    assert.ok(n <= 601 && n >= 500, `${n} points`);
  });
});

describe('sizes question', () => {
  it('prefills each name, flags with torch defaults, and parses the answer', () => {
    assert.equal(sizesPrefill(['hidden_dim', 'batch_first']), 'hidden_dim=, batch_first=False');
    assert.deepEqual(parseSizes('hidden_dim=16, batch_first=True', ['hidden_dim', 'batch_first']), { sizes: { hidden_dim: 16, batch_first: true } });
    assert.deepEqual(parseSizes('hidden_dim=, batch_first=False', ['hidden_dim', 'batch_first']), { error: 'hidden_dim needs a value' });
    assert.deepEqual(parseSizes('hidden_dim=0', ['hidden_dim']), { error: 'hidden_dim=0: give a positive integer (or True/False)' });
    assert.deepEqual(parseSizes('batch_first=True', ['hidden_dim', 'batch_first']), { error: 'still needed: hidden_dim' });
  });
});
