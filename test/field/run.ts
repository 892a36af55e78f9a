// Field test: extracts the files listed in test/field/manifest.tsv from local git snapshots of public
// repositories, runs `rnnlens check --format json` on each file in its own process (a crash or timeout
// on one file does not stop the rest), and prints files, errors, warnings, crashes, slow files and the
// share of recurrent-layer outputs that get a shape.
//
// Usage: node --import tsx test/field/run.ts [SNAPSHOTS=/work/.mirror] [--manifest M] [--out DIR]
//        [--timeout SECONDS] [--list]
// SNAPSHOTS holds one folder per repository, `owner+name/repo` (a bare git directory or one with
// `.git`), as the search tool's `fetch` leaves them. --out keeps the extracted files and writes
// `diagnostics.tsv` and `results.json` there; --list prints every diagnostic.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Language, Parser, type Node as SyntaxNode } from 'web-tree-sitter';
import { sourceOf } from '../../server/src/cli/sources';
import { gitDir, readManifest, type Row } from './manifest';

interface JsonDiag { line: number; column: number; severity: string; code: string; message: string; cell?: number }
interface JsonShape { line: number; column: number; name: string; shape: (number | string)[]; cell?: number }
interface JsonLayer { line: number; column: number; target: string; aliases: string[]; kind: string; cell?: number }
interface JsonFile { path: string; diagnostics: JsonDiag[]; shapes: JsonShape[]; layers?: JsonLayer[]; error?: string }

interface FileResult {
  row: Row;
  seconds: number;
  /** Why the check gave no result: a crash, a timeout, an `error` entry, or unparsable output. */
  failure?: string;
  diagnostics: JsonDiag[];
  /** Names bound from a call of a recognised recurrent layer, and whether the check gave each a shape. */
  outputs: { line: number; column: number; name: string; cell?: number; shaped: boolean }[];
}

const root = path.resolve(__dirname, '..', '..');

let parserReady: Promise<Parser> | undefined;
/** A Python parser of our own (tree-sitter from node_modules), so this script needs no analysis internals. */
function pythonParser(): Promise<Parser> {
  parserReady ??= (async () => {
    const core = require.resolve('web-tree-sitter/tree-sitter.wasm');
    await Parser.init({ locateFile: () => core });
    const language = await Language.load(fs.readFileSync(require.resolve('tree-sitter-python/tree-sitter-python.wasm')));
    const parser = new Parser();
    parser.setLanguage(language);
    return parser;
  })();
  return parserReady;
}
/** A file is slow when its check takes this much longer than checking an empty file (process start). */
const SLOW_SECONDS = 2;

function parseArgs(argv: string[]) {
  let snapshots = '/work/.mirror';
  let manifest = path.join(__dirname, 'manifest.tsv');
  let out: string | undefined;
  let timeout = 120;
  let list = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--manifest') manifest = argv[++i]!;
    else if (a === '--out') out = argv[++i]!;
    else if (a === '--timeout') timeout = Number(argv[++i]);
    else if (a === '--list') list = true;
    else if (a.startsWith('-')) throw new Error(`unknown option ${a}`);
    else snapshots = a;
  }
  return { snapshots, manifest, out, timeout, list };
}



function extract(snapshots: string, row: Row, into: string): string | undefined {
  const gd = gitDir(snapshots, row.repo);
  if (!gd) return undefined;
  const r = spawnSync('git', ['--git-dir', gd, 'show', `${row.commit}:${row.path}`], { maxBuffer: 64 << 20 });
  if (r.status !== 0) return undefined;
  const file = path.join(into, row.repo.replace('/', '+'), row.path);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, r.stdout);
  return file;
}

/** Names and attributes (`self.h`) that a target binds, or undefined for anything else (`_` gives []). */
function nameLeaf(n: SyntaxNode): SyntaxNode[] | undefined {
  if (n.type === 'identifier' || n.type === 'attribute') return n.text === '_' ? [] : [n];
  return undefined;
}

/** The elements of a tuple/list target (`a, b`, `(a, b)`, `[a, b]`), or undefined when it is not one. */
function elements(n: SyntaxNode): SyntaxNode[] | undefined {
  if (n.type === 'parenthesized_expression') {
    const inner = n.namedChildren.filter((c) => c && c.type !== 'comment');
    return inner.length === 1 && inner[0] ? elements(inner[0]) : undefined;
  }
  if (['pattern_list', 'tuple_pattern', 'list_pattern', 'tuple', 'list', 'expression_list'].includes(n.type))
    return n.namedChildren.filter((c): c is SyntaxNode => !!c && c.type !== 'comment' && c.type !== 'line_continuation');
  return undefined;
}

