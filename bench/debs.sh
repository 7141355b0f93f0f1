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
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  echo "bench: needs the Debian packages$missing; install them as root:" \
       "apt-get install -y$missing" >&2
  exit 1
fi
echo "bench: installing$missing" >&2
apt-get update -q >/dev/null
DEBIAN_FRONTEND=noninteractive apt-get install -y -q $missing >/dev/null
