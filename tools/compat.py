#!/usr/bin/env python3
"""tools/compat.py - score `khaldun code` on the PETRARCH unit-test suite.

    python3 tools/compat.py [--bin build/khaldun] [--quiet] [--only X,Y]

Run from the repository root (`make compat` does).  The suite is read where
it lies, ../shared/eval/petrarch-unit/ beside the repository, and is never
copied.  The records are grouped by their `config_in_effect`, each group is
written (id, date and text only: no parse, no answers) to a temporary JSON
Lines file and coded by one `khaldun code` run, and the events that come back
are compared with the expected (source, target, event) triples.  What is
measured and how is in docs/accuracy.md.

Exit status: 0 the exact-match rate is at or above tests/compat.floor and
every run completed; 1 below the floor, or the binary crashed, timed out,
refused its arguments or wrote something that is not schema-1 JSON; 2 the
harness could not start (no ../shared, no binary, bad floor file).

Python 3 standard library only.
"""

import argparse
import collections
import json
import os
import re
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from khaldun_harness import (SetupError, add_bin_arg, add_diff_args,  # noqa
                             cut, is_executable, main_guard, pct,
                             repo_root_chdir, run_code)

SUITE = "../shared/eval/petrarch-unit"
RECORDS = "petr_unittest.jsonl"
DICTS = "dicts"
XML = "PETR.UnitTest.records.xml"
FLOOR = "tests/compat.floor"

# config_in_effect keys that are not coder options
NOT_OPTIONS = {"stop_on_error"}

# expected_error values and how a record carrying one is scored
#   discard: honoured when the record produces no events
#   n/a:     the error is in the record's `parse` tree, which khaldun never
#            reads; its text is a normal sentence (ERROR-02/03 are DEMO-00's
#            text), so it is not scored at all
ERROR_RULES = {
    "dateline": "discard",
    "storydiscard": "discard",
    "sentencediscard": "discard",
    "bad_input_parse": "n/a",
}

NULL_CODE = "---"

# the partial ("root") comparison: primary actor code (usually the country)
# and the two-digit CAMEO cue category, as UniversalPetrarch tabulates them
ROOT_CUT = (3, 3, 2)


def die(msg):
    print("compat: " + msg, file=sys.stderr)
    sys.exit(2)


# ---------------------------------------------------------------- the suite

def load_suite(suite):
    path = os.path.join(suite, RECORDS)
    if not os.path.isdir(suite):
        raise SetupError(
            "%s not found: the compatibility suite is read from ../shared "
            "beside the repository (a checkout with ../shared/eval/"
            "petrarch-unit/); run from the repository root" % suite)
    if not os.path.isfile(path):
        raise SetupError("%s not found" % path)
    if not os.path.isdir(os.path.join(suite, DICTS)):
        raise SetupError("%s not found" % os.path.join(suite, DICTS))
    recs = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                r = json.loads(line)
                for k in ("id", "text", "expected", "config_in_effect"):
                    if k not in r:
                        raise ValueError("no key %r" % k)
                r["_triples"] = collections.Counter(
                    (e["source"], e["target"], e["event"])
                    for e in r["expected"])
            except (ValueError, KeyError, TypeError) as e:
                raise SetupError("%s:%d: %s" % (path, n, e))
            r.setdefault("seq", n - 1)
            recs.append(r)
    # ids are not unique in the suite (AGENTS-18 and AGENTS-19 appear
    # twice): a repeated id is sent as ID#SEQ so each record gets its events
    count = collections.Counter(str(r["id"]) for r in recs)
    for r in recs:
        rid = str(r["id"])
        r["_run_id"] = rid if count[rid] == 1 else "%s#%s" % (rid, r["seq"])
    return recs


def petrarch_include(suite):
    """The categories the original suite itself validates (its <Include>),
    and whether only sentence="true" records count ('valid'); None when the
    XML is not there."""
    try:
        with open(os.path.join(suite, XML), encoding="utf-8") as f:
            head = f.read(65536)
    except OSError:
        return None
    m = re.search(r"<Include>([^<]*)</Include>", head)
    if not m:
        return None
    words = m.group(1).split()
    return set(w for w in words if w != "valid"), "valid" in words


def scoring_rule(r):
    """'events' (compare triples), 'discard' (no events wanted) or 'n/a'."""
    err = r.get("expected_error")
    if err:
        return ERROR_RULES.get(err, "discard")
    return "events"


