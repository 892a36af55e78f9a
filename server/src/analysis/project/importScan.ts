// The imports a Python file states, read from its text without analysing it: enough to know who
// imports whom across a workspace (the analysis itself resolves imports through the ImportLookup).

export interface StatedImport {
  /** Dotted module name, '' for `from . import x`. */
  module: string;
  /** Leading dots of a relative import. */
  level: number;
  /** Names imported from it (`from m import a, b`), which may be submodules. */
  names: string[];
}

const FROM = /^[ \t]*from[ \t]+(\.*)([\w.]*)[ \t]+import[ \t]+(\([^)]*\)|[^\n#;]*)/gm;
const IMPORT = /^[ \t]*import[ \t]+([^\n#;]*)/gm;

/** Every `import` / `from … import` statement at the start of a line (also inside functions). */
export function scanImports(text: string): StatedImport[] {
  const out: StatedImport[] = [];
  for (const m of text.matchAll(FROM)) {
    const names = m[3]!.replace(/[()\\\n]/g, ' ').split(',').map((s) => s.trim().split(/\s+as\s+/)[0]!.trim()).filter((s) => /^\w+$/.test(s));
    out.push({ module: m[2]!, level: m[1]!.length, names });
  }
  for (const m of text.matchAll(IMPORT)) {
    for (const part of m[1]!.split(',')) {
      const name = part.trim().split(/\s+as\s+/)[0]!.trim();
      if (/^[\w.]+$/.test(name)) out.push({ module: name, level: 0, names: [] });
    }
  }
  return out;
}
