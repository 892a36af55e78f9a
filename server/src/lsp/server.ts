// The rnnlens language server: wires an LSP connection (made by the entry: main.node.ts over IPC/stdio,
// main.browser.ts in a Web Worker) to the analysis store and the features (diagnostics, hover, inlay
// hints, quick fixes, code lenses, sample runs). Holds the only state; what differs per host is in ServerHost.
import {
  CodeActionKind,
  CodeLensRefreshRequest,
  ErrorCodes,
  ResponseError,
  FileChangeType,
  NotebookDocuments,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type InitializeResult,
} from 'vscode-languageserver';
import type { AnalysisBackend } from './analysisBackend';
import { ListLayersRequest, ListModelsRequest, RunModelRequest, RunSampleRequest, SampleOutputsRequest, ServerStatusRequest } from '../protocol';
import { AnalysisStore, type AnalysisConfig } from './analysisStore';
import { quickFixes } from './codeActions';
import { runModelLenses, runSampleLenses } from './codeLenses';
import { toLspDiagnostic } from './diagnostics';
import { hoverAt } from './hover';
import { inlayHintsIn } from './inlayHints';
import { runModelHandler, type ModelRunner } from './runModel';
import { listLayers, runSampleHandler, type SampleRunner } from './runSample';
import { recentRuns } from './sampleOutputs';
import { SettingsCache } from './settings';
import { SummaryHovers } from './summaryHover';
import { trackedDocumentConfig, TrackedDocument } from './trackedDocument';

/** What the entry of one platform provides: file access and workers differ, the server does not. */
export interface ServerHost {
  /**
   * Where analyses run: a worker thread in Node, the server's own Web Worker in a browser (whose parser
   * WASM is fetched from the URLs in `initializationOptions`). Called once, on `initialize`.
   */
  createAnalysis(connection: Connection, initializationOptions: unknown, log: (message: string) => void): AnalysisBackend;
  /** Runs a sample forward pass in the engine's worker. */
  runSample: SampleRunner;
  /** Runs a whole model's forward in a worker of its own; absent where the build cannot. */
  runModel?: ModelRunner;
  /** Tells server instances apart in `rnnlens/serverStatus` (the process id in Node). */
  instanceId: number;
}

