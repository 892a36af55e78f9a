// What the UI tests do in VS Code's workbench, shared by the Node build's (ui.test.ts) and the web
// build's (web/ui.web.test.ts): open a file by quick open, run a palette command, find a result panel.
import assert from 'node:assert/strict';
import type { Frame, Page } from './playwright';

/** Opens `name` by quick open: the file itself, not a result panel titled `layer · name:line` that quick open also lists. */
export async function quickOpen(page: Page, name: string): Promise<void> {
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+P');
  await page.locator('.quick-input-widget input').waitFor();
  await page.keyboard.type(name);
  const exact = new RegExp(`^\\s*${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
  const row = page.locator('.quick-input-list .monaco-list-row .label-name', { hasText: exact }).first();
  await row.waitFor();
  await row.click();
}

/** Runs `command` (its palette title, `rnnlens: Run Sample Forward Pass`) from the command palette. */
export async function palette(page: Page, command: string): Promise<void> {
  await page.keyboard.press('F1');
  await page.locator('.quick-input-widget input').waitFor();
  await page.keyboard.type(command);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: command.replace(/^.*: /, '') }).first().waitFor({ timeout: 10000 });
  await page.keyboard.press('Enter');
}

/** The frame of the result panel (a webview: nested iframes) whose text contains `hasText`. */
export async function webviewFrame(page: Page, hasText: string, ms = 60000): Promise<{ frame: Frame; text: string }> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    for (const frame of page.frames()) {
      const text = await frame.evaluate<string>("document.body ? document.body.innerText : ''").catch(() => '');
      if (text.includes(hasText) && (await frame.locator('#outputs').count().catch(() => 0)) > 0) return { frame, text };
    }
    await page.waitForTimeout(300);
  }
  assert.fail(`no result panel showing ${hasText} within ${ms} ms`);
}

/**
 * Hovers the word `word` on the first editor line matching `line` until the hover widget shows `wanted`
 * (the server may still be analysing), and returns the widget's text ('' if it never did).
 */
export async function hoverText(page: Page, line: RegExp, word: RegExp, wanted: string): Promise<string> {
  const editor = page.locator('.editor-instance .monaco-editor').first();
  const row = editor.locator('.view-line', { hasText: line }).first();
  await row.waitFor({ timeout: 60000 });
  const span = row.locator('span', { hasText: word }).first();
  let text = '';
  for (let attempt = 0; attempt < 40 && !text.includes(wanted); attempt++) {
    await page.mouse.move(5, 5);
    await page.waitForTimeout(attempt ? 500 : 50);
    await span.hover();
    try {
      const hover = page.locator('.monaco-hover:not(.hidden) .monaco-hover-content', { hasText: wanted }).first();
      await hover.waitFor({ timeout: 3000 });
      await page.waitForTimeout(300);
      text = (await hover.innerText()).replace(/\u00a0/g, ' ').trim();
    } catch {
      text = '';
    }
  }
  return text;
}
