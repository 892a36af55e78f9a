// Hover text (Markdown) from the facts: a recurrent layer's arguments, weight shapes, parameter count and
// return shapes; or a tensor name's shape (where it is bound or read) with a line per dimension saying
// what it is and why.
import type { AnalysisResult, ModuleFact, Position, Range, ShapeFact } from '../analysis/facts';
import { formatShape, rangeContains, shapeLabel } from '../analysis/facts';

export interface HoverFact {
  markdown: string;
  range: Range;
}

/**
 * The hover for a position, or undefined when no fact is there. `text` is the document's text;
 * `knownModules` are all layers a name can refer to (for a notebook cell: those of every cell).
 */
export function hoverAt(result: AnalysisResult, pos: Position, text: string, knownModules: readonly ModuleFact[] = result.modules): HoverFact | undefined {
  const shape = result.shapes.find((s) => rangeContains(s.range, pos)) ?? result.uses.find((s) => rangeContains(s.range, pos));
  if (shape) return { markdown: shapeHover(shape), range: shape.range };
  const declared = result.modules.find((m) => rangeContains(m.range, pos) || rangeContains(m.statementRange, pos));
  if (declared) return { markdown: moduleHover(declared), range: declared.range };
  // a use of the layer's name (`lstm(x)`, `self.lstm(x)`)
  const word = dottedNameAt(text, pos);
  if (word) {
    const used = moduleNamed(knownModules, word.name, text, pos);
    if (used) return { markdown: moduleHover(used), range: word.range };
  }
  return undefined;
}

/**
 * The declaration a name used at `pos` refers to. `self.gru` is scoped by the class around `pos`: with
 * two classes declaring `self.gru`, the one whose alias is `<Class>.gru`; when that cannot be told,
 * none (never another class's layer).
 */
export function moduleNamed(modules: readonly ModuleFact[], name: string, text: string, pos: Position): ModuleFact | undefined {
  const matches = modules.filter((m) => m.target === name || m.aliases.includes(name));
  if (matches.length <= 1 || !name.startsWith('self.')) return matches.length === 1 ? matches[0] : undefined;
  const cls = enclosingClassAt(text, pos);
  const own = cls ? matches.filter((m) => m.aliases.includes(`${cls}.${name.slice('self.'.length)}`)) : [];
  return own.length === 1 ? own[0] : undefined;
}

/** The name of the innermost `class` whose body holds the line at `pos` (by indentation). */
export function enclosingClassAt(text: string, pos: Position): string | undefined {
  const lines = text.split('\n');
  const indent = (l: string) => l.length - l.trimStart().length;
  let limit = Infinity;
  for (let i = pos.line; i >= 0; i--) {
    const l = lines[i] ?? '';
    if (l.trim() === '' || l.trimStart().startsWith('#')) continue;
    const ind = i === pos.line ? Math.max(indent(l), 1) : indent(l);
    if (ind >= limit) continue;
    limit = ind;
    const m = /^\s*class\s+([A-Za-z_]\w*)/.exec(l);
    if (m && i !== pos.line) return m[1];
    if (ind === 0) return undefined;
  }
  return undefined;
}

export function shapeHover(s: ShapeFact): string {
  const lines: string[] = [];
  if (s.kind === 'tuple') {
    lines.push(`\`${s.name}\`: a tuple \`${shapeLabel(s)}\``);
    (s.items ?? []).forEach((dims, i) => lines.push(`- item ${i}: \`${formatShape(dims)}\``));
    return lines.join('\n');
  }
  const shape = formatShape(s.dims);
  const here = s.concrete ? ` — here \`${formatShape(s.concrete)}\`` : '';
  lines.push(s.kind === 'packed' ? `\`${s.name}\`: PackedSequence, data \`${shape}\`${here}` : `\`${s.name}\`: \`${shape}\`${here}`);
  lines.push('');
  s.dims.forEach((d, i) => {
    const what = [d.role, d.why].filter((x) => x.length > 0).join(' — ');
    lines.push(`- dim ${i}: \`${String(d.value)}\`${what ? ' — ' + what : ''}`);
  });
  if (s.notes.length > 0) {
    lines.push('');
    for (const n of s.notes) lines.push(n);
  }
  return lines.join('\n');
}

export function moduleHover(m: ModuleFact): string {
  const lines: string[] = [];
  lines.push(`**nn.${m.kind}** \`${m.target}\``);
  lines.push('');
  if (m.args.length > 0) {
    lines.push('| argument | value | |');
    lines.push('| --- | --- | --- |');
    for (const a of m.args) lines.push(`| \`${a.name}\` | \`${escapeCell(a.value)}\` | ${a.source} |`);
    lines.push('');
  }
  if (m.params.length > 0) {
    lines.push('**Weights** (per layer and direction)');
    lines.push('');
    for (const p of m.params) lines.push(`- \`${p.name}\`: \`(${p.shape.map(String).join(', ')})\``);
    lines.push('');
  }
  lines.push(`**Parameters:** ${typeof m.paramCount === 'number' ? m.paramCount.toLocaleString('en-US') : m.paramCount}`);
  if (m.returns.length > 0) {
    lines.push('');
    lines.push('**A call returns**');
    lines.push('');
    for (const r of m.returns) lines.push(`- ${r}`);
  }
  return lines.join('\n');
}

function escapeCell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/`/g, "'");
}

/** The dotted identifier (`self.lstm`, `rnn`) under the position, with its range. */
export function dottedNameAt(text: string, pos: Position): { name: string; range: Range } | undefined {
  const lineText = text.split(/\r\n|\r|\n/)[pos.line];
  if (lineText === undefined) return undefined;
  const isWord = (c: string | undefined): boolean => c !== undefined && /[\w.]/.test(c);
  let start = pos.character;
  let end = pos.character;
  while (start > 0 && isWord(lineText[start - 1])) start--;
  while (end < lineText.length && isWord(lineText[end])) end++;
  // a name continues to the right only up to the word under the cursor: `self.lstm(x)` over `self` → `self`
  let name = lineText.slice(start, end);
  const afterCursor = lineText.slice(pos.character, end);
  const dot = afterCursor.indexOf('.');
  if (dot > 0) {
    end = pos.character + dot;
    name = lineText.slice(start, end);
  }
  name = name.replace(/^\.+|\.+$/g, '');
  if (!/^[A-Za-z_]/.test(name)) return undefined;
  return { name, range: { start: { line: pos.line, character: start }, end: { line: pos.line, character: end } } };
}
