// Statement-granular re-analysis of module-level code (flat scripts, notebooks): what each top-level
// statement read from and wrote to the module scope, the facts it reported and the steps it took. In the
// next version a statement with the same text at the same place, whose every read finds the very same
// value (identity) as last time, is not run again: its writes and facts are replayed. Only the
// statements after an edit that depend on what changed run. Sound because values are immutable in the
// runs that may be reused: a run that mutates a value in place, defines or calls a user function or
// class, or builds an instance is "tainted" and the next version is analysed in full.
import type { RecordedFact } from './collector';
import { Scope, type Value } from './values';

/** Top-level statements that are replayed when nothing they read changed (compound statements always run). */
export const REPLAYABLE = new Set(['expression_statement', 'import_statement', 'import_from_statement', 'pass_statement', 'comment']);

export interface StatementRecord {
  text: string;
  /** Module-scope names read before this statement wrote them, with the value found (undefined: unbound). */
  reads: Map<string, Value | undefined>;
  /** Module-scope names written, with their value after the statement. */
  writes: Map<string, Value>;
  facts: RecordedFact[];
  steps: number;
  replayable: boolean;
}

/** The module scope, recording reads and writes for the statement being run. */
export class TrackedScope extends Scope {
  track: StatementRecord | undefined;

  override lookup(name: string): Value | undefined {
    const t = this.track;
    if (t && !t.reads.has(name) && !t.writes.has(name)) t.reads.set(name, this.vars.get(name));
    return super.lookup(name);
  }

  override set(name: string, v: Value): void {
    super.set(name, v);
    this.track?.writes.set(name, v);
  }
}

/** Position key of a top-level statement: its start row and column. */
export function statementKey(row: number, column: number): string {
  return `${row}:${column}`;
}

export class ModuleRunCache {
  private records: Map<string, StatementRecord> | undefined;
  /** Layer ids handed out so far (ids of replayed layers stay unique). */
  nextLayerId = 1;
  /** Statements replayed in the last run (0: every value now comes from the newest syntax tree). */
  replayed = 0;
  /** Set by the host to make the next run start afresh (e.g. to release old syntax trees). */
  forceFull = false;

  /** The records of the previous run, if it may be reused. */
  previous(): Map<string, StatementRecord> | undefined {
    if (this.forceFull) {
      this.forceFull = false;
      return undefined;
    }
    return this.records;
  }

  /** Keep this run's records (only a clean run's, see the header), and how many statements it replayed. */
  commit(records: Map<string, StatementRecord> | undefined, replayed: number): void {
    this.records = records;
    this.replayed = replayed;
  }
}

/** True when every name the record read still has the value it had then. */
export function readsUnchanged(rec: StatementRecord, scope: Scope): boolean {
  for (const [name, v] of rec.reads) if (scope.vars.get(name) !== v) return false;
  return true;
}
