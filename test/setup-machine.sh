#!/usr/bin/env bash
# Prepares a fresh Debian machine for rnnlens's tests (idempotent): Debian packages (torch for the oracle,
# chromium/ripgrep/libkrb5-dev for the editor tests), then the VS Code host in test/vscode-host/ without
# downloads (the ripgrep cache is seeded from Debian's rg; code-server's postinstall wants npm_config_unsafe_perm as root).
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
for pkg in python3-torch python3-numpy python3-yaml python3-omegaconf chromium ripgrep libkrb5-dev; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "[setup] installing ${need[*]}"
  SUDO=; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq "${need[@]}" >/dev/null
else
  echo "[setup] Debian packages present"
fi

if [ -f test/vscode-host/node_modules/code-server/lib/vscode/out/server-main.js ] && [ -d test/vscode-host/node_modules/playwright-core ]; then
  echo "[setup] VS Code host present"
else
  bash test/e2e/seed-ripgrep-cache.sh
  ( cd test/vscode-host && npm_config_unsafe_perm=true npm_config_yes=true npm ci --no-audit --no-fund )
  echo "[setup] VS Code host installed"
fi
