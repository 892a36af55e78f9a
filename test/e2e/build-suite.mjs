// Bundles the extension-host mocha suite (test/e2e/suite/*.ts) into out/e2e/ as CommonJS files that
// VS Code loads through extensionTestsPath (vscode and mocha stay external), and the web build's suite
// (test/e2e/web/index.ts: the same tests with mocha's browser build) into out/e2e-web/index.js.
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';

const dir = path.join('test', 'e2e', 'suite');
const entryPoints = fs.readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'helpers.ts').map((f) => path.join(dir, f));
fs.rmSync(path.join('out', 'e2e'), { recursive: true, force: true });
await esbuild.build({
  entryPoints,
  outdir: path.join('out', 'e2e'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'inline',
  external: ['vscode', 'mocha'],
  logLevel: 'warning',
});

fs.rmSync(path.join('out', 'e2e-web'), { recursive: true, force: true });
await esbuild.build({
  entryPoints: [path.join('test', 'e2e', 'web', 'index.ts')],
  outfile: path.join('out', 'e2e-web', 'index.js'),
  bundle: true,
  platform: 'browser',
  target: 'es2022',
  format: 'cjs',
  sourcemap: 'inline',
  mainFields: ['browser', 'module', 'main'],
  external: ['vscode'],
  // the web worker extension host has no Node built-ins: node:assert/strict is replaced by a small equivalent
  alias: { 'node:assert/strict': './test/e2e/web/assert.ts' },
  logLevel: 'warning',
});
