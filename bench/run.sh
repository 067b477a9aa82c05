#!/bin/sh
# bench/run.sh BUILD - the `make bench` driver (docs/performance.md).
#
# Generates the synthetic corpus once (BUILD/bench/corpus.jsonl and the same
# articles as corpus.txt), then times, pinned to one core when taskset works:
#   wc -w      on corpus.txt   (LC_ALL=C: the floor for reading and splitting)
#   bench_text on corpus.jsonl (the khaldun text stage via the reader API)
# and prints a table, then bench_dict's line (dictionary start-up from text
# and from the compiled model; KH_BENCH_DICT, default ../shared/dicts/oeda).  KH_BENCH_MB sets the corpus size (default 110); a
# corpus of another size is regenerated.  Exits non-zero when a program fails.
set -eu

BUILD=${1:-build}
DIR=$BUILD/bench
GEN=$DIR/gen_corpus
BT=$DIR/bench_text
MB=${KH_BENCH_MB:-110}
JSONL=$DIR/corpus.jsonl
TXT=$DIR/corpus.txt
STAMP=$DIR/corpus.mb

die() {
    echo "bench: $*" >&2
    exit 1
}

for p in "$GEN" "$BT"; do
    [ -x "$p" ] || die "$p missing; run 'make bench'"
done

# --- corpus (only when missing or of another size) -------------------------
if [ ! -s "$JSONL" ] || [ ! -s "$TXT" ] || [ ! -f "$STAMP" ] ||
   [ "$(cat "$STAMP")" != "$MB" ]; then
    echo "bench: generating a $MB MB corpus in $DIR"
    rm -f "$STAMP"
    # write to temporary names so an interrupted run is not taken as done
    "$GEN" "$JSONL.tmp" "$MB" || die "gen_corpus failed"
    "$GEN" --text "$TXT.tmp" "$MB" || die "gen_corpus --text failed"
    mv "$JSONL.tmp" "$JSONL"
    mv "$TXT.tmp" "$TXT"
    echo "$MB" > "$STAMP"
fi

# --- one core --------------------------------------------------------------
PIN=""
if command -v taskset >/dev/null 2>&1 && taskset -c 0 true 2>/dev/null; then
    PIN="taskset -c 0"
    CORE="pinned to CPU 0"
else
    CORE="not pinned (taskset unavailable)"
fi

TMP=${TMPDIR:-/tmp}/kh_bench.$$
trap 'rm -f "$TMP".*' EXIT
trap 'exit 1' INT TERM

# warm the page cache so neither program pays for the disk
cat "$JSONL" "$TXT" > /dev/null

size_of() {
    wc -c < "$1" | tr -d ' '
}

# --- wc -w -----------------------------------------------------------------
TXT_BYTES=$(size_of "$TXT")
if [ -x /usr/bin/time ] && /usr/bin/time -f %e true 2>/dev/null; then
    # GNU time: elapsed seconds and max RSS in KB
    # shellcheck disable=SC2086
    LC_ALL=C $PIN /usr/bin/time -f '%e %M' -o "$TMP.time" \
        wc -w < "$TXT" > "$TMP.wc" || die "wc -w failed"
    read -r WC_S WC_KB < "$TMP.time"
    WC_RSS=$(awk -v k="$WC_KB" 'BEGIN { printf "%.1f", k / 1024 }')
else
    T0=$(date +%s.%N)
    # shellcheck disable=SC2086
    LC_ALL=C $PIN wc -w < "$TXT" > "$TMP.wc" || die "wc -w failed"
    T1=$(date +%s.%N)
    WC_S=$(awk -v a="$T0" -v b="$T1" 'BEGIN { printf "%.3f", b - a }')
    WC_RSS="-"
fi
WC_WORDS=$(tr -d ' ' < "$TMP.wc")

# --- khaldun text stage ----------------------------------------------------
# shellcheck disable=SC2086
$PIN "$BT" "$JSONL" > "$TMP.kh" || die "bench_text failed (see above)"
LINE=$(cat "$TMP.kh")
echo "$LINE"

# key=value from bench_text's line
kv() {
    printf '%s\n' "$LINE" | tr ' ' '\n' | sed -n "s/^$1=//p"
}
KH_S=$(kv seconds)
KH_MBS=$(kv mb_per_s)
KH_SPS=$(kv sentences_per_s)
KH_RSS=$(kv peak_rss_mb)
KH_TOK=$(kv tokens)
KH_SENT=$(kv sentences)
KH_BYTES=$(kv bytes)
if [ -z "$KH_S" ] || [ -z "$KH_MBS" ]; then
    die "unexpected bench_text output: $LINE"
fi