def options_of(r):
    opts = []
    for k, v in r["config_in_effect"].items():
        if k in NOT_OPTIONS:
            continue
        v = str(v).strip()
        if v.lower() in ("true", "false"):
            v = v.lower()
        opts.append((k, v))
    return tuple(opts)


# ---------------------------------------------------------------- running

def code_of(actor):
    if actor is None:
        return NULL_CODE
    if not isinstance(actor, dict):
        raise ValueError("actor is %s, not an object" % type(actor).__name__)
    c = actor.get("code")
    if c is None:
        return NULL_CODE
    if not isinstance(c, str):
        raise ValueError("actor code is %s" % type(c).__name__)
    return c.strip() or NULL_CODE


def triple_of(ev, cameo):
    return (code_of(ev.get("source")), code_of(ev.get("target")), cameo)


def run_group(binary, dicts, opts, recs, workdir, timeout):
    """One `khaldun code` run; res.events[doc_id] is a Counter of
    (source, target, cameo) triples."""
    args = ["--dict", dicts]
    for k, v in opts:
        args += ["--option", "%s=%s" % (k, v)]
    res = run_code(binary, args, recs, workdir, timeout, triple_of)
    events = collections.defaultdict(collections.Counter)
    for doc, triples in res.events.items():
        events[doc].update(triples)
    res.events = events
    return res


# ---------------------------------------------------------------- scoring

def fmt_triples(c):
    if not c:
        return "(none)"
    return "  ".join("%s>%s:%s" % t for t in sorted(c.elements()))


def prf(tp, n_got, n_exp):
    p = tp / n_got if n_got else (1.0 if not n_exp else 0.0)
    r = tp / n_exp if n_exp else (1.0 if not n_got else 0.0)
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def score(recs, got_of, errors_of):
    """Per-record status and the totals."""
    rows = []
    tot = collections.Counter()
    for r in recs:
        rule = scoring_rule(r)
        exp = collections.Counter() if rule != "events" else r["_triples"]
        if r.get("null_expected"):
            exp = collections.Counter()
        got = got_of(r)
        err = errors_of(r)
        if rule == "n/a":
            status = "N/A"
        elif err:
            status = "ERROR"
        elif got == exp:
            status = "EXACT"
        else:
            status = "MISS"
        rows.append((r, rule, exp, got, status, err))
        if status == "N/A":
            continue
        tot["records"] += 1
        tot["exact"] += status == "EXACT"
        tot["n_exp"] += sum(exp.values())
        tot["n_got"] += sum(got.values())
        tot["tp"] += sum((exp & got).values())
        for i, name in enumerate(("source", "target", "event")):
            for key, cut in (("tp_", None), ("tpr_", ROOT_CUT[i])):
                e = collections.Counter()
                g = collections.Counter()
                for t, n in exp.items():
                    e[t[i][:cut]] += n
                for t, n in got.items():
                    g[t[i][:cut]] += n
                tot[key + name] += sum((e & g).values())
    return rows, tot


