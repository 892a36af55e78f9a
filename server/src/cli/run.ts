// `rnnlens run`: placeholder until the engine lands (the engine issue replaces this file).
export async function runMain(_argv: string[]): Promise<number> {
  process.stderr.write('rnnlens run: the engine is not part of this build yet\n');
  return 2;
}
