// Helpers for the extension-host tests: open workspace files, activate rnnlens, poll the vscode API until
// the language server has answered, and read hover/inlay-hint text.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RnnlensApi } from '../../../client/src/extension';

export const extensionId = 'rnnlens.rnnlens';

export function workspaceUri(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'a workspace folder is open');
  return vscode.Uri.joinPath(folder.uri, name);
}

export async function activate(): Promise<RnnlensApi> {
  const ext = vscode.extensions.getExtension<RnnlensApi>(extensionId);
  assert.ok(ext, `${extensionId} is installed`);
  const api = await ext.activate();
  const client = api.client();
  assert.ok(client, 'the language client exists');
  for (let i = 0; i < 200 && !client.isRunning(); i++) await sleep(100);
  assert.ok(client.isRunning(), 'the language client is running');
  return api;
}

export async function openPython(name: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(workspaceUri(name));
  await vscode.window.showTextDocument(doc);
  assert.equal(doc.languageId, 'python');
  return doc;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls `probe` until it returns a value for which `ok` holds (or throws with the last value). */
export async function eventually<T>(what: string, probe: () => Thenable<T> | T, ok: (v: T) => boolean, ms = 20000): Promise<T> {
  const end = Date.now() + ms;
  let last: T | undefined;
  while (Date.now() < end) {
    last = await probe();
    if (ok(last)) return last;
    await sleep(150);
  }
  assert.fail(`${what}: not satisfied within ${ms} ms; last value ${JSON.stringify(last)}`);
}

export function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .map((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : '')).join('\n'))
    .join('\n---\n');
}

export function hintLabel(h: vscode.InlayHint): string {
  return typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join('');
}

export function rnnlensDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'rnnlens');
}
