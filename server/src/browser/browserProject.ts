// The project as the browser build's server sees it: a snapshot of the workspace folders' files that the
// client read through vscode.workspace.fs (any scheme: vscode-vfs:// in github.dev, vscode-remote://, file://),
// indexed like the Node host's. A document's key is its URI; the index's path is the URI's path, so a file
// reached by an import and the same file opened agree, and a path maps back to a URI of the same origin.
import { ProjectAnalyses } from '../analysis/project/projectAnalyses';
import { projectRootsIn, resolvePosix } from '../analysis/project/projectRoots';
import type { WorkspaceFile } from '../protocol';

/** `scheme://authority` and the path of a hierarchical URI (query and fragment dropped), as written. */
export function splitUri(uri: string): { origin: string; path: string } | undefined {
  const m = /^([a-z][a-z0-9+.-]*:\/\/[^/?#]*)(\/[^?#]*)?/i.exec(uri);
  return m ? { origin: m[1]!, path: m[2] || '/' } : undefined;
}

export class BrowserProject extends ProjectAnalyses {
  private readonly texts: Map<string, string>;

  constructor(folderUris: readonly string[], extraRoots: readonly string[], files: readonly WorkspaceFile[]) {
    const texts = new Map<string, string>();
    const origins = new Set<string>();
    super({
      pathOf: (uri) => {
        const u = splitUri(uri);
        return u && origins.has(u.origin) ? u.path : undefined;
      },
      keyOf: (path, like) => (splitUri(like)?.origin ?? '') + path,
      read: (path) => texts.get(path),
    });
    this.texts = texts;
    const folders: string[] = [];
    for (const f of folderUris) {
      const u = splitUri(f);
      if (!u) continue;
      origins.add(u.origin);
      folders.push(u.path.replace(/\/+$/, '') || '/');
    }
    for (const f of files) this.setFile(f);
    const probe = {
      isDirectory: (p: string) => [...texts.keys()].some((k) => k.startsWith(p + '/')),
      read: (p: string) => texts.get(p),
    };
    const roots = new Set<string>();
    for (const folder of folders) for (const r of projectRootsIn(folder, probe, extraRoots.map((e) => resolvePosix(folder, e)))) roots.add(r);
    this.index([...roots], [...texts.keys()].filter((p) => p.endsWith('.py')));
  }

  /** New content of one file of the snapshot (absent text: the file is gone or unreadable). */
  setFile(file: WorkspaceFile): void {
    const path = this.files.pathOf(file.uri);
    if (path === undefined) return;
    if (file.text === undefined) this.texts.delete(path);
    else this.texts.set(path, file.text);
  }
}
