// The checks of a marker fixture against the analyzer (test/fixtures/README.md): shapes, diagnostics,
// hovers and quick fixes; each returns readable sentences, empty when every marker holds.
import { analyzeText } from '../../server/src/node/analyzer';
import type { AnalysisResult, DiagnosticFact, ShapeFact } from '../../server/src/analysis/facts';
import { hoverAt } from '../../server/src/lsp/hover';
import { applyFix } from './apply-fix';
import { codePart, formatDims, hoverMismatch, normaliseDim, type HoverMarker, type Markers } from './markers';

export const pos = (line: number, column: number): string => `${line + 1}:${column}`;

export function describeShape(f: ShapeFact): string {
  return formatDims(
    f.dims.map((d) => d.value),
    f.kind === 'packed',
  );
}

export function describeDiagnostic(d: DiagnosticFact): string {
  return `${d.severity} ${d.code} at ${pos(d.range.start.line, d.range.start.character)} (${d.message})`;
}

/** Every mismatch between the markers and the analyzer's facts, as readable sentences. */
export function compare(markers: Markers, facts: AnalysisResult): string[] {
  const problems: string[] = [];

  for (const m of markers.shapes) {
    const want = formatDims(m.dims, m.packed);
    const at = facts.shapes.filter((f) => f.range.start.line === m.line && f.range.start.character === m.column);
    if (at.length === 0) {
      const sameLine = facts.shapes.filter((f) => f.range.start.line === m.line);
      const also = sameLine.length
        ? ` (on that line it reported ${sameLine.map((f) => `${f.name} at ${pos(f.range.start.line, f.range.start.character)} ${describeShape(f)}`).join(', ')})`
        : '';
      problems.push(`expected shape ${want} for ${m.name} at ${pos(m.line, m.column)}, analyzer reported nothing${also}`);
      continue;
    }
    // Every fact at that position must agree (one per analysis context is fine, disagreeing ones are not).
    for (const f of at) {
      const got = f.dims.map((d) => normaliseDim(d.value));
      const kindOk = (f.kind === 'packed') === m.packed;
      const dimsOk = got.length === m.dims.length && got.every((g, i) => g === m.dims[i]);
      if (!kindOk || !dimsOk) {
        problems.push(`expected shape ${want} for ${m.name} at ${pos(m.line, m.column)}, analyzer reported ${formatDims(got, f.kind === 'packed')}`);
      } else if (f.name !== m.name) {
        problems.push(`shape at ${pos(m.line, m.column)} is right but named ${JSON.stringify(f.name)}, expected ${JSON.stringify(m.name)}`);
      }
    }
  }

  const matched = new Set<DiagnosticFact>();
  for (const m of markers.diagnostics) {
    const hit = facts.diagnostics.find(
      (d) => !matched.has(d) && d.range.start.line === m.line && d.code === m.code && d.severity === m.severity,
    );
    if (hit) {
      matched.add(hit);
      continue;
    }
    const onLine = facts.diagnostics.filter((d) => d.range.start.line === m.line);
    const also = onLine.length ? `; on that line it reported ${onLine.map(describeDiagnostic).join(', ')}` : '';
    problems.push(`expected ${m.severity} ${m.code}${m.torch2 ? ' (torch2)' : ''} on line ${m.line + 1}, analyzer reported nothing${also}`);
  }
  for (const d of facts.diagnostics) {
    if (matched.has(d) || (d.severity !== 'error' && d.severity !== 'warning')) continue;
    const marked = markers.diagnostics.some((m) => m.line === d.range.start.line && m.code === d.code && m.severity === d.severity);
    if (!marked) problems.push(`unexpected ${describeDiagnostic(d)}`);
  }
  return problems;
}

/** Every hover marker the hover (built from these facts, as the server builds it) does not bear out. */
export function compareHovers(markers: Markers, facts: AnalysisResult, text: string): string[] {
  const problems: string[] = [];
  for (const m of markers.hovers) {
    const h = hoverAt(facts, { line: m.line, character: m.column }, text);
    const why = hoverMismatch(h?.markdown, m);
    if (why) problems.push(`${pos(m.line, m.column)}: ${why}`);
  }
  return problems;
}

