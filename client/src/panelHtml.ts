// The HTML of a sample run's result panel (a webview): inputs, a per-layer table, outputs with ✓/✗ and
// statistics, an inline SVG plot of the hidden-state norm over time steps, and the copy/save buttons.
// Pure (no vscode import): strict CSP with one nonce, theme colours from VS Code's CSS variables.
import type { RunModelResult, RunSampleResult, SampleLayerRow, SampleTensorStats } from '../../server/src/protocol';
import { check, formatSizes, ms, num, shape } from './sampleReport';

/** Messages the panel's script posts to the extension. */
export type PanelMessage = { type: 'copyMarkdown' } | { type: 'saveOutputs' };

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export interface PanelSource {
  /** Workspace-relative file name. */
  file: string;
  /** 1-based line of the declaration. */
  line: number;
  /** 1-based line of the call whose tensors were fed, if any. */
  callLine?: number;
}

const STYLE = `
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); background: var(--vscode-editor-background); padding: 0 16px 16px; line-height: 1.4; }
h1 { font-size: 1.25em; font-weight: 600; margin: 14px 0 2px; overflow-wrap: anywhere; }
h1 .desc { font-weight: 400; color: var(--vscode-descriptionForeground); }
h2 { font-size: 1em; font-weight: 600; margin: 18px 0 6px; text-transform: uppercase; letter-spacing: .04em; color: var(--vscode-descriptionForeground); }
.src { color: var(--vscode-descriptionForeground); margin: 0 0 8px; }
.actions { display: flex; flex-wrap: wrap; gap: 8px; margin: 8px 0; align-items: center; }
button { font: inherit; color: var(--vscode-button-foreground); background: var(--vscode-button-background); border: 1px solid var(--vscode-button-border, transparent); padding: 4px 12px; border-radius: 2px; cursor: pointer; }
button:hover { background: var(--vscode-button-hoverBackground); }
button.secondary { color: var(--vscode-button-secondaryForeground); background: var(--vscode-button-secondaryBackground); }
button.secondary:hover { background: var(--vscode-button-secondaryHoverBackground); }
#status { color: var(--vscode-descriptionForeground); }
.verdict { margin: 6px 0; font-weight: 600; }
.ok { color: var(--vscode-testing-iconPassed, var(--vscode-charts-green)); }
.bad { color: var(--vscode-errorForeground); }
.scroll { overflow-x: auto; max-width: 100%; }
table { border-collapse: collapse; white-space: nowrap; font-variant-numeric: tabular-nums; margin-bottom: 8px; }
th, td { padding: 3px 10px 3px 0; text-align: left; border-bottom: 1px solid var(--vscode-panel-border, var(--vscode-widget-border, #8884)); }
th { font-weight: 600; color: var(--vscode-descriptionForeground); }
td.n, th.n { text-align: right; padding-left: 10px; }
td.wrap { white-space: normal; min-width: 16em; }
tr.total td { font-weight: 600; border-bottom: none; }
th.gate { text-align: center; padding-left: 10px; }
#saturation td.n, #saturation th.n { padding-left: 6px; padding-right: 4px; }
code { font-family: var(--vscode-editor-font-family); font-size: var(--vscode-editor-font-size); }
.meta { color: var(--vscode-descriptionForeground); margin-top: 14px; }
svg { display: block; width: 100%; max-width: 760px; height: auto; }
svg text { fill: var(--vscode-descriptionForeground); font-size: 11px; font-family: var(--vscode-font-family); }
svg .axis { stroke: var(--vscode-descriptionForeground); stroke-width: 1; }
svg .grid { stroke: var(--vscode-panel-border, #8884); stroke-width: 1; stroke-dasharray: 2 3; }
svg .line { fill: none; stroke-width: 1.8; }
svg .rev { stroke-dasharray: 5 3; }
${['blue', 'orange', 'green', 'purple', 'red', 'yellow'].map((c, i) => `.c${i} { stroke: var(--vscode-charts-${c}); } .f${i} { fill: var(--vscode-charts-${c}); }`).join('\n')}
.legend { display: flex; flex-wrap: wrap; gap: 4px 14px; margin: 4px 0 0; }
.legend span { display: inline-flex; align-items: center; gap: 5px; }
.legend svg { display: inline; width: 22px; height: 8px; }
`;

