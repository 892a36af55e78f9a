// The messages between the analysis host (main thread) and the analysis worker (worker_threads): plain
// data only, so facts cross the boundary by structured clone.
import type { AnalysisLimits, AnalysisResult, TextChange } from '../analysis/analyze';

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

export type HostMessage = AnalyseMessage | CloseMessage;

export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'loadFailed'; message: string }
  | { type: 'result'; id: number; result: AnalysisResult }
  /** The analysis threw; `parser` when the parser's WASM aborted (the worker must be replaced). */
  | { type: 'failed'; id: number; message: string; parser: boolean };
