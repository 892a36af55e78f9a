// The per-layer trace of a run (engine/src/wasm.ts stepNorms) against torch's own tensors: every step of
// the last layer against the saved `output`, and every layer's final step against the saved `h_n`; and the
// share of saturated gates against torch's counts (test/engine/gate_saturation.py → gate_saturation.json).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readSafetensors } from '../../engine/src/safetensors';
import { paramInfos } from '../../engine/src/names';
import type { LayerSpec } from '../../engine/src/types';
import '../../engine/src/kernelFiles'; // the Node host's kernel source (the kernels' bytes from disk)
import { inferBatchSeq, PreparedLayer } from '../../engine/src/forward';
import { isCell } from '../../engine/src/types';
import { loadFixture, fixtureFiles } from './fixture-io';

/** Mean over `count` rows of the L2 norm of `len` floats at `offset(row)`. */
function meanNorm(data: Float32Array, count: number, len: number, offset: (row: number) => number): number {
  let sum = 0;
  for (let r = 0; r < count; r++) {
    let ss = 0;
    for (let k = 0; k < len; k++) ss += data[offset(r) + k] ** 2;
    sum += Math.sqrt(ss);
  }
  return sum / count;
}

const close = (got: number, want: number, what: string): void => {
  assert.ok(Math.abs(got - want) <= 1e-5 + 1e-4 * Math.abs(want), `${what}: got ${got}, want ${want}`);
};

const files = fixtureFiles.filter((f) => !loadFixture(f).expected.output?.data.some((v) => !Number.isFinite(v)));

test('the trace is checked on multi-layer, bidirectional, batch_first and unbatched fixtures', () => {
  const specs = files.map((f) => loadFixture(f).spec);
  assert.ok(specs.some((s) => s.numLayers > 1 && s.bidirectional && s.batchFirst));
  assert.ok(files.some((f) => loadFixture(f).inputs.input.shape.length === 2 && !isCell(loadFixture(f).spec.kind)));
});

for (const file of files) {
  test(`${file}: hidden-state norms per layer, direction and step match torch`, () => {
    const fx = loadFixture(file);
    const { spec } = fx;
    const { batch, seq } = inferBatchSeq(spec, fx.inputs.input.shape);
    const layer = new PreparedLayer(spec, fx.weights, batch, seq);
    layer.run(fx.inputs);
    const trace = layer.lastLayers;
    const cell = isCell(spec.kind);
    const L = cell ? 1 : spec.numLayers, D = !cell && spec.bidirectional ? 2 : 1, N = batch ?? 1, T = cell ? 1 : seq;
    const Hout = !cell && spec.projSize > 0 ? spec.projSize : spec.hiddenSize;
    assert.deepEqual(trace.map((t) => t.layer), [...Array(L).keys()]);
    for (const t of trace) {
      assert.equal(t.norms.length, D);
      for (const row of t.norms) assert.equal(row.length, T);
      assert.ok(t.millis >= 0);
    }
    if (cell) {
      close(trace[0].norms[0][0], meanNorm(fx.expected.h_1.data, N, Hout, (n) => n * Hout), `${file} h_1`);
      return;
    }
    // last layer, every step: output is (T, N, D*Hout), (N, T, D*Hout) batch_first, or (T, D*Hout) unbatched
    const out = fx.expected.output.data, DH = D * Hout;
    const row = (t: number, n: number): number => (batch === undefined ? t : spec.batchFirst ? n * T + t : t * N + n);
    for (let d = 0; d < D; d++) {
      for (let t = 0; t < T; t++) close(trace[L - 1].norms[d][t], meanNorm(out, N, Hout, (n) => row(t, n) * DH + d * Hout), `${file} layer ${L - 1} dir ${d} step ${t}`);
    }
    // every layer's last step in each direction: h_n is (L*D, N, Hout), or (L*D, Hout) unbatched
    const hn = fx.expected.h_n.data;
    for (let l = 0; l < L; l++) {
      for (let d = 0; d < D; d++) {
        const last = d === 0 ? T - 1 : 0;
        close(trace[l].norms[d][last], meanNorm(hn, N, Hout, (n) => ((l * D + d) * N + n) * Hout), `${file} layer ${l} dir ${d} final step`);
      }
    }
  });
}

interface TorchCounts {
  values_per_gate: number;
  counts: { layer: number; direction: number; gates: Record<string, [number, number]> }[];
}
const torchCounts = JSON.parse(fs.readFileSync(path.join(__dirname, 'gate_saturation.json'), 'utf8')) as Record<string, TorchCounts>;

test('the saturation cases cover every LSTM / GRU kind, and torch saw many saturated gates in them', () => {
  const kinds = new Set<string>();
  let saturated = 0;
  for (const [file, want] of Object.entries(torchCounts)) {
    kinds.add((JSON.parse(readSafetensors(fs.readFileSync(path.join(__dirname, file)), file).metadata.spec) as LayerSpec).kind);
    for (const c of want.counts) for (const [lo, hi] of Object.values(c.gates)) saturated += lo + hi;
  }
  assert.deepEqual([...kinds].sort(), ['GRU', 'GRUCell', 'LSTM', 'LSTMCell']);
  assert.ok(saturated > 1000, `${saturated}`);
});

for (const [file, want] of Object.entries(torchCounts)) {
  test(`${file}: the share of saturated gates matches torch's count`, () => {
    const st = readSafetensors(fs.readFileSync(path.join(__dirname, file)), file);
    const spec = JSON.parse(st.metadata.spec) as LayerSpec;
    const weights: Record<string, { shape: number[]; data: Float32Array }> = {};
    for (const p of paramInfos(spec)) weights[p.name] = st.tensor(p.name);
    const inputs = { input: st.tensor('input'), h0: st.has('h0') ? st.tensor('h0') : undefined, c0: st.has('c0') ? st.tensor('c0') : undefined };
    const { batch, seq } = inferBatchSeq(spec, inputs.input.shape);
    const layer = new PreparedLayer(spec, weights, batch, seq);
    layer.run(inputs);
    assert.equal(layer.lastLayers[0]?.saturation, undefined, 'not counted unless asked');
    layer.countGates = true;
    layer.run(inputs);
    for (const c of want.counts) {
      const got = layer.lastLayers[c.layer]?.saturation?.[c.direction];
      assert.ok(got, `layer ${c.layer} direction ${c.direction}: no saturation reported`);
      assert.deepEqual(got.map((g) => g.gate), Object.keys(c.gates).sort((a, b) => 'iforz'.indexOf(a) - 'iforz'.indexOf(b)));
      for (const g of got) {
        const [lo, hi] = c.gates[g.gate]!;
        // a value within float rounding of 0.1 or 0.9 may land on the other side: one either way
        assert.ok(Math.abs(g.low * want.values_per_gate - lo) <= 1, `${file} l${c.layer} d${c.direction} ${g.gate} < 0.1: engine ${g.low * want.values_per_gate}, torch ${lo}`);
        assert.ok(Math.abs(g.high * want.values_per_gate - hi) <= 1, `${file} l${c.layer} d${c.direction} ${g.gate} > 0.9: engine ${g.high * want.values_per_gate}, torch ${hi}`);
      }
    }
  });
}
