// argparse as configuration: `add_argument('--nhid', type=int, default=200)` makes `args.nhid` 200 after
// `parse_args()`, named after its dest; an argument without a default stays a symbol named after it.
import type { CallArgs } from '../context';
import { intV, NONE, UNKNOWN, type Value } from '../values';

/** The `dest` argparse derives: `--hidden-size` → hidden_size, a positional's own name. */
function destOf(args: CallArgs): string | undefined {
  const dest = args.kw.get('dest')?.v;
  if (dest?.k === 'str' && dest.v) return dest.v;
  const flags = args.pos.map((a) => (a.v.k === 'str' ? a.v.v : undefined)).filter((f): f is string => !!f);
  const long = flags.find((f) => f.startsWith('--')) ?? flags.find((f) => f.startsWith('-')) ?? flags[0];
  return long?.replace(/^-+/, '').replace(/-/g, '_');
}

/** argparse converts a string default with `type`: `type=int, default='200'` gives 200. */
function converted(v: Value, type: Value | undefined): Value {
  if (v.k !== 'str' || v.v === undefined || type?.k !== 'ref') return v;
  if (type.path === 'builtins.int' && /^-?\d+$/.test(v.v.trim())) return intV(Number(v.v));
  if (type.path === 'builtins.float' && v.v.trim() !== '' && Number.isFinite(Number(v.v))) return { k: 'float', v: Number(v.v) };
  return v;
}

function defaultOf(args: CallArgs, dest: string): Value {
  const action = args.kw.get('action')?.v;
  const given = args.kw.get('default')?.v;
  if (action?.k === 'str') {
    if (action.v === 'store_true') return given ?? { k: 'bool', v: false };
    if (action.v === 'store_false') return given ?? { k: 'bool', v: true };
    if (action.v === 'count') return given ?? NONE;
  }
  const required = args.kw.get('required')?.v;
  const positional = args.pos[0]?.v.k === 'str' && !(args.pos[0].v.v ?? '').startsWith('-');
  // A required or positional argument is given on every command line: nothing is known of it.
  if (!given || (required?.k === 'bool' && required.v === true) || (positional && args.kw.get('nargs') === undefined)) return { k: 'unknown', name: dest };
  if (given.k === 'unknown') return { k: 'unknown', name: dest };
  return converted(given, args.kw.get('type')?.v);
}

/** A method of an ArgumentParser value. */
export function argparserMethod(p: Value & { k: 'argparser' }, name: string, args: CallArgs): Value {
  switch (name) {
    case 'add_argument': {
      const dest = destOf(args);
      if (dest && !p.defaults.has(dest)) p.defaults.set(dest, defaultOf(args, dest));
      return UNKNOWN;
    }
    case 'add_argument_group':
    case 'add_mutually_exclusive_group':
      return p;
    case 'set_defaults':
      for (const [k, a] of args.kw) p.defaults.set(k, a.v);
      return NONE;
    case 'parse_args':
      return namespaceOf(p);
    case 'parse_known_args':
      return { k: 'tuple', items: [namespaceOf(p), { k: 'tuple', list: true, items: [UNKNOWN], count: undefined }] };
    default:
      return UNKNOWN;
  }
}

function namespaceOf(p: Value & { k: 'argparser' }): Value {
  return { k: 'ns', attrs: new Map(p.defaults), name: 'args' };
}
