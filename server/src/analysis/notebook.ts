// Joins a notebook's Python cells, in order, into one program for the analysis core and maps positions,
// ranges and facts back to the cells. Pure (no LSP, no vscode); also reads .ipynb JSON for the CLI.
import type { AnalysisResult, DiagnosticFact, LayerCallFact, LayerFact, ModuleFact, Position, Range, ShapeFact } from './facts';
import { lineBreaksAsLf } from './lineBreaks';

/** One cell as given to `joinCells`: an id the caller chooses (a cell URI, an index) and its text. */
export interface CellInput {
  id: string;
  text: string;
}

/** Where one cell sits in the joined program. */
export interface CellSpan {
  id: string;
  /** Index among the cells given to `joinCells`. */
  index: number;
  /** First line of the cell in the program. */
  startLine: number;
  /** Number of lines the cell occupies (its text split at line breaks). */
  lineCount: number;
}

export interface JoinedProgram {
  text: string;
  cells: CellSpan[];
}

/** Cell magics whose body is still Python (the magic line itself is commented out). */
const pythonCellMagics = new Set(['time', 'timeit', 'capture', 'prun', 'debug']);

/**
 * Makes IPython-only lines parse as Python without moving any character of Python code: `%magic` and
 * `!shell` lines become comments (first character replaced by `#`); a non-Python cell magic comments the cell.
 */
export function neutraliseMagics(text: string): string {
  const lines = text.split('\n');
  const first = lines[0]?.trimStart() ?? '';
  const cellMagic = /^%%(\w+)/.exec(first);
  const wholeCell = cellMagic !== null && !pythonCellMagics.has(cellMagic[1] ?? '');
  // a cell in another language: every line becomes a comment (no fact can come from it)
  if (wholeCell) return lines.map((line) => '#' + line).join('\n');
  return lines
    .map((line, i) => {
      const indent = line.length - line.trimStart().length;
      const rest = line.slice(indent);
      if ((i === 0 && cellMagic) || rest.startsWith('%') || rest.startsWith('!')) {
        return rest.length === 0 ? line : line.slice(0, indent) + '#' + rest.slice(1);
      }
      return line;
    })
    .join('\n');
}

/** Joins cells in order, one after another, each starting on a new line. Columns are unchanged. */
export function joinCells(cells: readonly CellInput[]): JoinedProgram {
  const spans: CellSpan[] = [];
  const parts: string[] = [];
  let line = 0;
  cells.forEach((cell, index) => {
    // lone `\r` line breaks counted like `\n` (same length: columns unchanged); `\r\n` is one break
    const text = neutraliseMagics(lineBreaksAsLf(cell.text));
    const lineCount = text.split('\n').length;
    spans.push({ id: cell.id, index, startLine: line, lineCount });
    parts.push(text);
    line += lineCount;
  });
  return { text: parts.join('\n'), cells: spans };
}

/** The cell holding a program line, or undefined past the end. */
export function cellAtLine(program: JoinedProgram, line: number): CellSpan | undefined {
  return program.cells.find((c) => line >= c.startLine && line < c.startLine + c.lineCount);
}

/** A program position as a position inside its cell. */
export function toCellPosition(program: JoinedProgram, pos: Position): { cell: CellSpan; position: Position } | undefined {
  const cell = cellAtLine(program, pos.line);
  if (!cell) return undefined;
  return { cell, position: { line: pos.line - cell.startLine, character: pos.character } };
}

/** A position inside the cell with this id as a program position. */
export function toProgramPosition(program: JoinedProgram, cellId: string, pos: Position): Position | undefined {
  const cell = program.cells.find((c) => c.id === cellId);
  if (!cell) return undefined;
  return { line: cell.startLine + pos.line, character: pos.character };
}

/** A program range as a range in the cell where it starts (clipped to that cell's last line). */
export function toCellRange(program: JoinedProgram, range: Range): { cell: CellSpan; range: Range } | undefined {
  const start = toCellPosition(program, range.start);
  if (!start) return undefined;
  const lastLine = start.cell.startLine + start.cell.lineCount - 1;
  const end: Position =
    range.end.line <= lastLine
      ? { line: range.end.line - start.cell.startLine, character: range.end.character }
      : { line: start.cell.lineCount - 1, character: Number.MAX_SAFE_INTEGER };
  return { cell: start.cell, range: { start: start.position, end } };
}

/** A range inside a cell as a program range. */
export function toProgramRange(program: JoinedProgram, cellId: string, range: Range): Range | undefined {
  const start = toProgramPosition(program, cellId, range.start);
  const end = toProgramPosition(program, cellId, range.end);
  return start && end ? { start, end } : undefined;
}

