// The reported-bug corpus (test/corpus/reported/): every bug flagged on torch's line with its code, every
// fixed twin free of errors and warnings, every shape marker reported exactly. Expected to fail until the
// analyzer covers the kinds listed in test/corpus/reported/README.md; not yet part of `npm run test:unit`.
import { test, before } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeText, loadAnalyzer } from '../../server/src/node/analyzer';
import type { AnalysisResult, DiagnosticFact } from '../../server/src/analysis/facts';
import { parseMarkers } from './markers';
import { assess, listPairs, problems } from '../corpus/reported/pairs';

before(async () => {
  await loadAnalyzer();
});

const pairs = listPairs();

test('the corpus has at least 60 pairs, one bug marker per bug file, none in a twin', () => {
  assert.ok(pairs.length >= 60, `expected at least 60 pairs, found ${pairs.length}`);
  for (const p of pairs) {
    const bug = parseMarkers(fs.readFileSync(p.bug, 'utf8'));
    const fixed = parseMarkers(fs.readFileSync(p.fixed, 'utf8'));
    assert.equal(bug.diagnostics.length, 1, `${p.stem}_bug.py: exactly one diagnostic marker`);
    assert.equal(fixed.diagnostics.length, 0, `${p.stem}_fixed.py: a twin has no diagnostic marker`);
    assert.ok(bug.shapes.length >= 1 && fixed.shapes.length >= 2, `${p.stem}: shape markers in both files`);
  }
});

// The comparison itself must see a miss, a false alarm and a wrong shape (else every file would "pass").
test('comparison: reports a missed bug, an unmarked error and a refuted shape', () => {
  const markers = parseMarkers(['out, h = gru(x)  # error: RL202', '#^ (5, 3, 20)', 'y = fc(out)'].join('\n'));
  const diag = (line: number, code: string): DiagnosticFact => ({
    range: { start: { line, character: 0 }, end: { line, character: 1 } },
    severity: 'error',
    code,
    message: 'm',
    fixes: [],
  });
  const facts: AnalysisResult = {
    shapes: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 3 } }, name: 'out', kind: 'tensor', dims: [5, 3, 40].map((value) => ({ value, role: '', why: '' })), notes: [] }],
    diagnostics: [diag(2, 'RL401')],
    modules: [],
    uses: [],
    calls: [],
  };
  const r = assess(markers, facts);
  assert.equal(r.shapes[0]?.outcome, 'refuted');
  assert.deepEqual(problems(r), [
    'expected shape (5, 3, 20) for out at 1:0, analyzer reported (5, 3, 40)',
    'expected error RL202 on line 1, analyzer reported nothing',
    'unexpected error RL401 at 3:0: m',
  ]);
});

for (const p of pairs) {
  for (const file of [p.bug, p.fixed]) {
    const rel = path.basename(file);
    test(rel, async () => {
      const text = fs.readFileSync(file, 'utf8');
      const found = problems(assess(parseMarkers(text), await analyzeText(text)));
      if (found.length) assert.fail(`${rel}:\n  ${found.join('\n  ')}`);
    });
  }
}
