#!/bin/sh
# make demo: code the sample articles in examples/ with khaldun's default
# dictionaries and show the events readably, then what the text pipeline
# made of the first article (headline, dateline, sentences, tags, chunks
# and clauses).
BIN=${1:-build/khaldun}
echo "== khaldun demo: events in examples/ (default dictionaries) =="
echo
"$BIN" code --format text examples/ || exit 1
echo
echo "== how the first article was read =="
echo
"$BIN" sentences --chunks --format text examples/border-strike.txt
