// Bundles the extension's entry points into dist/ with esbuild and copies the WASM files they load
// (tree-sitter, the Python grammar, the engine kernels) beside the bundles.
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
fs.mkdirSync('dist', { recursive: true });

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

const entries = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] },
  { entryPoints: ['server/src/lsp/main.ts'], outfile: 'dist/server.js' },
  { entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node\n' + importMetaUrl } },
  { entryPoints: ['engine/src/worker.ts'], outfile: 'dist/engine-worker.js' },
  { entryPoints: ['server/src/node/analysisWorker.ts'], outfile: 'dist/analysis-worker.js' },
].filter((e) => fs.existsSync(e.entryPoints[0]));

const copies = [
  'node_modules/web-tree-sitter/tree-sitter.wasm',
  'node_modules/tree-sitter-python/tree-sitter-python.wasm',
  ...(fs.existsSync('engine/build') ? fs.readdirSync('engine/build').filter((f) => f.endsWith('.wasm')).map((f) => `engine/build/${f}`) : []),
];
for (const file of copies) fs.copyFileSync(file, path.join('dist', path.basename(file)));

if (watch) {
  for (const e of entries) await (await esbuild.context({ ...common, ...e })).watch();
} else {
  await Promise.all(entries.map((e) => esbuild.build({ ...common, ...e })));
}
