#!/bin/sh
# tests/errors/run.sh BIN [DIR] - error positions of the document reader.
#
# DIR (default: this directory) holds a corpus whose names say the result:
#   ok_*.{jsonl,xml,txt,html}  must give exit 0 and nothing on stderr;
#   bad_*.*                    must give exit 1, and stderr must contain
#                              "khaldun: <expect>: ", where <expect> is the
#                              first line of the companion bad_*.expect
#                              (FILE:LINE:COL, or FILE:LINE without column).
# Each file is read with `khaldun sentences --quiet FILE`, run in DIR so the
# file name in messages is the bare name.  Prints "ok FILE" or "FAIL FILE"
# per file (details indented), then "errors: N passed, N failed" (prefixed,
# so tests/run.sh counts only the ok/FAIL lines).  $VALGRIND is an optional
# exec prefix.
#
# tests/errors/pending/ holds cases for known bugs, written with the
# position they should have; `sh tests/errors/run.sh BIN tests/errors/pending`
# runs them.  Move a case up once its bug is fixed.
BIN=${1:?usage: sh tests/errors/run.sh BIN [DIR]}
case $BIN in
/*) ;;
*) BIN=$(pwd)/$BIN ;;
esac
DIR=${2:-$(dirname "$0")}
cd "$DIR" || exit 2
TMP=$(mktemp -d "${TMPDIR:-/tmp}/kh-errors.XXXXXX") || exit 2
trap 'rm -rf "$TMP"' EXIT
trap 'exit 2' HUP INT TERM
pass=0
fail=0

failed() { # file, reason
    echo "FAIL $1: $2"
    sed 's/^/    stderr: /' "$TMP/err" | head -n 10
    fail=$((fail + 1))
}

for f in ok_* bad_*; do
    [ -f "$f" ] || continue
    case $f in
    *.expect) continue ;;
    esac
    $VALGRIND "$BIN" sentences --quiet "$f" < /dev/null > "$TMP/out" 2> "$TMP/err"
    rc=$?
    case $f in
    ok_*)
        if [ "$rc" -ne 0 ]; then
            failed "$f" "exit $rc, want 0"
        elif [ -s "$TMP/err" ]; then
            failed "$f" "unexpected output on stderr"
        elif [ ! -s "$TMP/out" ]; then
            failed "$f" "no sentences on stdout"
        else
            echo "ok $f"
            pass=$((pass + 1))
        fi
        ;;
    bad_*)
        exp=${f%.*}.expect
        if [ ! -f "$exp" ]; then
            failed "$f" "no $exp"
            continue
        fi
        want="khaldun: $(head -n 1 "$exp"): "
        if [ "$rc" -ne 1 ]; then
            failed "$f" "exit $rc, want 1"
        elif ! grep -qF -- "$want" "$TMP/err"; then
            failed "$f" "stderr lacks '$want'"
        else
            echo "ok $f"
            pass=$((pass + 1))
        fi
        ;;
    esac
done

# an .expect file without its input is a mistake too
for e in bad_*.expect; do
    [ -f "$e" ] || continue
    set -- "${e%.expect}".*
    if [ "$#" -lt 2 ]; then
        echo "FAIL $e: no input file for it"
        fail=$((fail + 1))
    fi
done

echo "errors: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
