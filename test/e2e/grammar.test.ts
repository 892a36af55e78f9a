// Tokenizes Python with VS Code's own TextMate engine and Python grammar (from the VS Code host) plus
// rnnlens's injection grammar, and checks that shapes in comments get their scopes and code does not.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { hostModules } from './playwright';

const vscodeDir = path.join(hostModules, 'code-server', 'lib', 'vscode');
const req = createRequire(path.join(vscodeDir, 'node_modules', 'noop.js'));
const root = path.resolve(import.meta.dirname, '..', '..');

interface Token { startIndex: number; endIndex: number; scopes: string[] }
interface Grammar { tokenizeLine(line: string, state: unknown): { tokens: Token[]; ruleStack: unknown } }
interface TextMate {
  Registry: new (options: unknown) => { loadGrammar(scope: string): Promise<Grammar | null> };
  INITIAL: unknown;
}

async function pythonWithInjection(): Promise<{ grammar: Grammar; initial: unknown }> {
  const tm = req('vscode-textmate') as TextMate;
  const onig = req('vscode-oniguruma') as { loadWASM(b: ArrayBuffer): Promise<void>; OnigScanner: unknown; OnigString: unknown };
  const wasm = fs.readFileSync(path.join(vscodeDir, 'node_modules', 'vscode-oniguruma', 'release', 'onig.wasm'));
  await onig.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const files: Record<string, string> = {
    'source.python': path.join(vscodeDir, 'extensions', 'python', 'syntaxes', 'MagicPython.tmLanguage.json'),
    'rnnlens.shape-comment.injection': path.join(root, 'syntaxes', 'shape-comment.injection.tmLanguage.json'),
  };
  const registry = new tm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (p: string[]) => new (onig.OnigScanner as new (p: string[]) => unknown)(p),
      createOnigString: (s: string) => new (onig.OnigString as new (s: string) => unknown)(s),
    }),
    loadGrammar: async (scope: string) => (files[scope] ? JSON.parse(fs.readFileSync(files[scope]!, 'utf8')) : null),
    getInjections: (scope: string) => (scope === 'source.python' ? ['rnnlens.shape-comment.injection'] : []),
  });
  const grammar = await registry.loadGrammar('source.python');
  assert.ok(grammar);
  return { grammar, initial: tm.INITIAL };
}

function scopesOf(g: Grammar, initial: unknown, line: string, text: string): string[] {
  const at = line.lastIndexOf(text);
  assert.ok(at >= 0, `${text} in ${line}`);
  const tok = g.tokenizeLine(line, initial).tokens.find((t) => t.startIndex <= at && at < t.endIndex);
  return tok?.scopes ?? [];
}

describe('shape-comment injection grammar', () => {
  it('scopes the dims of `# (N, L, 40)`, `# shape: (B, T, 10)`, `# x: (B, T, 10)` and `#   ^ (4, 3, 20)`', async () => {
    const { grammar, initial } = await pythonWithInjection();
    const a = 'out, h = rnn(x)  # (N, L, 40)';
    assert.ok(scopesOf(grammar, initial, a, '40').includes('constant.numeric.dim.rnnlens'));
    assert.ok(scopesOf(grammar, initial, a, 'L,').includes('entity.name.type.dim.rnnlens'));
    assert.ok(scopesOf(grammar, initial, a, 'L,').includes('meta.shape.rnnlens'));
    const b = 'x = torch.randn(B, T, 10)  # shape: (B, T, 10)';
    assert.ok(scopesOf(grammar, initial, b, 'shape').includes('entity.name.label.shape.rnnlens'));
    assert.ok(scopesOf(grammar, initial, b, '10)').includes('constant.numeric.dim.rnnlens'));
    const c = '# x: (B, T, 10)';
    assert.ok(scopesOf(grammar, initial, c, 'x:').includes('entity.name.label.shape.rnnlens'));
    const d = '#   ^ (4, 3, 2*hidden)';
    assert.ok(scopesOf(grammar, initial, d, '^').includes('punctuation.definition.marker.rnnlens'));
    assert.ok(scopesOf(grammar, initial, d, '*').includes('keyword.operator.arithmetic.dim.rnnlens'), scopesOf(grammar, initial, d, '*').join(' '));
  });

  it('leaves code and ordinary comments alone', async () => {
    const { grammar, initial } = await pythonWithInjection();
    const code = 'y = f(N, L, 40)';
    assert.ok(!scopesOf(grammar, initial, code, '40').some((s) => s.endsWith('.rnnlens')));
    const prose = '# (see the note above)';
    assert.ok(!scopesOf(grammar, initial, prose, 'see').some((s) => s.endsWith('.rnnlens')));
  });
});
