// Runs every torch-generated fixture (test/engine/fixtures/*.safetensors, made by make_fixtures.py)
// through the engine and compares each element with |got - want| <= 1e-5 + 1e-4*|want|, at every SIMD
// level that must run: RNNLENS_ENGINE_LEVELS (comma list, what `npm run test:engine` sets for each of its two
// runs) or, unset, both levels. A level that must run but does not validate is a failure; unset and outside
// CI (CI=true), a level this runtime cannot run is a visible skip instead.
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

const BUILDS: Record<SimdLevel, string> = { simd: 'rnnlens-engine.wasm', 'relaxed-simd': 'rnnlens-engine-relaxed.wasm' };
const required = process.env.RNNLENS_ENGINE_LEVELS;
const levels = (required ? required.split(',').map((l) => l.trim()) : Object.keys(BUILDS)) as SimdLevel[];
const mustRun = required !== undefined || process.env.CI === 'true';

test('the engine levels to test are known', () => {
  assert.ok(levels.length > 0 && levels.every((l) => l in BUILDS), `RNNLENS_ENGINE_LEVELS=${required}: known levels are ${Object.keys(BUILDS).join(', ')}`);
});

for (const level of levels) {
  if (!(level in BUILDS)) continue;
  const validates = wasmValidates(fs.readFileSync(path.join(__dirname, '../../engine/build', BUILDS[level])));
  if (!validates) {
    const why = `the ${level} build (${BUILDS[level]}) does not validate on this runtime${level === 'relaxed-simd' ? ' (node needs --experimental-wasm-relaxed-simd)' : ''}`;
    if (mustRun) test(`${level} level runs`, () => assert.fail(`${why}; ${required ? `RNNLENS_ENGINE_LEVELS=${required}` : 'CI=true'} requires it`));
    else test(`${level} level`, { skip: why }, () => {});
    continue;
  }
  for (const file of files) {
    test(`${file} matches torch (${level})`, () => {
      const fx = loadFixture(file);
      const got = forwardDirect(fx.spec, fx.weights, fx.inputs, level);
      assert.deepEqual(Object.keys(got).sort(), Object.keys(fx.expected).sort());
      for (const [name, want] of Object.entries(fx.expected)) assertClose(got[name], want, `${file} ${name}`);
    });
  }
}
