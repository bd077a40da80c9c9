#!/usr/bin/env bash
# What the notebook test (test/notebooks.test.ts) needs beyond npm: a real Jupyter client
# (Debian's nbconvert + nbclient + jupyter-client; Python comes with them) and the Deno kernel
# registered for this user. Deno itself is the "deno" devDependency (its binary arrives as an
# npm optionalDependency, no download). Idempotent; safe to run before or after `npm ci`.
set -euo pipefail
cd "$(dirname "$0")/.."
PACKAGES=(jupyter-nbconvert python3-nbclient jupyter-client)

# Same check as the test: `jupyter nbconvert` must run (nbconvert >= 6 executes through nbclient).
if ! jupyter nbconvert --version >/dev/null 2>&1; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "install-notebook-deps: Jupyter tools missing and not root; run: sudo apt-get install -y --no-install-recommends ${PACKAGES[*]}" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${PACKAGES[@]}" >/dev/null
fi

# Register the kernel for interactive use (JupyterLab, VS Code). The test does not rely on this
# registration: it installs a private kernelspec pointing at this checkout's Deno.
KERNEL_DIR="${XDG_DATA_HOME:-$HOME/.local/share}/jupyter/kernels/deno"
DENO="$PWD/node_modules/.bin/deno"
if [ -x "$DENO" ] && "$DENO" --version >/dev/null 2>&1; then
  "$DENO" jupyter --install --force >/dev/null 2>&1
else
  # Before `npm ci` there is no Deno yet: write the same kernelspec `deno jupyter --install`
  # writes, pointing at the npm shim that `npm ci` will create.
  mkdir -p "$KERNEL_DIR"
  cat >"$KERNEL_DIR/kernel.json" <<JSON
{
  "argv": ["$DENO", "jupyter", "--kernel", "--conn", "{connection_file}"],
  "display_name": "Deno",
  "language": "typescript"
}
JSON
fi
echo "install-notebook-deps: $(jupyter nbconvert --version 2>/dev/null | sed 's/^/nbconvert /'), kernel 'deno' at $KERNEL_DIR"
