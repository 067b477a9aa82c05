#!/bin/sh
# tests/run.sh BUILD CC - run every test and end with "N passed, N failed".
# Each part prints "ok ..." / "FAIL ..." lines or a "N passed, N failed"
# summary of its own; this script adds them up.
BUILD=${1:-build}
CC=${2:-cc}
BIN=$BUILD/khaldun
LOG=$BUILD/tests/log
mkdir -p "$BUILD/tests"
: > "$LOG"
pass=0
fail=0

count() { # name, output file, exit status
    p=$(grep -c '^ok' "$2")
    f=$(grep -c '^FAIL' "$2")
    s=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$2" | tail -n 1)
    if [ -n "$s" ]; then
        p=$((p + $(echo "$s" | cut -d' ' -f1)))
        f=$((f + $(echo "$s" | cut -d' ' -f3)))
    fi
    if [ "$3" -ne 0 ] && [ "$f" -eq 0 ]; then
        f=1
        echo "FAIL $1: exit status $3" >> "$2"
    fi
    pass=$((pass + p))
    fail=$((fail + f))
    if [ "$f" -ne 0 ]; then
        echo "--- $1: $f failed"
        grep -E '^FAIL|ERROR|Sanitizer|runtime error' "$2" | head -n 40
    else
        echo "--- $1: $p passed"
    fi
    cat "$2" >> "$LOG"
}

run() { # name, command...
    name=$1
    shift
    out=$BUILD/tests/$name.out
    "$@" > "$out" 2>&1
    count "$name" "$out" $?
}

# 1. unit tests
for t in "$BUILD"/tests/test_*; do
    [ -x "$t" ] || continue
    run "$(basename "$t")" "$t"
done

# 2. golden tests of the command line and error positions
run golden sh tests/golden/run.sh "$BIN"
run errors sh tests/errors/run.sh "$BIN"
run store sh tests/store/run.sh "$BIN"

# 3. fuzz corpora replayed through each target
for t in "$BUILD"/tests/fuzz_*; do
    [ -x "$t" ] || continue
    name=$(basename "$t")
    run "$name" "$t" "tests/fuzz/corpus/${name#fuzz_}"
done

# 4. every public header compiles on its own; banned functions
run headers sh tests/headers.sh "$CC"
run banned sh tests/banned.sh

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
