// Declaration facts of non-recurrent layers against torch (test/fixtures/params/layer_params.json, written
// by test/oracle/layer_params.py): the parameter and buffer shapes and the parameter count, symbolic in a
// function whose parameters are the sizes (evaluated with torch's sizes) and concrete at module level; and
// the shape rule a hover shows, applied to torch's input, gives torch's output shape.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeText, loadAnalyzer } from '../../server/src/node/analyzer';
import type { LayerFact } from '../../server/src/analysis/facts';
import { layerHover } from '../../server/src/lsp/hover';
import { summarizeModule } from '../../server/src/concrete/moduleSummary';
import { summaryHover, summaryTargetAt } from '../../server/src/lsp/summaryHover';

interface Config {
  expr: string;
  sizes: Record<string, number>;
  concrete: string;
  kind: string;
  params: [string, number[], boolean][];
  count: number;
  input: number[] | null;
  output: number[] | null;
}
interface ModelCase {
  source: string;
  class: string;
  sizes: Record<string, number>;
  layers: Record<string, number>;
  total: number;
}
const oracle = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'params', 'layer_params.json'), 'utf8')) as { configs: Config[]; models: ModelCase[] };
const configs = oracle.configs;

/** An integer expression over the sizes (`2*hidden*n_tags + n_tags`), evaluated. */
function evaluate(expr: number | string, sizes: Record<string, number>): number {
  if (typeof expr === 'number') return expr;
  const js = expr.replace(/[A-Za-z_]\w*/g, (name) => {
    assert.ok(name in sizes, `unknown symbol ${name} in ${expr}`);
    return String(sizes[name]);
  });
  assert.match(js, /^[\d\s+\-*/().]+$/, `not an integer expression: ${expr}`);
  return Function(`return (${js});`)() as number;
}

/** Every parameter and buffer of the declaration, a container's as its children's (`0.weight`). */
function stateDict(f: LayerFact, layers: readonly LayerFact[]): [string, (number | string)[], boolean][] {
  if (f.kind === 'Sequential' || f.kind === 'ModuleList') {
    return layers
      .filter((c) => c.target.startsWith(`${f.target}[`))
      .flatMap((c) => stateDict(c, layers).map(([n, s, b]) => [`${c.target.slice(f.target.length + 1, -1)}.${n}`, s, b] as [string, (number | string)[], boolean]));
  }
  assert.ok(f.params, `${f.kind}: parameters not known`);
  return f.params.map((p) => [p.name, p.shape, p.buffer === true]);
}

/** The output shape the rule `A → B, X_out = ⌊(…) / s⌋ + 1` gives for `input`. */
function applyRule(rule: string, input: readonly number[]): number[] {
  const [head, ...wheres] = rule.split(/, (?=\w+_out = )/);
  const m = /^\((.*)\) → \((.*)\)$/.exec(head!);
  assert.ok(m, `rule not of the form (…) → (…): ${rule}`);
  const split = (s: string) => s.split(',').map((x) => x.trim()).filter((x) => x !== '');
  const from = split(m[1]!);
  const to = split(m[2]!);
  const bound: Record<string, number> = {};
  let lead: number[] = [];
  let i = 0;
  for (const t of from) {
    if (t === '*') {
      const n = input.length - (from.length - 1);
      lead = input.slice(i, i + n);
      i += n;
    } else if (/^\d+$/.test(t)) assert.equal(input[i++], Number(t), `rule ${rule}: input dim ${i - 1}`);
    else bound[t] = input[i++]!;
  }
  assert.equal(i, input.length, `rule ${rule} does not take the rank of ${JSON.stringify(input)}`);
  for (const w of wheres) {
    const f = /^(\w+)_out = ⌊\((.*)\) \/ (\d+)⌋ \+ 1$/.exec(w);
    assert.ok(f, `unreadable: ${w}`);
    bound[`${f[1]}_out`] = Math.floor(evaluate(f[2]!, bound) / Number(f[3])) + 1;
  }
  return to.flatMap((t) => (t === '*' ? lead : [evaluate(t, bound)]));
}

before(loadAnalyzer);

