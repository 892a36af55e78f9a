// The reported-bug corpus as data: the bug/fixed pairs of this folder and how the analyzer's facts for one file
// compare with its markers (shapes matched / contradicted / missing, the marked bug found, unmarked errors).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AnalysisResult, DiagnosticFact } from '../../../server/src/analysis/facts';
import { formatDims, normaliseDim, type DiagnosticMarker, type Markers, type ShapeMarker } from '../../unit/markers';

export const REPORTED_DIR = __dirname;

export interface Pair {
  /** `NN_kind`, the common stem. */
  stem: string;
  bug: string;
  fixed: string;
}

/** Every `NN_kind_bug.py` of the folder with its `NN_kind_fixed.py`; a file without its twin throws. */
export function listPairs(dir: string = REPORTED_DIR): Pair[] {
  const names = fs.readdirSync(dir).filter((n) => /_(bug|fixed)\.py$/.test(n)).sort();
  const stems = [...new Set(names.map((n) => n.replace(/_(bug|fixed)\.py$/, '')))];
  return stems.map((stem) => {
    const bug = path.join(dir, `${stem}_bug.py`);
    const fixed = path.join(dir, `${stem}_fixed.py`);
    if (!fs.existsSync(bug) || !fs.existsSync(fixed)) throw new Error(`${stem}: needs both _bug.py and _fixed.py`);
    return { stem, bug, fixed };
  });
}

/**
 * matched: the analyzer reports the marker's shape. refuted: torch gave, on some run of that line, a shape the
 * fact contradicts (another rank or kind, or a concrete dim that differs; `observed.json` holds every shape torch
 * gave there). imprecise: not refuted, but not the marker's shape either (a letter where the marker has a number,
 * or another name). missing: no shape at the name.
 */
export type ShapeOutcome = 'matched' | 'imprecise' | 'refuted' | 'missing';

export interface ShapeResult {
  marker: ShapeMarker;
  outcome: ShapeOutcome;
  want: string;
  got: string[];
  /** Every shape torch gave at this marker (empty when not known). */
  torch: number[][];
}

/** Shapes torch gave at each marker: file name -> `line:column` (1-based line, as the oracle counts) -> shapes. */
export type Observed = Record<string, Record<string, number[][]>>;

export function readObserved(dir: string = REPORTED_DIR): Observed {
  const file = path.join(dir, 'observed.json');
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Observed) : {};
}

export interface FileResult {
  shapes: ShapeResult[];
  /** The marked diagnostics and whether the analyzer reported each (code and severity on its line). */
  marked: { marker: DiagnosticMarker; found: boolean; onLine: DiagnosticFact[] }[];
  /** Errors and warnings on no marked line/code: false alarms (on a twin, every one is). */
  unmarked: DiagnosticFact[];
}

const pos = (line: number, column: number): string => `${line + 1}:${column}`;

export function describeDiagnostic(d: DiagnosticFact): string {
  return `${d.severity} ${d.code} at ${pos(d.range.start.line, d.range.start.character)}: ${d.message}`;
}

/** Compare one file's markers with the analyzer's facts. */
export function assess(markers: Markers, facts: AnalysisResult, observed: Record<string, number[][]> = {}): FileResult {
  const shapes: ShapeResult[] = markers.shapes.map((m) => {
    const want = formatDims(m.dims, m.packed);
    const at = facts.shapes.filter((f) => f.range.start.line === m.line && f.range.start.character === m.column);
    const torch = observed[`${m.line + 1}:${m.column}`] ?? [];
    if (at.length === 0) return { marker: m, outcome: 'missing', want, got: [], torch };
    let outcome: ShapeOutcome = 'matched';
    const got: string[] = [];
    for (const f of at) {
      const dims = f.dims.map((d) => normaliseDim(d.value));
      got.push(formatDims(dims, f.kind === 'packed'));
      const contradicts = (shape: readonly (number | string)[]): boolean =>
        dims.length !== shape.length || dims.some((d, i) => typeof d === 'number' && typeof shape[i] === 'number' && d !== shape[i]);
      if ((f.kind === 'packed') !== m.packed || contradicts(m.dims) || torch.some(contradicts)) outcome = 'refuted';
      else if (outcome === 'matched' && dims.some((d, i) => d !== m.dims[i])) outcome = 'imprecise';
    }
    return { marker: m, outcome, want, got, torch };
  });
  const used = new Set<DiagnosticFact>();
  const marked = markers.diagnostics.map((m) => {
    const hit = facts.diagnostics.find((d) => !used.has(d) && d.range.start.line === m.line && d.code === m.code && d.severity === m.severity);
    if (hit) used.add(hit);
    return { marker: m, found: hit !== undefined, onLine: facts.diagnostics.filter((d) => d.range.start.line === m.line) };
  });
  const unmarked = facts.diagnostics.filter(
    (d) =>
      !used.has(d) &&
      (d.severity === 'error' || d.severity === 'warning') &&
      !markers.diagnostics.some((m) => m.line === d.range.start.line && m.code === d.code && m.severity === d.severity),
  );
  return { shapes, marked, unmarked };
}

/** Every way a file's facts differ from its markers, as sentences (empty when the file meets them). */
export function problems(r: FileResult): string[] {
  const out: string[] = [];
  for (const s of r.shapes) {
    const m = s.marker;
    if (s.outcome === 'missing') out.push(`expected shape ${s.want} for ${m.name} at ${pos(m.line, m.column)}, analyzer reported nothing`);
    else if (s.outcome !== 'matched') out.push(`expected shape ${s.want} for ${m.name} at ${pos(m.line, m.column)}, analyzer reported ${s.got.join(' / ')}`);
  }
  for (const d of r.marked) {
    if (d.found) continue;
    const also = d.onLine.length ? `; on that line: ${d.onLine.map(describeDiagnostic).join(', ')}` : '';
    out.push(`expected ${d.marker.severity} ${d.marker.code} on line ${d.marker.line + 1}, analyzer reported nothing${also}`);
  }
  for (const d of r.unmarked) out.push(`unexpected ${describeDiagnostic(d)}`);
  return out;
}
