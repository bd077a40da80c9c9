#!/usr/bin/env bash
# System packages the test suite needs beyond npm: Debian's Chromium for the report test
# (playwright-core drives it through executablePath; no browser download). Idempotent.
set -euo pipefail
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "install-test-deps: chromium missing and not root; run: sudo apt-get install -y chromium" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
fi
echo "install-test-deps: $(chromium --version 2>/dev/null || echo 'chromium ?')"
