"""tools/khaldun_harness.py - what the scoring harnesses share.

tools/compat.py (PETRARCH unit suite) and tools/eval_plover.py (PLOVER gold
standard) both write records to a JSON Lines file, run `khaldun code` on it,
and read back the schema-1 events; this module is that part.  It is imported
from the scripts' own directory (they run as `python3 tools/X.py`), never run
by itself.

Python 3 standard library only.
"""

import collections
import json
import os
import signal
import subprocess
import sys
import time

TEXT_WIDTH = 160


class SetupError(Exception):
    """The harness cannot start (exit status 2)."""


class RunResult:
    def __init__(self):
        # doc_id -> [what parse_event returned, one per event, in order]
        self.events = collections.defaultdict(list)
        self.fatal = None      # the run failed: its records are errors
        self.problems = []     # malformed lines, unknown ids (also failures)
        self.warnings = []     # stderr of a run that exited 0 or 1
        self.seconds = 0.0
        self.cmd = []


def repo_root_chdir():
    """Every default path is relative to the repository root."""
    os.chdir(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def add_bin_arg(ap):
    ap.add_argument("--bin", default="build/khaldun",
                    help="khaldun binary (default build/khaldun); paths "
                         "are relative to the repository root")


def add_diff_args(ap):
    """--diff (the default) and --quiet: print every miss or only tables."""
    g = ap.add_mutually_exclusive_group()
    g.add_argument("--diff", dest="diff", action="store_true", default=True,
                   help="print every miss (default)")
    g.add_argument("--quiet", "-q", dest="diff", action="store_false",
                   help="no per-record diffs, only the tables")


def is_executable(path):
    return os.path.isfile(path) and os.access(path, os.X_OK)


def pct(a, b):
    return 100.0 * a / b if b else 0.0


def cut(text):
    """`text` on one line, at most TEXT_WIDTH characters."""
    text = " ".join(str(text).split())
    if len(text) > TEXT_WIDTH:
        text = text[:TEXT_WIDTH - 3] + "..."
    return text


def describe_status(rc):
    if rc < 0:
        try:
            name = signal.Signals(-rc).name
        except ValueError:
            name = "signal %d" % -rc
        return "killed by %s" % name
    return "exit status %d" % rc


def write_input(path, recs):
    """Only what a news record carries: id, date and text (no parse, no
    answers, no actors, no markup)."""
    with open(path, "w", encoding="utf-8") as f:
        for r in recs:
            doc = {"id": r["_run_id"], "date": r.get("date"),
                   "text": r["text"]}
            f.write(json.dumps(doc, ensure_ascii=False) + "\n")


def run_code(binary, code_args, recs, workdir, timeout, parse_event):
    """Run `binary code CODE_ARGS --input-format jsonl INPUT` on `recs`
    (each with a `_run_id`), in `workdir`, which keeps input.jsonl,
    events.jsonl and stderr.txt.

    Each output line must be a schema-1 event object with a string doc_id
    and a non-empty string cameo; parse_event(ev, cameo) returns what is kept
    for it in res.events[doc_id] or raises ValueError, and the line is then
    a problem, as is one whose doc_id is not a record of the run."""
    res = RunResult()
    inp = os.path.join(workdir, "input.jsonl")
    write_input(inp, recs)
    cmd = [binary, "code"] + list(code_args) + ["--input-format", "jsonl",
                                                inp]
    res.cmd = cmd
    out_path = os.path.join(workdir, "events.jsonl")
    err_path = os.path.join(workdir, "stderr.txt")
    t0 = time.perf_counter()
    try:
        with open(out_path, "wb") as out, open(err_path, "wb") as err:
            p = subprocess.run(cmd, stdout=out, stderr=err,
                               stdin=subprocess.DEVNULL, timeout=timeout)
        rc = p.returncode
    except subprocess.TimeoutExpired:
        rc = None
    except OSError as e:
        res.seconds = time.perf_counter() - t0
        res.fatal = "cannot run %s: %s" % (binary, e)
        return res
    res.seconds = time.perf_counter() - t0
    with open(err_path, "rb") as f:
        stderr = f.read().decode("utf-8", "replace").splitlines()
    if rc is None:
        res.fatal = "timed out after %g s" % timeout
    elif rc not in (0, 1):
        res.fatal = describe_status(rc)
    if res.fatal:
        tail = [l for l in stderr if l.strip()][-8:]
        if tail:
            res.fatal += "; stderr:\n      " + "\n      ".join(tail)
        return res
    if rc == 1 or stderr:
        res.warnings = ["exit status %d" % rc] + stderr[:5] + (
            ["... %d more stderr lines" % (len(stderr) - 5)]
            if len(stderr) > 5 else [])

    known = set(r["_run_id"] for r in recs)
    with open(out_path, "rb") as f:
        for n, raw in enumerate(f, 1):
            where = "output line %d" % n
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as e:
                res.problems.append("%s: not UTF-8 (%s)" % (where, e))
                continue
            if not line.strip():
                continue
            try:
                ev = json.loads(line)
                if not isinstance(ev, dict):
                    raise ValueError("not a JSON object")
                if ev.get("schema") != 1:
                    raise ValueError("schema is %r, not 1" % ev.get("schema"))
                doc = ev.get("doc_id")
                if not isinstance(doc, str):
                    raise ValueError("doc_id is %r" % (doc,))
                cameo = ev.get("cameo")
                if not isinstance(cameo, str) or not cameo:
                    raise ValueError("cameo is %r" % (cameo,))
                item = parse_event(ev, cameo)
            except ValueError as e:
                res.problems.append("%s: %s: %s" % (
                    where, e, line.strip()[:120]))
                continue
            if doc not in known:
                res.problems.append("%s: doc_id %r is not a record of this "
                                    "run" % (where, doc))
                continue
            res.events[doc].append(item)
    return res


def main_guard(main):
    """Run main(argv) as a script; `tools/X.py | head` ends quietly."""
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    sys.exit(main(sys.argv[1:]))
