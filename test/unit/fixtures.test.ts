// Runs the analyzer over every marker fixture under test/fixtures/ and compares its facts with the markers:
// shapes at the marked names, diagnostics (code + severity) on the marked lines, no unmarked errors/warnings.
import { test, before } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeText, loadAnalyzer } from '../../server/src/node/analyzer';
import type { AnalysisResult, DiagnosticFact, ShapeFact } from '../../server/src/analysis/facts';
import { formatDims, MarkerError, normaliseDim, parseMarkers, type Markers } from './markers';

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

const pos = (line: number, column: number): string => `${line + 1}:${column}`;

function describeShape(f: ShapeFact): string {
  return formatDims(
    f.dims.map((d) => d.value),
    f.kind === 'packed',
  );
}

function describeDiagnostic(d: DiagnosticFact): string {
  return `${d.severity} ${d.code} at ${pos(d.range.start.line, d.range.start.character)} (${d.message})`;
}

/** Every mismatch between the markers and the analyzer's facts, as readable sentences. */
export function compare(markers: Markers, facts: AnalysisResult): string[] {
  const problems: string[] = [];

  for (const m of markers.shapes) {
    const want = formatDims(m.dims, m.packed);
    const at = facts.shapes.filter((f) => f.range.start.line === m.line && f.range.start.character === m.column);
    if (at.length === 0) {
      const sameLine = facts.shapes.filter((f) => f.range.start.line === m.line);
      const also = sameLine.length
        ? ` (on that line it reported ${sameLine.map((f) => `${f.name} at ${pos(f.range.start.line, f.range.start.character)} ${describeShape(f)}`).join(', ')})`
        : '';
      problems.push(`expected shape ${want} for ${m.name} at ${pos(m.line, m.column)}, analyzer reported nothing${also}`);
      continue;
    }
    // Every fact at that position must agree (one per analysis context is fine, disagreeing ones are not).
    for (const f of at) {
      const got = f.dims.map((d) => normaliseDim(d.value));
      const kindOk = (f.kind === 'packed') === m.packed;
      const dimsOk = got.length === m.dims.length && got.every((g, i) => g === m.dims[i]);
      if (!kindOk || !dimsOk) {
        problems.push(`expected shape ${want} for ${m.name} at ${pos(m.line, m.column)}, analyzer reported ${formatDims(got, f.kind === 'packed')}`);
      } else if (f.name !== m.name) {
        problems.push(`shape at ${pos(m.line, m.column)} is right but named ${JSON.stringify(f.name)}, expected ${JSON.stringify(m.name)}`);
      }
    }
  }

  const matched = new Set<DiagnosticFact>();
  for (const m of markers.diagnostics) {
    const hit = facts.diagnostics.find(
      (d) => !matched.has(d) && d.range.start.line === m.line && d.code === m.code && d.severity === m.severity,
    );
    if (hit) {
      matched.add(hit);
      continue;
    }
    const onLine = facts.diagnostics.filter((d) => d.range.start.line === m.line);
    const also = onLine.length ? `; on that line it reported ${onLine.map(describeDiagnostic).join(', ')}` : '';
    problems.push(`expected ${m.severity} ${m.code}${m.torch2 ? ' (torch2)' : ''} on line ${m.line + 1}, analyzer reported nothing${also}`);
  }
  for (const d of facts.diagnostics) {
    if (matched.has(d) || (d.severity !== 'error' && d.severity !== 'warning')) continue;
    const marked = markers.diagnostics.some((m) => m.line === d.range.start.line && m.code === d.code && m.severity === d.severity);
    if (!marked) problems.push(`unexpected ${describeDiagnostic(d)}`);
  }
  return problems;
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
    return /malformed|bad code|unknown flag|not under the start|comment-only/.test(first);
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
  });
  assert.deepEqual(clean, []);
});

// ---- every fixture

before(async () => {
  await loadAnalyzer();
});

const files = fs.existsSync(ROOT) ? pythonFiles(ROOT) : [];

test('fixtures exist', () => {
  assert.ok(files.length > 0, `no fixtures found under ${ROOT}`);
});

for (const file of files) {
  const rel = path.relative(ROOT, file);
  test(rel, async () => {
    const text = fs.readFileSync(file, 'utf8');
    const markers = parseMarkers(text);
    assert.ok(markers.shapes.length + markers.diagnostics.length > 0, `${rel}: no markers`);
    const facts = await analyzeText(text);
    const problems = compare(markers, facts);
    if (problems.length) assert.fail(`${rel}:\n  ${problems.join('\n  ')}`);
  });
}
