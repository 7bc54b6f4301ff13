"""Long fuzz run of the readers (issue 11): generated malformed files per table kind and JSON-stat.

``.venv/bin/python benchmarks/bench_fuzz.py [files_per_kind] [--until HH:MM] [--seed N] [--kinds K,..]
[--mutations alias+cell]``

Round-robin over the five table kinds (CSV, and every fourth file .xlsx) and JSON-stat, with the
generator of ``tests/fuzzing.py``.  Counts, per kind: files, accepted, refused with a
DataValidationError, uncaught exceptions (any other exception: a bug), silent changes (an accepted
file whose rows, leading zeros or untouched values differ from the original), hangs (one file over
10 s: SIGALRM stops it), and the peak resident memory of the process.  ``--until`` stops at a
wall-clock time (UTC) and reports what was done.  ``--mutations`` fixes the combination of mutations of
every table file (e.g. ``alias+cell``; see ``fuzzing.parse_mutations``).  One process, as the target machine is shared.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import resource
import signal
import sys
import tempfile
import time
import traceback
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
import fuzzing as fz  # noqa: E402

HANG_S = 10


class Hang(Exception):
    pass


def _alarm(signum, frame):
    raise Hang()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("files_per_kind", nargs="?", type=int, default=300)
    ap.add_argument("--until", default=None, help="stop at this UTC time (HH:MM)")
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--json", default=None, help="write the counts here as JSON")
    ap.add_argument("--kinds", default=None, help="comma-separated subset of the kinds (e.g. statbank)")
    ap.add_argument("--mutations", default=None,
                    help="apply exactly these mutations to every table file, in random order, e.g. alias+cell "
                         "or alias+any+any ('any' = one drawn at random); default 0-3 random ones")
    a = ap.parse_args(argv)
    stop_at = None
    if a.until:
        h, m = map(int, a.until.split(":"))
        now = dt.datetime.now(dt.timezone.utc)
        stop_at = now.replace(hour=h, minute=m, second=0, microsecond=0)
    rng = random.Random(a.seed)
    mutations = fz.parse_mutations(a.mutations)
    kinds = ([*fz.KINDS] if mutations else [*fz.KINDS, "statbank"]) if not a.kinds else a.kinds.split(",")
    stats = {k: Counter() for k in kinds}
    examples = defaultdict(list)
    slowest = {k: 0.0 for k in kinds}
    signal.signal(signal.SIGALRM, _alarm)
    tmp = Path(tempfile.mkdtemp(prefix="fuzz-"))
    start = time.time()
    done = False
    i = 0
    while not done:
        for kind in kinds:
            if stats[kind]["files"] >= a.files_per_kind:
                continue
            st = stats[kind]
            try:
                if kind == "statbank":
                    case = fz.make_jsonstat_case(rng)
                else:
                    case = fz.make_case(rng, kind, "xlsx" if i % 4 == 3 else "csv", mutations=mutations)
            except Exception:  # noqa: BLE001 - a bug of the generator, not of the readers
                st["generator_errors"] += 1
                continue
            st["files"] += 1
            st[case.fmt] += 1
            t0 = time.perf_counter()
            signal.alarm(HANG_S)
            try:
                res = fz.run_case(case, tmp)
                fz.check_case(case, res)
                st["refused" if isinstance(res, fz.DataValidationError) else "accepted"] += 1
            except Hang:
                st["hangs"] += 1
                examples[kind].append(("hang", case.mutations))
            except fz.SilentChange as e:
                st["silent_changes"] += 1
                examples[kind].append(("silent", str(e)[:300]))
                st["silent:" + "+".join(case.mutations)] += 1
            except Exception as e:  # noqa: BLE001 - that is what we count
                st["uncaught"] += 1
                examples[kind].append(("uncaught", case.mutations, "".join(
                    traceback.format_exception_only(type(e), e)).strip()[:300]))
            finally:
                signal.alarm(0)
            slowest[kind] = max(slowest[kind], time.perf_counter() - t0)
        i += 1
        if all(stats[k]["files"] >= a.files_per_kind for k in kinds):
            done = True
        if stop_at is not None and dt.datetime.now(dt.timezone.utc) >= stop_at:
            done = True
        if i % 200 == 0:
            print(f"{time.time() - start:7.0f} s  " + "  ".join(f"{k}:{stats[k]['files']}" for k in kinds),
                  flush=True)
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    elapsed = time.time() - start
    print(f"\n{'kind':15} {'files':>7} {'csv':>6} {'xlsx':>6} {'json':>6} {'accepted':>8} {'refused':>8} "
          f"{'uncaught':>8} {'silent':>6} {'hangs':>5} {'slowest s':>9}")
    for k in kinds:
        s = stats[k]
        print(f"{k:15} {s['files']:7} {s['csv']:6} {s['xlsx']:6} {s['json']:6} {s['accepted']:8} {s['refused']:8} "
              f"{s['uncaught']:8} {s['silent_changes']:6} {s['hangs']:5} {slowest[k]:9.2f}")
    print(f"total {sum(s['files'] for s in stats.values())} files in {elapsed:.0f} s; "
          f"peak resident memory {peak_mib:.0f} MiB (target < 1024)")
    for k, ex in examples.items():
        for e in ex[:5]:
            print(k, *e)
    if a.json:
        Path(a.json).write_text(json.dumps({"stats": stats, "slowest_s": slowest, "peak_mib": peak_mib,
                                            "elapsed_s": elapsed, "examples": examples}, default=str, indent=1))
    bad = sum(s["uncaught"] + s["silent_changes"] + s["hangs"] for s in stats.values())
    return 1 if bad or peak_mib >= 1024 else 0


if __name__ == "__main__":
    sys.exit(main())
