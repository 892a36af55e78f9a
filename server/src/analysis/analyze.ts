// The analysis core's entry point: Python text in, plain facts out (no LSP, no vscode). Keeps the
// previous syntax tree per document so a small edit re-parses incrementally.
import { pythonParser, parseWith, editFor, type GrammarWasm, type Tree } from './parse';
import { interpretModule } from './interpreter/contexts';
import { syntaxRoot } from './syntax';
import { DefinitionCache } from './definitionCache';
import { lineBreaksAsLf } from './lineBreaks';
import type { AnalysisResult } from './facts';
import type { FileId, ImportLookup } from './project/fileId';
import type { Parser } from 'web-tree-sitter';

export type { AnalysisResult } from './facts';
export { fileId, type FileId, type ImportLookup, type ImportRequest, type ModuleSource } from './project/fileId';

/** A text change: replace [start, end) (UTF-16 offsets into the previous text) by `text`. */
export interface TextChange { start: number; end: number; text: string }

export type { GrammarWasm } from './parse';

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
  private readonly cache = new DefinitionCache();

  /** `file` identifies the document for imports; `imports` reaches the other workspace modules. */
  constructor(
    readonly file?: FileId,
    private readonly imports?: ImportLookup,
  ) {}

  /** Analyse the new text. With `changes` (in order, as LSP sends them) the re-parse is incremental. */
  update(original: string, changes?: readonly TextChange[]): AnalysisResult {
    const p = requireParser();
    const text = lineBreaksAsLf(original);
    if (this.tree && changes && changes.length > 0) {
      let cur = this.text;
      for (const c of changes) {
        const inserted = lineBreaksAsLf(c.text);
        this.tree.edit(editFor(cur, c.start, c.end, inserted));
        cur = cur.slice(0, c.start) + inserted + cur.slice(c.end);
      }
      // (a lone `\r` that an edit joins into `\r\n` changes outside the edit: then `cur` differs and the tree is dropped)
      if (cur !== text) {
        this.tree.delete();
        this.tree = undefined;
      }
    } else if (this.tree) {
      this.tree.delete();
      this.tree = undefined;
    }
    const next = parseWith(p, text, this.tree);
    this.tree?.delete();
    this.tree = next;
    this.text = text;
    return interpretModule(syntaxRoot(next.rootNode, text), text, { file: this.file, cache: this.cache, imports: this.imports });
  }

  /** The current syntax tree as an S-expression (tests compare incremental and fresh parses with it). */
  treeSignature(): string {
    return this.tree?.rootNode.toString() ?? '';
  }

  dispose(): void {
    this.tree?.delete();
    this.tree = undefined;
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
