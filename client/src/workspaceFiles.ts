// Answers `rnnlens/workspaceFiles` for a server that cannot read the file system itself (the browser
// build): lists the folders' Python and config files and reads them through vscode.workspace.fs, so
// virtual workspaces (github.dev's vscode-vfs://) are followed across files like a folder on disk.
import * as vscode from 'vscode';
import type { WorkspaceFile, WorkspaceFilesParams, WorkspaceFilesResult } from '../../server/src/protocol';

/** As in the Node server: at most this many files per folder, each at most 2 MB. */
const MAX_FILES = 20_000;
const MAX_BYTES = 2 * 1024 * 1024;
const EXCLUDE = '**/{node_modules,.git,__pycache__,.venv,venv,env,.tox,.mypy_cache,site-packages,dist,build}/**';
/** Reads in flight at once (a remote file system answers each one over the network). */
const PARALLEL = 16;

async function readText(uri: vscode.Uri, decoder: { decode(bytes: Uint8Array): string }): Promise<WorkspaceFile> {
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.size > MAX_BYTES) return { uri: uri.toString() };
    return { uri: uri.toString(), text: decoder.decode(await vscode.workspace.fs.readFile(uri)) };
  } catch {
    return { uri: uri.toString() };
  }
}

export async function readWorkspaceFiles(params: WorkspaceFilesParams, token?: vscode.CancellationToken): Promise<WorkspaceFilesResult> {
  const uris: vscode.Uri[] = [];
  let truncated = false;
  for (const folder of params.folders) {
    const base = vscode.Uri.parse(folder);
    const found = await vscode.workspace.findFiles(new vscode.RelativePattern(base, '**/*.{py,yaml,yml,json}'), EXCLUDE, MAX_FILES + 1, token);
    if (found.length > MAX_FILES) truncated = true;
    uris.push(...found.slice(0, MAX_FILES), vscode.Uri.joinPath(base, 'pyproject.toml'));
  }
  uris.push(...params.uris.map((u) => vscode.Uri.parse(u)));
  const decoder = new TextDecoder('utf-8');
  const files: WorkspaceFile[] = new Array(uris.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < uris.length && !token?.isCancellationRequested) {
      const i = next++;
      files[i] = await readText(uris[i]!, decoder);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, uris.length) }, worker));
  return { files: files.filter((f): f is WorkspaceFile => f !== undefined), truncated };
}
