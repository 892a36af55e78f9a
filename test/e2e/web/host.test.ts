// Web-only extension tests: rnnlens runs in the web worker extension host (no Node), its language
// server in a Web Worker that the restart command replaces with a new one.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ServerStatusRequest } from '../../../server/src/protocol';
import { activate, eventually, extensionId, hoverText, openPython } from '../suite/helpers';

describe('rnnlens in VS Code for the Web', () => {
  it('runs in the web worker extension host', async () => {
    await activate();
    const g = globalThis as unknown as { WorkerGlobalScope?: abstract new () => unknown; importScripts?: unknown };
    assert.ok(g.WorkerGlobalScope !== undefined && globalThis instanceof g.WorkerGlobalScope, 'the extension host is a Web Worker');
    assert.equal(typeof g.importScripts, 'function');
    assert.equal(vscode.env.uiKind, vscode.UIKind.Web);
    const ext = vscode.extensions.getExtension(extensionId);
    assert.ok(ext?.isActive, 'rnnlens is active');
    assert.equal(ext.packageJSON.browser, './dist/web/extension.js');
  });

  it('restarts the server worker on rnnlens.restartServer', async () => {
    const api = await activate();
    const doc = await openPython('bilstm.py');
    const status = async (): Promise<number | undefined> => {
      const client = api.client();
      if (!client || !client.isRunning()) return undefined;
      return client.sendRequest(ServerStatusRequest).then((s) => s.pid, () => undefined);
    };
    const before = await eventually('server id', status, (p) => p !== undefined);
    await vscode.commands.executeCommand('rnnlens.restartServer');
    const after = await eventually('new server id', status, (p) => p !== undefined && p !== before, 30000);
    assert.notEqual(after, before);
    await eventually(
      'hover answers after the restart',
      () => vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(6, 1)),
      (h) => hoverText(h).includes('(4, 7, 40)'),
      30000,
    );
  });
});
