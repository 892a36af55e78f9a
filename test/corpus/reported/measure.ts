// Runs the analyzer over every bug/fixed pair of the reported-bug corpus and prints what it gets right today:
// bugs flagged on torch's line with the right code, twins with a false error, shape markers matched /
// contradicted / missing, then per bug kind the misses and every false error with its line.
// Run: node --import tsx test/corpus/reported/measure.ts
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeText, loadAnalyzer } from '../../../server/src/node/analyzer';
import { parseMarkers } from '../../unit/markers';
import { assess, describeDiagnostic, listPairs, readObserved, type FileResult } from './pairs';

/** What each code stands for here (README.md lists the corpus's kinds). */
const KINDS: Record<string, string> = {
  RL103: 'proj_size invalid',
  RL201: 'input rank',
  RL202: 'input.size(-1) != input_size',
  RL203: 'hx rank != input rank',
  RL204: 'h0/c0 shape',
  RL205: 'tuple given to RNN/GRU',
  RL206: 'bare tensor given to LSTM',
  RL207: 'lstm(x, h0, c0)',
  RL208: 'cell state size/batch',
  RL301: 'unpacking',
  RL303: 'LSTM state tuple used as a tensor',
  RL401: 'Linear in_features',
  RL402: 'Embedding given floats',
  RL403: 'cat sizes',
  RL404: 'view numel',
  RL405: 'index out of range',
  RL406: 'dim out of range',
  RL407: 'LayerNorm shape',
  RL408: 'Conv1d channels',
  RL409: 'shapes do not broadcast',
  RL410: 'view of a non-contiguous tensor',
  RL411: 'pack_padded_sequence lengths',
  RL412: 'loss input vs target shape',
  RL413: '(warning) loss target broadcasts',
  RL414: 'matmul/bmm shapes',
  RL415: 'Embedding index out of range',
};

interface Row {
  stem: string;
  file: string;
  text: string;
  result: FileResult;
}

function lineOf(text: string, line: number): string {
  return (text.split(/\r?\n/)[line] ?? '').trim();
}

async function main(): Promise<void> {
  await loadAnalyzer();
  const pairs = listPairs();
  if (pairs.length === 0) throw new Error('no pairs found');
  const observed = readObserved();
  const load = async (stem: string, file: string): Promise<Row> => {
    const text = fs.readFileSync(file, 'utf8');
    const name = path.basename(file);
    if (!observed[name]) throw new Error(`${name}: not in observed.json (run check_pairs.py --write)`);
    return { stem, file: name, text, result: assess(parseMarkers(text), await analyzeText(text), observed[name]) };
  };
  const bugs: Row[] = [];
  const twins: Row[] = [];
  for (const p of pairs) {
    bugs.push(await load(p.stem, p.bug));
    twins.push(await load(p.stem, p.fixed));
  }

  const flagged = (r: Row): boolean => r.result.marked.length > 0 && r.result.marked.every((m) => m.found);
  const byCode = new Map<string, { total: number; flagged: number; missed: Row[] }>();
  for (const r of bugs) {
    const code = r.result.marked[0]?.marker.code ?? '(none)';
    const e = byCode.get(code) ?? { total: 0, flagged: 0, missed: [] };
    e.total++;
    if (flagged(r)) e.flagged++;
    else e.missed.push(r);
    byCode.set(code, e);
  }
  const all = [...bugs, ...twins];
  const shapes = all.flatMap((r) => r.result.shapes);
  const count = (o: string): number => shapes.filter((s) => s.outcome === o).length;
  const twinsWithError = twins.filter((r) => r.result.unmarked.some((d) => d.severity === 'error'));
  const twinsWithAny = twins.filter((r) => r.result.unmarked.length > 0);
  const bugsWithExtra = bugs.filter((r) => r.result.unmarked.length > 0);

  const out: string[] = [];
  out.push(`reported corpus: ${pairs.length} pairs`);
  out.push(`bugs flagged on torch's line with the right code: ${bugs.filter(flagged).length}/${bugs.length}`);
  out.push(`twins with a false error: ${twinsWithError.length}/${twins.length} (with a false error or warning: ${twinsWithAny.length})`);
  out.push(`bug files with an unmarked error/warning elsewhere: ${bugsWithExtra.length}`);
  out.push(
    `shape markers: ${shapes.length}; matched ${count('matched')}, refuted by torch ${count('refuted')}, ` +
      `imprecise ${count('imprecise')}, missing ${count('missing')}`,
  );
  out.push('');
  out.push('per bug kind (code: flagged/total):');
  for (const [code, e] of [...byCode].sort((a, b) => a[0].localeCompare(b[0]))) {
    out.push(`  ${code} ${KINDS[code] ?? '?'}: ${e.flagged}/${e.total}`);
    for (const r of e.missed) {
      const m = r.result.marked[0];
      const said = m && m.onLine.length ? `reported ${m.onLine.map(describeDiagnostic).join('; ')}` : 'nothing on that line';
      out.push(`    missed ${r.file}:${(m?.marker.line ?? 0) + 1} \`${m ? lineOf(r.text, m.marker.line) : ''}\` (${said})`);
    }
  }
  out.push('');
  out.push('false errors/warnings on twins:');
  for (const r of twinsWithAny) {
    for (const d of r.result.unmarked) out.push(`  ${r.file} ${describeDiagnostic(d)}\n      \`${lineOf(r.text, d.range.start.line)}\``);
  }
  if (twinsWithAny.length === 0) out.push('  none');
  out.push('');
  out.push('unmarked errors/warnings in bug files (besides the marked bug):');
  for (const r of bugsWithExtra) {
    for (const d of r.result.unmarked) out.push(`  ${r.file} ${describeDiagnostic(d)}\n      \`${lineOf(r.text, d.range.start.line)}\``);
  }
  if (bugsWithExtra.length === 0) out.push('  none');
  out.push('');
  for (const outcome of ['refuted', 'imprecise'] as const) {
    out.push(
      outcome === 'refuted'
        ? 'shapes refuted by torch (on some run torch gave another rank, or a concrete dim that differs):'
        : 'imprecise shapes (a symbol where torch has a number, or another name; not refuted):',
    );
    const rows = all.flatMap((r) => r.result.shapes.filter((x) => x.outcome === outcome).map((s) => ({ r, s })));
    for (const { r, s } of rows) {
      const seen = s.torch.length > 1 ? ` (torch gave ${s.torch.map((t) => `(${t.join(', ')})`).join(', ')})` : '';
      out.push(`  ${r.file}:${s.marker.line + 1} ${s.marker.name}: marker ${s.want}, rnnlens ${s.got.join(' / ')}${seen}`);
    }
    if (rows.length === 0) out.push('  none');
    out.push('');
  }
  out.push('');
  out.push('missing shape markers (no shape reported at the name):');
  for (const r of all) {
    const miss = r.result.shapes.filter((x) => x.outcome === 'missing');
    if (miss.length) out.push(`  ${r.file}: ${miss.map((s) => `${s.marker.name}@${s.marker.line + 1} ${s.want}`).join(', ')}`);
  }
  console.log(out.join('\n'));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
