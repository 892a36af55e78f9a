// Symbolic dimensions: polynomials over named size symbols with rational coefficients, normalised so
// that equal expressions compare equal (`hidden*2` == `2*hidden`). Symbols stand for positive integers.
// Coefficients are JS numbers, exact up to 2^53 - 1: a dim whose constant or coefficient leaves that
// range is not tracked (it becomes a fresh unknown), so no fact or diagnostic rests on a rounded size.

import { MAX_DIM_DEGREE, MAX_DIM_TERMS } from './limits';

/** Monomial key: symbol names sorted and joined by `*`; '' is the constant term. */
type Mono = string;

/** True for a coefficient held exactly: finite and within ±(2^53 - 1) (a rounded float is never below 2^53 when the exact value is not). */
function exact(v: number): boolean {
  return Number.isFinite(v) && Math.abs(v) <= Number.MAX_SAFE_INTEGER;
}

let untrackedCount = 0;

/** Dim.of for small integers, shared (most sizes are small constants). */
const SMALL: (Dim | undefined)[] = [];
const SMALL_MIN = -64;
const SMALL_MAX = 8192;
/** Counter of the unknown sizes Dim.unknown makes (names `?~N`, distinct from values.ts's `?N`). */
let tooLarge = 0;

export class Dim {
  /** The value when there are no symbols (the fast path of every operation). */
  private readonly cv: number | undefined;
  private unknownSym: boolean | undefined;

  private constructor(private readonly terms: ReadonlyMap<Mono, number>) {
    this.cv = terms.size === 0 ? 0 : terms.size === 1 && terms.has('') ? terms.get('') : undefined;
  }

  static of(n: number): Dim {
    if (!exact(n)) return Dim.untracked();
    if (Number.isInteger(n) && n >= SMALL_MIN && n <= SMALL_MAX) {
      const i = n - SMALL_MIN;
      return (SMALL[i] ??= new Dim(n === 0 ? new Map() : new Map([['', n]])));
    }
    return new Dim(n === 0 ? new Map() : new Map([['', n]]));
  }

  /** True when a symbol stands for a size nothing is known about (`?N`). */
  hasUnknownSymbol(): boolean {
    if (this.cv !== undefined) return false;
    if (this.unknownSym === undefined) {
      this.unknownSym = false;
      for (const k of this.terms.keys()) if (k.includes('?')) this.unknownSym = true;
    }
    return this.unknownSym;
  }

  static sym(name: string): Dim {
    return new Dim(new Map([[name, 1]]));
  }

  /** A size nothing is known about, for expressions too large to follow (printed `?`, proves nothing). */
  static unknown(): Dim {
    return Dim.sym(`?~${++tooLarge}`);
  }

  private static from(terms: Map<Mono, number>): Dim {
    for (const [k, v] of terms) {
      if (!exact(v)) return Dim.untracked();
      if (Math.abs(v) < 1e-12) terms.delete(k);
    }
    // Symbolic expressions stay bounded whatever builds them (`n = (n + 1) * (n + 1)` in a loop).
    if (terms.size > MAX_DIM_TERMS) return Dim.unknown();
    return new Dim(terms);
  }

  /**
   * A size past the exact range of JS numbers (or not finite): unknown, like `?N`, and equal to nothing
   * else. Its own counter and `?big` prefix (printed `?`) keep it apart from the interpreter's unknowns.
   */
  static untracked(): Dim {
    return new Dim(new Map([[`?big${++untrackedCount}`, 1]]));
  }

  get isConst(): boolean {
    return this.cv !== undefined;
  }

  /** The constant value, or undefined when symbolic. */
  get value(): number | undefined {
    return this.cv;
  }

  /** Symbol names used. */
  symbols(): string[] {
    const out = new Set<string>();
    for (const k of this.terms.keys()) if (k) for (const s of k.split('*')) out.add(s);
    return [...out];
  }

  add(o: Dim): Dim {
    if (this.cv !== undefined && o.cv !== undefined) return Dim.of(this.cv + o.cv);
    const t = new Map(this.terms);
    for (const [k, v] of o.terms) t.set(k, (t.get(k) ?? 0) + v);
    return Dim.from(t);
  }

  neg(): Dim {
    if (this.cv !== undefined) return Dim.of(-this.cv);
    const t = new Map<Mono, number>();
    for (const [k, v] of this.terms) t.set(k, -v);
    return new Dim(t);
  }

  sub(o: Dim): Dim {
    if (this.cv !== undefined && o.cv !== undefined) return Dim.of(this.cv - o.cv);
    return this.add(o.neg());
  }