/** The outputs table's rows (shape, ✓/✗ against the static shape, NaN / Inf) and the statistics table's rows. */
function outputRows(list: readonly SampleTensorStats[]): { outputs: string; stats: string } {
  const e = escapeHtml;
  const outputs = list
    .map((t) => {
      const cls = t.matchesStatic === undefined ? '' : t.matchesStatic ? 'ok' : 'bad';
      const bad = (n: number) => (n > 0 ? ' bad' : '');
      return `<tr><td>${e(t.name)}</td><td><code>${e(shape(t.shape))}</code></td><td class="${cls}">${e(check(t))}</td>` +
        `<td class="n${bad(t.nanCount)}">${t.nanCount}</td><td class="n${bad(t.infCount)}">${t.infCount}</td></tr>`;
    })
    .join('');
  // statistics in a table of their own: two narrow tables stay readable in a side column
  const stats = list.map((t) => `<tr><td>${e(t.name)}</td>` + [t.min, t.mean, t.std, t.max].map((v) => `<td class="n">${e(num(v))}</td>`).join('') + '</tr>').join('');
  return { outputs, stats };
}

function page(title: string, nonce: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHtml(title)}</title>
<style nonce="${nonce}">${STYLE}</style>
</head>
<body>
${body}
<script nonce="${nonce}">
const vscode = acquireVsCodeApi();
for (const b of document.querySelectorAll('button[data-action]')) b.addEventListener('click', () => vscode.postMessage({ type: b.dataset.action }));
window.addEventListener('message', (ev) => { if (ev.data && ev.data.type === 'status') document.getElementById('status').textContent = ev.data.text; });
</script>
</body>
</html>`;
}

const ACTIONS = '<div class="actions"><button id="copy" data-action="copyMarkdown">Copy as Markdown</button><button id="save" class="secondary" data-action="saveOutputs">Save outputs as .safetensors…</button><span id="status" role="status"></span></div>';

/** The panel of a whole model's run: the per-layer table like torchinfo's, the outputs, the arguments fed. */
export function renderModelPanelHtml(r: RunModelResult, src: PanelSource, nonce: string): string {
  const e = escapeHtml;
  const where = `${src.file}:${src.line}` + (src.callLine !== undefined ? ` · arguments from the call at line ${src.callLine}` : '');
  const { outputs, stats } = outputRows(r.outputs);
  const layers = r.layers
    .map((l) => `<tr><td>${e(l.name)}</td><td>${e(l.kind)}</td><td><code>${e(shape(l.outputShape))}</code></td><td class="n">${l.params.toLocaleString('en-US')}</td><td class="n">${ms(l.millis)}${l.calls > 1 ? ` <span class="src">×${l.calls}</span>` : ''}</td></tr>`)
    .join('');
  const checked = r.outputs.some((o) => o.matchesStatic !== undefined);
  const verdict = !checked
    ? '<p class="verdict">The analysis has no complete shape for these outputs to compare with</p>'
    : r.staticShapesMatch
      ? '<p class="verdict ok">✓ Every output has the shape rnnlens inferred</p>'
      : '<p class="verdict bad">✗ Some outputs differ from the shapes rnnlens inferred</p>';
  const values = r.values.length ? `<div class="scroll"><table id="values"><thead><tr><th>output</th><th>value</th></tr></thead><tbody>${r.values.map((v) => `<tr><td>${e(v.name)}</td><td><code>${e(v.value)}</code></td></tr>`).join('')}</tbody></table></div>` : '';
  const inputs = r.inputs.map((i) => `<li>${e(i)}</li>`).join('');
  return page(`${r.target} model run`, nonce, `<h1>${e(r.target)} <span class="desc">forward, eval mode</span></h1>
