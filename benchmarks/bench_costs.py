"""Benchmark of the cost model (issue 3).

1. Monte Carlo: 1 000 000 draws of both totals for one delivery format, and for
   all four formats on common draws (target: 1 000 000 draws within 1 s).
2. National scale: the cost of 30 study points in each of the four formats for
   every employee of a synthetic national workforce (500 300 employees, KS
   1.12.2023), aggregated by sector and format (targets: within 10 s and
   2 GiB peak memory).

Run: ``.venv/bin/python benchmarks/bench_costs.py [n_employees] [n_draws]``.
Prints wall-clock seconds (best of 3 for the Monte Carlo), the peak memory the
cost model allocates (tracemalloc) and the process's peak resident memory
(getrusage).  Figures are recorded in benchmarks/README.md.
"""

from __future__ import annotations

import resource
import sys
import time
import tracemalloc

from lifelong_analysis.analysis import costs
from lifelong_analysis import synthetic
from lifelong_analysis.data import vocab
from lifelong_analysis.data.readers import load_dataset


def _best_of(fn, repeat: int = 3) -> tuple[float, object]:
    best, out = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def main(n_employees: int = 500_300, n_draws: int = 1_000_000) -> dict:
    results = {}
    subs = load_dataset(kinds=["workforce", "substitutes"])
    scen = costs.format_scenarios(workforce=subs.workforce, substitutes=subs.substitutes, sector="health_care",
                                  kommunenummer="5001", study_points=30, n_participants=20)
    one = scen[scen["delivery_format"] == "part_time_gatherings"]
    secs, draws = _best_of(lambda: costs.monte_carlo(one, n_draws=n_draws, seed=1))
    results["mc_one_format_s"] = secs
    print(f"Monte Carlo, 1 format, {n_draws:,} draws: {secs:.2f} s (target < 1 s); {len(draws):,} rows")
    secs, draws = _best_of(lambda: costs.monte_carlo(scen, n_draws=n_draws, seed=1))
    results["mc_four_formats_s"] = secs
    print(f"Monte Carlo, 4 formats, {n_draws:,} draws each: {secs:.2f} s; {len(draws):,} rows")
    secs, _ = _best_of(lambda: costs.uncertainty_summary(draws), repeat=1)
    print(f"  P5/P50/P95 summary of those draws: {secs:.2f} s")
    del draws

    t0 = time.perf_counter()
    wf = synthetic.generate_workforce(n_employees, seed=2026, kommunenummer=list(vocab.MUNICIPALITY))
    print(f"generate_workforce({n_employees:,}): {time.perf_counter() - t0:.1f} s (not part of the target)")
    tracemalloc.start()
    t0 = time.perf_counter()
    table = costs.workforce_format_costs(wf, subs.substitutes, study_points=30, by="sector")
    secs = time.perf_counter() - t0
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    t0 = time.perf_counter()
    costs.workforce_format_costs(wf, subs.substitutes, study_points=30, by="sector")
    secs_untraced = time.perf_counter() - t0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**10
    results.update(national_s=secs_untraced, national_traced_s=secs, national_peak_mib=peak / 2**20, max_rss_mib=rss)
    print(f"National cost model, {n_employees:,} employees x 4 formats by sector: {secs_untraced:.2f} s "
          f"({secs:.2f} s under tracemalloc); peak allocated {peak / 2**20:.0f} MiB; "
          f"process peak RSS {rss:.0f} MiB (targets < 10 s, < 2 GiB)")
    print(f"  result: {len(table)} rows (sector x format), {int(table['n_employees'].sum() / 4):,} employees")
    return results


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:3]]
    main(*args)
