// Runs the analysis in a worker thread with a heap limit and a time budget, one request at a time, and
// replaces the worker when an analysis fails (out of memory, out of time, a WASM abort in the parser):
// the failing file gets a diagnostic saying what stopped, the next file gets a fresh worker. Requests for
// a document still waiting in the queue are coalesced: every waiter gets the newest version's facts.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { AnalysisLimits, AnalysisResult, TextChange } from '../analysis/analyze';
import type { FailureKind } from '../analysis/limits';
import { DEFAULT_ANALYSIS_OPTIONS, failureResult, type AnalysisBackend, type AnalysisBackendOptions } from '../lsp/analysisBackend';
import { pathOfUri } from './projectRoots';
import type { AnalyseMessage, HostMessage, WorkerMessage, WorkspaceMessage } from './analysisProtocol';
import type { ModuleSummary } from '../concrete/moduleSummary';

export type AnalysisHostOptions = AnalysisBackendOptions;

/** Edits replayed on the previous tree at most; more (a coalesced burst) are parsed afresh. */
const MAX_REPLAYED_EDITS = 64;

export const DEFAULT_HOST_OPTIONS: AnalysisHostOptions = DEFAULT_ANALYSIS_OPTIONS;

/** One analysis request, or several for the same document merged while they waited. */
interface Job {
  key: string;
  file: string;
  text: string;
  /** Edits since the text the worker last saw for this key; undefined: parse from scratch. */
  changes?: TextChange[];
  limits?: Partial<AnalysisLimits>;
  waiters: ((r: AnalysisResult) => void)[];
}

interface Slot {
  worker: Worker;
  ready: Promise<void>;
  /** The request being analysed. */
  running?: { id: number; job: Job; timer: ReturnType<typeof setTimeout> };
}

/** The worker script: dist/analysis-worker.js beside the bundle, or analysisWorker.ts from source (tsx). */
function workerScript(): string {
  const bundled = path.join(__dirname, 'analysis-worker.js');
  if (fs.existsSync(bundled)) return bundled;
  const source = path.join(__dirname, 'analysisWorker.ts');
  if (fs.existsSync(source)) return source;
  throw new Error(`rnnlens: analysis worker not found (looked for ${bundled} and ${source})`);
}

export class AnalysisHost implements AnalysisBackend {
  private slot: Slot | undefined;
  private readonly queue: Job[] = [];
  /** Documents whose previous version the current worker holds (their edits can be replayed). */
  private readonly known = new Set<string>();
  private nextId = 1;
  private disposed = false;
  private unloadable: string | undefined;
  /** Workers started so far (1 + restarts), for tests and status. */
  workersStarted = 0;
  /** Analyses sent to a worker so far (coalesced requests count once). */
  analysesRun = 0;

  /** The project every worker analyses in (sent again to a replacement worker). */
  private workspace: WorkspaceMessage | undefined;
  /** What the last analysis of each document said may change with it. */
  private readonly affected = new Map<string, string[]>();
  /** Summaries asked of the worker, by message id. */
  private readonly summaries = new Map<number, { slot: Slot; settle: (s: ModuleSummary | string) => void }>();

  constructor(private options: AnalysisHostOptions = DEFAULT_HOST_OPTIONS) {}

  /** The project: folders walked for .py files (imports followed across them), extra roots, explicit files. */
  setWorkspace(folders: readonly string[], extraRoots: readonly string[] = [], files: readonly string[] = []): void {
    this.workspace = { type: 'workspace', folders: [...folders], extraRoots: [...extraRoots], files: [...files] };
    this.slot?.worker.postMessage(this.workspace);
  }

  /** The language server's workspace folders, as URIs (those not on disk are left out). */
  setWorkspaceFolders(folderUris: readonly string[], extraRoots: readonly string[]): void {
    this.setWorkspace(folderUris.map(pathOfUri).filter((p): p is string => p !== undefined), extraRoots);
  }

  /** A file of the project changed on disk. */
  fileChanged(uri: string, deleted: boolean): void {
    this.slot?.worker.postMessage({ type: 'fileChanged', uri, deleted } satisfies HostMessage);
  }

