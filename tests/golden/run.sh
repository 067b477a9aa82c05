#!/bin/sh
# tests/golden/run.sh BIN [CASE...] - golden tests of the command line.
#
# Each directory tests/golden/<case>/ holds
#   args             one line: the arguments after the binary (shell-split)
#   stdin            optional: fed to standard input (else /dev/null)
#   expected.stdout  expected.stderr  expected.exit
# and any input files.  The case directory is copied to a scratch directory
# and the command runs there with relative file names, so messages and
# -o files are stable and the tree is never written to.  $VALGRIND is an
# optional exec prefix.
#
# Prints one "ok CASE" or "FAIL CASE" line per case, with an indented diff
# on failure, then "golden: N passed, N failed" (prefixed, so tests/run.sh
# counts only the ok/FAIL lines).
#
# CASE names a directory under tests/golden; without names every
# tests/golden/*/ with an args file runs.  tests/golden/pending/<case>/
# holds cases for known bugs, with expected files written by hand; they
# run only by name (sh tests/golden/run.sh BIN pending/<case>) and move up
# one level once the bug is fixed.
#
# With GOLDEN_UPDATE=1 the expected files are rewritten instead
# (tools/update-golden.sh); review the diff before committing it.
BIN=${1:?usage: sh tests/golden/run.sh BIN [CASE...]}
shift
case $BIN in
/*) ;;
*) BIN=$(pwd)/$BIN ;;
esac
ROOT=$(cd "$(dirname "$0")" && pwd)
# args may name shared test data as "$DATA/..." (tests/data)
DATA=$(cd "$ROOT/../data" && pwd)
export DATA
TMP=$(mktemp -d "${TMPDIR:-/tmp}/kh-golden.XXXXXX") || exit 2
trap 'rm -rf "$TMP"' EXIT
trap 'exit 2' HUP INT TERM
pass=0
fail=0
updated=0

# run_case NAME: run the case, leaving out/err/exit in $TMP
run_case() {
    rm -rf "$TMP/case"
    cp -R "$ROOT/$1" "$TMP/case" || return 1
    (
        cd "$TMP/case" || exit 2
        rm -f expected.stdout expected.stderr expected.exit
        eval "set -- $(cat args)"
        in=/dev/null
        [ -f stdin ] && in=stdin
        $VALGRIND "$BIN" "$@" < "$in" > "$TMP/stdout" 2> "$TMP/stderr"
        echo $? > "$TMP/exit"
    )
}

if [ $# -eq 0 ]; then
    for d in "$ROOT"/*/; do
        [ -f "$d/args" ] && set -- "$@" "$(basename "$d")"
    done
fi

for name in "$@"; do
    name=${name%/}
    name=${name#tests/golden/}
    if [ ! -f "$ROOT/$name/args" ]; then
        echo "FAIL $name: no such case (no $ROOT/$name/args)"
        fail=$((fail + 1))
        continue
    fi
    if ! run_case "$name"; then
        echo "FAIL $name: cannot set up the case"
        fail=$((fail + 1))
        continue
    fi
    if [ "${GOLDEN_UPDATE:-0}" = 1 ]; then
        for f in stdout stderr exit; do
            cp "$TMP/$f" "$ROOT/$name/expected.$f"
        done
        echo "updated $name (exit $(cat "$TMP/exit"))"
        updated=$((updated + 1))
        continue
    fi
    bad=
    for f in stdout stderr exit; do
        if [ ! -f "$ROOT/$name/expected.$f" ]; then
            bad="$bad $f"
            echo "    missing $name/expected.$f" >> "$TMP/diff"
        elif ! cmp -s "$ROOT/$name/expected.$f" "$TMP/$f"; then
            bad="$bad $f"
            diff -u "$ROOT/$name/expected.$f" "$TMP/$f" |
                sed 's/^/    /' >> "$TMP/diff"
        fi
    done
    if [ -z "$bad" ]; then
        echo "ok $name"
        pass=$((pass + 1))
    else
        echo "FAIL $name:$bad differ"
        cat "$TMP/diff"
        fail=$((fail + 1))
    fi
    rm -f "$TMP/diff"
done

if [ "${GOLDEN_UPDATE:-0}" = 1 ]; then
    echo "golden: $updated updated, $fail failed"
else
    echo "golden: $pass passed, $fail failed"
fi
[ "$fail" -eq 0 ]