<p class="src">${e(where)}</p>
${ACTIONS}
${verdict}
<h2>Layers</h2>
<div class="scroll"><table id="layers"><thead><tr><th>layer</th><th>kind</th><th>output shape</th><th class="n">params</th><th class="n">time (ms)</th></tr></thead><tbody>${layers}<tr class="total"><td>total</td><td></td><td></td><td class="n">${r.paramCount.toLocaleString('en-US')}</td><td class="n">${ms(r.millis)}</td></tr></tbody></table></div>
<h2>Outputs</h2>
<div class="scroll"><table id="outputs"><thead><tr><th>output</th><th>shape</th><th>static shape</th><th class="n">NaN</th><th class="n">Inf</th></tr></thead><tbody>${outputs}</tbody></table></div>
<div class="scroll"><table id="stats"><thead><tr><th>output</th><th class="n">min</th><th class="n">mean</th><th class="n">std</th><th class="n">max</th></tr></thead><tbody>${stats}</tbody></table></div>
${values}
<h2>Inputs</h2>
<ul id="inputs">${inputs}</ul>
<p class="meta">Seed ${r.seed} · ${r.millis.toFixed(2)} ms<br>Weights: ${e(r.weightsSource)}</p>`);
}

export function renderPanelHtml(r: RunSampleResult, src: PanelSource, nonce: string): string {
  const e = escapeHtml;
  const where = `${src.file}:${src.line}` + (src.callLine !== undefined ? ` · input from the call at line ${src.callLine}` : '');
  const inputs = r.inputs.map((i) => `<tr><td>${e(i.name)}</td><td><code>${e(shape(i.shape))}</code></td><td class="wrap">${e(i.source)}</td></tr>`).join('');
  const layers = r.layers
    .map((l) => `<tr><td>${e(l.name)}</td><td><code>${e(shape(l.outputShape))}</code></td><td class="n">${l.params.toLocaleString('en-US')}</td><td class="n">${ms(l.millis)}</td></tr>`)
    .join('');
  const { outputs, stats } = outputRows(r.outputs);
  const verdict = r.staticShapesMatch
    ? '<p class="verdict ok">✓ Every output has the shape rnnlens inferred</p>'
    : '<p class="verdict bad">✗ Some outputs differ from the shapes rnnlens inferred</p>';
  const sizes = r.sizes ? `<p class="src">Sizes given: ${e(formatSizes(r.sizes))}</p>` : '';
  return page(`${r.target} sample run`, nonce, `<h1>${e(r.target)} <span class="desc">= ${e(r.description)}</span></h1>
<p class="src">${e(where)}</p>
${sizes}
${ACTIONS}
${verdict}
<h2>Outputs</h2>
<div class="scroll"><table id="outputs"><thead><tr><th>output</th><th>shape</th><th>static shape</th><th class="n">NaN</th><th class="n">Inf</th></tr></thead><tbody>${outputs}</tbody></table></div>
<div class="scroll"><table id="stats"><thead><tr><th>output</th><th class="n">min</th><th class="n">mean</th><th class="n">std</th><th class="n">max</th></tr></thead><tbody>${stats}</tbody></table></div>
<h2>Layers</h2>
<div class="scroll"><table id="layers"><thead><tr><th>layer</th><th>output shape</th><th class="n">params</th><th class="n">time (ms)</th></tr></thead><tbody>${layers}<tr class="total"><td>total</td><td></td><td class="n">${r.paramCount.toLocaleString('en-US')}</td><td class="n">${ms(r.millis)}</td></tr></tbody></table></div>
<h2>Hidden-state norm over time</h2>
${normPlot(r.layers)}
${saturationTable(r.layers)}
<h2>Inputs</h2>
<div class="scroll"><table id="inputs"><thead><tr><th>tensor</th><th>shape</th><th>from</th></tr></thead><tbody>${inputs}</tbody></table></div>
<p class="meta">Batch ${r.batchSize}, sequence length ${r.sequenceLength}, seed ${r.seed} · ${r.millis.toFixed(2)} ms, ${r.gflops.toFixed(2)} GFLOP/s (WASM ${e(r.simd)})<br>Weights: ${e(r.weightsSource)}</p>`);
}

/**
 * Inline SVG: the mean over the batch of ‖h_t‖₂ against the time step t, one line per layer (colour) and
 * direction (reverse dashed). At most ~600 points per line (long runs are sampled evenly).
 */
export function normPlot(layers: readonly SampleLayerRow[]): string {
  const series = layers.flatMap((l, li) => l.norms.map((ys, d) => ({ label: `${l.name}${l.norms.length > 1 ? (d === 0 ? ' forward' : ' reverse') : ''}`, ys, colour: li % 6, rev: d === 1 })));
  const T = Math.max(0, ...series.map((s) => s.ys.length));
  if (T === 0) return '<p class="src">No steps were run.</p>';
  const finite = series.flatMap((s) => s.ys.filter((y) => Number.isFinite(y)));
  const top = niceCeil(Math.max(1e-6, ...finite));
  const W = 640, H = 220, left = 48, right = 12, topPad = 10, bottom = 32;
  const pw = W - left - right, ph = H - topPad - bottom;
  const x = (t: number) => left + (T === 1 ? pw / 2 : (t / (T - 1)) * pw);
  const y = (v: number) => topPad + ph - (Math.min(Math.max(v, 0), top) / top) * ph;
  const step = Math.max(1, Math.ceil(T / 600));
  const parts: string[] = [];
  for (const f of [0, 0.5, 1]) {
    const yy = y(top * f).toFixed(1);
    parts.push(`<line class="grid" x1="${left}" x2="${W - right}" y1="${yy}" y2="${yy}"/><text x="${left - 6}" y="${(Number(yy) + 4).toFixed(1)}" text-anchor="end">${fmtTick(top * f)}</text>`);
  }
  parts.push(`<line class="axis" x1="${left}" x2="${left}" y1="${topPad}" y2="${topPad + ph}"/><line class="axis" x1="${left}" x2="${W - right}" y1="${topPad + ph}" y2="${topPad + ph}"/>`);
  for (const t of xTicks(T)) parts.push(`<text x="${x(t).toFixed(1)}" y="${topPad + ph + 14}" text-anchor="middle">${t}</text>`);
  parts.push(`<text x="${left + pw / 2}" y="${H - 3}" text-anchor="middle">time step t</text>`);
  for (const s of series) {
    if (T === 1) {
      parts.push(`<circle class="f${s.colour}" cx="${x(0).toFixed(1)}" cy="${y(s.ys[0] ?? 0).toFixed(1)}" r="4"/>`);
      continue;
    }
    const pts: string[] = [];
    for (let t = 0; t < s.ys.length; t += step) pts.push(`${x(t).toFixed(1)},${y(s.ys[t]!).toFixed(1)}`);
    if ((s.ys.length - 1) % step !== 0) pts.push(`${x(s.ys.length - 1).toFixed(1)},${y(s.ys[s.ys.length - 1]!).toFixed(1)}`);
    parts.push(`<polyline class="line c${s.colour}${s.rev ? ' rev' : ''}" points="${pts.join(' ')}"/>`);
  }
  const legend = series
    .map((s) => `<span><svg viewBox="0 0 22 8" aria-hidden="true"><line class="line c${s.colour}${s.rev ? ' rev' : ''}" x1="0" x2="22" y1="4" y2="4"/></svg>${escapeHtml(s.label)}</span>`)
    .join('');
  return `<svg id="norm-plot" viewBox="0 0 ${W} ${H}" role="img" aria-label="mean hidden-state norm per time step"><title>mean over the batch of ‖h_t‖₂ per time step</title>${parts.join('')}</svg>