# --- table -----------------------------------------------------------------
echo
echo "corpus: $JSONL ($KH_BYTES bytes), $TXT ($TXT_BYTES bytes); $CORE"
awk -v wcs="$WC_S" -v wcb="$TXT_BYTES" -v wcw="$WC_WORDS" -v wcr="$WC_RSS" \
    -v khs="$KH_S" -v khmbs="$KH_MBS" -v khsps="$KH_SPS" -v khr="$KH_RSS" \
    -v kht="$KH_TOK" -v khn="$KH_SENT" 'BEGIN {
    fmt = "%-12s %10s %12s %12s %12s %10s %12s\n"
    printf fmt, "stage", "seconds", "MB/s", "sentences/s", "words/tokens", \
        "peak RSS", "time vs wc"
    wmbs = wcs > 0 ? sprintf("%.1f", wcb / 1e6 / wcs) : "-"
    printf fmt, "wc -w", sprintf("%.2f", wcs), wmbs, "-", wcw, \
        (wcr == "-" ? "-" : wcr " MB"), "1.0x"
    ratio = wcs > 0 ? sprintf("%.1fx", khs / wcs) : "-"
    printf fmt, "khaldun text", sprintf("%.2f", khs), \
        sprintf("%.1f", khmbs), khsps, kht, khr " MB", ratio
    printf "sentences: %s; tokens per wc word: %.2f\n", khn, \
        (wcw > 0 ? kht / wcw : 0)
}'

# --- dictionary start-up: text against the compiled model ------------------
BD=$DIR/bench_dict
OEDA=${KH_BENCH_DICT:-../shared/dicts/oeda}
if [ -x "$BD" ] && [ -e "$OEDA" ]; then
    # shellcheck disable=SC2086
    $PIN "$BD" "$OEDA" "$DIR/dict.khm" || die "bench_dict failed (see above)"
else
    echo "dict-load: skipped ($BD or $OEDA missing)"
fi

# --- the full coder: tagging, matching, events, with the OEDA dictionaries --
# (one core; the compiled model made above when there is one)
BC=$DIR/bench_code
MODEL=$BUILD/tagger.model
CDICT=$OEDA
[ -f "$DIR/dict.khm" ] && CDICT=$DIR/dict.khm
if [ -x "$BC" ] && [ -e "$OEDA" ] && [ -f "$MODEL" ]; then
    head -n "${KH_BENCH_CODE_DOCS:-5000}" "$JSONL" > "$DIR/code-corpus.jsonl"
    # shellcheck disable=SC2086
    $PIN "$BC" "$DIR/code-corpus.jsonl" "$CDICT" "$MODEL" ||
        die "bench_code failed (see above)"
    # the same with the gazetteer: every event placed (docs/places.md)
    if [ -f "$BUILD/places.khg" ]; then
        # shellcheck disable=SC2086
        $PIN "$BC" "$DIR/code-corpus.jsonl" "$CDICT" "$MODEL" \
            "$BUILD/places.khg" | sed 's/^stage=code /stage=code+places /' ||
            die "bench_code with places failed (see above)"
    fi
else
    echo "code: skipped ($BC, $OEDA or $MODEL missing)"
fi

# --- the store: ingest, merge and queries at scale --------------------------
# (KH_BENCH_STORE mentions, default 1,000,000; the store is made in the bench
# directory and replaced each run)
BS=$DIR/bench_store
if [ -x "$BS" ]; then
    # shellcheck disable=SC2086
    $PIN "$BS" "$DIR/store.db" "${KH_BENCH_STORE:-1000000}" ||
        die "bench_store failed (see above)"
    # side by side: the coder alone, and the coder writing into the store
    if [ -f "$DIR/code-corpus.jsonl" ] && [ -x "$BUILD/khaldun" ]; then
        rm -f "$DIR/code.db" "$DIR/code.db-wal" "$DIR/code.db-shm"
        T0=$(date +%s.%N)
        # shellcheck disable=SC2086
        $PIN "$BUILD/khaldun" code -q -o /dev/null "$DIR/code-corpus.jsonl" ||
            die "khaldun code failed"
        T1=$(date +%s.%N)
        # shellcheck disable=SC2086
        $PIN "$BUILD/khaldun" code -q --db "$DIR/code.db" \
            "$DIR/code-corpus.jsonl" || die "khaldun code --db failed"
        T2=$(date +%s.%N)
        awk -v a="$T0" -v b="$T1" -v c="$T2" 'BEGIN {
            printf "stage=code-vs-store code_s=%.2f code_db_s=%.2f ratio=%.2f\n",
                   b - a, c - b, (c - b) / (b - a) }'
    fi
fi
