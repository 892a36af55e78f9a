// `rnnlens summary FILE.py --module NAME`: a torchinfo-like table, statically (nothing runs): each
// sub-layer by its state_dict name, its output shape in general (constructor arguments and inputs
// symbolic) and for the file's own call, its parameter count, and the totals.
import { loadAnalyzer } from '../node/analyzer';
import { summarizeModule, type ModuleSummary } from '../concrete/moduleSummary';
import { readSourceFile } from './sources';

export type { SummaryRow } from '../concrete/moduleSummary';

const usage = `usage: rnnlens summary FILE.py --module NAME [--format text|json]

  Prints each sub-layer of the module (a class, an instance or self.encoder), its output shape in
  general and for the file's own call, its parameter count and the total, without running anything.
`;

export async function summarize(text: string, module: string): Promise<ModuleSummary | string> {
  await loadAnalyzer();
  return summarizeModule(text, module);
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
