// UI test of what a user sees: starts VS Code's server (from code-server) with rnnlens side-loaded, opens
// the workbench in headless Chromium, hovers `out`, reads the hover widget, opens a notebook and sees the
// squiggle in its second cell, runs the palette command and reads the result panel (a webview) in a side
// column at 1400×900, saves its outputs, answers a lens's sizes question; screenshots go to test/output/.
// With RNNLENS_VSIX=path it installs that packaged .vsix instead of the current build.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, hostModules, type Browser, type Page } from './playwright';
import { writeSafetensors } from '../../engine/src/index';
import { quickOpen as openByName, webviewFrame as panelFrame, hoverText } from './workbench';
import { freePort, healthy } from './ports';

const root = path.resolve(import.meta.dirname, '..', '..');
const serverMain = path.join(hostModules, 'code-server', 'lib', 'vscode', 'out', 'server-main.js');
const outDir = path.join(root, 'test', 'output');

/** Installs the packaged .vsix with code-server's own `--install-extension`, as a user would. */
function installVsix(vsix: string, extensionsDir: string, tmp: string): void {
  const entry = path.join(hostModules, 'code-server', 'out', 'node', 'entry.js');
  const r = spawnSync(process.execPath, [entry, '--extensions-dir', extensionsDir, '--user-data-dir', path.join(tmp, 'install-ud'), '--install-extension', vsix], {
    env: { ...process.env, XDG_CONFIG_HOME: path.join(tmp, 'xdg-config'), XDG_DATA_HOME: path.join(tmp, 'xdg-data') },
    encoding: 'utf8',
    timeout: 120000,
  });
  assert.equal(r.status, 0, `installing ${vsix}: ${r.stdout}${r.stderr}`);
  assert.match(r.stdout, /successfully installed/);
}

/** Installs the built extension (manifest, bundles, grammar) as VS Code would unpack a .vsix. */
function sideLoad(extensionsDir: string): void {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { publisher: string; name: string; version: string };
  const dest = path.join(extensionsDir, `${pkg.publisher}.${pkg.name}-${pkg.version}`);
  fs.mkdirSync(dest, { recursive: true });
  fs.copyFileSync(path.join(root, 'package.json'), path.join(dest, 'package.json'));
  fs.cpSync(path.join(root, 'syntaxes'), path.join(dest, 'syntaxes'), { recursive: true });
  fs.mkdirSync(path.join(dest, 'dist'));
  for (const f of fs.readdirSync(path.join(root, 'dist'))) if (!f.endsWith('.map')) fs.copyFileSync(path.join(root, 'dist', f), path.join(dest, 'dist', f));
}

