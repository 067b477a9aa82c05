#!/bin/sh
# tools/update-golden.sh [CASE...] - rewrite expected.stdout, expected.stderr
# and expected.exit of the named golden cases (all cases without names) from
# the current binary, $BIN or build/khaldun.  Only for a reviewed change:
# read `git diff tests/golden` before committing.
cd "$(dirname "$0")/.." || exit 2
BIN=${BIN:-build/khaldun}
if [ ! -x "$BIN" ]; then
    echo "update-golden: $BIN not found; run 'make build-all' first" >&2
    exit 2
fi
GOLDEN_UPDATE=1 exec sh tests/golden/run.sh "$BIN" "$@"
