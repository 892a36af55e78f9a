// Reads the expectation markers of a fixture (test/fixtures/README.md): caret shape markers, trailing
// diagnostic markers, hover markers and fix markers; malformed markers throw. Mirrors
// test/oracle/verify_fixtures.py.
import { Dim } from '../../server/src/analysis/dim';
import type { Severity } from '../../server/src/analysis/facts';

export interface ShapeMarker {
  /** 0-based line of the code the marker refers to. */
  line: number;
  /** 0-based column where the marked name starts. */
  column: number;
  name: string;
  /** Dims as written in the marker. */
  dimTexts: string[];
  /** Normalised dims: a number when constant, else the canonical text of the expression. */
  dims: (number | string)[];
  /** `packed(...)`: the shape of a PackedSequence's `.data`. */
  packed: boolean;
  /** 0-based line of the `# ^` comment itself. */
  markerLine: number;
}

export interface DiagnosticMarker {
  /** 0-based line. */
  line: number;
  severity: Severity;
  code: string;
  /** Enforced by torch 2.x only; the analyzer must still report it. */
  torch2: boolean;
}

export interface HoverMarker {
  line: number;
  column: number;
  /** The marked (dotted) name. */
  name: string;
  text: string;
  /** 0-based line of the `# ^ hover:` comment itself. */
  markerLine: number;
}

/** `# fix: <title> -> <resulting line>` under a line with a diagnostic marker. */
export interface FixMarker {
  /** 0-based line of the diagnostic the fix is for. */
  line: number;
  title: string;
  /** The edited line's code (its comment stripped, trimmed) after the fix. */
  result: string;
  markerLine: number;
}

export interface Markers {
  shapes: ShapeMarker[];
  diagnostics: DiagnosticMarker[];
  hovers: HoverMarker[];
  fixes: FixMarker[];
}

export class MarkerError extends Error {}

const SEVERITIES: readonly Severity[] = ['error', 'warning', 'information', 'hint'];
const CARET_LINE = /^\s*#\s*\^/;
const FIX_LINE = /^\s*#\s*fix:/;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*/;

// ---------------------------------------------------------------------------------------------
// Dim expressions: integers, (dotted) names, + - * // / and parentheses, normalised with Dim.

