// `os.path` on known strings, as POSIX `posixpath` computes it: how scripts name their config files
// (`os.path.join(os.path.dirname(__file__), 'configs/base.yaml')`). A result that depends on the process
// (a relative path made absolute, `~` expanded) or on the disk (`exists`) is unknown.
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
