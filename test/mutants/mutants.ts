// The mutants of `npm run test:mutants`: each is a wrong belief written as small search/replace edits of
// the source, with the fast suites that must notice it. A search text must occur exactly once under the
// mutant's folder (so a moved or reworded line fails loudly instead of testing nothing).

export interface Edit {
  search: string;
  replace: string;
}

export interface Mutant {
  name: string;
  /** Folder (relative to the repository) whose .ts and .py files are searched: robust to files being split. */
  under: string;
  edits: Edit[];
  /** Names of SUITES that must fail with the mutant in place. */
  suites: (keyof typeof SUITES)[];
}

/** Commands run in the copy of the repository (cwd = the copy). */
export const SUITES = {
  analysis: 'node --import tsx --test test/unit/fixtures.test.ts test/unit/corpus.test.ts test/unit/uses.test.ts test/unit/module-facts.test.ts',
  engine: 'node engine/build.mjs && RNNLENS_ENGINE_LEVELS=simd node --import tsx --test test/engine/*.test.ts',
  oracle: '/usr/bin/python3 test/oracle/test_oracle.py',
} as const;

export const MUTANTS: Mutant[] = [
  {
    name: 'bidirectional layers have D = 1',
    under: 'server/src/analysis',
    edits: [{ search: "Dim.of(c.bidirectional ? 2 : 1)", replace: 'Dim.of(1)' }],
    suites: ['analysis'],
  },
  {
    name: 'proj_size ignored for h_n (h_n uses hidden_size)',
    under: 'server/src/analysis',
    edits: [{ search: "const hEntry = dimEntry(symOr(hOut(c), 'H_out')", replace: "const hEntry = dimEntry(symOr(c.hidden, 'H_out')" }],
    suites: ['analysis'],
  },
  {
    name: 'diagnostics reported one line low',
    under: 'server/src/analysis',
    edits: [
      {
        search: 'this.addDiagnostic({ range: nodeRange(node), severity, code, message, fixes: own }, this.siteDepth);',
        replace:
          'const r0 = nodeRange(node);\n    this.addDiagnostic({ range: { start: { ...r0.start, line: r0.start.line + 1 }, end: { ...r0.end, line: r0.end.line + 1 } }, severity, code, message, fixes: own }, this.siteDepth);',
      },
    ],
    suites: ['analysis'],
  },
  {
    name: 'GRU reset and update gates swapped (engine)',
    under: 'engine/assembly',
    edits: [
      { search: 'const nn = vtanhK(madd(v128.load(hr + kb), v128.load(hr + kb + o2)', replace: 'const nn = vtanhK(madd(v128.load(hr + kb + o1), v128.load(hr + kb + o2)' },
      { search: 'v128.store(ho + kb, madd(v128.load(hr + kb + o1), ', replace: 'v128.store(ho + kb, madd(v128.load(hr + kb), ' },
      { search: 'load<f32>(hr + kb) * load<f32>(hr + kb + o2)', replace: 'load<f32>(hr + kb + o1) * load<f32>(hr + kb + o2)' },
      { search: 'nn + load<f32>(hr + kb + o1) * (', replace: 'nn + load<f32>(hr + kb) * (' },
    ],
    suites: ['engine'],
  },
  {
    name: "hover shows a name's first binding at later bindings and uses",
    under: 'server/src/lsp',
    edits: [
      {
        search: 'const shape = result.shapes.find((s) => rangeContains(s.range, pos)) ?? result.uses.find((s) => rangeContains(s.range, pos));',
        replace:
          'const found = result.shapes.find((s) => rangeContains(s.range, pos)) ?? result.uses.find((s) => rangeContains(s.range, pos));\n  const shape = found && (result.shapes.find((s) => s.name === found.name) ?? found);',
      },
    ],
    suites: ['analysis'],
  },
  {
    name: 'h_n laid out batch-first when batch_first=True',
    under: 'server/src/analysis',
    edits: [{ search: 'const hDims = batched ? [ld, Nd, hEntry] : [ld, hEntry];', replace: 'const hDims = batched ? (bf ? [Nd, ld, hEntry] : [ld, Nd, hEntry]) : [ld, hEntry];' }],
    suites: ['analysis'],
  },
  // Beyond the six: the checks added with them (fix markers, RL302 both ways, the oracle's rules).
  {
    name: 'quick fix "Change input_size" writes a wrong size',
    under: 'server/src/analysis',
    edits: [{ search: 'return [replaceFix(`Change input_size to ${last}`, fixNode, String(last))];', replace: 'return [replaceFix(`Change input_size to ${last}`, fixNode, String(Number(last.value) + 1))];' }],
    suites: ['analysis'],
  },
  {
    name: 'RL302 (GRU state unpacked as an LSTM one) never reported',
    under: 'server/src/analysis',
    edits: [{ search: "this.col.report(t, 'warning', Codes.unpackGruAsLstm,", replace: "if (Number.NaN) this.col.report(t, 'warning', Codes.unpackGruAsLstm," }],
    suites: ['analysis'],
  },
  {
    name: 'oracle: any size for any name it cannot evaluate',
    under: 'test/oracle',
    edits: [{ search: 'if n not in self.allowed_letters:', replace: 'if False:' }],
    suites: ['oracle'],
  },
  {
    name: 'oracle: error markers checked by exception type only',
    under: 'test/oracle',
    edits: [{ search: 'if exc == exc_type and pat.search(message):', replace: 'if exc == exc_type:' }],
    suites: ['oracle'],
  },
  {
    name: 'oracle: a folder without fixtures passes',
    under: 'test/oracle',
    edits: [{ search: '    for d in empty:\n        failed += 1\n', replace: '    for d in empty:\n        pass\n' }],
    suites: ['oracle'],
  },
];
