// `rnnlens check` on hostile inputs, as a child process: no crash, the exit code, the diagnostic that
// says why, and the peak memory below a bound. Inputs are generated (see hostileInputs.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { deepNesting, fanOut, hugeFile, longFileWithLastLineBug, NORMAL, otherGrowth, tupleDoubling, writeFiles } from './hostileInputs';

const root = path.resolve(import.meta.dirname, '..', '..');
const cli = path.join(root, 'bin', 'rnnlens.js');

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  maxRssMB: number;
}

function check(dir: string, args: string[], timeoutMs = 240_000): Run {
  const r = spawnSync(process.execPath, ['-r', path.join(import.meta.dirname, 'reportRss.cjs'), cli, 'check', ...args], { cwd: dir, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 });
  const m = /RNNLENS_MAX_RSS_KB=(\d+)/.exec(r.stderr);
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr, maxRssMB: m ? Number(m[1]) / 1024 : Infinity };
}

/** Diagnostics of the text format: `file:line:col: severity code message`. */
function diagnostics(out: string): { file: string; line: number; severity: string; code: string; message: string }[] {
  const res = [];
  for (const l of out.split('\n')) {
    const m = /^(.+?):(\d+):\d+: (\w+) (RL\d{3}) (.*)$/.exec(l);
    if (m) res.push({ file: m[1]!, line: Number(m[2]), severity: m[3]!, code: m[4]!, message: m[5]! });
  }
  return res;
}

test('tuple doubling (s = s + s, 26 times): exit 0, RL903 where the tuple outgrows the cap, little memory', () => {
  const dir = writeFiles({ 'double.py': tupleDoubling(), 'grow.py': otherGrowth() });
  const r = check(dir, ['double.py', 'grow.py']);
  assert.equal(r.signal, null, r.stderr);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  const d = diagnostics(r.stdout);
  // (1, 2) has 3 values counted with the tuple; after 13 doublings 2^14 + 1 > 10,000: line 3 + 13.
  assert.deepEqual(d.filter((x) => x.file === 'double.py').map((x) => [x.line, x.code, x.severity]), [[16, 'RL903', 'information']]);
  assert.match(d[0]!.message, /10,000 items/);
  const grow = d.filter((x) => x.file === 'grow.py');
  assert.ok(grow.some((x) => x.code === 'RL903' && x.line === 15), `l += l capped: ${JSON.stringify(grow)}`);
  assert.ok(grow.some((x) => x.code === 'RL903' && x.line > 29 && x.line <= 56), `t = (t, t) capped: ${JSON.stringify(grow)}`);
  assert.ok(!grow.some((x) => x.severity === 'error'), JSON.stringify(grow));
  assert.ok(r.maxRssMB < 400, `peak RSS ${r.maxRssMB.toFixed(0)} MB`);
});

test('a 100,000-line file with a bug on its last line: the bug is found (exit 1), memory bounded', () => {
  const dir = writeFiles({ 'long.py': longFileWithLastLineBug(100_000) });
  // About 6 s of CPU; the wall-time budget is raised so a heavily loaded machine does not turn it into RL905.
  const r = check(dir, ['--analysis-timeout', '600', 'long.py']);
  assert.equal(r.signal, null, r.stderr);
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.deepEqual(diagnostics(r.stdout).map((x) => [x.line, x.code]), [[100_000, 'RL202']]);
  assert.ok(r.maxRssMB < 1500, `peak RSS ${r.maxRssMB.toFixed(0)} MB`);
});

test('when the step budget runs out the file says where and which setting raises it (RL901); a higher budget finds the bug', () => {
  const dir = writeFiles({ 'fan.py': fanOut() });
  const r = check(dir, ['fan.py']);
  assert.equal(r.signal, null, r.stderr);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  // (RL902 hints may note calls nested too deep to follow.)
  const d = diagnostics(r.stdout).filter((x) => x.severity !== 'hint');
  assert.equal(d.length, 1, r.stdout);
  assert.equal(d[0]!.code, 'RL901');
  assert.equal(d[0]!.severity, 'warning');
  // Stopped in the module-level statement that calls the fan-out (line 15), so the bug on line 17 is not seen.
  assert.equal(d[0]!.line, 15, r.stdout);
  assert.match(d[0]!.message, /rnnlens\.analysis\.maxSteps/);
  assert.match(d[0]!.message, /--max-steps/);
  // With budget enough the last line's bug is found.
  const more = check(dir, ['--max-steps', '15000000', '--analysis-timeout', '600', 'fan.py']);
  assert.equal(more.code, 1, more.stdout + more.stderr);
  assert.deepEqual(diagnostics(more.stdout).filter((x) => x.severity !== 'hint').map((x) => [x.line, x.code]), [[17, 'RL202']]);
});

test('a file that makes the analysis fail gets RL905, and the next file is still analysed correctly', () => {
  const dir = writeFiles({ 'a_deep.py': deepNesting(), 'b_normal.py': NORMAL });
  const r = check(dir, ['a_deep.py', 'b_normal.py']);
  assert.equal(r.signal, null, r.stderr);
  assert.equal(r.code, 1, r.stdout + r.stderr);
  const d = diagnostics(r.stdout);
  assert.deepEqual(d.map((x) => [x.file, x.line, x.code]), [['a_deep.py', 1, 'RL905'], ['b_normal.py', 4, 'RL202']]);
  assert.match(d[0]!.message, /restarted for the next file/);
});

test('an 18 MB file followed by a normal file: the big one is refused or reported, the normal one analysed correctly', { timeout: 300_000 }, () => {
  const dir = writeFiles({ 'a_huge.py': hugeFile(18), 'b_normal.py': NORMAL });
  assert.ok(fs.statSync(path.join(dir, 'a_huge.py')).size > 18_000_000);
  const r = check(dir, ['a_huge.py', 'b_normal.py']);
  assert.equal(r.signal, null, r.stderr);
  // 1: the normal file's error; 2 when the big file is counted as unreadable.
  assert.ok(r.code === 1 || r.code === 2, `exit ${r.code}: ${r.stdout}${r.stderr}`);
  const normal = diagnostics(r.stdout).filter((x) => x.file === 'b_normal.py');
  assert.deepEqual(normal.map((x) => [x.line, x.code]), [[4, 'RL202']]);
  assert.doesNotMatch(r.stdout, /b_normal\.py: error/);
  // The big file is not passed over in silence.
  assert.match(r.stdout, /a_huge\.py/);
});
