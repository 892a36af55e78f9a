// Multi-file fixture projects (test/projects/<name>/): the files are indexed together as `rnnlens check`
// and the server's analysis worker do (WorkspaceAnalyses), and every file's markers must match its facts — a shape marker states what the editor shows
// (the concrete shape where calls from other files decide it), diagnostics on their lines and no others.
// test/oracle/verify_projects.py checks the same markers under torch by running the entry script.
import { test, before } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadAnalyzer } from '../../server/src/node/analyzer';
import { WorkspaceAnalyses } from '../../server/src/node/workspaceAnalyses';
import { formatDims, normaliseDim, parseMarkers } from './markers';

const ROOT = path.resolve(__dirname, '..', 'projects');

function pyFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...pyFiles(full));
    else if (e.name.endsWith('.py')) out.push(full);
  }
  return out;
}

const projects = fs.readdirSync(ROOT, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();

before(async () => {
  await loadAnalyzer();
});

test('fixture projects exist', () => {
  assert.ok(projects.length >= 29, `expected at least 29 fixture projects in ${ROOT}, found ${projects.length}`);
});

for (const name of projects) {
  test(`project ${name}`, () => {
    const dir = path.join(ROOT, name);
    const files = pyFiles(dir);
    const project = new WorkspaceAnalyses([dir], [], files);
    const problems: string[] = [];
    let markerCount = 0;
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      const rel = path.relative(dir, file);
      const markers = parseMarkers(text);
      markerCount += markers.shapes.length + markers.diagnostics.length;
      const facts = project.update(file, text);
      for (const m of markers.shapes) {
        const f = facts.shapes.find((s) => s.range.start.line === m.line && s.range.start.character === m.column);
        const want = formatDims(m.dims, m.packed);
        if (!f) {
          problems.push(`${rel}:${m.line + 1}: expected ${m.name} ${want}, analyzer reported nothing`);
          continue;
        }
        const got = (f.concrete ?? f.dims).map((d) => normaliseDim(d.value));
        if (got.length !== m.dims.length || got.some((g, i) => g !== m.dims[i])) problems.push(`${rel}:${m.line + 1}: expected ${m.name} ${want}, analyzer reported ${formatDims(got)}`);
      }
      for (const m of markers.diagnostics) {
        if (!facts.diagnostics.some((d) => d.range.start.line === m.line && d.code === m.code && d.severity === m.severity)) {
          problems.push(`${rel}:${m.line + 1}: expected ${m.severity} ${m.code}, analyzer reported ${JSON.stringify(facts.diagnostics.filter((d) => d.range.start.line === m.line).map((d) => d.code))}`);
        }
      }
      for (const d of facts.diagnostics) {
        if (d.severity !== 'error' && d.severity !== 'warning') continue;
        if (!markers.diagnostics.some((m) => m.line === d.range.start.line && m.code === d.code)) problems.push(`${rel}:${d.range.start.line + 1}: unexpected ${d.severity} ${d.code}: ${d.message}`);
      }
    }
    assert.ok(markerCount > 0, `${name}: no markers in any file`);
    assert.deepEqual(problems, []);
  });
}