/** Serves rnnlens on `connection`, with the host's analysis backend and engine workers. */
export function startServer(connection: Connection, serverHost: ServerHost): Connection {
  const documents = new TextDocuments<TrackedDocument>(trackedDocumentConfig);
  const notebooks = new NotebookDocuments<TrackedDocument>(trackedDocumentConfig);
  const log = (m: string): void => connection.console.error(m);

  let canPullConfiguration = false;
  let canRefreshInlayHints = false;
  let canRefreshCodeLenses = false;
  const settings = new SettingsCache(connection, () => canPullConfiguration);

  // Made on `initialize` (the browser host needs its options); requests come after it.
  let host!: AnalysisBackend;
  const summaries = new SummaryHovers((uri, text, module) => host.summary(uri, text, module));
  const analysisConfig = async (uri: string): Promise<AnalysisConfig> => {
    const a = (await settings.get(uri)).analysis;
    host.setOptions({ memoryLimitMB: a.memoryLimitMB, timeoutSeconds: a.timeoutSeconds, log });
    return { limits: { maxSteps: a.maxSteps }, maxFileSizeKB: a.maxFileSizeKB };
  };

  let debounceMs = 150;
  let store: AnalysisStore | undefined;
  const getStore = (): AnalysisStore => {
    store ??= new AnalysisStore(
      documents,
      notebooks,
      host,
      analysisConfig,
      (perDocument, cleared) => {
        for (const uri of cleared) void connection.sendDiagnostics({ uri, diagnostics: [] });
        for (const [uri, result] of perDocument) {
          void settings.get(uri).then((s) =>
            connection.sendDiagnostics({ uri, diagnostics: s.diagnostics.enabled ? result.diagnostics.map(toLspDiagnostic) : [] }),
          );
        }
        if (canRefreshCodeLenses) void connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
      },
      log,
      debounceMs,
    );
    return store;
  };

  connection.onInitialize((params): InitializeResult => {
    const caps = params.capabilities;
    canPullConfiguration = caps.workspace?.configuration === true;
    canRefreshInlayHints = caps.workspace?.inlayHint?.refreshSupport === true;
    canRefreshCodeLenses = caps.workspace?.codeLens?.refreshSupport === true;
    const init = params.initializationOptions as { debounceMs?: unknown; extraRoots?: unknown } | undefined;
    if (typeof init?.debounceMs === 'number') debounceMs = init.debounceMs;
    host = serverHost.createAnalysis(connection, params.initializationOptions, log);
    // The project: every .py file of the workspace folders, so imports are followed across files. Given
    // to the backend once the client is initialized (a browser backend asks the client for the files).
    const folders = (params.workspaceFolders ?? []).map((f) => f.uri);
    if (folders.length === 0 && params.rootUri) folders.push(params.rootUri);
    const extraRoots = Array.isArray(init?.extraRoots) ? init.extraRoots.filter((r): r is string => typeof r === 'string') : [];
    connection.onInitialized(() => host.setWorkspaceFolders(folders, extraRoots));
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        notebookDocumentSync: { notebookSelector: [{ notebook: { notebookType: 'jupyter-notebook' }, cells: [{ language: 'python' }] }] },
        hoverProvider: true,
        inlayHintProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        codeLensProvider: { resolveProvider: false },
      },
      serverInfo: { name: 'rnnlens', version: '0.1.0' },
    };
  });

  connection.onDidChangeConfiguration((change) => {
    settings.changed(change.settings);
    getStore().republishAll();
    if (canRefreshInlayHints) void connection.languages.inlayHint.refresh().catch(() => undefined);
  });

  connection.onDidChangeWatchedFiles(({ changes }) => {
    summaries.clear();
    for (const c of changes) getStore().fileChanged(c.uri, c.type === FileChangeType.Deleted);
  });

  documents.onDidOpen((e) => getStore().documentChanged(e.document.uri));
  documents.onDidChangeContent((e) => {
    // a model summary may follow classes of the changed file
    summaries.clear();
    getStore().documentChanged(e.document.uri);
  });
  documents.onDidClose((e) => {
    getStore().closed(e.document.uri);
    settings.forget(e.document.uri);
    summaries.forget(e.document.uri);
  });
  notebooks.onDidOpen((nb) => getStore().notebookChanged(nb.uri));
  notebooks.onDidChange((e) => getStore().notebookChanged(e.notebookDocument.uri));
  notebooks.onDidClose((nb) => getStore().closed(nb.uri));

  connection.onHover(async ({ textDocument, position }) => {
    const view = await getStore().view(textDocument.uri);
    // a model (not in notebooks: a cell's text alone is not the program)
    const h = view && (hoverAt(view.result, position, view.text, view.unitResult.modules) ?? (view.unitKey === view.uri ? await summaries.hover(view.uri, view.text, position) : undefined));
    return h ? { contents: { kind: 'markdown', value: h.markdown }, range: h.range } : null;
  });

  connection.languages.inlayHint.on(async ({ textDocument, range }) => {
    if (!(await settings.get(textDocument.uri)).inlayHints.enabled) return [];
    const view = await getStore().view(textDocument.uri);
    return view ? inlayHintsIn(view.result, range) : [];
  });

  connection.onCodeAction(async ({ textDocument, range, context }) => {
    const view = await getStore().view(textDocument.uri);
    return view ? quickFixes(textDocument.uri, view.result, range, context.only) : [];
  });

  connection.onCodeLens(async ({ textDocument }) => {
    const view = await getStore().view(textDocument.uri);
    return view ? [...runSampleLenses(textDocument.uri, view.result), ...(view.unitKey === view.uri && serverHost.runModel ? runModelLenses(textDocument.uri, view.result) : [])] : [];
  });

  connection.onRequest(ServerStatusRequest, () => ({ pid: serverHost.instanceId, version: '0.1.0', openUnits: getStore().size, analysisWorkers: host.workersStarted, analysesRun: host.analysesRun }));

  connection.onRequest(ListLayersRequest, async ({ uri }) => {
    const view = await getStore().view(uri);
    return view ? listLayers(view) : [];
  });

  connection.onRequest(RunSampleRequest, async (params, token) => {
    const view = await getStore().view(params.uri);
    const s = await settings.get(params.uri);
    return runSampleHandler(serverHost.runSample, connection, view, params, s, token);
  });

  connection.onRequest(ListModelsRequest, async ({ uri }) => {
    const view = await getStore().view(uri);
    return view && serverHost.runModel ? (view.unitResult.models ?? []).map((m) => ({ name: m.name, line: m.statementRange.start.line })) : [];
  });

  connection.onRequest(RunModelRequest, async (params, token) => {
    const store = getStore();
    const view = await store.view(params.uri);
    const program = view && view.unitKey !== view.uri ? (await store.programOf(view.unitKey))?.text : view?.text;
    const s = await settings.get(params.uri);
    return runModelHandler(serverHost.runModel, connection, view, program, params, s, token);
  });

  connection.onRequest(SampleOutputsRequest, ({ runId }) => {
    try {
      return recentRuns.safetensors(runId);
    } catch (err) {
      return new ResponseError(ErrorCodes.InvalidParams, err instanceof Error ? err.message : String(err));
    }
  });

  documents.listen(connection);
  notebooks.listen(connection);
  connection.listen();
  return connection;
}