describe('rnnlens as a user sees it (VS Code 1.100 in headless Chromium)', () => {
  let tmp: string;
  let server: ChildProcess;
  let browser: Browser;
  let page: Page;
  let port: number;
  let workspace: string;

  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rnnlens-ui-'));
    workspace = process.env.RNNLENS_E2E_WORKSPACE ?? path.join(tmp, 'ws');
    if (!process.env.RNNLENS_E2E_WORKSPACE) {
      fs.mkdirSync(workspace);
      fs.cpSync(path.join(root, 'test', 'e2e', 'workspace'), workspace, { recursive: true });
      for (const f of fs.readdirSync(path.join(root, 'test', 'lsp', 'fixtures'))) fs.copyFileSync(path.join(root, 'test', 'lsp', 'fixtures', f), path.join(workspace, f));
    }
    const userData = path.join(tmp, 'user-data');
    const extensionsDir = path.join(tmp, 'extensions');
    fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
    fs.writeFileSync(
      path.join(userData, 'User', 'settings.json'),
      JSON.stringify({
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        'telemetry.telemetryLevel': 'off',
        'security.workspace.trust.enabled': false,
        'extensions.autoUpdate': false,
        'extensions.autoCheckUpdates': false,
        'extensions.ignoreRecommendations': true,
        'update.mode': 'none',
        'editor.hover.delay': 100,
        'window.commandCenter': false,
        'chat.commandCenter.enabled': false,
      }),
    );
    // RNNLENS_VSIX: test the packaged extension; else the files of the current build
    const vsix = process.env.RNNLENS_VSIX;
    if (vsix) installVsix(path.resolve(vsix), extensionsDir, tmp);
    else sideLoad(extensionsDir);
    port = await freePort();
    const log = fs.openSync(path.join(tmp, 'server.log'), 'a');
    server = spawn(
      process.execPath,
      [serverMain, '--host', '127.0.0.1', '--port', String(port), '--without-connection-token', '--accept-server-license-terms',
        '--disable-telemetry', '--disable-workspace-trust', '--user-data-dir', userData, '--extensions-dir', extensionsDir,
        '--server-data-dir', path.join(tmp, 'server-data')],
      {
        detached: true,
        stdio: ['ignore', log, log],
        env: { ...process.env, XDG_CONFIG_HOME: path.join(tmp, 'xdg-config'), XDG_DATA_HOME: path.join(tmp, 'xdg-data') },
      },
    );
    let up = false;
    for (let i = 0; i < 600 && !up && server.exitCode === null; i++) {
      up = await healthy(port);
      if (!up) await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(up, 'VS Code server started: ' + fs.readFileSync(path.join(tmp, 'server.log'), 'utf8'));
    browser = await chromium().launch({
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      headless: true,
      env: { ...process.env, XDG_CONFIG_HOME: path.join(tmp, 'browser'), XDG_CACHE_HOME: path.join(tmp, 'browser') },
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 }, permissions: ['clipboard-read', 'clipboard-write'] });
    fs.mkdirSync(outDir, { recursive: true });
    await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`);
    await page.waitForSelector('.monaco-workbench', { timeout: 120000 });
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'bilstm.py' }).first().waitFor({ timeout: 120000 });
  });

  after(async () => {
    await browser?.close().catch(() => undefined);
    if (server?.pid) {
      try {
        process.kill(-server.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      await new Promise((r) => setTimeout(r, 500));
      try {
        process.kill(-server.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const quickOpen = (name: string): Promise<void> => openByName(page, name);

  const webviewFrame = (hasText: string, ms?: number) => panelFrame(page, hasText, ms);

  it('hovering `out` shows its shape in the hover widget', async () => {
    await page.locator('.monaco-workbench').click({ position: { x: 700, y: 400 } });
    await quickOpen('bilstm.py');
    // the line reads `out: (4, 7, 40), (h: …` on screen (inlay hints between the words, spaces as nbsp)
    const text = await hoverText(page, /lstm\(x\)/, /^out$/, '(4, 7, 40)');
    await page.screenshot({ path: path.join(outDir, 'hover-out.png') });
    assert.match(text, /out:\s*\(4, 7, 40\)/);
    assert.match(text, /dim 2:\s*40/);
    // the inlay hint after `out` is on screen too
    const line = page.locator('.editor-instance .monaco-editor').first().locator('.view-line', { hasText: /lstm\(x\)/ }).first();
    assert.match((await line.innerText()).replace(/\u00a0/g, ' '), /out: \(4, 7, 40\)/);
  });

  it('opening the notebook shows the error squiggle in its second code cell', async () => {
    await page.mouse.move(5, 5);
    await quickOpen('notebook.ipynb');
    const cells = page.locator('.notebook-editor .cell-list-container .code-cell-row');
    await cells.nth(1).waitFor({ timeout: 60000 });
    const squiggle = cells.nth(1).locator('.squiggly-error');
    await squiggle.first().waitFor({ timeout: 60000 });
    assert.equal(await cells.nth(0).locator('.squiggly-error').count(), 0, 'no error in cell 1');
    await page.screenshot({ path: path.join(outDir, 'notebook-diagnostic.png') });
  });

  it('the palette command asks which layer, runs it and shows the result panel', async () => {
    await page.mouse.move(5, 5);
    await quickOpen('sample_run.py');
    const editor = page.locator('.editor-instance .monaco-editor', { hasText: 'nn.GRU' }).first();
    await editor.waitFor({ timeout: 60000 });
    // wait until the server analysed the file (its code lenses are drawn)
    await page.locator('.codelens-decoration', { hasText: 'Run sample' }).first().waitFor({ timeout: 60000 });
    await editor.locator('.view-line').first().click();
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget input').waitFor();
    await page.keyboard.type('rnnlens: Run Sample Forward Pass');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Run Sample Forward Pass' }).first().waitFor({ timeout: 10000 });
    await page.keyboard.press('Enter');
    // the cursor is on no layer and the file declares two: a quick pick asks which
    const gruRow = page.locator('.quick-input-list .monaco-list-row', { hasText: 'GRU(' }).first();
    await gruRow.waitFor({ timeout: 20000 });
    assert.equal(await page.locator('.quick-input-list .monaco-list-row', { hasText: 'LSTMCell(' }).count(), 1);
    await gruRow.click();
    // the result panel: a webview beside the code, titled with the layer, file and line
    await page.locator('.tab', { hasText: 'gru · sample_run.py:5' }).first().waitFor({ timeout: 60000 });
    const { frame, text } = await webviewFrame('(3, 9, 12)');
    await page.waitForTimeout(500);
    await page.screenshot({ path: path.join(outDir, 'run-panel.png') });
    // x = torch.randn(3, 9, 6) in the file: torch gives output (3, 9, 12) and h_n (2, 3, 12)
    const row = async (name: string) => (await frame.locator('#outputs tbody tr', { hasText: name }).first().innerText()).replace(/\s+/g, ' ').trim();
    assert.match(await row('output'), /^output \(3, 9, 12\) ✓ /);
    assert.match(await row('h_n'), /^h_n \(2, 3, 12\) ✓ /);
    assert.match(text, /Every output has the shape rnnlens inferred/);
    const layers = (await frame.locator('#layers').innerText()).replace(/\s+/g, ' ');
    assert.match(layers, /gru\.l0 \(3, 9, 12\) 720 .*gru\.l1 \(3, 9, 12\) 936 .*total 1,656/);
    assert.equal(await frame.locator('#norm-plot polyline').count(), 2);
    assert.equal(await frame.locator('#saturation tbody tr').count(), 2);
    // readable in the side column: no table is cut off or wrapped, the panel does not scroll sideways
    const fit = await frame.evaluate<{ page: boolean; width: number; tables: boolean[] }>(`({
      page: document.documentElement.scrollWidth <= window.innerWidth + 1,
      width: window.innerWidth,
      tables: [...document.querySelectorAll('.scroll')].map((d) => d.scrollWidth <= d.clientWidth + 1),
    })`);
    assert.ok(fit.page, `the panel is wider than its column (${fit.width}px)`);
    assert.ok(fit.tables.every(Boolean), `a table scrolls in a ${fit.width}px column: ${JSON.stringify(fit.tables)}`);
    assert.ok(fit.width > 400 && fit.width < 800, `a side column, ${fit.width}px`);
  });

  it('the panel copies the result as Markdown', async () => {
    const { frame } = await webviewFrame('(3, 9, 12)');
    await frame.locator('#copy').click();
    await frame.locator('#status', { hasText: 'Copied.' }).waitFor({ timeout: 20000 });
    const copied = await page.evaluate<string>('navigator.clipboard.readText()');
    assert.match(copied, /^# Sample run: gru = GRU\(/);
    assert.match(copied, /\| output +\| `\(3, 9, 12\)` +\| ✓ +\|/);
    assert.match(copied, /\| gru\.l1 +\| `\(3, 9, 12\)` +\| 936 /);
  });

  it('the panel saves the outputs as .safetensors through the save dialog', async () => {
    const { frame } = await webviewFrame('(3, 9, 12)');
    await frame.locator('#save').click();
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ timeout: 20000 });
    await page.waitForTimeout(800);
    const saved = path.join(workspace, 'gru-saved.safetensors');
    await input.fill(saved);
    await page.waitForTimeout(500);
    await page.keyboard.press('Enter');
    await frame.locator('#status', { hasText: 'Saved' }).waitFor({ timeout: 20000 });
    const bytes = fs.readFileSync(saved);
    const n = Number(bytes.readBigUInt64LE(0));
    const header = JSON.parse(bytes.subarray(8, 8 + n).toString('utf8')) as Record<string, { shape?: number[] }>;
    assert.deepEqual([header.output?.shape, header.h_n?.shape], [[3, 9, 12], [2, 3, 12]]);
  });

  it('the code lens of a layer with open sizes asks for them, then runs', async () => {
    await page.mouse.move(5, 5);
    // the panel's buttons left the focus in its group: open the code in the first group again
    await page.locator('.tabs-container .tab', { hasText: 'sample_run.py' }).first().click();
    await quickOpen('open_sizes.py');
    const lens = page.locator('.codelens-decoration a', { hasText: 'asks for embed_dim, hidden_dim, bidirectional' }).first();
    await lens.waitFor({ timeout: 60000 });
    await lens.click();
    const input = page.locator('.quick-input-widget input');
    await page.locator('.quick-input-widget', { hasText: 'give a value for each' }).first().waitFor({ timeout: 20000 });
    assert.equal(await input.inputValue(), 'embed_dim=, hidden_dim=, bidirectional=False');
    await input.fill('embed_dim=5, hidden_dim=3, bidirectional=True');
    await page.keyboard.press('Enter');
    // torch: LSTM(5, 6, batch_first=True, bidirectional=True) on (2, 5, 5) gives output (2, 5, 12); 624 parameters
    const { frame, text } = await webviewFrame('embed_dim=5');
    assert.match((await frame.locator('#outputs tbody tr', { hasText: 'output' }).first().innerText()).replace(/\s+/g, ' '), /output \(2, 5, 12\)/);
    assert.match(text.replace(/\s+/g, ' '), /total 624/);
    // a bidirectional LSTM's saturation table (3 gates x 2 columns) still fits the side column
    assert.equal(await frame.locator('#saturation tbody tr').count(), 2);
    // (polled: the panel may still be laying out right after it opens)
    let fits: { w: number; sw: number; cw: number }[] = [];
    for (let i = 0; i < 20; i++) {
      fits = await frame.evaluate<{ w: number; sw: number; cw: number }[]>("[...document.querySelectorAll('.scroll')].map((d) => ({ w: window.innerWidth, sw: d.scrollWidth, cw: d.clientWidth }))");
      if (fits.length > 0 && fits.every((f) => f.cw > 0 && f.sw <= f.cw + 1)) break;
      await page.waitForTimeout(250);
    }
    assert.ok(fits.length > 0 && fits.every((f) => f.cw > 0 && f.sw <= f.cw + 1), JSON.stringify(fits));
    await frame.locator('#saturation').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(outDir, 'run-panel-open-sizes.png') });
  });

  it('"Pick Weights File" stores a .safetensors file for a layer, and the next run uses it', async () => {
    // GRU(6, 12, num_layers=2) with all-zero weights: n = tanh(0) = 0 and h' = h / 2, so every output is 0
    const zeros = (shape: number[]): { shape: number[]; data: Float32Array } => ({ shape, data: new Float32Array(shape.reduce((a, b) => a * b, 1)) });
    const tensors: Record<string, { shape: number[]; data: Float32Array }> = {};
    for (const l of [0, 1]) {
      tensors[`gru.weight_ih_l${l}`] = zeros([36, l === 0 ? 6 : 12]);
      tensors[`gru.weight_hh_l${l}`] = zeros([36, 12]);
      tensors[`gru.bias_ih_l${l}`] = zeros([36]);
      tensors[`gru.bias_hh_l${l}`] = zeros([36]);
    }
    const weights = path.join(workspace, 'zeros.safetensors');
    fs.writeFileSync(weights, writeSafetensors(tensors));
    await page.mouse.move(5, 5);
    await quickOpen('sample_run.py');
    const editor = page.locator('.editor-instance .monaco-editor', { hasText: 'nn.GRU' }).first();
    await editor.waitFor({ timeout: 60000 });
    await editor.locator('.view-line', { hasText: 'nn.GRU' }).first().click();
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget input').waitFor();
    await page.keyboard.type('rnnlens: Pick Weights File');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Pick Weights File' }).first().waitFor({ timeout: 10000 });
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'GRU(' }).first().click();
    // VS Code's own open dialog (a quick input taking a path) in the browser workbench
    const input = page.locator('.quick-input-widget input');
    await page.waitForTimeout(800);
    await input.fill(weights);
    await page.waitForTimeout(500);
    await page.keyboard.press('Enter');
    // the key prefix, prefilled with `gru.`
    await page.locator('.quick-input-widget', { hasText: 'Key prefix' }).first().waitFor({ timeout: 20000 });
    assert.equal(await input.inputValue(), 'gru.');
    await page.keyboard.press('Enter');
    await page.locator('.notifications-toasts .notification-toast', { hasText: 'zeros.safetensors' }).first().waitFor({ timeout: 20000 });
    // run again with the cursor on the GRU: no question asked, the stored file is used
    await editor.locator('.view-line', { hasText: 'nn.GRU' }).first().click();
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget input').waitFor();
    await page.keyboard.type('rnnlens: Run Sample Forward Pass');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Run Sample Forward Pass' }).first().waitFor({ timeout: 10000 });
    await page.keyboard.press('Enter');
    const { frame } = await webviewFrame('zeros.safetensors');
    await page.screenshot({ path: path.join(outDir, 'run-sample-weights.png') });
    const out = (await frame.locator('#outputs tbody tr', { hasText: 'output' }).first().innerText()).replace(/\s+/g, ' ');
    assert.match(out, /output \(3, 9, 12\) ✓ 0 0/);
    const stats = (await frame.locator('#stats tbody tr', { hasText: 'output' }).first().innerText()).replace(/\s+/g, ' ');
    assert.match(stats, /output 0\.0000 0\.0000 0\.0000 0\.0000/);
  });

  it('the "▶ Run model" lens runs the whole model the file builds and shows its layers', async () => {
    await page.mouse.move(5, 5);
    await page.keyboard.press('Escape');
    await quickOpen('tagger_model.py');
    const lens = page.locator('.codelens-decoration a', { hasText: 'Run model' }).first();
    await lens.waitFor({ timeout: 60000 });
    await lens.click();
    // the panel: titled with the model, the file and the class's line
    await page.locator('.tab', { hasText: 'Tagger · tagger_model.py:7' }).first().waitFor({ timeout: 60000 });
    const { frame, text } = await webviewFrame('forward, eval mode');
    await page.waitForTimeout(500);
    await page.screenshot({ path: path.join(outDir, 'model-run-panel.png') });
    // torch: Tagger(100, 16, 32, 5) on tokens (4, 7) gives scores (4, 7, 5); its children hold 1,600 + 12,800 + 325 parameters
    assert.match((await frame.locator('#outputs tbody tr', { hasText: 'output' }).first().innerText()).replace(/\s+/g, ' ').trim(), /^output \(4, 7, 5\) ✓ /);
    assert.match(text, /Every output has the shape rnnlens inferred/);
    const layers = (await frame.locator('#layers').innerText()).replace(/\s+/g, ' ');
    assert.match(layers, /emb Embedding \(4, 7, 16\) 1,600 .*lstm LSTM \(4, 7, 64\) 12,800 .*out Linear \(4, 7, 5\) 325 .*total 14,725/);
    assert.match(text, /tokens .*from the file's call \(line 22\)/);
  });
});
