// The standard @vscode/test-electron entry for the extension tests. Here (offline) it points runTests at
// the code-server shim; with RNNLENS_E2E_DOWNLOAD=1 on a machine with internet it downloads VS Code.
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<number> {
  const root = path.resolve(import.meta.dirname, '..', '..');
  const workspace = process.env.RNNLENS_E2E_WORKSPACE;
  if (!workspace) throw new Error('set RNNLENS_E2E_WORKSPACE to the folder to open');
  const download = process.env.RNNLENS_E2E_DOWNLOAD === '1';
  return runTests({
    ...(download ? { version: process.env.RNNLENS_E2E_VSCODE_VERSION ?? '1.100.3' } : { vscodeExecutablePath: path.join(root, 'test', 'e2e', 'vscode-test-shim.cjs') }),
    extensionDevelopmentPath: root,
    extensionTestsPath: path.join(root, 'out', 'e2e', 'index.js'),
    launchArgs: [workspace, '--disable-extensions', '--skip-welcome', '--skip-release-notes'],
    extensionTestsEnv: { RNNLENS_E2E_GREP: process.env.RNNLENS_E2E_GREP ?? '' },
  });
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error('extension tests failed:', err instanceof Error ? err.message : String(err));
    process.exit(1);
  },
);
