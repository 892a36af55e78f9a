// The workspace as the language server analyses it in Node: every .py file under the workspace folders
// (found by a bounded walk, read from disk on first need, at most 2 MB), the editor's texts for open
// documents, and configuration files inside the folders. Documents are keyed by URI; the index works on
// absolute POSIX paths (file ids), so a file reached by an import and the same file opened agree.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DocumentAnalyzer, fileId, type AnalysisLimits, type AnalysisResult, type FileId, type TextChange } from '../analysis/analyze';
import { Workspace } from '../analysis/project/workspace';
import { projectRoots, toPosix } from './projectRoots';

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

/** The absolute path of a `file:` URI (or of an absolute path), or undefined (untitled documents, virtual file systems). */
export function pathOfUri(uri: string): string | undefined {
  if (path.isAbsolute(uri)) return toPosix(uri);
  if (!uri.startsWith('file:')) return undefined;
  try {
    return toPosix(fileURLToPath(uri));
  } catch {
    return undefined;
  }
}

export class WorkspaceAnalyses {
  private ws: Workspace;
  /** Documents outside any file system (untitled): analysed on their own. */
  private readonly loose = new Map<string, DocumentAnalyzer>();

  /** `files`: files indexed besides those below the folders (given on a command line), their folders roots. */
  constructor(folders: readonly string[] = [], extraRoots: readonly string[] = [], files: readonly string[] = []) {
    this.ws = new Workspace(readSmall, []);
    this.setFolders(folders, extraRoots, files);
  }

  /** Workspace folders (absolute paths): their roots, and every .py file below them (bounded walk). */
  setFolders(folders: readonly string[], extraRoots: readonly string[] = [], files: readonly string[] = []): void {
    const roots = new Set<string>();
    for (const f of folders) for (const r of projectRoots(f, extraRoots)) roots.add(r);
    for (const f of files) roots.add(toPosix(path.dirname(f)));
    this.ws.setRoots([...roots]);
    let budget = MAX_FILES;
    const walk = (dir: string, depth: number) => {
      if (budget <= 0 || depth > 32) return;
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const e of entries) {
        if (budget <= 0) return;
        const full = path.join(dir, e.name);
        if (e.isDirectory()) {
          if (!SKIP_DIRS.has(e.name) && !e.name.startsWith('.')) walk(full, depth + 1);
        } else if (e.isFile() && e.name.endsWith('.py')) {
          const p = toPosix(full);
          if (!this.ws.has(fileId(p))) this.ws.addFile(fileId(p), p);
          budget--;
        }
      }
    };
    for (const f of folders) walk(path.resolve(f), 0);
    for (const f of files) {
      const p = toPosix(f);
      if (p.endsWith('.py') && !this.ws.has(fileId(p))) this.ws.addFile(fileId(p), p);
    }
  }

  get files(): number {
    return this.ws.size;
  }

  /** Analyse an open document (with its edits since the last call, for an incremental re-parse). */
  update(uri: string, text: string, changes?: readonly TextChange[], limits?: Partial<AnalysisLimits>): AnalysisResult {
    const p = pathOfUri(uri);
    if (p === undefined) {
      let doc = this.loose.get(uri);
      if (!doc) this.loose.set(uri, (doc = new DocumentAnalyzer(fileId(uri))));
      return doc.update(text, changes, limits);
    }
    this.ws.setText(fileId(p), p, text, true, changes);
    return this.ws.analyze(fileId(p), limits);
  }

  /** The analysis of `uri` failed: its next update starts from nothing. */
  forget(uri: string): void {
    const p = pathOfUri(uri);
    if (p === undefined) {
      this.loose.get(uri)?.dispose();
      this.loose.delete(uri);
    } else this.ws.removeFile(fileId(p));
  }

  /** URIs of the files whose facts may change when the document `uri` changes. */
  affectedBy(uri: string): string[] {
    const p = pathOfUri(uri);
    if (p === undefined) return [];
    const asKey = path.isAbsolute(uri) ? (id: FileId) => String(id) : (id: FileId) => pathToFileURL(id).href;
    return this.ws.affectedBy(fileId(p)).map(asKey);
  }

  /** The editor closed a document: its file is read from disk again when needed. */
  close(uri: string): void {
    const p = pathOfUri(uri);
    if (p === undefined) {
      this.loose.get(uri)?.dispose();
      this.loose.delete(uri);
      return;
    }
    this.ws.reload(fileId(p));
  }

  /** A watched file was created, changed or deleted on disk. */
  fileChanged(uri: string, deleted: boolean): void {
    const p = pathOfUri(uri);
    if (p === undefined) return;
    if (/\.(ya?ml|json)$/i.test(p)) return this.ws.dataChanged();
    if (!p.endsWith('.py')) return;
    if (deleted) this.ws.removeFile(fileId(p));
    else if (this.ws.has(fileId(p))) this.ws.reload(fileId(p));
    else this.ws.addFile(fileId(p), p);
  }
}
