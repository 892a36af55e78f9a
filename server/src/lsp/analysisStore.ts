// Holds one analysis unit per open Python document or notebook (its cells joined in order): analyses
// after a quiet period (debounced) in the analysis backend (a worker in Node, see analysisBackend.ts), caches the facts per
// generation, and serves them per document URI. Requests for a version already superseded are answered
// from the analysis of the version current when they asked; queued analyses of one unit are coalesced.
import type { NotebookDocuments, TextDocuments } from 'vscode-languageserver';
import { NotebookCellKind } from 'vscode-languageserver';
import type { AnalysisLimits, TextChange } from '../analysis/analyze';
import type { AnalysisResult } from '../analysis/facts';
import { fileTooLargeDiagnostic } from '../analysis/limits';
import { joinCells, splitResult, type JoinedProgram } from '../analysis/notebook';
import { utf8Length, type AnalysisBackend } from './analysisBackend';
import type { TrackedDocument } from './trackedDocument';

const empty = (): AnalysisResult => ({ diagnostics: [], shapes: [], modules: [], uses: [], calls: [] });

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
  /** Bumped on every change; an analysis is current when its generation equals this. */
  generation: number;
  analysed?: Analysed;
  /** The analysis under way (or queued in the worker) and the generation it is for. */
  pending?: { generation: number; promise: Promise<Analysed> };
  timer?: ReturnType<typeof setTimeout>;
  /** Document URIs that got facts published last time (to clear the ones that disappear). */
  published: Set<string>;
  /** The generation whose facts were published last (requests may analyse before the timer publishes). */
  publishedGeneration?: number;
  /** The program text last sent to the worker (notebooks: the next edit is diffed against it). */
  sentText?: string;
}

/** How a unit is analysed, from the settings of its document. */
export interface AnalysisConfig {
  limits: Partial<AnalysisLimits>;
  maxFileSizeKB: number;
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

export type PublishFn = (perDocument: Map<string, AnalysisResult>, cleared: string[]) => void;

export class AnalysisStore {
  private readonly units = new Map<string, Unit>();

  constructor(
    private readonly docs: TextDocuments<TrackedDocument>,
    private readonly notebooks: NotebookDocuments<TrackedDocument>,
    private readonly host: AnalysisBackend,
    private readonly config: (uri: string) => Promise<AnalysisConfig>,
    private readonly publish: PublishFn,
    private readonly log: (message: string) => void,
    private readonly debounceMs = 150,
  ) {}

  get size(): number {
    return this.units.size;
  }

  /** A text document was opened or changed (cells of notebooks are routed to their notebook). */
  documentChanged(uri: string): void {
    const nb = this.notebooks.findNotebookDocumentForCell(uri);
    if (nb) return this.notebookChanged(nb.uri);
    this.touch(uri, 'text', true);
  }

  /** A watched file changed on disk: the project reads it again, and open documents are re-analysed. */
  fileChanged(uri: string, deleted: boolean): void {
    this.host.fileChanged(uri, deleted);
    for (const unit of this.units.values()) this.touch(unit.key, unit.kind, false);
  }

  notebookChanged(uri: string): void {
    this.touch(uri, 'notebook');
  }

  /** A document or notebook closed: drop its unit and clear what it published. */
  closed(uri: string): void {
    const unit = this.units.get(uri);
    if (!unit) return;
    if (unit.timer) clearTimeout(unit.timer);
    this.host.close(uri);
    this.units.delete(uri);
    this.publish(new Map(), [...unit.published]);
  }

  /** Re-publish every unit (after a settings change); units are re-analysed with the new settings. */
  republishAll(): void {
    for (const unit of this.units.values()) {
      unit.generation++;
      unit.publishedGeneration = undefined;
      void this.current(unit).then((a) => {
        if (this.units.get(unit.key) === unit && a.generation === unit.generation) this.emit(unit, a);
      });
    }
  }

