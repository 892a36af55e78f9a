// The question a sample run asks for sizes the code leaves open: its prefill (each name; torch's default
// for a flag) and parsing the answer (`hidden=16, batch_first=True`). Pure, so unit tests need no vscode.

/** The prefill of the sizes question: each name, with torch's default for a flag and blank for a size. */
export function sizesPrefill(missing: readonly string[]): string {
  const flags: Record<string, string> = { bias: 'True', batch_first: 'False', bidirectional: 'False', nonlinearity: 'tanh' };
  return missing.map((n) => `${n}=${flags[n] ?? ''}`).join(', ');
}

/** `a=3, flag=True` → values; a message naming what is wrong or still missing. */
export function parseSizes(text: string, missing: readonly string[]): { sizes: Record<string, number | boolean> } | { error: string } {
  const sizes: Record<string, number | boolean> = {};
  for (const part of text.split(',').map((p) => p.trim()).filter((p) => p !== '')) {
    const m = /^([A-Za-z_][\w.]*)\s*=\s*(\S*)$/.exec(part);
    if (!m) return { error: `'${part}' is not name=value` };
    const [, name, raw] = m as unknown as [string, string, string];
    if (/^(True|true)$/.test(raw)) sizes[name] = true;
    else if (/^(False|false)$/.test(raw)) sizes[name] = false;
    else if (/^\d+$/.test(raw) && Number(raw) > 0) sizes[name] = Number(raw);
    else return { error: raw === '' ? `${name} needs a value` : `${name}=${raw}: give a positive integer (or True/False)` };
  }
  const absent = missing.filter((n) => !(n in sizes));
  return absent.length > 0 ? { error: `still needed: ${absent.join(', ')}` } : { sizes };
}
