// The language server: placeholder until the editor issue replaces this file.
export function startServer(): void {
  process.stderr.write('rnnlens lsp: the language server is not part of this build yet\n');
  process.exit(2);
}