<div class="legend">${legend}</div>
<p class="src">Mean over the batch of ‖h_t‖₂ at each step, per layer (colour) and direction (reverse dashed).</p>`;
}

/** LSTM / GRU: per layer and direction, each sigmoid gate's share of values below 0.1 and above 0.9. */
export function saturationTable(layers: readonly SampleLayerRow[]): string {
  const withSat = layers.filter((l) => l.saturation && l.saturation.length > 0);
  if (withSat.length === 0) return '';
  const gates = withSat[0]!.saturation![0]!.map((g) => g.gate);
  const pct = (x: number) => (x === 0 ? '0' : x < 0.001 ? '&lt;0.1' : (100 * x).toFixed(1)) + ' %';
  const rows = withSat
    .flatMap((l) =>
      l.saturation!.map((dir, d) => {
        const name = l.saturation!.length > 1 ? `${l.name} ${d === 0 ? 'forward' : 'reverse'}` : l.name;
        return `<tr><td>${escapeHtml(name)}</td>` + dir.map((g) => `<td class="n">${pct(g.low)}</td><td class="n">${pct(g.high)}</td>`).join('') + '</tr>';
      }),
    )
    .join('');
  const head = gates.map((g) => `<th class="n gate" colspan="2">${escapeHtml(g)}</th>`).join('');
  const sub = gates.map(() => '<th class="n">&lt; 0.1</th><th class="n">&gt; 0.9</th>').join('');
  return `<h2>Saturated gates</h2>
<div class="scroll"><table id="saturation"><thead><tr><th rowspan="2">layer</th>${head}</tr><tr>${sub}</tr></thead><tbody>${rows}</tbody></table></div>
<p class="src">Share of each sigmoid gate's values, over all steps and the batch, below 0.1 or above 0.9 (${gates.join(', ')}).</p>`;
}

function niceCeil(v: number): number {
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

function fmtTick(v: number): string {
  return v === 0 ? '0' : v >= 100 ? v.toFixed(0) : v >= 1 ? String(Number(v.toFixed(2))) : String(Number(v.toPrecision(2)));
}

/** Ticks on the time axis: 0, then every `step` (1, 2, 5 × 10^k) up to the last step. */
export function xTicks(T: number): number[] {
  if (T <= 1) return [0];
  const raw = (T - 1) / 5;
  const p = 10 ** Math.floor(Math.log10(Math.max(raw, 1)));
  const step = [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw) ?? 10 * p;
  const ticks: number[] = [];
  for (let t = 0; t <= T - 1; t += step) ticks.push(t);
  return ticks;
}
