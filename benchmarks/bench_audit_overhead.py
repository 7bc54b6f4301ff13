"""Joint disclosure control (issue 10): what the disclosure audit adds to a report's run time.

Runs the command line the way a user does, alternately with the audit and with the audit replaced
by a pass (primary and Gaussian secondary suppression still run, so the baseline publishes
*more* cells than a real run: it measures the audit's cost, not a safe alternative).  The
replacement is a ``sitecustomize.py`` on ``PYTHONPATH`` in a temporary folder, so it reaches the
batch process and every kernel; nothing in the package is changed.  Target: the audit adds under
20 % to a report's run time.

Run: ``.venv/bin/python benchmarks/bench_audit_overhead.py [--repeat N] [--data-dir DIR] [what ...]``
with ``what`` among ``report-all`` (notebook 02, all sectors), ``report-health`` (notebook 02,
health care) and ``batch`` (``run reports.yaml``; not with ``--data-dir``); default: all three,
once each.  A national-scale survey for ``--data-dir``:
``python -m lifelong_analysis.synthetic --out DIR --n-employees 1000000 --respondents 50000``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLI = Path(sys.executable).with_name("lifelong-analysis")

NO_AUDIT = '''\
# benchmark baseline (benchmarks/bench_audit_overhead.py): the disclosure audit replaced by a pass
import lifelong_analysis.stats.disclosure as _d

def _pass(X, atom_n, published_cols, sensitive, **kw):
    return {"intervals": {}, "failures": {}, "audited": 0, "narrowest": None, "lp_solves": 0,
            "ilp_solves": 0, "ilp_timeouts": 0, "push_solves": 0, "exact": True, "complete": True,
            "lp_wide": set()}

_d.audit = _pass
'''

NB02 = "notebooks/02_digital_skills_gap.ipynb"


def commands(what: str, data_dir: str | None, out: Path) -> list[str]:
    extra = ["-p", "data_dir", data_dir] if data_dir else []
    if what == "report-all":
        return [str(CLI), "report", NB02, "-p", "sector", "all", *extra, "--output-dir", str(out), "--force"]
    if what == "report-health":
        return [str(CLI), "report", NB02, "-p", "sector", "health_care", *extra, "--output-dir", str(out), "--force"]
    if what == "batch":
        if data_dir:
            raise SystemExit("batch runs reports.yaml on the shipped data: leave out --data-dir")
        return [str(CLI), "run", "reports.yaml", "--output-dir", str(out)]
    raise SystemExit(f"unknown benchmark {what!r}: report-all, report-health or batch")


def run_once(cmd: list[str], site: str | None, out: Path) -> tuple[float, float, float | None]:
    """Wall seconds, max RSS of the children (MiB) and the manifest's pre-plan seconds."""
    env = dict(os.environ, JUPYTER_PREFER_ENV_PATH="1", PYDEVD_DISABLE_FILE_VALIDATION="1")
    if site:
        env["PYTHONPATH"] = os.pathsep.join([site, env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return wall, rss, (manifest.get("disclosure_plan") or {}).get("seconds")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("what", nargs="*", default=["report-all", "report-health", "batch"])
    ap.add_argument("--repeat", type=int, default=1, help="runs of each variant (alternated)")
    ap.add_argument("--data-dir", help="data folder of the notebooks (e.g. a national-scale survey)")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "no_audit"
        site.mkdir()
        (site / "sitecustomize.py").write_text(NO_AUDIT, encoding="utf-8")
        for what in args.what:
            times: dict[str, list[float]] = {"audit": [], "no audit": []}
            for i in range(args.repeat):
                for label, path in (("audit", None), ("no audit", str(site))):
                    out = Path(tmp) / f"out-{what}-{label.replace(' ', '')}-{i}"
                    wall, rss, plan = run_once(commands(what, args.data_dir, out), path, out)
                    times[label].append(wall)
                    print(f"{what} [{label}] run {i + 1}: {wall:.1f} s wall, pre-plan {plan} s, "
                          f"max RSS so far {rss:.0f} MiB", flush=True)
            a, b = min(times["audit"]), min(times["no audit"])
            print(f"{what}: best {a:.1f} s with the audit, {b:.1f} s without: the audit adds {a / b - 1:.0%} "
                  f"(target < 20 %)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
