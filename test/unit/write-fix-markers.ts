// Authoring helper: adds a `# fix: <title> -> <resulting line>` marker (test/fixtures/README.md) for every
// quick fix of a marked diagnostic that has none yet, under the diagnostic's line. What it writes is then
// checked twice: by the fixture runners (the fix removes the diagnostic) and by the torch oracle (the fixed
// line runs). Usage: node --import tsx test/unit/write-fix-markers.ts FILE_OR_DIR...
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeText, loadAnalyzer } from '../../server/src/node/analyzer';
import { applyFix } from './apply-fix';
import { codePart, parseMarkers } from './markers';

function pyFiles(p: string): string[] {
  if (fs.statSync(p).isFile()) return p.endsWith('.py') ? [p] : [];
  return fs.readdirSync(p).sort().flatMap((n) => pyFiles(path.join(p, n)));
}

async function main(): Promise<void> {
  await loadAnalyzer();
  for (const file of process.argv.slice(2).flatMap(pyFiles)) {
    const text = fs.readFileSync(file, 'utf8');
    const markers = parseMarkers(text);
    const facts = await analyzeText(text);
    const lines = text.split('\n');
    const inserts: { after: number; text: string }[] = [];
    for (const d of facts.diagnostics) {
      const line = d.range.start.line;
      if (!markers.diagnostics.some((m) => m.line === line && m.code === d.code && m.severity === d.severity)) continue;
      for (const f of d.fixes) {
        if (markers.fixes.some((m) => m.line === line && m.title === f.title)) continue;
        const edited = new Set(f.edits.flatMap((e) => [e.range.start.line, e.range.end.line]));
        if (edited.size !== 1) {
          console.log(`${file}:${line + 1}: fix ${JSON.stringify(f.title)} edits several lines; write its marker by hand`);
          continue;
        }
        const result = codePart(applyFix(text, f).split('\n')[[...edited][0]!] ?? '').trim();
        let after = line;
        while (after + 1 < lines.length && /^\s*#\s*(\^|fix:)/.test(lines[after + 1] ?? '')) after++;
        const indent = /^\s*/.exec(lines[line] ?? '')?.[0] ?? '';
        inserts.push({ after, text: `${indent}# fix: ${f.title} -> ${result}` });
      }
    }
    if (inserts.length === 0) continue;
    // stable: several fixes after the same line keep their order
    inserts.sort((a, b) => b.after - a.after);
    const byLine = new Map<number, string[]>();
    for (const i of inserts) byLine.set(i.after, [...(byLine.get(i.after) ?? []), i.text]);
    for (const [after, texts] of [...byLine].sort((a, b) => b[0] - a[0])) lines.splice(after + 1, 0, ...texts);
    fs.writeFileSync(file, lines.join('\n'));
    console.log(`${file}: ${inserts.length} fix marker(s)`);
  }
}

void main();