/**
 * The targets of `left = LAYER(...)` that are bound to a tensor, given what the layer is: `out, h = gru(x)`
 * binds two tensors, `out, (h, c) = lstm(x)` three, `out, hc = lstm(x)` one (hc is a tuple), `h = cell(x, h)`
 * one for an RNN/GRU cell, `h, c = lstm_cell(x, hc)` two. Other forms (starred, a whole tuple) bind none.
 */
function tensorTargets(left: SyntaxNode, kind: string): SyntaxNode[] {
  const els = elements(left);
  if (kind === 'RNNCell' || kind === 'GRUCell') return els ? [] : nameLeaf(left) ?? [];
  if (!els || els.length !== 2) return [];
  const [first, second] = els as [SyntaxNode, SyntaxNode];
  if (kind === 'LSTMCell') return [...(nameLeaf(first) ?? []), ...(nameLeaf(second) ?? [])];
  const out = nameLeaf(first) ?? [];
  if (kind === 'LSTM') {
    const hc = elements(second);
    if (hc && hc.length === 2) return [...out, ...hc.flatMap((e) => nameLeaf(e) ?? [])];
    return out;
  }
  return [...out, ...(nameLeaf(second) ?? [])];
}

/**
 * Recurrent-layer outputs: tensors bound by `targets = LAYER(...)` where LAYER is written as the target of
 * a layer the analysis recognised in this file (`self.lstm`, `rnn`), of one kind. Layers the analysis does
 * not recognise, and outputs reached otherwise (`self.rnn(x)[0]`, a returned call), are not counted.
 */
async function recurrentOutputs(file: string, text: string, layers: JsonLayer[], shapes: JsonShape[]) {
  const kinds = new Map<string, Set<string>>();
  for (const l of layers) kinds.set(l.target, (kinds.get(l.target) ?? new Set()).add(l.kind));
  const src = sourceOf(file, text);
  const parser = await pythonParser();
  const tree = parser.parse(src.text);
  if (!tree) return [];
  const key = (cell: number | undefined, line: number, column: number, name: string) => `${cell ?? ''}:${line}:${column}:${name}`;
  const shaped = new Set(shapes.map((s) => key(s.cell, s.line, s.column, s.name)));
  const outputs: FileResult['outputs'] = [];
  for (const a of tree.rootNode.descendantsOfType('assignment')) {
    if (!a) continue;
    const right = a.childForFieldName('right');
    const left = a.childForFieldName('left');
    if (!right || !left || right.type !== 'call') continue;
    const fn = right.childForFieldName('function');
    const k = fn ? kinds.get(fn.text.replace(/\s+/g, '')) : undefined;
    // A name used for layers of different kinds (`self.rnn` in two classes): what it binds is not clear.
    if (!k || k.size !== 1) continue;
    for (const leaf of tensorTargets(left, [...k][0]!)) {
      const where = src.map(leaf.startPosition.row);
      const line = where.line + 1;
      const column = leaf.startPosition.column + 1;
      const name = leaf.text.replace(/\s+/g, '');
      outputs.push({ line, column, name, ...(where.cell !== undefined ? { cell: where.cell } : {}), shaped: shaped.has(key(where.cell, line, column, name)) });
    }
  }
  tree.delete();
  return outputs;
}

