// The language server's run queue: at most maxConcurrent runs at once, their memory within the budget,
// waiting runs admitted in order, cancellable while waiting, and refused past maxQueued.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RunQueue } from '../../server/src/lsp/runQueue';

/** A job that finishes when its `release` is called. */
function gate(): { promise: Promise<void>; release: () => void; started: boolean; job: () => Promise<string> } {
  let release = (): void => undefined;
  const promise = new Promise<void>((r) => { release = r; });
  const g = { promise, release: () => release(), started: false, job: async (): Promise<string> => { g.started = true; await promise; return 'done'; } };
  return g;
}
const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

test('at most maxConcurrent runs at once; the rest start in order as runs finish', async () => {
  const q = new RunQueue({ maxConcurrent: 2, totalMB: 10_000, maxQueued: 8 });
  const gates = Array.from({ length: 5 }, gate);
  const waits: number[] = [];
  const runs = gates.map((g) => q.run(10, g.job, undefined, (ahead) => waits.push(ahead)));
  await tick();
  assert.deepEqual(gates.map((g) => g.started), [true, true, false, false, false]);
  assert.deepEqual(waits, [2, 3, 4]);
  gates[1]!.release();
  await tick();
  assert.deepEqual(gates.map((g) => g.started), [true, true, true, false, false]);
  for (const g of gates) g.release();
  assert.deepEqual(await Promise.all(runs), ['done', 'done', 'done', 'done', 'done']);
  assert.equal(q.peakRunning, 2);
  assert.equal(q.active + q.queued, 0);
});

test('the memory budget holds runs back; a run larger than the budget runs alone', async () => {
  const q = new RunQueue({ maxConcurrent: 4, totalMB: 1000, maxQueued: 8 });
  const [a, b, c] = [gate(), gate(), gate()];
  const ra = q.run(600, a.job), rb = q.run(600, b.job), rc = q.run(3000, c.job);
  await tick();
  assert.deepEqual([a.started, b.started, c.started], [true, false, false]);
  a.release();
  await ra;
  await tick();
  assert.deepEqual([b.started, c.started], [true, false]);
  b.release();
  await rb;
  await tick();
  assert.equal(c.started, true, 'alone, over the budget');
  c.release();
  await rc;
  assert.equal(q.peakMB, 3000);
});

test('a waiting run can be cancelled; past maxQueued a run is refused', async () => {
  const q = new RunQueue({ maxConcurrent: 1, totalMB: 1000, maxQueued: 2 });
  const [a, b, c] = [gate(), gate(), gate()];
  const ra = q.run(1, a.job);
  const ctrl = new AbortController();
  const rb = q.run(1, b.job, ctrl.signal);
  const rc = q.run(1, c.job);
  await assert.rejects(q.run(1, gate().job), /1 sample runs are running and 2 are waiting, the most this server queues/);
  ctrl.abort();
  await assert.rejects(rb, { name: 'AbortError' });
  assert.equal(q.queued, 1);
  a.release();
  await ra;
  await tick();
  assert.deepEqual([b.started, c.started], [false, true]);
  c.release();
  assert.equal(await rc, 'done');
});
