"""The person-based tables each notebook publishes, and the batch's disclosure pre-plan (issue 10).

One function per notebook builds the :class:`~lifelong_analysis.stats.disclosure.Release` of the
tables that notebook publishes; the notebook calls it for its tables, and the batch calls the
**same** function before any run starts (:func:`prepare_releases`): it registers the tables of every
run on one dataset in one release; :meth:`ReleasePlan.protect` protects the union once and saves the
decided pattern in the dataset's cell store (the batch locks the stores first,
:meth:`ReleasePlan.hold`, and protects while its workers start their kernels; a run's own
protection waits for its store).  Each run then finds all its cells decided and reads the pattern
from the store, so the pattern does not depend on the number of workers nor on the order in which
runs finish (the same data and configuration give the same pattern).

It also holds the file side of disclosure control, which :mod:`lifelong_analysis.stats.disclosure`
leaves to this layer: the cell store of a dataset (:class:`CellStore`, :func:`store_for`,
:func:`release_for`, :func:`audit_store`), the writing of the protected tables
(:func:`write_tables`) and the protection summary of the report's provenance box
(:func:`write_summary`, :func:`read_summary`, :func:`provenance_lines`).

>>> sorted(NOTEBOOK_RELEASES)
['01', '02', '03', '04']
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import inspect
import json
import os
import time
from pathlib import Path

import numpy as np
import pandas as pd

from lifelong_analysis import outputs, paths
from lifelong_analysis.analysis import costs, skills, workforce
from lifelong_analysis.data.readers import load_dataset
from lifelong_analysis.stats import disclosure
from lifelong_analysis.reporting import skills_report

__all__ = ["costs_release", "skills_release", "funding_release", "workforce_release", "NOTEBOOK_RELEASES",
           "plan_releases", "prepare_releases", "ReleasePlan", "CellStore", "ENV_STORE", "store_for", "release_for",
           "audit_store", "write_tables", "write_summary", "read_summary", "provenance_lines"]

#: Environment variable naming the folder of the cell stores (set by the batch).
ENV_STORE = "LIFELONG_ANALYSIS_CELL_STORE"


# --------------------------------------------------------------------------- the cell store

class CellStore:
    """The published and hidden cells of one dataset, kept between runs (a JSON file, locked while used).

    The store protocol of :class:`lifelong_analysis.stats.disclosure.Release` (``lock()``,
    ``load()``, ``meta``, ``save(cells, status, run=, meta=)``, ``path``).

    Parameters
    ----------
    path : the JSON file.

    >>> import tempfile
    >>> store = CellStore(Path(tempfile.mkdtemp()) / "s.json")
    >>> store.load(), store.meta
    ({}, {})
    """

    def __init__(self, path):
        self.path = Path(path)
        self.meta: dict = {}
        self._depth = 0  # how many lock() contexts of this object are open

    @contextlib.contextmanager
    def lock(self):
        """Hold an exclusive lock on the store (a ``.lock`` file beside it) while deciding a pattern.

        Re-entrant on the same object: a ``lock()`` inside an open ``lock()`` of this object does
        not lock again (the batch's pre-plan, :meth:`ReleasePlan.hold`, holds the store from
        before the runs start until its pattern is saved, and :meth:`disclosure.Release.protect`
        locks it once more in between).  Any other object or process waits.
        """
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path.with_suffix(".lock"), "a+") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            self._depth = 1
            try:
                yield
            finally:
                self._depth = 0
                fcntl.flock(fh, fcntl.LOCK_UN)  # explicit: forked copies of the file share the lock

    def load(self) -> dict:
        """The decided cells (dict key -> members, status, persons, tables); sets :attr:`meta`."""
        if not self.path.is_file():
            return {}
        data = json.loads(self.path.read_text(encoding="utf-8"))
        self.meta = data.get("meta", {})
        records = data["records"]
        return {key: {"members": [records[i] for i in c["members"]], "status": c["status"],
                      "persons": c.get("persons", -1),
                      "tables": c.get("tables", [])} for key, c in data["cells"].items()}

    def save(self, cells: dict, status: dict, *, run: str = "", meta: dict | None = None) -> None:
        """Write the cells and their status (atomic)."""
        records = sorted(set().union(*(c.members for c in cells.values()))) if cells else []
        index = pd.Index(records)  # record id -> position, looked up in C (2 million members at 50 000 answers)
        out = {"version": 1, "meta": dict(meta or {}), "records": records, "cells": {}}
        for key in sorted(cells):
            c = cells[key]
            out["cells"][key] = {"n": c.n, "persons": c.persons, "status": status[key][0],
                                 "tables": sorted({t for t, _r, _c in c.where}),
                                 "members": np.sort(index.get_indexer(list(c.members))).tolist()}
        with outputs.atomic_path(self.path) as tmp:
            Path(tmp).write_text(json.dumps(out), encoding="utf-8")


def store_for(files, *, root=None) -> CellStore:
    """The cell store of the dataset that ``files`` (paths of the input files read) belong to.

    One store per dataset content (SHA-256 of every file in the files' folder), in ``root``, else the
    folder named by the environment variable ``LIFELONG_ANALYSIS_CELL_STORE`` (set by the batch to
    ``<output_dir>/.disclosure``), else ``outputs/.disclosure``.
    """
    # the dataset is the folder of the files: every notebook reading any of its tables shares one store
    h = hashlib.sha256()
    folders = sorted({Path(p).resolve().parent for p in files})
    for folder in folders:
        for f in sorted(folder.iterdir()):
            if f.is_file() and not f.name.startswith("."):
                h.update(f.name.encode() + b"\0" + hashlib.sha256(f.read_bytes()).digest())
    folder = Path(root) if root is not None else Path(os.environ.get(ENV_STORE) or paths.outputs_dir() / ".disclosure")
    return CellStore(folder / f"{h.hexdigest()[:16]}.json")


def audit_store(store: CellStore, *, k: int | None = None, width: int | None = None) -> dict:
    """Audit every cell a dataset's runs published together (the attacker holds all reports).

    Returns the dict of :func:`disclosure.audit` over the store's published cells, for every hidden
    cell (primary and secondary) and the implied differences (:func:`disclosure.audit_cells`);
    ``k`` and ``width`` default to the store's.
    """
    earlier = store.load()
    k = int(k if k is not None else store.meta.get("k", 5))
    width = int(width if width is not None else store.meta.get("width", 2))
    return disclosure.audit_cells(earlier, k=k, width=width)


def release_for(dataset, *, k: int = 5, run: str = "", **options) -> disclosure.Release:
    """A :class:`~disclosure.Release` for tables from ``dataset`` (a :class:`lifelong_analysis.data.readers.Dataset`),
    with the dataset's cell store (:func:`store_for` of the files read), so that every run on the
    same data shares one suppression pattern.  ``options`` go to :class:`~disclosure.Release`.
    """
    files = [p for p in getattr(dataset, "files", {}).values() if p is not None and Path(p).is_file()]
    return disclosure.Release(k=k, store=store_for(files) if files else None, run=run, **options)


# --------------------------------------------------------------------------- writing the protected tables

def write_tables(protected: disclosure.Protected, out_dir, names=None) -> list[Path]:
    """Write every protected table as ``<name>.csv`` (atomic) and the summary as ``disclosure.json``.

    Parameters
    ----------
    protected : the result of :meth:`disclosure.Release.protect`.
    out_dir : folder of the CSV files.
    names : the tables to write (default all); the summary is written in any case.

    Returns
    -------
    list of the CSV paths written.  Each table is checked with :func:`disclosure.check_no_small_cells`
    over its count columns first (``n_eff`` is written as ``effective_n``).
    """
    out_dir = Path(out_dir)
    written = []
    for name, t in protected.tables.items():
        if names is not None and name not in names:
            continue
        t = t.rename(columns={"n_eff": "effective_n"})
        counts = [c for c in protected.summary["count_columns"].get(name, []) if c in t.columns]
        disclosure.check_no_small_cells(t, count_columns=counts, k=protected.summary["k"])
        written.append(outputs.write_table(t, out_dir / f"{name}.csv"))
    write_summary(protected.summary, out_dir)
    return written


# --------------------------------------------------------------------------- summary for the report

def write_summary(summary: dict, out_dir) -> Path:
    """Write the protection summary as ``disclosure.json`` in ``out_dir`` (read by the report's provenance box)."""
    path = Path(out_dir) / "disclosure.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    with outputs.atomic_path(path) as tmp:
        Path(tmp).write_text(json.dumps(summary, indent=1, default=str), encoding="utf-8")
    return path


def read_summary(folder) -> list[dict]:
    """Every ``disclosure.json`` under ``folder``."""
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(Path(folder).rglob("disclosure.json"))]


def provenance_lines(summaries: list[dict], language: str = "nb") -> list[str]:
    """Lines for the provenance box: cells suppressed (primary, secondary), audit passed, k, estimates gated.

    >>> provenance_lines([{"k": 5, "primary": 3, "secondary": 4, "audit_passed": True, "width": 2,
    ...                    "perturbed": False}], "en")
    ['Disclosure control: 7 cells suppressed (3 primary, 4 secondary), k = 5; audit passed (no hidden cell can be narrowed to ±2).']
    """
    if not summaries:
        return []
    prim = sum(s.get("primary", 0) for s in summaries)
    sec = sum(s.get("secondary", 0) for s in summaries)
    k = max(s.get("k", 5) for s in summaries)
    w = max(s.get("width", 2) for s in summaries)
    ok = all(s.get("audit_passed") for s in summaries)
    pert = any(s.get("perturbed") for s in summaries)
    gated = sum(s.get("gated", 0) for s in summaries)
    if language == "en":
        line = (f"Disclosure control: {prim + sec} cells suppressed ({prim} primary, {sec} secondary), k = {k}; "
                + (f"audit passed (no hidden cell can be narrowed to ±{w})." if ok else "audit NOT passed."))
        if gated:
            line += f" {gated} estimated values hidden (a count they rest on is below {k})."
        if pert:
            line += " Published counts and amounts carry cell-key noise."
    else:
        line = (f"Personvern: {prim + sec} celler skjult ({prim} primært, {sec} sekundært), k = {k}; "
                + (f"revisjonen er bestått (ingen skjult celle kan anslås innenfor ±{w})." if ok
                   else "revisjonen er IKKE bestått."))
        if gated:
            line += f" {gated} estimerte verdier skjult (et antall de bygger på, er under {k})."
        if pert:
            line += " Publiserte antall og beløp har cellenøkkelstøy."
    return [line]


# --------------------------------------------------------------------------- the releases of the notebooks


def costs_release(ds, *, municipality: str, sector: str, release=None):
    """Notebook 01: recorded costs by sector and by format, and the sector's pay basis.

    ``ds`` is a :class:`lifelong_analysis.data.readers.Dataset` with workforce, training and
    substitutes; ``release`` defaults to :func:`release_for` of ``ds``.
    """
    actual = costs.municipal_activity_costs(ds.training, ds.workforce, ds.substitutes, kommunenummer=municipality)
    return costs.recorded_cost_release(actual, ds.workforce, sector=sector, kommunenummer=municipality,
                                       release=release if release is not None else release_for(ds))


def skills_release(ds, *, municipality: str, sector: str, group_by: str, weight_column, min_cell_size: int,
                   release=None, models: bool = True):
    """Notebook 02: every table of the digital-skills report (:func:`skills.report_release`;
    ``models=False`` leaves out the model tables, which add no cell)."""
    respondents = skills.select_respondents(ds.skills_survey, municipality=municipality, weight_column=weight_column)
    rel = release if release is not None else release_for(ds, k=min_cell_size)
    return skills.report_release(respondents, sector=sector, group_by=group_by, weight_column=weight_column,
                                 min_cell_size=min_cell_size, release=rel, models=models)


def funding_release(ds, *, municipality: str, sector: str, release=None):
    """Notebook 03: the pay basis every funding figure rests on."""
    return costs.add_pay_basis(release if release is not None else release_for(ds), ds.workforce,
                               sector=sector, kommunenummer=municipality)


def workforce_release(ds, *, municipality: str, groups, release=None, k: int = 5):
    """Notebook 04: the head counts of the base year per position group (:func:`workforce.base_release`)."""
    return workforce.base_release(ds.workforce, kommunenummer=municipality, groups=groups,
                                  release=release if release is not None else release_for(ds, k=k))


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


#: What the pre-plan passes to a release function beyond the run's settings: parts of a release
#: that add no cell to the joint pattern and cost time to build (notebook 02's model fits).
#: ``tests/test_disclosure_batch.py`` checks that a run with them reads the planned pattern.
PLAN_OPTIONS = {"02": {"models": False}}


def plan_releases(runs, *, root=None) -> dict:
    """Protect the tables of every run of a batch jointly, per dataset, before the runs start.

    Parameters
    ----------
    runs : iterable of ``(notebook path, parameters)`` with every parameter of the notebook (its
        defaults merged with the run's values).  Notebooks without a release function are skipped.
    root : folder of the cell stores (default: :func:`store_for`'s, the batch's
        ``<output_dir>/.disclosure``).

    Returns
    -------
    dict with ``stores`` (store path -> number of runs planned into it), ``skipped`` (run index ->
    reason: the run builds its own release and the store's usual rules apply) and ``seconds``.

    The two steps of :func:`prepare_releases` and :meth:`ReleasePlan.protect`; the batch runs the
    second while its runs start (:meth:`ReleasePlan.hold`).  Raises what ``protect`` raises (a
    :class:`~disclosure.DisclosureError` when no pattern passes the audit).
    """
    return prepare_releases(runs, root=root).protect()


class ReleasePlan:
    """A batch's pre-plan with every run's tables registered, not yet protected (:func:`prepare_releases`).

    Attributes
    ----------
    groups : list of ``(store, union, runs)``: one :class:`~disclosure.Release` per dataset and
        ``k`` with the tables of its runs, its :class:`CellStore` (one object per store path) and
        the indices of the runs planned into it.
    skipped : run index -> reason (the run builds its own release when it runs).
    seconds : time spent so far (reading the data and registering the tables), in seconds.
    """

    def __init__(self, groups: list, skipped: dict, seconds: float):
        self.groups = groups
        self.skipped = skipped
        self.seconds = seconds
        self._held: dict = {}  # store path -> the ExitStack holding its lock() (hold())

    def runs_planned(self) -> int:
        return sum(len(runs) for _store, _union, runs in self.groups)

    def hold(self) -> None:
        """Lock every store now, in path order, until :meth:`protect` has saved its pattern.

        A run started after this waits in its own ``protect()`` (which locks its store) until the
        pattern of its dataset is decided, so the batch can start its workers and kernels while the
        pre-plan protects: every run still reads the planned pattern.  Call it in the thread or
        process that forks the workers, before they start."""
        for store, _union, _runs in self.groups:
            key = str(store.path)
            if key not in self._held:
                self._held[key] = contextlib.ExitStack()
                self._held[key].enter_context(store.lock())

    def _let_go(self, key: str) -> None:
        held = self._held.pop(key, None)
        if held is not None:
            held.close()

    def release(self) -> None:
        """Unlock every store still held, unprotected (for a batch stopped before :meth:`protect`)."""
        for key in list(self._held):
            self._let_go(key)

    def protect(self) -> dict:
        """Protect each group's union once (its store is released as soon as its pattern is saved).

        Returns the dict of :func:`plan_releases`.  An exception (a
        :class:`~disclosure.DisclosureError`) is raised after every held store is released: the
        runs waiting for it then protect their own tables against the store."""
        t0 = time.perf_counter()
        planned: dict = {}
        last = {str(store.path): i for i, (store, _u, _r) in enumerate(self.groups)}
        try:
            for i, (store, union, runs) in enumerate(self.groups):
                key = str(store.path)
                union.protect()
                planned[key] = planned.get(key, 0) + len(runs)
                if last[key] == i:
                    self._let_go(key)
        finally:
            self.release()
        self.seconds += time.perf_counter() - t0
        return {"stores": planned, "skipped": self.skipped, "seconds": self.seconds}


def prepare_releases(runs, *, root=None) -> ReleasePlan:
    """Read the data of every run of a batch and register its tables, grouped by dataset (the first
    step of :func:`plan_releases`; nothing is protected or written).

    Runs are grouped by dataset (the cell store of their data files) and by ``k``; each group's
    tables go into one :class:`~disclosure.Release` under run-specific names, protected once: the
    pattern depends on the set of cells only, not on the order of ``runs``.

    Two runs whose tables are the same (same notebook, data folder, table kinds and analysis
    settings: the Norwegian and English twins of a report, which differ only in language) are
    registered once and both counted in ``stores``; their cells are the same, so is the pattern.
    Each data folder is read once, with every table kind the batch's runs need from it; if that
    read fails, each run reads only its own kinds, so a run is skipped only for a file it reads.
    """
    t0 = time.perf_counter()
    wanted: dict = {}  # data folder -> every table kind some run on it reads
    settings: dict = {}
    skipped: dict = {}
    for i, (notebook, params) in enumerate(runs):
        number = Path(notebook).name[:2]
        if number not in NOTEBOOK_RELEASES:
            continue
        try:
            kwargs, kinds = NOTEBOOK_RELEASES[number][1](params)
            data_dir = paths.resolve(params.get("data_dir"), paths.default_data_dir())
        except Exception as exc:  # the run itself will report the problem with its own parameters
            skipped[i] = f"{type(exc).__name__}: {exc}"
            continue
        settings[i] = (number, kwargs, tuple(kinds), str(data_dir))
        wanted.setdefault(str(data_dir), set()).update(kinds)
    datasets: dict = {}

    def dataset(data_dir: str, kinds: tuple):
        # every kind the batch reads from the folder in one read (the workforce file is read once, not
        # once per notebook); if that fails (say, a broken funding file), each run's own kinds, so
        # that a run is skipped only for a file it reads itself
        if data_dir not in datasets:
            try:
                datasets[data_dir] = load_dataset(data_dir, kinds=sorted(wanted[data_dir]))
            except Exception:
                datasets[data_dir] = None
        if datasets[data_dir] is not None:
            return datasets[data_dir]
        if (data_dir, kinds) not in datasets:
            datasets[data_dir, kinds] = load_dataset(data_dir, kinds=kinds)
        return datasets[data_dir, kinds]

    groups: dict = {}
    built: dict = {}  # tables already registered -> their group
    for i, (number, kwargs, kinds, data_dir) in settings.items():
        # runs whose tables are the same (the nb and en twins of a report) are registered once: the
        # cells are the same, and so is the pattern
        same = (number, data_dir, kinds, json.dumps(kwargs, sort_keys=True, default=str))
        if same in built:
            groups[built[same]][2].append(i)
            continue
        try:
            ds = dataset(data_dir, kinds)
            files = [p for p in ds.files.values() if p is not None and Path(p).is_file()]
            k = int(kwargs.get("min_cell_size", 5))
            rel = NOTEBOOK_RELEASES[number][0](ds, **kwargs, **PLAN_OPTIONS.get(number, {}),
                                               release=disclosure.Release(k=k))
        except Exception as exc:  # the run itself will report the problem with its own parameters
            skipped[i] = f"{type(exc).__name__}: {exc}"
            continue
        store = store_for(files, root=root)
        built[same] = (str(store.path), k)
        group = groups.setdefault(built[same], (store, [], []))
        group[1].append(rel)
        group[2].append(i)
    stores: dict = {}  # one CellStore object per path (groups with another k share it)
    plan = []
    for (path, k), (store, releases, members) in sorted(groups.items()):
        union = disclosure.Release(k=k, store=stores.setdefault(path, store), run="batch plan")
        for j, rel in enumerate(releases):
            union.merge(rel, prefix=f"run{j}/")
        plan.append((stores[path], union, members))
    return ReleasePlan(plan, skipped, time.perf_counter() - t0)
