// `npm run bench` (analysis part): full check and re-check after a one-character edit, warm, for a
// generated 1,000-line model file, a 10,000-line file with 500 recurrent layers and a 1,000-line flat
// script (module-level statements only). Reports wall time
// and this process's CPU time, and the full check as a multiple of a bare tree-sitter parse of the same
// text timed alongside (a ratio that holds when other jobs slow the whole machine down).
import { performance } from 'node:perf_hooks';
import { DocumentAnalyzer } from '../../server/src/analysis/analyze';
import { grammarWasmFromDisk, loadAnalyzer } from '../../server/src/node/analyzer';
import { editFor, pythonParser } from '../../server/src/analysis/parse';
import { generateModelFile } from './generateModels';
import { generateFlatScript } from './generateScript';

/** Wall and CPU milliseconds of one call. */
function timed(f: () => void): { wall: number; cpu: number } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  f();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { wall, cpu: (c.user + c.system) / 1000 };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function main(): Promise<void> {
  await loadAnalyzer();
  const cases = [
    { name: '1,000 lines', text: generateModelFile(1000, 50), edit: 'nn.Dropout(0.', fullTarget: 40, editTarget: 5 },
    { name: '10,000 lines, 500 layers', text: generateModelFile(10000, 500), edit: 'nn.Dropout(0.', fullTarget: 400, editTarget: 20 },
    // Top-level statements only (notebooks, tutorials): an edit of a size near the middle.
    { name: '1,000-line flat script', text: generateFlatScript(1000), edit: 'in_50 = ', fullTarget: 40, editTarget: 5 },
  ];
  const parser = await pythonParser(grammarWasmFromDisk());
  console.log('| file | full check: wall / CPU ms (median) | target | × bare parse | re-check after 1-char edit: wall / CPU ms | target | re-check CPU × bare re-parse | layers | shapes |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const c of cases) {
    const text = c.text;
    const full: { wall: number; cpu: number }[] = [];
    let layersFound = 0;
    let shapes = 0;
    const parses: { wall: number; cpu: number }[] = [];
    for (let i = 0; i < 20; i++) {
      parses.push(timed(() => parser.parse(text)?.delete()));
      const doc = new DocumentAnalyzer();
      full.push(
        timed(() => {
          const r = doc.update(text);
          layersFound = r.modules.length;
          shapes = r.shapes.length;
        }),
      );
      doc.dispose();
    }
    const doc = new DocumentAnalyzer();
    doc.update(text);
    const edits: { wall: number; cpu: number }[] = [];
    let cur = text;
    // Edit near the middle: change a digit back and forth (a Dropout rate inside a forward(), or a size).
    const at = cur.indexOf(c.edit, c.edit.startsWith('nn.') ? Math.floor(cur.length / 2) : 0) + c.edit.length;
    // A bare incremental re-parse of the same edit, timed alongside (the unit the re-check is read in).
    let bare = parser.parse(text)!;
    const reparses: { wall: number; cpu: number }[] = [];
    for (let i = 0; i < 40; i++) {
      const ch = i % 2 === 0 ? (text[at] === '9' ? '8' : '9') : text[at]!;
      const next = cur.slice(0, at) + ch + cur.slice(at + 1);
      edits.push(timed(() => doc.update(next, [{ start: at, end: at + 1, text: ch }])));
      reparses.push(
        timed(() => {
          bare.edit(editFor(cur, at, at + 1, ch));
          const t = parser.parse(next, bare)!;
          bare.delete();
          bare = t;
        }),
      );
      cur = next;
    }
    bare.delete();
    doc.dispose();
    const w = (xs: { wall: number; cpu: number }[], k: 'wall' | 'cpu') => median(xs.map((x) => x[k]));
    const f = full.slice(5);
    const e = edits.slice(5);
    console.log(
      `| ${c.name} | ${w(f, 'wall').toFixed(1)} / ${w(f, 'cpu').toFixed(1)} | < ${c.fullTarget} | ${(w(f, 'wall') / w(parses.slice(5), 'wall')).toFixed(1)}× | ${w(e, 'wall').toFixed(2)} / ${w(e, 'cpu').toFixed(2)} | < ${c.editTarget} | ${(w(e, 'cpu') / w(reparses.slice(5), 'cpu')).toFixed(1)}× | ${layersFound} | ${shapes} |`,
    );
  }
}

void main();
