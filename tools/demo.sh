#!/bin/sh
# make demo: code the sample articles in examples/ and show the result.
# Until the coding engine lands (issue 3), this shows what the text pipeline
# makes of them: headline, dateline, furniture removed, sentences, tokens.
BIN=${1:-build/khaldun}
echo "khaldun demo: the text pipeline on examples/ (events come with the coding engine)"
echo
"$BIN" sentences --format text examples/