describe('non-recurrent layer declarations against torch', () => {
  it('has configurations (a runner that collects nothing fails)', () => assert.ok(configs.length >= 20));

  for (const c of configs) {
    const names = Object.keys(c.sizes);
    it(`${c.expr}: symbolic parameters and count, with torch's sizes, are torch's`, async () => {
      const src = `import torch\nimport torch.nn as nn\n\n\ndef build(${names.join(', ')}):\n    layer = ${c.expr}\n    return layer\n`;
      const r = await analyzeText(src);
      const f = r.layers?.find((l) => l.target === 'layer');
      assert.ok(f, `no declaration fact for ${c.expr}`);
      assert.equal(f.kind, c.kind);
      const got = stateDict(f, r.layers ?? []).map(([n, s, b]) => [n, s.map((d) => evaluate(d, c.sizes)), b]);
      assert.deepEqual(got, c.params);
      assert.equal(evaluate(f.paramCount, c.sizes), c.count, `count ${f.paramCount}`);
    });

    it(`${c.concrete}: concrete parameters, count and shape rule are torch's`, async () => {
      const r = await analyzeText(`import torch\nimport torch.nn as nn\n\nlayer = ${c.concrete}\n`);
      const f = r.layers?.find((l) => l.target === 'layer');
      assert.ok(f, `no declaration fact for ${c.concrete}`);
      assert.deepEqual(stateDict(f, r.layers ?? []), c.params);
      assert.equal(f.paramCount, c.count);
      if (c.input && c.output) assert.deepEqual(applyRule(f.rule, c.input), c.output, `rule ${f.rule}`);
    });
  }
});

describe('hover of a layer declaration', () => {
  it('shows the rule, the arguments named as the code names them, the count and the weights, with the sizes of the file\'s instance', async () => {
    const src = [
      'import torch.nn as nn',
      '',
      'class Tagger(nn.Module):',
      '    def __init__(self, hidden, n_tags):',
      '        super().__init__()',
      '        self.fc = nn.Linear(2 * hidden, n_tags)',
      '',
      'model = Tagger(7, 5)',
      '',
    ].join('\n');
    const r = await analyzeText(src);
    const fc = r.layers?.find((l) => l.target === 'self.fc');
    assert.ok(fc);
    const md = layerHover(fc);
    assert.match(md, /\*\*nn\.Linear\*\* `self\.fc`/);
    assert.match(md, /Shape: `\(\*, 2\*hidden\) → \(\*, n_tags\)` — here `\(\*, 14\) → \(\*, 5\)`/);
    assert.match(md, /\| `in_features` \| `2\*hidden` \| `14` \| given \|/);
    // torch: nn.Linear(14, 5) has 75 parameters (layer_params.json); the symbolic count gives it too
    const count = /\*\*Parameters:\*\* (.*) — here (\d+)/.exec(md);
    assert.ok(count, md);
    assert.equal(evaluate(count[1]!, { hidden: 7, n_tags: 5 }), configs[0]!.count);
    assert.equal(Number(count[2]), configs[0]!.count);
    assert.match(md, /- `weight`: `\(n_tags, 2\*hidden\)` — here `\(5, 14\)`/);
    // the weight list comes after the count
    assert.ok(md.indexOf('**Weights**') > md.indexOf('**Parameters:**'));
  });
});

