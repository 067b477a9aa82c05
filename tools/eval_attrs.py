#!/usr/bin/env python3
"""tools/eval_attrs.py - score khaldun's event attributes (place, date,
fatalities, injured) on the hand-annotated set tests/data/attrs/.

    python3 tools/eval_attrs.py KHALDUN_BINARY ARTICLES_JSONL
                                [--floor FILE] [--verbose] [--cases]

Runs `KHALDUN_BINARY code ARTICLES_JSONL` (the JSON Lines reader takes `id`,
`date` and `text` and keeps every other key, `expected` included, as
metadata it does not use), reads the schema-1 events on stdout, and matches
each expected item of an article to one coded event of that article:

  * the event's `text` (its sentence) contains the item's
    `sentence_contains` (compared case-insensitively, whitespace collapsed);
  * its `evidence.trigger` matches the item's `trigger`: exactly (best), or
    one contains the other, or they share a word (words compared after
    stripping -s, -es, -ed, -d, -ing and a final -e, so "opened fire" and
    "fired" overlap; "a", "the", "of", "up" and the like do not count);
    case-insensitive, hyphens read as spaces.  Among several, the best kind
    of match wins, then the first event in output order.

Scores, over the expected items:

  found       the item was matched to an event (recall of the trigger)
and over the found items:
  country     place country right; an expected null place needs a null
              (or absent) `location`
  km50        coded lat/lon within 50 km of the expected point (haversine);
              only items whose expected place has coordinates and a
              precision other than `country`
  date        same precision and the same date at that precision
              ("2023-03-12"/day, "2023-03"/month, "2023"/year,
              "2023-10-02"/week: the Monday).  An expected null date is
              right when the coded date is null or the event's `date_text`
              is null (khaldun then falls back to the article date, which
              the record marks with date_text null).
  fatalities  equal, null == null counting as right
  injured     equal, null == null counting as right

`date` may be a string ("YYYY-MM-DD", "YYYY-MM", "YYYY") or an int
yyyymmdd with 00 for an unknown day or month; `date_precision` says which.
A binary without `location` (older builds) is scored as coding every place
null.

--floor FILE   lines `name value` (name one of found country km50 date
               fatalities injured; value a percentage), `#` comments;
               exit 1 if a score is below its floor
--verbose      one line per item with a miss: id, trigger, expected vs got
--cases        the same scores per hard-case tag (the items' `cases`)

Exit status: 0 done (and every floor met); 1 a score below its floor, or the
binary failed (khaldun's own status 1, "data errors, the rest processed",
is only a note) or wrote lines that are not JSON; 2 bad arguments or
files, or the binary could not be started.

Python 3 standard library only.
"""

import argparse
import collections
import json
import math
import os
import re
import subprocess
import sys
import time

SCORES = ["found", "country", "km50", "date", "fatalities", "injured"]
LABELS = {
    "found": "event found (trigger)",
    "country": "place: country",
    "km50": "place: within 50 km",
    "date": "date (to its precision)",
    "fatalities": "fatalities",
    "injured": "injured",
}
KM = 50.0
TIMEOUT = 600


class SetupError(Exception):
    pass


def norm_text(s):
    return " ".join(str(s).split()).lower()


def norm_trigger(s):
    s = str(s or "").lower().replace("-", " ").replace("\u2010", " ")
    return " ".join(re.findall(r"[a-z0-9']+", s))


STOP = {"a", "an", "the", "of", "on", "in", "to", "at", "by", "up", "out",
        "and", "or", "with", "for", "from", "into", "off", "down", "over"}


def stem(w):
    """crude: "fire", "fired", "firing" and "fires" all give "fir"."""
    for suf in ("ing", "es", "ed", "s", "d"):
        if len(w) > len(suf) + 2 and w.endswith(suf):
            w = w[:-len(suf)]
            break
    if len(w) > 3 and w.endswith("e"):
        w = w[:-1]
    return w


