// Runs the extension tests against the web build: rnnlens is served over https and registered as an
// installed web extension (as "Install Extension from Location…" does), so VS Code's workbench in headless
// Chromium runs it in the web worker extension host; the mocha suite (out/e2e-web/index.js, served inside
// the extension's folder, so the workbench runs it in that host) runs there. Exit code = the tests'.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { format as nodeFormat } from 'node:util';
import { launchBrowser, root, seedWebExtension, serveHttps, stageExtension, startVsCode, tempDir } from './webHost';

/** console.log's arguments as the extension host's console would print them (mocha passes a format string). */
const format = (args: unknown[]): string => nodeFormat(...(args as [unknown, ...unknown[]]));

async function main(): Promise<number> {
  const workspace = process.env.RNNLENS_E2E_WORKSPACE;
  if (!workspace) throw new Error('set RNNLENS_E2E_WORKSPACE to the folder to open');
  const timeoutMs = Number(process.env.VSCODE_TEST_TIMEOUT_MS ?? 300000);
  const tmp = tempDir('rnnlens-web-e2e-');
  const site = path.join(tmp, 'site');
  stageExtension(path.join(site, 'ext'));
  // inside the extension's folder: the workbench runs tests in the host of the extension that contains them
  fs.mkdirSync(path.join(site, 'ext', 'out-tests'), { recursive: true });
  fs.copyFileSync(path.join(root, 'out', 'e2e-web', 'index.js'), path.join(site, 'ext', 'out-tests', 'index.js'));
  const https = await serveHttps(site, tmp);
  const vscode = await startVsCode(tmp, (userDataDir) => seedWebExtension(userDataDir, path.join(site, 'ext'), `${https.url}ext/`));
  const browser = await launchBrowser(tmp);
  const t0 = Date.now();
  try {
    const page = await browser.newPage({ ignoreHTTPSErrors: true });
    let finish: (code: number | string) => void = () => undefined;
    const finished = new Promise<number | string>((resolve) => (finish = resolve));
    const verbose = process.env.VSCODE_TEST_VERBOSE === '1';
    if (verbose) page.on('console', (m) => process.stdout.write(`[page ${m.type()}] ${m.text()}\n`));
    page.on('pageerror', (e) => process.stderr.write(`[workbench pageerror] ${e.message}\n`));
    // the workbench forwards the extension host's console here (mocha's spec reporter writes there)
    const noise = /^(Resolving connection token|Resolved connection token|Creating a socket|Updating additional builtin|\[Service Worker\]|ChatSessionStore|Overwriting extension)/;
    await page.exposeFunction('codeAutomationLog', ((type: string, args: unknown) => {
      const line = format(Array.isArray(args) ? args : [args]);
      if (verbose || !noise.test(line)) (type === 'error' ? process.stderr : process.stdout).write(`${line}\n`);
    }) as (...args: never[]) => unknown);
    await page.exposeFunction('codeAutomationExit', ((code: number) => finish(code)) as (...args: never[]) => unknown);
    const payload = [['extensionDevelopmentPath', `${https.url}ext`], ['extensionTestsPath', `${https.url}ext/out-tests/index.js`], ['skipWelcome', 'true']];
    await page.goto(`http://127.0.0.1:${vscode.port}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    const timer = setTimeout(() => finish('timeout'), timeoutMs);
    const code = await finished;
    clearTimeout(timer);
    if (code !== 0) await page.screenshot({ path: path.join(tmp, 'end.png') }).catch(() => undefined);
    console.log(`[e2e web] workbench load + extension tests ${Date.now() - t0} ms; exit code ${code}`);
    return typeof code === 'number' ? code : 124;
  } finally {
    await browser.close().catch(() => undefined);
    await vscode.stop();
    https.close();
    if (process.env.VSCODE_TEST_VERBOSE !== '1') fs.rmSync(tmp, { recursive: true, force: true });
    else console.log(`[e2e web] kept ${tmp}`);
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error('web extension tests failed:', err instanceof Error ? err.stack : String(err));
    process.exit(1);
  },
);
