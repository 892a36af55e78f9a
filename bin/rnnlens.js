#!/usr/bin/env node
// The `rnnlens` command: runs the bundled CLI (built by `npm run build`).
require('../dist/cli.js');
