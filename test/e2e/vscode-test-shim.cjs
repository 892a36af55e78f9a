#!/usr/bin/env node
// A stand-in "VS Code executable" for extension tests on a machine that cannot download VS Code.
// It accepts the command line that @vscode/test-electron's runTests() (and the `code` CLI) use:
//   --extensionDevelopmentPath=<dir> (repeatable) --extensionTestsPath=<module> [--user-data-dir=<dir>]
//   [--extensions-dir=<dir>] [folder-or-workspace] [other flags: ignored]
// and runs the tests inside a REAL VS Code (the VS Code server + web workbench shipped in the npm
// package code-server, started directly from lib/vscode/out/server-main.js) driven by
// headless Debian chromium through playwright-core. Exit code = the extension tests' exit code.
//
// Env: CODE_SERVER_DIR    the installed code-server package (default: test/vscode-host/node_modules/code-server)
//      VSCODE_SERVER_NODE node binary for the server (default: the node running this shim)
//      PLAYWRIGHT_CORE    path to the playwright-core package (default: test/vscode-host/node_modules/playwright-core)
//      CHROMIUM           browser binary (default /usr/bin/chromium)
//      VSCODE_TEST_TIMEOUT_MS (default 600000), VSCODE_TEST_VERBOSE=1, VSCODE_TEST_SCREENSHOT=<png>
'use strict';
const cp = require('child_process');
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');
const util = require('util');
const http = require('http');

// rnnlens: adapted from the shared e2e reference; the VS Code host lives in test/vscode-host/.
const HOST = path.join(__dirname, '..', 'vscode-host', 'node_modules');
const CODE_SERVER_DIR = process.env.CODE_SERVER_DIR || path.join(HOST, 'code-server');
const SERVER_MAIN = path.join(CODE_SERVER_DIR, 'lib/vscode/out/server-main.js');
const NODE = process.env.VSCODE_SERVER_NODE || process.execPath;   // code-server@4.100.3 -> Node 20; newer -> 22/24
const PW = process.env.PLAYWRIGHT_CORE || path.join(HOST, 'playwright-core');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const TIMEOUT_MS = +(process.env.VSCODE_TEST_TIMEOUT_MS || 600000);
const VERBOSE = !!process.env.VSCODE_TEST_VERBOSE;

function parseArgs(argv) {
  const o = { dev: [], tests: undefined, userDataDir: undefined, extensionsDir: undefined, folder: undefined, ignored: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const m = /^--([^=]+)(?:=(.*))?$/.exec(a);
    if (!m) { if (!o.folder) o.folder = path.resolve(a); else o.ignored.push(a); continue; }
    const key = m[1]; let val = m[2];
    const takesValue = ['extensionDevelopmentPath', 'extensionTestsPath', 'user-data-dir', 'extensions-dir'].includes(key);
    if (takesValue && val === undefined) val = argv[++i];
    if (key === 'extensionDevelopmentPath') o.dev.push(path.resolve(val));
    else if (key === 'extensionTestsPath') o.tests = path.resolve(val);
    else if (key === 'user-data-dir') o.userDataDir = path.resolve(val);
    else if (key === 'extensions-dir') o.extensionsDir = path.resolve(val);
    else if (key === 'version') { console.log(require(path.join(CODE_SERVER_DIR, 'lib/vscode/package.json')).version); process.exit(0); }
    else o.ignored.push(a);   // --no-sandbox, --disable-gpu-sandbox, --disable-updates, --skip-welcome, --disable-extensions, ...
  }
  return o;
}

const freePort = () => new Promise((res, rej) => {
  const s = net.createServer(); s.unref(); s.on('error', rej);
  s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => res(p)); });
});
const healthy = (port) => new Promise((res) => {
  const r = http.get({ host: '127.0.0.1', port, path: '/version', timeout: 1000 }, (x) => { x.resume(); res(x.statusCode === 200); });
  r.on('error', () => res(false)); r.on('timeout', () => { r.destroy(); res(false); });
});

