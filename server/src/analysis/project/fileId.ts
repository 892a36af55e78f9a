// File identity for the analysis core: an opaque id per source file (the host decides what it is: a
// URI in the server, a path in the CLI), and the lookup through which an analysis reaches other files.
// The core never opens a file: whatever it learns of another module comes through an ImportLookup.
import type { Node } from '../syntax';

/** An opaque file id; compare with ===, never parse. */
export type FileId = string & { readonly __brand: 'FileId' };

export function fileId(s: string): FileId {
  return s as FileId;
}

/** `import a.b` / `from ..a import b` written in file `from`: `level` is the number of leading dots. */
export interface ImportRequest {
  from: FileId;
  module: string;
  level: number;
}

/** Another module's parsed source, as the project layer holds it. */
export interface ModuleSource {
  file: FileId;
  text: string;
  root: Node;
}

/** Resolves an import to a workspace module; undefined when it is not one (torch, the stdlib, …). */
export type ImportLookup = (request: ImportRequest) => ModuleSource | undefined;

/**
 * Reads a configuration file (YAML / JSON) named in `from`'s code by `path` (relative to `from`'s
 * folder, or absolute): its text when it is a file of the workspace, else undefined.
 */
export type ReadData = (from: FileId, path: string) => string | undefined;

/** The absolute POSIX path of a workspace file (what `__file__` holds when it runs), when the host knows it. */
export type PathOf = (file: FileId) => string | undefined;

/** How an analysis of one file reaches the rest of its project (what a DocumentAnalyzer is given). */
export interface ProjectContext {
  file: FileId;
  imports: ImportLookup;
  readData: ReadData;
  pathOf: PathOf;
}