function shiftRange(r: Range, lines: number): Range {
  return { start: { line: r.start.line + lines, character: r.start.character }, end: { line: r.end.line + lines, character: r.end.character } };
}

/**
 * Splits the facts of the joined program into per-cell facts, in cell coordinates, keyed by cell id.
 * Every cell gets an entry (empty when it has no facts), so callers can clear stale diagnostics.
 */
export function splitResult(program: JoinedProgram, result: AnalysisResult): Map<string, AnalysisResult> {
  const out = new Map<string, AnalysisResult>();
  for (const c of program.cells) out.set(c.id, { diagnostics: [], shapes: [], modules: [], uses: [], calls: [] });
  const bucketFor = (range: Range): { cell: CellSpan; range: Range; bucket: AnalysisResult } | undefined => {
    const mapped = toCellRange(program, range);
    const bucket = mapped && out.get(mapped.cell.id);
    return mapped && bucket ? { ...mapped, bucket } : undefined;
  };
  for (const d of result.diagnostics) {
    const at = bucketFor(d.range);
    if (!at) continue;
    const shift = -at.cell.startLine;
    const fixes = d.fixes.map((fix) => ({ title: fix.title, edits: fix.edits.map((e) => ({ newText: e.newText, range: shiftRange(e.range, shift) })) }));
    at.bucket.diagnostics.push({ ...d, range: at.range, fixes } satisfies DiagnosticFact);
  }
  for (const s of result.shapes) {
    const at = bucketFor(s.range);
    if (at) at.bucket.shapes.push({ ...s, range: at.range } satisfies ShapeFact);
  }
  for (const s of result.uses) {
    const at = bucketFor(s.range);
    if (at) at.bucket.uses.push({ ...s, range: at.range } satisfies ShapeFact);
  }
  for (const m of result.modules) {
    const at = bucketFor(m.range);
    if (!at) continue;
    const statementRange = toCellRange(program, m.statementRange)?.range ?? shiftRange(m.statementRange, -at.cell.startLine);
    at.bucket.modules.push({ ...m, range: at.range, statementRange } satisfies ModuleFact);
  }
  for (const l of result.layers ?? []) {
    const at = bucketFor(l.range);
    if (!at) continue;
    const statementRange = toCellRange(program, l.statementRange)?.range ?? shiftRange(l.statementRange, -at.cell.startLine);
    (at.bucket.layers ??= []).push({ ...l, range: at.range, statementRange } satisfies LayerFact);
  }
  for (const c of result.calls) {
    const at = bucketFor(c.range);
    if (!at) continue;
    // in the call's cell's lines (negative for a layer declared in an earlier cell)
    const layer = shiftRange(c.layer, -at.cell.startLine);
    at.bucket.calls.push({ ...c, range: at.range, layer } satisfies LayerCallFact);
  }
  return out;
}

/** A code cell read from an .ipynb file. */
export interface IpynbCell {
  /** 0-based index among all cells of the notebook (markdown included), as Jupyter numbers them. */
  index: number;
  text: string;
}

/** Reads the Python code cells of an .ipynb (nbformat 4) file. Throws on text that is not a notebook. */
export function readIpynb(json: string): IpynbCell[] {
  const doc: unknown = JSON.parse(json);
  if (!isRecord(doc) || !Array.isArray(doc.cells)) throw new Error('not a Jupyter notebook: no "cells" array');
  const meta = isRecord(doc.metadata) ? doc.metadata : {};
  const lang = languageOf(meta);
  if (lang !== undefined && lang !== 'python') return [];
  const cells: IpynbCell[] = [];
  doc.cells.forEach((cell: unknown, index: number) => {
    if (!isRecord(cell) || cell.cell_type !== 'code') return;
    const src = cell.source;
    const text = Array.isArray(src) ? src.filter((s): s is string => typeof s === 'string').join('') : typeof src === 'string' ? src : '';
    cells.push({ index, text });
  });
  return cells;
}

/** Joins the code cells of an .ipynb file; cell ids are `cell <index+1>` as a user counts them. */
export function joinIpynb(json: string): JoinedProgram {
  return joinCells(readIpynb(json).map((c) => ({ id: `cell ${c.index + 1}`, text: c.text })));
}

function languageOf(meta: Record<string, unknown>): string | undefined {
  const info = meta.language_info;
  if (isRecord(info) && typeof info.name === 'string') return info.name.toLowerCase();
  const spec = meta.kernelspec;
  if (isRecord(spec) && typeof spec.language === 'string') return spec.language.toLowerCase();
  return undefined;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
