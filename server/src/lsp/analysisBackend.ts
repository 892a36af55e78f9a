// Where the language server's analyses run, as the store (analysisStore.ts) sees it: in Node a worker
// thread with a heap limit and a time budget (node/analysisHost.ts), in a browser the server's own Web
// Worker (browser/inProcessAnalysis.ts). Both keep the project's index and follow its imports.
import type { AnalysisLimits, AnalysisResult, TextChange } from '../analysis/analyze';
import { analysisFailedDiagnostic, type FailureKind } from '../analysis/limits';
import type { ModuleSummary } from '../concrete/moduleSummary';

export interface AnalysisBackendOptions {
  /** Heap of a Node analysis worker (V8 old generation), MB; a browser backend has no separate heap. */
  memoryLimitMB: number;
  /** Wall time one analysis may take, seconds (enforced where the analysis runs in its own worker). */
  timeoutSeconds: number;
  log?: (message: string) => void;
}

// Wall time, so generous: on a loaded machine (load average 18 on 2 cores, measured) a 100,000-line file
// takes 30 s of wall time for 6 s of CPU; the step budget is what bounds the work.
export const DEFAULT_ANALYSIS_OPTIONS: AnalysisBackendOptions = { memoryLimitMB: 1024, timeoutSeconds: 60 };

export interface AnalysisBackend {
  /** The project: the workspace folders' URIs (their files are indexed) and extra import roots. */
  setWorkspaceFolders(folderUris: readonly string[], extraRoots: readonly string[]): void;
  /** A file of the project changed outside the editor (`workspace/didChangeWatchedFiles`). */
  fileChanged(uri: string, deleted: boolean): void;
  /** Documents whose facts may change when `key` changes (as its last analysis found). */
  affectedBy(key: string): string[];
  setOptions(options: AnalysisBackendOptions): void;
  /**
   * The facts of `text`, the newest version of document `key` (`changes`: the edits since the text last
   * passed for this key). Never rejects: a failure comes back as a result whose diagnostic says why.
   */
  analyse(key: string, file: string, text: string, changes?: readonly TextChange[], limits?: Partial<AnalysisLimits>): Promise<AnalysisResult>;
  /**
   * A torchinfo-like summary of `module` in `text`, the current text of document `key` (for a hover), with
   * the classes it imports from other files of the project followed; or a sentence saying why there is none.
   * Never rejects.
   */
  summary(key: string, text: string, module: string): Promise<ModuleSummary | string>;
  /** The document closed: forget it. */
  close(key: string): void;
  /** Analysis workers started so far (1 + restarts; 0 where there is none), for `rnnlens/serverStatus`. */
  readonly workersStarted: number;
  /** Analyses run so far (coalesced requests count once). */
  readonly analysesRun: number;
}

/** UTF-8 length of `text` without encoding it (the file-size limit is in bytes, as on disk). */
export function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** The result of an analysis that did not finish: one diagnostic saying what stopped it. */
export function failureResult(kind: FailureKind, options: AnalysisBackendOptions, message?: string): AnalysisResult {
  return {
    diagnostics: [analysisFailedDiagnostic(kind, { memoryLimitMB: options.memoryLimitMB, timeoutSeconds: options.timeoutSeconds, message })],
    shapes: [],
    modules: [],
    calls: [],
    uses: [],
  };
}
