// `rnnlens summary FILE.py --module NAME`: a torchinfo-like table, statically (nothing runs): each
// sub-layer by its state_dict name, its output shape in general (constructor arguments and inputs
// symbolic) and for the file's own call, its parameter count, and the totals.
import { loadAnalyzer } from '../node/analyzer';
import { withSyntaxRoot } from '../analysis/analyze';
import { SampleRunInterpreter } from '../analysis/interpreter/sampleRun';
import { isUnknownDim, type Layer, type Value } from '../analysis/values';
import { recurrentParamShapes, isRecurrentKind } from '../analysis/torch/recurrent';
import { ConcreteDomain } from '../concrete/domain';
import { layerParams } from '../concrete/params';
import { layerPrefixes } from '../concrete/moduleRun';
import { numel } from '../concrete/tensor';
import { Rng } from '../../../engine/src/index';
import { readSourceFile } from './sources';

const usage = `usage: rnnlens summary FILE.py --module NAME [--format text|json]

  Prints each sub-layer of the module (a class, an instance or self.encoder), its output shape in
  general and for the file's own call, its parameter count and the total, without running anything.
`;

export interface SummaryRow {
  name: string;
  kind: string;
  general: string;
  concrete: string;
  params: number | string;
}

function shapeText(v: Value | undefined): string {
  if (!v) return '-';
  const first = v.k === 'tuple' ? v.items[0] : v;
  if (!first || (first.k !== 'tensor' && first.k !== 'packed')) return '?';
  const dims = first.t.dims;
  if (!dims) return '?';
  const s = '(' + dims.map((d) => (isUnknownDim(d.d) ? '?' : d.d.toString())).join(', ') + (dims.length === 1 ? ',' : '') + ')';
  return first.k === 'packed' ? `packed ${s}` : s;
}

function paramCount(layer: Layer): number | string {
  if (layer.children) {
    // a container holds its children's parameters (counted once in the total, under the children)
    let sum = 0;
    for (const c of layer.children) {
      if (c.k !== 'layer') return '?';
      const n = paramCount(c.layer);
      if (typeof n !== 'number') return '?';
      sum += n;
    }
    return sum;
  }
  const ps = layerParams(layer);
  if (typeof ps !== 'string') return ps.filter((p) => !p.buffer).reduce((a, p) => a + numel(p.shape), 0);
  if (isRecurrentKind(layer.kind)) return String(recurrentParamShapes(layer).count);
  return '?';
}

export async function summarize(text: string, module: string): Promise<{ label: string; rows: SummaryRow[]; total: number | string } | string> {
  await loadAnalyzer();
  return withSyntaxRoot(text, (root, src) => {
    const seen = new Map<Layer, Value>();
    const domain = new ConcreteDomain({ rng: new Rng(0), weights: () => ({}), observe: (layer, result) => seen.set(layer, result) });
    const interp = new SampleRunInterpreter(src, domain);
    interp.runFile(root);
    const target = interp.resolve(module);
    if (typeof target === 'string') return target;
    if (target.k === 'layer') {
      const r = seen.get(target.layer);
      return { label: module, rows: [{ name: module, kind: target.layer.kind, general: '-', concrete: shapeText(r), params: paramCount(target.layer) }], total: paramCount(target.layer) };
    }
    const inst = target.inst;
    const concrete = new Map(seen);
    if (!interp.calls.has(inst)) {
      // never called by the file: its own sizes, inputs symbolic
      seen.clear();
      interp.staticForward(inst, false);
      for (const [k, v] of seen) concrete.set(k, v);
    }
    seen.clear();
    const generic = interp.staticForward(inst, true);
    const general = new Map<string, Value>();
    for (const [layer, prefix] of layerPrefixes(generic)) {
      const v = seen.get(layer);
      if (v) general.set(prefix, v);
    }
    const rows: SummaryRow[] = [];
    let total = 0;
    let unknown = false;
    for (const [layer, prefix] of layerPrefixes(inst)) {
      const params = paramCount(layer);
      if (layer.children) {
        /* its children are rows of their own */
      } else if (typeof params === 'number') total += params;
      else unknown = true;
      rows.push({ name: prefix.slice(0, -1), kind: layer.kind, general: shapeText(general.get(prefix)), concrete: shapeText(concrete.get(layer)), params });
    }
    return { label: `${module} (${inst.cls.name})`, rows, total: unknown ? `${total} + ?` : total };
  });
}

const group = (n: number | string): string => (typeof n === 'number' ? n.toLocaleString('en-US') : n);

export async function summaryMain(argv: string[]): Promise<number> {
  let file: string | undefined;
  let module: string | undefined;
  let format = 'text';
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--help' || a === '-h') {
      process.stdout.write(usage);
      return 0;
    }
    if (a === '--module') module = argv[++i];
    else if (a === '--format') format = argv[++i] ?? '';
    else if (a.startsWith('-')) {
      process.stderr.write(`rnnlens summary: unknown option ${a}\n${usage}`);
      return 2;
    } else file = a;
  }
  if (!file || !module || (format !== 'text' && format !== 'json')) {
    process.stderr.write(`rnnlens summary: ${!file ? 'missing FILE.py' : !module ? 'missing --module NAME' : '--format takes text or json'}\n${usage}`);
    return 2;
  }
  const read = readSourceFile(file, Number.MAX_SAFE_INTEGER);
  if (!read.ok) {
    process.stderr.write(`rnnlens summary: ${file}: ${read.reason}\n`);
    return 2;
  }
  const s = await summarize(read.source.text, module);
  if (typeof s === 'string') {
    process.stderr.write(`rnnlens summary: ${s}\n`);
    return 2;
  }
  if (format === 'json') {
    process.stdout.write(JSON.stringify({ version: 1, file, module: s.label, layers: s.rows, total: s.total }, null, 2) + '\n');
    return 0;
  }
  const head = ['Layer (type)', 'Output shape (general)', 'Output shape (file\'s call)', 'Param #'];
  const cells = s.rows.map((r) => [`${r.name} (${r.kind})`, r.general, r.concrete, group(r.params)]);
  const w = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]): string => c.map((x, i) => (i === 3 ? x.padStart(w[i]!) : x.padEnd(w[i]!))).join('   ').trimEnd();
  const rule = '='.repeat(w.reduce((a, b) => a + b, 0) + 9);
  const out = [`${file}: ${s.label}`, rule, line(head), rule, ...cells.map(line), rule, `Total params: ${group(s.total)}`, rule];
  process.stdout.write(out.join('\n') + '\n');
  return 0;
}
