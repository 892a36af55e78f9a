// `rnnlens check` on hostile input, as a linter must take it: special files, dangling links, link loops
// and unreadable folders reported while the walk goes on; --exclude and .gitignore; encodings (BOM,
// UTF-16, coding comments, binary); the size limit; a closed pipe. Inputs are made in a temp dir.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const CLI = path.resolve('dist/cli.js');

/** Runs the CLI; as root, `asOther` runs it as `nobody` so that permissions apply. */
function run(args: string[], options: { cwd?: string; asOther?: boolean } = {}) {
  const asNobody = options.asOther && process.getuid?.() === 0;
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: options.cwd ?? process.cwd(),
    encoding: 'utf8',
    timeout: 60_000,
    ...(asNobody ? { uid: 65534, gid: 65534 } : {}),
  });
  assert.equal(r.error, undefined, `the CLI ran to its end (no hang): ${String(r.error)}`);
  return { code: r.status, out: r.stdout, err: r.stderr };
}

interface JsonOut {
  files: { path: string; error?: string; skipped?: string; diagnostics: { line: number; column: number; code: string }[] }[];
}

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnnlens-inputs-'));
  fs.chmodSync(dir, 0o755); // readable by the `nobody` run
  return dir;
}

const BAD = 'import torch\nimport torch.nn as nn\nrnn = nn.GRU(10, 20)\nx = torch.randn(5, 3, 12)\nout, h = rnn(x)\n';
const GOOD = BAD.replace('(5, 3, 12)', '(5, 3, 10)');

test('a folder with a dangling link, link loops, a FIFO and an unreadable folder: the rest is still checked', () => {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'a.py'), BAD);
  fs.writeFileSync(path.join(dir, 'b.py'), GOOD);
  fs.symlinkSync('nowhere', path.join(dir, '.#a.py')); // an editor's lock file
  fs.symlinkSync('loop2', path.join(dir, 'loop1'));
  fs.symlinkSync('loop1', path.join(dir, 'loop2'));
  fs.mkdirSync(path.join(dir, 'sub'));
  fs.symlinkSync('..', path.join(dir, 'sub', 'up')); // a loop that stat does not see
  fs.writeFileSync(path.join(dir, 'sub', 'c.py'), BAD);
  spawnSync('mkfifo', [path.join(dir, 'x.py')]);
  spawnSync('mkfifo', [path.join(dir, 'sub', '.gitignore')]); // never opened: reading it would block
  assert.ok(fs.statSync(path.join(dir, 'x.py')).isFIFO() && fs.statSync(path.join(dir, 'sub', '.gitignore')).isFIFO(), 'mkfifo made FIFOs');

  const r = run(['check', '--format', 'json', dir]);
  assert.equal(r.code, 1, r.out + r.err);
  const files = (JSON.parse(r.out) as JsonOut).files.map((f) => ({ p: path.relative(dir, f.path), e: f.error, s: f.skipped, d: f.diagnostics.map((d) => d.code) }));
  assert.deepEqual(files, [
    { p: '.#a.py', e: undefined, s: "dangling symbolic link (to 'nowhere')", d: [] },
    { p: 'a.py', e: undefined, s: undefined, d: ['RL202'] },
    { p: 'b.py', e: undefined, s: undefined, d: [] },
    { p: 'loop1', e: undefined, s: 'symbolic link loop', d: [] },
    { p: 'loop2', e: undefined, s: 'symbolic link loop', d: [] },
    { p: path.join('sub', 'c.py'), e: undefined, s: undefined, d: ['RL202'] },
    { p: path.join('sub', 'up'), e: undefined, s: 'symbolic link loop (links back to a folder that contains it)', d: [] },
    { p: 'x.py', e: undefined, s: 'a named pipe (FIFO), not a regular file', d: [] },
  ]);
  const t = run(['check', dir]);
  assert.match(t.out, /^3 files checked, 2 errors, 0 other diagnostics; 5 skipped$/m);

  // an unreadable folder and an unreadable file: reported, the others checked, exit 2
  const locked = path.join(dir, 'locked');
  fs.mkdirSync(locked);
  fs.writeFileSync(path.join(locked, 'z.py'), BAD);
  fs.chmodSync(locked, 0o000);
  fs.chmodSync(path.join(dir, 'b.py'), 0o000);
  try {
    const u = run(['check', dir], { asOther: true });
    assert.equal(u.code, 2, u.out + u.err);
    assert.match(u.out, new RegExp(`^${escape(locked)}: error: cannot read folder: EACCES \\(permission denied\\)$`, 'm'));
    assert.match(u.out, new RegExp(`^${escape(path.join(dir, 'b.py'))}: error: cannot read: EACCES`, 'm'));
    assert.match(u.out, new RegExp(`^${escape(path.join(dir, 'sub', 'c.py'))}:5:\\d+: error RL202`, 'm'));
    assert.match(u.out, /^2 files checked, 2 errors, 0 other diagnostics; 5 skipped, 2 not readable$/m);
  } finally {
    fs.chmodSync(locked, 0o755);
    fs.chmodSync(path.join(dir, 'b.py'), 0o644);
  }
});