def print_report(rows, tot, args, include, runs, elapsed, bin_seconds):
    out = sys.stdout
    # diffs first, so the summary is what is left on the screen
    if args.diff:
        misses = [x for x in rows if x[4] in ("MISS", "ERROR")]
        if misses:
            print("== misses (%d) ==" % len(misses), file=out)
        for r, rule, exp, got, status, err in misses:
            text = cut(r["text"])
            tag = "%s [%s]" % (r["id"], r.get("category", "?"))
            if rule == "discard":
                tag += " (expected_error=%s: no events)" % r["expected_error"]
            elif r.get("null_expected") or not exp:
                tag += " (no events)"
            print("%s %s" % (status, tag), file=out)
            print("  text:     %s" % text, file=out)
            print("  expected: %s" % fmt_triples(exp), file=out)
            if status == "ERROR":
                print("  got:      run failed: %s" % err, file=out)
            else:
                print("  got:      %s" % fmt_triples(got), file=out)
                missing = exp - got
                extra = got - exp
                if missing and got:
                    print("  missing:  %s" % fmt_triples(missing), file=out)
                if extra and exp:
                    print("  extra:    %s" % fmt_triples(extra), file=out)
        if misses:
            print(file=out)

    # per category, in suite order
    cats = collections.OrderedDict()
    for r, rule, exp, got, status, err in rows:
        c = cats.setdefault(r.get("category", "?"),
                            collections.Counter())
        if status == "N/A":
            c["na"] += 1
            continue
        c["records"] += 1
        c["exact"] += status == "EXACT"
    print("== PETRARCH unit suite: exact match by category ==", file=out)
    print("%-10s %7s %6s %7s" % ("category", "records", "exact", "%"),
          file=out)
    for name, c in cats.items():
        note = "  (+%d not scored)" % c["na"] if c["na"] else ""
        print("%-10s %7d %6d %6.1f%%%s" % (
            name, c["records"], c["exact"], pct(c["exact"], c["records"]),
            note), file=out)
    print("%-10s %7d %6d %6.1f%%" % (
        "all", tot["records"], tot["exact"],
        pct(tot["exact"], tot["records"])), file=out)
    na = [x[0]["id"] for x in rows if x[4] == "N/A"]
    if na:
        print("not scored (error is in the parse tree, which khaldun does "
              "not read): %s" % ", ".join(na), file=out)
    if include:
        cats_in, valid_only = include
        sub = [x for x in rows if x[4] != "N/A"
               and x[0].get("category") in cats_in
               and (not valid_only or x[0].get("sentence_attr", "true")
                    .lower() == "true")]
        ex = sum(1 for x in sub if x[4] == "EXACT")
        print("the suite's own selection (<Include> categories, "
              "sentence=\"true\"): %d/%d exact, %.1f%%" % (
                  ex, len(sub), pct(ex, len(sub))), file=out)
    print(file=out)

    print("== component points ==", file=out)
    print("%-16s %6s %6s %6s %7s %7s %7s" % (
        "", "right", "wanted", "coded", "prec", "recall", "F1"), file=out)
    n_exp, n_got = tot["n_exp"], tot["n_got"]
    lines = [("triples", tot["tp"], n_exp, n_got)]
    for name in ("source", "target", "event"):
        lines.append((name, tot["tp_" + name], n_exp, n_got))
    pts = tot["tp_source"] + tot["tp_target"] + tot["tp_event"]
    lines.append(("component points", pts, 3 * n_exp, 3 * n_got))
    rpts = tot["tpr_source"] + tot["tpr_target"] + tot["tpr_event"]
    lines.append(("  roots only", rpts, 3 * n_exp, 3 * n_got))
    for name, tp, ne, ng in lines:
        p, r, f = prf(tp, ng, ne)
        print("%-16s %6d %6d %6d %6.1f%% %6.1f%% %6.1f%%" % (
            name, tp, ne, ng, 100 * p, 100 * r, 100 * f), file=out)
    print(file=out)

    nrec = sum(len(x[1]) for x in runs)
    print("runs: %d (one per config_in_effect), %d records, binary %.2f s, "
          "harness %.2f s, %.0f records/s" % (
              len(runs), nrec, bin_seconds, elapsed,
              nrec / bin_seconds if bin_seconds > 0 else 0.0), file=out)


def read_floor(path):
    try:
        with open(path, encoding="utf-8") as f:
            words = [l.split("#", 1)[0].strip() for l in f]
    except OSError as e:
        raise SetupError("cannot read %s: %s" % (path, e))
    words = [w for w in words if w]
    if len(words) != 1:
        raise SetupError("%s must hold one number (exact %%)" % path)
    try:
        v = float(words[0].rstrip("%"))
    except ValueError:
        raise SetupError("%s: %r is not a number" % (path, words[0]))
    if not 0.0 <= v <= 100.0:
        raise SetupError("%s: %g is not a percentage" % (path, v))
    return v


# ---------------------------------------------------------------- main

