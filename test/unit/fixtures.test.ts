// Runs the analyzer over every marker fixture under test/fixtures/ and compares its facts with the markers:
// shapes at the marked names, diagnostics (code + severity) on the marked lines, no unmarked errors/warnings,
// hovers at the hover markers, and every quick fix applied as its fix marker says.
import { test, before } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeText, loadAnalyzer } from '../../server/src/node/analyzer';
import type { DiagnosticFact, ShapeFact } from '../../server/src/analysis/facts';
import { compare, compareFixes, compareHovers, hoverKinds } from './fixture-checks';
import { MarkerError, normaliseDim, parseMarkers } from './markers';

const ROOT = path.resolve(__dirname, '..', 'fixtures');

function pythonFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...pythonFiles(full));
    else if (entry.name.endsWith('.py')) out.push(full);
  }
  return out;
}

// ---- the runner itself: it must see wrong facts and malformed markers (else every fixture "passes")

const SAMPLE = [
  'out, (h, c) = lstm(x)  # warning: RL105',
  '#^ (5, 3, hidden*2)',
  '#        ^ (num_layers * 2, 3, 20)',
  '    h1 = cell(x)',
  '    #^ (20,)',
  "s = '# error: RL999'",
  'y = f(x)  # error: RL202 torch2, warning: RL105',
].join('\n');

function fact(line: number, character: number, name: string, dims: (number | string)[]): ShapeFact {
  const range = { start: { line, character }, end: { line, character: character + name.length } };
  return { range, name, kind: 'tensor', dims: dims.map((value) => ({ value, role: '', why: '' })), notes: [] };
}

test('marker reader: lines, columns (#^ form), normalised dims, diagnostics', () => {
  const m = parseMarkers(SAMPLE);
  assert.deepEqual(
    m.shapes.map((s) => [s.line, s.column, s.name, s.dims]),
    [
      [0, 0, 'out', [5, 3, '2*hidden']],
      [0, 9, 'c', ['2*num_layers', 3, 20]],
      [3, 4, 'h1', [20]],
    ],
  );
  assert.deepEqual(
    m.diagnostics.map((d) => [d.line, d.severity, d.code, d.torch2]),
    [
      [0, 'warning', 'RL105', false],
      [6, 'error', 'RL202', true],
      [6, 'warning', 'RL105', false],
    ],
  );
  assert.equal(normaliseDim('hidden * 2'), normaliseDim('2*hidden'));
  assert.notEqual(normaliseDim('hidden + 2'), normaliseDim('2*hidden'));
});

test('marker reader: rejects the malformed fixtures of the oracle self-test', () => {
  const dir = path.resolve(__dirname, '..', 'oracle', 'selftest', 'bad');
  const malformed = fs.readdirSync(dir).filter((n) => {
    const first = fs.readFileSync(path.join(dir, n), 'utf8').split('\n')[0] ?? '';
    return /malformed|bad code|unknown flag|not under the start|comment-only|which has no diagnostic marker/.test(first);
  });
  assert.ok(malformed.length >= 5, `expected at least 5 malformed self-test fixtures, found ${malformed.length}`);
  for (const n of malformed) {
    assert.throws(() => parseMarkers(fs.readFileSync(path.join(dir, n), 'utf8')), MarkerError, n);
  }
});

test('runner: reports missing, wrong and unexpected facts', () => {
  const markers = parseMarkers(SAMPLE);
  const diag = (line: number, code: string, severity: DiagnosticFact['severity']): DiagnosticFact => ({
    range: { start: { line, character: 0 }, end: { line, character: 1 } },
    severity,
    code,
    message: 'm',
    fixes: [],
  });
  const problems = compare(markers, {
    shapes: [fact(0, 0, 'out', [5, 3, 'hidden*2']), fact(0, 9, 'c', ['num_layers*2', 3, 40])],
    diagnostics: [diag(0, 'RL105', 'warning'), diag(6, 'RL202', 'warning'), diag(2, 'RL204', 'error'), diag(1, 'RL999', 'hint')],
    modules: [],
    uses: [],
    calls: [],
  });
  assert.deepEqual(problems, [
    'expected shape (2*num_layers, 3, 20) for c at 1:9, analyzer reported (2*num_layers, 3, 40)',
    'expected shape (20) for h1 at 4:4, analyzer reported nothing',
    'expected error RL202 (torch2) on line 7, analyzer reported nothing; on that line it reported warning RL202 at 7:0 (m)',
    'expected warning RL105 on line 7, analyzer reported nothing; on that line it reported warning RL202 at 7:0 (m)',
    'unexpected warning RL202 at 7:0 (m)',
    'unexpected error RL204 at 3:0 (m)',
  ]);
  const clean = compare(markers, {
    shapes: [fact(0, 0, 'out', [5, 3, '2*hidden']), fact(0, 9, 'c', ['2*num_layers', 3, 20]), fact(3, 4, 'h1', [20])],
    diagnostics: [diag(0, 'RL105', 'warning'), diag(6, 'RL202', 'error'), diag(6, 'RL105', 'warning')],
    modules: [],
    uses: [],
    calls: [],
  });
  assert.deepEqual(clean, []);
});

