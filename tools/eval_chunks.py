#!/usr/bin/env python3
"""eval_chunks.py - score khaldun's chunker (docs/chunker.md) against chunks
derived from the Penn Treebank parses of the PETRARCH validation suite
(../shared/eval/petrarch-unit/petr_unittest.jsonl, field `parse`).

The parses are used here only, as the answer key: khaldun reads the `text`
alone (`khaldun sentences --chunks --no-clean`).

Chunks are derived from each tree in the manner of the CoNLL-2000 shared
task: every word takes the label of its lowest phrase (an ADJP, QP or NML
inside a noun phrase counts as that noun phrase; WHNP is NP, WHADVP is
ADVP, PRT joins the verb group); a chunk is a run of words of one label
under one noun-phrase node (NP), or any run of words of one label (VP, PP,
ADJP, ADVP), so that "has (ADVP also) said" is one verb group when the
adverb stands between two verbs.  Both sides are compared as character
spans of the text with white space removed, so the two tokenisers need not
agree.  Prints precision, recall and F1 per chunk type and overall.

usage: eval_chunks.py [--bin build/khaldun] [--data FILE] [--show N]
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

TYPES = ["NP", "VP", "PP", "ADJP", "ADVP", "SBAR"]


def parse_tree(s):
    """(label, children) tuples; a leaf is (tag, word)."""
    toks = s.replace("(", " ( ").replace(")", " ) ").split()
    pos = 0

    def node():
        nonlocal pos
        assert toks[pos] == "("
        pos += 1
        label = toks[pos]
        pos += 1
        kids = []
        while toks[pos] != ")":
            if toks[pos] == "(":
                kids.append(node())
            else:
                kids.append(toks[pos])
                pos += 1
        pos += 1
        if len(kids) == 1 and isinstance(kids[0], str):
            return (label, kids[0], True)
        return (label, kids, False)

    trees = []
    while pos < len(toks):
        trees.append(node())
    return trees


def base(label):
    return label.split("-")[0].split("=")[0] if label not in ("-LRB-", "-RRB-", "-NONE-") else label


def words_of(tree):
    """[(word, tag, [ancestors as (label, id)] lowest first)]"""
    out = []
    counter = [0]

    def walk(t, anc):
        label, kids, leaf = t
        if leaf:
            out.append((kids, label, anc))
            return
        counter[0] += 1
        me = (base(label), counter[0])
        for k in kids:
            walk(k, [me] + anc)

    walk(tree, [])
    return out


def word_label(tag, anc):
    """The chunk label of a word and the node that groups it."""
    if tag in (",", ".", ":", "``", "''", "-LRB-", "-RRB-", "CC", "#") or not anc:
        return "O", None
    lab, nid = anc[0]
    if lab in ("ADJP", "QP", "NML", "NX") and len(anc) > 1 and anc[1][0] in ("NP", "WHNP"):
        lab, nid = anc[1]
    if lab in ("NP", "WHNP", "NX", "NML"):
        return "NP", nid
    if lab == "VP" or lab == "PRT":
        return "VP", None
    if lab in ("PP", "WHPP"):
        return "PP", None
    if lab == "SBAR":
        return ("SBAR", None) if tag in ("IN", "RB") else ("O", None)
    if lab == "ADJP":
        return "ADJP", None
    if lab in ("ADVP", "WHADVP"):
        return "ADVP", None
    return "O", None


def gold_chunks(words):
    """words: [(word, tag, anc)] -> [(type, first, last)] word indices"""
    labs = [word_label(t, a) for _, t, a in words]
    # an adverb between two words of one verb group belongs to it
    for i in range(1, len(labs) - 1):
        if labs[i][0] == "ADVP" and labs[i - 1][0] == "VP" and labs[i + 1][0] == "VP":
            labs[i] = ("VP", None)
    chunks = []
    i = 0
    while i < len(labs):
        lab, nid = labs[i]
        j = i + 1
        while j < len(labs) and labs[j][0] == lab and labs[j][1] == nid and lab != "O":
            j += 1
        if lab != "O":
            chunks.append((lab, i, j - 1))
        i = j
    return chunks


NORM = {"-LRB-": "(", "-RRB-": ")", "-LCB-": "{", "-RCB-": "}", "``": '"', "''": '"'}


def squeeze(text):
    """text without white space, and each kept character's index in text"""
    keep = [i for i, ch in enumerate(text) if not ch.isspace()]
    return "".join(text[i] for i in keep), keep


def align(words, text):
    """character span (in the squeezed text) of each treebank word, or None"""
    sq, _ = squeeze(text)
    norm = sq.replace("``", '"').replace("''", '"').replace("\u201c", '"').replace("\u201d", '"')
    spans = []
    pos = 0
    for w, _, _ in words:
        w = NORM.get(w, w).replace("\\/", "/")
        at = norm.find(w, pos, pos + 20 + len(w))
        if at < 0:
            spans.append(None)
            continue
        spans.append((at, at + len(w)))
        pos = at + len(w)
    return spans


