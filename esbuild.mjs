// Bundles the extension's entry points with esbuild and copies the WASM files they load (tree-sitter,
// the Python grammar, the engine kernels) into dist/: the Node build in dist/, the web build (VS Code for
// the Web: platform browser, no Node built-ins) in dist/web/; both load the WASM from dist/.
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
fs.mkdirSync('dist/web', { recursive: true });

const importMetaUrl = 'var __rnnlensImportMetaUrl = require("url").pathToFileURL(__filename).href;';
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  // web-tree-sitter's ESM build reads import.meta.url, which is empty in a CommonJS bundle
  define: { 'import.meta.url': '__rnnlensImportMetaUrl' },
  banner: { js: importMetaUrl },
};

const web = {
  bundle: true,
  platform: 'browser',
  target: 'es2022',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  mainFields: ['browser', 'module', 'main'],
  // web-tree-sitter's Emscripten loader mentions these for Node only; they are never loaded in a browser
  external: ['fs/promises', 'module'],
  // No import.meta in a classic worker script. web-tree-sitter still builds a URL from it (new URL('tree-sitter.wasm',
  // import.meta.url)) although it is given the WASM bytes, and a worker started from a blob: URL has no valid base:
  // a fixed placeholder, never fetched.
  define: { 'import.meta.url': '"https://rnnlens.invalid/dist/web/server.js"' },
};

const entries = [
  { entryPoints: ['client/src/extension.node.ts'], outfile: 'dist/client.js', external: ['vscode'] },
  { entryPoints: ['server/src/lsp/main.node.ts'], outfile: 'dist/server.js' },
  { entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node\n' + importMetaUrl } },
  { entryPoints: ['engine/src/worker.ts'], outfile: 'dist/engine-worker.js' },
  { entryPoints: ['server/src/node/analysisWorker.ts'], outfile: 'dist/analysis-worker.js' },
  { entryPoints: ['server/src/node/modelRunWorker.ts'], outfile: 'dist/model-run-worker.js' },
].filter((e) => fs.existsSync(e.entryPoints[0]));

const webEntries = [
  { entryPoints: ['client/src/extension.browser.ts'], outfile: 'dist/web/extension.js', format: 'cjs', external: ['vscode'] },
  { entryPoints: ['server/src/lsp/main.browser.ts'], outfile: 'dist/web/server.js', format: 'iife' },
  { entryPoints: ['engine/src/worker.browser.ts'], outfile: 'dist/web/engine-worker.js', format: 'iife' },
  { entryPoints: ['server/src/browser/modelRunWorker.ts'], outfile: 'dist/web/model-run-worker.js', format: 'iife' },
];

const copies = [
  'node_modules/web-tree-sitter/tree-sitter.wasm',
  'node_modules/tree-sitter-python/tree-sitter-python.wasm',
  ...(fs.existsSync('engine/build') ? fs.readdirSync('engine/build').filter((f) => f.endsWith('.wasm')).map((f) => `engine/build/${f}`) : []),
];
// both builds load the same files from dist/ (the web build fetches them from the extension's URI)
for (const file of copies) fs.copyFileSync(file, path.join('dist', path.basename(file)));
for (const f of fs.readdirSync('dist/web')) if (f.endsWith('.wasm')) fs.rmSync(path.join('dist/web', f));

const options = [...entries.map((e) => ({ ...common, ...e })), ...webEntries.map((e) => ({ ...web, ...e, external: [...web.external, ...(e.external ?? [])] }))];
if (watch) {
  for (const o of options) await (await esbuild.context(o)).watch();
} else {
  await Promise.all(options.map((o) => esbuild.build(o)));
}
