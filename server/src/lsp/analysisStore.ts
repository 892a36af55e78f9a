// Holds one analysis unit per open Python document or notebook (its cells joined in order): analyses
// after a quiet period (debounced), caches the facts per generation, and serves them per document URI.
import type { NotebookDocuments, TextDocuments } from 'vscode-languageserver';
import { NotebookCellKind } from 'vscode-languageserver';
import { DocumentAnalyzer, fileId, type TextChange } from '../analysis/analyze';
import type { AnalysisResult } from '../analysis/facts';
import { joinCells, splitResult, type JoinedProgram } from '../analysis/notebook';
import type { TrackedDocument } from './trackedDocument';

const empty = (): AnalysisResult => ({ diagnostics: [], shapes: [], modules: [], uses: [] });

interface Analysed {
  generation: number;
  /** Facts of the whole unit (for a notebook: in joined-program coordinates). */
  result: AnalysisResult;
  /** Facts per document URI (the file itself, or each cell) in that document's coordinates. */
  perDocument: Map<string, AnalysisResult>;
  program?: JoinedProgram;
}

interface Unit {
  key: string;
  kind: 'text' | 'notebook';
  analyzer: DocumentAnalyzer;
  /** Bumped on every change; an analysis is current when its generation equals this. */
  generation: number;
  analysed?: Analysed;
  timer?: ReturnType<typeof setTimeout>;
  /** Document URIs that got facts published last time (to clear the ones that disappear). */
  published: Set<string>;
  /** The generation whose facts were published last (requests may analyse before the timer publishes). */
  publishedGeneration?: number;
}

/** The facts one request needs: the document's own facts plus its unit's (for notebooks, the program). */
export interface DocumentView {
  uri: string;
  unitKey: string;
  result: AnalysisResult;
  unitResult: AnalysisResult;
  /** The text of the requested document (a cell's text for a cell). */
  text: string;
}

/** Makes the analyzer of one unit (keyed by its URI). The default runs the core in this thread. */
export type AnalyzerFactory = (key: string) => DocumentAnalyzer;
const inProcess: AnalyzerFactory = (key) => new DocumentAnalyzer(fileId(key));

export type PublishFn = (perDocument: Map<string, AnalysisResult>, cleared: string[]) => void;

export class AnalysisStore {
  private readonly units = new Map<string, Unit>();

  constructor(
    private readonly docs: TextDocuments<TrackedDocument>,
    private readonly notebooks: NotebookDocuments<TrackedDocument>,
    private readonly ready: Promise<void>,
    private readonly publish: PublishFn,
    private readonly log: (message: string) => void,
    private readonly debounceMs = 150,
    private readonly createAnalyzer: AnalyzerFactory = inProcess,
  ) {}

  get size(): number {
    return this.units.size;
  }

  /** A text document was opened or changed (cells of notebooks are routed to their notebook). */
  documentChanged(uri: string): void {
    const nb = this.notebooks.findNotebookDocumentForCell(uri);
    if (nb) return this.notebookChanged(nb.uri);
    this.touch(uri, 'text');
  }

  notebookChanged(uri: string): void {
    this.touch(uri, 'notebook');
  }

  /** A document or notebook closed: drop its unit and clear what it published. */
  closed(uri: string): void {
    const unit = this.units.get(uri);
    if (!unit) return;
    if (unit.timer) clearTimeout(unit.timer);
    unit.analyzer.dispose();
    this.units.delete(uri);
    this.publish(new Map(), [...unit.published]);
  }

  /** Re-publish every unit (after a settings change). */
  republishAll(): void {
    for (const unit of this.units.values()) if (unit.analysed) this.emit(unit, unit.analysed);
  }

  /** The current facts for a document (analysing now if a change is pending); undefined if not open. */
  async view(uri: string): Promise<DocumentView | undefined> {
    await this.ready;
    const nb = this.notebooks.findNotebookDocumentForCell(uri);
    const key = nb ? nb.uri : uri;
    const unit = this.units.get(key);
    if (!unit) return undefined;
    const analysed = this.current(unit);
    const text = (nb ? this.notebooks.cellTextDocuments.get(uri) : this.docs.get(uri))?.getText() ?? '';
    return { uri, unitKey: key, result: analysed.perDocument.get(uri) ?? empty(), unitResult: analysed.result, text };
  }

