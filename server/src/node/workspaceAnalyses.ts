// The project as the Node hosts (the analysis worker, `rnnlens check`) analyse it: every .py file under
// the workspace folders (found by a bounded walk, read from disk on first need, at most 2 MB), the
// editor's texts for open documents, and configuration files inside the folders. Documents are keyed by
// URI (or path); the index works on absolute POSIX paths, so a file reached by an import and the same
// file opened agree.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ProjectAnalyses } from '../analysis/project/projectAnalyses';
import { pathOfUri, projectRoots, toPosix } from './projectRoots';

const SKIP_DIRS = new Set(['node_modules', '.git', '__pycache__', '.venv', 'venv', 'env', '.tox', '.mypy_cache', 'site-packages', 'dist', 'build']);
/** At most this many Python files are indexed per workspace (the rest are still analysed when opened). */
const MAX_FILES = 20_000;
const MAX_BYTES = 2 * 1024 * 1024;

function readSmall(p: string): string | undefined {
  try {
    const st = fs.statSync(p);
    if (!st.isFile() || st.size > MAX_BYTES) return undefined;
    return fs.readFileSync(p, 'utf8');
  } catch {
    return undefined;
  }
}

/** The .py files below `folders` (sorted walk, hidden and environment folders skipped, bounded). */
function pythonFilesBelow(folders: readonly string[]): string[] {
  const found: string[] = [];
  const walk = (dir: string, depth: number) => {
    if (found.length >= MAX_FILES || depth > 32) return;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (found.length >= MAX_FILES) return;
      const full = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name) && !e.name.startsWith('.')) walk(full, depth + 1);
      } else if (e.isFile() && e.name.endsWith('.py')) found.push(toPosix(full));
    }
  };
  for (const f of folders) walk(path.resolve(f), 0);
  return found;
}

export class WorkspaceAnalyses extends ProjectAnalyses {
  /** `files`: files indexed besides those below the folders (given on a command line), their folders roots. */
  constructor(folders: readonly string[] = [], extraRoots: readonly string[] = [], files: readonly string[] = []) {
    // keys given as absolute paths (the CLI) are answered as paths; URIs as file: URIs
    super({ pathOf: pathOfUri, keyOf: (p, like) => (path.isAbsolute(like) ? p : pathToFileURL(p).href), read: readSmall });
    this.setFolders(folders, extraRoots, files);
  }

  /** Workspace folders (absolute paths): their roots, and every .py file below them (bounded walk). */
  setFolders(folders: readonly string[], extraRoots: readonly string[] = [], files: readonly string[] = []): void {
    const roots = new Set<string>();
    for (const f of folders) for (const r of projectRoots(f, extraRoots)) roots.add(r);
    for (const f of files) roots.add(toPosix(path.dirname(f)));
    this.index([...roots], [...pythonFilesBelow(folders), ...files.filter((f) => f.endsWith('.py')).map(toPosix)]);
  }
}
