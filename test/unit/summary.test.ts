// `rnnlens summary` against torch: for each model of test/models (summaries in cases.json, written by
// make_models.py from named_modules and forward hooks on the file's own calls), every torch layer is a
// row with torch's parameter count and, for the file's call, torch's output shape; the total matches.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
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
