// The model classes a file defines and builds (`class Tagger(nn.Module)` with a `forward`, and a call
// `Tagger(...)` in the file): where the editor offers to run the whole model. Read from the syntax alone
// (no shapes are claimed): whether a run succeeds is the module run's to say, with a message if not.
import type { Node } from '../syntax';
import { nodeRange } from '../context';
import type { ModelFact } from '../facts';

const MODULE_BASE = /(^|\.)Module$/;

/** Top-level classes deriving from nn.Module (directly or through another class of the file) with a forward, that the file calls. */
export function modelClasses(root: Node): ModelFact[] {
  const classes = new Map<string, { stmt: Node; def: Node; bases: string[]; forward: boolean }>();
  for (const stmt of root.codeChildren) {
    const def = stmt.type === 'decorated_definition' ? stmt.childForFieldName('definition') : stmt;
    if (def?.type !== 'class_definition') continue;
    const name = def.childForFieldName('name')?.text;
    const body = def.childForFieldName('body');
    if (!name || !body) continue;
    const bases = (def.childForFieldName('superclasses')?.codeChildren ?? []).filter((b) => b.type === 'identifier' || b.type === 'attribute').map((b) => b.text);
    const forward = body.codeChildren.some((s) => {
      const f = s.type === 'decorated_definition' ? s.childForFieldName('definition') : s;
      return f?.type === 'function_definition' && f.childForFieldName('name')?.text === 'forward';
    });
    classes.set(name, { stmt, def, bases, forward });
  }
  if (classes.size === 0) return [];
  const isModel = (name: string, seen = new Set<string>()): { module: boolean; forward: boolean } => {
    const c = classes.get(name);
    if (!c || seen.has(name)) return { module: false, forward: false };
    seen.add(name);
    let module = false;
    let forward = c.forward;
    for (const b of c.bases) {
      if (MODULE_BASE.test(b)) module = true;
      const inherited = isModel(b, seen);
      module ||= inherited.module;
      forward ||= inherited.module && inherited.forward;
    }
    return { module, forward };
  };
  // Calls of the classes by name anywhere in the text (one text search, cheap on every keystroke), not the
  // `class X(` lines themselves nor text after a `#` (a call in a string only makes the run say it builds none).
  const called = new Set<string>();
  const text = root.text;
  for (const m of text.matchAll(/(\bclass\s+)?(?<![\w.])([A-Za-z_]\w*)\s*\(/g)) {
    if (m[1] || !classes.has(m[2]!)) continue;
    const lineStart = text.lastIndexOf('\n', m.index) + 1;
    if (!text.slice(lineStart, m.index).includes('#')) called.add(m[2]!);
  }
  const out: ModelFact[] = [];
  for (const [name, c] of classes) {
    const m = isModel(name);
    if (!m.module || !m.forward || !called.has(name)) continue;
    const nameNode = c.def.childForFieldName('name')!;
    const range = nodeRange(nameNode);
    out.push({ name, range, statementRange: { start: nodeRange(c.stmt).start, end: range.end } });
  }
  return out;
}