  /** Documents whose facts may change when `key` changes (as its last analysis found). */
  affectedBy(key: string): string[] {
    return this.affected.get(key) ?? [];
  }

  /** New limits apply from the next worker on (the running one is replaced when idle). */
  setOptions(options: AnalysisHostOptions): void {
    const changed = options.memoryLimitMB !== this.options.memoryLimitMB;
    this.options = options;
    if (changed && this.slot && !this.slot.running) this.replaceWorker();
  }

  /**
   * The facts of `text`, the newest version of document `key` (`changes`: the edits since the text
   * last passed for this key). Never rejects: a failure comes back as a result whose diagnostic says why.
   */
  analyse(key: string, file: string, text: string, changes?: readonly TextChange[], limits?: Partial<AnalysisLimits>): Promise<AnalysisResult> {
    return new Promise((resolve) => {
      const queued = this.queue.find((j) => j.key === key);
      if (queued) {
        // Past a few dozen edits a fresh parse is cheaper than replaying each one on the old tree.
        queued.changes = queued.changes && changes && queued.changes.length + changes.length <= MAX_REPLAYED_EDITS ? [...queued.changes, ...changes] : undefined;
        queued.text = text;
        queued.file = file;
        queued.limits = limits;
        queued.waiters.push(resolve);
      } else {
        this.queue.push({ key, file, text, changes: changes && changes.length <= MAX_REPLAYED_EDITS ? [...changes] : undefined, limits, waiters: [resolve] });
      }
      this.pump();
    });
  }

