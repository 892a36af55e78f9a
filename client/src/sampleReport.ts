// Renders a sample run's result as Markdown (the panel's "Copy as Markdown"): the inputs fed, a per-layer
// table, each output's shape with ✓/✗ against the static shape and its statistics, time, seed and weights.
import type { RunModelResult, RunSampleResult, SampleTensorStats } from '../../server/src/protocol';

export const shape = (s: readonly number[]): string => `(${s.join(', ')})`;

/** A number as the panel prints it: 4 decimals, exponent for very large or small magnitudes. */
export function num(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  return Math.abs(x) >= 1e4 || (Math.abs(x) < 1e-3 && x !== 0) ? x.toExponential(3) : x.toFixed(4);
}

/** `✓`, `✗ expected (…)`, or `–` when nothing was predicted. */
export function check(t: SampleTensorStats): string {
  if (t.matchesStatic === undefined) return '–';
  return t.matchesStatic ? '✓' : `✗ expected ${shape(t.expectedShape ?? [])}`;
}

/** `a=3, flag=True` as Python would write the values. */
export function formatSizes(sizes: Readonly<Record<string, number | boolean>>): string {
  return Object.entries(sizes).map(([k, v]) => `${k}=${v === true ? 'True' : v === false ? 'False' : String(v)}`).join(', ');
}

export const ms = (x: number): string => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));

export function renderSampleReport(r: RunSampleResult, sourceLabel: string): string {
  const lines: string[] = [];
  lines.push(`# Sample run: ${r.target} = ${r.description}`);
  lines.push('');
  lines.push(`Source: ${sourceLabel}`);
  lines.push('');
  lines.push(`Input: \`${shape(r.inputShape)}\` (batch ${r.batchSize}, sequence length ${r.sequenceLength}), seed ${r.seed}, weights: ${r.weightsSource}`);
  if (r.sizes) lines.push('', `Sizes given: ${formatSizes(r.sizes)}`);
  lines.push('');
  lines.push(...alignedTable([['tensor fed', 'shape', 'from'], ...r.inputs.map((i) => [i.name, `\`${shape(i.shape)}\``, i.source])]));
  lines.push('');
  lines.push(
    ...alignedTable([
      ['layer', 'output shape', 'params', 'time (ms)'],
      ...r.layers.map((l) => [l.name, `\`${shape(l.outputShape)}\``, l.params.toLocaleString('en-US'), ms(l.millis)]),
      ['total', '', r.paramCount.toLocaleString('en-US'), ms(r.millis)],
    ]),
  );
  lines.push('');
  const sat = r.layers.filter((l) => l.saturation && l.saturation.length > 0);
  if (sat.length > 0) {
    const gates = sat[0]!.saturation![0]!.map((g) => g.gate);
    const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
    lines.push(
      ...alignedTable([
        ['saturated gates', ...gates.flatMap((g) => [`${g} < 0.1`, `${g} > 0.9`])],
        ...sat.flatMap((l) => l.saturation!.map((dir, d) => [l.saturation!.length > 1 ? `${l.name} ${d === 0 ? 'forward' : 'reverse'}` : l.name, ...dir.flatMap((g) => [pct(g.low), pct(g.high)])])),
      ]),
    );
    lines.push('');
  }
  const rows = [
    ['output', 'shape', 'static', 'min', 'mean', 'std', 'max', 'NaN', 'Inf'],
    ...r.outputs.map((t) => [t.name, `\`${shape(t.shape)}\``, check(t), num(t.min), num(t.mean), num(t.std), num(t.max), String(t.nanCount), String(t.infCount)]),
  ];
  lines.push(...alignedTable(rows));
  lines.push('');
  lines.push(`Time: ${r.millis.toFixed(2)} ms, ${r.gflops.toFixed(2)} GFLOP/s (WASM ${r.simd})`);
  lines.push('');
  lines.push(r.staticShapesMatch ? 'Static shapes: ✓ all outputs match the shapes rnnlens inferred' : 'Static shapes: ✗ some outputs differ from the shapes rnnlens inferred');
  lines.push('');
  return lines.join('\n');
}

/** A whole model's run as Markdown: the arguments fed, the per-layer table, the outputs with ✓/✗ and statistics. */
export function renderModelReport(r: RunModelResult, sourceLabel: string): string {
  const lines: string[] = [`# Model run: ${r.target}`, '', `Source: ${sourceLabel}`, '', `Forward in eval mode, seed ${r.seed}, weights: ${r.weightsSource}`, ''];
  for (const i of r.inputs) lines.push(`- ${i}`);
  lines.push('');
  lines.push(
    ...alignedTable([
      ['layer', 'kind', 'output shape', 'params', 'time (ms)'],
      ...r.layers.map((l) => [l.name, l.kind, `\`${shape(l.outputShape)}\``, l.params.toLocaleString('en-US'), ms(l.millis) + (l.calls > 1 ? ` (${l.calls} calls)` : '')]),
      ['total', '', '', r.paramCount.toLocaleString('en-US'), ms(r.millis)],
    ]),
  );
  lines.push('');
  lines.push(
    ...alignedTable([
      ['output', 'shape', 'static', 'min', 'mean', 'std', 'max', 'NaN', 'Inf'],
      ...r.outputs.map((t) => [t.name, `\`${shape(t.shape)}\``, check(t), num(t.min), num(t.mean), num(t.std), num(t.max), String(t.nanCount), String(t.infCount)]),
    ]),
  );
  for (const v of r.values) lines.push('', `${v.name}: ${v.value}`);
  lines.push('', r.staticShapesMatch ? 'Static shapes: ✓ every output the analysis has a shape for matches it' : 'Static shapes: ✗ some outputs differ from the shapes rnnlens inferred', '');
  return lines.join('\n');
}

/** A Markdown table whose columns are padded, so it also reads well as plain text. */
function alignedTable(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => [...(row[c] ?? '')].length)));
  const line = (row: string[]): string => '| ' + row.map((cell, c) => cell + ' '.repeat((widths[c] ?? 0) - [...cell].length)).join(' | ') + ' |';
  return [line(rows[0]!), '| ' + widths.map((w) => '-'.repeat(Math.max(3, w))).join(' | ') + ' |', ...rows.slice(1).map(line)];
}