/** Parse a dim expression (`2*hidden`, `num_layers * 2`, `batch + 1`, `40`) into a Dim. */
export function parseDim(text: string): Dim {
  const tokens = text.match(/\d+|[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*|\/\/|[-+*/()]|\S/g) ?? [];
  let i = 0;
  const peek = (): string | undefined => tokens[i];
  const fail = (why: string): never => {
    throw new MarkerError(`cannot parse dim ${JSON.stringify(text)}: ${why}`);
  };
  const primary = (): Dim => {
    const t = tokens[i++];
    if (t === undefined) return fail('unexpected end');
    if (/^\d+$/.test(t)) return Dim.of(Number(t));
    if (/^[A-Za-z_]/.test(t)) return Dim.sym(t);
    if (t === '(') {
      const d = sum();
      if (tokens[i++] !== ')') fail('missing )');
      return d;
    }
    if (t === '-') return primary().neg();
    if (t === '+') return primary();
    return fail(`unexpected ${JSON.stringify(t)}`);
  };
  const product = (): Dim => {
    let d = primary();
    for (;;) {
      const op = peek();
      if (op === '*') {
        i++;
        d = d.mul(primary());
      } else if (op === '//' || op === '/') {
        i++;
        const q = d.div(primary());
        if (q === undefined) fail('division does not come out exact');
        d = q as Dim;
      } else return d;
    }
  };
  const sum = (): Dim => {
    let d = product();
    for (;;) {
      const op = peek();
      if (op === '+') {
        i++;
        d = d.add(product());
      } else if (op === '-') {
        i++;
        d = d.sub(product());
      } else return d;
    }
  };
  const d = sum();
  if (i !== tokens.length) fail(`unexpected ${JSON.stringify(tokens[i])}`);
  return d;
}

/** A number when constant, else canonical text: `hidden*2` and `2 * hidden` give the same. */
export function normaliseDim(value: number | string): number | string {
  if (typeof value === 'number') return value;
  try {
    return parseDim(value).toJSON();
  } catch {
    return value.replace(/\s+/g, '');
  }
}

export function formatDims(dims: readonly (number | string)[], packed = false): string {
  return (packed ? 'packed' : '') + '(' + dims.map(String).join(', ') + ')';
}

/** Split `5, 3, f(a, b)` on top-level commas. */
function splitTopLevel(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

function parseShape(text: string, where: string): { dimTexts: string[]; packed: boolean } {
  let t = text.trim();
  let packed = false;
  if (t.startsWith('packed(') && t.endsWith(')')) {
    packed = true;
    t = t.slice('packed'.length);
  }
  if (!(t.startsWith('(') && t.endsWith(')'))) {
    throw new MarkerError(`${where}: shape must be a tuple like (5, 3, 40), got ${JSON.stringify(text)}`);
  }
  let inner = t.slice(1, -1).trim();
  if (inner.endsWith(',')) inner = inner.slice(0, -1).trim();
  if (inner === '') return { dimTexts: [], packed };
  const dimTexts = splitTopLevel(inner).map((d) => d.trim());
  if (dimTexts.some((d) => d === '')) throw new MarkerError(`${where}: empty dim in ${JSON.stringify(text)}`);
  return { dimTexts, packed };
}

// ---------------------------------------------------------------------------------------------
// Comments: a small scanner that knows Python string literals (so `'#'` is not a comment).

/** For each line, the column where its comment starts, or -1. Lines inside a string have -1. */
function commentColumns(lines: readonly string[]): number[] {
  const out: number[] = [];
  let triple: string | null = null; // the open triple quote, spanning lines
  for (const line of lines) {
    let col = -1;
    let i = 0;
    while (i < line.length) {
      if (triple) {
        const end = line.indexOf(triple, i);
        if (end < 0) {
          i = line.length;
          break;
        }
        i = end + 3;
        triple = null;
        continue;
      }
      const ch = line[i];
      if (ch === '#') {
        col = i;
        break;
      }
      if (ch === '"' || ch === "'") {
        const q3 = ch.repeat(3);
        if (line.startsWith(q3, i)) {
          triple = q3;
          i += 3;
          continue;
        }
        i++;
        while (i < line.length && line[i] !== ch) i += line[i] === '\\' ? 2 : 1;
        i++;
        continue;
      }
      i++;
    }
    out.push(col);
  }
  return out;
}

/** A line's code without its comment (a `#` inside a string literal is not a comment), right-trimmed. */
export function codePart(line: string): string {
  const col = commentColumns([line])[0] ?? -1;
  return (col < 0 ? line : line.slice(0, col)).trimEnd();
}

function startsName(code: string, col: number): boolean {
  if (col < 0 || col >= code.length || !NAME.test(code.slice(col))) return false;
  return col === 0 || !/[A-Za-z0-9_.]/.test(code[col - 1] ?? '');
}

/** The marked name's column: the name starting at the caret, or (for `#^`) the one under the `#`. */
function nameStart(code: string, caret: number, marker: string): number | undefined {
  if (startsName(code, caret)) return caret;
  if (caret >= 1 && marker[caret - 1] === '#' && startsName(code, caret - 1)) return caret - 1;
  return undefined;
}

function parseDiagnosticComment(body: string, line: number): DiagnosticMarker[] {
  const out: DiagnosticMarker[] = [];
  for (const part of body.split(',')) {
    const m = /^\s*(\w+):\s*(\S+)(?:\s+(\S+))?\s*$/.exec(part);
    if (!m) throw new MarkerError(`line ${line + 1}: malformed diagnostic marker ${JSON.stringify(body)}`);
    const [, sev, code, flag] = m;
    if (!(SEVERITIES as readonly string[]).includes(sev ?? '')) {
      throw new MarkerError(`line ${line + 1}: unknown severity ${JSON.stringify(sev)}`);
    }
    if (!/^RL\d{3}$/.test(code ?? '')) throw new MarkerError(`line ${line + 1}: bad code ${JSON.stringify(code)}`);
    if (flag !== undefined && flag !== 'torch2') {
      throw new MarkerError(`line ${line + 1}: unknown flag ${JSON.stringify(flag)} (only torch2)`);
    }
    out.push({ line, severity: sev as Severity, code: code as string, torch2: flag === 'torch2' });
  }
  return out;
}

/** Parse every marker of a fixture's text. Throws MarkerError for a malformed marker. */
export function parseMarkers(text: string): Markers {
  const lines = text.split(/\r?\n/);
  const comments = commentColumns(lines);
  const result: Markers = { shapes: [], diagnostics: [], hovers: [], fixes: [] };
  const isFixLine = (i: number): boolean => comments[i] !== -1 && FIX_LINE.test(lines[i] ?? '');
  const isCaretLine = (i: number): boolean => comments[i] !== -1 && CARET_LINE.test(lines[i] ?? '');
  const codeAbove = (i: number, what: string): number => {
    let j = i - 1;
    while (j >= 0 && (isCaretLine(j) || isFixLine(j))) j--;
    if (j < 0) throw new MarkerError(`line ${i + 1}: ${what} with no code line above`);
    const code = lines[j] ?? '';
    if (code.trim() === '' || code.trim().startsWith('#')) {
      throw new MarkerError(`line ${i + 1}: ${what} must follow a code line, found ${JSON.stringify(code)}`);
    }
    return j;
  };

  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    const where = `line ${i + 1}`;
    if (isFixLine(i)) {
      const body = raw.slice(raw.indexOf('fix:') + 'fix:'.length);
      const arrow = body.indexOf(' -> ');
      if (arrow < 0) throw new MarkerError(`${where}: a fix marker is \`# fix: <title> -> <resulting line>\`, got ${JSON.stringify(raw.trim())}`);
      const title = body.slice(0, arrow).trim();
      const res = body.slice(arrow + ' -> '.length).trim();
      if (!title || !res) throw new MarkerError(`${where}: empty title or resulting line in ${JSON.stringify(raw.trim())}`);
      result.fixes.push({ line: codeAbove(i, 'fix marker'), title, result: res, markerLine: i });
      continue;
    }
    if (isCaretLine(i)) {
      const caret = raw.indexOf('^');
      const rest = raw.slice(caret + 1).trim();
      const j = codeAbove(i, 'caret marker');
      const code = lines[j] ?? '';
      const column = nameStart(code, caret, raw);
      if (column === undefined) {
        throw new MarkerError(`${where}: caret at column ${caret} is not under the start of a name in ${JSON.stringify(code)}`);
      }
      let name = (NAME.exec(code.slice(column)) ?? [''])[0];
      if (rest.startsWith('hover:')) {
        // a method called on the name is not part of it: `lstm_out.contiguous()` hovers `lstm_out`
        if (name.includes('.') && code[column + name.length] === '(') name = name.slice(0, name.lastIndexOf('.'));
        const text = rest.slice('hover:'.length).trim();
        if (text === '') throw new MarkerError(`${where}: empty hover marker`);
        if (isShapeText(text)) parseShape(text, where).dimTexts.forEach((d) => parseDimOrThrow(d, where));
        result.hovers.push({ line: j, column, name, text, markerLine: i });
        continue;
      }
      const { dimTexts, packed } = parseShape(rest, where);
      const dims = dimTexts.map((d) => parseDimOrThrow(d, where));
      result.shapes.push({ line: j, column, name, dimTexts, dims, packed, markerLine: i });
      continue;
    }
    const col = comments[i] ?? -1;
    if (col < 0) continue;
    const body = raw.slice(col).replace(/^#+/, '').trim();
    const isMarker = SEVERITIES.some((s) => body.startsWith(s + ':'));
    if (raw.slice(0, col).trim() === '') {
      if (isMarker) throw new MarkerError(`${where}: diagnostic marker on a comment-only line`);
      continue;
    }
    if (isMarker) result.diagnostics.push(...parseDiagnosticComment(body, i));
    else if (/(^|\s)(error|warning|information|hint)\s*:\s*RL/.test(body)) {
      throw new MarkerError(`${where}: diagnostic marker must start the comment: ${JSON.stringify(body)}`);
    }
  }
  for (const f of result.fixes) {
    if (!result.diagnostics.some((d) => d.line === f.line)) {
      throw new MarkerError(`line ${f.markerLine + 1}: fix marker under line ${f.line + 1}, which has no diagnostic marker`);
    }
  }
  return result;
}

function parseDimOrThrow(d: string, where: string): number | string {
  try {
    return parseDim(d).toJSON();
  } catch (e) {
    throw new MarkerError(`${where}: ${(e as Error).message}`);
  }
}

/** A hover marker's text that is a shape (`(5, 3, 2)`, `packed(T, 40)`): compared dim by dim. */
export function isShapeText(text: string): boolean {
  return /^(packed)?\(.*\)$/.test(text.trim());
}

/**
 * Why a hover's Markdown does not say what a hover marker states, or undefined when it does. A shape
 * text must equal (dims normalised) the shape on the hover's first line (`name`: `(…)`); any other text
 * must occur in the hover.
 */
export function hoverMismatch(markdown: string | undefined, marker: Pick<HoverMarker, 'text' | 'name'>): string | undefined {
  if (markdown === undefined) return `no hover at ${marker.name}, expected ${marker.text}`;
  if (!isShapeText(marker.text)) {
    return markdown.includes(marker.text) ? undefined : `hover at ${marker.name} lacks ${JSON.stringify(marker.text)}: ${JSON.stringify(markdown)}`;
  }
  const first = markdown.split('\n')[0] ?? '';
  // (a concrete shape the file's calls agree on may follow: ` — here `(2, 7, 16)``; the marker states the general one)
  const m = /^`([^`]+)`: (?:`(\([^`]*\))`|PackedSequence, data `(\([^`]*\))`)(?: — here `\([^`]*\)`)?$/.exec(first);
  if (!m) return `hover at ${marker.name} shows no shape: ${JSON.stringify(first)}`;
  const got = { packed: m[3] !== undefined, dims: parseShape(m[2] ?? m[3] ?? '', 'hover').dimTexts.map((d) => normaliseDim(d)) };
  const want = parseShape(marker.text, 'marker');
  const wantDims = want.dimTexts.map((d) => normaliseDim(d));
  const same = got.packed === want.packed && got.dims.length === wantDims.length && got.dims.every((g, i) => g === wantDims[i]);
  if (!same) return `hover at ${marker.name} shows ${formatDims(got.dims, got.packed)}, marker says ${formatDims(wantDims, want.packed)}`;
  if (m[1] !== marker.name) return `hover at ${marker.name} shows the shape of ${JSON.stringify(m[1])}`;
  return undefined;
}
