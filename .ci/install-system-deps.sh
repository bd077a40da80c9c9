#!/usr/bin/env bash
# Every system package the test suite needs beyond npm (Chromium for the report test, Jupyter
# for the notebook test), installed with one apt-get update, or none at all when everything is
# there. Without them those 7 tests skip (npm test lists them and why). Run as root:
#   sudo bash .ci/install-system-deps.sh
# Idempotent; safe to run before or after `npm ci`.
set -euo pipefail
cd "$(dirname "$0")/.."
source .ci/apt-install.sh
# shellcheck disable=SC2046 # package names, one word each
apt_install install-system-deps $(bash .ci/install-test-deps.sh --missing) $(bash .ci/install-notebook-deps.sh --missing)
# The scripts now only report what they found.
bash .ci/install-test-deps.sh
bash .ci/install-notebook-deps.sh
