// Loads tree-sitter (WASM) with the Python grammar and parses text, incrementally when given the
// previous tree and the edit. The only place that knows where the grammar's .wasm files live.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Parser, Language, type Tree, type Edit } from 'web-tree-sitter';

export type { Tree, Node as SyntaxNode, Edit } from 'web-tree-sitter';

let ready: Promise<Parser> | undefined;

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

/** The Python parser, initialised once per process. */
export function pythonParser(): Promise<Parser> {
  if (!ready) {
    ready = (async () => {
      const core = wasmPath('tree-sitter.wasm', 'web-tree-sitter/tree-sitter.wasm');
      await Parser.init({ locateFile: () => core });
      const grammar = wasmPath('tree-sitter-python.wasm', 'tree-sitter-python/tree-sitter-python.wasm');
      const language = await Language.load(fs.readFileSync(grammar));
      const parser = new Parser();
      parser.setLanguage(language);
      return parser;
    })();
  }
  return ready;
}

/** Parse `text`; with `old` (already edited with `Tree.edit`) tree-sitter re-parses incrementally. */
export function parseWith(parser: Parser, text: string, old?: Tree): Tree {
  const tree = parser.parse(text, old ?? null);
  if (!tree) throw new Error('rnnlens: tree-sitter returned no tree');
  return tree;
}

/** The tree-sitter edit for replacing [start, end) of `oldText` by `newText`. */
export function editFor(oldText: string, start: number, end: number, newText: string): Edit {
  const pos = (text: string, index: number) => {
    let row = 0;
    let last = -1;
    for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) {
      row++;
      last = i;
    }
    return { row, column: index - last - 1 };
  };
  const updated = oldText.slice(0, start) + newText + oldText.slice(end);
  return {
    startIndex: start,
    oldEndIndex: end,
    newEndIndex: start + newText.length,
    startPosition: pos(oldText, start),
    oldEndPosition: pos(oldText, end),
    newEndPosition: pos(updated, start + newText.length),
  } as Edit;
}
