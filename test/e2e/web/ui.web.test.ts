// UI test of the web build as a user sees it: rnnlens served over https and installed as a web extension
// (as on vscode.dev), VS Code's workbench in headless Chromium. Hovers `out`, runs a sample from the
// palette (the result panel, a webview), and reads "Developer: Show Running Extensions" (rnnlens in the web worker host); screenshots
// go to test/output/web-*.png.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from '../playwright';
import { launchBrowser, root, seedWebExtension, serveHttps, stageExtension, startVsCode, tempDir, type VsCodeServer } from './webHost';
import { hoverText, palette as runPalette, quickOpen as openByName, webviewFrame as panelFrame } from '../workbench';

const outDir = path.join(root, 'test', 'output');

describe('rnnlens for the Web as a user sees it (web worker extension host, headless Chromium)', () => {
  let tmp: string;
  let site: { url: string; close(): void } | undefined;
  let vscode: VsCodeServer | undefined;
  let browser: Browser | undefined;
  let page: Page;

  before(async () => {
    tmp = tempDir('rnnlens-web-ui-');
    const workspace = path.join(tmp, 'ws');
    fs.mkdirSync(workspace);
    fs.cpSync(path.join(root, 'test', 'e2e', 'workspace'), workspace, { recursive: true });
    for (const f of fs.readdirSync(path.join(root, 'test', 'lsp', 'fixtures'))) fs.copyFileSync(path.join(root, 'test', 'lsp', 'fixtures', f), path.join(workspace, f));
    stageExtension(path.join(tmp, 'site', 'ext'));
    site = await serveHttps(path.join(tmp, 'site'), tmp);
    const extUrl = `${site.url}ext/`;
    vscode = await startVsCode(tmp, (userDataDir) => seedWebExtension(userDataDir, path.join(tmp, 'site', 'ext'), extUrl));
    browser = await launchBrowser(tmp);
    page = await browser.newPage({ viewport: { width: 1400, height: 860 }, ignoreHTTPSErrors: true });
    fs.mkdirSync(outDir, { recursive: true });
    await page.goto(`http://127.0.0.1:${vscode.port}/?folder=${encodeURIComponent(workspace)}`);
    await page.waitForSelector('.monaco-workbench', { timeout: 120000 });
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'bilstm.py' }).first().waitFor({ timeout: 120000 });
  });

  after(async () => {
    await browser?.close().catch(() => undefined);
    await vscode?.stop();
    site?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const quickOpen = (name: string): Promise<void> => openByName(page, name);

  const palette = (command: string): Promise<void> => runPalette(page, command);

  const webviewFrame = (hasText: string, ms?: number) => panelFrame(page, hasText, ms);

  it('hovering `out` shows its shape in the hover widget', async () => {
    await page.locator('.monaco-workbench').click({ position: { x: 700, y: 400 } });
    await quickOpen('bilstm.py');
    // the line reads `out: (4, 7, 40), (h: …` on screen (inlay hints between the words, spaces as nbsp)
    const text = await hoverText(page, /lstm\(x\)/, /^out$/, '(4, 7, 40)');
    await page.screenshot({ path: path.join(outDir, 'web-hover-out.png') });
    assert.match(text, /out:\s*\(4, 7, 40\)/);
    assert.match(text, /dim 2:\s*40/);
  });

  it('the palette command runs a layer in the browser engine and shows the result', async () => {
    await page.mouse.move(5, 5);
    await quickOpen('sample_run.py');
    const editor = page.locator('.editor-instance .monaco-editor', { hasText: 'nn.GRU' }).first();
    await editor.waitFor({ timeout: 60000 });
    await page.locator('.codelens-decoration', { hasText: 'Run sample' }).first().waitFor({ timeout: 60000 });
    await editor.locator('.view-line', { hasText: 'nn.GRU' }).first().click();
    await palette('rnnlens: Run Sample Forward Pass');
    // the result panel: a webview beside the code, titled with the layer, file and line, as on desktop
    await page.locator('.tab', { hasText: 'gru · sample_run.py:5' }).first().waitFor({ timeout: 60000 });
    const { frame, text } = await webviewFrame('(3, 9, 12)');
    await page.waitForTimeout(500);
    await page.screenshot({ path: path.join(outDir, 'web-run-panel.png') });
    // x = torch.randn(3, 9, 6) in the file: torch gives output (3, 9, 12) and h_n (2, 3, 12)
    const row = async (name: string) => (await frame.locator('#outputs tbody tr', { hasText: name }).first().innerText()).replace(/\s+/g, ' ').trim();
    assert.match(await row('output'), /^output \(3, 9, 12\) ✓ /);
    assert.match(await row('h_n'), /^h_n \(2, 3, 12\) ✓ /);
    assert.match(text, /Every output has the shape rnnlens inferred/);
    assert.match((await frame.locator('#layers').innerText()).replace(/\s+/g, ' '), /gru\.l0 \(3, 9, 12\) 720 .*gru\.l1 \(3, 9, 12\) 936 .*total 1,656/);
    assert.equal(await frame.locator('#norm-plot polyline').count(), 2);
    assert.equal(await frame.locator('#saturation tbody tr').count(), 2);
  });

  it('"Show Running Extensions" lists rnnlens in the web worker host', async () => {
    await page.mouse.move(5, 5);
    await page.keyboard.press('Escape');
    await palette('Developer: Show Running Extensions');
    const row = page.locator('.runtime-extensions-editor .monaco-list-row', { hasText: 'rnnlens' }).first();
    await row.waitFor({ timeout: 20000 });
    await page.waitForTimeout(500);
    const text = (await row.innerText()).replace(/\s+/g, ' ');
    await page.screenshot({ path: path.join(outDir, 'web-running-extensions.png') });
    assert.match(text, /web worker/i);
  });
});
