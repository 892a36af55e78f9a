// Analysis contexts: the module run, then every function and method generically (parameters
// symbolic, defaults only candidates), then methods of a class built once on that instance; replays cached
// facts of unchanged top-level definitions. The entry point of the interpreter.
import type { Node } from '../syntax';
import { INSTANCE_SITE, type RecordedFact } from '../collector';
import type { DefinitionCache } from '../definitionCache';
import type { AnalysisResult } from '../facts';
import { Scope, type ClassInfo } from '../values';
import { StatementExecutor } from './statements';
import type { FileId, ImportLookup, PathOf, ReadData } from '../project/fileId';
import { AnalysisAborted } from './state';
import { readsUnchanged, REPLAYABLE, statementKey, type ModuleRunCache, type StatementRecord } from '../moduleRunCache';
import { Codes } from '../diagnosticCodes';
import { stoppedMessage, type AnalysisLimits } from '../limits';

/** What an analysis of one file is given besides its tree and text. */
export interface AnalysisOptions {
  /** The file being analysed (its identity for imports and caches). */
  file?: FileId;
  /** Facts of unchanged top-level definitions from the previous analysis of this file. */
  cache?: DefinitionCache;
  /** How other workspace modules are reached; without it imports of them stay unknown. */
  imports?: ImportLookup;
  /** How configuration files (YAML / JSON) are read; without it they stay unknown. */
  readData?: ReadData;
  /** The path of a workspace file, for `__file__`; without it `__file__` is unknown. */
  pathOf?: PathOf;
  /** Bounds of the analysis (steps, call depth); defaults where not given. */
  limits?: Partial<AnalysisLimits>;
  /** What each module-level statement read, wrote and reported in the previous run of this file. */
  moduleCache?: ModuleRunCache;
}

export function interpretModule(root: Node, text: string, options: AnalysisOptions = {}): AnalysisResult {
  const interp = new Interpreter(text, { ...options, root });
  try {
    interp.runModule(root);
  } catch (e) {
    // A run cut short leaves no records to reuse.
    options.moduleCache?.commit(undefined, 0);
    if (!(e instanceof AnalysisAborted)) throw e;
    // Said, not silent: where the budget ran out, on the first line of the top-level statement (or
    // definition) being analysed.
    const at = interp.stoppedIn ?? e.at;
    const line = at.startPosition.row;
    const lineEnd = text.indexOf('\n', at.startIndex);
    const end = lineEnd === -1 ? text.length : lineEnd;
    const lineStart = text.lastIndexOf('\n', at.startIndex - 1) + 1;
    interp.col.addDiagnostic(
      {
        range: { start: { line, character: at.startPosition.column }, end: { line, character: Math.max(at.startPosition.column, end - lineStart) } },
        severity: 'warning',
        code: Codes.analysisStopped,
        message: stoppedMessage(interp.budget, interp.limits),
        fixes: [],
      },
      0,
    );
  }
  return interp.result();
}

function isTopLevelDefinition(def: Node): boolean {
  const p = def.parent;
  return p?.type === 'module' || (p?.type === 'decorated_definition' && p.parent?.type === 'module');
}

class Interpreter extends StatementExecutor {
  /** The top-level statement or definition under analysis (where a budget that runs out is reported). */
  protected top: Node | undefined;

  get stoppedIn(): Node | undefined {
    return this.top;
  }

  runModule(root: Node): void {
    this.cache?.begin(root, this.text);
    this.moduleScope.set('__name__', { k: 'str', v: '__main__' });
    this.setFilePath(this.moduleScope, this.file);
    this.runModuleStatements(root);
    // Facts replayed from the cache would miss what this file's code does in imported modules.
    const cache = this.loaded.size > 0 ? undefined : this.cache;
    // Functions and methods, analysed with their parameters symbolic (defaults are candidates). A
    // top-level definition whose text and context did not change is replayed from the cache.
    for (let i = 0; i < this.deferred.length; i++) {
      const d = this.deferred[i]!;
      this.top = d.def;
      const owner = cache && isTopLevelDefinition(d.def) ? cache.ownerOf(d.def) : undefined;
      if (!owner || !cache) {
        this.analyzeGeneric(d);
        continue;
      }
      const hit = cache.lookup(owner);
      if (hit) {
        this.col.replay(hit);
        continue;
      }
      const recorded: RecordedFact[] = [];
      this.col.recording = recorded;
      const mark = this.deferred.length;
      this.analyzeGeneric(d);
      // Definitions nested in this one belong to its recording.
      for (const nested of this.deferred.splice(mark)) this.analyzeGeneric(nested);
      this.col.recording = undefined;
      cache.store(owner, recorded);
    }
    this.runInstanceContexts(cache);
    this.cache?.finish();
    const run = this.moduleRunRecords;
    // (a run that imported workspace modules is never replayed: those modules may change under it)
    if (this.moduleCache) this.moduleCache.commit(run && !this.tainted && this.wildcard.length === 0 && this.loaded.size === 0 ? run.records : undefined, run?.replayed ?? 0);
  }

