// Line breaks as the analysis core counts them: tree-sitter counts rows at `\n` only, while LSP, editors
// and Python also break lines at a lone `\r`. Normalising in place (same length) keeps every offset.

/**
 * The text with each lone `\r` replaced by `\n`. Same length, so every offset and column stays the same;
 * `\r\n` is kept (tree-sitter counts it once, at its `\n`, as LSP does).
 */
export function lineBreaksAsLf(text: string): string {
  return text.indexOf('\r') === -1 ? text : text.replace(/\r(?!\n)/g, '\n');
}