describe('summary of a class the file never builds (generic: sizes named after its constructor\'s parameters)', () => {
  it('has models (a runner that collects nothing fails), one with a layer the analysis does not know', () => {
    assert.ok(oracle.models.length >= 3);
    const att = oracle.models.find((m) => m.class === 'Att')!;
    const s = summarizeModule(`import torch\nimport torch.nn as nn\n\n\n${att.source}`, att.class);
    assert.ok(typeof s !== 'string' && typeof s.total === 'string' && s.total.endsWith('+ ?'), `total ${typeof s === 'string' ? s : s.total}`);
  });

  for (const m of oracle.models) {
    it(`${m.class}: each sub-layer's symbolic count and the total, with torch's sizes, are torch's`, () => {
      const s = summarizeModule(`import torch\nimport torch.nn as nn\n\n\n${m.source}`, m.class);
      assert.ok(typeof s !== 'string', String(s));
      assert.ok(s.generic);
      // every row is one of torch's modules, with torch's count where it gives one (`?`: not known)
      for (const r of s.rows) {
        assert.ok(r.name in m.layers, `row ${r.name} is not a module of torch's`);
        if (r.params !== '?') assert.equal(evaluate(r.params, m.sizes), m.layers[r.name], `${r.name}: ${r.params}`);
      }
      // every top-level module of torch's has a row
      for (const name of Object.keys(m.layers).filter((n) => !n.includes('.'))) assert.ok(s.rows.some((r) => r.name === name), `no row ${name}`);
      // a total is torch's, or says it is not known (`N + ?`): never a count that leaves a layer out
      if (typeof s.total === 'string' && s.total.includes('?')) assert.ok(s.rows.some((r) => r.params === '?'));
      else {
        assert.equal(evaluate(s.total, m.sizes), m.total, `total ${s.total}`);
        // every parameter's symbolic shape, with torch's sizes, adds up to torch's total
        const numel = s.weights.filter((w) => !w.buffer).reduce((a, w) => a + w.shape.reduce<number>((x, d) => x * evaluate(d, m.sizes), 1), 0);
        assert.equal(numel, m.total);
      }
      const md = summaryHover(s, m.class);
      assert.ok(md.indexOf('**Total parameters:**') < md.indexOf('**Weights**'), 'the summary comes before the weights');
    });
  }
});

describe('which name a model hover summarises', () => {
  const src = ['class Tagger(nn.Module):', '    def __init__(self, n):', '        self.encoder = Encoder(n)', '        self.fc = nn.Linear(n, 2)', '    def forward(self, x):', '        model = 3', 'model = Tagger(4)', 'print(model)', ''].join('\n');
  it('a top-level class on its name, `self.x` as Class.x, a name the top level binds; never a local of a function', () => {
    assert.equal(summaryTargetAt(src, { line: 0, character: 8 })?.module, 'Tagger');
    assert.equal(summaryTargetAt(src, { line: 0, character: 14 }), undefined);
    assert.equal(summaryTargetAt(src, { line: 2, character: 15 })?.module, 'Tagger.encoder');
    assert.equal(summaryTargetAt(src, { line: 2, character: 15 })?.shown, 'self.encoder');
    assert.equal(summaryTargetAt(src, { line: 3, character: 15 }), undefined, 'a torch layer has its declaration hover');
    assert.equal(summaryTargetAt(src, { line: 5, character: 9 }), undefined);
    assert.equal(summaryTargetAt(src, { line: 6, character: 2 })?.module, 'model');
    assert.equal(summaryTargetAt(src, { line: 7, character: 7 })?.module, 'model');
    assert.equal(summaryTargetAt(src, { line: 7, character: 2 }), undefined, 'a word the top level never binds');
  });
});

describe('a container the code changes after building it', () => {
  it('has no count or layers from its constructor call (appends followed or not), and an unchanged one keeps them', async () => {
    const list = configs.find((c) => c.kind === 'ModuleList')!;
    const src = [
      'import torch.nn as nn',
      '',
      'class M(nn.Module):',
      '    def __init__(self, n):',
      '        super().__init__()',
      '        self.layers = nn.ModuleList()',
      '        for i in range(n):',
      '            self.layers.append(nn.Linear(4, 4))',
      '        self.net = nn.Sequential(nn.Linear(4, 8))',
      "        self.net.add_module('act', nn.ReLU())",
      `        self.fixed = ${list.concrete}`,
      '',
      'm = M(2)',
      '',
    ].join('\n');
    const r = await analyzeText(src);
    const byName = new Map((r.layers ?? []).map((l) => [l.target, l]));
    // (torch: ModuleList() then appends holds the appended layers' parameters, not none)
    assert.equal(byName.get('self.layers'), undefined);
    assert.equal(byName.get('self.net')?.paramCount, '?');
    assert.equal(byName.get('self.net')?.children, undefined);
    // an unchanged ModuleList: torch's count (layer_params.json)
    assert.equal(byName.get('self.fixed')?.paramCount, list.count);
  });
});
