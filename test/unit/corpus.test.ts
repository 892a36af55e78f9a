// Runs the analyzer over the real-model corpus (test/corpus/) and the bundled examples/: ok files get zero
// errors and their shape markers, buggy files their marked errors on the marked lines; prints shape figures.
//
// The figures (console.log, over ok/ and buggy/ together):
//   - a *bound tensor name* is one ShapeFact the analyzer reports (one name bound at one place);
//     it is *concrete* when every dim is a number, *symbolic* when at least one dim is a string;
//   - *unknown* counts the tensor-looking assignment targets inside `def forward` bodies that have no
//     ShapeFact of that name on that line. A forward assignment is a single-line `targets = rhs` (not
//     augmented, not `==`); each plain name among the targets counts (tuple unpacking such as
//     `out, (h, c) = ...` gives three; `_` and `self.x` targets are skipped). It is *tensor-looking* when the
//     right-hand side contains a call or a subscript and does not read a size (`.size(`, `.shape`, `.dim(`,
//     `len(`, `.item(`, `range(`) nor is a literal. (An LSTM state tuple bound to one name also counts —
//     the figure is a heuristic, shown to track progress, never asserted.)
import { test, before } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeText, loadAnalyzer } from '../../server/src/node/analyzer';
import type { AnalysisResult, ShapeFact } from '../../server/src/analysis/facts';
import { formatDims, normaliseDim, parseMarkers, type Markers } from './markers';

const ROOT = path.resolve(__dirname, '..', 'corpus');
const EXAMPLES = path.resolve(__dirname, '..', '..', 'examples');

function pyFiles(sub: string): string[] {
  const dir = path.join(ROOT, sub);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((n) => n.endsWith('.py'))
    .sort()
    .map((n) => path.join(dir, n));
}

const okFiles = pyFiles('ok');
const buggyFiles = pyFiles('buggy');

interface Loaded {
  rel: string;
  text: string;
  markers: Markers;
  facts: AnalysisResult;
}

const loaded = new Map<string, Promise<Loaded>>();

/** Analyse each file once; the tests and the figures share the result. */
function load(file: string): Promise<Loaded> {
  let p = loaded.get(file);
  if (!p) {
    p = (async () => {
      const text = fs.readFileSync(file, 'utf8');
      return { rel: path.relative(ROOT, file), text, markers: parseMarkers(text), facts: await analyzeText(text) };
    })();
    loaded.set(file, p);
  }
  return p;
}

const at = (line: number, col?: number): string => (col === undefined ? `line ${line + 1}` : `${line + 1}:${col}`);

function errorsOf(facts: AnalysisResult): string[] {
  return facts.diagnostics
    .filter((d) => d.severity === 'error')
    .map((d) => `${d.code} at ${at(d.range.start.line, d.range.start.character)}: ${d.message}`);
}

