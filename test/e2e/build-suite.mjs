// Bundles the extension-host mocha suite (test/e2e/suite/*.ts) into out/e2e/ as CommonJS files that
// VS Code loads through extensionTestsPath (vscode and mocha stay external).
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
