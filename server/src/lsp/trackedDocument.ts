// A text document as the server keeps it: the LSP TextDocument plus the incremental changes since the
// last analysis, as UTF-16 offset edits the analysis core can replay on its previous syntax tree.
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocumentContentChangeEvent, TextDocumentsConfiguration } from 'vscode-languageserver';
import type { TextChange } from '../analysis/analyze';

export class TrackedDocument {
  /** Changes applied since `takeChanges()` was last called; undefined after a full replacement. */
  private pending: TextChange[] | undefined = [];

  constructor(public doc: TextDocument) {}

  get uri(): string {
    return this.doc.uri;
  }
  get version(): number {
    return this.doc.version;
  }
  get languageId(): string {
    return this.doc.languageId;
  }
  getText(): string {
    return this.doc.getText();
  }

  /** Applies LSP content changes one by one, recording each as an offset edit on the text before it. */
  apply(changes: readonly TextDocumentContentChangeEvent[], version: number): void {
    for (const change of changes) {
      if ('range' in change) {
        const start = this.doc.offsetAt(change.range.start);
        const end = this.doc.offsetAt(change.range.end);
        this.pending?.push({ start, end, text: change.text });
      } else {
        this.pending = undefined;
      }
      this.doc = TextDocument.update(this.doc, [change], version);
    }
    // an empty change list still moves the version
    if (changes.length === 0) this.doc = TextDocument.update(this.doc, [], version);
  }

  /** The edits since the last call (undefined: re-parse from scratch), then starts a new list. */
  takeChanges(): TextChange[] | undefined {
    const out = this.pending;
    this.pending = [];
    return out;
  }

  /** Forget recorded edits (the next analysis re-parses the whole text). */
  resetChanges(): void {
    this.pending = undefined;
  }
}

/** The TextDocuments configuration that creates and updates TrackedDocuments. */
export const trackedDocumentConfig: TextDocumentsConfiguration<TrackedDocument> = {
  create(uri, languageId, version, content) {
    const t = new TrackedDocument(TextDocument.create(uri, languageId, version, content));
    t.resetChanges();
    return t;
  },
  update(document, changes, version) {
    document.apply(changes, version);
    return document;
  },
};
