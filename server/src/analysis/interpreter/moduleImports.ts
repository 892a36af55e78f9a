// Imports of workspace modules: `from models import Encoder`, `import pkg.models as m`, relative
// imports. The module is reached through the ImportLookup handed in, run once per analysis in a scope
// of its own (with `__name__` set to its name, so its `if __name__ == "__main__":` block is skipped),
// and its names are bound here. Imports of anything else (torch, the stdlib) are left to ../imports.ts.
import type { Node } from '../syntax';
import { Collector } from '../collector';
import { Scope, type Value } from '../values';
import type { ModuleSource } from '../project/fileId';
import { CallEvaluator } from './calls';

/** At most this many workspace modules are run in one analysis. */
const MAX_MODULES = 64;

/** Top-level packages that are never workspace modules: no lookup for them. */
const EXTERNAL = /^(torch|numpy|np|os|sys|math|random|time|json|re|typing|collections|argparse|dataclasses|functools|itertools|pathlib|logging|copy|abc|enum|warnings|pickle|yaml|omegaconf|hydra|tqdm|matplotlib|pandas|sklearn|scipy|transformers|torchvision|torchaudio|torchtext|jaxtyping|einops)(\.|$)/;

export abstract class ModuleImporter extends CallEvaluator {
  /** `import a.b`, `import a.b as c` of workspace modules; false when none of the names is one. */
  protected importWorkspace(st: Node, scope: Scope): boolean {
    if (!this.imports || this.runningFile() === undefined) return false;
    let any = false;
    for (const c of st.namedChildren) {
      const dotted = c.type === 'aliased_import' ? c.childForFieldName('name') : c.type === 'dotted_name' ? c : null;
      if (!dotted || EXTERNAL.test(dotted.text)) continue;
      const alias = c.type === 'aliased_import' ? c.childForFieldName('alias')?.text : undefined;
      const parts = dotted.text.split('.');
      const leaf = this.moduleValue(dotted.text, 0);
      if (!leaf) continue;
      any = true;
      if (alias) {
        scope.set(alias, leaf);
        continue;
      }
      // `import pkg.models` binds `pkg`, with `models` reachable as its attribute.
      let value: Value = leaf;
      for (let i = parts.length - 1; i > 0; i--) {
        const prefix = parts.slice(0, i).join('.');
        const pkg = this.moduleValue(prefix, 0) ?? { k: 'ns', attrs: new Map<string, Value>(), name: prefix };
        if (pkg.k === 'ns') pkg.attrs.set(parts[i]!, value);
        value = pkg;
      }
      scope.set(parts[0]!, value);
    }
    return any;
  }

  /** `from models import Encoder`, `from . import layers`, `from .models import *`. */
  protected importFromWorkspace(st: Node, scope: Scope): boolean {
    if (!this.imports || this.runningFile() === undefined) return false;
    const modNode = st.childForFieldName('module_name');
    if (!modNode) return false;
    let level = 0;
    let mod = modNode.text;
    if (modNode.type === 'relative_import') {
      level = modNode.namedChildren.find((c) => c.type === 'import_prefix')?.text.length ?? 0;
      mod = modNode.namedChildren.find((c) => c.type === 'dotted_name')?.text ?? '';
    }
    if (level === 0 && EXTERNAL.test(mod)) return false;
    const source = mod || level > 0 ? this.lookupModule(mod, level) : undefined;
    const moduleScope = source ? this.loadModule(source) : undefined;
    let any = source !== undefined;
    for (const c of st.namedChildren) {
      if (c.id === modNode.id && c.startIndex === modNode.startIndex) continue;
      if (c.type === 'wildcard_import') {
        if (moduleScope) for (const [k, v] of moduleScope.vars) if (!k.startsWith('_')) scope.set(k, v);
        continue;
      }
      const nameNode = c.type === 'aliased_import' ? c.childForFieldName('name') : c.type === 'dotted_name' ? c : null;
      if (!nameNode) continue;
      const name = nameNode.text;
      const bound = c.type === 'aliased_import' ? (c.childForFieldName('alias')?.text ?? name) : name;
      // A name defined in the module, else a submodule of the package (`from . import layers`).
      const v = moduleScope?.lookup(name) ?? this.moduleValue(mod ? `${mod}.${name}` : name, level);
      if (v) any = true;
      if (any) scope.set(bound, v ?? { k: 'unknown', name: bound });
    }
    return any;
  }

  private lookupModule(module: string, level: number): ModuleSource | undefined {
    const from = this.runningFile();
    if (from === undefined || !this.imports) return undefined;
    return this.imports({ from, module, level });
  }

  /** A workspace module as a value (its top-level names as attributes), or undefined. */
  private moduleValue(module: string, level: number): Value | undefined {
    const source = this.lookupModule(module, level);
    if (!source) return undefined;
    const s = this.loadModule(source);
    return { k: 'ns', attrs: s.vars, name: module || source.file };
  }

  /** Run a workspace module's top level once per analysis; its scope holds what it defines. */
  protected loadModule(source: ModuleSource): Scope {
    const hit = this.loaded.get(source.file);
    if (hit) return hit.scope;
    const scope = new Scope();
    if (this.loaded.size >= MAX_MODULES || source.root === this.mainCol.root) return scope;
    const col = new Collector(source.text, source.root, true);
    col.router = this.mainCol.router;
    this.loaded.set(source.file, { scope, col, source });
    this.fileByRoot.set(source.root, source.file);
    scope.set('__name__', { k: 'str', v: source.file });
    this.setFilePath(scope, source.file);
    this.inFileOf(source.root, () => this.execBlock(source.root, scope, { returns: [] }));
    return scope;
  }
}
