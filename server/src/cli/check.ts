// `rnnlens check [--format text|json] [--exclude GLOB]... [--max-file-size SIZE] PATH...`: analyse .py
// and .ipynb files (folders walked like a linter, walk.ts) and print diagnostics like a compiler, or the
// JSON contract (version 1) other tools rely on.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AnalysisHost } from '../node/analysisHost';
import { analysisOption, hostOptions, type AnalysisOptionsCli } from './analysisOptions';
import type { AnalysisResult, DiagnosticFact, ModuleFact, ShapeFact } from '../analysis/facts';
import { DEFAULT_MAX_FILE_BYTES, parseByteSize, readSourceFile, type ProgramSource } from './sources';
import { walk, type WalkEntry } from './walk';

interface JsonDiagnostic {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: DiagnosticFact['severity'];
  code: string;
  message: string;
  cell?: number;
}

interface JsonShape {
  line: number;
  column: number;
  name: string;
  shape: (number | string)[];
  /** The concrete shape where `shape` is symbolic and every call reaching the line agrees. */
  concrete?: (number | string)[];
  cell?: number;
}

/** A recurrent layer the analysis recognised (additive field: tools such as test/field/run.ts count its calls). */
interface JsonLayer {
  line: number;
  column: number;
  /** What the layer is assigned to (`rnn`, `self.lstm`), and other names it is found by (`Net.lstm`). */
  target: string;
  aliases: string[];
  kind: ModuleFact['kind'];
  cell?: number;
}

interface JsonFile {
  path: string;
  diagnostics: JsonDiagnostic[];
  shapes: JsonShape[];
  layers?: JsonLayer[];
  /** Input that could not be read or decoded (exit code 2). */
  error?: string;
  /** Not checked, and why (a special file, a dangling link, over the size limit); the exit code is unchanged. */
  skipped?: string;
}

const usage = 'usage: rnnlens check [--format text|json] [--exclude GLOB]... [--max-file-size SIZE] [--max-steps N] [--analysis-memory MB] [--analysis-timeout S] PATH...\n';

/** The value of `--name VALUE` or `--name=VALUE` at argv[i], with the index of the last token used. */
function optionValue(argv: readonly string[], i: number, name: string): { value: string | undefined; next: number } | undefined {
  const a = argv[i]!;
  if (a === name) return { value: argv[i + 1], next: i + 1 };
  if (a.startsWith(name + '=')) return { value: a.slice(name.length + 1), next: i };
  return undefined;
}

