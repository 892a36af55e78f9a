// The workspace index: every Python file of a project, who imports whom, and each file's facts merged
// with what the files importing it establish (a model built in train.py gives concrete shapes in
// models.py). Reads no files itself: file contents come from the host (an open document's text, or
// the host's reader for files on disk). An edit re-analyses the changed file and its dependents only.
import { DocumentAnalyzer, type TextChange } from '../analyze';
import type { AnalysisLimits } from '../limits';
import type { AnalysisResult } from '../facts';
import type { FileId, ModuleSource, ProjectContext } from './fileId';
import { ModuleResolver } from './moduleResolver';
import { scanImports } from './importScan';
import { mergeContributions, type Contribution } from './mergeFacts';

/** How the index reads a workspace file by its path (undefined: unreadable, left out). */
export type ReadFile = (path: string) => string | undefined;

/** At most this many files that import a file contribute to its facts. */
const MAX_CONTRIBUTORS = 32;

const CONFIG_FILE = /\.(ya?ml|json)$/i;

function normalize(path: string): string {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return '/' + out.join('/');
}

interface FileState {
  id: FileId;
  path: string;
  /** Undefined until read (closed files are read on first need). */
  text?: string;
  /** Set while the editor holds the file open: the host's reader is not asked then. */
  open: boolean;
  version: number;
  analyzer?: DocumentAnalyzer;
  deps?: FileId[];
  /** The imports found last time (a re-scan that finds the same ones leaves the graph as it is). */
  prevDeps?: FileId[];
  own?: { key: string; result: AnalysisResult; dataVersion: number };
  /** Edits since the text the analyzer last parsed (incremental re-parse), when known. */
  pending?: TextChange[];
}

export class Workspace {
  private readonly files = new Map<FileId, FileState>();
  private readonly resolver: ModuleResolver;
  /** Bumped on every change: the reverse import graph is rebuilt when it moved. */
  private clock = 0;
  private importers?: { clock: number; map: Map<FileId, Set<FileId>> };
  /** Configuration files' texts as read since the last change of one (see dataChanged). */
  private readonly configTexts = new Map<string, string | undefined>();
  /** Bumped when a configuration file changes: every analysis may have read it. */
  private dataVersion = 0;
  /** Bounds of every analysis (the settings'); a change re-analyses everything. */
  private limits: Partial<AnalysisLimits> = {};
  private roots: string[];

  constructor(
    private readonly read: ReadFile,
    roots: readonly string[] = [],
  ) {
    this.resolver = new ModuleResolver(roots);
    this.roots = roots.map(normalize);
  }

  setRoots(roots: readonly string[]): void {
    this.configTexts.clear();
    this.resolver.setRoots(roots);
    this.roots = roots.map(normalize);
    this.changed();
  }

  /** A file known by path (on disk); its text is read when first needed. */
  addFile(id: FileId, path: string): void {
    const f = this.files.get(id);
    if (f && f.path === path) return;
    this.files.set(id, { id, path, open: false, version: (f?.version ?? 0) + 1 });
    this.resolver.add(id, path);
    this.changed();
  }

  /**
   * The current text of a file (an open document, or new content on disk). `changes` (as LSP sends them,
   * from the previous text) let its next analysis re-parse incrementally.
   */
  setText(id: FileId, path: string, text: string, open = true, changes?: readonly TextChange[]): void {
    let f = this.files.get(id);
    if (!f) {
      f = { id, path, open, version: 0 };
      this.files.set(id, f);
      this.resolver.add(id, path);
    }
    f.open = open;
    if (f.text === text) return;
    f.pending = f.text !== undefined && changes ? [...(f.pending ?? []), ...changes] : undefined;
    f.text = text;
    f.version++;
    // (the import graph moves only if the imports do: see depsOf)
    f.deps = undefined;
  }

  /** The editor closed the file, or it changed on disk: read it again when needed. */
  reload(id: FileId): void {
    const f = this.files.get(id);
    if (!f) return;
    f.open = false;
    f.text = undefined;
    f.version++;
    f.deps = undefined;
  }

  /** A configuration file (YAML / JSON) changed, appeared or went away. */
  dataChanged(): void {
    this.dataVersion++;
    this.configTexts.clear();
    this.changed();
  }

  /** Files whose facts may change when `id` changes: what imports it and what it imports. */
  affectedBy(id: FileId): FileId[] {
    return [...new Set([...this.importersOf(id), ...this.dependenciesOf(id)])];
  }

  removeFile(id: FileId): void {
    const f = this.files.get(id);
    if (!f) return;
    f.analyzer?.dispose();
    this.files.delete(id);
    this.resolver.remove(id);
    this.changed();
  }

  has(id: FileId): boolean {
    return this.files.has(id);
  }

  get size(): number {
    return this.files.size;
  }

  pathOf(id: FileId): string | undefined {
    return this.files.get(id)?.path;
  }

  /** Facts of `id`: its own analysis, merged with what every file that imports it (transitively) establishes. */
  analyze(id: FileId, limits?: Partial<AnalysisLimits>): AnalysisResult {
    if (limits) this.limits = limits;
    const own = this.ownResult(id);
    const contributions: Contribution[] = [];
    const reached = new Set(own.reached ?? []);
    // The nearest importers (breadth first) up to a bound, so one edit never waits on a whole repository.
    for (const other of this.importersOf(id).slice(0, MAX_CONTRIBUTORS)) {
      const theirs = this.ownResult(other);
      for (const r of theirs.reached ?? []) reached.add(r);
      const foreign = theirs.foreign?.find((x) => x.file === id);
      if (foreign) contributions.push({ from: this.displayName(other), result: foreign.result, contextShapes: foreign.contextShapes });
    }
    return mergeContributions(own, contributions, reached);
  }

