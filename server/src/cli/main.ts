// The `rnnlens` command line: `check` (static analysis for CI), `run` (a sample forward pass in the
// engine) and `lsp --stdio` (the language server for any LSP editor).
import { checkMain } from './check';
import { runMain } from './run';
import { startServer } from '../lsp/server';

const usage = `usage: rnnlens <command> [options]

commands:
  check [--format text|json] PATH...   check .py/.ipynb files or folders
  run FILE.py --module NAME [options]   run a declared recurrent layer in the bundled engine
  lsp --stdio                           start the language server on stdin/stdout
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'check':
      return checkMain(rest);
    case 'run':
      return runMain(rest);
    case 'lsp':
      startServer();
      return -1; // keeps running until the client closes the connection
    case '--help':
    case '-h':
    case 'help':
      process.stdout.write(usage);
      return 0;
    default:
      process.stderr.write(command ? `rnnlens: unknown command '${command}'\n${usage}` : usage);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`rnnlens: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 2;
  },
);
