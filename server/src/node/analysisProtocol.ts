// The messages between the analysis host (main thread) and the analysis worker (worker_threads): plain
// data only, so facts cross the boundary by structured clone.
import type { AnalysisLimits, AnalysisResult, TextChange } from '../analysis/analyze';
import type { ModuleSummary } from '../concrete/moduleSummary';

/** Analyse `text` of the document `key` (incrementally from its previous version when `changes` are given). */
export interface AnalyseMessage {
  type: 'analyse';
  id: number;
  key: string;
  /** The file identity for imports (a URI in the server, an absolute path in the CLI). */
  file: string;
  text: string;
  changes?: TextChange[];
  limits?: Partial<AnalysisLimits>;
}

/** Forget the document `key` (closed). */
export interface CloseMessage {
  type: 'close';
  key: string;
}

/** The project the worker analyses in: folders walked for .py files, extra roots, files given explicitly. */
export interface WorkspaceMessage {
  type: 'workspace';
  folders: string[];
  extraRoots: string[];
  files: string[];
}

/** A file changed on disk (`uri`: a file URI or an absolute path). */
export interface FileChangedMessage {
  type: 'fileChanged';
  uri: string;
  deleted: boolean;
}

/** A torchinfo-like summary of `module` (a class, an instance, `Model.encoder`) in `text`, for a hover. */
export interface SummaryMessage {
  type: 'summary';
  id: number;
  /** The document the text is of (its imports are followed in the worker's project). */
  key: string;
  text: string;
  module: string;
}

export type HostMessage = AnalyseMessage | CloseMessage | WorkspaceMessage | FileChangedMessage | SummaryMessage;

export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'loadFailed'; message: string }
  /** `affected`: documents whose facts may change with this one (what imports it, what it imports). */
  | { type: 'result'; id: number; result: AnalysisResult; affected: string[] }
  /** The analysis threw; `parser` when the parser's WASM aborted (the worker must be replaced). */
  | { type: 'failed'; id: number; message: string; parser: boolean }
  /** The answer to a SummaryMessage: the summary, or why there is none. */
  | { type: 'summary'; id: number; summary: ModuleSummary | string };
