// A memoising view of the tree-sitter syntax tree: each node's type, children, fields and text are read
// from the WASM parser once per parse, so the several passes the interpreter makes over a function
// (generic, call sites, the instance context) cost plain JS property reads.
import type { Node as TSNode } from 'web-tree-sitter';

export interface Point {
  row: number;
  column: number;
}

export class Node {
  private kids: Node[] | undefined;
  private named: Node[] | undefined;
  private code: Node[] | undefined;
  private fields: Map<string, Node | null> | undefined;
  private txt: string | undefined;
  private typ: string | undefined;
  private start: Point | undefined;
  private end: Point | undefined;
  private rootNode: Node | undefined;

  constructor(
    private readonly ts: TSNode,
    readonly parent: Node | null,
    private readonly source: string,
  ) {}

  get type(): string {
    return (this.typ ??= this.ts.type);
  }
  get id(): number {
    return this.ts.id;
  }
  get startIndex(): number {
    return this.ts.startIndex;
  }
  get endIndex(): number {
    return this.ts.endIndex;
  }
  get startPosition(): Point {
    return (this.start ??= this.ts.startPosition);
  }
  get endPosition(): Point {
    return (this.end ??= this.ts.endPosition);
  }
  get isNamed(): boolean {
    return this.ts.isNamed;
  }
  /** The root of the tree this node belongs to (which file it is in). */
  get root(): Node {
    return (this.rootNode ??= this.parent ? this.parent.root : this);
  }

  /** The subtree contains a syntax error (half-typed code). */
  get hasError(): boolean {
    return this.ts.hasError;
  }

  get text(): string {
    return (this.txt ??= this.source.slice(this.ts.startIndex, this.ts.endIndex));
  }

  /** All children, tokens included (rarely needed: operators, slice colons). */
  get children(): Node[] {
    return (this.kids ??= this.wrap(this.ts.children));
  }

  get namedChildren(): Node[] {
    return (this.named ??= this.wrap(this.ts.namedChildren));
  }

  /** Named children without the extras the grammar allows anywhere (comments, `\\` line continuations). */
  get codeChildren(): Node[] {
    return (this.code ??= this.namedChildren.filter((c) => !c.isExtra));
  }

  get isExtra(): boolean {
    return this.ts.isExtra;
  }

  get childCount(): number {
    return this.children.length;
  }

  child(i: number): Node | null {
    return this.children[i] ?? null;
  }

  childForFieldName(name: string): Node | null {
    this.fields ??= new Map();
    let v = this.fields.get(name);
    if (v === undefined) {
      const c = this.ts.childForFieldName(name);
      v = c ? new Node(c, this, this.source) : null;
      this.fields.set(name, v);
    }
    return v;
  }

  childrenForFieldName(name: string): Node[] {
    return this.wrap(this.ts.childrenForFieldName(name));
  }

  private wrap(list: (TSNode | null)[]): Node[] {
    const out: Node[] = [];
    for (const c of list) if (c) out.push(new Node(c, this, this.source));
    return out;
  }
}

/** The root of a parse as a memoising view over `source` (the text that was parsed). */
export function syntaxRoot(root: TSNode, source: string): Node {
  return new Node(root, null, source);
}