  /** Files that import `id`, directly or through other files. */
  importersOf(id: FileId): FileId[] {
    const map = this.reverseGraph();
    const out: FileId[] = [];
    const seen = new Set<FileId>([id]);
    const queue = [id];
    while (queue.length > 0) {
      const cur = queue.shift()!;
      for (const imp of map.get(cur) ?? []) {
        if (seen.has(imp)) continue;
        seen.add(imp);
        out.push(imp);
        queue.push(imp);
      }
    }
    return out;
  }

  /** Files `id` imports, directly or through other files (what its analysis may run). */
  dependenciesOf(id: FileId): FileId[] {
    const out: FileId[] = [];
    const seen = new Set<FileId>([id]);
    const queue = [id];
    while (queue.length > 0) {
      const cur = queue.shift()!;
      for (const d of this.depsOf(cur)) {
        if (seen.has(d)) continue;
        seen.add(d);
        out.push(d);
        queue.push(d);
      }
    }
    return out;
  }

  private ownResult(id: FileId): AnalysisResult {
    const f = this.files.get(id);
    if (!f) return { diagnostics: [], shapes: [], modules: [], uses: [], calls: [] };
    const text = this.textOf(f) ?? '';
    const key = [`${f.version}.${this.dataVersion}.${JSON.stringify(this.limits)}`, ...this.dependenciesOf(id).map((d) => `${d}@${this.files.get(d)?.version ?? 0}`)].join('|');
    if (f.own?.key === key) return f.own.result;
    // Another file or a configuration file changed under it: no facts cached from the old imports or the
    // old config values may replay (a module-level `cfg = yaml.safe_load(...)` would keep its old value).
    if (f.own && (f.own.key.split('|').slice(1).join('|') !== key.split('|').slice(1).join('|') || f.own.dataVersion !== this.dataVersion)) f.analyzer?.clearCache();
    f.analyzer ??= this.analyzerFor(id);
    const result = f.analyzer.update(text, f.pending, this.limits);
    f.pending = undefined;
    f.own = { key, result, dataVersion: this.dataVersion };
    return result;
  }

  private lookup(from: FileId, module: string, level: number): ModuleSource | undefined {
    const target = this.resolver.resolve(from, module, level);
    if (target === undefined) return undefined;
    const f = this.files.get(target);
    if (!f) return undefined;
    const text = this.textOf(f);
    if (text === undefined) return undefined;
    f.analyzer ??= this.analyzerFor(target);
    f.pending = undefined;
    return f.analyzer.source(text);
  }

  private analyzerFor(id: FileId): DocumentAnalyzer {
    const c = this.contextOf(id);
    return new DocumentAnalyzer(id, c.imports, c.readData, c.pathOf);
  }

  /** How code of file `id` reaches the rest of the workspace (its imports, config files, paths). */
  contextOf(id: FileId): ProjectContext {
    return {
      file: id,
      imports: (req) => this.lookup(req.from, req.module, req.level),
      readData: (from, p) => this.readConfig(from, p),
      pathOf: (file) => this.files.get(file)?.path,
    };
  }

  /** A configuration file named in `from`'s code, when it lies inside a root of the workspace. */
  private readConfig(from: FileId, path: string): string | undefined {
    const fromPath = this.files.get(from)?.path;
    if (fromPath === undefined || !CONFIG_FILE.test(path)) return undefined;
    const full = normalize(path.startsWith('/') ? path : `${fromPath.slice(0, fromPath.lastIndexOf('/'))}/${path}`);
    if (!this.roots.some((r) => full === r || full.startsWith(r === '/' ? r : r + '/'))) return undefined;
    // read once until a configuration file changes (every script that loads it asks again on each analysis)
    if (!this.configTexts.has(full)) this.configTexts.set(full, this.read(full));
    return this.configTexts.get(full);
  }

  private textOf(f: FileState): string | undefined {
    if (f.text === undefined && !f.open) f.text = this.read(f.path);
    return f.text;
  }

  private depsOf(id: FileId): FileId[] {
    const f = this.files.get(id);
    if (!f) return [];
    if (f.deps) return f.deps;
    const deps = new Set<FileId>();
    for (const imp of scanImports(this.textOf(f) ?? '')) {
      const m = this.resolver.resolve(id, imp.module, imp.level);
      if (m !== undefined) deps.add(m);
      for (const n of imp.names) {
        const sub = this.resolver.resolve(id, imp.module ? `${imp.module}.${n}` : n, imp.level);
        if (sub !== undefined) deps.add(sub);
      }
    }
    const next = [...deps];
    // Who imports whom changes only when a file's imports do (not on every keystroke).
    if (!f.prevDeps || f.prevDeps.length !== next.length || f.prevDeps.some((d, i) => d !== next[i])) this.changed();
    f.deps = f.prevDeps = next;
    return f.deps;
  }

  private reverseGraph(): Map<FileId, Set<FileId>> {
    for (const id of this.files.keys()) this.depsOf(id);
    if (this.importers?.clock === this.clock) return this.importers.map;
    const map = new Map<FileId, Set<FileId>>();
    for (const id of this.files.keys()) {
      for (const d of this.depsOf(id)) {
        const s = map.get(d) ?? new Set<FileId>();
        s.add(id);
        map.set(d, s);
      }
    }
    this.importers = { clock: this.clock, map };
    return map;
  }

  private displayName(id: FileId): string {
    const p = this.files.get(id)?.path ?? String(id);
    return p.slice(p.lastIndexOf('/') + 1);
  }

  private changed(): void {
    this.clock++;
  }
}
