// Protocol tests of the declaration and model hovers (run `npm run build` first): a Linear declaration
// shows its rule, symbolic and concrete parameter count and weights; a model instance, its class name and
// `self.x` show the torchinfo-like summary, then the weights. Expected counts and shapes come from torch
// (test/models/cases.json, written by test/models/make_models.py).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { HoverRequest, type Hover, type MarkupContent } from 'vscode-languageserver-protocol';
import { fileUri, repoRoot, startServer, type ServerUnderTest } from './lspClient';

const models = path.join(repoRoot, 'test', 'models');
interface Expected { file: string; module: string; layers: Record<string, number>; shapes: Record<string, string>; total: number }
const summaries = (JSON.parse(fs.readFileSync(path.join(models, 'cases.json'), 'utf8')) as { summaries: Expected[] }).summaries;

function hoverText(h: Hover | null): string {
  if (!h) return '';
  return (h.contents as MarkupContent).value;
}

/** The summary table's rows: name → [general, here, parameters]. */
function tableRows(md: string): Map<string, string[]> {
  const rows = new Map<string, string[]>();
  for (const line of md.split('\n')) {
    const m = /^\| `([\w.]+)` \w+ \| (.*) \|$/.exec(line);
    if (m) rows.set(m[1]!, m[2]!.split(' | ').map((c) => c.replace(/`/g, '')));
  }
  return rows;
}

const group = (n: number) => n.toLocaleString('en-US');

describe('hovers on layer declarations and models (over stdio)', () => {
  let server: ServerUnderTest;
  before(async () => {
    server = await startServer();
  });
  after(async () => {
    await server.stop();
  });

  const hoverAt = async (file: string, find: RegExp, word: string): Promise<string> => {
    const full = path.join(models, file);
    const text = fs.readFileSync(full, 'utf8');
    const uri = fileUri(full);
    await server.open(uri, text);
    const lines = text.split('\n');
    const line = lines.findIndex((l) => find.test(l));
    assert.ok(line >= 0, `no line ${find} in ${file}`);
    const character = lines[line]!.indexOf(word) + 1;
    return hoverText(await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line, character } }));
  };

  it('a Linear declaration: the rule, the count in general and for the file\'s instance (torch\'s), then the weights', async () => {
    const want = summaries.find((s) => s.file === 'tagger.py')!;
    const md = await hoverAt('tagger.py', /self\.proj = nn\.Linear/, 'proj');
    assert.match(md, /\*\*nn\.Linear\*\* `self\.proj`/);
    assert.match(md, /Shape: `\(\*, 2\*hidden\) → \(\*, num_tags\)`/);
    const count = /\*\*Parameters:\*\* (.*) — here ([\d,]+)/.exec(md);
    assert.ok(count, md);
    assert.equal(count[2], group(want.layers.proj!));
    assert.equal(count[1], '2*hidden*num_tags + num_tags');
    assert.ok(md.indexOf('**Weights**') > md.indexOf('**Parameters:**'));
  });

  for (const want of summaries.filter((s) => s.file === 'tagger.py' || s.file === 'lm.py')) {
    it(`the model in ${want.file}: each sub-layer's output shape and count, and the total, are torch's; the weights follow`, async () => {
      const text = fs.readFileSync(path.join(models, want.file), 'utf8');
      const instance = /^(\w+) = [A-Z]\w*\(/m.exec(text);
      assert.ok(instance, 'the file builds its model at the top level');
      const md = await hoverAt(want.file, new RegExp(`^${instance[1]} = `), instance[1]!);
      const rows = tableRows(md);
      for (const [name, count] of Object.entries(want.layers)) {
        const row = rows.get(name);
        assert.ok(row, `row ${name} missing in\n${md}`);
        assert.equal(row[2], group(count), `${name}: parameters`);
        if (want.shapes[name]) assert.equal(row[1], want.shapes[name], `${name}: output shape for the file's call`);
      }
      assert.match(md, new RegExp(`\\*\\*Total parameters:\\*\\* ${group(want.total)}`));
      assert.ok(md.indexOf('**Weights**') > md.indexOf('**Total parameters:**'), 'summary first, weights after');
    });
  }

  it('the class name and `self.decoder` are summarised too (the file\'s instance)', async () => {
    const tagger = summaries.find((s) => s.file === 'tagger.py')!;
    const cls = await hoverAt('tagger.py', /^class Tagger/, 'Tagger');
    assert.match(cls, new RegExp(`\\*\\*Total parameters:\\*\\* ${group(tagger.total)}`));
    const seq = summaries.find((s) => s.file === 'decoder.py')!;
    const dec = await hoverAt('decoder.py', /self\.decoder = decoder/, 'decoder');
    const rows = tableRows(dec);
    // the decoder's own layers are the Seq2Seq's `decoder.*` rows
    const mine = Object.entries(seq.layers).filter(([n]) => n.startsWith('decoder.') && n.split('.').length === 2);
    assert.ok(mine.length >= 3);
    for (const [name, count] of mine) assert.equal(rows.get(name.slice('decoder.'.length))?.[2], group(count), `${name}\n${dec}`);
  });
});