def trigger_rank(expected, got):
    """0 exact, 1 containment, 2 word overlap, None no match."""
    e, g = norm_trigger(expected), norm_trigger(got)
    if not e or not g:
        return None
    if e == g:
        return 0
    if re.search(r"\b%s\b" % re.escape(e), g) or \
            re.search(r"\b%s\b" % re.escape(g), e):
        return 1
    ew = {stem(w) for w in e.split() if w not in STOP}
    gw = {stem(w) for w in g.split() if w not in STOP}
    if ew & gw:
        return 2
    return None


def haversine(lat1, lon1, lat2, lon2):
    r = 6371.0088
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp = p2 - p1
    dl = math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * \
        math.sin(dl / 2) ** 2
    return 2 * r * math.asin(min(1.0, math.sqrt(a)))


def coded_date(ev):
    """-> (date string at its precision, precision) or (None, None)."""
    d = ev.get("date")
    prec = ev.get("date_precision")
    if d is None:
        return None, None
    if isinstance(d, bool):
        return None, None
    if isinstance(d, int) or (isinstance(d, str) and re.fullmatch(r"\d{8}", d)):
        s = "%08d" % int(d)
        y, m, day = s[:4], s[4:6], s[6:]
        if prec is None:
            prec = "year" if m == "00" else "month" if day == "00" else "day"
        if prec == "year":
            return y, prec
        if prec == "month":
            return "%s-%s" % (y, m), prec
        return "%s-%s-%s" % (y, m, day), prec
    if isinstance(d, str):
        if prec is None:
            prec = {10: "day", 7: "month", 4: "year"}.get(len(d))
        if prec == "year":
            return d[:4], prec
        if prec == "month":
            return d[:7], prec
        return d[:10], prec
    return None, None


def fmt_place(p):
    if p is None:
        return "null"
    name = p.get("name") or p.get("text") or "?"
    s = "%s %s" % (p.get("country") or "?", name)
    if p.get("lat") is not None and p.get("lon") is not None:
        s += " (%.2f,%.2f)" % (p["lat"], p["lon"])
    if p.get("precision"):
        s += " /" + p["precision"]
    return s


# ------------------------------------------------------------------ input

def read_articles(path):
    arts = []
    try:
        f = open(path, encoding="utf-8")
    except OSError as e:
        raise SetupError("cannot read %s: %s" % (path, e))
    with f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                o = json.loads(line)
            except ValueError as e:
                raise SetupError("%s:%d: not JSON: %s" % (path, n, e))
            if "id" not in o or not isinstance(o.get("expected"), list):
                raise SetupError("%s:%d: no id or no expected list"
                                 % (path, n))
            for it in o["expected"]:
                for k in ("trigger", "sentence_contains"):
                    if not isinstance(it.get(k), str) or not it[k]:
                        raise SetupError("%s:%d: expected item without %s"
                                         % (path, n, k))
            arts.append(o)
    if not arts:
        raise SetupError("%s: no articles" % path)
    return arts


def read_floor(path):
    floors = {}
    try:
        f = open(path, encoding="utf-8")
    except OSError as e:
        raise SetupError("cannot read floor file %s: %s" % (path, e))
    with f:
        for n, line in enumerate(f, 1):
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            parts = line.split()
            if len(parts) != 2 or parts[0] not in SCORES:
                raise SetupError("%s:%d: want `name value`, name one of %s"
                                 % (path, n, " ".join(SCORES)))
            try:
                floors[parts[0]] = float(parts[1].rstrip("%"))
            except ValueError:
                raise SetupError("%s:%d: bad value %r" % (path, n, parts[1]))
    return floors


