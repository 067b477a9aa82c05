#!/bin/sh
# tests/store/run.sh BIN - the store through the command line: several
# differently worded reports of the same events (tests/data/store, written
# for khaldun) become one event each; coding them again changes nothing; a
# rebuild gives the same events; a bad record costs nothing else; bad
# queries and missing stores are clear errors.  Prints ok/FAIL lines.
BIN=${1:?usage: sh tests/store/run.sh BIN}
DATA=$(cd "$(dirname "$0")/../data/store" && pwd)
TMP=$(mktemp -d "${TMPDIR:-/tmp}/kh-store.XXXXXX") || exit 2
trap 'rm -rf "$TMP"' EXIT
DB=$TMP/events.db
pass=0
fail=0
check() { # description, command (evaluated)
    if eval "$2" > "$TMP/out" 2>&1; then
        echo "ok $1"
        pass=$((pass + 1))
    else
        echo "FAIL $1"
        sed 's/^/    /' "$TMP/out" | head -n 20
        fail=$((fail + 1))
    fi
}

check "code --db ingests" \
    "'$BIN' code -q --db '$DB' '$DATA/reports.jsonl'"
"$BIN" merge --db "$DB" > "$TMP/merge1"
check "every mention merged" "grep -q '^unmerged: 0$' '$TMP/merge1'"
check "9 documents" "grep -q '^documents: 9$' '$TMP/merge1'"
"$BIN" query --db "$DB" --cameo 19 --format jsonl > "$TMP/violent"
# the drone strike in Baghdad, told by three articles: one event
check "three reports of one strike are one event" \
    "grep '\"cameo\":\"195\"' '$TMP/violent' | grep -q '\"doc_ids\":\\[\"paper-c1\",\"wire-a1\",\"wire-b1\"\\]'"
# the market shelling in Omdurman, told by two: one event
check "two reports of one shelling are one event" \
    "grep -q '\"doc_ids\":\\[\"wire-a2\",\"wire-b2\"\\]' '$TMP/violent'"
check "the shelling's toll is the largest reported" \
    "grep '\"wire-a2\",\"wire-b2\"' '$TMP/violent' | grep -q '\"fatalities\":22'"
"$BIN" query --db "$DB" --cameo 14 --format jsonl > "$TMP/protest"
check "the Paris protest, two reports, one event" \
    "grep -q '\"doc_ids\":\\[\"paper-c3\",\"wire-a3\"\\]' '$TMP/protest'"
"$BIN" query --db "$DB" --format jsonl > "$TMP/all1"

# again: replaced, not duplicated
check "coding again" "'$BIN' code -q --db '$DB' '$DATA/reports.jsonl'"
"$BIN" merge --db "$DB" > "$TMP/merge2"
check "no duplicate mentions" \
    "grep '^mentions:' '$TMP/merge1' > '$TMP/m1' && grep '^mentions:' '$TMP/merge2' | cmp -s - '$TMP/m1'"
check "no duplicate events" \
    "grep '^events:' '$TMP/merge1' > '$TMP/e1' && grep '^events:' '$TMP/merge2' | cmp -s - '$TMP/e1'"
"$BIN" merge --rebuild --db "$DB" > "$TMP/merge3"
check "a rebuild gives the same number of events" \
    "grep '^events:' '$TMP/merge3' | cmp -s - '$TMP/e1'"
"$BIN" query --db "$DB" --format jsonl | sed 's/"event":[0-9]*,//' > "$TMP/all3"
sed 's/"event":[0-9]*,//' "$TMP/all1" > "$TMP/all1n"
check "a rebuild gives the same events" "cmp -s '$TMP/all1n' '$TMP/all3'"

# filters and counts
check "--near Baghdad" \
    "'$BIN' query --db '$DB' --near 33.3,44.4 --km 40 --cameo 19 --format table | grep -q 'Baghdad'"
check "--text" \
    "'$BIN' query --db '$DB' --text 'market' --format table | grep -q Omdurman"
check "--format phoenix: 26 columns" \
    "'$BIN' query --db '$DB' --format phoenix | awk -F'\t' 'NF != 26 { exit 1 }'"
check "--count-by month" \
    "'$BIN' query --db '$DB' --count-by month --format csv | grep -q '^2024-03,'"
check "--from/--to exclude" \
    "test -z \"\$('$BIN' query --db '$DB' --from 2025-01-01 --format jsonl)\""

# errors
"$BIN" query --db "$DB" --text '"unbalanced' > "$TMP/out" 2>&1
check "a bad text query is a usage error" "test $? -eq 2"
"$BIN" query --db "$TMP/none.db" --format jsonl > "$TMP/out" 2>&1
check "a missing store is an error" "test $? -eq 1"
"$BIN" query --db "$DB" --near 100,1 > "$TMP/out" 2>&1
check "a bad point is a usage error" "test $? -eq 2"

# a bad record between good ones: reported, skipped, the rest stored
{ head -n 2 "$DATA/reports.jsonl"; echo '{"id":"broken","text":'; \
  tail -n 2 "$DATA/reports.jsonl"; } > "$TMP/bad.jsonl"
"$BIN" code -q --db "$TMP/b.db" "$TMP/bad.jsonl" > "$TMP/out" 2>&1
check "a bad record makes exit 1" "test $? -eq 1"
"$BIN" merge --db "$TMP/b.db" > "$TMP/mb"
check "the good records around it are stored" "grep -q '^documents: 4$' '$TMP/mb'"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
