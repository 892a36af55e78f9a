// The analysis core's entry point: Python text in, plain facts out (no LSP, no vscode). Keeps the
// previous syntax tree per document so a small edit re-parses incrementally.
import { pythonParser, parseWith, editFor, type GrammarWasm, type Tree } from './parse';
import { interpretModule } from './interpreter/contexts';
import { syntaxRoot, type Node } from './syntax';
import { DefinitionCache } from './definitionCache';
import { lineBreaksAsLf } from './lineBreaks';
import { ModuleRunCache } from './moduleRunCache';

/** Old syntax trees kept for replayed values at most; past this the next run starts afresh. */
const MAX_RETAINED_TREES = 32;
import type { AnalysisResult } from './facts';
import type { FileId, ImportLookup, ModuleSource, PathOf, ReadData } from './project/fileId';
import type { Parser } from 'web-tree-sitter';
import type { AnalysisLimits } from './limits';

export type { AnalysisResult } from './facts';
import { modelClasses } from './torch/modelClasses';
export { fileId, type FileId, type ImportLookup, type ImportRequest, type ModuleSource, type PathOf, type ReadData } from './project/fileId';

/** A text change: replace [start, end) (UTF-16 offsets into the previous text) by `text`. */
export interface TextChange { start: number; end: number; text: string }

export type { GrammarWasm } from './parse';
export { DEFAULT_LIMITS, DEFAULT_MAX_FILE_SIZE_KB, type AnalysisLimits } from './limits';

/** Load the parser once from the WASM bytes the host provides; every other call here needs it loaded. */
export async function initAnalyzer(wasm: GrammarWasm): Promise<void> {
  parser = await pythonParser(wasm);
}

let parser: Parser | undefined;

function requireParser(): Parser {
  if (!parser) throw new Error('rnnlens: call initAnalyzer() first');
  return parser;
}

/** Analyses one document over its lifetime; keeps the tree (and per-scope caches) between versions. */
export class DocumentAnalyzer {
  private text = '';
  private tree: Tree | undefined;
  private root: Node | undefined;
  private cache = new DefinitionCache();
  private moduleCache = new ModuleRunCache();
  /** Older trees that replayed module-level values may still point into. */
  private retained: Tree[] = [];
  private limitsKey = '{}';

  /** `file` identifies the document for imports; `imports` reaches the other workspace modules. */
  constructor(
    readonly file?: FileId,
    private readonly imports?: ImportLookup,
    private readonly readData?: ReadData,
    private readonly pathOf?: PathOf,
  ) {}

  /**
   * Analyse the new text. With `changes` (in order, as LSP sends them) the re-parse is incremental.
   * `limits` bound the analysis (defaults where not given); new limits start the caches afresh.
   */
  update(original: string, changes?: readonly TextChange[], limits?: Partial<AnalysisLimits>): AnalysisResult {
    const key = JSON.stringify(limits ?? {});
    if (key !== this.limitsKey) {
      this.limitsKey = key;
      this.clearCache();
    }
    const { root, text } = this.parse(original, changes);
    if (this.retained.length > MAX_RETAINED_TREES) this.moduleCache.forceFull = true;
    try {
      const result = interpretModule(root, text, { file: this.file, cache: this.cache, imports: this.imports, readData: this.readData, pathOf: this.pathOf, limits, moduleCache: this.moduleCache });
      const models = modelClasses(root);
      return models.length > 0 ? { ...result, models } : result;
    } finally {
      // Nothing replayed: every value now comes from the newest tree, the older ones can go.
      if (this.moduleCache.replayed === 0) this.releaseRetained();
    }
  }

  /** This file as an import of another file sees it: parsed (the tree is kept), not analysed. */
  source(original: string): ModuleSource | undefined {
    if (this.file === undefined) return undefined;
    const { root, text } = this.parse(original);
    return { file: this.file, text, root };
  }

  /** Forget the facts cached from earlier versions (a module this file imports changed under it). */
  clearCache(): void {
    this.cache = new DefinitionCache();
    this.moduleCache.forceFull = true;
  }

  /**
   * Parse the new text, incrementally with `changes`; an unchanged text keeps its tree. Lone `\r` line
   * breaks are read as `\n` (same length, so every offset and column holds).
   */
  private parse(original: string, changes?: readonly TextChange[]): { root: Node; text: string } {
    const text = lineBreaksAsLf(original);
    if (this.tree && this.root && text === this.text && !(changes && changes.length > 0)) return { root: this.root, text };
    const p = requireParser();
    if (this.tree && changes && changes.length > 0) {
      let cur = this.text;
      for (const c of changes) {
        const inserted = lineBreaksAsLf(c.text);
        this.tree.edit(editFor(cur, c.start, c.end, inserted));
        cur = cur.slice(0, c.start) + inserted + cur.slice(c.end);
      }
      // (a lone `\r` that an edit joins into `\r\n` changes outside the edit: then `cur` differs and the tree is dropped)
      if (cur !== text) {
        this.retained.push(this.tree);
        this.tree = undefined;
      }
    } else if (this.tree) {
      this.retained.push(this.tree);
      this.tree = undefined;
    }
    const next = parseWith(p, text, this.tree);
    // The previous tree stays alive while replayed module-level values may still point into it.
    if (this.tree) this.retained.push(this.tree);
    this.tree = next;
    this.text = text;
    this.root = syntaxRoot(next.rootNode, text);
    return { root: this.root, text };
  }

  /** The current syntax tree as an S-expression (tests compare incremental and fresh parses with it). */
  treeSignature(): string {
    return this.tree?.rootNode.toString() ?? '';
  }

  dispose(): void {
    this.tree?.delete();
    this.tree = undefined;
    this.root = undefined;
    this.releaseRetained();
  }

  private releaseRetained(): void {
    for (const t of this.retained) t.delete();
    this.retained = [];
  }
}

/** One-shot analysis of a whole text (the parser must be loaded). */
export function analyzeLoaded(text: string): AnalysisResult {
  const doc = new DocumentAnalyzer();
  try {
    return doc.update(text);
  } finally {
    doc.dispose();
  }
}

/** Parse `text` (line breaks as the analysis reads them) and hand its syntax root to `fn`; the tree is freed after. */
export function withSyntaxRoot<T>(original: string, fn: (root: import('./syntax').Node, text: string) => T): T {
  const text = lineBreaksAsLf(original);
  const tree = parseWith(requireParser(), text, undefined);
  try {
    return fn(syntaxRoot(tree.rootNode, text), text);
  } finally {
    tree.delete();
  }
}
