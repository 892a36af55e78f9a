// The hover of a model (`model = Tagger(...)`, `self.encoder = Encoder(...)`, `class Tagger(nn.Module)`):
// a torchinfo-like summary (each sub-layer's output shape and parameter count, the total), then the
// weights. The summary is computed on demand in the analysis worker and kept per document text.
import type { Position, Range } from '../analysis/facts';
import type { ModuleSummary } from '../concrete/moduleSummary';
import { dottedNameAt, enclosingClassAt } from './hover';

/** Rows and weights shown at most (a hover is not a report). */
const MAX_ROWS = 60;

/**
 * What `rnnlens summary --module` would be asked for the name under `pos`: a class defined at the top
 * level (on its name), a name of top-level code (`model`, `model.encoder`), or `self.x` inside a class
 * (`Class.x`). Names inside functions are locals, never looked up at the top level.
 */
export function summaryTargetAt(text: string, pos: Position): { module: string; shown: string; range: Range } | undefined {
  const word = dottedNameAt(text, pos);
  if (!word) return undefined;
  const line = text.split(/\r\n|\r|\n/)[pos.line] ?? '';
  const cls = /^class\s+([A-Za-z_]\w*)/.exec(line);
  if (cls) return word.name === cls[1] ? { module: word.name, shown: word.name, range: word.range } : undefined;
  const esc = (x: string) => x.replace(/[.]/g, '\\.');
  if (word.name.startsWith('self.')) {
    const attr = word.name.slice('self.'.length);
    const owner = enclosingClassAt(text, pos);
    // only an attribute the code sets to something other than a torch layer (those have declaration hovers)
    if (!owner || !/^\w+$/.test(attr) || !new RegExp(`self\\.${attr}\\s*=\\s*(?!nn\\.|torch\\.)[A-Za-z_]`).test(text)) return undefined;
    return { module: `${owner}.${attr}`, shown: word.name, range: word.range };
  }
  // top-level code only: a line without indentation (the start of a statement there), and a name the
  // top level binds to a call or a name (`model = Tagger(...)`), not any word
  if (/^\s/.test(line) || word.name === 'self') return undefined;
  const head = word.name.split('.')[0]!;
  if (!new RegExp(`^${esc(head)}\\s*=\\s*[A-Za-z_][\\w.]*\\s*(\\(|$)`, 'm').test(text)) return undefined;
  return { module: word.name, shown: word.name, range: word.range };
}

const group = (n: number | string): string => (typeof n === 'number' ? n.toLocaleString('en-US') : n);
const cell = (s: string): string => s.replace(/\|/g, '\\|');

/** The Markdown of a summary: the table with the total first, then the weights. */
export function summaryHover(s: ModuleSummary, name: string): string {
  const lines: string[] = [];
  lines.push(`**${s.cls}** \`${name}\`` + (typeof s.total === 'number' ? ` — ${group(s.total)} parameters` : ''));
  if (s.generic) lines.push('', `The file builds no ${s.cls} here: sizes are named after its constructor's parameters.`);
  lines.push('');
  if (s.generic) lines.push('| layer | output shape | parameters |', '| --- | --- | ---: |');
  else lines.push('| layer | output shape | here | parameters |', '| --- | --- | --- | ---: |');
  for (const r of s.rows.slice(0, MAX_ROWS)) {
    const head = `\`${cell(r.name)}\` ${r.kind}`;
    if (s.generic) lines.push(`| ${head} | \`${cell(r.general)}\` | ${cell(group(r.params))} |`);
    else lines.push(`| ${head} | \`${cell(r.general)}\` | \`${cell(r.concrete)}\` | ${cell(group(r.params))} |`);
  }
  if (s.rows.length > MAX_ROWS) lines.push(s.generic ? `| … ${s.rows.length - MAX_ROWS} more | | |` : `| … ${s.rows.length - MAX_ROWS} more | | | |`);
  lines.push('', `**Total parameters:** ${group(s.total)}`);
  if (s.weights.length > 0) {
    lines.push('', '**Weights**', '');
    for (const w of s.weights.slice(0, MAX_ROWS)) {
      const shape = '(' + w.shape.map(String).join(', ') + (w.shape.length === 1 ? ',)' : ')');
      lines.push(`- \`${w.name}\`: \`${shape}\`${w.buffer ? ' (buffer)' : ''}`);
    }
    if (s.weights.length > MAX_ROWS) lines.push(`- … ${s.weights.length - MAX_ROWS} more`);
  }
  return lines.join('\n');
}

/** Computes summaries (in the worker) and keeps the last few per document, keyed by its text and the name. */
export class SummaryHovers {
  private readonly cache = new Map<string, { text: string; module: string; summary: ModuleSummary | string }[]>();

  constructor(private readonly compute: (uri: string, text: string, module: string) => Promise<ModuleSummary | string>) {}

  async hover(uri: string, text: string, pos: Position): Promise<{ markdown: string; range: Range } | undefined> {
    const target = summaryTargetAt(text, pos);
    if (!target) return undefined;
    const list = (this.cache.get(uri) ?? []).filter((e) => e.text === text);
    let hit = list.find((e) => e.module === target.module);
    if (!hit) {
      hit = { text, module: target.module, summary: await this.compute(uri, text, target.module) };
      this.cache.set(uri, [hit, ...list].slice(0, 8));
    }
    return typeof hit.summary === 'string' ? undefined : { markdown: summaryHover(hit.summary, target.shown), range: target.range };
  }

  forget(uri: string): void {
    this.cache.delete(uri);
  }

  /** Another file of the project changed: a summary may follow its classes, so none is kept. */
  clear(): void {
    this.cache.clear();
  }
}
