// The call facts (what a recurrent layer call is given: input shape, state shapes, constant fills)
// against what real torch sees at those calls (test/lsp/fixtures/calls.torch.json, written by
// test/oracle/call_inputs.py): every fact must hold on every execution of its line, and the calls whose
// facts are provable must have them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeText } from '../../server/src/node/analyzer';
import type { CallTensorFact } from '../../server/src/analysis/facts';

interface Seen { shape: number[]; fill?: number }
interface Execution { input: number[]; values?: number[]; h0: Seen | null; c0: Seen | null }

const dir = path.join(__dirname, '..', 'lsp', 'fixtures');
const torchSaw = JSON.parse(fs.readFileSync(path.join(dir, 'calls.torch.json'), 'utf8')) as Record<string, Execution[]>;

function holds(fact: CallTensorFact | undefined, seen: Seen | null, what: string): void {
  if (!fact) return;
  assert.ok(seen, `${what}: the analysis reports a tensor torch was not given`);
  assert.deepEqual(fact.shape, seen.shape, `${what} shape`);
  if (fact.fill !== undefined) assert.equal(fact.fill, seen.fill, `${what}: fill ${fact.fill} claimed, torch saw ${seen.fill ?? 'varying values'}`);
}

test('every call fact holds on every execution torch made of that line', async () => {
  const r = await analyzeText(fs.readFileSync(path.join(dir, 'calls.py'), 'utf8'));
  assert.ok(r.calls.length > 0);
  for (const c of r.calls) {
    const line = c.range.start.line + 1;
    const runs = torchSaw[String(line)];
    assert.ok(runs, `line ${line}: a call fact on a line torch never ran a layer on`);
    for (const run of runs) {
      assert.deepEqual(c.input.shape, run.input, `line ${line} input`);
      // values claimed for the input are the ones torch was given (as float32)
      if (c.input.values) assert.deepEqual(c.input.values.map(Math.fround), run.values?.map(Math.fround), `line ${line}: input values claimed, torch saw ${JSON.stringify(run.values)}`);
      assert.equal(c.stateGiven, run.h0 !== null, `line ${line} state given`);
      holds(c.h0, run.h0, `line ${line} h0`);
      holds(c.c0, run.c0, `line ${line} c0`);
    }
  }
});

test('the provable calls have their facts: shapes, and the fills that cannot have changed', async () => {
  const r = await analyzeText(fs.readFileSync(path.join(dir, 'calls.py'), 'utf8'));
  const at = (line: number) => r.calls.find((c) => c.range.start.line + 1 === line);
  const layerLine = (line: number) => (at(line)?.layer.start.line ?? -2) + 1;
  // gru(x) with x = torch.randn(3, 9, 6): the run uses (3, 9, 6), not the settings' batch and length
  assert.deepEqual(at(8)?.input, { shape: [3, 9, 6] });
  assert.equal(layerLine(8), 6);
  // lstm(torch.randn(3, 7, 4), (h0, c0)) with h0 = zeros, c0 = full(0.5)
  assert.deepEqual([at(13)?.input.shape, at(13)?.h0, at(13)?.c0], [[3, 7, 4], { shape: [2, 3, 5], fill: 0 }, { shape: [2, 3, 5], fill: 0.5 }]);
  // hx = ones, then hx.mul_(2): the shape stays, the value is not claimed
  assert.deepEqual(at(18)?.h0, { shape: [2, 6] });
  // in a loop the state is rebuilt each time: shapes only
  assert.deepEqual(at(32)?.h0, { shape: [1, 9, 8] });
  // a method run on the file's instance: self.rnn(self.emb(tokens), torch.ones(...)) with tokens (4, 11)
  assert.deepEqual([at(44)?.input.shape, at(44)?.h0], [[4, 11, 12], { shape: [1, 4, 7], fill: 1 }]);
  // step() is called with two shapes: no single input for gru(inp)
  assert.equal(at(24), undefined);
  // a literal input: its values, in torch's row-major order; the literal changed in place (add_) before the call: shape only
  assert.deepEqual(at(53)?.input, { shape: [3, 1, 2], values: [0.5, -1, 2, 0.25, 1, 1] });
  assert.deepEqual(at(56)?.input, { shape: [1, 1, 2] });
});
