"""Benchmark: synthetic generator at national scale (time and memory).

Usage: .venv/bin/python benchmarks/bench_synthetic.py [n_employees]
Figures are recorded in benchmarks/README.md (section "Synthetic data").
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
import tracemalloc

from lifelong_analysis import synthetic
from lifelong_analysis.data import vocab


def timed(label, fn, *args, **kwargs):
    best, out = float("inf"), None
    for _ in range(3):
        t0 = time.perf_counter()
        out = fn(*args, **kwargs)
        best = min(best, time.perf_counter() - t0)
    print(f"{label}: {best:.2f} s (best of 3)")
    return out


def main(n: int = synthetic.NATIONAL_EMPLOYEES) -> None:
    kommuner = list(vocab.MUNICIPALITY)
    wf = timed(f"generate_workforce({n})", synthetic.generate_workforce, n, seed=2026, kommunenummer=kommuner)
    print(f"  workforce in memory: {wf.memory_usage(deep=True).sum() / 2**20:.0f} MiB")
    tr = timed("generate_training", synthetic.generate_training, wf, seed=2026)
    print(f"  training rows: {len(tr)}, {tr.memory_usage(deep=True).sum() / 2**20:.0f} MiB")
    timed("generate_skills_survey(1500)", synthetic.generate_skills_survey, wf, seed=2026)
    timed("generate_funding", synthetic.generate_funding, tr, seed=2026, workforce=wf)
    t0 = time.perf_counter()
    data = synthetic.generate_dataset(seed=2026, n_employees=n, kommunenummer=kommuner)
    t1 = time.perf_counter()
    with tempfile.TemporaryDirectory() as d:
        synthetic.write_dataset(data, d, seed=2026)
        t2 = time.perf_counter()
    print(f"generate_dataset: {t1 - t0:.2f} s; write_dataset (CSV): {t2 - t1:.2f} s")
    tracemalloc.start()
    synthetic.generate_dataset(seed=2026, n_employees=n, kommunenummer=kommuner)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"peak memory allocated by generate_dataset (tracemalloc): {peak / 2**20:.0f} MiB")
    print(f"peak resident memory of the process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else synthetic.NATIONAL_EMPLOYEES)
