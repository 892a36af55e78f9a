// Expands the paths given to `rnnlens check` into the files to analyse, like a linter: folders walked in
// sorted order, `--exclude` patterns and `.gitignore` files honoured, and every entry it cannot use
// (a special file, a dangling link, a link loop, an unreadable folder) reported while it carries on.
import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';

export type WalkEntry =
  /** A file to analyse. */
  | { kind: 'file'; path: string }
  /** Not a source file to analyse (a FIFO named x.py, a dangling link): said, the exit code unchanged. */
  | { kind: 'skipped'; path: string; reason: string }
  /** Input that should have been analysed but cannot be read: said, and the exit code is 2. */
  | { kind: 'error'; path: string; reason: string };

export interface WalkOptions {
  /** gitignore-style patterns, matched against paths relative to the walked PATH and to `cwd`. */
  exclude: readonly string[];
  cwd: string;
}

const SKIP_DIRS = new Set(['node_modules', '.git', '__pycache__', '.venv', 'venv', '.tox', '.mypy_cache']);
const SOURCE = /\.(py|ipynb)$/;
/** Patterns are case-sensitive where file names are (git's core.ignorecase default per platform). */
const MATCH = { ignorecase: process.platform === 'darwin' || process.platform === 'win32' };

/**
 * The entries for one PATH argument. A file named explicitly is always checked (patterns apply only
 * inside walked folders); a path that is not a file or folder is an error.
 */
export function walk(root: string, options: WalkOptions): WalkEntry[] {
  const out: WalkEntry[] = [];
  let st: fs.Stats;
  try {
    st = fs.statSync(root);
  } catch (e) {
    out.push({ kind: 'error', path: root, reason: `cannot read: ${errnoText(e)}` });
    return out;
  }
  if (st.isDirectory()) {
    const exclude = ignore(MATCH).add(options.exclude.map((p) => p.replace(/^\.\//, '')));
    new Walker(root, path.resolve(options.cwd), exclude, out).dir(root, [], new Set([idOf(st)]));
  } else if (st.isFile()) out.push({ kind: 'file', path: root });
  else out.push({ kind: 'error', path: root, reason: `not read: ${kindOf(st)}, not a regular file` });
  return out;
}

interface IgnoreLevel {
  base: string;
  rules: Ignore;
}

class Walker {
  constructor(
    private readonly root: string,
    private readonly cwd: string,
    private readonly exclude: Ignore,
    private readonly out: WalkEntry[],
  ) {}

  dir(dir: string, levels: readonly IgnoreLevel[], ancestors: ReadonlySet<string>): void {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      this.out.push({ kind: 'error', path: dir, reason: `cannot read folder: ${errnoText(e)}` });
      return;
    }
    const here = [...levels];
    if (entries.some((e) => e.name === '.gitignore' && e.isFile())) {
      // (a regular file only, as git reads it: a FIFO would block, and git does not follow a linked one)
      try {
        here.push({ base: dir, rules: ignore(MATCH).add(fs.readFileSync(path.join(dir, '.gitignore'), 'utf8')) });
      } catch (e) {
        this.out.push({ kind: 'skipped', path: path.join(dir, '.gitignore'), reason: `not read, its patterns not applied: ${errnoText(e)}` });
      }
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (SKIP_DIRS.has(entry.name)) continue;
      const child = path.join(dir, entry.name);
      try {
        this.entry(entry, child, here, ancestors);
      } catch (e) {
        // whatever goes wrong with one entry is said on that entry; the walk goes on
        this.out.push({ kind: 'error', path: child, reason: `cannot read: ${errnoText(e)}` });
      }
    }
  }

  private entry(entry: fs.Dirent, child: string, here: readonly IgnoreLevel[], ancestors: ReadonlySet<string>): void {
    // git does not follow links: a link is matched as a file, a folder with a trailing slash
    if (this.ignored(child, entry.isDirectory(), here)) return;
    let st: fs.Stats | undefined;
    if (entry.isSymbolicLink()) {
      try {
        st = fs.statSync(child);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') this.out.push({ kind: 'skipped', path: child, reason: `dangling symbolic link (to ${linkTarget(child)})` });
        else if (code === 'ELOOP') this.out.push({ kind: 'skipped', path: child, reason: 'symbolic link loop' });
        else this.out.push({ kind: 'error', path: child, reason: `cannot read: ${errnoText(e)}` });
        return;
      }
    }
    const isDir = st ? st.isDirectory() : entry.isDirectory();
    if (isDir) {
      const id = st ? idOf(st) : idOfPath(child);
      if (id !== undefined && ancestors.has(id)) {
        this.out.push({ kind: 'skipped', path: child, reason: 'symbolic link loop (links back to a folder that contains it)' });
        return;
      }
      this.dir(child, here, id === undefined ? ancestors : new Set([...ancestors, id]));
      return;
    }
    if (!SOURCE.test(entry.name)) return;
    const regular = st ? st.isFile() : entry.isFile();
    if (regular) this.out.push({ kind: 'file', path: child });
    else this.out.push({ kind: 'skipped', path: child, reason: `${kindOf(st ?? entry)}, not a regular file` });
  }

  /** Excluded by `--exclude` (relative to the walked PATH or to the current folder) or by a `.gitignore`. */
  private ignored(file: string, isDir: boolean, levels: readonly IgnoreLevel[]): boolean {
    const suffix = isDir ? '/' : '';
    const fromRoot = posix(path.relative(this.root, file));
    if (this.exclude.ignores(fromRoot + suffix)) return true;
    const fromCwd = posix(path.relative(this.cwd, path.resolve(file)));
    const belowCwd = fromCwd !== '' && fromCwd !== '..' && !fromCwd.startsWith('../') && !path.isAbsolute(fromCwd);
    if (belowCwd && this.exclude.ignores(fromCwd + suffix)) return true;
    // the deepest .gitignore with a matching rule decides (a `!pattern` below re-includes)
    let ignoredNow = false;
    for (const level of levels) {
      const r = level.rules.test(posix(path.relative(level.base, file)) + suffix);
      if (r.ignored) ignoredNow = true;
      else if (r.unignored) ignoredNow = false;
    }
    return ignoredNow;
  }
}

function posix(p: string): string {
  return path.sep === '/' ? p : p.split(path.sep).join('/');
}

function idOf(st: fs.Stats): string {
  return `${st.dev}:${st.ino}`;
}

function idOfPath(p: string): string | undefined {
  try {
    return idOf(fs.statSync(p));
  } catch {
    return undefined;
  }
}

function linkTarget(p: string): string {
  try {
    return `'${fs.readlinkSync(p)}'`;
  } catch {
    return 'an unreadable target';
  }
}

interface FileKind {
  isFIFO(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
  isSocket(): boolean;
  isDirectory(): boolean;
}

/** What a non-regular entry is, for the message (Stats or Dirent). */
function kindOf(st: FileKind): string {
  if (st.isFIFO()) return 'a named pipe (FIFO)';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  if (st.isDirectory()) return 'a folder';
  return 'a special file';
}

/** `ENOENT (no such file or directory)` from a Node fs error. */
export function errnoText(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (!err || typeof err.code !== 'string') return e instanceof Error ? e.message : String(e);
  const known: Record<string, string> = {
    ENOENT: 'no such file or directory',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    ELOOP: 'symbolic link loop',
    ENOTDIR: 'not a folder',
    EISDIR: 'is a folder',
    EMFILE: 'too many open files',
    EIO: 'input/output error',
  };
  return known[err.code] ? `${err.code} (${known[err.code]})` : err.code;
}
