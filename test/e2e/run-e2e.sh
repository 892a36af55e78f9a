#!/usr/bin/env bash
# Runs rnnlens's editor tests inside a real VS Code (code-server's VS Code 1.100.3 driven by headless
# Chromium): the mocha suite in the Node extension host (current build), the same suite against the web
# build in the web worker extension host, then the .vsix is packaged and the UI tests run (the .vsix
# installed; the web build served over https as a web extension). Exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/../.."
T0=$(date +%s)
if [ "${SKIP_BUILD:-0}" != 1 ]; then npm run build --silent || exit 1; fi
node test/e2e/build-suite.mjs || exit 1
if [ ! -f test/vscode-host/node_modules/code-server/lib/vscode/out/server-main.js ]; then
  bash test/e2e/seed-ripgrep-cache.sh
  ( cd test/vscode-host && npm_config_unsafe_perm=true npm_config_yes=true npm ci --no-audit --no-fund ) || exit 1
fi
WS=$(mktemp -d /tmp/rnnlens-e2e-ws-XXXXXX)
cp test/e2e/workspace/* "$WS/" && cp test/lsp/fixtures/*.py "$WS/"
export RNNLENS_E2E_WORKSPACE="$WS" VSCODE_TEST_TIMEOUT_MS=${VSCODE_TEST_TIMEOUT_MS:-300000}
status=0
echo "[e2e] extension-host suite"
node --import tsx test/e2e/runTests.ts || status=1
echo "[e2e] web build: the same suite in the web worker extension host"
node --import tsx test/e2e/web/runWebTests.ts || status=1
T1=$(date +%s)
echo "[e2e] extension-host suites took $((T1 - T0)) s (with build)"
echo "[e2e] packaging the .vsix (production build)"
npm run package --silent >/dev/null || status=1
ls -l rnnlens.vsix 2>/dev/null
echo "[e2e] grammar test (VS Code's TextMate engine) and UI test (headless Chromium, the .vsix installed)"
RNNLENS_VSIX=rnnlens.vsix node --import tsx --test test/e2e/grammar.test.ts test/e2e/ui.test.ts test/e2e/web/ui.web.test.ts || status=1
T2=$(date +%s)
echo "[e2e] UI test took $((T2 - T1)) s; total $((T2 - T0)) s; screenshots in test/output/"
rm -rf "$WS"
exit $status
