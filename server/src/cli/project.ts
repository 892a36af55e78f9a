// The project `rnnlens check` sees: every .py file it was given (folders walked), indexed together so
// a model built in train.py gives concrete shapes and call-site bugs in models.py. Files are read from
// disk on first need; configuration files only inside the given folders.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileId, type AnalysisResult } from '../analysis/analyze';
import { Workspace } from '../analysis/project/workspace';
import { projectRoots, toPosix } from '../node/projectRoots';

/** At most this many bytes are read of a file the index reads on its own. */
const MAX_READ = 2 * 1024 * 1024;

function readSmall(p: string): string | undefined {
  try {
    const st = fs.statSync(p);
    if (!st.isFile() || st.size > MAX_READ) return undefined;
    return fs.readFileSync(p, 'utf8');
  } catch {
    return undefined;
  }
}

export class CheckProject {
  private readonly ws: Workspace;

  /** `folders`: the folders given on the command line (roots); `files`: every .py file to index. */
  constructor(folders: readonly string[], files: readonly string[]) {
    const roots = new Set<string>();
    for (const f of folders) for (const r of projectRoots(f)) roots.add(r);
    for (const f of files) roots.add(toPosix(path.dirname(f)));
    this.ws = new Workspace(readSmall, [...roots]);
    for (const f of files) if (f.endsWith('.py')) this.ws.addFile(fileId(toPosix(f)), toPosix(f));
  }

  /** The facts of a .py file with its text as read: its own, merged with what its importers establish. */
  analyze(file: string, text: string): AnalysisResult {
    const p = toPosix(file);
    this.ws.setText(fileId(p), p, text, false);
    return this.ws.analyze(fileId(p));
  }
}