test('runner: wrong hover and fix markers are reported, right ones pass', async () => {
  await loadAnalyzer();
  const src = (hover: string, fix: string): string =>
    [
      'import torch',
      'import torch.nn as nn',
      'lstm = nn.LSTM(10, 20)',
      'fc = nn.Linear(20, 2)',
      'out, (h, c) = lstm(torch.randn(5, 3, 12))  # error: RL202',
      `# fix: Change input_size to 12 -> ${fix}`,
      'out = fc(torch.randn(5, 3, 20))',
      'y = out + 1',
      `#   ^ hover: ${hover}`,
    ].join('\n');
  const check = async (text: string): Promise<string[]> => {
    const m = parseMarkers(text);
    const facts = await analyzeText(text);
    return [...compareHovers(m, facts, text), ...(await compareFixes(m, facts, text))];
  };
  assert.deepEqual(await check(src('(5, 3, 2)', 'lstm = nn.LSTM(12, 20)')), []);
  assert.match((await check(src('(5, 3, 20)', 'lstm = nn.LSTM(12, 20)'))).join('\n'), /hover at out shows \(5, 3, 2\), marker says \(5, 3, 20\)/);
  assert.match((await check(src('(5, 3, 2)', 'lstm = nn.LSTM(11, 20)'))).join('\n'), /makes line 3 read "lstm = nn.LSTM\(12, 20\)"/);
  const noMarker = src('(5, 3, 2)', 'x').split('\n').filter((l) => !l.startsWith('# fix:')).join('\n');
  assert.match((await check(noMarker)).join('\n'), /offers the quick fix "Change input_size to 12" but no/);
});

// ---- every fixture

before(async () => {
  await loadAnalyzer();
});

const files = fs.existsSync(ROOT) ? pythonFiles(ROOT) : [];

test('fixtures exist', () => {
  assert.ok(files.length > 0, `no fixtures found under ${ROOT}`);
});

// Each fixture set (a folder under test/fixtures/) has hover markers, and together they cover names read
// later, attributes, tuple targets and names bound again (`out = fc(out)`).
test('hover markers: every fixture set has some, and they cover uses, attributes, tuple targets, rebound names', () => {
  const perSet = new Map<string, number>();
  const kinds = new Map<string, number>();
  for (const file of files) {
    const set = path.relative(ROOT, file).split(path.sep)[0] ?? '';
    const text = fs.readFileSync(file, 'utf8');
    const { hovers } = parseMarkers(text);
    perSet.set(set, (perSet.get(set) ?? 0) + hovers.length);
    for (const h of hovers) for (const k of hoverKinds(h, text)) kinds.set(k, (kinds.get(k) ?? 0) + 1);
  }
  assert.ok(perSet.size > 0, 'no fixture sets');
  for (const [set, n] of perSet) assert.ok(n >= 3, `fixture set ${set}/ has ${n} hover markers (want at least 3)`);
  for (const k of ['use', 'attribute', 'tuple target', 'rebound']) {
    assert.ok((kinds.get(k) ?? 0) >= 2, `only ${kinds.get(k) ?? 0} hover markers on a ${k} (want at least 2): ${JSON.stringify([...kinds])}`);
  }
});

for (const file of files) {
  const rel = path.relative(ROOT, file);
  test(rel, async () => {
    const text = fs.readFileSync(file, 'utf8');
    const markers = parseMarkers(text);
    assert.ok(markers.shapes.length + markers.diagnostics.length + markers.hovers.length > 0, `${rel}: no markers`);
    const facts = await analyzeText(text);
    const problems = [...compare(markers, facts), ...compareHovers(markers, facts, text), ...(await compareFixes(markers, facts, text))];
    if (problems.length) assert.fail(`${rel}:\n  ${problems.join('\n  ')}`);
  });
}
