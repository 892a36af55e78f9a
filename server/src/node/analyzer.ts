// The analysis core as a Node process uses it: the parser's WASM read from disk (beside the bundle, or
// from node_modules when run from source), then the core's own entry points.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeLoaded, initAnalyzer, type AnalysisResult, type GrammarWasm } from '../analysis/analyze';

function firstExisting(candidates: string[]): string {
  for (const c of candidates) if (fs.existsSync(c)) return c;
  throw new Error(`rnnlens: cannot find ${path.basename(candidates[0] ?? '')} (looked in ${candidates.join(', ')})`);
}

function wasmPath(file: string, pkgPath: string): string {
  const candidates = [path.join(__dirname, file)];
  try {
    candidates.push(require.resolve(pkgPath));
  } catch {
    /* not resolvable when bundled; the copy beside the bundle is used */
  }
  return firstExisting(candidates);
}

/** The grammar's WASM bytes from disk. */
export function grammarWasmFromDisk(): GrammarWasm {
  return {
    treeSitter: fs.readFileSync(wasmPath('tree-sitter.wasm', 'web-tree-sitter/tree-sitter.wasm')),
    python: fs.readFileSync(wasmPath('tree-sitter-python.wasm', 'tree-sitter-python/tree-sitter-python.wasm')),
  };
}

let loading: Promise<void> | undefined;

/** Load the parser once per process from the WASM files on disk. */
export function loadAnalyzer(): Promise<void> {
  loading ??= initAnalyzer(grammarWasmFromDisk());
  return loading;
}

/** One-shot analysis of a whole text. */
export async function analyzeText(text: string): Promise<AnalysisResult> {
  await loadAnalyzer();
  return analyzeLoaded(text);
}
