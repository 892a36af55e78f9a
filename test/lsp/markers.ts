// Reads the expectations written in fixture comments (see test/fixtures/README.md) that the protocol
// tests check through the server: diagnostic markers, shape markers and hover markers.
export interface DiagnosticMarker { line: number; severity: 'error' | 'warning' | 'information' | 'hint'; code: string }
export interface ShapeMarker { line: number; character: number; shape: string }
export interface HoverMarker { line: number; character: number; text: string }

export interface Markers {
  diagnostics: DiagnosticMarker[];
  shapes: ShapeMarker[];
  hovers: HoverMarker[];
}

const markerLine = /^(\s*)#(\s*)\^\s*(.*)$/;

export function readMarkers(text: string): Markers {
  const lines = text.split('\n');
  const out: Markers = { diagnostics: [], shapes: [], hovers: [] };
  let codeLine = -1;
  lines.forEach((line, i) => {
    const m = markerLine.exec(line);
    if (m) {
      if (codeLine < 0) return;
      const indent = (m[1] ?? '').length;
      const gap = (m[2] ?? '').length;
      // `#^` marks the name starting under the `#`; otherwise the caret's own column
      const character = gap === 0 ? indent : indent + 1 + gap;
      const rest = (m[3] ?? '').trim();
      const hover = /^hover:\s*(.*)$/.exec(rest);
      if (hover) out.hovers.push({ line: codeLine, character, text: (hover[1] ?? '').trim() });
      else out.shapes.push({ line: codeLine, character, shape: rest });
      return;
    }
    if (/^\s*#/.test(line) || line.trim() === '') return;
    codeLine = i;
    const trailing = /#\s*((?:error|warning|information|hint):.*)$/.exec(line);
    if (!trailing) return;
    for (const part of (trailing[1] ?? '').split(',')) {
      const d = /^\s*(error|warning|information|hint):\s*(RL\d{3})/.exec(part);
      if (d) out.diagnostics.push({ line: i, severity: d[1] as DiagnosticMarker['severity'], code: d[2] ?? '' });
    }
  });
  return out;
}
