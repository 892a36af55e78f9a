// Field test of the project layer: the share of reported shapes that are concrete, for the files of
// manifest.tsv, analysed (a) each file alone, as `rnnlens check FILE` does, and (b) inside its whole
// repository (every file of the snapshot at that commit indexed, as the server and `rnnlens check REPO/`
// do: imports, call sites in other files, config files).
//
// Usage: node --import tsx test/field/concreteShare.ts [SNAPSHOTS=/work/.mirror] [--manifest M] [--repo SUBSTRING]
//        [--list]
// A shape counts as concrete when what the editor shows for it (the concrete shape where every call
// agrees, else the general one) has only integer dims; an LSTM state tuple when all its tensors do.
// --list prints, per file, the shapes that stay symbolic in the project analysis; --errors every error
// and warning of the project analysis. Errors and warnings the
// repository adds to a file (other files' calls prove them) are printed, each to be read by hand.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadAnalyzer } from '../../server/src/node/analyzer';
import { WorkspaceAnalyses } from '../../server/src/node/workspaceAnalyses';
import { formatShape, type ShapeFact } from '../../server/src/analysis/facts';
import { sourceOf } from '../../server/src/cli/sources';
import { gitDir, readManifest, type Row } from './manifest';


function parseArgs(argv: string[]) {
  let snapshots = '/work/.mirror';
  let manifest = path.join(__dirname, 'manifest.tsv');
  let repo: string | undefined;
  let list = false;
  let errors = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--manifest') manifest = argv[++i]!;
    else if (a === '--repo') repo = argv[++i]!;
    else if (a === '--list') list = true;
    else if (a === '--errors') errors = true;
    else if (a.startsWith('-')) throw new Error(`unknown option ${a}`);
    else snapshots = a;
  }
  return { snapshots, manifest, repo, list, errors };
}



/** The snapshot's files at `commit` that the analysis reads (Python, notebooks, configs, at most 2 MB), under `into`. */
function extractTree(gd: string, commit: string, into: string, notebooks: ReadonlySet<string>): boolean {
  const ls = spawnSync('git', ['--git-dir', gd, 'ls-tree', '-r', '-l', '-z', commit], { maxBuffer: 1 << 28, encoding: 'utf8' });
  if (ls.status !== 0) {
    process.stderr.write(`git ls-tree ${commit} in ${gd}: ${ls.error?.message ?? ls.stderr}\n`);
    return false;
  }
  const wanted: { sha: string; file: string }[] = [];
  for (const entry of ls.stdout.split('\0')) {
    const m = /^\d+ blob ([0-9a-f]+)\s+(\d+)\t(.*)$/s.exec(entry);
    // Python files up to 2 MB (the server's limit), configs up to 256 KB, the notebooks the manifest names.
    const [size, file] = [Number(m?.[2]), m?.[3] ?? ''];
    if (!m || !(/\.py$/.test(file) ? size <= 2 << 20 : /(\.ya?ml|\.json|(^|\/)pyproject\.toml)$/.test(file) ? size <= 256 << 10 : notebooks.has(file))) continue;
    wanted.push({ sha: m[1]!, file: m[3]! });
  }
  // One `cat-file --batch` for all of them; a blob missing from the snapshot is left out.
  const cat = spawnSync('git', ['--git-dir', gd, 'cat-file', '--batch'], { input: wanted.map((w) => w.sha).join('\n') + '\n', maxBuffer: 1 << 30 });
  if (cat.status !== 0) {
    process.stderr.write(`git cat-file in ${gd}: ${cat.error?.message ?? cat.stderr.toString()}\n`);
    return false;
  }
  const out = cat.stdout;
  let at = 0;
  for (const w of wanted) {
    const nl = out.indexOf(10, at);
    if (nl < 0) break;
    const header = out.subarray(at, nl).toString('utf8');
    at = nl + 1;
    const m = /^[0-9a-f]+ blob (\d+)$/.exec(header);
    if (!m) continue;
    const size = Number(m[1]);
    const file = path.join(into, w.file);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, out.subarray(at, at + size));
    at += size + 1;
  }
  return true;
}

