#!/usr/bin/env python3
"""tools/eval_plover.py - score `khaldun code` on the PLOVER gold standard.

    python3 tools/eval_plover.py [--bin build/khaldun] [--quiet] [--only X,Y]

Run from the repository root (`make eval` does).  The gold records are read
where they lie, ../shared/eval/plover-gsr/ beside the repository, and are
never copied.  The 322 records (the DOCUMENT record is skipped) are written
(id, date and text only: no actors, no event, no markup) to a temporary JSON
Lines file and coded by one `khaldun code` run with khaldun's default
dictionaries; the events that come back are scored for PLOVER event type,
source and target country, and extra events.  What is measured and how is in
docs/accuracy.md, "PLOVER gold standard (make eval)".

Exit status: 0 every number is on the right side of its floor in
tests/eval.floor and the run completed; 1 below a floor, or the binary
crashed, timed out, refused its arguments or wrote something that is not
schema-1 JSON; 2 the harness could not start (no ../shared, no binary, bad
floor file, unreadable gold or mapping file).

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

GOLD_DIR = "../shared/eval/plover-gsr"
GOLD = "PLOVER_GSR_CAMEO.txt"
MAPPING = "CAMEO2PLOVER-2021.txt"
FLOOR = "tests/eval.floor"

# the targets of issue 4; printed beside the numbers, not enforced (the
# floors in tests/eval.floor are)
TARGETS = {"type": 85.0, "source": 85.0, "extra": 0.5}

# the gold file's event types are PLOVER's of 2016; these four were renamed
# or merged since.  The other fourteen (AGREE, CONSULT, SUPPORT, COOPERATE,
# AID, RETREAT, CONCEDE, REJECT, THREATEN, PROTEST, MOBILIZE, SANCTION,
# COERCE, ASSAULT) are unchanged.
ERA_TYPES = {
    "DEMAND": "REQUEST",
    "DISAPPROVE": "ACCUSE",
    "INVESTIGATE": "ACCUSE",
    "FIGHT": "ASSAULT",
}

# the CAMEO-era country codes the gold file uses that are not ISO 3166
# alpha-3 (it has JAP for Japan, ITL for Italy, VTN for Vietnam, beside the
# ISO JPN / VNM elsewhere); applied to both sides before comparing
COUNTRY_FIXES = {
    "JAP": "JPN",
    "ITL": "ITA",
    "VTN": "VNM",
}

SKIP_EVENTS = {"DOCUMENT"}
NONE = "---"


def die(msg):
    print("eval: " + msg, file=sys.stderr)
    sys.exit(2)


# ---------------------------------------------------------------- the data

def read_mapping(path):
    """CAMEO2PLOVER-2021.txt: `CODE: TYPE, mode, context # comment` lines
    under `NN: TYPE` root headers.  Returns {code: (type, mode)} for the
    code lines (three or four digits) and the set of types."""
    try:
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
    except OSError as e:
        raise SetupError("cannot read %s: %s" % (path, e))
    table = {}
    for n, line in enumerate(lines, 1):
        body = line.split("#", 1)[0].strip()
        if not body or body.startswith("~"):
            continue
        m = re.match(r"^(\d{2,4})\s*:\s*(.*)$", body)
        if not m:
            raise SetupError("%s:%d: not `CODE: TYPE, mode, context`: %r"
                             % (path, n, line))
        code, rest = m.group(1), m.group(2)
        fields = [x.strip() for x in rest.split(",")]
        ptype = fields[0].upper()
        if not re.match(r"^[A-Z]+$", ptype):
            raise SetupError("%s:%d: %r is not a PLOVER type"
                             % (path, n, fields[0]))
        if len(code) == 2:
            # root headers: `08: CONCEDE` and `08: RETREAT` both occur, so
            # they say nothing a code line does not; only checked
            continue
        mode = fields[1] if len(fields) > 1 and fields[1] else None
        old = table.get(code)
        if old and old[0] != ptype:
            raise SetupError("%s:%d: %s is %s here and %s above"
                             % (path, n, code, ptype, old[0]))
        table[code] = (ptype, mode)
    if len(table) < 100:
        raise SetupError("%s: only %d CAMEO codes read" % (path, len(table)))
    return table


def plover_of_cameo(table, cameo):
    """The PLOVER type of a CAMEO code: the code's own line, else its
    longest listed prefix (0315 -> 031), else the root's 0 code (08 -> 080);
    None when nothing is listed (the 01 and 02 roots are not)."""
    c = cameo.strip()
    while c:
        if c in table:
            return table[c][0]
        if len(c) == 2 and c + "0" in table:
            return table[c + "0"][0]
        c = c[:-1]
    return None


def country_of(code):
    """The country part of a gold actor code: its first three letters,
    CAMEO-era spellings made ISO."""
    if not isinstance(code, str):
        return None
    c = code.strip().upper()[:3]
    if len(c) < 3 or c == NONE:
        return None
    return COUNTRY_FIXES.get(c, c)


def markup_of(r):
    """textInfo.markup; one record has the markup string as textInfo."""
    ti = r.get("textInfo")
    if isinstance(ti, dict):
        ti = ti.get("markup")
    return ti if isinstance(ti, str) else ""


def actor_list(v):
    """A gold source/target field as a list of actor dicts; the file also
    holds '' and a stray context word ('diplomatic') where SRC/TAR records
    carry no target."""
    if isinstance(v, list):
        return [a for a in v if isinstance(a, dict)]
    if isinstance(v, dict):
        return [v]
    return []


def load_gold(path, types):
    if not os.path.isdir(os.path.dirname(path)):
        raise SetupError(
            "%s not found: the PLOVER gold standard is read from ../shared "
            "beside the repository (a checkout with ../shared/eval/"
            "plover-gsr/); run from the repository root"
            % os.path.dirname(path))
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except (OSError, ValueError) as e:
        raise SetupError("cannot read %s: %s" % (path, e))
    if not isinstance(data, list):
        raise SetupError("%s: not a JSON array" % path)
    recs = []
    for seq, r in enumerate(data):
        if not isinstance(r, dict) or "event" not in r or "id" not in r:
            raise SetupError("%s: element %d has no id or event" % (path, seq))
        if r["event"] in SKIP_EVENTS:
            continue
        if not isinstance(r.get("text"), str):
            raise SetupError("%s: %s has no text" % (path, r["id"]))
        era = str(r["event"]).upper()
        r["_type"] = ERA_TYPES.get(era, era)
        if r["_type"] not in types:
            raise SetupError("%s: %s: event %r is not a PLOVER type of %s"
                             % (path, r["id"], r["event"], MAPPING))
        markup = markup_of(r)
        srcs = actor_list(r.get("source"))
        tgts = actor_list(r.get("target"))
        # `(SRC/TAR: X) and (SRC/TAR: Y) agreed`: each is the other's
        # target, and the file lists them only under `source`
        r["_symmetric"] = "SRC/TAR" in markup and not tgts
        if r["_symmetric"]:
            tgts = srcs
        r["_src"] = [c for c in (country_of(a.get("code")) for a in srcs) if c]
        r["_tgt"] = [c for c in (country_of(a.get("code")) for a in tgts) if c]
        r["_seq"] = seq
        recs.append(r)
    if not recs:
        raise SetupError("%s: no records" % path)
    # one id is used twice (COERCE-0004): a repeated id is sent as ID#SEQ
    count = collections.Counter(str(r["id"]) for r in recs)
    for r in recs:
        rid = str(r["id"])
        r["_run_id"] = rid if count[rid] == 1 else "%s#%d" % (rid, r["_seq"])
    return recs


def read_floor(path):
    """tests/eval.floor: `type PCT`, `source PCT`, `extra N` lines."""
    try:
        with open(path, encoding="utf-8") as f:
            lines = [l.split("#", 1)[0].split() for l in f]
    except OSError as e:
        raise SetupError("cannot read %s: %s" % (path, e))
    floor = {}
    for words in lines:
        if not words:
            continue
        if len(words) != 2 or words[0] not in TARGETS:
            raise SetupError("%s: %r is not `type|source|extra NUMBER`"
                             % (path, " ".join(words)))
        try:
            v = float(words[1].rstrip("%"))
        except ValueError:
            raise SetupError("%s: %r is not a number" % (path, words[1]))
        if words[0] != "extra" and not 0.0 <= v <= 100.0:
            raise SetupError("%s: %g is not a percentage" % (path, v))
        if v < 0:
            raise SetupError("%s: %g is negative" % (path, v))
        floor[words[0]] = v
    missing = [k for k in TARGETS if k not in floor]
    if missing:
        raise SetupError("%s: no %s line" % (path, ", ".join(missing)))
    return floor


# ---------------------------------------------------------------- running

def actor_of(ev, key):
    """(code, country) of an event's source or target; codes '---' when
    null, country None when unknown."""
    a = ev.get(key)
    if a is None:
        return NONE, None
    if not isinstance(a, dict):
        raise ValueError("%s is %s, not an object" % (key, type(a).__name__))
    code, country = a.get("code"), a.get("country")
    if code is not None and not isinstance(code, str):
        raise ValueError("%s.code is %s" % (key, type(code).__name__))
    if country is not None and not isinstance(country, str):
        raise ValueError("%s.country is %s" % (key, type(country).__name__))
    return (code or "").strip() or NONE, country


def our_countries(code, country):
    """What an event's actor says its country is: `country`, and the first
    three letters of `code` (IGOUNO -> IGO for a gold IGO)."""
    out = set()
    for c in (country, code):
        c = country_of(c)
        if c:
            out.add(c)
    return out


def run_khaldun(binary, dicts, recs, workdir, timeout, table):
    """The one `khaldun code` run; res.events[doc_id] is a list of event
    dicts (cameo, plover, mapped, type, src, tgt, src_c, tgt_c)."""
    def event_of(ev, cameo):
        plover = ev.get("plover")
        if plover is not None and not isinstance(plover, str):
            raise ValueError("plover is %r" % (plover,))
        src = actor_of(ev, "source")
        tgt = actor_of(ev, "target")
        mapped = plover_of_cameo(table, cameo)
        return {
            "cameo": cameo.strip(),
            "plover": plover.strip().upper() if plover else None,
            "mapped": mapped,
            # khaldun's own type; the CAMEO2PLOVER one when it has none
            "type": plover.strip().upper() if plover else mapped,
            "src": src, "tgt": tgt,
            "src_c": our_countries(*src),
            "tgt_c": our_countries(*tgt),
            "srcs": [src], "tgts": [tgt],
            "key": (ev.get("sentence"), cameo,
                    json.dumps((ev.get("evidence") or {}).get("trigger"))),
        }

    args = []
    for d in dicts:
        args += ["--dict", d]
    res = run_code(binary, args, recs, workdir, timeout, event_of)
    res.dyads = sum(len(v) for v in res.events.values())
    # PLOVER has no type for a public statement (CAMEO 01): such an event
    # is no PLOVER event, and neither matches nor counts as extra
    res.untyped = 0
    for doc in res.events:
        typed = [e for e in res.events[doc] if e["type"]]
        res.untyped += len(res.events[doc]) - len(typed)
        res.events[doc] = group_dyads(typed)
    return res


def group_dyads(evs):
    """One PLOVER event per trigger: khaldun writes one record per dyad
    (PETRARCH's convention: "A and B met C" is A>C and B>C), while a PLOVER
    event holds lists of sources and targets.  Records of one sentence with
    the same trigger and code are one event here, with the union of
    their sides (the event spans differ: each covers its own actors)."""
    out, at = [], {}
    for e in evs:
        g = at.get(e["key"])
        if g is None:
            at[e["key"]] = e
            out.append(e)
            continue
        for side in ("srcs", "tgts"):
            for a in e[side]:
                if a not in g[side]:
                    g[side].append(a)
        g["src_c"] = g["src_c"] | e["src_c"]
        g["tgt_c"] = g["tgt_c"] | e["tgt_c"]
    return out


# ---------------------------------------------------------------- scoring

def score_record(r, evs, err):
    """What one record earned.  The event scored for the actors is the
    first event of the gold type, else the first event."""
    s = {"err": err, "n": len(evs)}
    hits = [e for e in evs if e["type"] == r["_type"]]
    s["type"] = bool(hits)
    s["type_first"] = bool(evs) and evs[0]["type"] == r["_type"]
    ev = hits[0] if hits else (evs[0] if evs else None)
    s["event"] = ev
    gs, gt = set(r["_src"]), set(r["_tgt"])
    s["has_src"], s["has_tgt"] = bool(gs), bool(gt)
    s["source"] = bool(ev and gs & ev["src_c"])
    s["target"] = bool(ev and gt & ev["tgt_c"])
    s["source_any"] = any(gs & e["src_c"] for e in evs)
    s["extra"] = len(evs) - 1 if hits else len(evs)
    s["miss"] = bool(err) or not s["type"] or (s["has_src"] and not
                                                s["source"]) or (
        s["has_tgt"] and not s["target"])
    return s


def fmt_event(e):
    t = e["type"] or "-"
    if e["plover"] is None and e["mapped"]:
        t += "*"
    return "%s>%s:%s %s" % (",".join(a[0] for a in e["srcs"]),
                             ",".join(a[0] for a in e["tgts"]), e["cameo"], t)


def fmt_gold(r):
    src = ",".join(a.get("code", "?") for a in actor_list(r.get("source")))
    if r["_symmetric"]:
        tgt = "(each other)"
    else:
        tgt = ",".join(a.get("code", "?")
                       for a in actor_list(r.get("target"))) or NONE
    era = r["event"]
    t = r["_type"] if era == r["_type"] else "%s (%s)" % (r["_type"], era)
    return "%s>%s %s  \"%s\"" % (src or NONE, tgt, t,
                                 " ".join(str(r.get("eventText", "")).split()))


def totals(rows):
    t = collections.Counter()
    for r, s in rows:
        t["records"] += 1
        t["type"] += s["type"]
        t["type_first"] += s["type_first"]
        t["with_src"] += s["has_src"]
        t["source"] += s["has_src"] and s["source"]
        t["source_any"] += s["has_src"] and s["source_any"]
        t["with_tgt"] += s["has_tgt"]
        t["target"] += s["has_tgt"] and s["target"]
        t["events"] += s["n"]
        t["extra"] += s["extra"]
        t["none"] += s["n"] == 0
        t["errors"] += bool(s["err"])
    return t


def print_report(rows, t, args, res, elapsed, disagree):
    out = sys.stdout
    if args.diff:
        misses = [(r, s) for r, s in rows if s["miss"]]
        if misses:
            print("== misses (%d) ==" % len(misses), file=out)
        for r, s in misses:
            what = []
            if s["err"]:
                what.append("ERROR")
            else:
                if not s["type"]:
                    what.append("type")
                if s["has_src"] and not s["source"]:
                    what.append("source")
                if s["has_tgt"] and not s["target"]:
                    what.append("target")
            print("MISS %s [%s]" % (r["_run_id"], ",".join(what)), file=out)
            print("  text:   %s" % cut(r["text"]), file=out)
            print("  markup: %s" % cut(markup_of(r)), file=out)
            print("  gold:   %s" % fmt_gold(r), file=out)
            if s["err"]:
                print("  got:    run failed: %s" % s["err"], file=out)
            else:
                evs = res.events.get(r["_run_id"], [])
                print("  got:    %s" % ("  ".join(fmt_event(e) for e in evs)
                                        or "(none)"), file=out)
        if misses:
            print("  (* = type derived from cameo by %s: the event's "
                  "plover was null)" % MAPPING, file=out)
            print(file=out)

    # per gold type, in the file's order
    kinds = collections.OrderedDict()
    for r, s in rows:
        k = kinds.setdefault(r["event"], collections.Counter())
        k["records"] += 1
        k["type"] += s["type"]
        k["with_src"] += s["has_src"]
        k["source"] += s["has_src"] and s["source"]
        k["events"] += s["n"]
    print("== PLOVER gold standard: by gold type ==", file=out)
    print("%-12s %-9s %7s %7s %7s %7s" % (
        "gold type", "scored as", "records", "type %", "source%", "events"),
        file=out)
    for name, k in kinds.items():
        now = ERA_TYPES.get(name, name)
        print("%-12s %-9s %7d %6.1f%% %6.1f%% %7d" % (
            name, now if now != name else "", k["records"],
            pct(k["type"], k["records"]), pct(k["source"], k["with_src"]),
            k["events"]), file=out)
    print("%-12s %-9s %7d %6.1f%% %6.1f%% %7d" % (
        "all", "", t["records"], pct(t["type"], t["records"]),
        pct(t["source"], t["with_src"]), t["events"]), file=out)
    print(file=out)

    print("== totals ==", file=out)

    def line(name, a, b, target=None, note=""):
        v = pct(a, b)
        tail = ""
        if target is not None:
            tail = "  target >= %g%% %s" % (
                target, "met" if v + 1e-9 >= target else "not met")
        print("%-26s %6.1f%% (%d/%d)%s%s" % (name, v, a, b, tail, note),
              file=out)
    line("type (any event)", t["type"], t["records"], TARGETS["type"])
    line("type (first event)", t["type_first"], t["records"])
    line("source country", t["source"], t["with_src"], TARGETS["source"])
    line("source country (any ev.)", t["source_any"], t["with_src"])
    line("target country", t["target"], t["with_tgt"])
    extra = t["extra"] / t["records"] if t["records"] else 0.0
    print("%-26s %6.2f  (%d extra of %d events)  target <= %g %s" % (
        "extra events / record", extra, t["extra"], t["events"],
        TARGETS["extra"], "met" if extra <= TARGETS["extra"] + 1e-9
        else "not met"), file=out)
    print("%-26s %6d" % ("records with no event", t["none"]), file=out)
    print("%-26s %6d  (one per dyad; %d of them have no PLOVER type, "
          "CAMEO 01 statements; %d events above group the others by "
          "trigger)" % ("khaldun records", res.dyads, res.untyped,
                        t["events"]), file=out)
    if disagree:
        print("note: %d events carry a plover type other than %s gives "
              "their cameo code (%s)" % (
                  sum(disagree.values()), MAPPING, ", ".join(
                      "%s: %s, table %s, x%d" % (c, p, m or "none", n)
                      for (c, p, m), n
                      in disagree.most_common(6))), file=out)
    print(file=out)
    print("run: 1 khaldun run, %d records, binary %.2f s, harness %.2f s, "
          "%.0f records/s" % (t["records"], res.seconds, elapsed,
                              t["records"] / res.seconds
                              if res.seconds > 0 else 0.0), file=out)


# ---------------------------------------------------------------- main

def main(argv):
    ap = argparse.ArgumentParser(
        description="Score `khaldun code` on the PLOVER gold standard "
                    "(docs/accuracy.md).")
    add_bin_arg(ap)
    ap.add_argument("--dict", action="append", default=[], metavar="PATH",
                    help="code with these dictionaries instead of the "
                         "defaults (repeatable; passed to khaldun --dict)")
    ap.add_argument("--gold", default=GOLD_DIR,
                    help="gold standard folder (default %s)" % GOLD_DIR)
    ap.add_argument("--floor", default=FLOOR,
                    help="file with the floors (default %s)" % FLOOR)
    add_diff_args(ap)
    ap.add_argument("--only", default="",
                    help="comma list of gold types (era or current names) "
                         "or record ids to run; the floors are not checked")
    ap.add_argument("--timeout", type=float, default=300.0,
                    help="seconds for the khaldun run (default 300)")
    ap.add_argument("--keep", metavar="DIR",
                    help="keep the run's input, events and stderr in DIR")
    ap.add_argument("--json", metavar="FILE",
                    help="also write the totals as JSON to FILE")
    args = ap.parse_args(argv)
    repo_root_chdir()

    t0 = time.perf_counter()
    try:
        table = read_mapping(os.path.join(args.gold, MAPPING)) \
            if os.path.isdir(args.gold) else None
        recs = load_gold(os.path.join(args.gold, GOLD),
                         set(v[0] for v in (table or {}).values()))
        floor = None if args.only else read_floor(args.floor)
    except SetupError as e:
        die(str(e))
    if not is_executable(args.bin):
        die("%s is not an executable (make all builds it)" % args.bin)
    for d in args.dict:
        if not os.path.exists(d):
            die("--dict %s: no such file or directory" % d)
    binary = os.path.abspath(args.bin)
    if args.only:
        want = set(w.strip() for w in args.only.split(",") if w.strip())
        recs = [r for r in recs if r["event"] in want or r["_type"] in want
                or str(r["id"]) in want or r["_run_id"] in want]
        if not recs:
            die("--only %s matches no record" % args.only)

    tmp = tempfile.mkdtemp(prefix="khaldun-eval-")
    try:
        res = run_khaldun(binary, [os.path.abspath(d) for d in args.dict],
                          recs, tmp, args.timeout, table)
        if args.keep:
            os.makedirs(args.keep, exist_ok=True)
            for name in os.listdir(tmp):
                shutil.copy(os.path.join(tmp, name),
                            os.path.join(args.keep, name))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    failures = []
    if res.fatal:
        failures.append("the khaldun run failed: %s\n    command: %s"
                        % (res.fatal, " ".join(res.cmd)))
    if res.problems:
        failures.append("the khaldun run wrote %d bad lines:\n    %s" % (
            len(res.problems), "\n    ".join(res.problems[:10])))
    if res.warnings and args.diff:
        print("note: %s" % "\n    ".join(res.warnings))

    err = res.fatal.split("\n")[0] if res.fatal else None
    rows = [(r, score_record(r, res.events.get(r["_run_id"], []), err))
            for r in recs]
    t = totals(rows)
    disagree = collections.Counter()
    for evs in res.events.values():
        for e in evs:
            if e["plover"] is not None and e["plover"] != e["mapped"]:
                disagree[(e["cameo"], e["plover"], e["mapped"])] += 1
    elapsed = time.perf_counter() - t0
    print_report(rows, t, args, res, elapsed, disagree)

    got = {
        "type": pct(t["type"], t["records"]),
        "source": pct(t["source"], t["with_src"]),
        "extra": t["extra"] / t["records"] if t["records"] else 0.0,
    }
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f_:
            json.dump({
                "records": t["records"],
                "type_pct": round(got["type"], 2),
                "type_first_pct": round(pct(t["type_first"],
                                            t["records"]), 2),
                "source_pct": round(got["source"], 2),
                "source_any_event_pct": round(pct(t["source_any"],
                                                  t["with_src"]), 2),
                "target_pct": round(pct(t["target"], t["with_tgt"]), 2),
                "records_with_source": t["with_src"],
                "records_with_target": t["with_tgt"],
                "events": t["events"],
                "extra_per_record": round(got["extra"], 3),
                "records_without_events": t["none"],
                "failures": failures, "binary_seconds": res.seconds},
                f_, indent=1)
            f_.write("\n")

    status = 0
    for msg in failures:
        print("FAIL " + msg)
        status = 1
    if failures and not args.keep:
        print("     (--keep DIR keeps the run's input, events and stderr)")
    if floor is not None:
        checks = [
            ("type", "%.1f%%", got["type"] + 1e-9 >= floor["type"]),
            ("source", "%.1f%%", got["source"] + 1e-9 >= floor["source"]),
            ("extra", "%.2f", got["extra"] <= floor["extra"] + 1e-9),
        ]
        for name, fmt, ok in checks:
            rel = "<=" if name == "extra" else ">="
            print(("%s %s " + fmt + ", floor %s " + fmt + " (%s)") % (
                "ok  " if ok else "FAIL", name, got[name], rel,
                floor[name], args.floor))
            if not ok:
                status = 1
    return status


if __name__ == "__main__":
    main_guard(main)
