// Generated inputs that once took the analysis down or made it stop silently (issue 9): built at test
// time, never committed (some are megabytes).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** A 29-line file that doubles a tuple 26 times with `s = s + s` (once 3 GB and a V8 crash). */
export function tupleDoubling(): string {
  return ['import torch', 'import torch.nn as nn', 's = (1, 2)', ...Array.from({ length: 26 }, () => 's = s + s')].join('\n') + '\n';
}

/** The same with `+=`, a list, nesting and a symbolic size squared in a loop. */
export function otherGrowth(): string {
  return [
    'import torch',
    'l = [1, 2]',
    ...Array.from({ length: 26 }, () => 'l += l'),
    't = (1,)',
    ...Array.from({ length: 26 }, () => 't = (t, t)'),
    'def f(n):',
    '    for _ in range(8):',
    '        n = (n + 1) * (n + 1)',
    '    return n',
    'k = 3',
    ...Array.from({ length: 12 }, () => 'k = k * k'),
    'x = torch.randn(2, 3)',
    'y = x.view(6)',
  ].join('\n') + '\n';
}

/** `lines` lines of flat code and, on the last line, an LSTM given the wrong input size (torch raises). */
export function longFileWithLastLineBug(lines: number): string {
  const out = ['import torch', 'import torch.nn as nn', 'lstm = nn.LSTM(10, 20)'];
  for (let i = 0; out.length < lines - 1; i++) out.push(`a${i} = ${i} + 1`);
  out.push('out, _ = lstm(torch.randn(5, 3, 11))');
  return out.join('\n') + '\n';
}

/** A short file whose calls fan out (14 calls per level, 5 levels): more steps than the budget allows. */
export function fanOut(): string {
  const out = ['import torch', 'import torch.nn as nn', 'def f0(x):', '    return x + 1'];
  for (let d = 1; d <= 5; d++) {
    out.push(`def f${d}(x):`, `    return ${Array.from({ length: 14 }, () => `f${d - 1}(x)`).join(' + ')}`);
  }
  out.push('v = f5(1)', 'lstm = nn.LSTM(10, 20)', 'out, _ = lstm(torch.randn(5, 3, 11))');
  return out.join('\n') + '\n';
}

/** An expression nested 100,000 deep (the recursive interpreter runs out of stack). */
export function deepNesting(): string {
  return 'x = ' + '('.repeat(100_000) + '1' + ')'.repeat(100_000) + '\n';
}

/** About `mb` MB of `x = 1` lines (18 MB made tree-sitter's WASM abort and broke every later file). */
export function hugeFile(mb: number): string {
  return 'x = 1\n'.repeat(Math.floor((mb * 1024 * 1024) / 6));
}

/** A normal file with one bug on line 4 (RL202). */
export const NORMAL = 'import torch\nimport torch.nn as nn\nlstm = nn.LSTM(10, 20)\nout, _ = lstm(torch.randn(5, 3, 11))\n';

/** A fresh temporary folder with these files written in it. */
export function writeFiles(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnnlens-reliability-'));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}
