#!/usr/bin/env bash
# What the notebook test (test/notebooks.test.ts) needs beyond npm: a real Jupyter client
# (Debian's nbconvert + nbclient + jupyter-client; Python comes with them). Deno itself is the
# "deno" devDependency (its binary arrives as an npm optionalDependency, no download), and the
# test registers the Deno kernel in a private directory of its own (notebooks/tools/
# notebook-runner.ts), so nothing is registered for the user here. Idempotent; safe to run
# before or after `npm ci`. With --missing, only prints the packages still to install
# (.ci/run installs those of every script with one apt-get update).
set -euo pipefail
missing() {
  # Same check as the test: `jupyter nbconvert` must run (nbconvert >= 6 executes through nbclient).
  jupyter nbconvert --version >/dev/null 2>&1 || echo jupyter-nbconvert python3-nbclient jupyter-client
}
if [ "${1:-}" = --missing ]; then missing; exit 0; fi
source "$(dirname "$0")/apt-install.sh"
# shellcheck disable=SC2046 # package names, one word each
apt_install install-notebook-deps $(missing)
echo "install-notebook-deps: $(jupyter nbconvert --version 2>/dev/null | sed 's/^/nbconvert /')"
