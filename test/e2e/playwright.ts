// Loads playwright-core from test/vscode-host (not a dependency of the extension) and declares the small
// part of its API the UI test uses, so the test type-checks without the package in the root node_modules.
import { createRequire } from 'node:module';
import * as path from 'node:path';

export interface Locator {
  first(): Locator;
  nth(i: number): Locator;
  locator(selector: string, options?: { hasText?: string | RegExp }): Locator;
  waitFor(options?: { timeout?: number; state?: 'attached' | 'visible' }): Promise<void>;
  hover(): Promise<void>;
  click(options?: { position?: { x: number; y: number } }): Promise<void>;
  innerText(): Promise<string>;
  count(): Promise<number>;
  fill(value: string): Promise<void>;
  inputValue(): Promise<string>;
  scrollIntoViewIfNeeded(): Promise<void>;
}

/** A frame of the page (webviews are nested iframes). */
export interface Frame {
  locator(selector: string, options?: { hasText?: string | RegExp }): Locator;
  /** Evaluates a JavaScript expression in the frame (a string: this project has no DOM types). */
  evaluate<T>(expression: string): Promise<T>;
}

export interface Page {
  frames(): Frame[];
  evaluate<T>(expression: string): Promise<T>;
  goto(url: string): Promise<unknown>;
  waitForSelector(selector: string, options?: { timeout?: number }): Promise<unknown>;
  waitForTimeout(ms: number): Promise<void>;
  locator(selector: string, options?: { hasText?: string | RegExp }): Locator;
  screenshot(options: { path: string }): Promise<unknown>;
  keyboard: { press(key: string): Promise<void>; type(text: string): Promise<void> };
  mouse: { move(x: number, y: number): Promise<void> };
  on(event: 'console', handler: (m: { type(): string; text(): string }) => void): void;
  on(event: 'worker', handler: (w: { url(): string; on(event: 'console', handler: (m: { type(): string; text(): string }) => void): void }) => void): void;
  on(event: 'pageerror', handler: (e: Error) => void): void;
  exposeFunction(name: string, fn: (...args: never[]) => unknown): Promise<void>;
}

export interface Browser {
  newPage(options?: { viewport?: { width: number; height: number }; permissions?: string[]; ignoreHTTPSErrors?: boolean }): Promise<Page>;
  close(): Promise<void>;
}

interface Chromium {
  launch(options: { executablePath: string; headless: boolean; env?: Record<string, string | undefined>; args?: string[] }): Promise<Browser>;
}

export const hostModules = path.resolve(import.meta.dirname, '..', 'vscode-host', 'node_modules');

export function chromium(): Chromium {
  const req = createRequire(path.join(hostModules, 'noop.js'));
  return (req('playwright-core') as { chromium: Chromium }).chromium;
}
