// RL303: an LSTM's state (h_n, c_n) used as a tensor (`hidden.squeeze(0)` after `_, hidden = lstm(x)`):
// Python raises AttributeError on the tuple. The quick fix takes h_n, the first item.
import type { Node } from '../syntax';
import { Codes } from '../diagnosticCodes';
import { replaceFix, type Reporter } from '../context';

export function reportStateTupleAttribute(at: Node, obj: Node, attr: string, rep: Reporter): void {
  const name = obj.text;
  const simple = /^[\w.]+$/.test(name);
  rep.report(
    at,
    'error',
    Codes.stateTupleAsTensor,
    `'tuple' object has no attribute '${attr}': an LSTM returns its state as the tuple (h_n, c_n), not a tensor` +
      (simple ? `; take h_n with ${name}[0] or unpack it as (h_n, c_n)` : ''),
    simple ? [replaceFix(`Use h_n: ${name}[0]`, obj, `${name}[0]`)] : [],
  );
}