  /** The current facts for a document (analysing now if a change is pending); undefined if not open. */
  async view(uri: string): Promise<DocumentView | undefined> {
    const nb = this.notebooks.findNotebookDocumentForCell(uri);
    const key = nb ? nb.uri : uri;
    const unit = this.units.get(key);
    if (!unit) return undefined;
    const analysed = await this.current(unit);
    const text = (nb ? this.notebooks.cellTextDocuments.get(uri) : this.docs.get(uri))?.getText() ?? '';
    return { uri, unitKey: key, result: analysed.perDocument.get(uri) ?? empty(), unitResult: analysed.result, text };
  }

  /** The joined program of a notebook unit (for mapping program positions back to cells). */
  async programOf(unitKey: string): Promise<JoinedProgram | undefined> {
    const unit = this.units.get(unitKey);
    return unit ? (await this.current(unit)).program : undefined;
  }

  /** Schedule an analysis; `cascade`: then also re-analyse the open documents this one's facts reach. */
  private touch(key: string, kind: Unit['kind'], cascade = false): void {
    let unit = this.units.get(key);
    if (!unit) {
      unit = { key, kind, generation: 0, published: new Set() };
      this.units.set(key, unit);
    }
    unit.generation++;
    if (unit.timer) clearTimeout(unit.timer);
    const u = unit;
    u.timer = setTimeout(() => {
      u.timer = undefined;
      void this.current(u).then((analysed) => {
        if (this.units.get(u.key) !== u) return; // closed meanwhile
        // Publish only the newest version; a later timer publishes the one after.
        if (analysed.generation === u.generation && analysed.generation !== u.publishedGeneration) this.emit(u, analysed);
        // The project: what imports this file, or what it imports, may show other facts now.
        if (cascade) for (const other of this.host.affectedBy(u.key)) if (other !== u.key && this.units.has(other)) this.touch(other, this.units.get(other)!.kind, false);
      });
    }, this.debounceMs);
  }

  /** The unit's facts for its current generation: cached, under way, or started now. */
  private current(unit: Unit): Promise<Analysed> {
    if (unit.analysed && unit.analysed.generation === unit.generation) return Promise.resolve(unit.analysed);
    if (unit.pending && unit.pending.generation === unit.generation) return unit.pending.promise;
    const promise = this.analyse(unit).then(
      (a) => a,
      (err: unknown) => {
        this.log(`rnnlens: analysis of ${unit.key} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        return { generation: unit.generation, result: empty(), perDocument: new Map([[unit.key, empty()]]) } as Analysed;
      },
    );
    const pending = { generation: unit.generation, promise };
    unit.pending = pending;
    void promise.then((a) => {
      if (!unit.analysed || a.generation >= unit.analysed.generation) unit.analysed = a;
      if (unit.pending === pending) unit.pending = undefined;
    });
    return promise;
  }

  private async analyse(unit: Unit): Promise<Analysed> {
    const config = await this.config(unit.key);
    // From here to host.analyse nothing awaits: the edits taken are exactly those since the text last sent.
    const generation = unit.generation;
    let program: JoinedProgram | undefined;
    let text: string;
    let changes: TextChange[] | undefined;
    if (unit.kind === 'text') {
      const doc = this.docs.get(unit.key);
      if (!doc) return { generation, result: empty(), perDocument: new Map() };
      text = doc.getText();
      changes = doc.takeChanges();
    } else {
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
      program = joinCells(cells);
      text = program.text;
      changes = unit.sentText === undefined ? undefined : [diffChange(unit.sentText, text)];
    }
    let result: AnalysisResult;
    const bytes = utf8Length(text);
    if (bytes > config.maxFileSizeKB * 1024) {
      // Not analysed, and said so; the worker forgets the document (the next version parses afresh).
      this.host.close(unit.key);
      unit.sentText = undefined;
      result = { ...empty(), diagnostics: [fileTooLargeDiagnostic(bytes, config.maxFileSizeKB)] };
    } else {
      unit.sentText = text;
      result = await this.host.analyse(unit.key, unit.key, text, changes, config.limits);
    }
    const perDocument = program ? splitResult(program, result) : new Map([[unit.key, result]]);
    return { generation, result, perDocument, program };
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
