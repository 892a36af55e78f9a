// Keeps, between versions of a document, what the generic analysis of each top-level function and
// class reported, keyed by its text, the text of the module-level code and of the definitions it
// refers to (compared as text with the previous version). An edit inside one definition re-analyses that definition only; the rest is replayed,
// moved to where the definitions now are.
import type { Node } from './syntax';
import { factLine, shiftFact, type RecordedFact } from './collector';

export interface TopLevel {
  node: Node;
  /** Stable identity across versions: the definition's name (with an occurrence number) or undefined for other code. */
  owner?: string;
  startRow: number;
  endRow: number;
}

interface Entry {
  facts: RecordedFact[];
  /** The top-level definition each fact lies in (parallel to facts). */
  owners: string[];
  /** Where those definitions started when the facts were recorded. */
  rows: Map<string, number>;
}


export class DefinitionCache {
  private entries = new Map<string, Entry>();
  private next = new Map<string, Entry>();
  private tops: TopLevel[] = [];
  private rowOf = new Map<string, number>();
  /** Definitions whose text, or the text of what they depend on, changed in this version. */
  private dirty = new Set<string>();
  private prevTexts = new Map<string, string>();
  private prevRefs = new Map<string, Set<string>>();
  private prevGlobals: string | undefined;
  private prevNames: string | undefined;

  /** Index the top-level statements of a new version of `text` and find what changed. */
  begin(root: Node, text: string): void {
    this.tops = [];
    this.rowOf.clear();
    this.next = new Map();
    const seen = new Map<string, number>();
    const texts = new Map<string, string>();
    const globals: string[] = [];
    const moduleCode: { st: Node; body: string }[] = [];
    const broken = new Set<string>();
    for (const st of root.namedChildren) {
      if (!st) continue;
      const def = st.type === 'decorated_definition' ? st.childForFieldName('definition') : st;
      const isDef = def?.type === 'function_definition' || def?.type === 'class_definition';
      const name = isDef ? def!.childForFieldName('name')?.text : undefined;
      const start = st.startPosition.row;
      let owner: string | undefined;
      const body = text.slice(st.startIndex, st.endIndex);
      if (name) {
        const k = seen.get(name) ?? 0;
        seen.set(name, k + 1);
        owner = k === 0 ? name : `${name}#${k}`;
        texts.set(owner, body);
        this.rowOf.set(owner, start);
        if (st.hasError) broken.add(owner);
      } else if (st.type !== 'comment') {
        globals.push(body);
        moduleCode.push({ st, body });
      }
      this.tops.push({ node: st, owner, startRow: start, endRow: st.endPosition.row });
    }
    const globalsText = globals.join('\n');
    const allDirty = globalsText !== this.prevGlobals;
    this.dirty = new Set();
    const refs = new Map<string, Set<string>>();
    const users = new Map<string, string[]>();
    // Which top-level names each definition mentions (one regex of all the names; recomputed for all
    // definitions when the set of names changes, else only for changed texts).
    const names = [...new Set([...texts.keys()].map((o) => o.split('#')[0]!))].sort();
    const namesKey = names.join(' ');
    const sameNames = namesKey === this.prevNames;
    const mention = names.length > 0 ? new RegExp(`\\b(?:${names.join('|')})\\b`, 'g') : undefined;
    for (const [owner, body] of texts) {
      const same = this.prevTexts.get(owner) === body;
      // A definition with a syntax error is always re-analysed: error recovery may parse the same
      // text differently after an edit elsewhere.
      if (!same || allDirty || broken.has(owner)) this.dirty.add(owner);
      let r = same && sameNames ? this.prevRefs.get(owner) : undefined;
      if (!r) {
        r = new Set();
        if (mention) for (const m of body.match(mention) ?? []) r.add(m);
      }
      refs.set(owner, r);
    }
    this.prevNames = namesKey;
    const byName = new Map<string, string[]>();
    for (const owner of texts.keys()) {
      const base = owner.split('#')[0]!;
      const list = byName.get(base);
      if (list) list.push(owner);
      else byName.set(base, [owner]);
    }
    for (const [owner, r] of refs) {
      for (const name of r) {
        for (const other of byName.get(name) ?? []) {
          if (other === owner) continue;
          // Both ways: a definition's analysis depends on what it uses, and a class's instance
          // context depends on the code that instantiates it.
          for (const [from, to] of [[other, owner], [owner, other]] as const) {
            let u = users.get(from);
            if (!u) users.set(from, (u = []));
            u.push(to);
          }
        }
      }
    }
    // Whatever depends on a changed definition is dirty too.
    const spread = (from: Iterable<string>) => {
      const todo = [...from];
      while (todo.length > 0) {
        const d = todo.pop()!;
        for (const u of users.get(d) ?? []) if (!this.dirty.has(u)) {
          this.dirty.add(u);
          todo.push(u);
        }
      }
    };
    spread(this.dirty);
    // Module-level variables computed by definitions (`model = Net(...)`, `out, hidden = enc(x)`)
    // change when those definitions do, and so does every definition that reads them.
    if (mention && !allDirty && this.dirty.size > 0) {
      const changed = new Set<string>();
      for (const { st, body } of moduleCode) {
        const uses = body.match(mention);
        if (uses && uses.some((u) => [...(byName.get(u) ?? [])].some((o) => this.dirty.has(o)))) for (const n of assignedNames(st)) changed.add(n);
      }
      if (changed.size > 0) {
        const reads = new RegExp(`\\b(?:${[...changed].map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})\\b`);
        const hit: string[] = [];
        for (const [owner, body] of texts) if (!this.dirty.has(owner) && reads.test(body)) {
          this.dirty.add(owner);
          hit.push(owner);
        }
        spread(hit);
      }
    }
    this.prevTexts = texts;
    this.prevRefs = refs;
    this.prevGlobals = globalsText;
  }