async function checkOne(file: string, row: Row, timeout: number): Promise<FileResult> {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [path.join(root, 'bin', 'rnnlens.js'), 'check', '--format', 'json', file], {
    timeout: timeout * 1000,
    maxBuffer: 256 << 20,
    encoding: 'utf8',
  });
  const seconds = (performance.now() - t0) / 1000;
  const base = { row, seconds, diagnostics: [], outputs: [] };
  if (r.error && (r.error as NodeJS.ErrnoException).code === 'ETIMEDOUT') return { ...base, failure: `timeout after ${timeout} s` };
  if (r.status !== 0 && r.status !== 1) return { ...base, failure: `exit ${r.status ?? r.signal}: ${(r.stderr ?? '').trim().split('\n').slice(-3).join(' | ')}` };
  let entry: JsonFile | undefined;
  try {
    entry = (JSON.parse(r.stdout) as { files: JsonFile[] }).files[0];
  } catch {
    return { ...base, failure: 'output is not JSON' };
  }
  if (!entry) return { ...base, failure: 'no file in the output' };
  if (entry.error) return { ...base, failure: entry.error };
  const outputs = await recurrentOutputs(file, fs.readFileSync(file, 'utf8'), entry.layers ?? [], entry.shapes);
  return { row, seconds, diagnostics: entry.diagnostics, outputs };
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(path.join(root, 'dist', 'cli.js'))) {
    process.stderr.write('field: dist/cli.js is missing; run `npm run build` first\n');
    return 2;
  }
  const rows = readManifest(args.manifest);
  const into = args.out ? path.resolve(args.out) : fs.mkdtempSync(path.join(os.tmpdir(), 'rnnlens-field-'));
  fs.mkdirSync(into, { recursive: true });
  // The cost of starting the CLI, measured on an empty file: subtracted when telling slow files apart.
  const empty = path.join(into, 'empty.py');
  fs.writeFileSync(empty, '');
  const starts: number[] = [];
  for (let i = 0; i < 3; i++) starts.push((await checkOne(empty, { repo: '-', commit: '-', path: 'empty.py' }, args.timeout)).seconds);
  const baseline = starts.sort((a, b) => a - b)[1]!;
  fs.rmSync(empty);
  const missing: Row[] = [];
  const results: FileResult[] = [];
  for (const row of rows) {
    const file = extract(args.snapshots, row, into);
    if (!file) {
      missing.push(row);
      continue;
    }
    const res = await checkOne(file, row, args.timeout);
    results.push(res);
    if (process.stderr.isTTY) process.stderr.write(`\r${results.length + missing.length}/${rows.length}`);
  }
  if (process.stderr.isTTY) process.stderr.write('\n');

  const where = (r: FileResult, d: { line: number; column: number; cell?: number }) =>
    `${r.row.repo}@${r.row.commit.slice(0, 10)}:${r.row.path}${d.cell !== undefined ? `#cell${d.cell}` : ''}:${d.line}:${d.column}`;
  const diags = results.flatMap((r) => r.diagnostics.map((d) => ({ r, d })));
  const errors = diags.filter((x) => x.d.severity === 'error');
  const warnings = diags.filter((x) => x.d.severity === 'warning');
  const failures = results.filter((r) => r.failure);
  const slow = results.filter((r) => !r.failure && r.seconds - baseline > SLOW_SECONDS).sort((a, b) => b.seconds - a.seconds);
  const outputs = results.flatMap((r) => r.outputs);
  const shapedOutputs = outputs.filter((o) => o.shaped).length;
  const repos = new Set(results.map((r) => r.row.repo));
  const byCode = (xs: typeof diags) => {
    const m = new Map<string, number>();
    for (const x of xs) m.set(x.d.code, (m.get(x.d.code) ?? 0) + 1);
    return [...m].sort().map(([c, n]) => `${c} ${n}`).join(', ') || '-';
  };
  const secs = results.map((r) => r.seconds).sort((a, b) => a - b);

  const w = (s: string) => process.stdout.write(s + '\n');
  if (args.list) for (const { r, d } of [...errors, ...warnings]) w(`${where(r, d)}: ${d.severity} ${d.code} ${d.message}`);
  w(`files: ${results.length} checked from ${repos.size} repositories (${missing.length} of ${rows.length} manifest rows not found in ${args.snapshots})`);
  w(`errors: ${errors.length} in ${new Set(errors.map((x) => x.r)).size} files (${byCode(errors)})`);
  w(`warnings: ${warnings.length} in ${new Set(warnings.map((x) => x.r)).size} files (${byCode(warnings)})`);
  w(`recurrent-layer outputs with a shape: ${shapedOutputs} of ${outputs.length} (${outputs.length ? ((100 * shapedOutputs) / outputs.length).toFixed(1) : '0.0'}%)`);
  w(`crashes and timeouts: ${failures.length}`);
  for (const r of failures) w(`  ${r.row.repo}:${r.row.path}: ${r.failure}`);
  const median = secs[Math.floor(secs.length / 2)] ?? 0;
  w(`time per file: median ${median.toFixed(2)} s, max ${(secs[secs.length - 1] ?? 0).toFixed(2)} s, of which starting the CLI (an empty file) ${baseline.toFixed(2)} s; more than ${SLOW_SECONDS} s above that: ${slow.length}`);
  for (const r of slow) w(`  ${r.row.repo}:${r.row.path}: ${r.seconds.toFixed(1)} s`);

  if (args.out) {
    const tsv = diags.map(({ r, d }) => [r.row.repo, r.row.commit, r.row.path, d.cell ?? '', d.line, d.column, d.severity, d.code, d.message.replace(/\s+/g, ' ')].join('\t'));
    fs.writeFileSync(path.join(into, 'diagnostics.tsv'), tsv.join('\n') + '\n');
    fs.writeFileSync(path.join(into, 'results.json'), JSON.stringify(results, null, 1));
  } else fs.rmSync(into, { recursive: true, force: true });
  if (results.length === 0) {
    process.stderr.write('field: no file was checked (are the snapshots in place?)\n');
    return 2;
  }
  return 0;
}

main().then((code) => process.exit(code), (e: unknown) => {
  process.stderr.write(`field: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  process.exit(2);
});
