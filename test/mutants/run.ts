// `npm run test:mutants` (not part of `npm test`): copies the repository to a temporary folder (the working
// tree is never touched), applies each mutant of mutants.ts there as a source patch, runs the fast suites it
// names and prints a table mutant → killed / survived. Exit 1 when a mutant survives or a patch no longer
// applies. `--only <text>` runs the mutants whose name contains the text.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MUTANTS, SUITES, type Edit, type Mutant } from './mutants';

const repo = path.resolve(__dirname, '..', '..');

/** Tracked and untracked (not ignored) files, as they are in the working tree, plus the engine build. */
function copyRepository(): string {
  const dest = fs.mkdtempSync(path.join(os.tmpdir(), 'rnnlens-mutants-'));
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: repo, encoding: 'utf8' })
    .split('\0')
    .filter((f) => f.length > 0 && fs.existsSync(path.join(repo, f)) && fs.lstatSync(path.join(repo, f)).isFile());
  for (const f of files) {
    fs.mkdirSync(path.dirname(path.join(dest, f)), { recursive: true });
    fs.copyFileSync(path.join(repo, f), path.join(dest, f));
  }
  // dependencies are read, never written: link them
  fs.symlinkSync(fs.realpathSync(path.join(repo, 'node_modules')), path.join(dest, 'node_modules'));
  const build = path.join(repo, 'engine', 'build');
  if (fs.existsSync(build)) fs.cpSync(build, path.join(dest, 'engine', 'build'), { recursive: true });
  return dest;
}

function sourceFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(p) : /\.(ts|py)$/.test(e.name) ? [p] : [];
  });
}

/** Apply a mutant's edits in the copy; returns the original texts to restore. Throws when a search text is
 * not found exactly once under the mutant's folder. */
function apply(copy: string, m: Mutant): Map<string, string> {
  const originals = new Map<string, string>();
  const read = (f: string): string => fs.readFileSync(f, 'utf8');
  for (const e of m.edits) {
    const hits = sourceFiles(path.join(copy, m.under)).flatMap((f) => {
      const n = read(f).split(e.search).length - 1;
      return n > 0 ? [{ f, n }] : [];
    });
    const total = hits.reduce((a, h) => a + h.n, 0);
    if (total !== 1) {
      throw new Error(`mutant "${m.name}": search text found ${total} times under ${m.under}/ (want exactly 1): ${JSON.stringify(e.search)}`);
    }
    const file = hits[0]!.f;
    if (!originals.has(file)) originals.set(file, read(file));
    fs.writeFileSync(file, read(file).replace(e.search, () => e.replace));
  }
  return originals;
}

function restore(originals: Map<string, string>): void {
  for (const [f, text] of originals) fs.writeFileSync(f, text);
}

function runSuite(copy: string, command: string): { ok: boolean; seconds: number; tail: string } {
  const t0 = Date.now();
  const r = spawnSync('bash', ['-c', command], { cwd: copy, encoding: 'utf8', timeout: 15 * 60_000, env: { ...process.env, CI: '' } });
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  // the failing tests (node:test `not ok` lines, deepest first) or, for other runners, the FAILED lines
  const notOk = out.split('\n').map((l) => /^(\s*)not ok \d+ - (.*)$/.exec(l)).filter((m): m is RegExpExecArray => m !== null);
  notOk.sort((a, b) => (b[1] ?? '').length - (a[1] ?? '').length);
  const failed = notOk.length ? notOk.map((m) => m[2] ?? '') : out.split('\n').filter((l) => /FAIL|wrong fixture accepted|passed with nothing/.test(l)).map((l) => l.trim());
  return { ok: r.status === 0, seconds: (Date.now() - t0) / 1000, tail: failed.slice(0, 2).join('; ').slice(0, 200) };
}

function main(): number {
  const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] ?? '' : '';
  const mutants = MUTANTS.filter((m) => m.name.includes(only));
  if (mutants.length === 0) {
    console.log(`no mutant matches ${JSON.stringify(only)}`);
    return 1;
  }
  const copy = copyRepository();
  console.log(`repository copied to ${copy}`);
  const rows: string[] = [];
  let bad = 0;
  try {
    // The unmutated copy must pass, else every mutant would count as killed.
    for (const s of new Set(mutants.flatMap((m) => m.suites))) {
      const r = runSuite(copy, SUITES[s]);
      console.log(`baseline ${s}: ${r.ok ? 'passes' : 'FAILS'} (${r.seconds.toFixed(0)} s)`);
      if (!r.ok) {
        console.log(`the unmutated copy fails suite ${s}: ${r.tail}`);
        return 1;
      }
    }
    for (const m of mutants) {
      let originals: Map<string, string>;
      try {
        originals = apply(copy, m);
      } catch (e) {
        bad++;
        rows.push(`| ${m.name} | PATCH FAILED | ${(e as Error).message} |`);
        console.log((e as Error).message);
        continue;
      }
      try {
        const killedBy: string[] = [];
        for (const s of m.suites) {
          const r = runSuite(copy, SUITES[s]);
          if (!r.ok) killedBy.push(`${s} (${r.tail})`);
        }
        if (killedBy.length === 0) bad++;
        const row = `| ${m.name} | ${killedBy.length ? 'killed' : 'SURVIVED'} | ${killedBy.join('; ').replace(/\|/g, '/') || m.suites.join(', ') + ' stayed green'} |`;
        rows.push(row);
        console.log(row);
      } finally {
        restore(originals);
      }
    }
  } finally {
    fs.rmSync(copy, { recursive: true, force: true });
  }
  console.log('\n| mutant | result | failing suite (first failures) |\n| --- | --- | --- |');
  for (const r of rows) console.log(r);
  console.log(`\n${rows.length - bad} of ${rows.length} mutants killed`);
  return bad === 0 ? 0 : 1;
}

process.exitCode = main();