/** Shape markers the analyzer does not reproduce exactly (same rule as the fixture test). */
function shapeMismatches(markers: Markers, facts: AnalysisResult): string[] {
  const out: string[] = [];
  for (const m of markers.shapes) {
    const want = formatDims(m.dims, m.packed);
    const hits = facts.shapes.filter((f) => f.range.start.line === m.line && f.range.start.character === m.column);
    const f = hits[hits.length - 1];
    if (!f) {
      out.push(`${m.name} at ${at(m.line, m.column)}: expected ${want}, analyzer reported nothing`);
      continue;
    }
    const got = f.dims.map((d) => normaliseDim(d.value));
    const same = (f.kind === 'packed') === m.packed && got.length === m.dims.length && got.every((g, i) => g === m.dims[i]);
    if (!same) out.push(`${m.name} at ${at(m.line, m.column)}: expected ${want}, analyzer reported ${formatDims(got, f.kind === 'packed')}`);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Figures

const SIZE_READ = /\.size\(|\.shape\b|\.dim\(|\blen\(|\.item\(|\brange\(/;
const LITERAL = /^(?:-?\d+(?:\.\d*)?|'[^']*'|"[^"]*"|None|True|False|\[\]|\{\}|\(\))$/;

interface ForwardAssignment {
  line: number;
  names: string[];
}

/** Tensor-looking single-line assignments inside `def forward` bodies (see the header for the rule). */
export function forwardAssignments(text: string): ForwardAssignment[] {
  const lines = text.split(/\r?\n/);
  const out: ForwardAssignment[] = [];
  let forwardIndent = -1;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    const code = raw.replace(/\s+#.*$/, '');
    if (code.trim() === '' || code.trim().startsWith('#')) continue;
    const indent = raw.length - raw.trimStart().length;
    if (forwardIndent >= 0 && indent <= forwardIndent) forwardIndent = -1;
    const def = /^(\s*)def\s+forward\s*\(/.exec(code);
    if (def) {
      forwardIndent = (def[1] ?? '').length;
      continue;
    }
    if (forwardIndent < 0) continue;
    const m = /^\s*([A-Za-z_][\w\s,()]*?)\s*(?::[^=]+)?=(?!=)\s*(.+)$/.exec(code);
    if (!m) continue;
    const targets = m[1] ?? '';
    const rhs = (m[2] ?? '').trim();
    if (/[A-Za-z_0-9]\s*\(/.test(targets)) continue; // `f(a=1)`: a keyword argument, not an assignment
    if (LITERAL.test(rhs) || SIZE_READ.test(rhs) || !/[([]/.test(rhs)) continue;
    const names = (targets.match(/[A-Za-z_]\w*/g) ?? []).filter((n) => n !== '_');
    if (names.length) out.push({ line: i, names });
  }
  return out;
}

interface Figures {
  concrete: number;
  symbolic: number;
  unknown: number;
  forwardNames: number;
  markersMatched: number;
  markers: number;
}

function figuresOf(all: readonly Loaded[]): Figures {
  const f: Figures = { concrete: 0, symbolic: 0, unknown: 0, forwardNames: 0, markersMatched: 0, markers: 0 };
  for (const l of all) {
    for (const s of l.facts.shapes) {
      if (s.dims.every((d) => typeof d.value === 'number')) f.concrete++;
      else f.symbolic++;
    }
    for (const a of forwardAssignments(l.text)) {
      for (const name of a.names) {
        f.forwardNames++;
        const has = l.facts.shapes.some((s: ShapeFact) => s.range.start.line === a.line && s.name === name);
        if (!has) f.unknown++;
      }
    }
    f.markers += l.markers.shapes.length;
    f.markersMatched += l.markers.shapes.length - shapeMismatches(l.markers, l.facts).length;
  }
  return f;
}

// ---------------------------------------------------------------------------------------------
// Tests

before(async () => {
  await loadAnalyzer();
});

test('corpus is present: at least 30 ok/ and 30 buggy/ files', () => {
  assert.ok(okFiles.length >= 30, `only ${okFiles.length} files in ${path.join(ROOT, 'ok')}`);
  assert.ok(buggyFiles.length >= 30, `only ${buggyFiles.length} files in ${path.join(ROOT, 'buggy')}`);
});

test('forward-assignment scanner finds tensor bindings and skips sizes', () => {
  const text = [
    'class M(nn.Module):',
    '    def forward(self, x):',
    '        batch_size = x.size(0)',
    '        out, (h, c) = self.lstm(x)',
    '        _, topi = out.topk(1)',
    '        n = 3',
    '        print(out, end="")',
    '        out += 1',
    '        return out',
    '    def other(self, x):',
    '        y = self.fc(x)',
    'z = torch.randn(2)',
  ].join('\n');
  assert.deepEqual(forwardAssignments(text), [
    { line: 3, names: ['out', 'h', 'c'] },
    { line: 4, names: ['topi'] },
  ]);
});

for (const file of okFiles) {
  const rel = path.relative(ROOT, file);
  test(`${rel}: no error diagnostics, marked warnings reported`, async () => {
    const l = await load(file);
    const errors = errorsOf(l.facts);
    if (errors.length) assert.fail(`${rel} runs under torch but the analyzer reports:\n  ${errors.join('\n  ')}`);
    const missing = l.markers.diagnostics
      .filter((m) => !l.facts.diagnostics.some((d) => d.severity === m.severity && d.code === m.code && d.range.start.line === m.line))
      .map((m) => `${m.severity} ${m.code} on ${at(m.line)}`);
    if (missing.length) assert.fail(`${rel}: marked but not reported: ${missing.join(', ')}`);
  });
  test(`${rel}: shapes at the markers`, async () => {
    const l = await load(file);
    assert.ok(l.markers.shapes.length > 0, `${rel}: no shape markers`);
    const bad = shapeMismatches(l.markers, l.facts);
    if (bad.length) assert.fail(`${rel}:\n  ${bad.join('\n  ')}`);
  });
}

for (const file of buggyFiles) {
  const rel = path.relative(ROOT, file);
  test(`${rel}: marked error on the marked line, no other error`, async () => {
    const l = await load(file);
    const marked = l.markers.diagnostics.filter((m) => m.severity === 'error');
    assert.equal(marked.length, 1, `${rel}: a buggy file has exactly one error marker, found ${marked.length}`);
    const want = marked[0];
    assert.ok(want);
    const hit = l.facts.diagnostics.some((d) => d.severity === 'error' && d.code === want.code && d.range.start.line === want.line);
    const onLine = l.facts.diagnostics.filter((d) => d.range.start.line === want.line).map((d) => `${d.severity} ${d.code}`);
    assert.ok(hit, `${rel}: expected error ${want.code} on ${at(want.line)}, analyzer reported ${onLine.length ? onLine.join(', ') : 'nothing'} there`);
    const others = l.facts.diagnostics
      .filter((d) => d.severity === 'error' && d.range.start.line !== want.line)
      .map((d) => `${d.code} at ${at(d.range.start.line, d.range.start.character)}: ${d.message}`);
    if (others.length) assert.fail(`${rel}: errors on unmarked lines:\n  ${others.join('\n  ')}`);
  });
}

test('examples/sentiment_lstm.py (the clean example): no error diagnostics', async () => {
  const l = await load(path.join(EXAMPLES, 'sentiment_lstm.py'));
  const errors = errorsOf(l.facts);
  if (errors.length) assert.fail(`the clean example runs under torch but the analyzer reports:\n  ${errors.join('\n  ')}`);
});

test('examples/buggy_bilstm_tagger.py: every marked bug reported on its line, nothing else', async () => {
  const l = await load(path.join(EXAMPLES, 'buggy_bilstm_tagger.py'));
  const marked = l.markers.diagnostics.filter((m) => m.severity === 'error');
  assert.ok(marked.length >= 2, `the buggy example should mark several bugs, found ${marked.length}`);
  const missing = marked
    .filter((m) => !l.facts.diagnostics.some((d) => d.severity === 'error' && d.code === m.code && d.range.start.line === m.line))
    .map((m) => `${m.code} on ${at(m.line)}`);
  const extra = l.facts.diagnostics
    .filter((d) => d.severity === 'error' && !marked.some((m) => m.line === d.range.start.line && m.code === d.code))
    .map((d) => `${d.code} at ${at(d.range.start.line, d.range.start.character)}: ${d.message}`);
  if (missing.length || extra.length) {
    assert.fail(`missing: ${missing.join(', ') || 'none'}; unexpected: ${extra.join(', ') || 'none'}`);
  }
});

test('resolved-shape figures over the corpus', async () => {
  const all = await Promise.all([...okFiles, ...buggyFiles].map(load));
  const f = figuresOf(all);
  const pct = (n: number, d: number): string => (d === 0 ? '-' : `${Math.round((100 * n) / d)}%`);
  console.log(
    `corpus (${okFiles.length} ok, ${buggyFiles.length} buggy): bound tensor names ${f.concrete + f.symbolic} ` +
      `(concrete ${f.concrete}, symbolic ${f.symbolic}); forward tensor-looking names ${f.forwardNames}, ` +
      `unknown ${f.unknown} (${pct(f.unknown, f.forwardNames)}); shape markers matched ${f.markersMatched}/${f.markers}`,
  );
  // The figures describe; the assertions above judge. Here only what must hold whatever the analyzer does:
  assert.ok(f.forwardNames > 0, 'the scanner found no tensor-looking assignment in any forward');
  assert.ok(f.unknown <= f.forwardNames);
});
