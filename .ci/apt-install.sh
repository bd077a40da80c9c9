# Sourced by the .ci scripts: apt_install NAME PACKAGE... installs the given Debian packages
# with a single `apt-get update`, and does nothing at all when no package is given.
apt_install() {
  local name="$1"
  shift
  [ "$#" -gt 0 ] || return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "$name: missing $* and not root; run: sudo apt-get update && sudo apt-get install -y --no-install-recommends $*" >&2
    return 1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}
