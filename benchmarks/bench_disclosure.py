"""Joint disclosure control (issue 10): the cost of protecting notebook 02's tables.

Registers every table of notebook 02 (``skills.report_release``, sector "all") for the shipped
synthetic survey (1 500 respondents) and for a national-scale synthetic survey (50 000
respondents), then times the protection (primary, Gaussian secondary suppression, the audit) and
its peak memory.  Target: the protection adds under 20 % to a report's run time.

Run: ``.venv/bin/python benchmarks/bench_disclosure.py [n_respondents ...]``
"""

from __future__ import annotations

import resource
import sys
import time
import tracemalloc


def bench(n_respondents: int) -> None:
    from lifelong_analysis.analysis import skills
    from lifelong_analysis import synthetic
    from lifelong_analysis.data.readers import load_dataset

    if n_respondents == 1500:
        survey = load_dataset(None, kinds=["skills_survey"]).skills_survey
        survey = survey[survey["kommunenummer"].astype(str) == "5001"]
    else:
        wf = synthetic.generate_workforce(max(20 * n_respondents, 15_000), seed=2026, kommunenummer="5001")
        survey = synthetic.generate_skills_survey(wf, n_respondents=n_respondents, seed=2026)
    t0 = time.perf_counter()
    rel = skills.report_release(survey, sector="all", weight_column="weight")
    t_build = time.perf_counter() - t0
    tracemalloc.start()
    t0 = time.perf_counter()
    res = rel.protect()
    t_protect = time.perf_counter() - t0
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    s = res.summary
    print(f"n={n_respondents}: tables + cells {t_build:.1f} s; protect {t_protect:.1f} s; cells {s['cells']}, "
          f"primary {s['primary']}, secondary {s['secondary']}, implied {s['implied']}, audited {s['audited']}, "
          f"narrowest interval {s['narrowest_width']}; peak traced {peak:.0f} MiB; "
          f"max RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB", flush=True)


if __name__ == "__main__":
    for n in [int(a) for a in sys.argv[1:]] or [1500, 50_000]:
        bench(n)
