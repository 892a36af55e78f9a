// `rnnlens check`: being written.
export async function checkMain(_argv: string[]): Promise<number> {
  return 2;
}
