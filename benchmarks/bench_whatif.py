"""Benchmark of the what-if tools (issue 15).

1. JupyterLab explorer (``lifelong_analysis.reporting.explorer.Explorer``): one change
   of the availability slider end to end, on the shipped synthetic data (Trondheim,
   primary school, 10 participants, every shipped scheme, 4 formats): ``compute``
   (the library calls), ``tables`` (the three HTML tables) and ``figures`` (both
   figures updated in place and rendered to PNG once each), wall clock and CPU time
   of this process, median over ``repeats`` changes (default 21).  For comparison
   the figures drawn anew on every change (what the explorer did before).  The
   output is built exactly as in the notebook, but handed to a no-op instead of a
   kernel, so the kernel-to-browser transfer (a few ms on localhost) is not counted.
2. ``funding.split_costs`` on one programme, and the report's grid
   (``lifelong_analysis.analysis.whatif``) of notebook 03's defaults (12
   availabilities × 4 formats × 8 schemes) with its HTML block.

Run: ``.venv/bin/python benchmarks/bench_whatif.py [repeats]``.  Prints medians and the
load average.  Figures are recorded in benchmarks/README.md.
"""

from __future__ import annotations

import os
import statistics
import sys
import time

import matplotlib

matplotlib.use("Agg")

from lifelong_analysis.analysis import costs, funding, whatif  # noqa: E402
from lifelong_analysis.data.readers import load_dataset  # noqa: E402
from lifelong_analysis.reporting import display, explorer, whatif_report  # noqa: E402

SCHEMES_03 = ["employer_pays", "employee_own_time", "kfk_substitute", "kfk_substitute_math_science", "kfk_stipend",
              "hc_competence_grant", "public_sector_phd", "combined_position"]


def _timed(fn):
    w0, c0 = time.perf_counter(), time.process_time()
    out = fn()
    return out, time.perf_counter() - w0, time.process_time() - c0


def main(repeats: int = 21) -> dict:
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    ds = load_dataset(None, kinds=["workforce", "substitutes"])
    display._display = lambda obj: None        # no kernel: build the output, send it nowhere
    ex = explorer.Explorer(workforce=ds.workforce, substitutes=ds.substitutes, sector="primary_school",
                           kommunenummer="5001", study_points=30, n_participants=10)
    ex.update()                                 # warm-up: imports, the figures created once
    values = [0.1 + 0.8 * i / max(repeats - 1, 1) for i in range(repeats)]
    wall = {"compute": [], "tables": [], "figures": [], "change": []}
    cpu = {"numbers": [], "figures": [], "change": []}
    for v in values:
        c0, w0 = time.process_time(), time.perf_counter()
        result = ex.compute(p_qualified_available=v)
        ex.render_tables(result)
        c1 = time.process_time()
        ex.render_figures(result)
        c2, w2 = time.process_time(), time.perf_counter()
        cpu["numbers"].append(c1 - c0)
        cpu["figures"].append(c2 - c1)
        cpu["change"].append(c2 - c0)
        wall["change"].append(w2 - w0)
        for k in ("compute", "tables", "figures"):
            wall[k].append(ex.last_seconds[k])
    med = {k: statistics.median(v) for k, v in wall.items()}
    cpu_med = {k: statistics.median(v) for k, v in cpu.items()}
    numbers = statistics.median(c + t for c, t in zip(wall["compute"], wall["tables"]))
    print(f"Explorer, one change of the availability slider, median of {repeats} changes:")
    print(f"  compute (costs.format_comparison + funding.split_costs): {med['compute']:.3f} s wall")
    print(f"  tables (cost table + two split tables):                  {med['tables']:.3f} s wall")
    print(f"  numbers shown (compute + tables): {numbers:.3f} s wall, {cpu_med['numbers']:.3f} s CPU")
    print(f"  figures (updated in place, two PNGs rendered):           {med['figures']:.3f} s wall, "
          f"{cpu_med['figures']:.3f} s CPU")
    print(f"  END TO END (tables + figures): {med['change']:.3f} s wall, {cpu_med['change']:.3f} s CPU "
          f"(max {max(wall['change']):.3f} s wall)")

    anew_w, anew_c = [], []
    for v in values[:max(5, repeats // 4)]:
        result = ex.compute(p_qualified_available=v)

        def draw_anew():
            for make, data in ((explorer._components_figure, result["costs"]), (explorer._split_figure, result["split"])):
                explorer._png(make(data, "nb"))

        _, w, c = _timed(draw_anew)
        anew_w.append(w)
        anew_c.append(c)
    print(f"  for comparison, both figures drawn anew (median of {len(anew_w)}): {statistics.median(anew_w):.3f} s "
          f"wall, {statistics.median(anew_c):.3f} s CPU")

    comp = costs.format_comparison(workforce=ds.workforce, substitutes=ds.substitutes, sector="primary_school",
                                   kommunenummer="5001", study_points=30, n_participants=10).iloc[[1]]
    split_s = statistics.median(_timed(lambda: funding.split_costs(comp, year=2026))[1] for _ in range(repeats))
    print(f"funding.split_costs, one programme, 9 schemes: {split_s * 1000:.1f} ms wall")

    grid, grid_s, grid_cpu = _timed(lambda: whatif.scenario_grid(
        workforce=ds.workforce, substitutes=ds.substitutes, sector="primary_school", kommunenummer="5001",
        study_points=30, n_participants=10, schemes=SCHEMES_03, year=2026))
    block, html_s, _ = _timed(lambda: whatif_report.widget_html(grid))
    n_points = grid["p_qualified_available"].nunique()
    print(f"Report grid, {n_points} availabilities x {grid['delivery_format'].nunique()} formats x "
          f"{grid['scheme'].nunique()} schemes ({len(grid):,} rows): {grid_s:.2f} s wall (CPU {grid_cpu:.2f} s)")
    print(f"  HTML block (JSON + script + static tables): {html_s:.2f} s, {len(block.encode()) / 1024:.0f} KiB")
    print(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return {**med, "numbers": numbers, "cpu": cpu_med, "split_s": split_s, "grid_s": grid_s, "html_s": html_s,
            "html_kib": len(block.encode()) / 1024}


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:2]))
