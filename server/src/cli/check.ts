// `rnnlens check [--format text|json] PATH...`: analyse .py files (and folders, recursively) and
// print diagnostics like a compiler, or the JSON contract (version 1) other tools rely on.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DocumentAnalyzer, loadAnalyzer } from '../analysis/analyze';
import type { AnalysisResult, DiagnosticFact, ModuleFact, ShapeFact } from '../analysis/facts';
import { sourceOf, type ProgramSource } from './sources';

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
  error?: string;
}

const usage = 'usage: rnnlens check [--format text|json] PATH...\n';
const SKIP_DIRS = new Set(['node_modules', '.git', '__pycache__', '.venv', 'venv', '.tox', '.mypy_cache']);

/** Expand folders into the .py/.ipynb files below them, sorted; files are kept as given. */
function collect(p: string, out: string[]): void {
  const st = fs.statSync(p);
  if (st.isDirectory()) {
    for (const name of fs.readdirSync(p).sort()) {
      if (SKIP_DIRS.has(name)) continue;
      const child = path.join(p, name);
      const cst = fs.statSync(child);
      if (cst.isDirectory()) collect(child, out);
      else if (name.endsWith('.py') || name.endsWith('.ipynb')) out.push(child);
    }
  } else out.push(p);
}

export async function checkMain(argv: string[]): Promise<number> {
  let format: 'text' | 'json' = 'text';
  const paths: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--format') {
      const f = argv[++i];
      if (f !== 'text' && f !== 'json') {
        process.stderr.write(`rnnlens check: --format takes text or json\n${usage}`);
        return 2;
      }
      format = f;
    } else if (a.startsWith('--format=')) {
      const f = a.slice('--format='.length);
      if (f !== 'text' && f !== 'json') {
        process.stderr.write(`rnnlens check: --format takes text or json\n${usage}`);
        return 2;
      }
      format = f;
    } else if (a === '-h' || a === '--help') {
      process.stdout.write(usage);
      return 0;
    } else if (a.startsWith('-')) {
      process.stderr.write(`rnnlens check: unknown option ${a}\n${usage}`);
      return 2;
    } else paths.push(a);
  }
  if (paths.length === 0) {
    process.stderr.write(usage);
    return 2;
  }

  await loadAnalyzer();
  const files: JsonFile[] = [];
  let unreadable = false;
  let errors = 0;
  for (const p of paths) {
    const found: string[] = [];
    try {
      collect(p, found);
    } catch (e) {
      unreadable = true;
      files.push({ path: p, diagnostics: [], shapes: [], error: `cannot read: ${(e as NodeJS.ErrnoException).code ?? String(e)}` });
      continue;
    }
    for (const file of found) {
      const entry = checkFile(file);
      if (entry.error) unreadable = true;
      errors += entry.diagnostics.filter((d) => d.severity === 'error').length;
      files.push(entry);
    }
  }

  if (format === 'json') {
    process.stdout.write(JSON.stringify({ version: 1, files }, null, 2) + '\n');
  } else {
    for (const f of files) {
      if (f.error) process.stdout.write(`${f.path}: error: ${f.error}\n`);
      for (const d of f.diagnostics) {
        const where = d.cell !== undefined ? `${f.path}#cell${d.cell}` : f.path;
        process.stdout.write(`${where}:${d.line}:${d.column}: ${d.severity} ${d.code} ${d.message}\n`);
      }
    }
    const nd = files.reduce((a, f) => a + f.diagnostics.length, 0);
    process.stdout.write(`${files.length} file${files.length === 1 ? '' : 's'} checked, ${errors} error${errors === 1 ? '' : 's'}, ${nd - errors} other diagnostic${nd - errors === 1 ? '' : 's'}\n`);
  }
  if (unreadable) return 2;
  return errors > 0 ? 1 : 0;
}

function checkFile(file: string): JsonFile {
  let src: ProgramSource;
  try {
    src = sourceOf(file, fs.readFileSync(file, 'utf8'));
  } catch (e) {
    const msg = e instanceof Error && 'code' in e ? `cannot read: ${(e as NodeJS.ErrnoException).code}` : e instanceof Error ? e.message : String(e);
    return { path: file, diagnostics: [], shapes: [], error: msg };
  }
  const doc = new DocumentAnalyzer();
  let result: AnalysisResult;
  try {
    result = doc.update(src.text);
  } catch (e) {
    return { path: file, diagnostics: [], shapes: [], error: `analysis failed: ${e instanceof Error ? e.message : String(e)}` };
  } finally {
    doc.dispose();
  }
  return {
    path: file,
    diagnostics: result.diagnostics.map((d) => toJsonDiagnostic(d, src)),
    shapes: result.shapes.map((s) => toJsonShape(s, src)),
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
    ...(start.cell !== undefined ? { cell: start.cell } : {}),
  };
}
