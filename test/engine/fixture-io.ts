// Helpers for the engine tests: load a torch-generated fixture (spec, weights, inputs, expected
// outputs) and compare tensors with |got - want| <= 1e-5 + 1e-4*|want| element by element.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readSafetensors } from '../../engine/src/safetensors';
import type { LayerWeights } from '../../engine/src/forward';
import { paramInfos } from '../../engine/src/names';
import type { LayerSpec, Tensor } from '../../engine/src/types';

const dir = path.join(__dirname, 'fixtures');
export const fixtureFiles = fs.readdirSync(dir).filter((f) => f.endsWith('.safetensors')).sort();

export function loadFixture(file: string): { spec: LayerSpec; weights: LayerWeights; inputs: { input: Tensor; h0?: Tensor; c0?: Tensor }; expected: Record<string, Tensor> } {
  const st = readSafetensors(fs.readFileSync(path.join(dir, file)), file);
  const spec = JSON.parse(st.metadata.spec) as LayerSpec;
  const weights: LayerWeights = {};
  for (const p of paramInfos(spec)) weights[p.name] = st.tensor(p.name);
  const expected: Record<string, Tensor> = {};
  for (const k of st.keys()) if (k.startsWith('expected.')) expected[k.slice('expected.'.length)] = st.tensor(k);
  return {
    spec,
    weights,
    inputs: { input: st.tensor('input'), h0: st.has('h0') ? st.tensor('h0') : undefined, c0: st.has('c0') ? st.tensor('c0') : undefined },
    expected,
  };
}

export function assertClose(got: Tensor, want: Tensor, what: string): void {
  assert.deepEqual(got.shape, want.shape, `${what}: shape`);
  let worst = 0, at = -1;
  for (let i = 0; i < want.data.length; i++) {
    const g = got.data[i], w = want.data[i];
    // NaN must stay NaN and ±Inf the same infinity; finite values within the tolerance.
    if (Number.isNaN(w) || !Number.isFinite(w)) {
      if (!Object.is(g, w) && !(Number.isNaN(w) && Number.isNaN(g))) { at = i; break; }
      continue;
    }
    const err = Math.abs(g - w) - (1e-5 + 1e-4 * Math.abs(w));
    if (!(err <= worst)) { worst = Number.isNaN(err) ? Infinity : err; at = i; }
  }
  assert.ok(at < 0, `${what}: element ${at} got ${got.data[at]} want ${want.data[at]}`);
}

