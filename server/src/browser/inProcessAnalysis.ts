// The analysis backend of the browser build: analyses run in the server's own Web Worker (the editor's
// UI never waits on them; the step budget bounds each one), over the project's files that the client
// reads through vscode.workspace.fs and sends on request (rnnlens/workspaceFiles).
import type { AnalysisLimits, AnalysisResult, TextChange } from '../analysis/analyze';
import { summarizeModule, type ModuleSummary } from '../concrete/moduleSummary';
import { failureResult, type AnalysisBackend, type AnalysisBackendOptions } from '../lsp/analysisBackend';
import type { WorkspaceFilesParams, WorkspaceFilesResult } from '../protocol';
import { BrowserProject } from './browserProject';

export type RequestFiles = (params: WorkspaceFilesParams) => Promise<WorkspaceFilesResult>;

export class InProcessAnalysis implements AnalysisBackend {
  private project = new BrowserProject([], [], []);
  /** Every analysis waits for the parser and for the project's files (each change chains onto it). */
  private ready: Promise<void>;
  readonly workersStarted = 0;
  analysesRun = 0;

  constructor(
    private readonly parserLoaded: Promise<void>,
    private readonly requestFiles: RequestFiles,
    private options: AnalysisBackendOptions,
  ) {
    this.ready = parserLoaded;
  }

  private get log(): (message: string) => void {
    return this.options.log ?? (() => undefined);
  }

  setWorkspaceFolders(folderUris: readonly string[], extraRoots: readonly string[]): void {
    const files = this.requestFiles({ folders: [...folderUris], uris: [] }).then(
      (r) => {
        if (r.truncated) this.log(`rnnlens: the workspace has more files than the client reads; ${r.files.length} are indexed, the rest are analysed when opened`);
        return r.files;
      },
      (err: unknown) => {
        this.log(`rnnlens: could not read the workspace's files (imports are not followed): ${String(err)}`);
        return [];
      },
    );
    this.ready = Promise.all([this.parserLoaded, files]).then(([, f]) => {
      this.project = new BrowserProject(folderUris, extraRoots, f);
      this.log(`rnnlens: indexed ${this.project.fileCount} Python files of ${folderUris.join(', ')} (${f.length} files read through the client)`);
    });
  }

  fileChanged(uri: string, deleted: boolean): void {
    const read = deleted ? Promise.resolve({ files: [{ uri }], truncated: false }) : this.requestFiles({ folders: [], uris: [uri] });
    this.ready = Promise.all([this.ready, read.catch(() => ({ files: [{ uri }], truncated: false }))]).then(([, r]) => {
      for (const f of r.files) this.project.setFile(f);
      this.project.fileChanged(uri, deleted);
    });
  }

  affectedBy(key: string): string[] {
    return this.project.affectedBy(key);
  }

  setOptions(options: AnalysisBackendOptions): void {
    this.options = options;
  }

  async analyse(key: string, _file: string, text: string, changes?: readonly TextChange[], limits?: Partial<AnalysisLimits>): Promise<AnalysisResult> {
    try {
      await this.ready;
    } catch (err) {
      return failureResult('parser', this.options, `the Python parser did not load: ${String(err)}`);
    }
    this.analysesRun++;
    try {
      return this.project.update(key, text, changes, limits);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.log(`rnnlens: analysis of ${key} failed: ${err instanceof Error ? (err.stack ?? message) : message}`);
      this.project.forget(key);
      const parser = (err instanceof Error && err.name === 'RuntimeError') || /Aborted\(/.test(message);
      return failureResult(parser ? 'parser' : 'crash', this.options, message);
    }
  }

  async summary(key: string, text: string, module: string): Promise<ModuleSummary | string> {
    try {
      await this.ready;
      return summarizeModule(text, module, this.project.contextOf(key));
    } catch (e) {
      return `the summary failed: ${e instanceof Error ? e.message : String(e)}`;
    }
  }

  close(key: string): void {
    void this.ready.then(() => this.project.close(key), () => undefined);
  }
}
