// Where a project's imports resolve from, as Python tools would see it: the folder itself, its `src/`,
// and the extra roots its pyproject.toml names (pyright/basedpyright `extraPaths`, pytest `pythonpath`,
// setuptools `where`). Paths are absolute POSIX; the host says what exists and reads pyproject.toml.

/** The string items of the TOML arrays (or strings) assigned to `key` anywhere in `toml` (a small, forgiving read). */
function tomlArrays(toml: string, key: string): string[] {
  const out: string[] = [];
  const re = new RegExp(`^\\s*${key}\\s*=\\s*(\\[[^\\]]*\\]|"[^"]*"|'[^']*')`, 'gm');
  for (const m of toml.matchAll(re)) {
    for (const s of m[1]!.matchAll(/"([^"]*)"|'([^']*)'/g)) out.push(s[1] ?? s[2]!);
  }
  return out;
}

/** `rel` resolved against the absolute POSIX folder `base` (`.` and `..` removed). */
export function resolvePosix(base: string, rel: string): string {
  const out: string[] = [];
  for (const part of (rel.startsWith('/') ? rel : `${base}/${rel}`).split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return '/' + out.join('/');
}

export interface RootProbe {
  isDirectory(path: string): boolean;
  read(path: string): string | undefined;
}

/** Import roots of the project in the absolute POSIX `folder`; `extra`: absolute roots the user configured. */
export function projectRootsIn(folder: string, probe: RootProbe, extra: readonly string[] = []): string[] {
  const roots = [folder];
  const src = resolvePosix(folder, 'src');
  if (probe.isDirectory(src)) roots.push(src);
  const toml = probe.read(resolvePosix(folder, 'pyproject.toml')) ?? '';
  for (const key of ['extraPaths', 'pythonpath', 'where']) for (const p of tomlArrays(toml, key)) roots.push(resolvePosix(folder, p));
  roots.push(...extra);
  return [...new Set(roots)];
}
