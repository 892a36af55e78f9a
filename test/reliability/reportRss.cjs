// Preloaded (`node -r`) into a child process under test: prints its peak resident memory (worker
// threads included, they share the process) to stderr when it exits, for the reliability suite.
process.on('exit', () => {
  process.stderr.write(`\nRNNLENS_MAX_RSS_KB=${process.resourceUsage().maxRSS}\n`);
});
