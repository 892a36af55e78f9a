// torch/strides.ts against torch: 400 random permuted tensors and view sizes recorded by
// test/oracle/view_strides_cases.py (the strides torch gave, or null where view raised).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { viewStrides } from '../../server/src/analysis/torch/strides';

interface Case {
  shape: number[];
  strides: number[];
  view: number[];
  result: number[] | null;
}

const cases = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'strides', 'view_strides.json'), 'utf8')) as Case[];

test('view strides follow torch on every recorded case (both outcomes present)', () => {
  assert.ok(cases.length >= 400);
  assert.ok(cases.some((c) => c.result === null) && cases.some((c) => c.result !== null));
  for (const c of cases) {
    const got = viewStrides(c.shape, c.strides, c.view) ?? null;
    const label = `${JSON.stringify(c.shape)} strides ${JSON.stringify(c.strides)} .view(${JSON.stringify(c.view)})`;
    if (c.result === null) assert.equal(got, null, label);
    else {
      assert.notEqual(got, null, label);
      // Strides of size-1 dims are free in torch; compare the others.
      c.view.forEach((n, i) => {
        if (n !== 1) assert.equal(got![i], c.result![i], `${label} dim ${i}`);
      });
    }
  }
});
