// Abstract interpreter over the Python syntax tree (being written: returns no facts yet).
import type { Node } from 'web-tree-sitter';
import type { AnalysisResult } from './facts';

export function interpretModule(_root: Node, _text: string): AnalysisResult {
  return { diagnostics: [], shapes: [], modules: [] };
}
