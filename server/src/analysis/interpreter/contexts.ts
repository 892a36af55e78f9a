// Analysis contexts: the module run, then every function and method generically (parameters
// symbolic, defaults only candidates), then methods of a class built once on that instance; replays cached
// facts of unchanged top-level definitions. The entry point of the interpreter.
import type { Node } from '../syntax';
import { INSTANCE_SITE, type RecordedFact } from '../collector';
import type { DefinitionCache } from '../definitionCache';
import type { AnalysisResult } from '../facts';
import { Scope, type ClassInfo } from '../values';
import { StatementExecutor } from './statements';
import type { FileId, ImportLookup } from '../project/fileId';
import { AnalysisAborted } from './state';

/** What an analysis of one file is given besides its tree and text. */
export interface AnalysisOptions {
  /** The file being analysed (its identity for imports and caches). */
  file?: FileId;
  /** Facts of unchanged top-level definitions from the previous analysis of this file. */
  cache?: DefinitionCache;
  /** How other workspace modules are reached; without it imports of them stay unknown. */
  imports?: ImportLookup;
}

export function interpretModule(root: Node, text: string, options: AnalysisOptions = {}): AnalysisResult {
  const interp = new Interpreter(text, options);
  try {
    interp.runModule(root);
  } catch (e) {
    if (!(e instanceof AnalysisAborted)) throw e;
  }
  return interp.col.result();
}

function isTopLevelDefinition(def: Node): boolean {
  const p = def.parent;
  return p?.type === 'module' || (p?.type === 'decorated_definition' && p.parent?.type === 'module');
}

class Interpreter extends StatementExecutor {
  runModule(root: Node): void {
    this.cache?.begin(root, this.text);
    this.execBlock(root, this.moduleScope, { returns: [] });
    // Functions and methods, analysed with their parameters symbolic (defaults are candidates). A
    // top-level definition whose text and context did not change is replayed from the cache.
    for (let i = 0; i < this.deferred.length; i++) {
      const d = this.deferred[i]!;
      const owner = this.cache && isTopLevelDefinition(d.def) ? this.cache.ownerOf(d.def) : undefined;
      if (!owner || !this.cache) {
        this.analyzeGeneric(d);
        continue;
      }
      const hit = this.cache.lookup(owner);
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
      this.cache.store(owner, recorded);
    }
    this.runInstanceContexts();
    this.cache?.finish();
  }

  /**
   * Methods of a class the file instantiates exactly once with known arguments are run again on
   * that instance (sizes from the constructor call, method inputs still symbolic): what a user
   * reading `forward` expects to see for their model.
   */
  protected runInstanceContexts(): void {
    for (const [cls, list] of this.instances) {
      if (list.length !== 1) continue;
      const inst = list[0]!;
      const owner = this.cache && isTopLevelDefinition(cls.node) ? `instance:${this.cache.ownerOf(cls.node) ?? ''}` : undefined;
      if (owner && this.cache) {
        const hit = this.cache.lookup(owner);
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
      if (owner && this.cache) this.cache.store(owner, recorded);
    }
  }

  protected analyzeGeneric(d: { def: Node; scope: Scope; cls?: ClassInfo }): void {
    if (d.cls) this.analyzeClassGeneric(d.cls);
    else this.analyzeFunctionGeneric(d.def, d.scope);
  }
}
