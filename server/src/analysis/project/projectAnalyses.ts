// A project as a language server analyses it, on any host: the workspace index over the project's
// files, the editor's texts for open documents (keyed by URI), and documents outside the project's file
// system (untitled) analysed on their own. The host says how URIs map to the index's paths and how a
// file is read (from disk in Node, from the client's snapshot in a browser).
import { DocumentAnalyzer, fileId, type AnalysisLimits, type AnalysisResult, type FileId, type TextChange } from '../analyze';
import type { ProjectContext } from './fileId';
import { Workspace, type ReadFile } from './workspace';

/** How one host reaches the project's files. */
export interface ProjectFiles {
  /** The absolute POSIX path of a document URI in the project's file system, or undefined (untitled, …). */
  pathOf(uri: string): string | undefined;
  /** The key a path is known by, in the form of the key `like` (the inverse of pathOf). */
  keyOf(path: string, like: string): string;
  read: ReadFile;
}

const CONFIG_FILE = /\.(ya?ml|json)$/i;

export class ProjectAnalyses {
  protected readonly ws: Workspace;
  /** Documents outside any file system (untitled): analysed on their own. */
  private readonly loose = new Map<string, DocumentAnalyzer>();

  constructor(protected readonly files: ProjectFiles) {
    this.ws = new Workspace(files.read, []);
  }

  /** Import roots (absolute POSIX paths) and the project's Python files (their paths), read when needed. */
  protected index(roots: readonly string[], pythonFiles: Iterable<string>): void {
    this.ws.setRoots(roots);
    for (const p of pythonFiles) if (!this.ws.has(fileId(p))) this.ws.addFile(fileId(p), p);
  }

  get fileCount(): number {
    return this.ws.size;
  }

  /** Analyse an open document (with its edits since the last call, for an incremental re-parse). */
  update(uri: string, text: string, changes?: readonly TextChange[], limits?: Partial<AnalysisLimits>): AnalysisResult {
    const p = this.files.pathOf(uri);
    if (p === undefined) {
      let doc = this.loose.get(uri);
      if (!doc) this.loose.set(uri, (doc = new DocumentAnalyzer(fileId(uri))));
      return doc.update(text, changes, limits);
    }
    this.ws.setText(fileId(p), p, text, true, changes);
    return this.ws.analyze(fileId(p), limits);
  }

  /** How the code of the document `uri` reaches the rest of the project; undefined outside it (untitled). */
  contextOf(uri: string): ProjectContext | undefined {
    const p = this.files.pathOf(uri);
    return p === undefined ? undefined : this.ws.contextOf(fileId(p));
  }

  /** The analysis of `uri` failed: its next update starts from nothing. */
  forget(uri: string): void {
    const p = this.files.pathOf(uri);
    if (p === undefined) {
      this.loose.get(uri)?.dispose();
      this.loose.delete(uri);
    } else this.ws.removeFile(fileId(p));
  }

  /** URIs of the files whose facts may change when the document `uri` changes. */
  affectedBy(uri: string): string[] {
    const p = this.files.pathOf(uri);
    if (p === undefined) return [];
    return this.ws.affectedBy(fileId(p)).map((id: FileId) => this.files.keyOf(id, uri));
  }

  /** The editor closed a document: its file is read again when needed. */
  close(uri: string): void {
    const p = this.files.pathOf(uri);
    if (p === undefined) {
      this.loose.get(uri)?.dispose();
      this.loose.delete(uri);
      return;
    }
    this.ws.reload(fileId(p));
  }

  /** A file of the project was created, changed or deleted outside the editor. */
  fileChanged(uri: string, deleted: boolean): void {
    const p = this.files.pathOf(uri);
    if (p === undefined) return;
    if (CONFIG_FILE.test(p)) return this.ws.dataChanged();
    if (!p.endsWith('.py')) return;
    if (deleted) this.ws.removeFile(fileId(p));
    else if (this.ws.has(fileId(p))) this.ws.reload(fileId(p));
    else this.ws.addFile(fileId(p), p);
  }
}
