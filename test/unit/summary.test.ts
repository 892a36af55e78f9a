// `rnnlens summary` against torch: for each model of test/models (summaries in cases.json, written by
// make_models.py from named_modules and forward hooks on the file's own calls), every torch layer is a
// row with torch's parameter count and, for the file's call, torch's output shape; the total matches.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { summarize } from '../../server/src/cli/summary';

const dir = path.join(__dirname, '..', 'models');
interface Expected { file: string; module: string; layers: Record<string, number>; shapes: Record<string, string>; total: number }
const summaries = (JSON.parse(fs.readFileSync(path.join(dir, 'cases.json'), 'utf8')) as { summaries: Expected[] }).summaries;

test('the summaries exist (a runner that collects nothing fails)', () => {
  assert.ok(summaries.length >= 4);
});

for (const want of summaries) {
  test(`summary of ${want.module} in ${want.file} matches torch's layers, counts and shapes`, async () => {
    const got = await summarize(fs.readFileSync(path.join(dir, want.file), 'utf8'), want.module);
    assert.ok(typeof got !== 'string', String(got));
    const rows = new Map(got.rows.map((r) => [r.name, r]));
    for (const [name, count] of Object.entries(want.layers)) {
      const row = rows.get(name);
      assert.ok(row, `row ${name} missing (rows: ${[...rows.keys()].join(', ')})`);
      assert.equal(row.params, count, `${name}: parameter count`);
      if (want.shapes[name]) assert.equal(row.concrete, want.shapes[name], `${name}: output shape for the file's call`);
    }
    assert.equal(got.total, want.total);
  });
}

test('the general column keeps the constructor arguments symbolic', async () => {
  const got = await summarize(fs.readFileSync(path.join(dir, 'lm.py'), 'utf8'), 'model');
  assert.ok(typeof got !== 'string');
  assert.equal(got.rows.find((r) => r.name === 'decoder')?.general, '(L, N, ntoken)');
  assert.equal(got.rows.find((r) => r.name === 'rnn')?.general, '(L, N, nhid)');
});

test('rnnlens summary prints the table with the total (CLI); an unknown module is bad usage (exit 2)', () => {
  const cli = path.join(__dirname, '..', '..', 'dist', 'cli.js');
  assert.ok(fs.existsSync(cli), 'dist/cli.js is missing: run `npm run build` first');
  const r = spawnSync(process.execPath, [cli, 'summary', path.join(dir, 'tagger.py'), '--module', 'Tagger'], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /Layer \(type\)\s+Output shape \(general\)\s+Output shape \(file's call\)\s+Param #/);
  assert.match(r.stdout, /gru \(GRU\)\s+packed \(T, 2\*hidden\)\s+packed \(12, 32\)\s+2,880/);
  assert.match(r.stdout, /Total params: 3,469/);
  const bad = spawnSync(process.execPath, [cli, 'summary', path.join(dir, 'tagger.py'), '--module', 'Nope'], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /no name 'Nope'/);
});
