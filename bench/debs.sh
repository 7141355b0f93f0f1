#!/bin/sh
# Installs the Debian packages a benchmark needs (named as arguments) when any is missing:
# quick and silent when all are there, one clear line when they cannot be installed.
# Called by `make bench-<name>`; see docs/benchmarks.md.
set -eu
missing=""
for package in "$@"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
    || missing="$missing $package"
done
[ -z "$missing" ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "bench: needs$missing and there is no apt-get here; install them by hand" >&2
  exit 1
fi
if [ "$(id -u)" != 0 ]; then
  echo "bench: needs$missing; run as root or first: sudo apt-get install$missing" >&2
  exit 1
fi
echo "bench: installing$missing (apt-get, once)" >&2
log=$(mktemp)
# Wait for another apt-get (a `make test` setting up) rather than fail on its lock.
if ! { apt-get -o DPkg::Lock::Timeout=600 update -q \
       && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -q \
          $missing; } >"$log" 2>&1; then
  tail -n 5 "$log" >&2
  rm -f "$log"
  echo "bench: could not install$missing (apt-get failed, its last lines are above)" >&2
  exit 1
fi
rm -f "$log"
