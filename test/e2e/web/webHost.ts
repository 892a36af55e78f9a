// What the web build's editor tests need around VS Code (adapted from ../shared/e2e-reference/web/): the
// built web extension staged and served over https with CORS (as vscode.dev fetches extensions from a CDN;
// the workbench's CSP allows https: but not plain http to another origin), VS Code's server from
// code-server started with throwaway folders, and headless Chromium that accepts the self-signed certificate.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as https from 'node:https';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, hostModules, type Browser } from '../playwright';
import { freePort, healthy } from '../ports';

export { freePort };

export const root = path.resolve(import.meta.dirname, '..', '..', '..');
const serverMain = path.join(hostModules, 'code-server', 'lib', 'vscode', 'out', 'server-main.js');

/** The web extension as the .vsix carries it: the manifest, the grammar, the browser bundles and the WASM (in dist/, shared by both builds). */
export function stageExtension(dest: string): void {
  fs.mkdirSync(path.join(dest, 'dist', 'web'), { recursive: true });
  fs.copyFileSync(path.join(root, 'package.json'), path.join(dest, 'package.json'));
  fs.cpSync(path.join(root, 'syntaxes'), path.join(dest, 'syntaxes'), { recursive: true });
  for (const f of fs.readdirSync(path.join(root, 'dist', 'web'))) {
    if (!f.endsWith('.map')) fs.copyFileSync(path.join(root, 'dist', 'web', f), path.join(dest, 'dist', 'web', f));
  }
  for (const f of fs.readdirSync(path.join(root, 'dist'))) if (f.endsWith('.wasm')) fs.copyFileSync(path.join(root, 'dist', f), path.join(dest, 'dist', f));
}

const types: Record<string, string> = { '.js': 'application/javascript', '.json': 'application/json', '.wasm': 'application/wasm', '.md': 'text/markdown' };

/** A static https server with CORS for `dir` (a self-signed certificate made with openssl in `tmp`). */
export async function serveHttps(dir: string, tmp: string): Promise<{ url: string; close(): void }> {
  const key = path.join(tmp, 'tls.key');
  const cert = path.join(tmp, 'tls.crt');
  const r = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`openssl failed: ${r.stderr}`);
  const base = path.resolve(dir);
  const server = https.createServer({ key: fs.readFileSync(key), cert: fs.readFileSync(cert) }, (req, res) => {
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Access-Control-Allow-Headers', '*');
    res.setHeader('Access-Control-Allow-Methods', 'GET, HEAD, OPTIONS');
    if (req.method === 'OPTIONS') return void res.writeHead(204).end();
    const file = path.join(base, decodeURIComponent(new URL(req.url ?? '/', 'https://x').pathname));
    if (process.env.VSCODE_TEST_VERBOSE === '1') console.log(`[https] ${req.method} ${req.url} ${fs.existsSync(file) ? 200 : 404}`);
    if (!file.startsWith(base) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) return void res.writeHead(404).end('not found');
    res.writeHead(200, { 'Content-Type': types[path.extname(file)] ?? 'application/octet-stream' });
    if (req.method === 'HEAD') return void res.end();
    fs.createReadStream(file).pipe(res);
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { url: `https://127.0.0.1:${port}/`, close: () => server.close() };
}

export interface VsCodeServer {
  port: number;
  userDataDir: string;
  stop(): Promise<void>;
}

/**
 * Starts VS Code's own server (lib/vscode/out/server-main.js; --enable-smoke-test-driver so that a
 * built workbench honours the extension-test payload). `seed` runs before the start (user data written there).
 */
export async function startVsCode(tmp: string, seed?: (userDataDir: string, extensionsDir: string) => void): Promise<VsCodeServer> {
  const userDataDir = path.join(tmp, 'ud');
  const extensionsDir = path.join(tmp, 'exts');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify({
    'workbench.startupEditor': 'none', 'workbench.tips.enabled': false, 'telemetry.telemetryLevel': 'off',
    'security.workspace.trust.enabled': false, 'extensions.autoUpdate': false, 'extensions.autoCheckUpdates': false,
    'extensions.ignoreRecommendations': true, 'update.mode': 'none', 'editor.hover.delay': 100,
    'window.commandCenter': false, 'chat.commandCenter.enabled': false,
  }));
  // on a never-used extensions folder the workbench drops a seeded User/extensions.json
  fs.writeFileSync(path.join(extensionsDir, 'extensions.json'), '[]');
  seed?.(userDataDir, extensionsDir);
  const port = await freePort();
  const log = fs.openSync(path.join(tmp, 'server.log'), 'a');
  const server: ChildProcess = spawn(process.execPath, [serverMain, '--host', '127.0.0.1', '--port', String(port), '--without-connection-token',
    '--accept-server-license-terms', '--enable-smoke-test-driver', '--disable-telemetry', '--disable-workspace-trust',
    '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--server-data-dir', path.join(tmp, 'server-data')], {
    detached: true,
    stdio: ['ignore', log, log],
    env: { ...process.env, VSCODE_AGENT_FOLDER: path.join(tmp, 'server-data'), XDG_CONFIG_HOME: path.join(tmp, 'xdg-config'), XDG_DATA_HOME: path.join(tmp, 'xdg-data') },
  });
  const gone = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  const kill = (sig: NodeJS.Signals): void => {
    try {
      if (server.pid) process.kill(-server.pid, sig);
    } catch {
      // already gone
    }
  };
  let up = false;
  for (let i = 0; i < 600 && !up && server.exitCode === null; i++) {
    up = await healthy(port);
    if (!up) await new Promise((r) => setTimeout(r, 100));
  }
  if (!up) {
    kill('SIGKILL');
    throw new Error(`VS Code server did not start: ${fs.readFileSync(path.join(tmp, 'server.log'), 'utf8')}`);
  }
  return {
    port,
    userDataDir,
    async stop() {
      kill('SIGTERM');
      await Promise.race([gone, new Promise((r) => setTimeout(r, 5000))]);
      kill('SIGKILL');
    },
  };
}

/** Registers the https-hosted extension as an installed user web extension (what "Install Extension from Location…" records). */
export function seedWebExtension(userDataDir: string, extensionDir: string, url: string): void {
  const manifest = JSON.parse(fs.readFileSync(path.join(extensionDir, 'package.json'), 'utf8')) as { publisher: string; name: string; version: string };
  const u = new URL(url);
  const record = [{
    identifier: { id: `${manifest.publisher}.${manifest.name}`.toLowerCase() },
    version: manifest.version,
    manifest,
    location: { $mid: 1, external: u.href, path: u.pathname, scheme: u.protocol.replace(':', ''), authority: u.host },
    defaultManifestTranslations: null,
    metadata: {},
  }];
  fs.writeFileSync(path.join(userDataDir, 'User', 'extensions.json'), JSON.stringify(record));
}

/** Headless Chromium with its own HOME (it creates an NSS database on https pages), accepting the test certificate. */
export async function launchBrowser(tmp: string): Promise<Browser> {
  const home = path.join(tmp, 'browser-home');
  fs.mkdirSync(home, { recursive: true });
  return chromium().launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    env: { ...process.env, HOME: home, XDG_CONFIG_HOME: home, XDG_CACHE_HOME: home },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--ignore-certificate-errors'],
  });
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}
