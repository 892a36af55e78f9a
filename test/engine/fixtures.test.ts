// Runs every torch-generated fixture (test/engine/fixtures/*.safetensors, made by make_fixtures.py)
// through the engine and compares each element with |got - want| <= 1e-5 + 1e-4*|want|.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import '../../engine/src/kernelFiles';
import { forwardDirect } from '../../engine/src/forward';
import { wasmValidates, type SimdLevel } from '../../engine/src/wasm';
import { loadFixture, assertClose, fixtureFiles as files } from './fixture-io';

test('there are at least 40 fixtures', () => {
  assert.ok(files.length >= 40, `${files.length} fixtures`);
});

const levels: SimdLevel[] = wasmValidates(fs.readFileSync(path.join(__dirname, '../../engine/build/rnnlens-engine-relaxed.wasm'))) ? ['simd', 'relaxed-simd'] : ['simd'];

for (const level of levels) {
  for (const file of files) {
    test(`${file} matches torch (${level})`, () => {
      const fx = loadFixture(file);
      const got = forwardDirect(fx.spec, fx.weights, fx.inputs, level);
      assert.deepEqual(Object.keys(got).sort(), Object.keys(fx.expected).sort());
      for (const [name, want] of Object.entries(fx.expected)) assertClose(got[name], want, `${file} ${name}`);
    });
  }
}
