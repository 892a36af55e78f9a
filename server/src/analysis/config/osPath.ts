// `os.path` and `pathlib.Path` on known strings, as POSIX `posixpath` / `PurePosixPath` compute them: how
// scripts name their config files (`os.path.join(os.path.dirname(__file__), 'configs/base.yaml')`,
// `Path(__file__).parent / 'conf' / 'x.yaml'`). A Path is held as its string. A result that depends on the
// process (a relative path made absolute, `~` expanded) or on the disk (`exists`) is unknown.
import { UNKNOWN, type Value } from '../values';

function join(parts: string[]): string {
  let out = parts[0] ?? '';
  for (const b of parts.slice(1)) {
    if (b.startsWith('/')) out = b;
    else if (out === '' || out.endsWith('/')) out += b;
    else out += '/' + b;
  }
  return out;
}

function dirname(p: string): string {
  const head = p.slice(0, p.lastIndexOf('/') + 1);
  return head && !/^\/+$/.test(head) ? head.replace(/\/+$/, '') : head;
}

function normpath(p: string): string {
  if (p === '') return '.';
  // POSIX keeps exactly two leading slashes, folds three or more into one.
  const initial = p.startsWith('//') && !p.startsWith('///') ? '//' : p.startsWith('/') ? '/' : '';
  const out: string[] = [];
  for (const c of p.split('/')) {
    if (c === '' || c === '.') continue;
    if (c !== '..' || (!initial && out.length === 0) || (out.length > 0 && out[out.length - 1] === '..')) out.push(c);
    else if (out.length > 0) out.pop();
  }
  const s = initial + out.join('/');
  return s || '.';
}

/** `os.path.<name>(…)` with every argument a known string; undefined when `name` is not handled here. */
export function osPathFunction(name: string, args: readonly Value[]): Value | undefined {
  const strs = args.map((a) => (a.k === 'str' ? a.v : undefined));
  const known = strs.every((s): s is string => s !== undefined) ? (strs as string[]) : undefined;
  const str = (v: string | undefined): Value => (v === undefined ? { k: 'str' } : { k: 'str', v });
  switch (name) {
    case 'join':
      return args.length === 0 ? UNKNOWN : str(known && join(known));
    case 'dirname':
      return str(known?.length === 1 ? dirname(known[0]!) : undefined);
    case 'basename':
      return str(known?.length === 1 ? known[0]!.slice(known[0]!.lastIndexOf('/') + 1) : undefined);
    case 'normpath':
      return str(known?.length === 1 ? normpath(known[0]!) : undefined);
    case 'abspath':
    case 'realpath':
      // Only an absolute path is independent of the working directory (symlinks are not resolved: the
      // path still names the same file).
      return str(known?.length === 1 && known[0]!.startsWith('/') ? normpath(known[0]!) : undefined);
    case 'expanduser':
      return str(known?.length === 1 && !known[0]!.startsWith('~') ? known[0] : undefined);
    default:
      return undefined;
  }
}

/** A path as `PurePosixPath` writes it: `.` parts and repeated or trailing slashes dropped (`..` kept). */
function purePath(p: string): string {
  const initial = p.startsWith('//') && !p.startsWith('///') ? '//' : p.startsWith('/') ? '/' : '';
  const parts = p.split('/').filter((c) => c !== '' && c !== '.');
  return initial + parts.join('/') || '.';
}

/** `pathlib.Path(a, b, ...)` of known strings. */
export function pathOf(parts: readonly string[]): string {
  return purePath(parts.length === 0 ? '.' : join([...parts]));
}

/** `p / q` and `p.joinpath(q)` of Paths. */
export function pathJoin(p: string, q: string): string {
  return purePath(join([p, q]));
}

/** `p.parent`, `p.name`, `p.stem`, `p.suffix` of a Path held as its string; undefined for other attributes. */
export function pathAttribute(p: string, attr: string): string | undefined {
  const pure = purePath(p);
  const cut = pure.lastIndexOf('/');
  const name = pure === '.' || pure === '/' || pure === '//' ? '' : pure.slice(cut + 1);
  const dot = name.lastIndexOf('.');
  switch (attr) {
    case 'parent':
      return cut < 0 ? '.' : cut === 0 ? '/' : pure.startsWith('//') && cut === 1 ? '//' : pure.slice(0, cut);
    case 'name':
      return name;
    case 'suffix':
      return dot > 0 && dot < name.length - 1 ? name.slice(dot) : '';
    case 'stem':
      return dot > 0 && dot < name.length - 1 ? name.slice(0, dot) : name;
    default:
      return undefined;
  }
}