test('special files named on the command line are refused before any read, by check and run (no hang, no memory growth)', () => {
  const dir = tempDir();
  const fifo = path.join(dir, 'x.py');
  spawnSync('mkfifo', [fifo]);
  const f = run(['check', fifo]);
  assert.equal(f.code, 2);
  assert.match(f.out, /x\.py: error: not read: a named pipe \(FIFO\), not a regular file/);
  const z = run(['check', '/dev/zero']);
  assert.equal(z.code, 2);
  assert.match(z.out, /^\/dev\/zero: error: not read: a character device, not a regular file$/m);
  // `run` reads its file the same way
  for (const file of [fifo, '/dev/zero']) {
    const r = run(['run', file, '--module', 'rnn']);
    assert.equal(r.code, 2);
    assert.equal(r.err, `rnnlens run: ${file}: not read: not a regular file\n`);
  }
});

test('--exclude (repeatable) and .gitignore files in walked folders, nested, with negation', () => {
  const dir = tempDir();
  for (const f of ['src/a.py', 'src/gen/b.py', 'build/c.py', 'keep/d.py', 'keep/e.py', 'top.py', 'src/x_pb2.py', 'y_pb2.py']) {
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.writeFileSync(path.join(dir, f), GOOD);
  }
  fs.writeFileSync(path.join(dir, '.gitignore'), '# generated\nbuild/\n*_pb2.py\n');
  fs.writeFileSync(path.join(dir, 'keep', '.gitignore'), 'e.py\n');
  fs.writeFileSync(path.join(dir, 'src', '.gitignore'), '!x_pb2.py\n');
  const checked = (args: string[], cwd = dir) => {
    const r = run(['check', '--format', 'json', ...args], { cwd });
    assert.equal(r.code, 0, r.out + r.err);
    return (JSON.parse(r.out) as JsonOut).files.map((f) => path.relative(dir, path.resolve(cwd, f.path)).split(path.sep).join('/'));
  };
  assert.deepEqual(checked(['.']), ['keep/d.py', 'src/a.py', 'src/gen/b.py', 'src/x_pb2.py', 'top.py']);
  assert.deepEqual(checked(['.', '--exclude', 'src/gen', '--exclude=top.py']), ['keep/d.py', 'src/a.py', 'src/x_pb2.py']);
  // patterns relative to the walked PATH, or to the current folder
  assert.deepEqual(checked(['..', '--exclude', 'src/gen/', '--exclude', '*.py', '--exclude', '!a.py'], path.join(dir, 'src')), ['src/a.py']);
  assert.deepEqual(checked(['../..', '--exclude', 'keep'], path.join(dir, 'src', 'gen')), ['src/a.py', 'src/gen/b.py', 'src/x_pb2.py', 'top.py']);
  assert.deepEqual(checked([dir, '--exclude', 'keep'], os.tmpdir()), ['src/a.py', 'src/gen/b.py', 'src/x_pb2.py', 'top.py']);
  // a file named explicitly is checked even when a pattern matches it
  assert.deepEqual(checked(['build/c.py', '--exclude', 'build']), ['build/c.py']);
  assert.equal(run(['check', '--exclude']).code, 2);
});

