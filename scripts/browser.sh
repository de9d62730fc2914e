#!/usr/bin/env bash
# The browser for the end-to-end tests: Debian's chromium package, never a downloaded one.
# Prints the path of the executable on stdout; installs the package when it is missing and we are root.
#   scripts/browser.sh          -> /usr/bin/chromium
set -euo pipefail
bin=${NEWSGRAPH_CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$bin" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "browser.sh: installing Debian's chromium package" >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) >&2
  fi
  [ -x "$bin" ] || { echo "browser.sh: no chromium at $bin and cannot install it" >&2; exit 3; }
fi
echo "$bin"
