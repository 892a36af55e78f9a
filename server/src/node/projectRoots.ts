// The project's import roots as the Node host finds them on disk (see analysis/project/projectRoots.ts),
// and the conversions between file URIs, native paths and the POSIX paths the analysis core takes.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { projectRootsIn } from '../analysis/project/projectRoots';

/** Absolute, POSIX import roots of the project in `folder` (`extra`: relative to it, or absolute). */
export function projectRoots(folder: string, extra: readonly string[] = []): string[] {
  const abs = path.resolve(folder);
  const probe = {
    isDirectory: (p: string): boolean => {
      try {
        return fs.statSync(p).isDirectory();
      } catch {
        return false;
      }
    },
    read: (p: string): string | undefined => {
      try {
        return fs.readFileSync(p, 'utf8');
      } catch {
        return undefined;
      }
    },
  };
  // the probe is given POSIX paths; on Windows they are resolved back against the folder's drive
  const native = (posix: string): string => path.resolve(abs, posix.split('/').join(path.sep));
  return projectRootsIn(toPosix(abs), { isDirectory: (p) => probe.isDirectory(native(p)), read: (p) => probe.read(native(p)) }, extra.map((p) => toPosix(path.resolve(abs, p))));
}

/** A path as the analysis core's project layer takes it: absolute, with `/` separators. */
export function toPosix(p: string): string {
  return path.resolve(p).split(path.sep).join('/');
}

/** The absolute path of a `file:` URI (or of an absolute path), or undefined (untitled documents, virtual file systems). */
export function pathOfUri(uri: string): string | undefined {
  if (path.isAbsolute(uri)) return toPosix(uri);
  if (!uri.startsWith('file:')) return undefined;
  try {
    return toPosix(fileURLToPath(uri));
  } catch {
    return undefined;
  }
}
