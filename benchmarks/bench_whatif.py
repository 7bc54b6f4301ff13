"""Benchmark of the what-if tools (issue 15).

1. JupyterLab explorer (``lifelong_analysis.reporting.explorer.Explorer``): the time from a
   changed control to the new output, on the shipped synthetic data (Trondheim,
   primary school, 10 participants, 8 schemes, 4 formats): ``compute`` (the
   library calls), ``tables`` (the three HTML tables) and ``figures`` (both
   figures drawn and rendered to PNG).  Target: the numbers (compute + tables)
   well under a second.  The output is built exactly as in the notebook, but
   handed to a no-op instead of a kernel, so the kernel-to-browser transfer
   (a few ms on localhost) is not counted.
2. The report's grid (``lifelong_analysis.analysis.whatif``): building the grid of notebook
   03's defaults (12 availabilities × 4 formats × 8 schemes) and its HTML block.

Run: ``.venv/bin/python benchmarks/bench_whatif.py [repeats]``.  Prints medians.
Figures are recorded in benchmarks/README.md.
"""

from __future__ import annotations

import statistics
import sys
import time

import matplotlib

matplotlib.use("Agg")

from lifelong_analysis.reporting import display, explorer  # noqa: E402
from lifelong_analysis.analysis import whatif  # noqa: E402
from lifelong_analysis.reporting import whatif_report  # noqa: E402
from lifelong_analysis.data.readers import load_dataset  # noqa: E402


def main(repeats: int = 7) -> dict:
    ds = load_dataset(None, kinds=["workforce", "substitutes"])
    display._display = lambda obj: None        # no kernel: build the output, send it nowhere
    ex = explorer.Explorer(workforce=ds.workforce, substitutes=ds.substitutes, sector="primary_school",
                           kommunenummer="5001", study_points=30, n_participants=10)
    ex.update()                                 # warm-up (imports, first figure)
    runs = {"compute": [], "tables": [], "figures": []}
    values = [0.1 + 0.8 * i / max(repeats - 1, 1) for i in range(repeats)]
    cpu = {"numbers": [], "figures": []}
    for v in values:
        c0 = time.process_time()
        result = ex.compute(p_qualified_available=v)
        ex.render_tables(result)
        c1 = time.process_time()
        ex.render_figures(result)
        cpu["numbers"].append(c1 - c0)
        cpu["figures"].append(time.process_time() - c1)
        for k in runs:
            runs[k].append(ex.last_seconds[k])
    med = {k: statistics.median(v) for k, v in runs.items()}
    cpu_med = {k: statistics.median(v) for k, v in cpu.items()}
    numbers = statistics.median(c + t for c, t in zip(runs["compute"], runs["tables"]))
    print(f"Explorer, one change of the availability slider, median of {repeats} (wall clock):")
    print(f"  compute (costs.format_comparison + funding.split_costs): {med['compute']:.3f} s")
    print(f"  tables (cost table + two split tables):                  {med['tables']:.3f} s")
    print(f"  numbers shown (compute + tables): {numbers:.3f} s (target well under 1 s)")
    print(f"  figures (two figures drawn and rendered to PNG):         {med['figures']:.3f} s")
    print(f"  CPU time of this process (what an idle core needs): numbers {cpu_med['numbers']:.3f} s, "
          f"figures {cpu_med['figures']:.3f} s")
    one = []
    for v in values:
        t0 = time.perf_counter()
        ex.compute(p_qualified_available=v, scheme="kfk_substitute")
        one.append(time.perf_counter() - t0)
    print(f"  compute with one scheme selected: {statistics.median(one):.3f} s")

    t0, c0 = time.perf_counter(), time.process_time()
    grid = whatif.scenario_grid(workforce=ds.workforce, substitutes=ds.substitutes, sector="primary_school",
                                kommunenummer="5001", study_points=30, n_participants=10, year=2026)
    grid_s, grid_cpu = time.perf_counter() - t0, time.process_time() - c0
    t0 = time.perf_counter()
    block = whatif_report.widget_html(grid)
    html_s = time.perf_counter() - t0
    n_points = grid["p_qualified_available"].nunique()
    print(f"Report grid, {n_points} availabilities x {grid['delivery_format'].nunique()} formats x "
          f"{grid['scheme'].nunique()} schemes ({len(grid):,} rows): {grid_s:.2f} s (CPU {grid_cpu:.2f} s)")
    print(f"  HTML block (JSON + script + static tables): {html_s:.2f} s, {len(block.encode()) / 1024:.0f} KiB")
    return {**med, "numbers": numbers, "cpu": cpu_med, "grid_s": grid_s, "html_s": html_s, "html_kib": len(block.encode()) / 1024}


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:2]))
