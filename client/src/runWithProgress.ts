// Sends a run request (a layer or a whole model) with a cancellable progress notification that shows the
// server's work-done messages; a cancelled run is said so, a failed one shown and logged.
import * as vscode from 'vscode';
import { LSPErrorCodes, ResponseError, WorkDoneProgress, type BaseLanguageClient as LanguageClient } from 'vscode-languageclient';

let progressTokens = 0;

/** The request's result, or undefined when it was cancelled or failed (the user has been told). */
export async function runWithProgress<R>(
  client: LanguageClient,
  what: string,
  output: vscode.OutputChannel,
  send: (workDoneToken: string, token: vscode.CancellationToken) => Promise<R>,
): Promise<R | undefined> {
  const workDoneToken = `rnnlens-run-${++progressTokens}`;
  try {
    return await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `rnnlens: running ${what}`, cancellable: true },
      async (progress, token) => {
        const sub = client.onProgress(WorkDoneProgress.type, workDoneToken, (v) => {
          if (v.kind !== 'end' && v.message) progress.report({ message: v.message });
        });
        try {
          return await send(workDoneToken, token);
        } finally {
          sub.dispose();
        }
      },
    );
  } catch (err) {
    if (err instanceof ResponseError && err.code === LSPErrorCodes.RequestCancelled) {
      void vscode.window.showInformationMessage(`rnnlens: the sample run of ${what} was cancelled.`);
      return undefined;
    }
    const message = err instanceof Error ? err.message : String(err);
    output.appendLine(`rnnlens: sample run of ${what} failed: ${message}`);
    void vscode.window.showErrorMessage(`rnnlens: sample run of ${what} failed: ${message}`);
    return undefined;
  }
}
