"""The person-based tables each notebook publishes, and the batch's disclosure pre-plan (issue 10).

One function per notebook builds the :class:`~lifelong_analysis.stats.disclosure.Release` of the
tables that notebook publishes; the notebook calls it for its tables, and the batch calls the
**same** function before any run starts (:func:`plan_releases`): it registers the tables of every
run on one dataset in one release, protects the union once and saves the decided pattern in the
dataset's cell store.  Each run then finds all its cells decided and reads the pattern from the
store, so the pattern does not depend on the number of workers nor on the order in which runs
finish (the same data and configuration give the same pattern).

>>> sorted(NOTEBOOK_RELEASES)
['01', '02', '03', '04']
"""

from __future__ import annotations

import inspect
import time
from pathlib import Path

from lifelong_analysis import paths
from lifelong_analysis.analysis import costs, skills, workforce
from lifelong_analysis.data.readers import load_dataset
from lifelong_analysis.stats import disclosure
from lifelong_analysis.reporting import skills_report

__all__ = ["costs_release", "skills_release", "funding_release", "workforce_release", "NOTEBOOK_RELEASES",
           "plan_releases"]


def costs_release(ds, *, municipality: str, sector: str, release=None):
    """Notebook 01: recorded costs by sector and by format, and the sector's pay basis.

    ``ds`` is a :class:`lifelong_analysis.data.readers.Dataset` with workforce, training and
    substitutes; ``release`` defaults to :func:`disclosure.release_for` of ``ds``.
    """
    actual = costs.municipal_activity_costs(ds.training, ds.workforce, ds.substitutes, kommunenummer=municipality)
    return costs.recorded_cost_release(actual, ds.workforce, sector=sector, kommunenummer=municipality,
                                       release=release if release is not None else disclosure.release_for(ds))


def skills_release(ds, *, municipality: str, sector: str, group_by: str, weight_column, min_cell_size: int,
                   release=None):
    """Notebook 02: every table of the digital-skills report (:func:`skills.report_release`)."""
    respondents = skills.select_respondents(ds.skills_survey, municipality=municipality, weight_column=weight_column)
    rel = release if release is not None else disclosure.release_for(ds, k=min_cell_size)
    return skills.report_release(respondents, sector=sector, group_by=group_by, weight_column=weight_column,
                                 min_cell_size=min_cell_size, release=rel)


def funding_release(ds, *, municipality: str, sector: str, release=None):
    """Notebook 03: the pay basis every funding figure rests on."""
    return costs.add_pay_basis(release if release is not None else disclosure.release_for(ds), ds.workforce,
                               sector=sector, kommunenummer=municipality)


def workforce_release(ds, *, municipality: str, groups, release=None, k: int = 5):
    """Notebook 04: the head counts of the base year per position group (:func:`workforce.base_release`)."""
    return workforce.base_release(ds.workforce, kommunenummer=municipality, groups=groups,
                                  release=release if release is not None else disclosure.release_for(ds, k=k))


def _settings_01(params):
    return {"municipality": str(params["municipality"]), "sector": params["sector"]}, \
        ["workforce", "training", "substitutes"]


def _settings_02(params):
    s = skills_report.check_report_parameters(**{k: params[k] for k in inspect.signature(
        skills_report.check_report_parameters).parameters})
    return ({k: s[k] for k in ("municipality", "sector", "group_by", "weight_column", "min_cell_size")},
            ["skills_survey"])


def _settings_03(params):
    return {"municipality": str(params["municipality"]), "sector": params["sector"]}, \
        ["workforce", "substitutes", "funding"]


def _settings_04(params):
    s = workforce.check_report_parameters(**{k: params[k] for k in inspect.signature(
        workforce.check_report_parameters).parameters if k in params})
    return {"municipality": s["municipality"], "groups": s["groups"]}, ["workforce", "substitutes"]


#: notebook number -> (release function, settings from the run's parameters -> (kwargs, table kinds))
NOTEBOOK_RELEASES = {
    "01": (costs_release, _settings_01),
    "02": (skills_release, _settings_02),
    "03": (funding_release, _settings_03),
    "04": (workforce_release, _settings_04),
}


def plan_releases(runs, *, root=None) -> dict:
    """Protect the tables of every run of a batch jointly, per dataset, before the runs start.

    Parameters
    ----------
    runs : iterable of ``(notebook path, parameters)`` with every parameter of the notebook (its
        defaults merged with the run's values).  Notebooks without a release function are skipped.
    root : folder of the cell stores (default: :func:`disclosure.store_for`'s, the batch's
        ``<output_dir>/.disclosure``).

    Returns
    -------
    dict with ``stores`` (store path -> number of runs planned into it), ``skipped`` (run index ->
    reason: the run builds its own release and the store's usual rules apply) and ``seconds``.

    Runs are grouped by dataset (the cell store of their data files) and by ``k``; each group's
    tables go into one :class:`~disclosure.Release` under run-specific names, protected once: the
    pattern depends on the set of cells only, not on the order of ``runs``.
    """
    t0 = time.perf_counter()
    datasets: dict = {}
    groups: dict = {}
    skipped: dict = {}
    for i, (notebook, params) in enumerate(runs):
        number = Path(notebook).name[:2]
        if number not in NOTEBOOK_RELEASES:
            continue
        fn, settings_of = NOTEBOOK_RELEASES[number]
        try:
            kwargs, kinds = settings_of(params)
            data_dir = paths.resolve(params.get("data_dir"), paths.default_data_dir())
            key = (str(data_dir), tuple(kinds))
            if key not in datasets:
                datasets[key] = load_dataset(data_dir, kinds=kinds)
            ds = datasets[key]
            files = [p for p in ds.files.values() if p is not None and Path(p).is_file()]
            k = int(kwargs.get("min_cell_size", 5))
            rel = fn(ds, **kwargs, release=disclosure.Release(k=k))
        except Exception as exc:  # the run itself will report the problem with its own parameters
            skipped[i] = f"{type(exc).__name__}: {exc}"
            continue
        store = disclosure.store_for(files, root=root)
        groups.setdefault((str(store.path), k), (store, []))[1].append(rel)
    planned = {}
    for (path, k), (store, releases) in sorted(groups.items()):
        union = disclosure.Release(k=k, store=store, run="batch plan")
        for j, rel in enumerate(releases):
            union.merge(rel, prefix=f"run{j}/")
        union.protect()
        planned[path] = planned.get(path, 0) + len(releases)
    return {"stores": planned, "skipped": skipped, "seconds": time.perf_counter() - t0}
