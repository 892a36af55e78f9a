// The per-layer trace of a run (engine/src/wasm.ts stepNorms) against torch's own tensors: every step of
// the last layer against the saved `output`, and every layer's final step against the saved `h_n`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
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
