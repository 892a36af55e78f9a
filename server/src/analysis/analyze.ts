// The analysis core's entry point: Python text in, plain facts out (no LSP, no vscode). Keeps the
// previous syntax tree per document so a small edit re-parses incrementally.
import { pythonParser, parseWith, editFor, type Tree } from './parse';
import { interpretModule } from './interpreter';
import { syntaxRoot } from './syntax';
import { DefinitionCache } from './definitionCache';
import { lineBreaksAsLf } from './lineBreaks';
import type { AnalysisResult } from './facts';
import type { Parser } from 'web-tree-sitter';

export type { AnalysisResult } from './facts';

/** A text change: replace [start, end) (UTF-16 offsets into the previous text) by `text`. */
export interface TextChange { start: number; end: number; text: string }

/** Load the parser once; every other call in this module needs it loaded. */
export async function loadAnalyzer(): Promise<void> {
  parser = await pythonParser();
}

let parser: Parser | undefined;

function requireParser(): Parser {
  if (!parser) throw new Error('rnnlens: call loadAnalyzer() first');
  return parser;
}

/** Analyses one document over its lifetime; keeps the tree (and per-scope caches) between versions. */
export class DocumentAnalyzer {
  private text = '';
  private tree: Tree | undefined;
  private readonly cache = new DefinitionCache();

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
    return interpretModule(syntaxRoot(next.rootNode, text), text, this.cache);
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

/** One-shot analysis of a whole text. */
export async function analyzeText(text: string): Promise<AnalysisResult> {
  await loadAnalyzer();
  const doc = new DocumentAnalyzer();
  try {
    return doc.update(text);
  } finally {
    doc.dispose();
  }
}