def main(argv):
    ap = argparse.ArgumentParser(
        description="Score `khaldun code` on the PETRARCH unit-test suite "
                    "(docs/accuracy.md).")
    add_bin_arg(ap)
    ap.add_argument("--suite", default=SUITE,
                    help="suite folder (default %s)" % SUITE)
    ap.add_argument("--floor", default=FLOOR,
                    help="file with the minimum exact %%%% (default %s)" % FLOOR)
    add_diff_args(ap)
    ap.add_argument("--only", default="",
                    help="comma list of categories or record ids to run; "
                         "the floor is not checked")
    ap.add_argument("--timeout", type=float, default=300.0,
                    help="seconds per khaldun run (default 300)")
    ap.add_argument("--keep", metavar="DIR",
                    help="keep each run's input, events and stderr in DIR")
    ap.add_argument("--json", metavar="FILE",
                    help="also write the totals as JSON to FILE")
    args = ap.parse_args(argv)
    repo_root_chdir()

    t0 = time.perf_counter()
    try:
        recs = load_suite(args.suite)
        floor = None if args.only else read_floor(args.floor)
    except SetupError as e:
        die(str(e))
    if not is_executable(args.bin):
        die("%s is not an executable (make all builds it)" % args.bin)
    binary = os.path.abspath(args.bin)
    include = petrarch_include(args.suite)
    if args.only:
        want = set(w.strip() for w in args.only.split(",") if w.strip())
        recs = [r for r in recs if r.get("category") in want
                or str(r["id"]) in want or r["_run_id"] in want]
        if not recs:
            die("--only %s matches no record" % args.only)

    groups = collections.OrderedDict()
    for r in recs:
        groups.setdefault(options_of(r), []).append(r)

    dicts = os.path.join(args.suite, DICTS)
    tmp = tempfile.mkdtemp(prefix="khaldun-compat-")
    runs = []
    try:
        for i, (opts, grecs) in enumerate(groups.items()):
            wd = os.path.join(tmp, "run%02d" % i)
            os.makedirs(wd)
            res = run_group(binary, dicts, opts, grecs, wd, args.timeout)
            runs.append((opts, grecs, res))
        if args.keep:
            os.makedirs(args.keep, exist_ok=True)
            for name in os.listdir(tmp):
                dst = os.path.join(args.keep, name)
                shutil.rmtree(dst, ignore_errors=True)
                shutil.copytree(os.path.join(tmp, name), dst)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    got, errs = {}, {}
    failures = []
    notes = collections.OrderedDict()
    for opts, grecs, res in runs:
        for r in grecs:
            got[r["_run_id"]] = res.events.get(r["_run_id"],
                                               collections.Counter())
            if res.fatal:
                errs[r["_run_id"]] = res.fatal.split("\n")[0]
        label = " ".join("%s=%s" % kv for kv in opts)
        if res.fatal:
            failures.append("run [%s] (%d records) failed: %s\n    command: %s"
                            % (label, len(grecs), res.fatal,
                               " ".join(res.cmd)))
        if res.problems:
            failures.append("run [%s] wrote %d bad lines:\n    %s" % (
                label, len(res.problems), "\n    ".join(res.problems[:10])))
        if res.warnings:
            notes.setdefault(tuple(res.warnings), []).append(label)
    if args.diff:
        # the same stderr from every run (a dictionary warning) is shown once
        for text, labels in notes.items():
            which = ("run [%s]" % labels[0] if len(labels) == 1
                     else "%d runs" % len(labels))
            print("note: %s: %s" % (which, "\n    ".join(text)))

    rows, tot = score(recs, lambda r: got[r["_run_id"]],
                      lambda r: errs.get(r["_run_id"]))
    bin_seconds = sum(res.seconds for _, _, res in runs)
    elapsed = time.perf_counter() - t0
    print_report(rows, tot, args, None if args.only else include, runs,
                 elapsed, bin_seconds)

    exact = pct(tot["exact"], tot["records"])
    if args.json:
        p, r, f = prf(tot["tp"], tot["n_got"], tot["n_exp"])
        pts = tot["tp_source"] + tot["tp_target"] + tot["tp_event"]
        cp, cr, cf = prf(pts, 3 * tot["n_got"], 3 * tot["n_exp"])
        rpts = tot["tpr_source"] + tot["tpr_target"] + tot["tpr_event"]
        rp, rr, rf = prf(rpts, 3 * tot["n_got"], 3 * tot["n_exp"])
        with open(args.json, "w", encoding="utf-8") as f_:
            json.dump({"records": tot["records"], "exact": tot["exact"],
                       "exact_pct": round(exact, 2),
                       "triples": {"precision": p, "recall": r, "f1": f},
                       "component_points": {"precision": cp, "recall": cr,
                                            "f1": cf},
                       "component_points_roots": {"precision": rp,
                                                  "recall": rr, "f1": rf},
                       "failures": failures, "binary_seconds": bin_seconds},
                      f_, indent=1)
            f_.write("\n")

    status = 0
    for msg in failures:
        print("FAIL " + msg)
        status = 1
    if failures and not args.keep:
        print("     (--keep DIR keeps each run's input, events and stderr)")
    if floor is not None:
        verdict = "ok" if exact + 1e-9 >= floor else "FAIL"
        print("%s exact %.1f%% (%d/%d), floor %.1f%% (%s)" % (
            verdict, exact, tot["exact"], tot["records"], floor, args.floor))
        if verdict == "FAIL":
            status = 1
    if failures:
        print("FAIL %d of %d khaldun runs misbehaved (above)" % (
            len(failures), len(runs)))
    return status


if __name__ == "__main__":
    main_guard(main)