def ours(binary, records):
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as f:
        for r in records:
            f.write(json.dumps({"id": r["id"], "date": "1995-01-01", "text": r["text"]}) + "\n")
        path = f.name
    try:
        out = subprocess.run([binary, "sentences", "--chunks", "--no-clean", "-q", path],
                             capture_output=True, text=True, check=True).stdout
    finally:
        os.unlink(path)
    by_doc = {}
    for line in out.splitlines():
        s = json.loads(line)
        by_doc.setdefault(s["doc_id"], []).append(s)
    return by_doc


def main():
    ap = argparse.ArgumentParser()
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--bin", default=os.path.join(here, "..", "build", "khaldun"))
    ap.add_argument("--data", default=os.path.join(here, "..", "..", "shared", "eval",
                                                   "petrarch-unit", "petr_unittest.jsonl"))
    ap.add_argument("--show", type=int, default=0, help="print N sentences with differences")
    ap.add_argument("--floor", type=float, default=None,
                    help="exit 1 when the F1 of all chunks is below this (percent)")
    a = ap.parse_args()
    records = [json.loads(l) for l in open(a.data, encoding="utf-8")]
    records = [r for r in records if r.get("parse") and r.get("text")]
    mine = ours(a.bin, records)
    tp = {t: 0 for t in TYPES}
    fp = dict(tp)
    fn = dict(tp)
    unaligned = 0
    bad_parse = 0
    shown = 0
    for r in records:
        text = r["text"]
        sq, keep = squeeze(text)
        # character index in text -> index in the squeezed text
        to_sq = {}
        for si, ti in enumerate(keep):
            to_sq[ti] = si
        raw = text.encode("utf-8")
        gold = set()
        try:
            trees = parse_tree(r["parse"])
        except (AssertionError, IndexError):
            bad_parse += 1
            continue
        for tree in trees:
            words = words_of(tree)
            spans = align(words, text)
            for lab, i, j in gold_chunks(words):
                if spans[i] is None or spans[j] is None:
                    unaligned += 1
                    continue
                gold.add((lab, spans[i][0], spans[j][1]))
        pred = set()
        for s in mine.get(r["id"], []):
            for c in s["chunks"]:
                if c["type"] == "O":
                    continue
                b0 = len(raw[: c["span"][0]].decode("utf-8", "replace"))
                b1 = len(raw[: c["span"][1]].decode("utf-8", "replace"))
                if b0 not in to_sq or (b1 - 1) not in to_sq:
                    continue
                pred.add((c["type"], to_sq[b0], to_sq[b1 - 1] + 1))
        for t in TYPES:
            g = {x for x in gold if x[0] == t}
            p = {x for x in pred if x[0] == t}
            tp[t] += len(g & p)
            fp[t] += len(p - g)
            fn[t] += len(g - p)
        if shown < a.show and gold != pred:
            shown += 1
            print("%s: %s" % (r["id"], text))
            for x in sorted(gold - pred, key=lambda x: x[1]):
                print("   missed %-4s %s" % (x[0], sq[x[1]:x[2]]))
            for x in sorted(pred - gold, key=lambda x: x[1]):
                print("   extra  %-4s %s" % (x[0], sq[x[1]:x[2]]))

    def prf(t_, f_p, f_n):
        p = t_ / (t_ + f_p) if t_ + f_p else 0.0
        r_ = t_ / (t_ + f_n) if t_ + f_n else 0.0
        f = 2 * p * r_ / (p + r_) if p + r_ else 0.0
        return p, r_, f

    print("eval_chunks: %d records of %s (treebank chunks as the key)" %
          (len(records) - bad_parse, os.path.basename(a.data)))
    print("  %-6s %6s %6s %7s %7s %7s" % ("type", "gold", "ours", "P", "R", "F1"))
    for t in TYPES + ["all"]:
        if t == "all":
            t_, f_p, f_n = sum(tp.values()), sum(fp.values()), sum(fn.values())
        else:
            t_, f_p, f_n = tp[t], fp[t], fn[t]
        p, r_, f = prf(t_, f_p, f_n)
        print("  %-6s %6d %6d %6.1f%% %6.1f%% %6.1f%%" %
              (t, t_ + f_n, t_ + f_p, 100 * p, 100 * r_, 100 * f))
    if bad_parse:
        print("  (%d records whose parse is not a well-formed tree, left out)" % bad_parse)
    if unaligned:
        print("  (%d treebank chunks not aligned with the text, left out)" % unaligned)
    if a.floor is not None:
        f_all = 100 * prf(sum(tp.values()), sum(fp.values()), sum(fn.values()))[2]
        ok = f_all + 1e-9 >= a.floor
        print("%s chunks F1 %.1f%%, floor >= %.1f%%" % ("ok  " if ok else "FAIL", f_all, a.floor))
        return 0 if ok else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
