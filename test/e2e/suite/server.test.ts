// Extension tests of the server's lifecycle: the restart command starts a new server process, and a
// server that dies is restarted by the language client's default error handler.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ServerStatusRequest } from '../../../server/src/protocol';
import { activate, eventually, hoverText, openPython } from './helpers';

async function serverPid(): Promise<number | undefined> {
  const api = await activate();
  const client = api.client();
  if (!client || !client.isRunning()) return undefined;
  try {
    return (await client.sendRequest(ServerStatusRequest)).pid;
  } catch {
    return undefined;
  }
}

async function hoverWorks(doc: vscode.TextDocument): Promise<void> {
  await eventually(
    'hover answers',
    () => vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(6, 1)),
    (h) => hoverText(h).includes('(4, 7, 40)'),
    30000,
  );
}

describe('rnnlens server lifecycle', () => {
  it('restarts the server on rnnlens.restartServer', async () => {
    const doc = await openPython('bilstm.py');
    const before = await eventually('server pid', serverPid, (p) => p !== undefined);
    await vscode.commands.executeCommand('rnnlens.restartServer');
    const after = await eventually('new server pid', serverPid, (p) => p !== undefined && p !== before, 30000);
    assert.notEqual(after, before);
    await hoverWorks(doc);
  });

  it('restarts a server that was killed', async () => {
    const doc = await openPython('bilstm.py');
    const before = await eventually('server pid', serverPid, (p) => p !== undefined);
    process.kill(before!, 'SIGKILL');
    const after = await eventually('restarted server pid', serverPid, (p) => p !== undefined && p !== before, 30000);
    assert.notEqual(after, before);
    await hoverWorks(doc);
  });
});
