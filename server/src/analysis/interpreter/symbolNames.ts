// One meaning per symbol within a function: a size a torch rule introduces under a documentation letter
// (`T` for the sum of a PackedSequence's lengths, `L` for the longest length, `N`, `H_in`) is renamed
// where the function already uses that name for something else — an identifier of the user's code
// (`B, T, _ = x.shape`) or another meaning the analysis gave the letter there (`T_total`, `L_max`, `N_2`).
import type { Node } from '../syntax';
import { Dim } from '../dim';
import type { DimEntry, Value } from '../values';

/** The letters torch rules name sizes with (PyTorch's documentation letters). */
const LETTERS = new Set(['T', 'L', 'N', 'D', 'H', 'H_in', 'H_out', 'H_cell']);

/** A second name for a meaning whose letter is taken, before the numbered fallback. */
const ALTERNATES: Record<string, string> = { 'sum of lengths': 'T_total', 'longest length': 'L_max', 'sequence length': 'L_seq', batch: 'N_batch' };

/** Docstrings, string literals and comments (with their prefixes), blanked before identifiers are read. */
const CODE_NOISE = /[rRbBuUfF]{0,2}(?:"""[\s\S]*?"""|'''[\s\S]*?'''|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*')|#.*$/gm;

interface FunctionNames {
  /** Every identifier the function's text uses (the user's names: never given another meaning). */
  identifiers: Set<string>;
  /**
   * Inside a function, for the run of it under way: name → the meaning the analysis gave it, and
   * `letter meaning` → the name chosen. Undefined for top-level code, whose statements a re-analysis may
   * replay instead of run (names there avoid the user's identifiers only, so they never depend on order).
   */
  meanings?: Map<string, string>;
  chosen?: Map<string, string>;
}

/** A DimEntry's meaning without its letter: `T = sum of lengths` → `sum of lengths`, `N batch` → `batch`. */
function meaningOf(e: DimEntry, letter: string): string {
  const role = (e.role ?? '').trim();
  const m = /^[A-Za-z_]\w*(?: =)? (.+)$/.exec(role);
  return m ? m[1]! : role === '' || role === letter ? letter : role;
}

export class SymbolNames {
  private readonly byFunction = new Map<number, FunctionNames>();

  /** A run of the function `def` starts (a context): the names it chooses are its own from here on. */
  enter(def: Node): void {
    const n = this.byFunction.get(def.startIndex);
    if (n?.meanings) {
      n.meanings.clear();
      n.chosen?.clear();
    }
  }

  /**
   * `v` (what a rule returned for the call at `at`) with each size it introduced under a letter renamed
   * where the function around `at` gives that name another meaning. A size is introduced when its dim
   * object is none of the inputs' (a size passed through keeps its name, whatever it is).
   */
  distinct(v: Value, inputs: readonly Value[], at: Node): Value {
    if (!hasLetter(v, 0)) return v;
    const fn = enclosingFunction(at);
    if (!fn) return v;
    const seen = new Set<Dim>();
    for (const x of inputs) collectDims(x, seen, 0);
    return this.rename(v, seen, this.namesIn(fn), 0);
  }

  private namesIn(fn: Node): FunctionNames {
    let n = this.byFunction.get(fn.startIndex);
    if (!n) {
      const identifiers = identifiersOf(fn.text);
      n = fn.type === 'function_definition' ? { identifiers, meanings: new Map(), chosen: new Map() } : { identifiers };
      this.byFunction.set(fn.startIndex, n);
    }
    return n;
  }

  private nameFor(letter: string, meaning: string, names: FunctionNames): string {
    const key = `${letter} ${meaning}`;
    const had = names.chosen?.get(key);
    if (had) return had;
    const free = (name: string) => !names.identifiers.has(name) && (names.meanings?.get(name) ?? meaning) === meaning;
    const alt = ALTERNATES[meaning];
    let name = free(letter) ? letter : alt && free(alt) ? alt : '';
    for (let i = 2; name === ''; i++) if (free(`${letter}_${i}`)) name = `${letter}_${i}`;
    names.chosen?.set(key, name);
    names.meanings?.set(name, meaning);
    return name;
  }

  private renameEntry(e: DimEntry, seen: Set<Dim>, names: FunctionNames): DimEntry {
    if (seen.has(e.d)) return e;
    const syms = e.d.symbols();
    const letter = syms.length === 1 ? syms[0]! : undefined;
    if (!letter || !LETTERS.has(letter) || !e.d.equals(Dim.sym(letter))) return e;
    const name = this.nameFor(letter, meaningOf(e, letter), names);
    if (name === letter) return e;
    const role = e.role && e.role.startsWith(letter) && /^\W/.test(e.role.slice(letter.length)) ? name + e.role.slice(letter.length) : e.role;
    return { ...e, d: Dim.sym(name), ...(role !== undefined ? { role } : {}) };
  }

  private renameDims(dims: DimEntry[] | undefined, seen: Set<Dim>, names: FunctionNames): DimEntry[] | undefined {
    if (!dims) return dims;
    let out: DimEntry[] | undefined;
    dims.forEach((e, i) => {
      const r = this.renameEntry(e, seen, names);
      if (r !== e) (out ??= [...dims])[i] = r;
    });
    return out ?? dims;
  }

  private rename(v: Value, seen: Set<Dim>, names: FunctionNames, depth: number): Value {
    if (depth > 4) return v;
    if (v.k === 'tensor') {
      const dims = this.renameDims(v.t.dims, seen, names);
      return dims === v.t.dims ? v : { ...v, t: { ...v.t, dims } };
    }
    if (v.k === 'packed') {
      const dims = this.renameDims(v.t.dims, seen, names);
      const batch = v.batch ? this.renameEntry(v.batch, seen, names) : undefined;
      return dims === v.t.dims && batch === v.batch ? v : { ...v, t: { ...v.t, dims }, ...(batch ? { batch } : {}) };
    }
    if (v.k === 'tuple' && !v.count) {
      const items = v.items.map((x) => this.rename(x, seen, names, depth + 1));
      return items.every((x, i) => x === v.items[i]) ? v : { ...v, items };
    }
    return v;
  }
}

/** Identifier sets by function text (an unchanged function is not scanned again; bounded). */
const identifierCache = new Map<string, Set<string>>();

function identifiersOf(text: string): Set<string> {
  let ids = identifierCache.get(text);
  if (!ids) {
    // (words in comments and strings, and attribute names — `x.T` is a method — are not the user's names for sizes)
    ids = new Set(text.replace(CODE_NOISE, ' ').match(/(?<![.\w])[A-Za-z_]\w*/g) ?? []);
    if (identifierCache.size >= 256) identifierCache.clear();
    identifierCache.set(text, ids);
  }
  return ids;
}

/** Whether `v` holds a dim that is one of the letters alone (the only ones renamed). */
function hasLetter(v: Value, depth: number): boolean {
  if (depth > 4) return false;
  if (v.k === 'tensor' || v.k === 'packed') {
    const isLetter = (d: Dim) => {
      const syms = d.symbols();
      return syms.length === 1 && LETTERS.has(syms[0]!);
    };
    return (v.t.dims ?? []).some((e) => isLetter(e.d)) || (v.k === 'packed' && v.batch !== undefined && isLetter(v.batch.d));
  }
  return v.k === 'tuple' && !v.count && v.items.some((x) => hasLetter(x, depth + 1));
}

function collectDims(v: Value, into: Set<Dim>, depth: number): void {
  if (depth > 4) return;
  if (v.k === 'tensor' || v.k === 'packed') {
    for (const e of v.t.dims ?? []) into.add(e.d);
    if (v.k === 'packed' && v.batch) into.add(v.batch.d);
  } else if (v.k === 'tuple') for (const x of v.items) collectDims(x, into, depth + 1);
}

/** The function around `n`, else the module (top-level code). */
function enclosingFunction(n: Node): Node | undefined {
  let last: Node | undefined;
  for (let p: Node | null = n; p; p = p.parent) {
    if (p.type === 'function_definition') return p;
    last = p;
  }
  return last;
}
