#!/bin/sh
# tools/fuzz.sh SECONDS [TARGET...] - build every tests/fuzz/fuzz_*.c (or the
# named targets) as a libFuzzer binary with ASan + UBSan and run each for
# SECONDS seconds (`make fuzz`, FUZZ_SECONDS).  SECONDS 0 builds the targets
# and runs each corpus input once, under the sanitizers.
#
# The library sources are compiled with the same clang flags (coverage and
# sanitizers) into build/fuzz/obj and linked into each target; the gcc-built
# build/libkhaldun.a is not used.  Each target runs on a copy of its corpus,
# build/fuzz/corpus-<name>, so tests/fuzz/corpus/ is never written to.  Crash,
# leak, timeout and out-of-memory inputs land in build/fuzz/artifacts-<name>/
# and are listed with the command that reproduces them.  Exits 1 when any
# target failed, 2 when the build failed.
#
# Environment: CLANG (default clang), FUZZ_MAX_LEN (65536), FUZZ_TIMEOUT
# (seconds per input, 25), FUZZ_ARGS (extra libFuzzer flags).
set -u

SECS=${1:-60}
[ $# -gt 0 ] && shift
CLANG=${CLANG:-clang}
MAX_LEN=${FUZZ_MAX_LEN:-65536}
TIMEOUT=${FUZZ_TIMEOUT:-25}
OUT=build/fuzz

case $SECS in
'' | *[!0-9]*)
    echo "usage: sh tools/fuzz.sh SECONDS [TARGET...]" >&2
    exit 2
    ;;
esac
if ! command -v "$CLANG" > /dev/null 2>&1; then
    echo "fuzz: $CLANG not found (libFuzzer needs clang)" >&2
    exit 2
fi

SAN="-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined"
UTF8PROC_CFLAGS=$(pkg-config --cflags libutf8proc 2> /dev/null)
UTF8PROC_LIBS=$(pkg-config --libs libutf8proc 2> /dev/null || echo -lutf8proc)
CFLAGS="-std=c11 -g -O1 -fno-omit-frame-pointer $SAN -D_GNU_SOURCE \
-Iinclude -Isrc/lib -Ibuild/gen $UTF8PROC_CFLAGS"

if [ $# -gt 0 ]; then
    targets=$*
else
    targets=
    for f in tests/fuzz/fuzz_*.c; do
        [ -f "$f" ] || continue
        f=${f#tests/fuzz/fuzz_}
        targets="$targets ${f%.c}"
    done
fi
if [ -z "${targets# }" ]; then
    echo "fuzz: no tests/fuzz/fuzz_*.c" >&2
    exit 2
fi

# ---- build ---------------------------------------------------------------
mkdir -p "$OUT/obj"
objs=
for src in src/lib/*.c; do
    obj=$OUT/obj/$(basename "$src" .c).o
    objs="$objs $obj"
    # rebuild when the source or any header is newer than the object
    if [ -f "$obj" ] && [ -z "$(find "$src" src/lib include -newer "$obj" \
        \( -name '*.h' -o -path "$src" \) 2> /dev/null | head -n 1)" ]; then
        continue
    fi
    echo "fuzz: cc $src"
    # shellcheck disable=SC2086
    $CLANG $CFLAGS -c "$src" -o "$obj" || exit 2
done
for t in $targets; do
    src=tests/fuzz/fuzz_$t.c
    if [ ! -f "$src" ]; then
        echo "fuzz: no $src" >&2
        exit 2
    fi
    echo "fuzz: link $OUT/fuzz_$t"
    # shellcheck disable=SC2086
    $CLANG $CFLAGS -o "$OUT/fuzz_$t" "$src" $objs $UTF8PROC_LIBS -lsqlite3 -lm || exit 2
done

# ---- run -----------------------------------------------------------------
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
failed=0
summary=
for t in $targets; do
    corpus=$OUT/corpus-$t
    art=$OUT/artifacts-$t
    log=$OUT/fuzz_$t.log
    rm -rf "$corpus" "$art"
    mkdir -p "$corpus" "$art"
    if [ -d "tests/fuzz/corpus/$t" ]; then
        cp tests/fuzz/corpus/"$t"/* "$corpus"/ 2> /dev/null
    fi
    dict=
    [ -f "tests/fuzz/$t.dict" ] && dict=-dict=tests/fuzz/$t.dict
    # -max_total_time=0 would mean "forever"
    time_flag=-max_total_time=$SECS
    [ "$SECS" -eq 0 ] && time_flag=-runs=0
    echo "fuzz: running fuzz_$t for ${SECS}s (log: $log)"
    # shellcheck disable=SC2086
    "$OUT/fuzz_$t" "$time_flag" -max_len="$MAX_LEN" \
        -timeout="$TIMEOUT" -print_final_stats=1 -artifact_prefix="$art/" \
        $dict ${FUZZ_ARGS:-} "$corpus" > "$log" 2>&1
    rc=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    cov=$(grep -E '^#[0-9]+' "$log" | tail -n 1 |
        sed -n 's/.*cov: \([0-9]*\).*/\1/p')
    found=$(ls "$art" 2> /dev/null)
    if [ $rc -eq 0 ] && [ -z "$found" ]; then
        n=$(find "$corpus" -type f | wc -l)
        line="ok    fuzz_$t  ${execs:-?} runs, cov ${cov:-?}, corpus $n"
    else
        failed=1
        line="FAIL  fuzz_$t  exit $rc after ${execs:-?} runs"
        echo "--- fuzz_$t failed; from $log:"
        # the messages, and the stack frames in our own code
        grep -E 'ERROR|invariant failed|runtime error|SUMMARY' "$log" |
            head -n 10
        grep -E '^ *#[0-9]+ .* (src/lib|tests/fuzz|include)/' "$log" |
            sed 's/ (BuildId: [0-9a-f]*)//' | head -n 30
        [ -z "$found" ] && tail -n 5 "$log"
        for f in $found; do
            echo "  input:     $art/$f ($(wc -c < "$art/$f") bytes)"
            echo "  reproduce: $OUT/fuzz_$t $art/$f"
            echo "     or, gcc: make build/tests/fuzz_$t &&" \
                "build/tests/fuzz_$t $art/$f"
        done
    fi
    summary="$summary
$line"
done

echo
echo "fuzz summary (${SECS}s per target):$summary"
if [ $failed -ne 0 ]; then
    echo "fuzz: failures found; add each input to tests/fuzz/corpus/<target>/"
    echo "      as crash-<description> once the bug is understood"
    exit 1
fi
exit 0
