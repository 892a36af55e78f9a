// Reads a file given to the CLI as one Python program: .py as is, .ipynb as its code cells joined in
// order (analysed as one program), with a map from program lines back to file or cell lines.
import { cellAtLine, joinIpynb } from '../analysis/notebook';

export interface ProgramSource {
  text: string;
  /** A program line (0-based) as a line in the file, or in a notebook cell (cell = its index in the notebook). */
  map(line: number): { line: number; cell?: number };
}

export function sourceOf(file: string, content: string): ProgramSource {
  if (!file.endsWith('.ipynb')) return { text: content, map: (line) => ({ line }) };
  let program;
  try {
    program = joinIpynb(content);
  } catch (e) {
    throw new Error(`not a readable notebook: ${e instanceof Error ? e.message : String(e)}`);
  }
  return {
    text: program.text,
    map: (line) => {
      const cell = cellAtLine(program, line);
      return cell ? { line: line - cell.startLine, cell: cellIndex(cell.id, cell.index) } : { line };
    },
  };
}

/** The notebook cell index (0-based, markdown cells counted) from the `cell N` id joinIpynb gives. */
function cellIndex(id: string, fallback: number): number {
  const m = /^cell (\d+)$/.exec(id);
  return m ? Number(m[1]) - 1 : fallback;
}