  mul(o: Dim): Dim {
    if (this.cv !== undefined && o.cv !== undefined) return Dim.of(this.cv * o.cv);
    if (this.cv === 1) return o;
    if (o.cv === 1) return this;
    const t = new Map<Mono, number>();
    for (const [ka, va] of this.terms) {
      for (const [kb, vb] of o.terms) {
        const syms = [...(ka ? ka.split('*') : []), ...(kb ? kb.split('*') : [])];
        if (syms.length > MAX_DIM_DEGREE) return Dim.unknown();
        const k = syms.sort().join('*');
        t.set(k, (t.get(k) ?? 0) + va * vb);
      }
    }
    return Dim.from(t);
  }

  /** Exact division by a constant, when every coefficient stays an integer. */
  divExact(n: number): Dim | undefined {
    if (n === 0) return undefined;
    const t = new Map<Mono, number>();
    for (const [k, v] of this.terms) {
      const q = v / n;
      if (!Number.isInteger(q)) return undefined;
      t.set(k, q);
    }
    return new Dim(t);
  }

  /** Exact division by another dim when it is a constant or a common factor (`2*N*L / N`). */
  div(o: Dim): Dim | undefined {
    const c = o.value;
    if (c !== undefined) return this.divExact(c);
    if (o.terms.size !== 1) return undefined;
    const [[ok, ov]] = [...o.terms];
    const oSyms = ok.split('*');
    const t = new Map<Mono, number>();
    for (const [k, v] of this.terms) {
      const syms = k ? k.split('*') : [];
      for (const s of oSyms) {
        const i = syms.indexOf(s);
        if (i < 0) return undefined;
        syms.splice(i, 1);
      }
      const q = v / ov;
      if (!Number.isInteger(q)) return undefined;
      t.set(syms.join('*'), q);
    }
    return new Dim(t);
  }

  equals(o: Dim): boolean {
    if (this === o) return true;
    if (this.cv !== undefined || o.cv !== undefined) return this.cv === o.cv;
    if (this.terms.size !== o.terms.size) return false;
    for (const [k, v] of this.terms) {
      const w = o.terms.get(k);
      if (w === undefined || Math.abs(w - v) > 1e-12) return false;
    }
    return true;
  }

  /**
   * True only when the two are different for every positive value of the symbols: their difference is
   * non-zero and all its coefficients have one sign (`num_layers` vs `2*num_layers`). `N` vs `batch`
   * is not provably different.
   */
  provablyDiffers(o: Dim): boolean {
    if (this.cv !== undefined && o.cv !== undefined) return this.cv !== o.cv;
    const d = this.sub(o);
    if (d.terms.size === 0) return false;
    let pos = false;
    let neg = false;
    for (const v of d.terms.values()) {
      if (v > 0) pos = true;
      else neg = true;
    }
    return pos !== neg;
  }

  /** True when the value is ≤ 0 for every positive value of the symbols. */
  provablyNonPositive(): boolean {
    if (this.terms.size === 0) return true;
    for (const v of this.terms.values()) if (v > 0) return false;
    return true;
  }

  toString(): string {
    if (this.terms.size === 0) return '0';
    const entries = [...this.terms].sort((a, b) => {
      const da = a[0] ? a[0].split('*').length : 0;
      const db = b[0] ? b[0].split('*').length : 0;
      return db - da || a[0].localeCompare(b[0]);
    });
    let s = '';
    for (const [k, v] of entries) {
      const mag = Math.abs(v);
      const coeff = formatCoeff(mag);
      // Sizes nothing is known about print as `?` (their internal names are not for people).
      const name = k.includes('?') ? k.replace(/\?(?:big|~)?\d+/g, '?') : k;
      const term = k === '' ? coeff : mag === 1 ? name : `${coeff}*${name}`;
      if (s === '') s = v < 0 ? `-${term}` : term;
      else s += v < 0 ? ` - ${term}` : ` + ${term}`;
    }
    return s;
  }

  /** A number when constant, else the text. */
  toJSON(): number | string {
    return this.value ?? this.toString();
  }
}

function formatCoeff(v: number): string {
  if (Number.isInteger(v)) return String(v);
  for (const d of [2, 3, 4, 5, 6, 8, 10]) {
    const n = v * d;
    if (Math.abs(n - Math.round(n)) < 1e-9) return `${Math.round(n)}/${d}`;
  }
  return String(v);
}

/** Product of dims (numel). */
export function product(dims: readonly Dim[]): Dim {
  return dims.reduce((a, b) => a.mul(b), Dim.of(1));
}

export function shapeText(dims: readonly Dim[]): string {
  return '(' + dims.map((d) => d.toString()).join(', ') + ')';
}