export async function checkMain(argv: string[]): Promise<number> {
  let format: 'text' | 'json' = 'text';
  let maxBytes = DEFAULT_MAX_FILE_BYTES;
  const exclude: string[] = [];
  const paths: string[] = [];
  const analysis: AnalysisOptionsCli = {};
  const fail = (message: string): number => {
    process.stderr.write(`rnnlens check: ${message}\n${usage}`);
    return 2;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const fmt = optionValue(argv, i, '--format');
    const exc = optionValue(argv, i, '--exclude');
    const max = optionValue(argv, i, '--max-file-size');
    if (fmt) {
      if (fmt.value !== 'text' && fmt.value !== 'json') return fail('--format takes text or json');
      format = fmt.value;
      i = fmt.next;
    } else if (exc) {
      if (!exc.value) return fail('--exclude takes a pattern (gitignore syntax)');
      exclude.push(exc.value);
      i = exc.next;
    } else if (max) {
      const n = max.value === undefined ? undefined : parseByteSize(max.value);
      if (n === undefined) return fail('--max-file-size takes a size: bytes, or a number with KB, MB or GB (e.g. 4MB)');
      maxBytes = n;
      i = max.next;
    } else if (analysisOption(argv, i, analysis)) {
      if (analysis.error) return fail(analysis.error);
      if (!a.includes('=')) i++;
    } else if (a === '-h' || a === '--help') {
      process.stdout.write(usage);
      return 0;
    } else if (a === '--') {
      paths.push(...argv.slice(i + 1));
      break;
    } else if (a.startsWith('-') && a !== '-') {
      return fail(`unknown option ${a}`);
    } else paths.push(a);
  }
  if (paths.length === 0) {
    process.stderr.write(usage);
    return 2;
  }

  const files: JsonFile[] = [];
  const entries: WalkEntry[] = [];
  for (const p of paths) for (const entry of walk(p, { exclude, cwd: process.cwd() })) entries.push(entry);
  // Every file given is one project (imports between them followed), analysed in an isolated worker.
  const host = new AnalysisHost(hostOptions(analysis));
  host.setWorkspace(paths.filter(isDirectory), [], entries.filter((e) => e.kind === 'file').map((e) => path.resolve(e.path)));
  for (const entry of entries) {
    if (entry.kind === 'file') files.push(await checkFile(entry.path, maxBytes, host, analysis));
    else if (entry.kind === 'skipped') files.push({ path: entry.path, diagnostics: [], shapes: [], skipped: entry.reason });
    else files.push({ path: entry.path, diagnostics: [], shapes: [], error: entry.reason });
  }

  await host.dispose();

  const errors = files.reduce((a, f) => a + f.diagnostics.filter((d) => d.severity === 'error').length, 0);
  const unreadable = files.filter((f) => f.error !== undefined).length;
  if (format === 'json') {
    process.stdout.write(JSON.stringify({ version: 1, files }, null, 2) + '\n');
  } else {
    for (const f of files) {
      if (f.error) process.stdout.write(`${f.path}: error: ${f.error}\n`);
      if (f.skipped) process.stdout.write(`${f.path}: skipped: ${f.skipped}\n`);
      for (const d of f.diagnostics) {
        const where = d.cell !== undefined ? `${f.path}#cell${d.cell}` : f.path;
        process.stdout.write(`${where}:${d.line}:${d.column}: ${d.severity} ${d.code} ${d.message}\n`);
      }
    }
    const nd = files.reduce((a, f) => a + f.diagnostics.length, 0);
    const checked = files.filter((f) => f.error === undefined && f.skipped === undefined).length;
    const skipped = files.filter((f) => f.skipped !== undefined).length;
    const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
    const extra = [skipped > 0 ? `${skipped} skipped` : '', unreadable > 0 ? `${unreadable} not readable` : ''].filter((x) => x).join(', ');
    process.stdout.write(`${plural(checked, 'file')} checked, ${plural(errors, 'error')}, ${nd - errors} other diagnostic${nd - errors === 1 ? '' : 's'}${extra ? `; ${extra}` : ''}\n`);
  }
  if (unreadable > 0) return 2;
  return errors > 0 ? 1 : 0;
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

async function checkFile(file: string, maxBytes: number, host: AnalysisHost, analysis: AnalysisOptionsCli): Promise<JsonFile> {
  const read = readSourceFile(file, maxBytes);
  if (!read.ok) return { path: file, diagnostics: [], shapes: [], ...(read.skipped ? { skipped: read.reason } : { error: read.reason }) };
  const src: ProgramSource = read.source;
  const id = path.resolve(file);
  const result: AnalysisResult = await host.analyse(id, id, src.text, undefined, analysis.maxSteps !== undefined ? { maxSteps: analysis.maxSteps } : undefined);
  host.close(id);
  return {
    path: file,
    diagnostics: result.diagnostics.map((d) => toJsonDiagnostic(d, src)),
    // The JSON contract's shapes are tensors' (a flat list of dims); tuples are for the editor.
    shapes: result.shapes.filter((s) => s.kind !== 'tuple').map((s) => toJsonShape(s, src)),
    layers: result.modules.map((m) => toJsonLayer(m, src)),
  };
}

function toJsonLayer(m: ModuleFact, src: ProgramSource): JsonLayer {
  const start = src.map(m.range.start.line);
  return {
    line: start.line + 1,
    column: m.range.start.character + 1,
    target: m.target,
    aliases: m.aliases,
    kind: m.kind,
    ...(start.cell !== undefined ? { cell: start.cell } : {}),
  };
}

function toJsonDiagnostic(d: DiagnosticFact, src: ProgramSource): JsonDiagnostic {
  const start = src.map(d.range.start.line);
  const end = src.map(d.range.end.line);
  return {
    line: start.line + 1,
    column: d.range.start.character + 1,
    endLine: end.line + 1,
    endColumn: d.range.end.character + 1,
    severity: d.severity,
    code: d.code,
    message: d.message,
    ...(start.cell !== undefined ? { cell: start.cell } : {}),
  };
}

function toJsonShape(s: ShapeFact, src: ProgramSource): JsonShape {
  const start = src.map(s.range.start.line);
  return {
    line: start.line + 1,
    column: s.range.start.character + 1,
    name: s.name,
    shape: s.dims.map((d) => d.value),
    ...(s.concrete ? { concrete: s.concrete.map((d) => d.value) } : {}),
    ...(start.cell !== undefined ? { cell: start.cell } : {}),
  };
}