def run_binary(binary, articles_path):
    """-> (events by doc id, problems).  Retries a few times when the
    binary is missing or fails to start: it may be being rebuilt."""
    cmd = [binary, "code", articles_path]
    last = None
    for attempt in range(5):
        try:
            p = subprocess.run(cmd, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE,
                               stdin=subprocess.DEVNULL, timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            raise SetupError("%s timed out after %d s" % (" ".join(cmd),
                                                          TIMEOUT))
        except OSError as e:       # ENOENT, ETXTBSY while it is relinked
            last = "cannot run %s: %s" % (binary, e)
            time.sleep(2)
            continue
        if p.returncode < 0 or (p.returncode not in (0, 1) and
                                not p.stdout):
            last = "%s exited with status %d: %s" % (
                " ".join(cmd), p.returncode,
                p.stderr.decode("utf-8", "replace").strip()[:500])
            time.sleep(2)
            continue
        break
    else:
        raise SetupError(last)
    problems = []
    err = p.stderr.decode("utf-8", "replace").strip()
    if p.returncode == 1 and err:
        # khaldun's 1: data errors reported, everything else processed
        print("eval_attrs: note: %s exited with status 1: %s"
              % (" ".join(cmd), err[:500]), file=sys.stderr)
    elif p.returncode not in (0, 1):
        problems.append("%s exited with status %d: %s" % (
            " ".join(cmd), p.returncode, err[:500]))
    events = collections.defaultdict(list)
    for n, line in enumerate(p.stdout.decode("utf-8", "replace")
                             .splitlines(), 1):
        if not line.strip():
            continue
        try:
            ev = json.loads(line)
        except ValueError:
            problems.append("output line %d is not JSON: %s"
                            % (n, line[:120]))
            continue
        if not isinstance(ev, dict) or "doc_id" not in ev:
            problems.append("output line %d is not an event" % n)
            continue
        events[str(ev["doc_id"])].append(ev)
    return events, problems


# ------------------------------------------------------------------ scoring

def match(item, evs):
    sc = norm_text(item["sentence_contains"])
    best = None
    for ev in evs:
        if sc not in norm_text(ev.get("text") or ""):
            continue
        evid = ev.get("evidence") or {}
        rank = trigger_rank(item["trigger"], evid.get("trigger"))
        if rank is None:
            continue
        if best is None or rank < best[0]:
            best = (rank, ev)
            if rank == 0:
                break
    return best[1] if best else None


def score_item(item, ev):
    """-> {score: True/False/None (not applicable)}, {score: detail}"""
    res = {s: None for s in SCORES}
    got = {}
    res["found"] = ev is not None
    if ev is None:
        return res, got
    exp_place = item.get("place")
    loc = ev.get("location")
    if not isinstance(loc, dict):
        loc = None
    got["place"] = fmt_place(loc)
    if exp_place is None:
        res["country"] = loc is None
    else:
        res["country"] = loc is not None and \
            (loc.get("country") or "").upper() == \
            (exp_place.get("country") or "").upper()
        if exp_place.get("lat") is not None and \
                exp_place.get("lon") is not None and \
                exp_place.get("precision") != "country":
            ok = False
            if loc is not None and isinstance(loc.get("lat"), (int, float)) \
                    and isinstance(loc.get("lon"), (int, float)):
                km = haversine(exp_place["lat"], exp_place["lon"],
                               loc["lat"], loc["lon"])
                got["km"] = km
                ok = km <= KM
            res["km50"] = ok
    d, prec = coded_date(ev)
    got["date"] = (d, prec, ev.get("date_text"))
    if item.get("date") is None:
        res["date"] = d is None or ("date_text" in ev and
                                    ev.get("date_text") is None)
    else:
        res["date"] = prec == item.get("date_precision") and \
            d == item["date"]
    for k in ("fatalities", "injured"):
        res[k] = ev.get(k) == item.get(k)
        got[k] = ev.get(k)
    return res, got


def miss_line(aid, item, ev, res, got, candidates):
    head = '%s "%s"' % (aid, item["trigger"])
    if ev is None:
        trig = [str((c.get("evidence") or {}).get("trigger"))
                for c in candidates]
        return "%s: not found (coded triggers in that sentence: %s)" % (
            head, ", ".join(trig) if trig else "none")
    parts = []
    if res["country"] is False or res["km50"] is False:
        s = "place exp %s got %s" % (fmt_place(item.get("place")),
                                     got["place"])
        if "km" in got:
            s += " [%.0f km]" % got["km"]
        parts.append(s)
    if res["date"] is False:
        d, prec, text = got["date"]
        parts.append("date exp %s/%s got %s/%s (%s)" % (
            item.get("date"), item.get("date_precision"), d, prec,
            "date_text %s" % json.dumps(text)))
    for k in ("fatalities", "injured"):
        if res[k] is False:
            parts.append("%s exp %s got %s" % (k, item.get(k), got[k]))
    return "%s: %s" % (head, "; ".join(parts))


def pct(a, b):
    return 100.0 * a / b if b else 0.0


def table(rows, title=None):
    out = []
    if title:
        out.append(title)
    out.append("  %-26s %9s %8s" % ("score", "right/n", "%"))
    for name in SCORES:
        a, b = rows[name]
        out.append("  %-26s %4d/%-4d %7.1f%%" % (LABELS[name], a, b,
                                                 pct(a, b)))
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser(
        description="score khaldun's places, dates and tolls on "
                    "tests/data/attrs")
    ap.add_argument("binary")
    ap.add_argument("articles")
    ap.add_argument("--floor", metavar="FILE")
    ap.add_argument("--verbose", "-v", action="store_true")
    ap.add_argument("--cases", action="store_true",
                    help="scores per hard-case tag")
    args = ap.parse_args()
    try:
        arts = read_articles(args.articles)
        floors = read_floor(args.floor) if args.floor else {}
        if not os.path.exists(args.binary) and os.sep in args.binary:
            time.sleep(3)          # it may be being relinked
            if not os.path.exists(args.binary):
                raise SetupError("no binary %s" % args.binary)
        events, problems = run_binary(args.binary, args.articles)
    except SetupError as e:
        print("eval_attrs: %s" % e, file=sys.stderr)
        return 2

    totals = {s: [0, 0] for s in SCORES}
    by_case = collections.defaultdict(lambda: {s: [0, 0] for s in SCORES})
    by_prec = collections.defaultdict(lambda: [0, 0])
    misses = []
    n_items = 0
    for art in arts:
        aid = str(art["id"])
        evs = events.get(aid, [])
        for item in art["expected"]:
            n_items += 1
            ev = match(item, evs)
            res, got = score_item(item, ev)
            for s in SCORES:
                if res[s] is None:
                    continue
                totals[s][1] += 1
                totals[s][0] += bool(res[s])
                for c in item.get("cases") or []:
                    by_case[c][s][1] += 1
                    by_case[c][s][0] += bool(res[s])
            if res["km50"] is not None:
                p = item["place"].get("precision") or "?"
                by_prec[p][1] += 1
                by_prec[p][0] += bool(res["km50"])
            if False in res.values():
                sc = norm_text(item["sentence_contains"])
                cands = [e for e in evs
                         if sc in norm_text(e.get("text") or "")]
                misses.append(miss_line(aid, item, ev, res, got, cands))

    n_events = sum(len(v) for v in events.values())
    n_sent = sum(1 for art in arts for item in art["expected"]
                 if any(norm_text(item["sentence_contains"]) in
                        norm_text(e.get("text") or "")
                        for e in events.get(str(art["id"]), [])))
    print("eval_attrs: %d articles, %d expected events; the binary coded "
          "%d events" % (len(arts), n_items, n_events))
    print(table(totals))
    print("  (for reference: %d/%d items have some coded event in their "
          "sentence, whatever its trigger)" % (n_sent, n_items))
    if by_prec:
        print("  within 50 km by expected precision: " + ", ".join(
            "%s %d/%d" % (p, a, b) for p, (a, b) in sorted(by_prec.items())))
    if args.cases:
        print()
        print("  %-12s %5s %-10s %-10s %-10s %-10s %-10s %-10s" % (
            "case", "n", "found", "country", "km50", "date", "fatal",
            "injured"))
        for c in sorted(by_case):
            r = by_case[c]
            cells = []
            for s in SCORES:
                a, b = r[s]
                cells.append("%3.0f%% %-4s" % (pct(a, b), "/%d" % b)
                             if b else "   -     ")
            print("  %-12s %5d %s" % (c, r["found"][1], " ".join(cells)))
    if args.verbose and misses:
        print()
        for m in misses:
            print(m)
    for pr in problems:
        print("eval_attrs: %s" % pr, file=sys.stderr)

    status = 1 if problems else 0
    for name, floor in floors.items():
        a, b = totals[name]
        v = pct(a, b)
        if v + 1e-9 < floor:
            print("eval_attrs: %s %.1f%% is below its floor %.1f%%"
                  % (name, v, floor), file=sys.stderr)
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