  /** The joined program of a notebook unit (for mapping program positions back to cells). */
  programOf(unitKey: string): JoinedProgram | undefined {
    const unit = this.units.get(unitKey);
    return unit ? this.current(unit).program : undefined;
  }

  private touch(key: string, kind: Unit['kind']): void {
    let unit = this.units.get(key);
    if (!unit) {
      unit = { key, kind, analyzer: this.createAnalyzer(key), generation: 0, published: new Set() };
      this.units.set(key, unit);
    }
    unit.generation++;
    if (unit.timer) clearTimeout(unit.timer);
    const u = unit;
    u.timer = setTimeout(() => {
      u.timer = undefined;
      this.ready.then(
        () => {
          if (this.units.get(u.key) !== u) return; // closed meanwhile
          const analysed = this.current(u);
          if (analysed.generation !== u.publishedGeneration) this.emit(u, analysed);
        },
        (err: unknown) => this.log(`rnnlens: analyzer failed to load: ${String(err)}`),
      );
    }, this.debounceMs);
  }

  /** The unit's facts for its current generation, analysing now when they are stale. */
  private current(unit: Unit): Analysed {
    if (unit.analysed && unit.analysed.generation === unit.generation) return unit.analysed;
    const generation = unit.generation;
    let analysed: Analysed;
    try {
      analysed = unit.kind === 'text' ? this.analyseText(unit, generation) : this.analyseNotebook(unit, generation);
    } catch (err) {
      this.log(`rnnlens: analysis of ${unit.key} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      unit.analyzer.dispose();
      unit.analyzer = this.createAnalyzer(unit.key);
      analysed = { generation, result: empty(), perDocument: new Map([[unit.key, empty()]]) };
    }
    // Only a result for the newest generation is kept; an older one (if analysis ever yields) is dropped.
    if (generation === unit.generation) unit.analysed = analysed;
    return analysed;
  }

  private analyseText(unit: Unit, generation: number): Analysed {
    const doc = this.docs.get(unit.key);
    if (!doc) return { generation, result: empty(), perDocument: new Map() };
    const result = unit.analyzer.update(doc.getText(), doc.takeChanges());
    return { generation, result, perDocument: new Map([[unit.key, result]]) };
  }

  private analyseNotebook(unit: Unit, generation: number): Analysed {
    const nb = this.notebooks.getNotebookDocument(unit.key);
    if (!nb) return { generation, result: empty(), perDocument: new Map() };
    const cells: { id: string; text: string }[] = [];
    for (const cell of nb.cells) {
      if (cell.kind !== NotebookCellKind.Code) continue;
      const doc = this.notebooks.getCellTextDocument(cell);
      if (!doc || doc.languageId !== 'python') continue;
      doc.takeChanges();
      cells.push({ id: cell.document, text: doc.getText() });
    }
    const program = joinCells(cells);
    const previous = unit.analysed?.program?.text;
    const result = unit.analyzer.update(program.text, previous === undefined ? undefined : [diffChange(previous, program.text)]);
    return { generation, result, perDocument: splitResult(program, result), program };
  }

  private emit(unit: Unit, analysed: Analysed): void {
    const now = new Set(analysed.perDocument.keys());
    const cleared = [...unit.published].filter((u) => !now.has(u));
    unit.published = now;
    unit.publishedGeneration = analysed.generation;
    this.publish(analysed.perDocument, cleared);
  }
}

/** The single edit turning `before` into `after` (common prefix and suffix kept) for incremental parsing. */
export function diffChange(before: string, after: string): TextChange {
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && before.charCodeAt(endBefore - 1) === after.charCodeAt(endAfter - 1)) {
    endBefore--;
    endAfter--;
  }
  return { start, end: endBefore, text: after.slice(start, endAfter) };
}
