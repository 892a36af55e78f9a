// A small JSON-RPC client for the protocol tests: spawns `node dist/cli.js lsp --stdio`, initializes it,
// answers its requests (configuration, progress, registrations) and collects published diagnostics.
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-jsonrpc/node';
import {
  ConfigurationRequest,
  DidOpenTextDocumentNotification,
  DidChangeTextDocumentNotification,
  DidChangeConfigurationNotification,
  ExitNotification,
  InitializeRequest,
  InitializedNotification,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShutdownRequest,
  WorkDoneProgressCreateRequest,
  type Diagnostic,
  type InitializeResult,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol';

export const repoRoot = path.resolve(import.meta.dirname, '..', '..');

export function fileUri(p: string): string {
  return pathToFileURL(p).toString();
}

export interface ServerUnderTest {
  connection: MessageConnection;
  process: ChildProcess;
  /** Latest diagnostics per URI, and how many times each URI was published. */
  diagnostics: Map<string, Diagnostic[]>;
  publishCount: Map<string, number>;
  initializeResult: InitializeResult;
  /** What the server gets when it asks for the `rnnlens` section. */
  settings: Record<string, unknown>;
  stderr: string[];
  open(uri: string, text: string, languageId?: string, version?: number): Promise<void>;
  change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): Promise<void>;
  /** Waits until the diagnostics published for `uri` satisfy `ok` (fails after `ms`). */
  waitForDiagnostics(uri: string, ok: (d: Diagnostic[]) => boolean, ms?: number): Promise<Diagnostic[]>;
  settingsChanged(): Promise<void>;
  stop(): Promise<void>;
}

export async function startServer(options: { debounceMs?: number; workspaceFolder?: string; nodeArgs?: string[] } = {}): Promise<ServerUnderTest> {
  const proc = spawn(process.execPath, [...(options.nodeArgs ?? []), path.join(repoRoot, 'dist', 'cli.js'), 'lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const connection = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
  const diagnostics = new Map<string, Diagnostic[]>();
  const publishCount = new Map<string, number>();
  const waiters = new Set<() => void>();
  const stderr: string[] = [];
  proc.stderr!.on('data', (b: Buffer) => stderr.push(b.toString()));
  const server: ServerUnderTest = {
    connection,
    process: proc,
    diagnostics,
    publishCount,
    initializeResult: { capabilities: {} },
    settings: {},
    stderr,
    async open(uri, text, languageId = 'python', version = 1) {
      await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version, text } });
    },
    async change(uri, version, changes) {
      await connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: changes });
    },
    waitForDiagnostics(uri, ok, ms = 10000) {
      return new Promise((resolve, reject) => {
        const check = (): boolean => {
          const d = diagnostics.get(uri);
          if (d && ok(d)) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(d);
            return true;
          }
          return false;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`diagnostics for ${uri} did not arrive in ${ms} ms; last: ${JSON.stringify(diagnostics.get(uri))}\nserver stderr: ${stderr.join('')}`));
        }, ms);
        if (!check()) waiters.add(check);
      });
    },
    async settingsChanged() {
      await connection.sendNotification(DidChangeConfigurationNotification.type, { settings: { rnnlens: server.settings } });
    },
    async stop() {
      try {
        await Promise.race([connection.sendRequest(ShutdownRequest.type), new Promise((r) => setTimeout(r, 2000))]);
        await connection.sendNotification(ExitNotification.type);
      } catch {
        // already gone
      }
      connection.dispose();
      if (proc.exitCode === null) {
        await Promise.race([new Promise((r) => proc.once('exit', r)), new Promise((r) => setTimeout(r, 2000))]);
        if (proc.exitCode === null) proc.kill('SIGKILL');
      }
    },
  };
  connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
    diagnostics.set(p.uri, p.diagnostics);
    publishCount.set(p.uri, (publishCount.get(p.uri) ?? 0) + 1);
    for (const w of [...waiters]) w();
  });
  connection.onRequest(ConfigurationRequest.type, (p) => p.items.map((item) => (item.section === 'rnnlens' ? server.settings : null)));
  connection.onRequest(WorkDoneProgressCreateRequest.type, () => null);
  connection.onRequest(RegistrationRequest.type, () => null);
  connection.onRequest('workspace/inlayHint/refresh', () => null);
  connection.onRequest('workspace/codeLens/refresh', () => null);
  connection.onNotification('window/logMessage', (p: { message: string }) => stderr.push(p.message + '\n'));
  connection.listen();
  server.initializeResult = await connection.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: fileUri(options.workspaceFolder ?? repoRoot),
    workspaceFolders: options.workspaceFolder ? [{ uri: fileUri(options.workspaceFolder), name: path.basename(options.workspaceFolder) }] : null,
    initializationOptions: { debounceMs: options.debounceMs ?? 50 },
    capabilities: {
      workspace: { configuration: true, inlayHint: { refreshSupport: true }, codeLens: { refreshSupport: true } },
      window: { workDoneProgress: true },
      textDocument: {
        synchronization: { dynamicRegistration: false },
        hover: { contentFormat: ['markdown', 'plaintext'] },
        publishDiagnostics: { relatedInformation: true },
        codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } },
        inlayHint: {},
      },
      notebookDocument: { synchronization: {} },
    },
  });
  await connection.sendNotification(InitializedNotification.type, {});
  return server;
}

/** Applies LSP text edits (non-overlapping, any order) to a text. */
export function applyEdits(text: string, edits: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[]): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }): number => {
    let o = 0;
    for (let i = 0; i < p.line; i++) o += (lines[i] ?? '').length + 1;
    return o + p.character;
  };
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}
