// Python imports of torch: binds names to references into torch's namespace (`nn` → torch.nn,
// `Rec` → torch.nn.LSTM), with module paths normalised (torch.nn.modules.rnn.LSTM → torch.nn.LSTM).
import type { Node } from './syntax';
import type { Scope } from './values';

const TORCH_ALIASES: Record<string, string> = {
  'torch.nn.modules.rnn': 'torch.nn',
  'torch.nn.modules.linear': 'torch.nn',
  'torch.nn.modules.sparse': 'torch.nn',
  'torch.nn.modules': 'torch.nn',
  'torch.functional': 'torch',
};

/** The public path of a torch name (torch.nn.modules.rnn.LSTM → torch.nn.LSTM). */
export function canonicalPath(path: string): string {
  if (!path.startsWith('torch.nn.modules') && !path.startsWith('torch.functional')) return path;
  for (const [from, to] of Object.entries(TORCH_ALIASES)) {
    if (path.startsWith(from + '.')) return to + path.slice(from.length);
  }
  return path;
}

/** `import torch`, `import torch.nn as nn`. */
export function execImport(st: Node, scope: Scope): void {
  for (const c of st.namedChildren) {
    if (c.type === 'dotted_name') {
      const first = c.text.split('.')[0]!;
      scope.set(first, { k: 'ref', path: first });
    } else if (c.type === 'aliased_import') {
      const name = c.childForFieldName('name')?.text;
      const alias = c.childForFieldName('alias')?.text;
      if (name && alias) scope.set(alias, { k: 'ref', path: canonicalPath(name) });
    }
  }
}

/** `from torch import nn`, `from torch.nn import LSTM as Rec`; `*` adds the module to `wildcard`. */
export function execImportFrom(st: Node, scope: Scope, wildcard: string[]): void {
  const modNode = st.childForFieldName('module_name');
  const mod = modNode?.text;
  if (!mod || !modNode) return;
  for (const c of st.namedChildren) {
    if (c.id === modNode.id && c.startIndex === modNode.startIndex) continue;
    if (c.type === 'wildcard_import') {
      wildcard.push(canonicalPath(mod));
    } else if (c.type === 'dotted_name') {
      scope.set(c.text, { k: 'ref', path: canonicalPath(`${mod}.${c.text}`) });
    } else if (c.type === 'aliased_import') {
      const name = c.childForFieldName('name')?.text;
      const alias = c.childForFieldName('alias')?.text;
      if (name && alias) scope.set(alias, { k: 'ref', path: canonicalPath(`${mod}.${name}`) });
    }
  }
}
