// Python module resolution over the files of a workspace, as paths only (no file system): `a.b` is
// `a/b.py` or `a/b/__init__.py` under the importing script's folder or one of the roots; relative
// imports climb from the importing file's package. Paths are POSIX, absolute.
import type { FileId } from './fileId';

function dirname(p: string): string {
  const i = p.lastIndexOf('/');
  return i <= 0 ? '/' : p.slice(0, i);
}

function join(...parts: string[]): string {
  return parts.filter((p) => p !== '').join('/').replace(/\/+/g, '/');
}

export class ModuleResolver {
  private readonly byPath = new Map<string, FileId>();
  private readonly pathOf = new Map<FileId, string>();
  private roots: string[];

  constructor(roots: readonly string[] = []) {
    this.roots = [...roots];
  }

  setRoots(roots: readonly string[]): void {
    this.roots = [...roots];
  }

  add(id: FileId, path: string): void {
    this.remove(id);
    this.byPath.set(path, id);
    this.pathOf.set(id, path);
  }

  remove(id: FileId): void {
    const p = this.pathOf.get(id);
    if (p !== undefined) this.byPath.delete(p);
    this.pathOf.delete(id);
  }

  path(id: FileId): string | undefined {
    return this.pathOf.get(id);
  }

  /** The file `module` names when imported from `from` (`level` leading dots), if it is a workspace file. */
  resolve(from: FileId, module: string, level: number): FileId | undefined {
    const fromPath = this.pathOf.get(from);
    const parts = module ? module.split('.') : [];
    const bases: string[] = [];
    if (level > 0) {
      if (fromPath === undefined) return undefined;
      let base = dirname(fromPath);
      for (let i = 1; i < level; i++) base = dirname(base);
      bases.push(base);
    } else {
      // Python puts the running script's folder first on sys.path; then the configured roots.
      if (fromPath !== undefined) bases.push(dirname(fromPath));
      for (const r of this.roots) if (!bases.includes(r)) bases.push(r);
    }
    for (const base of bases) {
      const stem = join(base, ...parts);
      const hit = (parts.length > 0 ? this.byPath.get(`${stem}.py`) : undefined) ?? this.byPath.get(join(stem, '__init__.py'));
      if (hit !== undefined && hit !== from) return hit;
    }
    return undefined;
  }
}