test('encodings: UTF-8 with BOM, UTF-16 LE/BE with BOM and coding comments are decoded; the rest is said, exit 2', () => {
  const dir = tempDir();
  const utf16be = (s: string) => Buffer.from(s, 'utf16le').swap16();
  const files: Record<string, Buffer> = {
    'bom8.py': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(BAD)]),
    'u16le.py': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(BAD, 'utf16le')]),
    'u16be.py': Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(BAD)]),
    'latin1.py': Buffer.concat([Buffer.from('# -*- coding: latin-1 -*-\ns = "caf', 'latin1'), Buffer.from([0xe9]), Buffer.from('"\n' + BAD)]),
  };
  for (const [name, bytes] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), bytes);
  const ok = run(['check', '--format', 'json', dir]);
  assert.equal(ok.code, 1, ok.out);
  const got = (JSON.parse(ok.out) as JsonOut).files.map((f) => [path.basename(f.path), f.error, f.diagnostics.map((d) => `${d.line}:${d.column} ${d.code}`)]);
  assert.deepEqual(got, [
    ['bom8.py', undefined, ['5:14 RL202']], // the BOM is not a column
    ['latin1.py', undefined, ['7:14 RL202']],
    ['u16be.py', undefined, ['5:14 RL202']],
    ['u16le.py', undefined, ['5:14 RL202']],
  ]);

  const bad: Record<string, [Buffer, RegExp]> = {
    'binary.py': [Buffer.from(Array.from({ length: 2048 }, (_, i) => (i * 7919) % 256)), /cannot decode: not UTF-8/],
    'cp1252.py': [Buffer.concat([Buffer.from('s = "caf'), Buffer.from([0xe9]), Buffer.from('"\n' + BAD)]), /cannot decode: not UTF-8 and no encoding declared/],
    'nobom16.py': [Buffer.from(BAD, 'utf16le'), /cannot decode: looks like UTF-16 without a byte-order mark/],
    'nul.py': [Buffer.alloc(64), /cannot decode: contains NUL bytes/],
    'odd16.py': [Buffer.from([0xff, 0xfe, 0x41]), /cannot decode: not UTF-16 LE/],
    'unknown.py': [Buffer.from('# coding: klingon\n' + BAD), /cannot decode: unknown encoding 'klingon'/],
    'utf32.py': [Buffer.from([0xff, 0xfe, 0, 0, 0x41, 0, 0, 0]), /cannot decode: UTF-32 is not supported/],
  };
  const badDir = path.join(dir, 'bad');
  fs.mkdirSync(badDir);
  for (const [name, [bytes]] of Object.entries(bad)) fs.writeFileSync(path.join(badDir, name), bytes);
  const r = run(['check', badDir]);
  assert.equal(r.code, 2, r.out);
  for (const [name, [, message]] of Object.entries(bad)) {
    assert.match(r.out, new RegExp(`^${escape(path.join(badDir, name))}: error: ${message.source}`, 'm'), name);
  }
  assert.match(r.out, /^0 files checked, 0 errors, 0 other diagnostics; 7 not readable$/m);
  // a notebook saved with a BOM is read too
  const nb = path.join(dir, 'bom.ipynb');
  fs.writeFileSync(nb, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify({ nbformat: 4, metadata: {}, cells: [{ cell_type: 'code', source: BAD }] }))]));
  assert.match(run(['check', nb]).out, /bom\.ipynb#cell0:5:14: error RL202/);
});

test('files over --max-file-size (default 2 MB) are skipped with a message naming the option', () => {
  const dir = tempDir();
  const file = path.join(dir, 'big.py');
  const filler = ('# ' + 'x'.repeat(97) + '\n').repeat(25_000); // 2,500,000 bytes of comments
  fs.writeFileSync(file, filler + BAD);
  const r = run(['check', file]);
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /big\.py: skipped: 2\.4 MB is over the 2 MB limit \(raise it with --max-file-size, e\.g\. --max-file-size 4MB\)/);
  assert.match(r.out, /^0 files checked, 0 errors, 0 other diagnostics; 1 skipped$/m);
  const j = run(['check', '--format', 'json', file]);
  assert.match((JSON.parse(j.out) as JsonOut).files[0]!.skipped ?? '', /over the 2 MB limit/);
  const raised = run(['check', '--max-file-size', '3MB', file]);
  assert.equal(raised.code, 1, raised.out);
  assert.match(raised.out, /big\.py:25005:14: error RL202/);
  assert.equal(run(['check', `--max-file-size=${2_500_000 + BAD.length}`, file]).code, 1);
  assert.equal(run(['check', `--max-file-size=${2_500_000 + BAD.length - 1}`, file]).code, 0);
  for (const v of ['0', 'lots', '-1', '2TB']) assert.equal(run(['check', '--max-file-size', v, file]).code, 2, v);
});

test('a reader that closes the pipe early (| head -1): no stack trace, the status already decided', () => {
  const dir = tempDir();
  for (let i = 0; i < 150; i++) fs.writeFileSync(path.join(dir, `f${String(i).padStart(3, '0')}.py`), BAD);
  // JSON for 150 files is far more than a pipe buffer holds, so the writes meet the closed pipe
  const r = spawnSync('bash', ['-c', `"${process.execPath}" "${CLI}" check --format json "${dir}" | head -c 10; echo " status=\${PIPESTATUS[0]}"`], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.stderr, '');
  assert.match(r.stdout, /^\{\n {2}"versi status=1\n$/);
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
