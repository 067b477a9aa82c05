#!/bin/sh
# Install the Debian packages the build uses when any is missing; quiet and
# quick when all are present.  Run by `make deps` (and so by make, make demo,
# make check).
set -e
debs="libutf8proc-dev pkg-config"
missing=""
for p in $debs; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done
if [ -n "$missing" ]; then
    echo "deps: installing$missing"
    SUDO=""
    [ "$(id -u)" -ne 0 ] && SUDO=sudo
    if ! $SUDO apt-get install -y -q $missing >/dev/null 2>&1; then
        $SUDO apt-get update -q >/dev/null
        $SUDO apt-get install -y -q $missing >/dev/null
    fi
fi
