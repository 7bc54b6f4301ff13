"""Joint disclosure control (issue 10): the cost of protecting notebook 02's tables.

Registers every table of notebook 02 (``skills.report_release``, sector "all") for the shipped
synthetic survey (1 500 respondents) and for a national-scale synthetic survey (50 000
respondents), then times the protection (primary, Gaussian secondary suppression, the audit) and
its peak memory.  Target: the protection adds under 20 % to a report's run time.

Run: ``.venv/bin/python benchmarks/bench_disclosure.py [n_respondents ...]``; with ``--batch [config]``
the batch's pre-plan and the accuracy cost of perturbation (:func:`batch_plan_and_perturbation`).
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




def batch_plan_and_perturbation(config: str = "reports.yaml") -> None:
    """The batch's pre-plan on a config (seconds added at batch start), then the accuracy cost of
    cell-key perturbation on every table it protects: the same decided pattern read twice from
    the store, without and with ``perturb=True``; mean and max absolute change of the published
    counts and amounts."""
    import tempfile
    from pathlib import Path

    import numpy as np

    from lifelong_analysis.reporting import publish
    from lifelong_analysis.runner import batch
    from lifelong_analysis.stats import disclosure

    runs = batch.load_config(Path(config))[0]
    pairs = []
    for r in runs:
        defaults = {k: v["default"] for k, v in batch.notebook_parameters(r.notebook).items()}
        pairs.append((str(r.notebook), defaults | dict(r.parameters)))
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        plan = publish.plan_releases(pairs, root=tmp)
        print(f"{config}: pre-plan of {len(pairs)} runs: {time.perf_counter() - t0:.1f} s "
              f"(stores {list(plan['stores'].values())}, skipped {len(plan['skipped'])})", flush=True)
        store = publish.CellStore(next(Path(tmp).glob("*.json")))
        changes = {"count": [], "amount": [], "amount_rel": []}
        for nb, params in pairs:
            fn, settings_of = publish.NOTEBOOK_RELEASES[Path(nb).name[:2]]
            kwargs, kinds = settings_of(params)
            from lifelong_analysis import paths
            from lifelong_analysis.data.readers import load_dataset
            ds = load_dataset(paths.resolve(params.get("data_dir"), paths.default_data_dir()), kinds=kinds)
            k = int(kwargs.get("min_cell_size", 5))
            plain = fn(ds, **kwargs, release=disclosure.Release(k=k, store=store)).protect()
            noisy = fn(ds, **kwargs, release=disclosure.Release(k=k, store=store, perturb=True)).protect()
            rel = fn(ds, **kwargs, release=disclosure.Release(k=k))
            for name, t in rel.tables.items():
                a, b = plain.tables[name], noisy.tables[name]
                for c in set(t.count_columns) | set(t.amount_columns):
                    for x, y in zip(a[c], b[c]):
                        if isinstance(x, str) or x is None or (isinstance(x, float) and np.isnan(x)):
                            continue
                        if c in t.count_columns:
                            changes["count"].append(abs(float(y) - float(x)))
                        else:
                            changes["amount"].append(abs(float(y) - float(x)))
                            if x:
                                changes["amount_rel"].append(abs(float(y) / float(x) - 1))
        for what, v in changes.items():
            v = np.array(v)
            if len(v):
                print(f"perturbation, {what}: {len(v)} published entries, mean |change| {v.mean():.3g}, "
                      f"max {v.max():.3g}, changed {np.mean(v > 0):.0%}", flush=True)


if __name__ == "__main__" and sys.argv[1:2] == ["--batch"]:
    batch_plan_and_perturbation(*(sys.argv[2:3] or ["reports.yaml"]))
    sys.exit(0)


if __name__ == "__main__":
    for n in [int(a) for a in sys.argv[1:]] or [1500, 50_000]:
        bench(n)
