#!/usr/bin/env bash
# Installs what the test suite needs beyond npm on a fresh Debian machine (run as root): real PyTorch
# for the oracle scripts, Chromium + ripgrep + Kerberos headers for the VS Code (code-server) editor
# tests. Idempotent: installs only what is missing.
set -euo pipefail
need=()
/usr/bin/python3 -c 'import torch, numpy' 2>/dev/null || need+=(python3-torch python3-numpy)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v rg >/dev/null 2>&1 || need+=(ripgrep)
[ -f /usr/include/krb5.h ] || [ -f /usr/include/krb5/krb5.h ] || need+=(libkrb5-dev)
if [ ${#need[@]} -gt 0 ]; then
  echo "[setup] apt-get install ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
/usr/bin/python3 -c 'import torch; print("[setup] torch", torch.__version__)'
