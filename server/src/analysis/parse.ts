// Loads tree-sitter (WASM) with the Python grammar from bytes the host hands in, and parses text,
// incrementally when given the previous tree and the edit. Reads no files: where the WASM comes from is
// the host's business (server/src/node/ reads it from disk; a browser host fetches it).
import { Parser, Language, type Tree, type Edit } from 'web-tree-sitter';

export type { Tree, Node as SyntaxNode, Edit } from 'web-tree-sitter';

/** The two WASM modules the parser needs: tree-sitter's runtime and the Python grammar. */
export interface GrammarWasm {
  treeSitter: Uint8Array;
  python: Uint8Array;
}

let ready: Promise<Parser> | undefined;

/** The Python parser, initialised once per process from the given WASM bytes. */
export function pythonParser(wasm: GrammarWasm): Promise<Parser> {
  if (!ready) {
    ready = (async () => {
      await Parser.init({ wasmBinary: wasm.treeSitter } as unknown as Parameters<typeof Parser.init>[0]);
      const language = await Language.load(wasm.python);
      const parser = new Parser();
      parser.setLanguage(language);
      return parser;
    })();
    ready.catch(() => (ready = undefined));
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