/**
 * The fix markers, checked: each names a quick fix of a marked diagnostic on its line; applied, the edited
 * line reads as the marker says and a fresh analysis no longer reports that diagnostic (code and message)
 * on that line. Every quick
 * fix of a marked diagnostic needs a fix marker (an untested fix is a failure).
 */
export async function compareFixes(markers: Markers, facts: AnalysisResult, text: string): Promise<string[]> {
  const problems: string[] = [];
  const marked = facts.diagnostics.filter((d) => markers.diagnostics.some((m) => m.line === d.range.start.line && m.code === d.code && m.severity === d.severity));
  for (const m of markers.fixes) {
    const candidates = marked.filter((d) => d.range.start.line === m.line);
    const hit = candidates.flatMap((d) => d.fixes.filter((f) => f.title === m.title).map((f) => ({ d, f })))[0];
    if (!hit) {
      const offered = candidates.flatMap((d) => d.fixes.map((f) => `${d.code} ${JSON.stringify(f.title)}`));
      problems.push(`line ${m.line + 1}: no quick fix ${JSON.stringify(m.title)} (offered: ${offered.join(', ') || 'none'})`);
      continue;
    }
    // A fix that edits several lines (h_0 and c_0 alike) is described by their results joined by ` ;; `.
    const edited = [...new Set(hit.f.edits.flatMap((e) => [e.range.start.line, e.range.end.line]))].sort((a, b) => a - b);
    const fixed = applyFix(text, hit.f);
    const got = edited.map((l) => codePart(fixed.split('\n')[l] ?? '').trim()).join(' ;; ');
    if (got !== m.result) problems.push(`line ${m.line + 1}: fix ${JSON.stringify(m.title)} makes line${edited.length > 1 ? 's' : ''} ${edited.map((l) => l + 1).join(', ')} read ${JSON.stringify(got)}, marker says ${JSON.stringify(m.result)}`);
    const after = await analyzeText(fixed);
    // gone: that code with that message (torch's next objection on the line, reported in its turn, may follow)
    const still = after.diagnostics.filter((d) => d.range.start.line === m.line && d.code === hit.d.code && d.message === hit.d.message);
    if (still.length) problems.push(`line ${m.line + 1}: after fix ${JSON.stringify(m.title)} the analyzer still reports ${still.map(describeDiagnostic).join(', ')}`);
  }
  for (const d of marked) {
    for (const f of d.fixes) {
      if (!markers.fixes.some((m) => m.line === d.range.start.line && m.title === f.title)) {
        problems.push(`line ${d.range.start.line + 1}: ${d.code} offers the quick fix ${JSON.stringify(f.title)} but no \`# fix: ${f.title} -> …\` marker tests it`);
      }
    }
  }
  return problems;
}

/** What a hover marker covers: a name read (a use), an attribute, a tuple target, a name bound again. */
export function hoverKinds(m: HoverMarker, text: string): Set<'use' | 'attribute' | 'tuple target' | 'rebound'> {
  const lines = text.split('\n');
  const kinds = new Set<'use' | 'attribute' | 'tuple target' | 'rebound'>();
  const code = codePart(lines[m.line] ?? '');
  const eq = /(?<![=!<>+\-*/])=(?!=)/.exec(code);
  if (m.name.includes('.')) kinds.add('attribute');
  if (!eq || m.column > eq.index) {
    kinds.add('use');
    return kinds;
  }
  const lhs = code.slice(0, eq.index);
  if (lhs.includes(',')) kinds.add('tuple target');
  // bound before: an earlier assignment has the name among its targets
  const token = new RegExp(`(^|[^\\w.])${m.name.replace(/[.]/g, '\\.')}(?![\\w.])`);
  const boundBefore = lines.slice(0, m.line).some((l) => {
    const c = codePart(l);
    const e = /(?<![=!<>+\-*/])=(?!=)/.exec(c);
    return e !== null && token.test(c.slice(0, e.index));
  });
  if (boundBefore) kinds.add('rebound');
  return kinds;
}