async function main() {
  const o = parseArgs(process.argv.slice(2));
  if (!o.tests || o.dev.length === 0) { console.error('vscode-test-shim: need --extensionDevelopmentPath and --extensionTestsPath'); return 2; }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vscode-test-shim-'));
  const userDataDir = o.userDataDir || path.join(tmp, 'user-data');
  const extensionsDir = o.extensionsDir || path.join(tmp, 'extensions');
  const folder = o.folder || (fs.mkdirSync(path.join(tmp, 'empty-workspace')), path.join(tmp, 'empty-workspace'));
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  const settingsFile = path.join(userDataDir, 'User', 'settings.json');
  if (!fs.existsSync(settingsFile)) fs.writeFileSync(settingsFile, JSON.stringify({
    'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off', 'security.workspace.trust.enabled': false,
    'extensions.autoUpdate': false, 'extensions.autoCheckUpdates': false, 'extensions.ignoreRecommendations': true, 'update.mode': 'none',
  }, null, 2));
  const port = await freePort();
  const logFile = path.join(tmp, 'server.log');
  const log = fs.openSync(logFile, 'a');
  const t0 = Date.now();
  // VS Code's own server (the one code-server wraps). code-server's CLI rejects unknown flags, and
  // VS Code >= ~1.10x only honours the extensionDevelopmentPath/extensionTestsPath payload of a
  // *built* workbench when the server runs with --enable-smoke-test-driver (what VS Code's own
  // browser integration tests do), so we start server-main.js directly.
  const server = cp.spawn(NODE, [SERVER_MAIN, '--host', '127.0.0.1', '--port', String(port),
    '--without-connection-token', '--accept-server-license-terms', '--enable-smoke-test-driver',
    '--disable-telemetry', '--disable-workspace-trust',
    '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--server-data-dir', path.join(tmp, 'server-data')], {
    detached: true, stdio: ['ignore', log, log],
    // env (incl. @vscode/test-electron's extensionTestsEnv) reaches the extension host through the server
    env: { ...process.env, VSCODE_AGENT_FOLDER: path.join(tmp, 'server-data'), XDG_CONFIG_HOME: path.join(tmp, 'xdg-config'), XDG_DATA_HOME: path.join(tmp, 'xdg-data') },
  });
  const stopServer = (sig = 'SIGTERM') => { try { process.kill(-server.pid, sig); } catch (_) {} };
  const serverGone = new Promise((r) => server.once('exit', r));
  process.on('exit', stopServer);
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => { stopServer(); process.exit(130); });
  let up = false;
  for (let i = 0; i < 600 && !up; i++) { if (server.exitCode !== null) break; up = await healthy(port); if (!up) await new Promise((r) => setTimeout(r, 100)); }
  if (!up) { console.error('vscode-test-shim: VS Code server did not start:\n' + fs.readFileSync(logFile, 'utf8')); return 3; }
  const tUp = Date.now() - t0;
  if (VERBOSE) console.log(`[shim] VS Code server up on 127.0.0.1:${port} in ${tUp} ms (log ${logFile})`);

  const { chromium } = require(PW);
  const browser = await chromium.launch({
    executablePath: CHROMIUM, headless: true,
    // keep chromium's crashpad database (~/.config/chromium/Crash Reports) and caches out of $HOME
    env: { ...process.env, XDG_CONFIG_HOME: path.join(tmp, 'browser-config'), XDG_CACHE_HOME: path.join(tmp, 'browser-cache') },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  let code;
  try {
    const page = await browser.newPage();
    let finish; const finished = new Promise((r) => { finish = r; });
    const noise = /^(Resolving connection token|Resolved connection token|Creating a socket|Updating additional builtin|\[Service Worker\]|ChatSessionStore|getaddrinfo ENOTFOUND open-vsx|Overwriting extension)/;
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const line = util.format(...(Array.isArray(args) ? args : [args]));
      if (!VERBOSE && noise.test(line)) return;
      (type === 'error' ? process.stderr : process.stdout).write(line + '\n');
    });
    await page.exposeFunction('codeAutomationExit', (c) => finish(c));
    page.on('pageerror', (e) => console.error('[workbench pageerror] ' + e.message));
    page.on('crash', () => finish('crash'));
    if (VERBOSE) page.on('console', (m) => console.log(`[browser ${m.type()}] ${m.text()}`));
    const authority = `127.0.0.1:${port}`;
    const remote = (p) => `vscode-remote://${authority}${p}`;
    const payload = [...o.dev.map((d) => ['extensionDevelopmentPath', remote(d)]),
      ['extensionTestsPath', remote(o.tests)], ['skipWelcome', 'true']];
    const target = fs.existsSync(folder) && fs.statSync(folder).isFile() && folder.endsWith('.code-workspace') ? 'workspace' : 'folder';
    await page.goto(`http://${authority}/?${target}=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    const timer = setTimeout(() => finish('timeout'), TIMEOUT_MS);
    code = await finished;
    clearTimeout(timer);
    console.error(`[shim] VS Code server up ${tUp} ms; workbench load + extension tests ${Date.now() - t0 - tUp} ms; exit code ${code}`);
    if (process.env.VSCODE_TEST_SCREENSHOT) await page.screenshot({ path: process.env.VSCODE_TEST_SCREENSHOT }).catch(() => {});
    if (code === 'timeout') { console.error(`vscode-test-shim: tests did not finish in ${TIMEOUT_MS} ms`); code = 124; }
    if (code === 'crash') { console.error('vscode-test-shim: browser page crashed'); code = 125; }
  } finally {
    await browser.close().catch(() => {});
    stopServer();
    await Promise.race([serverGone, new Promise((r) => setTimeout(r, 5000))]);
    stopServer('SIGKILL');
  }
  if (code !== 0 || VERBOSE) console.error(`[shim] server log: ${logFile}`);
  else fs.rmSync(tmp, { recursive: true, force: true });
  return code;
}
main().then((c) => process.exit(c), (e) => { console.error(e); process.exit(3); });
