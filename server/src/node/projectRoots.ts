// Where a project's imports resolve from, as Python tools would see it: the folder itself, its `src/`,
// and the extra roots its pyproject.toml names (pyright/basedpyright `extraPaths`, pytest `pythonpath`,
// setuptools `where`), plus any the user configured.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The string items of the TOML arrays assigned to `key` anywhere in `toml` (a small, forgiving read). */
function tomlArrays(toml: string, key: string): string[] {
  const out: string[] = [];
  const re = new RegExp(`^\\s*${key}\\s*=\\s*(\\[[^\\]]*\\]|"[^"]*"|'[^']*')`, 'gm');
  for (const m of toml.matchAll(re)) {
    for (const s of m[1]!.matchAll(/"([^"]*)"|'([^']*)'/g)) out.push(s[1] ?? s[2]!);
  }
  return out;
}

/** Absolute, POSIX import roots of the project in `folder`. */
export function projectRoots(folder: string, extra: readonly string[] = []): string[] {
  const abs = path.resolve(folder);
  const roots = [abs];
  const src = path.join(abs, 'src');
  try {
    if (fs.statSync(src).isDirectory()) roots.push(src);
  } catch {
    /* no src/ */
  }
  let toml = '';
  try {
    toml = fs.readFileSync(path.join(abs, 'pyproject.toml'), 'utf8');
  } catch {
    /* no pyproject.toml */
  }
  for (const key of ['extraPaths', 'pythonpath', 'where']) for (const p of tomlArrays(toml, key)) roots.push(path.resolve(abs, p));
  for (const p of extra) roots.push(path.resolve(abs, p));
  return [...new Set(roots.map(toPosix))];
}

/** A path as the analysis core's project layer takes it: absolute, with `/` separators. */
export function toPosix(p: string): string {
  return path.resolve(p).split(path.sep).join('/');
}