const isConcrete = (f: ShapeFact) =>
  f.kind === 'tuple' ? (f.items ?? []).length > 0 && (f.items ?? []).every((it) => it.every((d) => typeof d.value === 'number')) : (f.concrete ?? f.dims).every((d) => typeof d.value === 'number');

interface Count { shapes: number; concrete: number }

function count(shapes: ShapeFact[]): Count {
  return { shapes: shapes.length, concrete: shapes.filter(isConcrete).length };
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  await loadAnalyzer();
  const rows = readManifest(args.manifest).filter((r) => !args.repo || r.repo.includes(args.repo));
  const byRepo = new Map<string, Row[]>();
  for (const r of rows) byRepo.set(`${r.repo}\t${r.commit}`, [...(byRepo.get(`${r.repo}\t${r.commit}`) ?? []), r]);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rnnlens-share-'));
  const alone: Count = { shapes: 0, concrete: 0 };
  const project: Count = { shapes: 0, concrete: 0 };
  let files = 0;
  const added: string[] = [];
  let missing = 0;
  const w = (s: string) => process.stdout.write(s + '\n');
  for (const [key, list] of byRepo) {
    const [repo, commit] = key.split('\t') as [string, string];
    const gd = gitDir(args.snapshots, repo);
    const dir = path.join(tmp, repo.replace('/', '+'));
    if (!gd || !extractTree(gd, commit, dir, new Set(list.map((r) => r.path).filter((p) => p.endsWith('.ipynb'))))) {
      missing += list.length;
      continue;
    }
    const ws = new WorkspaceAnalyses([dir]);
    for (const row of list) {
      const file = path.join(dir, row.path);
      if (!fs.existsSync(file)) {
        missing++;
        continue;
      }
      let text: string;
      try {
        text = sourceOf(file, fs.readFileSync(file, 'utf8')).text;
      } catch {
        missing++;
        continue;
      }
      files++;
      const single = new WorkspaceAnalyses([], [], [file]).update(file, text);
      const inRepo = ws.update(file, text);
      const key = (d: { range: { start: { line: number } }; code: string }) => `${d.range.start.line}:${d.code}`;
      const own = new Set(single.diagnostics.map(key));
      for (const d of inRepo.diagnostics) {
        if ((d.severity === 'error' || d.severity === 'warning') && !own.has(key(d))) added.push(`${repo}@${commit.slice(0, 10)}:${row.path}:${d.range.start.line + 1}: ${d.severity} ${d.code} ${d.message}`);
      }
      if (args.errors) for (const d of inRepo.diagnostics) if (d.severity === 'error' || d.severity === 'warning') w(`${repo}:${row.path}:${d.range.start.line + 1}: ${d.severity} ${d.code} ${d.message}`);
      const a = count(single.shapes);
      const p = count(inRepo.shapes);
      alone.shapes += a.shapes;
      alone.concrete += a.concrete;
      project.shapes += p.shapes;
      project.concrete += p.concrete;
      if (args.list) {
        w(`${repo}:${row.path}: alone ${a.concrete}/${a.shapes}, in the repository ${p.concrete}/${p.shapes}`);
        for (const s of inRepo.shapes.filter((x) => !isConcrete(x))) w(`    ${s.range.start.line + 1}: ${s.name} ${s.kind === 'tuple' ? (s.items ?? []).map(formatShape).join(' ') : formatShape(s.concrete ?? s.dims)}`);
      }
    }
    if (process.stderr.isTTY) process.stderr.write(`\r${files + missing}/${rows.length}`);
  }
  fs.rmSync(tmp, { recursive: true, force: true });
  const pct = (c: Count) => (c.shapes ? ((100 * c.concrete) / c.shapes).toFixed(1) : '0.0');
  w(`files: ${files} analysed from ${byRepo.size} repositories (${missing} of ${rows.length} manifest rows not found)`);
  w(`concrete shapes, each file alone: ${alone.concrete} of ${alone.shapes} (${pct(alone)}%)`);
  w(`concrete shapes, in its repository: ${project.concrete} of ${project.shapes} (${pct(project)}%)`);
  w(`errors and warnings the repository adds: ${added.length}`);
  for (const x of added) w(`  ${x}`);
  return files === 0 ? 2 : 0;
}

main().then((code) => process.exit(code), (e: unknown) => {
  process.stderr.write(`concrete share: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  process.exit(2);
});
