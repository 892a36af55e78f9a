// The `rnnlens` command line: `check` (static analysis for CI), `run` (a sample forward pass in the
// engine) and `lsp --stdio` (the language server for any LSP editor).
import { checkMain } from './check';
import { runMain } from './run';
import { summaryMain } from './summary';
import { startNodeServer } from '../node/serverHost';

const usage = `usage: rnnlens <command> [options]

commands:
  check [--format text|json] [--exclude GLOB]... [--max-file-size SIZE] PATH...
                                        check .py/.ipynb files or folders
  run FILE.py --module NAME [options]   run a recurrent layer, or a whole module's forward, in the bundled engine
  summary FILE.py --module NAME         the module's layers, output shapes and parameter counts (static)
  lsp --stdio                           start the language server on stdin/stdout
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'check':
      return checkMain(rest);
    case 'run':
      return runMain(rest);
    case 'summary':
      return summaryMain(rest);
    case 'lsp':
      startNodeServer();
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

// A reader that goes away (`rnnlens check . | head -1`) ends the output, not with a stack trace: exit
// quietly with the status already decided (EPIPE arrives after the last write).
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
    throw err;
  });
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