  /** The top-level definition owning a syntax node, if it is inside one. */
  ownerOf(node: Node): string | undefined {
    const row = node.startPosition.row;
    const t = this.topAt(row);
    return t?.owner;
  }

  private topAt(row: number): TopLevel | undefined {
    let lo = 0;
    let hi = this.tops.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const t = this.tops[mid]!;
      if (row < t.startRow) hi = mid - 1;
      else if (row > t.endRow) lo = mid + 1;
      else return t;
    }
    return undefined;
  }

  /** Cached facts of `owner`'s generic analysis, moved to the current positions; undefined on a miss. */
  lookup(owner: string): readonly RecordedFact[] | undefined {
    const e = this.entries.get(owner);
    if (!e || this.dirty.has(owner.replace(/^instance:/, ''))) return undefined;
    let moved = false;
    for (const [o, row] of e.rows) {
      const now = this.rowOf.get(o);
      if (now === undefined) return undefined;
      if (now !== row) moved = true;
    }
    if (moved) {
      // Move the facts to where their definitions are now, and remember that for next time.
      e.facts = e.facts.map((f, i) => shiftFact(f, this.rowOf.get(e.owners[i]!)! - e.rows.get(e.owners[i]!)!));
      for (const o of e.rows.keys()) e.rows.set(o, this.rowOf.get(o)!);
    }
    this.next.set(owner, e);
    return e.facts;
  }

  /** Remember what `owner`'s generic analysis reported (not cached if a fact lies outside definitions). */
  store(owner: string, facts: readonly RecordedFact[]): void {
    const entry: Entry = { facts: [...facts], owners: [], rows: new Map() };
    for (const fact of facts) {
      const t = this.topAt(factLine(fact));
      if (!t?.owner) return;
      entry.owners.push(t.owner);
      entry.rows.set(t.owner, t.startRow);
    }
    this.next.set(owner, entry);
  }

  /** Drop entries of definitions that no longer exist. */
  finish(): void {
    this.entries = this.next;
    this.next = new Map();
  }
}

/** Names a module-level statement may assign (targets of assignments, for loops, with-as, anywhere in it). */
function assignedNames(st: Node): string[] {
  const out: string[] = [];
  const targets = (n: Node) => {
    if (n.type === 'identifier') out.push(n.text);
    else for (const c of n.namedChildren) targets(c);
  };
  const walk = (n: Node, depth: number) => {
    if (depth > 12) return;
    if (n.type === 'assignment' || n.type === 'augmented_assignment' || n.type === 'for_statement') {
      const left = n.childForFieldName('left');
      if (left) targets(left);
    } else if (n.type === 'as_pattern') {
      const alias = n.childForFieldName('alias');
      if (alias) targets(alias);
    }
    for (const c of n.namedChildren) walk(c, depth + 1);
  };
  walk(st, 0);
  return out;
}