  /**
   * A torchinfo-like summary of `module` in `text` (for a hover), computed in the worker after the
   * requests it already has; a sentence saying why when there is none (or it takes longer than `timeoutMs`).
   */
  summary(key: string, text: string, module: string, timeoutMs = 5000): Promise<ModuleSummary | string> {
    if (this.disposed || this.unloadable) return Promise.resolve('the analysis is not available');
    const slot = (this.slot ??= this.startWorker());
    const id = this.nextId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => settle(`the summary took longer than ${timeoutMs} ms`), timeoutMs);
      const settle = (s: ModuleSummary | string): void => {
        clearTimeout(timer);
        this.summaries.delete(id);
        resolve(s);
      };
      this.summaries.set(id, { slot, settle });
      slot.ready.then(
        () => slot.worker.postMessage({ type: 'summary', id, key, text, module } satisfies HostMessage),
        () => settle('the parser could not be loaded'),
      );
    });
  }

  /** The document closed: forget it (and any request of it still waiting). */
  close(key: string): void {
    const i = this.queue.findIndex((j) => j.key === key);
    if (i >= 0) {
      const [job] = this.queue.splice(i, 1);
      for (const w of job!.waiters) w({ diagnostics: [], shapes: [], modules: [], uses: [], calls: [] });
    }
    if (this.known.delete(key)) this.slot?.worker.postMessage({ type: 'close', key } satisfies HostMessage);
  }

  /** Stop the worker; pending requests get an empty result. */
  async dispose(): Promise<void> {
    this.disposed = true;
    for (const job of this.queue.splice(0)) for (const w of job.waiters) w({ diagnostics: [], shapes: [], modules: [], uses: [], calls: [] });
    const slot = this.slot;
    this.slot = undefined;
    if (slot) {
      if (slot.running) clearTimeout(slot.running.timer);
      await slot.worker.terminate();
    }
  }

  private startWorker(): Slot {
    const script = workerScript();
    const resourceLimits = { maxOldGenerationSizeMb: this.options.memoryLimitMB, maxYoungGenerationSizeMb: Math.min(64, Math.max(8, this.options.memoryLimitMB >> 4)) };
    // From source (tests under tsx) the worker registers tsx's require hook first; the bundle is plain JS.
    const worker = script.endsWith('.ts')
      ? new Worker(`require('tsx/cjs'); require(${JSON.stringify(script)});`, { eval: true, resourceLimits })
      : new Worker(script, { resourceLimits });
    worker.unref();
    this.workersStarted++;
    if (this.workspace) worker.postMessage(this.workspace);
    let onReady!: () => void;
    let onLoadFailed!: (e: Error) => void;
    const ready = new Promise<void>((res, rej) => {
      onReady = res;
      onLoadFailed = rej;
    });
    ready.catch(() => undefined);
    const slot: Slot = { worker, ready };
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'ready') onReady();
      else if (m.type === 'summary') this.summaries.get(m.id)?.settle(m.summary);
      else if (m.type === 'loadFailed') onLoadFailed(new Error(m.message));
      else if (m.type === 'result') {
        if (slot.running?.id === m.id) this.affected.set(slot.running.job.key, m.affected);
        this.finish(slot, m.id, m.result, false);
      }
      else this.finish(slot, m.id, failureResult(m.parser ? 'parser' : 'crash', this.options, m.message), true);
    });
    worker.on('error', (err: Error & { code?: string }) => {
      const memory = err.code === 'ERR_WORKER_OUT_OF_MEMORY';
      onLoadFailed(err);
      this.lost(slot, memory ? 'memory' : 'crash', err.message);
    });
    worker.on('exit', (code) => {
      onLoadFailed(new Error(`the analysis worker exited (code ${code})`));
      this.lost(slot, 'crash', `the analysis worker exited (code ${code})`);
    });
    return slot;
  }

  private replaceWorker(): void {
    const old = this.slot;
    this.slot = undefined;
    this.known.clear();
    if (old) void old.worker.terminate();
  }

  /** A worker died or was stopped: its running request fails with `kind`, the queue goes on with a new one. */
  private lost(slot: Slot, kind: FailureKind, message: string): void {
    for (const p of [...this.summaries.values()]) if (p.slot === slot) p.settle(`the analysis worker stopped: ${message}`);
    const running = slot.running;
    slot.running = undefined;
    if (this.slot === slot) {
      this.slot = undefined;
      this.known.clear();
    }
    if (running) {
      clearTimeout(running.timer);
      this.options.log?.(`rnnlens: analysis of ${running.job.key} stopped (${kind}): ${message}`);
      for (const w of running.job.waiters) w(failureResult(kind, this.options, message));
    }
    this.pump();
  }

  private finish(slot: Slot, id: number, result: AnalysisResult, replace: boolean): void {
    const running = slot.running;
    if (!running || running.id !== id) return;
    clearTimeout(running.timer);
    slot.running = undefined;
    if (replace) {
      this.options.log?.(`rnnlens: analysis of ${running.job.key} failed: ${result.diagnostics[0]?.message ?? ''}`);
      if (this.slot === slot) this.replaceWorker();
    }
    for (const w of running.job.waiters) w(result);
    this.pump();
  }

  private pump(): void {
    if (this.disposed || this.queue.length === 0) return;
    if (this.slot?.running) return;
    if (this.unloadable) {
      for (const job of this.queue.splice(0)) for (const w of job.waiters) w(failureResult('crash', this.options, this.unloadable));
      return;
    }
    const slot = (this.slot ??= this.startWorker());
    const job = this.queue.shift()!;
    const id = this.nextId++;
    // Reserve the slot now (the worker may still be loading the parser); the time budget starts when the
    // request is sent, so a slow start is not blamed on the file.
    const running: NonNullable<Slot['running']> = { id, job, timer: undefined as unknown as ReturnType<typeof setTimeout> };
    slot.running = running;
    slot.ready.then(
      () => {
        if (slot.running?.id !== id) return;
        running.timer = setTimeout(() => {
          if (slot.running?.id !== id) return;
          void slot.worker.terminate();
          this.lost(slot, 'time', `longer than ${this.options.timeoutSeconds} s`);
        }, this.options.timeoutSeconds * 1000);
        const msg: AnalyseMessage = {
          type: 'analyse',
          id,
          key: job.key,
          file: job.file,
          text: job.text,
          changes: this.known.has(job.key) ? job.changes : undefined,
          limits: job.limits,
        };
        this.known.add(job.key);
        this.analysesRun++;
        slot.worker.postMessage(msg);
      },
      (err: unknown) => {
        // Not a property of one file: a worker that cannot load the parser is not restarted in a loop.
        this.unloadable = `the parser could not be loaded: ${err instanceof Error ? err.message : String(err)}`;
        this.lost(slot, 'crash', this.unloadable);
      },
    );
  }
}