// Hydra is not installed on these machines (Debian has omegaconf, not hydra), so this project is not run
// by the oracle: the composition it checks (a defaults list `- model: lstm` loads conf/model/lstm.yaml under
// `model`) is hydra's documented behaviour; the shapes follow from it by torch's rules checked elsewhere.
test('hydra: @hydra.main(config_path, config_name) passes the composed config', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnnlens-hydra-'));
  fs.mkdirSync(path.join(dir, 'conf', 'model'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'conf', 'config.yaml'), 'defaults:\n  - model: lstm\n  - _self_\nbatch: 4\n');
  fs.writeFileSync(path.join(dir, 'conf', 'model', 'lstm.yaml'), 'input: 8\nhidden: 32\nlayers: 2\n');
  const app = [
    'import hydra',
    'import torch',
    'import torch.nn as nn',
    '',
    '@hydra.main(config_path="conf", config_name="config", version_base=None)',
    'def main(cfg):',
    '    rnn = nn.LSTM(cfg.model.input, cfg.model.hidden, cfg.model.layers)',
    '    out, (h, c) = rnn(torch.randn(5, cfg.batch, cfg.model.input))',
    '    return out',
    '',
    'if __name__ == "__main__":',
    '    main()',
    '',
  ].join('\n');
  fs.writeFileSync(path.join(dir, 'app.py'), app);
  const project = new WorkspaceAnalyses([dir], [], [path.join(dir, 'app.py')]);
  const facts = project.update(path.join(dir, 'app.py'), app);
  const shape = (name: string) => facts.shapes.find((s) => s.name === name && s.range.start.line === 7);
  assert.deepEqual((shape('out')?.concrete ?? shape('out')?.dims)?.map((d) => d.value), [5, 4, 32]);
  assert.deepEqual((shape('h')?.concrete ?? shape('h')?.dims)?.map((d) => d.value), [2, 4, 32]);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('one rule for what the editor shows: the general shape, and the concrete one the file\'s calls agree on', async () => {
  const { analyzeText } = await import('../../server/src/node/analyzer');
  const { formatShape } = await import('../../server/src/analysis/facts');
  const text = [
    'import torch',
    'import torch.nn as nn',
    'lstm = nn.LSTM(10, 20)',
    'def encode(x):',
    '    out, (h, c) = lstm(x)',
    '    return out',
    'y = encode(torch.randn(7, 3, 10))',
    '',
  ].join('\n');
  const facts = await analyzeText(text);
  const out = facts.shapes.find((s) => s.name === 'out' && s.range.start.line === 4);
  assert.ok(out, 'out has a shape');
  assert.equal(formatShape(out.dims), '(L, N, 20)');
  assert.equal(formatShape(out.concrete ?? []), '(7, 3, 20)');
  assert.equal(formatShape([{ value: 16 }]), '(16,)');
});

test('workspace: an edit re-analyses the changed file and what depends on it, nothing stale', async () => {
  const { Workspace } = await import('../../server/src/analysis/project/workspace');
  const { fileId } = await import('../../server/src/analysis/project/fileId');
  const { formatShape } = await import('../../server/src/analysis/facts');
  const models = 'import torch.nn as nn\n\nclass Enc(nn.Module):\n    def __init__(self, h):\n        super().__init__()\n        self.gru = nn.GRU(4, h, BIDI)\n\n    def forward(self, x):\n        out, h = self.gru(x)\n        return out\n';
  const train = (n: number) => `import torch\nfrom models import Enc\n\ny = Enc(8)(torch.randn(5, ${n}, 4))\n`;
  const ws = new Workspace(() => undefined, ['/p']);
  const M = fileId('/p/models.py');
  const T = fileId('/p/train.py');
  ws.setText(M, '/p/models.py', models.replace('BIDI', 'bidirectional=False'));
  ws.setText(T, '/p/train.py', train(2));
  const outOf = (r: ReturnType<typeof ws.analyze>, name: string, line: number) => {
    const s = r.shapes.find((x) => x.name === name && x.range.start.line === line);
    return s ? formatShape(s.concrete ?? s.dims) : 'none';
  };
  assert.equal(outOf(ws.analyze(M), 'out', 8), '(5, 2, 8)');
  assert.equal(outOf(ws.analyze(T), 'y', 3), '(5, 2, 8)');
  assert.deepEqual(ws.importersOf(M), [T]);
  // The script's call changes: the model file's concrete shapes follow.
  ws.setText(T, '/p/train.py', train(3));
  assert.equal(outOf(ws.analyze(M), 'out', 8), '(5, 3, 8)');
  // The model changes: the script's shapes follow (its analysis ran the old model before).
  ws.setText(M, '/p/models.py', models.replace('BIDI', 'bidirectional=True'));
  assert.equal(outOf(ws.analyze(T), 'y', 3), '(5, 3, 16)');
  assert.equal(outOf(ws.analyze(M), 'out', 8), '(5, 3, 16)');
});

test('an LSTM state tuple shows the concrete sizes too, in the file and from another file (one picture per function)', async () => {
  const { loadAnalyzer } = await import('../../server/src/node/analyzer');
  const { BrowserProject } = await import('../../server/src/browser/browserProject');
  const { shapeLabel } = await import('../../server/src/analysis/facts');
  const { shapeHover } = await import('../../server/src/lsp/hover');
  await loadAnalyzer();
  const models = [
    'import torch.nn as nn',
    'class Encoder(nn.Module):',
    '    def __init__(self, n_in, hidden):',
    '        super().__init__()',
    '        self.lstm = nn.LSTM(n_in, hidden, batch_first=True, bidirectional=True)',
    '    def forward(self, x):',
    '        out, state = self.lstm(x)',
    '        return out, state',
    '',
  ].join('\n');
  const train = ['import torch', 'from models import Encoder', 'enc = Encoder(10, 16)', 'y, s = enc(torch.randn(4, 7, 10))', ''].join('\n');
  const root = 'file:///proj';
  const project = new BrowserProject([root], [], [{ uri: `${root}/models.py`, text: models }, { uri: `${root}/train.py`, text: train }]);
  const facts = project.update(`${root}/models.py`, models);
  const at = (name: string) => facts.shapes.find((s) => s.name === name && s.range.start.line === 6)!;
  // torch: LSTM(10, 16, batch_first=True, bidirectional=True) on (4, 7, 10): output (4, 7, 32), h_n and c_n (2, 4, 16)
  assert.equal(shapeLabel(at('out')), '(4, 7, 32)');
  assert.equal(shapeLabel(at('state')), '((2, 4, 16), (2, 4, 16))');
  assert.match(shapeHover(at('state')), /a tuple `\(\(2, N, hidden\), \(2, N, hidden\)\)` — here `\(\(2, 4, 16\), \(2, 4, 16\)\)`/);
  // in train.py itself, the returned state is concrete as well
  const t = project.update(`${root}/train.py`, train);
  assert.equal(shapeLabel(t.shapes.find((s) => s.name === 's')!), '((2, 4, 16), (2, 4, 16))');
});

test('calls that disagree: the sizes every call agrees on are concrete, the others stay general, and the hover lists each call', async () => {
  const { analyzeText } = await import('../../server/src/node/analyzer');
  const { formatShape } = await import('../../server/src/analysis/facts');
  const text = [
    'import torch',
    'import torch.nn as nn',
    'lstm = nn.LSTM(10, 20)',
    'def encode(x):',
    '    out, (h, c) = lstm(x)',
    '    return out',
    'a = encode(torch.randn(7, 3, 10))',
    'b = encode(torch.randn(5, 3, 10))',
    '',
  ].join('\n');
  const facts = await analyzeText(text);
  const out = facts.shapes.find((s) => s.name === 'out' && s.range.start.line === 4);
  assert.ok(out, 'out has a shape');
  assert.equal(formatShape(out.dims), '(L, N, 20)');
  assert.equal(formatShape(out.concrete ?? []), '(L, 3, 20)');
  assert.ok(out.notes.some((n) => n.includes('(7, 3, 20)') && n.includes('(5, 3, 20)')), out.notes.join(' | '));
});

test("a layer declaration's hover shows the sizes another file builds it with (its 'here' column)", async () => {
  const { loadAnalyzer } = await import('../../server/src/node/analyzer');
  const { BrowserProject } = await import('../../server/src/browser/browserProject');
  await loadAnalyzer();
  const models = ['import torch.nn as nn', 'class Tagger(nn.Module):', '    def __init__(self, hidden, n_tags):', '        super().__init__()', '        self.lstm = nn.LSTM(8, hidden, bidirectional=True)', '        self.fc = nn.Linear(2 * hidden, n_tags)', '    def forward(self, x):', '        out, _ = self.lstm(x)', '        return self.fc(out)', ''].join('\n');
  const train = ['import torch', 'from models import Tagger', 'm = Tagger(16, 5)', 'y = m(torch.randn(7, 2, 8))', ''].join('\n');
  const root = 'file:///proj';
  const project = new BrowserProject([root], [], [{ uri: `${root}/models.py`, text: models }, { uri: `${root}/train.py`, text: train }]);
  const fc = project.update(`${root}/models.py`, models).layers?.find((l) => l.target === 'self.fc');
  assert.ok(fc, 'the Linear has a declaration fact');
  assert.equal(fc.paramCount, '2*hidden*n_tags + n_tags');
  // torch: sum(p.numel() for p in nn.Linear(32, 5).parameters()) == 165
  assert.equal(fc.concrete?.paramCount, 165);
});

test('a YAML config read by a script is read once, and again after it changes (dataChanged)', async () => {
  const { loadAnalyzer } = await import('../../server/src/node/analyzer');
  const { Workspace } = await import('../../server/src/analysis/project/workspace');
  const { fileId } = await import('../../server/src/analysis/project/fileId');
  const { formatShape } = await import('../../server/src/analysis/facts');
  await loadAnalyzer();
  const files = new Map<string, string>([
    ['/p/conf.yaml', 'hidden: 16\n'],
    ['/p/train.py', ['import torch', 'import yaml', 'import torch.nn as nn', "cfg = yaml.safe_load(open('conf.yaml'))", "lstm = nn.LSTM(4, cfg['hidden'])", 'out, _ = lstm(torch.randn(5, 2, 4))', ''].join('\n')],
  ]);
  const reads: string[] = [];
  const ws = new Workspace((p) => (reads.push(p), files.get(p)), ['/p']);
  ws.addFile(fileId('/p/train.py'), '/p/train.py');
  const out = () => formatShape(ws.analyze(fileId('/p/train.py')).shapes.find((s) => s.name === 'out')?.dims ?? []);
  // torch: LSTM(4, 16) on (5, 2, 4) gives output (5, 2, 16); after the edit LSTM(4, 24) gives (5, 2, 24)
  assert.equal(out(), '(5, 2, 16)');
  ws.setText(fileId('/p/train.py'), '/p/train.py', files.get('/p/train.py')! + '\n', true);
  assert.equal(out(), '(5, 2, 16)');
  assert.equal(reads.filter((p) => p === '/p/conf.yaml').length, 1, 'read once while it does not change');
  files.set('/p/conf.yaml', 'hidden: 24\n');
  ws.dataChanged();
  assert.equal(out(), '(5, 2, 24)');
});
