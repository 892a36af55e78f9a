// `npm run bench` (analysis part): full check and re-check after a one-character edit, warm, for a
// generated 1,000-line model file and a 10,000-line file with 500 recurrent layers.
import { performance } from 'node:perf_hooks';
import { DocumentAnalyzer, loadAnalyzer } from '../../server/src/analysis/analyze';
import { generateModelFile } from './generateModels';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function main(): Promise<void> {
  await loadAnalyzer();
  const cases = [
    { name: '1,000 lines', lines: 1000, layers: 50, fullTarget: 40, editTarget: 5 },
    { name: '10,000 lines, 500 layers', lines: 10000, layers: 500, fullTarget: 400, editTarget: 20 },
  ];
  console.log('| file | full check (ms, median) | target | re-check after 1-char edit (ms, median) | target | layers found | shapes |');
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  for (const c of cases) {
    const text = generateModelFile(c.lines, c.layers);
    const full: number[] = [];
    let layersFound = 0;
    let shapes = 0;
    for (let i = 0; i < 12; i++) {
      const doc = new DocumentAnalyzer();
      const t0 = performance.now();
      const r = doc.update(text);
      full.push(performance.now() - t0);
      layersFound = r.modules.length;
      shapes = r.shapes.length;
      doc.dispose();
    }
    const doc = new DocumentAnalyzer();
    doc.update(text);
    const edits: number[] = [];
    let cur = text;
    // Edit inside a forward() near the middle: change a digit in a Dropout rate back and forth.
    const at = cur.indexOf('nn.Dropout(0.1)', Math.floor(cur.length / 2)) + 'nn.Dropout(0.'.length;
    for (let i = 0; i < 30; i++) {
      const ch = i % 2 === 0 ? '2' : '1';
      const next = cur.slice(0, at) + ch + cur.slice(at + 1);
      const t0 = performance.now();
      doc.update(next, [{ start: at, end: at + 1, text: ch }]);
      edits.push(performance.now() - t0);
      cur = next;
    }
    doc.dispose();
    const f = median(full.slice(2));
    const e = median(edits.slice(5));
    console.log(`| ${c.name} | ${f.toFixed(1)} | < ${c.fullTarget} | ${e.toFixed(2)} | < ${c.editTarget} | ${layersFound} | ${shapes} |`);
  }
}

void main();
