// Hover text (Markdown) from the facts: a layer declaration's arguments, shape rule, parameter count and
// weight shapes (a recurrent layer's return shapes); or a tensor name's shape (where it is bound or read)
// with a line per dimension saying what it is and why.
import type { AnalysisResult, LayerFact, LayerSizesFact, ModuleFact, Position, Range, ShapeFact } from '../analysis/facts';
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
  const declared = declarationAt(result, pos);
  if (declared) return declared;
  // a use of the layer's name (`lstm(x)`, `self.lstm(x)`)
  const word = dottedNameAt(text, pos);
  if (word) {
    const used = moduleNamed(knownModules, word.name, text, pos);
    if (used) return { markdown: moduleHover(used), range: word.range };
    const layer = moduleNamed(result.layers ?? [], word.name, text, pos);
    if (layer) return { markdown: layerHover(layer), range: word.range };
  }
  return undefined;
}

/**
 * The declaration under `pos`: the innermost constructor call (`nn.Linear(...)` inside a Sequential),
 * else the statement's outermost declaration (on `fc` of `self.fc = nn.Linear(...)`).
 */
function declarationAt(result: AnalysisResult, pos: Position): HoverFact | undefined {
  type Decl = { range: Range; markdown: () => string; child: boolean };
  const decls: { d: Decl; statement: Range }[] = [
    ...result.modules.map((m) => ({ d: { range: m.range, markdown: () => moduleHover(m), child: m.target.includes('[') }, statement: m.statementRange })),
    ...(result.layers ?? []).map((l) => ({ d: { range: l.range, markdown: () => layerHover(l), child: l.target.includes('[') }, statement: l.statementRange })),
  ];
  const size = (r: Range) => (r.end.line - r.start.line) * 1e6 + (r.end.character - r.start.character);
  const inCall = decls.filter((x) => rangeContains(x.d.range, pos)).sort((a, b) => size(a.d.range) - size(b.d.range))[0];
  const hit = inCall ?? decls.filter((x) => rangeContains(x.statement, pos)).sort((a, b) => Number(a.d.child) - Number(b.d.child) || size(b.d.range) - size(a.d.range))[0];
  return hit ? { markdown: hit.d.markdown(), range: hit.d.range } : undefined;
}

/**
 * The declaration a name used at `pos` refers to. `self.gru` is scoped by the class around `pos`: with
 * two classes declaring `self.gru`, the one whose alias is `<Class>.gru`; when that cannot be told,
 * none (never another class's layer).
 */
export function moduleNamed<T extends { target: string; aliases: readonly string[] }>(modules: readonly T[], name: string, text: string, pos: Position): T | undefined {
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
    const general = '(' + (s.items ?? []).map(formatShape).join(', ') + ')';
    lines.push(`\`${s.name}\`: a tuple \`${general}\`${s.concreteItems ? ` — here \`${shapeLabel(s)}\`` : ''}`);
    (s.items ?? []).forEach((dims, i) => {
      const here = s.concreteItems?.[i];
      lines.push(`- item ${i}: \`${formatShape(dims)}\`${here && formatShape(here) !== formatShape(dims) ? ` — here \`${formatShape(here)}\`` : ''}`);
    });
    if (s.notes.length > 0) lines.push('', ...s.notes);
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
  // as for every declaration: what a call gives, the count, then the weights
  if (m.returns.length > 0) {
    lines.push('**A call returns**');
    lines.push('');
    for (const r of m.returns) lines.push(`- ${r}`);
    lines.push('');
  }
  lines.push(`**Parameters:** ${typeof m.paramCount === 'number' ? m.paramCount.toLocaleString('en-US') : m.paramCount}`);
  if (m.params.length > 0) {
    lines.push('');
    lines.push('**Weights** (per layer and direction)');
    lines.push('');
    for (const p of m.params) lines.push(`- \`${p.name}\`: \`(${p.shape.map(String).join(', ')})\``);
  }
  return lines.join('\n');
}

const group = (n: number | string): string => (typeof n === 'number' ? n.toLocaleString('en-US') : n);
const dimsText = (shape: readonly (number | string)[]): string => '(' + shape.map(String).join(', ') + (shape.length === 1 ? ',)' : ')');

/**
 * A declaration of a layer that is not recurrent: the shape rule, the arguments, the parameter count and
 * the weights, each in general (symbols named as the code names them) and, where every call building it
 * agrees on other sizes, `here` with those; a Sequential's sub-layers.
 */
export function layerHover(l: LayerFact): string {
  const c = l.concrete;
  const lines: string[] = [`**nn.${l.kind}** \`${l.target}\``, ''];
  if (l.rule) lines.push(`Shape: \`${l.rule}\`` + (c?.rule && c.rule !== l.rule ? ` — here \`${c.rule}\`` : ''), '');
  const args = l.args;
  if (args.length > 0) {
    const here = c ? new Map(c.args.map((a) => [a.name, a.value])) : undefined;
    const differs = here !== undefined && args.some((a) => here.get(a.name) !== a.value);
    lines.push(differs ? '| argument | value | here | |' : '| argument | value | |', differs ? '| --- | --- | --- | --- |' : '| --- | --- | --- |');
    for (const a of args) {
      const h = here?.get(a.name);
      lines.push(`| \`${a.name}\` | \`${escapeCell(a.value)}\` |` + (differs ? ` ${h !== undefined && h !== a.value ? `\`${escapeCell(h)}\`` : ''} |` : '') + ` ${a.source} |`);
    }
    lines.push('');
  }
  if (l.children && l.children.length > 0) {
    lines.push('| # | layer | shape | parameters |', '| --- | --- | --- | --- |');
    l.children.forEach((ch, i) => {
      const h = c?.children?.[i]?.sizes;
      const rule = ch.sizes.rule ? `\`${escapeCell(ch.sizes.rule)}\`` + (h?.rule && h.rule !== ch.sizes.rule ? ` — here \`${escapeCell(h.rule)}\`` : '') : '';
      const count = escapeCell(group(ch.sizes.paramCount)) + (h && h.paramCount !== ch.sizes.paramCount ? ` — here ${escapeCell(group(h.paramCount))}` : '');
      lines.push(`| ${i} | ${ch.kind} | ${rule} | ${count} |`);
    });
    lines.push('');
  }
  const countHere = c && c.paramCount !== l.paramCount ? ` — here ${group(c.paramCount)}` : '';
  lines.push(`**Parameters:** ${group(l.paramCount)}${countHere}`);
  weightLines(lines, l, c);
  return lines.join('\n');
}

function weightLines(lines: string[], l: LayerSizesFact, c: LayerSizesFact | undefined): void {
  if (!l.params || l.params.length === 0) return;
  const here = new Map((c?.params ?? []).map((p) => [p.name, p.shape]));
  lines.push('', '**Weights**', '');
  for (const p of l.params) {
    const h = here.get(p.name);
    const hs = h && dimsText(h) !== dimsText(p.shape) ? ` — here \`${dimsText(h)}\`` : '';
    lines.push(`- \`${p.name}\`: \`${dimsText(p.shape)}\`${hs}${p.buffer ? ' (buffer)' : ''}`);
  }
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