  /**
   * Methods of a class the file instantiates exactly once with known arguments are run again on
   * that instance (sizes from the constructor call, method inputs still symbolic): what a user
   * reading `forward` expects to see for their model.
   */
  /**
   * Module-level statements in order. With a module cache, a statement unchanged since the previous run
   * whose reads all find the same values is replayed instead of run (see moduleRunCache.ts).
   */
  private runModuleStatements(root: Node): void {
    const frame = { returns: [] };
    const mc = this.moduleCache;
    if (!mc) {
      for (const st of root.namedChildren) {
        if (!st) continue;
        this.top = st;
        this.execStatement(st, this.moduleScope, frame);
      }
      return;
    }
    const previous = mc.previous();
    const records = new Map<string, StatementRecord>();
    this.nextLayerId = mc.nextLayerId;
    let replayed = 0;
    for (const st of root.namedChildren) {
      if (!st) continue;
      this.top = st;
      const key = statementKey(st.startPosition.row, st.startPosition.column);
      const text = st.text;
      const old = previous?.get(key);
      if (
        old &&
        old.replayable &&
        old.text === text &&
        // (a statement holding a syntax error is run again: the parser's recovery of the same text can differ with what precedes it)
        !st.hasError &&
        !this.tainted &&
        this.wildcard.length === 0 &&
        this.steps + old.steps <= this.budget &&
        readsUnchanged(old, this.moduleScope)
      ) {
        for (const [name, v] of old.writes) this.moduleScope.vars.set(name, v);
        this.col.replay(old.facts);
        this.steps += old.steps;
        records.set(key, old);
        replayed++;
        continue;
      }
      const rec: StatementRecord = { text, reads: new Map(), writes: new Map(), facts: [], steps: 0, replayable: REPLAYABLE.has(st.type) };
      const steps = this.steps;
      this.moduleScope.track = rec;
      this.col.recording = rec.facts;
      try {
        this.execStatement(st, this.moduleScope, frame);
      } finally {
        this.moduleScope.track = undefined;
        this.col.recording = undefined;
        rec.steps = this.steps - steps;
      }
      records.set(key, rec);
    }
    mc.nextLayerId = this.nextLayerId;
    // Only a clean run's records may be reused (values never mutated after they were made).
    this.moduleRunRecords = { records, replayed };
  }

  /** This run's module-level records, committed to the cache once the whole run is clean. */
  private moduleRunRecords: { records: Map<string, StatementRecord>; replayed: number } | undefined;

  protected runInstanceContexts(cache: DefinitionCache | undefined): void {
    for (const [cls, list] of this.instances) {
      if (list.length !== 1) continue;
      const inst = list[0]!;
      this.top = cls.node;
      const owner = cache && isTopLevelDefinition(cls.node) ? `instance:${cache.ownerOf(cls.node) ?? ''}` : undefined;
      if (owner && cache) {
        const hit = cache.lookup(owner);
        if (hit) {
          this.col.replay(hit);
          continue;
        }
      }
      const recorded: RecordedFact[] = [];
      this.col.recording = owner ? recorded : undefined;
      const prev = this.col.siteDepth;
      this.col.siteDepth = INSTANCE_SITE;
      try {
        const ran = this.ranOnInstance.get(inst);
        for (const [mname, def] of cls.methods) {
          if (mname === '__init__' || !this.enclosedBy(def, cls.node)) continue;
          // A method the file already calls on this instance was analysed there, with its inputs
          // (running it again here costs about as much as the rest of the analysis).
          if (ran?.has(def.startIndex)) continue;
          this.callFunction({ def, name: mname, closure: cls.closure, self: { k: 'instance', inst }, cls }, undefined, true);
        }
      } finally {
        this.col.siteDepth = prev;
        this.col.recording = undefined;
      }
      if (owner && cache) cache.store(owner, recorded);
    }
  }

  protected analyzeGeneric(d: { def: Node; scope: Scope; cls?: ClassInfo }): void {
    if (d.cls) this.analyzeClassGeneric(d.cls);
    else this.analyzeFunctionGeneric(d.def, d.scope);
  }
}
