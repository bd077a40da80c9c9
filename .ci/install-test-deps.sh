#!/usr/bin/env bash
# System packages the test suite needs beyond npm: Debian's Chromium for the report test
# (playwright-core drives it through executablePath; no browser download). Idempotent.
# With --missing, only prints the packages still to install (.ci/run installs those of every
# script with one apt-get update).
set -euo pipefail
missing() {
  command -v chromium >/dev/null 2>&1 || echo chromium fonts-dejavu-core
}
if [ "${1:-}" = --missing ]; then missing; exit 0; fi
source "$(dirname "$0")/apt-install.sh"
# shellcheck disable=SC2046 # package names, one word each
apt_install install-test-deps $(missing)
echo "install-test-deps: $(chromium --version 2>/dev/null || echo 'chromium ?')"
