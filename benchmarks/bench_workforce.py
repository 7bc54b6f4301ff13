"""Benchmark of the workforce projection (issue 14).

A national-scale workforce (500 000 employees, five municipalities' codes merged into one projection
unit), 20 projection years, 1 000 Monte Carlo draws, all seven position groups: the base-stock
aggregation, the two cohort paths per draw (hiring as today and the recruitment need) and the
percentile bands.  Targets: under 10 s and under 2 GiB peak memory on this machine.

Run: ``.venv/bin/python benchmarks/bench_workforce.py [n_employees] [n_draws] [years]``.  Prints the
wall-clock seconds of :func:`lifelong_analysis.analysis.workforce.project_workforce`, the peak memory it
allocates (tracemalloc) and the process's peak resident memory (getrusage).  Figures are recorded in
benchmarks/README.md.
"""

from __future__ import annotations

import os
import resource
import sys
import time
import tracemalloc

from lifelong_analysis.data import population
from lifelong_analysis import synthetic
from lifelong_analysis.analysis import workforce


def main(n_employees: int = 500_000, n_draws: int = 1_000, years: int = 20) -> dict:
    t0 = time.perf_counter()
    wf = synthetic.generate_workforce(n_employees, seed=2026, kommunenummer="5001")
    pop = population.synthetic_population("5001", years=range(2025, 2025 + years + 1), total=5_550_000)
    print(f"generate_workforce({n_employees:,}) + national population: {time.perf_counter() - t0:.1f} s "
          "(not part of the target)")
    rates, paths_table = workforce.workforce_rates(), workforce.career_paths()   # package load, not timed
    tracemalloc.start()
    t0, c0 = time.perf_counter(), time.process_time()
    proj = workforce.project_workforce(workforce=wf, population=pop, kommunenummer="5001", base_year=2025,
                                       horizon_year=2025 + years, n_draws=n_draws, seed=1, rates=rates,
                                       paths_table=paths_table)
    secs, cpu = time.perf_counter() - t0, time.process_time() - c0
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2   # KiB -> GiB
    employees = int(proj.base.employees.sum())
    print(f"project_workforce: {employees:,} employees in the groups of {len(wf):,}, {years} years, {n_draws:,} draws: "
          f"{secs:.2f} s wall, {cpu:.2f} s CPU (target < 10 s); peak allocated {peak / 1024**3:.2f} GiB, process peak RSS {rss:.2f} GiB "
          "(target < 2 GiB)")
    print(f"load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    return {"seconds": secs, "cpu_seconds": cpu, "peak_gib": peak / 1024**3, "rss_gib": rss, "rows": len(proj.table)}


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:]]
    res = main(*args)
    sys.exit(0 if res["seconds"] < 10 and res["rss_gib"] < 2 else 1)
