"""Joint statistical disclosure control of every table published from the same microdata.

Every published figure is tied to a **cell**: the set of records (employees,
respondents, participations) it is computed from.  A table row's count, share,
mean, interval or effective size is shown only when every cell it depends on is
shown.  All cells of a run, and of every run of a batch over one dataset, are
put into one model matrix over the same **inner cells** (the finest partition
of the records that the published cells induce), so a cell hidden in one table
is hidden in every table and every report that publishes the same records, and
no combination of published cells of any table gives a hidden one away.

Rules
-----
* **Primary suppression** (SSB's minimum-frequency rule, methods.md §5 [V]): a
  cell with ``0 < n < k`` contributors (default ``k = 5``) is hidden; it shows
  SSB's symbol ``":"``.  **Dominance** for sums of amounts (kroner, hours): a
  cell whose largest contributor holds more than ``dominance`` (default 0.8) of
  the cell's total is hidden (the (1, 80 %) rule).  **Zero cells** are published
  by default (an empty cell describes nobody); ``protect_zeros=True`` treats them
  as primary too.  **Implied cells**: when a published cell ``A`` lies inside a
  published cell ``B`` and ``0 < |B∖A| < k`` (e.g. "all sectors" and "health
  care" differ by 3 respondents, or 481 group members against 477 who answered
  an area), the difference is sensitive too, although no table prints it.
* **Secondary suppression** (Gaussian elimination over the model matrix, the
  method of SSB's R package GaussSuppression, Langsrud 2024): cells are tried in
  a fixed order (cells published earlier first, then larger cells before smaller,
  ties by a digest of their records); a cell is published only if, together with
  the cells published before it, it does not put any hidden or implied cell in
  the linear span of published cells.  So no hidden cell can be computed exactly
  from any combination of published cells of any table.  Deterministic: the
  same cells give the same pattern.
* **Audit** (:func:`audit`): for every suppressed cell (primary *and* secondary) and
  every implied difference, the smallest and largest value consistent with all published
  cells, exactly over the whole numbers (non-negative counts of the inner cells; LP bounds
  from one warm HiGHS model (``highspy``) first, then integer programs
  (``scipy.optimize.milp``, HiGHS) where the LP is wide but no integer table is known to be:
  the integers can pin a cell the LP calls safe; one integer program pushes many such cells
  apart at once, first among tables near the true one, before the rest are decided one by one).
  Models above :data:`LARGE_MODEL` inner cells (a national-scale survey) search integer tables
  only near the true one: still sound (a cell passes only on integer tables far enough apart),
  no longer exact (a cell the search cannot widen stays hidden, so it may hide more); after each
  program over every inner cell, smaller ones move only the inner cells inside some sensitive
  cell (the others keep their true counts), which settle most of the cells it leaves open.
  A cell whose interval is at most ``2 × width`` wide (default ``width = 2``: it could be
  pinned within ±2) gets one more complement hidden (the smallest published cell that binds
  it, from the LP duals; primary and implied failures first, secondary ones when those pass)
  and the pattern is recomputed; if that does not help the run stops with
  :class:`DisclosureError` naming the table and cell.  Each round stops after the LP bounds
  when a cell is narrow there (its failure is then certain: the integer interval lies inside
  the LP one), so the integer programs prove the cells only on a pattern that passes the LP
  audit; a cell that passed stays passing when more cells are hidden and is not audited again,
  and one wide in the LP bounds stays wide (its bounds are computed again only if needed).
* **Gates** (the output-checking threshold rule for model output, Eurostat's and ONS's
  guidance for regression results: no underlying cell below the threshold): an estimate
  (an odds ratio, its interval and p value) does not publish the counts it rests on, so
  those counts (e.g. the cross-table behind a coefficient) are not published cells: they
  are *gates*.  The estimate's columns are shown only when every gate of the row has at
  least ``k`` contributors, **zero included** (an empty cross-table cell is a separation:
  the estimate would tell that nobody in the group has that outcome).  A gate enters
  neither the model matrix, the secondary suppression nor the audit, so it costs nothing
  and changes no other cell's status; its decision depends on its own records only
  (deterministic, the same in every run and report).
* **Shares, means and sizes** follow their cells (a share is hidden when its
  count or its base is); published shares are rounded to whole percent (two
  decimals on the 0–1 scale) and effective sizes to one decimal, so they cannot
  be multiplied back into hidden counts.
* **Successive releases** (optional, ``perturb=True``): suppression cannot stop
  the difference of two releases that differ by one person.  The cell-key method
  (ABS TableBuilder; the European census hub) adds the same noise to the same
  cell every time: each record gets a fixed key in [0, 1) from a keyed hash of its
  id, a cell's key is the fractional part of the sum of its records' keys, and
  the perturbation table :data:`PTABLE` maps the cell key to a noise of −2 … +2
  for counts (and a relative noise for amounts).  Switch it on when reports are
  published again from a later file of the same municipality.

The batch keeps all cells of a dataset in one **cell store**
(:class:`lifelong_analysis.reporting.publish.CellStore`, one JSON file per dataset under
``<output_dir>/.disclosure/``, or the folder named by the environment variable
``LIFELONG_ANALYSIS_CELL_STORE``): a later run respects the decisions of earlier runs (a cell
published before stays published and constrains the new pattern; a cell hidden before stays hidden).
The batch protects the union of every run's tables of a dataset once, before any run reads
its store (:func:`lifelong_analysis.reporting.publish.plan_releases`, with :meth:`Release.merge`;
the store stays locked until the pattern is saved), so the runs only read the decided pattern: it
does not depend on the number of workers or on the order in which runs finish.  This module reads and writes no file: the store is any
object with the methods listed under :class:`Release`, and the protected tables are written by
:func:`lifelong_analysis.reporting.publish.write_tables`.

API for a notebook
------------------
>>> import pandas as pd
>>> people = pd.DataFrame({"id": [f"p{i}" for i in range(30)],
...                        "sector": ["a"] * 3 + ["b"] * 12 + ["c"] * 15})
>>> table = people.groupby("sector").size().rename("n").reset_index()
>>> rel = Release(k=5)
>>> rel.add_table("by_sector", table, records=people["id"], kind="people", frame=people,
...               cells={"n": lambda row, f: f["sector"] == row["sector"]})
>>> rel.add_table("total", pd.DataFrame({"n": [30]}), records=people["id"], kind="people", frame=people,
...               cells={"n": lambda row, f: f["sector"].notna()})
>>> result = rel.protect()
>>> result.tables["by_sector"]["n"].tolist()
[':', ':', 15]
>>> result.summary["audit_passed"], result.summary["primary"], result.summary["secondary"]
(True, 1, 1)
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import highspy
import numpy as np
import pandas as pd
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csr_matrix

#: SSB symbol for a cell suppressed for confidentiality (dapla-statbank-client code 04).
SUPPRESSED = ":"

#: Columns holding shares (0–1) that are rounded to whole percent when published.
SHARE_COLUMNS = ("share", "ci_low", "ci_high", "share_with_gap", "share_ci_low", "share_ci_high")
#: Columns holding Kish effective sizes, rounded to one decimal when published.
EFFECTIVE_SIZE_COLUMNS = ("n_eff", "effective_n")

#: Cell-key perturbation table for counts: (upper bound of the cell key, noise).  A cell key in
#: [0, 0.05) gets −2, [0.05, 0.15) −1, [0.15, 0.85) 0, [0.85, 0.95) +1, [0.95, 1) +2 (mean 0,
#: variance 0.5; the package's choice, in the spirit of the ABS table with maximum noise 2).
#: Counts below the noise are never made negative.
PTABLE = ((0.05, -2), (0.15, -1), (0.85, 0), (0.95, 1), (1.0, 2))
#: Relative noise of perturbed amounts: the amount is multiplied by 1 + AMOUNT_NOISE × (2 u − 1),
#: with u the cell key (an assumption of the package; ±5 %).
AMOUNT_NOISE = 0.05

__all__ = [
    "SUPPRESSED", "Release", "Protected", "DisclosureError", "audit", "audit_cells", "check_no_small_cells",
    "cell_key_noise", "shown_value", "record_keys",
]


class DisclosureError(ValueError):
    """A published table would let a reader recover a hidden cell (names the table and cell)."""


def _check_k(k) -> None:
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 1:
        raise ValueError(f"k (minimum cell size) must be a whole number of at least 1, got {k!r}")


# --------------------------------------------------------------------------- cells

@dataclass
class _Cell:
    key: str
    members: frozenset  # record ids "kind:id"
    n: int
    persons: int = -1  # distinct contributors (e.g. employees of participations); -1 = n
    amounts: dict = field(default_factory=dict)  # column -> (total, largest contributor)
    where: list = field(default_factory=list)  # (table, row, columns) that publish it
    status: str = ""  # published / primary / secondary / implied
    reason: str = ""


def _persons(cell) -> int:
    return cell.n if cell.persons < 0 else cell.persons


def _digest(members) -> str:
    h = hashlib.sha256("\n".join(sorted(members)).encode()).hexdigest()
    return h[:20]


@dataclass
class _Table:
    name: str
    frame: pd.DataFrame
    links: list  # (row position, columns tuple, cell key)
    count_columns: tuple
    amount_columns: tuple
    gates: list = field(default_factory=list)  # (row position, columns tuple, distinct contributors)


class Release:
    """The tables of one run (or of all runs of a batch over one dataset), before protection.

    Parameters
    ----------
    k : minimum number of contributors of a published cell (default 5).
    dominance : share of a cell's amount one contributor may hold (default 0.8).
    protect_zeros : hide empty cells too (default False: an empty cell describes nobody).
    width : audit protection width: a hidden cell must not be pinned within ±``width`` (default 2).
    perturb : add cell-key noise to published counts and amounts (default False).
    perturb_seed : secret of the record keys (the same secret gives the same noise).
    store : the decisions of earlier runs on the same data, or None.  Any object with
        ``lock()`` (a context manager held while the pattern is decided), ``load()`` (dict cell
        key -> ``{"members", "status", "persons", "tables"}``, empty when nothing was decided; it
        sets ``meta``), ``meta`` (dict of the settings the decided pattern was audited with:
        ``k``, ``width``, ``dominance``, ``protect_zeros``, ``audit_passed``, ...),
        ``save(cells, status, run=, meta=)`` (keep the decided cells: ``cells`` dict key -> cell with
        ``n``, ``persons``, ``members``, ``where``; ``status`` dict key -> (status, reason)) and
        ``path`` (shown in the summary), e.g. :class:`lifelong_analysis.reporting.publish.CellStore`.
    run : name of the run (recorded in the store).
    """

    def __init__(self, *, k: int = 5, dominance: float = 0.8, protect_zeros: bool = False, width: int = 2,
                 perturb: bool = False, perturb_seed: str = "lifelong-analysis", store=None,
                 run: str = ""):
        _check_k(k)
        if not 0 < dominance <= 1:
            raise ValueError(f"dominance must be a share in (0, 1], got {dominance!r}")
        if width < 0:
            raise ValueError(f"width must be ≥ 0, got {width!r}")
        self.k, self.dominance, self.protect_zeros, self.width = int(k), float(dominance), bool(protect_zeros), width
        self.perturb, self.perturb_seed, self.store, self.run = bool(perturb), str(perturb_seed), store, run
        self.tables: dict[str, _Table] = {}
        self.cells: dict[str, _Cell] = {}
        self._plain: dict[str, pd.DataFrame] = {}

    # ---------------------------------------------------------------- building
    def add_plain(self, name: str, table: pd.DataFrame) -> None:
        """A table that describes no persons (scenarios, parameters, model rules): published as it is."""
        self._plain[name] = table

    def add_table(self, name: str, table: pd.DataFrame, *, records, kind: str, frame: pd.DataFrame,
                  cells, count_columns=(), amounts: dict | None = None, contributors=None, gates=None) -> None:
        """Register a table built from the microdata ``frame``.

        Parameters
        ----------
        name : table name (the CSV is ``<name>.csv``).
        table : the unprotected table, one row per published group.
        records : record ids of ``frame`` (same length and order), e.g. ``frame["respondent_id"]``.
        kind : the table kind of the records ("skills_survey", "training", "workforce"): ids of
            different kinds never denote the same record.
        frame : the microdata the table was computed from.
        cells : ``{columns: mask_function}`` (or a list of ``(columns, mask_function)`` pairs, when the
            same columns rest on several cells): ``columns`` is a column name or a tuple of names of
            ``table``; ``mask_function(row, frame)`` returns the boolean mask of the records of
            ``frame`` behind those columns in that row (``None``: the entry is not based on
            persons).  A column listed under several cells is hidden when any of them is.
        count_columns : columns holding the head count of their cell; checked against the cell's size
            (a mismatch means the cell definition is wrong, and raises).
        amounts : ``{column: Series of the amount per record of frame}`` for sums of amounts that
            the dominance rule applies to (the cell of ``column``).
        contributors : ids of the contributors for the dominance rule (default ``records``; e.g. the
            employee of a participation).
        gates : like ``cells`` (``{columns: mask_function}`` or a list of pairs), for counts an
            estimate rests on but does not publish (e.g. the cross-table behind an odds ratio): the
            columns of a row are hidden when a gate of the row has fewer than ``k`` distinct
            contributors, **zero included**; ``None`` from ``mask_function``: no gate in that row.
            A gate is no published cell: it does not enter the joint model, the secondary
            suppression or the audit (see the module's Rules).

        Examples
        --------
        >>> people = pd.DataFrame({"id": range(12), "g": ["a"] * 9 + ["b"] * 3, "y": [0, 1] * 6})
        >>> est = pd.DataFrame({"g": ["a", "b"], "n": [9, 3], "estimate": [0.4, 0.7]})
        >>> rel = Release(k=3)
        >>> rel.add_table("est", est, records=people["id"], kind="people", frame=people,
        ...               cells={"n": lambda row, f: f["g"] == row["g"]}, count_columns=["n"],
        ...               gates=[("estimate", lambda row, f, y=y: (f["g"] == row["g"]) & (f["y"] == y))
        ...                      for y in (0, 1)])
        >>> out = rel.protect()
        >>> out.tables["est"]["estimate"].tolist(), out.tables["est"]["n"].tolist(), out.summary["gated"]
        ([0.4, ':'], [9, 3], 1)
        """
        if name in self.tables or name in self._plain:
            raise ValueError(f"table {name!r} added twice")
        ids = np.asarray([f"{kind}:{r}" for r in records], dtype=object)
        if len(ids) != len(frame):
            raise ValueError(f"table {name!r}: records ({len(ids)}) and frame ({len(frame)} rows) differ in length")
        if len(set(ids)) != len(ids):
            raise ValueError(f"table {name!r}: the record ids are not unique")
        contrib = ids if contributors is None else np.asarray([f"{kind}:{c}" for c in contributors], dtype=object)
        amounts = dict(amounts or {})
        table = table.reset_index(drop=True)

        def pairs(spec, what):
            out = []
            for columns, fn in (spec.items() if isinstance(spec, dict) else spec):
                cols = (columns,) if isinstance(columns, str) else tuple(columns)
                missing = [c for c in cols if c not in table.columns]
                if missing:
                    raise ValueError(f"table {name!r}: {what} columns {missing} are not in the table")
                out.append((cols, fn))
            return out

        gate_list = []
        for cols, fn in pairs(gates or {}, "gate"):
            for pos, row in table.iterrows():
                mask = fn(row, frame)
                if mask is not None:
                    gate_list.append((int(pos), cols, len(set(contrib[np.asarray(mask, dtype=bool)]))))
        links = []
        for cols, fn in pairs(cells, "cell"):
            for pos, row in table.iterrows():
                mask = fn(row, frame)
                if mask is None:
                    continue
                mask = np.asarray(mask, dtype=bool)
                members = ids[mask]
                key = _digest(members)
                cell = self.cells.get(key)
                if cell is None:
                    cell = self.cells[key] = _Cell(key=key, members=frozenset(members), n=len(members),
                                                   persons=len(set(contrib[mask])))
                cell.where.append((name, int(pos), cols))
                for c in cols:
                    if c in count_columns:
                        shown = pd.to_numeric(pd.Series([row[c]]), errors="coerce").iloc[0]
                        if pd.notna(shown) and int(round(shown)) != _persons(cell):
                            raise ValueError(f"table {name!r}, row {pos}, column {c!r}: the count {shown} differs "
                                             f"from the {_persons(cell)} contributors of its cell definition")
                    if c in amounts:
                        v = pd.to_numeric(pd.Series(amounts[c]), errors="coerce").fillna(0).to_numpy()[mask]
                        per = pd.Series(np.abs(v)).groupby(contrib[mask]).sum() if len(v) else pd.Series([0.0])
                        cell.amounts[c] = (float(np.abs(v).sum()), float(per.max()))
                links.append((int(pos), cols, key))
        self.tables[name] = _Table(name, table, links, tuple(count_columns), tuple(amounts), gate_list)

    def merge(self, other: "Release", *, prefix: str) -> None:
        """Add every table and cell of ``other`` (tables renamed ``prefix + name``).

        The batch's pre-plan merges the releases of all runs on one dataset and protects the union
        once; a cell published by several runs is one cell (same records, same key).
        """
        for name, t in other.tables.items():
            new = prefix + name
            if new in self.tables or new in self._plain:
                raise ValueError(f"table {new!r} added twice")
            self.tables[new] = _Table(new, t.frame, list(t.links), t.count_columns, t.amount_columns, list(t.gates))
        for key, c in other.cells.items():
            where = [(prefix + t, r, cols) for t, r, cols in c.where]
            mine = self.cells.get(key)
            if mine is None:
                self.cells[key] = _Cell(key=key, members=c.members, n=c.n, persons=c.persons, amounts=dict(c.amounts),
                                        where=where)
            else:
                mine.where.extend(where)
                for col, v in c.amounts.items():
                    mine.amounts.setdefault(col, v)

    # ---------------------------------------------------------------- protecting
    def protect(self) -> "Protected":
        """Primary and joint secondary suppression, the audit, and (optionally) perturbation.

        Returns
        -------
        :class:`Protected` with the protected tables and a summary
        (``k``, ``primary``, ``secondary``, ``implied``, ``gated``, ``audit_passed``, ``width``,
        ``perturbed``).
        Raises :class:`DisclosureError` when no pattern passes the audit.
        """
        lock = self.store.lock() if self.store is not None else contextlib.nullcontext()
        with lock:
            earlier = self.store.load() if self.store is not None else {}
            meta = self.store.meta if self.store is not None else {}
            if (earlier and all(c in earlier for c in self.cells) and meta.get("audit_passed")
                    and meta.get("k") == self.k and meta.get("width") == self.width
                    and meta.get("dominance") == self.dominance and meta.get("protect_zeros") == self.protect_zeros):
                # every cell was decided (and audited together) by earlier runs: reuse the pattern
                status = {c: (earlier[c]["status"], "earlier run") for c in earlier}
                return self._result(status, meta.get("implied", 0),
                                    {"audited": meta.get("audited", 0), "narrowest": meta.get("narrowest")})
            cells = dict(self.cells)
            for key, old in earlier.items():  # cells of earlier runs on the same data constrain this one
                if key not in cells:
                    cells[key] = _Cell(key=key, members=frozenset(old["members"]), n=len(old["members"]),
                                   persons=old.get("persons", -1),
                                       where=[(t, -1, ()) for t in old.get("tables", [])])
            status, implied, audit_result = _solve(cells, earlier, k=self.k, dominance=self.dominance,
                                                   protect_zeros=self.protect_zeros, width=self.width)
            if self.store is not None:
                self.store.save(cells, status, run=self.run,
                                meta={"k": self.k, "width": self.width, "dominance": self.dominance,
                                      "protect_zeros": self.protect_zeros, "audit_passed": True,
                                      "implied": len(implied), "audited": audit_result["audited"],
                                      "narrowest": audit_result["narrowest"]})
        return self._result(status, len(implied), audit_result)

    def _result(self, status, n_implied, audit_result) -> "Protected":
        tables = {name: self._apply(t, status) for name, t in self.tables.items()}
        tables.update(self._plain)
        mine = set(self.cells)
        summary = {
            "k": self.k, "dominance": self.dominance, "protect_zeros": self.protect_zeros, "width": self.width,
            "cells": len(mine),
            "primary": sum(status[c][0] == "primary" for c in mine),
            "secondary": sum(status[c][0] == "secondary" for c in mine),
            "implied": n_implied,
            "gated": sum(len(self._gated(t)) for t in self.tables.values()),  # entries hidden by gates
            "audit_passed": True, "audited": audit_result["audited"],
            "narrowest_width": audit_result["narrowest"], "perturbed": self.perturb,
            "store": str(self.store.path) if self.store is not None else None,
            "count_columns": {name: list(t.count_columns) for name, t in self.tables.items()},
        }
        return Protected(tables=tables, summary=summary, status={c: status[c] for c in mine})

    def attack(self, published: set) -> dict:
        """Audit an arbitrary pattern: the exact integer intervals a reader gets for every hidden cell
        (primary and secondary, not the empty ones) and every implied difference.

        Parameters
        ----------
        published : keys of the cells shown (e.g. ``{k for k, (s, _) in protected.status.items() if
            s == "published"}``, perhaps weakened on purpose).

        Returns
        -------
        the dict of :func:`audit` (``failures`` lists the cells that can be pinned within ±width).
        """
        cells = self.cells
        keys = sorted(cells, key=lambda c: (-cells[c].n, c))
        X, atom_n = _atoms(keys, cells)
        col = {c: j for j, c in enumerate(keys)}
        # every hidden cell (primary and secondary) with records; an empty cell has no inner cell to hide
        sens = {c: X[:, col[c]] for c in keys if c not in published and cells[c].n > 0}
        for a, b in _nested_implied(keys, cells, X, self.k):
            sens[f"implied:{keys[a]}-{keys[b]}"] = X[:, b] - X[:, a]
        return audit(X, atom_n, [col[c] for c in keys if c in published], sens, width=self.width)

    def _gated(self, t: _Table) -> set:
        """Entries (row position, column) of ``t`` hidden by a gate (fewer than k contributors, zero included)."""
        return {(pos, c) for pos, cols, n in t.gates if n < self.k for c in cols}

    def _apply(self, t: _Table, status: dict) -> pd.DataFrame:
        out = t.frame.copy()
        hidden_entries: dict[int, set] = {}
        for pos, cols, key in t.links:
            if status[key][0] != "published":
                hidden_entries.setdefault(pos, set()).update(cols)
        for pos, c in self._gated(t):
            hidden_entries.setdefault(pos, set()).add(c)
        touched = {c for _p, cols, _k in t.links for c in cols} | {c for _p, cols, _n in t.gates for c in cols}
        for c in touched:
            out[c] = out[c].astype(object)
        if self.perturb:
            keys = record_keys(self.perturb_seed)
            for pos, cols, key in t.links:
                if status[key][0] != "published":
                    continue
                u = cell_key_noise(self.cells[key].members, keys)
                for c in cols:
                    v = out.at[pos, c]
                    if c in t.count_columns and isinstance(v, (int, float, np.integer, np.floating)) and pd.notna(v):
                        # a published count stays published: never pushed under k (nor an empty cell made non-empty)
                        out.at[pos, c] = int(max(self.k, round(v) + _count_noise(u))) if v > 0 else 0
                    elif c in t.amount_columns and isinstance(v, (int, float, np.integer, np.floating)):
                        out.at[pos, c] = float(v) * (1 + AMOUNT_NOISE * (2 * u - 1))
        for pos, cols in hidden_entries.items():
            for c in cols:
                out.at[pos, c] = SUPPRESSED
        for c in out.columns:
            if c in SHARE_COLUMNS or c in EFFECTIVE_SIZE_COLUMNS:
                digits = 2 if c in SHARE_COLUMNS else 1
                out[c] = [round(float(v), digits) if isinstance(v, (float, np.floating)) and pd.notna(v) else v
                          for v in out[c]]
        return out


@dataclass
class Protected:
    """Protected tables of a :class:`Release` with the summary of what was done.

    Attributes
    ----------
    tables : dict name -> DataFrame (hidden entries ``":"``).
    summary : dict (``k``, ``cells``, ``primary``, ``secondary``, ``implied``, ``gated`` (entries
        hidden by gates), ``audit_passed``,
        ``audited``, ``narrowest_width``, ``perturbed``, ...), for the report's provenance box.
    status : dict cell key -> (status, reason).
    """

    tables: dict
    summary: dict
    status: dict

    def is_hidden(self, name: str) -> bool:
        """Whether any entry of table ``name`` is suppressed."""
        return bool((self.tables[name].astype(object) == SUPPRESSED).to_numpy().any())

    def require(self, name: str) -> pd.DataFrame:
        """Table ``name``, which the report cannot do without: raise :class:`DisclosureError` if any entry is hidden."""
        t = self.tables[name]
        if (t.astype(object) == SUPPRESSED).to_numpy().any():
            raise DisclosureError(f"table {name!r} must be suppressed (too few contributors, or one dominates); "
                                  "the report would reveal it, so it is not made")
        return t


# --------------------------------------------------------------------------- the solver

def _nested_implied(keys, cells, X, k):
    """Pairs (a, b) of nested cells A ⊂ B with 0 < |B∖A| < k (their difference is sensitive)."""
    if not len(keys):
        return []
    sizes = X.sum(axis=0)
    inter = X.T @ X
    n = np.array([cells[c].n for c in keys])
    diff = n[None, :] - n[:, None]
    nested = (np.abs(inter - sizes[:, None]) < 0.5) & (diff > 0) & (diff < k)
    np.fill_diagonal(nested, False)
    return [tuple(p) for p in np.argwhere(nested)]


def _atoms(keys, cells):
    """Inner cells: records grouped by the set of cells they belong to.  Returns (X atoms×cells, atom sizes)."""
    records = sorted(set().union(*(cells[k].members for k in keys))) if keys else []
    index = pd.Index(records)  # record id -> row, looked up in C
    inc = np.zeros((len(records), len(keys)), dtype=bool)
    for j, key in enumerate(keys):
        inc[index.get_indexer(list(cells[key].members)), j] = True
    if not len(records):
        return np.zeros((0, len(keys))), np.zeros(0)
    packed = np.packbits(inc, axis=1)
    _, first, counts = np.unique(packed, axis=0, return_index=True, return_counts=True)
    X = inc[first].astype(float)
    return X, counts.astype(float)


def _solve(cells: dict, earlier: dict, *, k, dominance, protect_zeros, width, max_rounds: int = 40):
    keys = sorted(cells, key=lambda c: (-cells[c].n, c))
    X, atom_n = _atoms(keys, cells)
    col = {c: j for j, c in enumerate(keys)}
    values = atom_n @ X  # true cell sizes
    status = {}
    for c in keys:
        cell = cells[c]
        old = earlier.get(c, {}).get("status")
        if old is not None and old != "published":
            status[c] = (old, "earlier run")
        elif 0 < _persons(cell) < k or (protect_zeros and cell.n == 0):
            status[c] = ("primary", f"fewer than {k} contributors")
        elif any(tot > 0 and top > dominance * tot for tot, top in cell.amounts.values()):
            status[c] = ("primary", f"one contributor holds more than {dominance:.0%} of the amount")
    implied_pairs = _nested_implied(keys, cells, X, k)
    implied = [X[:, b] - X[:, a] for a, b in implied_pairs]
    must = [c for c in keys if earlier.get(c, {}).get("status") == "published"]
    extra_hidden: set = set()
    sens_all = {f"implied:{keys[a]}-{keys[b]}": v for (a, b), v in zip(implied_pairs, implied)}
    known: dict = {}  # intervals of cells that passed: hiding more cells only widens them
    lp_wide: set = set()  # cells wide in the LP bounds of an earlier round: they stay wide
    for _round in range(max_rounds):
        hidden = set(status) | extra_hidden
        pattern = _gauss(X, keys, hidden, implied, must)
        st = dict(status)
        for c in keys:
            if c in hidden:
                st.setdefault(c, ("secondary", "binds a hidden cell (audit)"))
            elif not pattern[c]:
                st[c] = ("secondary", "protects a hidden cell")
            else:
                st[c] = ("published", "")
        # the audit covers every suppressed cell (primary and secondary: a reader must not pin any cell
        # shown as ":" within ±width) and the implied differences; an empty cell has no records to protect
        sens = {c: X[:, col[c]] for c in keys if st[c][0] != "published" and cells[c].n > 0} | sens_all
        # the published cells only shrink from round to round: a cell that passed stays passing
        sens = {n: v for n, v in sens.items() if n not in known}
        # a cell narrow in the LP fails for certain and is fixed at once: the integer programs prove
        # the other cells only on a pattern that passes the LP audit (notebook 02's health-care report
        # alone: two rounds stop at the LP bounds in 0.1 s, the third passes them and goes on to the
        # integer programs)
        result = audit(X, atom_n, [col[c] for c in keys if st[c][0] == "published"], sens, width=width,
                       stop_at_lp_failures=True, lp_wide=lp_wide)
        lp_wide.update(result["lp_wide"])
        if result["complete"]:
            known.update((n, v) for n, v in result["intervals"].items() if n not in result["failures"])
        if not result["failures"]:
            for c in must:
                if st[c][0] != "published":
                    raise DisclosureError(f"cell {_describe(cells[c])} was published by an earlier run but must "
                                          "now be hidden; remove the cell store to start the releases afresh")
            widths = [hi - lo for lo, hi in known.values()]
            return st, implied, {"audited": len(known), "narrowest": float(min(widths)) if widths else None,
                                 "intervals": dict(known), "failures": {}}
        # keep this round's hidden cells hidden (so passing cells stay passing) and hide, for each failing
        # cell, the smallest published cell that binds it
        extra_hidden |= {c for c in keys if st[c][0] != "published"}
        added = False
        # primary and implied failures first: widening a primary cell often widens the secondary cells
        # that depend on it (477 = 481 − 4), so secondary failures are fixed only when no primary or
        # implied cell fails any more
        first = sorted(n for n in result["failures"] if n not in cells or st[n][0] == "primary")
        for name in first or sorted(result["failures"]):
            options = [keys[j] for j in result["failures"][name]
                       if keys[j] not in must and keys[j] not in extra_hidden and cells[keys[j]].n > 0]
            if options:
                extra_hidden.add(min(options, key=lambda c: (cells[c].n, c)))
                added = True
        if not added:
            break
    name = next(iter(result["failures"]))
    what = _describe(cells[name]) if name in cells else "a difference of two published cells " + name
    lo, hi = result["intervals"][name]
    if result["exact"] or not result["complete"]:  # an LP failure is certain
        how = f"can be narrowed to [{lo:g}, {hi:g}] from the published cells"
    else:
        how = (f"could not be shown safe: the integer tables searched (each inner cell within ±{WINDOW} records "
               f"of its true count, as for every model above {LARGE_MODEL} inner cells) reach only [{lo:g}, {hi:g}]")
    raise DisclosureError(f"disclosure audit failed: {what} {how} (protection width ±{width})")


def _describe(cell: _Cell) -> str:
    places = [f"{t} row {r} ({', '.join(c)})" if r >= 0 else f"{t} (earlier run)" for t, r, c in cell.where[:3]]
    return f"{cell.n} records, published in {'; '.join(places) or 'no table'}"


def _gauss(X, keys, hidden: set, implied: list, must: list) -> dict:
    """Greedy Gaussian elimination: which candidate cells can be published.

    A candidate is published unless it brings a hidden (or implied) cell into the span of the
    published columns.  Cells that must stay published (earlier runs) are taken first.
    """
    n_atoms = X.shape[0]
    order = [c for c in must if c not in hidden] + [c for c in keys if c not in hidden and c not in set(must)]
    col = {c: j for j, c in enumerate(keys)}
    sens = [X[:, col[c]] for c in keys if c in hidden] + list(implied)
    # the orthonormal basis of the published columns (Q) and the residuals of the sensitive vectors
    # (R) grow by one row per candidate at most: rows of buffers filled in place, not a new array
    # per row (50 000 answers: 14 412 inner cells, 300 candidates)
    n_sens = len(sens)
    Rbuf = np.zeros((n_sens + len(order), n_atoms))
    Rbuf[:n_sens] = np.array(sens, dtype=float).reshape(n_sens, n_atoms)
    Qbuf = np.zeros((len(order), n_atoms))
    n_r, n_q = n_sens, 0
    norm0 = np.maximum((Rbuf[:n_r] * Rbuf[:n_r]).sum(axis=1), 1e-300)
    published = {}
    tol = 1e-9
    for c in order:
        Q, R = Qbuf[:n_q], Rbuf[:n_r]
        x = X[:, col[c]]
        r = x - Q.T @ (Q @ x)
        r = r - Q.T @ (Q @ r)
        nr = float(np.sqrt(r @ r))
        if nr < tol * max(1.0, float(np.sqrt(x @ x))):
            published[c] = True  # already implied by published cells: adds nothing
            continue
        u = r / nr
        proj = R @ u
        rem = (R * R).sum(axis=1) - proj * proj
        reveals = bool(len(rem)) and bool((rem <= tol * norm0).any())
        if reveals and c not in must:
            published[c] = False
            Rbuf[n_r] = r
            n_r += 1
            norm0 = np.append(norm0, max(float(x @ x), 1e-300))
            continue
        published[c] = True
        Qbuf[n_q] = u
        n_q += 1
        R -= np.outer(proj, u)
    return published


def _quiet_highs() -> "highspy.Highs":
    """A ``highspy.Highs`` without its banner: the first one made in a process prints two lines to
    the C-level standard output, which a Jupyter kernel would put into the report."""
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "wb") as null:
            os.dup2(null.fileno(), 1)
            h = highspy.Highs()
    finally:
        os.dup2(saved, 1)
        os.close(saved)
    h.setOptionValue("output_flag", False)
    return h


class _WarmLP:
    """The reader's LP (non-negative inner cells reproducing the published cells), built once.

    One ``highspy.Highs`` model whose objective (and one optional extra row) changes from solve to
    solve; HiGHS starts each solve from the previous basis, which is about three times faster than
    a fresh ``scipy.optimize.linprog`` per cell on the default batch (benchmarks/README.md).  Primal
    simplex: only the objective changes between solves, so the last basis stays feasible and primal
    simplex continues from it (2 ms per solve on the default batch against 31 ms for HiGHS's default
    dual simplex, the same optima).

    ``presolve=False`` skips HiGHS's presolve.  On a national-scale model nearly all of the first
    solve is presolve's search for the linearly dependent published cells (50 000 answers: 4.6 of
    5.0 s, against 0.5 s for the whole solve without presolve, the same optimum); the later solves
    start from the last basis and skip presolve anyway."""

    def __init__(self, A: csr_matrix, b: np.ndarray, upper: np.ndarray, *, presolve: bool = True):
        self.n, self.m = A.shape[1], A.shape[0]
        self.h = _quiet_highs()  # output off
        self.h.setOptionValue("simplex_strategy", 4)  # primal simplex (see above)
        if not presolve:
            self.h.setOptionValue("presolve", "off")
        self.h.addVars(self.n, np.zeros(self.n), np.asarray(upper, dtype=float))
        self.h.addRows(self.m, b, b, A.nnz, A.indptr[:-1].astype(np.int32), A.indices.astype(np.int32),
                       A.data.astype(float))
        self.cols = np.arange(self.n, dtype=np.int32)

    def solve(self, c, *, row=None, lower: float = -np.inf, upper: float = np.inf):
        """Minimise ``c @ x``; ``row`` adds the constraint ``lower <= row @ x <= upper`` for this solve.
        Returns ``(x, value, row_duals)``, or None when no table satisfies the constraints."""
        h = self.h
        h.changeColsCost(self.n, self.cols, np.asarray(c, dtype=float))
        if row is not None:
            idx = np.flatnonzero(row).astype(np.int32)
            inf = highspy.kHighsInf
            h.addRow(max(lower, -inf), min(upper, inf), len(idx), idx, np.asarray(row, dtype=float)[idx])
        h.run()
        ok = h.getModelStatus() == highspy.HighsModelStatus.kOptimal
        out = None
        if ok:
            sol = h.getSolution()
            out = (np.asarray(sol.col_value), float(h.getInfo().objective_function_value),
                   np.asarray(sol.row_dual)[: self.m])
        if row is not None:
            h.deleteRows(1, np.array([self.m], dtype=np.int32))
        return out


#: Parts the open cells are split into for the integer programs that push many cells apart at once
#: (:func:`audit`); the parts are solved side by side, on as many cores as there are parts.
PUSH_PARTS = 2

#: Open cells (wide in the LP, narrow in the integer tables found) from which :func:`audit` first
#: looks for integer tables that move all of them at once by a linear objective; with fewer, the
#: push programs (one indicator per cell and direction) settle more cells per program.  On six
#: audits replayed (the default batch's two rounds, notebook 02's alone) 20 and 30 were the
#: fastest of 2, 10, 20, 30, 50 and "never" (18-19 s in all, against 21.5-24 s;
#: benchmarks/README.md).  The result does not depend on it, only the time.
PULL_MIN = 20

#: Inner cells above which :func:`audit` searches its integer tables near the true one (``window="auto"``).
#: Over the full range HiGHS's integer programs do not end on a national-scale model: at 50 000
#: respondents (14 412 inner cells, counts bounded by the published cells in the thousands) the root
#: node's rounding heuristic propagates bounds for minutes past the time limit (benchmarks/README.md).
#: The default batch's models have about 1 000 inner cells and keep the exact search.
LARGE_MODEL = 5000
#: How far each inner cell's count may move from its true count in that search (records).  With
#: ±5 one integer program for many cells takes about 10 s on the 50 000-respondent model and
#: ends; over the full range it did not end within 10 minutes.
WINDOW = 5


def audit(X, atom_n, published_cols, sensitive: dict, *, width: int = 2, time_limit: float = 30.0,
          node_limit: int = 2000, max_ilp: int | None = None, seed: int = 0, tries: int = 4,
          window: int | None | str = "auto", stop_at_lp_failures: bool = False, lp_wide=()) -> dict:
    """The attacker's check: exact integer bounds of every sensitive cell from the published cells.

    Parameters
    ----------
    X : model matrix, inner cells × cells (0/1).
    atom_n : records per inner cell (the true counts, unknown to a reader).
    published_cols : columns of ``X`` that are published (their values are known).
    sensitive : name -> 0/1 (or ±1) vector over the inner cells (hidden cells, primary and
        secondary, and implied differences).
    width : a cell fails when its integer interval is at most ``2 × width`` wide (it can be pinned
        within ±``width``).
    time_limit : seconds per integer program, a safety net.  On a time-out the best integer table
        found is used as the bound (an attacker may do better than the search did, never worse than
        a table that exists, so the interval kept is *narrower* than or equal to the true one: the
        audit errs on the side of hiding more).  A time-out makes the pattern depend on the
        machine's load, so the default is well above what the integer programs of the default
        batch need (≈ 3 s each on an idle core; every one ends at the root node).
    node_limit : branch-and-bound nodes per integer program; reaching it is treated like a time-out.
        Unlike the time limit it does not depend on the machine: the same cells give the same pattern.
    max_ilp : at most this many integer programs (default None: as many as needed; 0 gives the old
        LP-only audit, the LP bounds rounded to whole numbers, kept for comparison).
    seed : seed of the random objectives that start the search (the result does not depend on it).
    tries : LPs with random objectives tried (their vertices are often integral) before an integer
        program looks for a table beyond a cell's bound.
    window : where the integer programs look for tables.  None: over the full range (exact: every
        interval is the true integer one).  A whole number ``w``: only tables whose inner cells are
        each within ±``w`` records of the true counts (and non-negative).  Every table found is
        still a witness, so a cell passes only when two integer tables more than ``2 × width``
        apart exist, but a cell the search cannot widen is taken as failing: the audit stays
        sound and errs on the side of hiding more (a failing cell's interval is then the range
        the tables found reach, inside the true one).  ``"auto"`` (default): ``WINDOW`` for
        models with more than ``LARGE_MODEL`` inner cells, else None.
    stop_at_lp_failures : stop after the LP bounds when a cell is narrow there.  Such a cell fails
        for certain (its integer interval lies inside the LP one), and a caller that will hide
        more cells anyway need not prove the others first: the result is then ``complete`` False,
        its ``failures`` are the cells narrow in the LP, and the other cells' intervals are LP
        bounds (or the witnesses' range), not proofs.  :class:`Release` uses it in its fix rounds,
        so that the integer programs run only on a pattern that passes the LP audit.
    lp_wide : names of sensitive cells known to be more than ``2 × width`` wide in the LP bounds,
        e.g. from an earlier audit with more cells published (hiding cells only widens the LP
        bounds).  They cannot fail in the LP, so their LP bounds are computed only when the
        integer programs still need them; the failures and their intervals are the same.

    Returns
    -------
    dict with ``intervals`` (name -> (min, max), whole numbers), ``failures`` (name -> columns of
    the published cells binding the bounds, from the LP duals), ``audited`` (number of cells),
    ``narrowest`` (smallest interval width found, or None), ``lp_solves``, ``ilp_solves``,
    ``ilp_timeouts``, ``push_solves`` (integer programs for many cells at once), ``exact``
    (False when the integer search was limited by ``window``), ``complete`` (False when
    ``stop_at_lp_failures`` stopped it before the integer programs) and ``lp_wide`` (the names
    known to be wide in the LP bounds, for a later audit's ``lp_wide``).

    The reader's unknowns are the non-negative whole counts of the inner cells, constrained to
    reproduce every published cell.  Every *integer* table consistent with the published cells
    (the true one, an LP vertex that happens to be integral, an integer program's solution) is a
    witness: it widens the known range of every sensitive cell at once.  A cell is settled as
    safe as soon as its witnesses are more than ``2 × width`` apart.  Otherwise its LP bounds
    (one warm ``highspy`` model, :class:`_WarmLP`) are computed: the integer interval lies inside them, so a
    cell narrow in the LP fails without more work; a bound reached by an integral LP optimum (a
    witness at the bound) is exact and ends the search in that direction; for the cells still
    open, integer programs near the true table first move all of them up and down at once (a
    linear objective with random weights, while ``PULL_MIN`` or more are open; exact audit
    only), then one looks for a table pushing as many of them as possible more than
    ``2 × width`` away from a witness (repeated while it settles more; on a large model, one
    program over all open cells, then the same over the inner cells inside some sensitive cell
    only, every other inner cell at its true count, while they move an open cell); only the rest need
    integer programs of their own (``scipy.optimize.milp``, HiGHS, with ``time_limit``).  The
    integer interval can be narrower than the LP one (a parity constraint such as
    ``x1 + x2 ≤ 1, x2 + x3 ≤ 1, x1 + x3 ≤ 1`` lets the LP reach 1.5 but the integers only 1).
    """
    names = list(sensitive)
    if window == "auto":
        window = WINDOW if X.shape[0] > LARGE_MODEL else None
    if window is not None:
        window = int(window)
        if window < 1:
            raise ValueError(f"window must be a positive number of records or None, got {window}")
    empty = {"intervals": {}, "failures": {}, "audited": 0, "narrowest": None, "lp_solves": 0, "ilp_solves": 0,
             "ilp_timeouts": 0, "push_solves": 0, "exact": window is None, "complete": True, "lp_wide": []}
    if not names:
        return empty
    V = np.array([sensitive[n] for n in names], dtype=float)
    n_atoms = X.shape[0]
    P = X[:, published_cols]
    big = float(atom_n.sum()) * 2 + 10  # an atom in no published cell: bounded by twice the records
    if not len(published_cols):
        intervals = {n: (0.0, big) for n in names}
        return dict(empty, intervals=intervals, audited=len(names), narrowest=big)
    A = csr_matrix(P.T)
    b = P.T @ atom_n
    ub = np.full(n_atoms, big)
    for j in range(P.shape[1]):
        idx = np.flatnonzero(P[:, j])
        ub[idx] = np.minimum(ub[idx], b[j])
    bounds = np.column_stack([np.zeros(n_atoms), ub])  # the reader's range of every inner cell
    # near the true table: each inner cell within ±window (or ±WINDOW) records of its true count.  The
    # push programs search there first (it is faster: 3.5 s against 8.4 s for one audit of notebook
    # 02's 1 500 answers, the same cells settled), then over the full range unless ``window`` is set
    near = np.column_stack([np.maximum(0.0, atom_n - (window or WINDOW)), np.minimum(ub, atom_n + (window or WINDOW))])
    if window is not None:  # the single integer programs' range (see ``window``)
        bounds = near
    # the push programs are a heuristic (10 s is far above their 2-3 s on the default batch); on a large
    # model one takes 10-12 s near the true table, so it gets the full time limit there: with 10 s
    # the first one on the 50 000-respondent model finished or not by the machine's speed
    push_limit = time_limit if window is not None else min(time_limit, 10.0)
    truth = V @ atom_n
    lo_int, hi_int = truth.copy(), truth.copy()  # range over integer witness tables
    limit = 2 * width  # fails when hi - lo <= limit
    n_lp = n_ilp = n_timeout = n_push = 0
    cons = LinearConstraint(A, b, b)
    integrality = np.ones(n_atoms)
    ilp_bounds = Bounds(bounds[:, 0], bounds[:, 1])
    def witness(x) -> None:
        nonlocal lo_int, hi_int
        if x is not None and len(x) == n_atoms and np.all(np.abs(x - np.round(x)) < 1e-7):
            x = np.round(x)
            if np.abs(A @ x - b).max() > 0.5:  # never taken: a solver's table must give every published cell
                return
            vals = V @ x
            lo_int, hi_int = np.minimum(lo_int, vals), np.maximum(hi_int, vals)

    # a large model's LP without presolve (why: _WarmLP).  Models of a municipality keep it, and with
    # it their patterns: the LP duals choose the complements, and presolve changes which optimal
    # dual HiGHS returns
    warm = _WarmLP(A, b, ub, presolve=window is None)

    def lp(c, **extra):
        nonlocal n_lp
        res = warm.solve(c, **extra)
        n_lp += 1
        if res is not None:
            witness(res[0])
        return res

    def table_beyond(i: int, sign: float, target: float) -> int:
        """One integer program: a table with cell ``i`` at or above ``target`` (``sign`` > 0) or at or
        below it; a table found is a witness.  Neither found nor proved impossible (a time-out or
        the node limit) is counted in ``ilp_timeouts`` and treated like impossible.  Returns the
        ``milp`` status (0 found, 2 proved impossible)."""
        nonlocal n_ilp, n_timeout
        beyond = LinearConstraint(V[i][None, :], target if sign > 0 else -np.inf, np.inf if sign > 0 else target)
        m = milp(np.zeros(n_atoms), constraints=[cons, beyond], integrality=integrality,
                 bounds=ilp_bounds, options={"time_limit": time_limit, "node_limit": node_limit})
        n_ilp += 1
        witness(m.x)
        if m.status not in (0, 2):
            n_timeout += 1
        return m.status

    def push_apart(cells: np.ndarray, lo_lp: np.ndarray, hi_lp: np.ndarray, box: np.ndarray, atoms=None,
                   to_bounds: bool = False):
        """One integer program for many cells at once: an integer table that takes as many of
        ``cells`` as possible more than 2 × width away from a witness already known (above the
        smallest value seen or below the largest).  Every table it finds is a witness, so a cell it
        moves far enough is proved safe; a cell it does not move is decided on its own afterwards.
        A heuristic that saves integer programs, never one that decides a cell in the exact audit
        (so its time limit, there at most 10 s, cannot change the pattern; near the true table
        only, ``window``, a time-out can keep a cell hidden).  ``atoms`` (positions of inner cells):
        only those move, every other inner cell keeps its true count, so the program is smaller
        and its table still gives every published cell.  ``to_bounds``: a goal beyond a cell's LP
        bound is replaced by the bound itself (a table at a cell's lowest value halves the way
        the next program has to push it up).  Returns the table found (inner-cell counts), or
        None; it reads the witnesses and changes nothing, so two of them can run at once."""
        rows, lower, upper = [], [], []
        n_y = 0
        for i in cells:
            for sign in (1.0, -1.0):
                goal = lo_int[i] + limit + 1 if sign > 0 else hi_int[i] - limit - 1
                if to_bounds and sign > 0 and goal > hi_lp[i] > hi_int[i]:
                    goal = hi_lp[i]
                elif to_bounds and sign < 0 and goal < lo_lp[i] < lo_int[i]:
                    goal = lo_lp[i]
                if (sign > 0 and goal > hi_lp[i]) or (sign < 0 and goal < lo_lp[i]):
                    continue  # not even a fractional table gets there
                big_m = goal - lo_lp[i] if sign > 0 else hi_lp[i] - goal
                # sign * v.x - big_m * y >= sign * goal - big_m   (y = 1: the cell reaches the goal)
                rows.append((i, sign, big_m))
                lower.append(sign * goal - big_m)
                upper.append(np.inf)
                n_y += 1
        if not n_y:
            return None
        if atoms is None:
            free, P_free, touched, rhs = np.arange(n_atoms), P, np.arange(P.shape[1]), b
        else:
            free = np.asarray(atoms)
            P_free = P[free]
            touched = np.flatnonzero(P_free.any(axis=0))  # published cells with a moving inner cell
            rhs = P_free[:, touched].T @ atom_n[free]
        n_x = len(free)
        coef = np.zeros((n_y, n_x + n_y))
        for r, (i, sign, big_m) in enumerate(rows):
            coef[r, :n_x] = sign * V[i, free]
            if atoms is not None:  # the inner cells that keep their counts add a constant to the cell
                lower[r] -= sign * (truth[i] - V[i, free] @ atom_n[free])
            coef[r, n_x + r] = -big_m
        A_ext = csr_matrix(np.hstack([P_free[:, touched].T, np.zeros((len(touched), n_y))]))
        m = milp(np.concatenate([np.zeros(n_x), -np.ones(n_y)]),
                 constraints=[LinearConstraint(A_ext, rhs, rhs), LinearConstraint(csr_matrix(coef), lower, upper)],
                 integrality=np.ones(n_x + n_y),
                 bounds=Bounds(np.concatenate([box[free, 0], np.zeros(n_y)]), np.concatenate([box[free, 1], np.ones(n_y)])),
                 options={"time_limit": push_limit, "node_limit": node_limit, "mip_rel_gap": 0.5})
        if m.x is None:
            return None
        x = atom_n.astype(float).copy()
        x[free] = m.x[:n_x]
        return x

    rng = np.random.default_rng(seed)
    for _ in range(12):  # integer tables consistent with the published cells that push the narrow cells apart
        narrow = np.flatnonzero(hi_int - lo_int <= limit)
        if not len(narrow):
            break
        w = rng.uniform(0.5, 1.5, size=len(narrow))
        before = len(narrow)
        lp(-(w @ V[narrow]))
        lp(w @ V[narrow])
        if (hi_int - lo_int <= limit).sum() >= before:
            break
    # LP bounds of every cell the witnesses have not settled (the integer interval lies inside); a
    # cell known to be wide in the LP (``lp_wide``) gets them later, only if the integer programs
    # near the true table leave it open
    lo_lp, hi_lp = lo_int.astype(float).copy(), hi_int.astype(float).copy()
    duals: dict = {i: set() for i in range(len(names))}
    wide_before = set(lp_wide)
    deferred = [i for i, n in enumerate(names) if n in wide_before and hi_int[i] - lo_int[i] <= limit]
    lo_lp[deferred], hi_lp[deferred] = -np.inf, np.inf  # wide: computed when needed

    def lp_bounds(i: int) -> None:
        for sign in (1.0, -1.0):  # LP min, then LP max
            if hi_int[i] - lo_int[i] > limit:
                break  # settled by witnesses
            res = lp(sign * V[i])
            if res is None:
                continue
            duals[i].update(published_cols[j] for j in np.flatnonzero(np.abs(res[2]) > 1e-9))
            v = sign * res[1]
            if sign > 0:
                lo_lp[i] = float(np.ceil(v - 1e-7))
            else:
                hi_lp[i] = float(np.floor(v + 1e-7))

    for i in range(len(names)):
        if names[i] not in wide_before:
            lp_bounds(i)
    known_wide = [n for i, n in enumerate(names) if n in wide_before or hi_lp[i] - lo_lp[i] > limit]
    if stop_at_lp_failures and max_ilp != 0:
        certain = np.flatnonzero((hi_int - lo_int <= limit) & (hi_lp - lo_lp <= limit))
        if len(certain):
            return dict(empty, intervals={n: (float(lo_lp[i]), float(hi_lp[i])) for i, n in enumerate(names)},
                        failures={names[i]: sorted(duals[i]) for i in certain}, audited=len(names),
                        narrowest=float((hi_lp - lo_lp).min()), lp_solves=n_lp, complete=False,
                        lp_wide=known_wide)
    # wide in the LP, narrow in the witnesses: integer programs decide.  Many cells at once first:
    # integer tables near the true one that move every open cell up (and one that moves them down)
    # as far as they go, a linear objective with random positive weights; without the indicator
    # variables of ``push_apart`` HiGHS ends in 0.2-0.9 s (default batch, first round: 166 open
    # cells -> 88 -> 44 -> 17 in three pairs).  The two directions run side by side and their tables
    # are taken in order, as the push programs' are; while at least PULL_MIN cells are open.
    def open_cells() -> np.ndarray:  # wide in the LP, narrow in the witnesses
        return np.flatnonzero((hi_int - lo_int <= limit) & (hi_lp - lo_lp > limit))

    near_bounds = Bounds(near[:, 0], near[:, 1])
    pull = np.random.default_rng([seed, 1])  # its own draws: the later searches' stay as they were

    def extreme(c):
        m = milp(c, constraints=[cons], integrality=integrality, bounds=near_bounds,
                 options={"time_limit": push_limit, "node_limit": node_limit})
        return m.x

    for _ in range(8 if window is None else 0):  # not on large models: 318 s against 296 s at 50 000
        open_ = open_cells()
        if len(open_) < PULL_MIN or (max_ilp is not None and n_ilp >= max_ilp):
            break
        c = pull.uniform(0.5, 1.5, size=len(open_)) @ V[open_]
        with ThreadPoolExecutor(max_workers=min(2, os.cpu_count() or 1)) as pool:
            tables = list(pool.map(extreme, (-c, c)))
        n_push += 2
        for x in tables:
            witness(x)
        if len(open_) - len(open_cells()) < 2:
            break
    for i in deferred:  # the LP bounds of the cells known wide that are still open (push and single programs)
        lp_bounds(i)
    # near the true table of a large model, push programs over the inner cells inside some sensitive
    # cell (every other inner cell keeps its true count): the secondary cells hidden around a cell
    # are mostly what lets it move, so these small programs settle most of the cells a push program
    # over every inner cell leaves open (50 000 respondents: 1 474 of 14 412 inner cells, 0.5-1 s
    # a program against 10 s; the 4 cells left by the first full program in 0.5-1.5 s, where a
    # second full program took 7.5 s); they aim at a cell's LP bound when the goal lies beyond it
    local = np.flatnonzero((V != 0).any(axis=0)) if window is not None else None

    def local_pushes() -> None:
        """Push programs over ``local`` only, while they move an open cell (large models only)."""
        nonlocal n_push
        if local is None or len(local) >= n_atoms // 2:
            return
        for _ in range(8):
            open_ = open_cells()
            if not len(open_) or (max_ilp is not None and n_ilp >= max_ilp):
                break
            spread = float((hi_int - lo_int)[open_].sum())
            parts = [p for p in (open_[j::PUSH_PARTS] for j in range(PUSH_PARTS)) if len(p)]
            with ThreadPoolExecutor(max_workers=min(len(parts), os.cpu_count() or 1)) as pool:
                tables = list(pool.map(lambda cells: push_apart(cells, lo_lp, hi_lp, near, atoms=local,
                                                                to_bounds=True), parts))
            n_push += len(parts)
            for x in tables:
                witness(x)
            if float((hi_int - lo_int)[open_].sum()) <= spread:
                break  # no open cell moved

    gain = None  # cells the last push program settled
    for box in [near] if window is not None else [near, bounds]:
        if box is bounds and gain == 0:
            # the last search near the true table settled none of the open cells: they are nearly
            # always narrow, and a single program proves that in 0.1 s where a push program over
            # the full range costs 2 s and finds nothing (the default batch, notebook 02)
            break
        for _ in range(8):  # on the default batch: 166 open cells -> 149 -> 82 -> 56 -> 35 -> 24 -> 13
            open_ = open_cells()
            if len(open_) < 2 or (max_ilp is not None and n_ilp >= max_ilp):
                break
            # the open cells in PUSH_PARTS interleaved parts, one integer program each, run side by side
            # (HiGHS releases the GIL); their tables are taken in order, so the result does not depend
            # on the number of cores.  A large model gets one program over all open cells: it takes
            # as long as each of two parts (10 s at 50 000 respondents) and leaves a core to the
            # kernels beside the batch's plan, and the local programs then run side by side
            n_parts = 1 if window is not None else PUSH_PARTS
            parts = [open_[j::n_parts] for j in range(n_parts)]
            with ThreadPoolExecutor(max_workers=min(n_parts, os.cpu_count() or 1)) as pool:
                tables = list(pool.map(lambda cells: push_apart(cells, lo_lp, hi_lp, box), parts))
            n_push += len(parts)
            for x in tables:
                witness(x)
            local_pushes()
            gain = len(open_) - len(open_cells())
            if gain < 2:
                break  # it settles fewer cells than single integer programs would
    if gain is None:  # fewer than two cells were open for a full program (after one, they ran above)
        local_pushes()
    intervals, failures = {}, {}
    for i, name in enumerate(names):
        if hi_int[i] - lo_int[i] > limit:
            intervals[name] = (float(lo_int[i]), float(hi_int[i]))  # a lower bound on the width: safe
            continue
        lo, hi = float(lo_lp[i]), float(hi_lp[i])
        if hi - lo > limit and window is not None and (max_ilp is None or n_ilp < max_ilp):
            # limited search: no bound is exact, so look for two tables more than 2 × width apart,
            # aiming at the middle of the LP range (its ends are the hardest values to reach in whole
            # numbers): first one at or below ``low``, then one more than 2 × width above the lowest
            # witness; what the tables reach is the interval kept
            low = np.floor((lo + hi - limit - 1) / 2)
            for sign in (-1.0, 1.0):
                if hi_int[i] - lo_int[i] > limit:
                    break
                if sign < 0:
                    if lo_int[i] <= low:
                        continue  # a witness is already low enough
                    target = low
                else:
                    target = lo_int[i] + limit + 1
                    if target > hi:
                        continue  # not even a fractional table gets there
                table_beyond(i, sign, target)  # a time-out only keeps a cell hidden that an exact search might show safe
            lo, hi = float(lo_int[i]), float(hi_int[i])
        elif hi - lo > limit and (max_ilp is None or n_ilp < max_ilp):
            # one bound exactly (free when an integer table reaches the LP bound, else a feasibility
            # program below the lowest witness, and only if a table lies there the minimisation),
            # then one feasibility problem: is there an integer table more than 2 × width beyond it?
            if lo_int[i] == lo:
                sign = 1.0  # the minimum is exact: ask about the maximum
            elif hi_int[i] == hi:
                sign = -1.0
            else:
                sign = 1.0
                # is the lowest witness the minimum?  Proving that no integer table lies below it
                # is far cheaper than minimising (0.1-1.6 s against 2 s for each such cell of the
                # default batch, the same failures)
                below = table_beyond(i, -1.0, lo_int[i] - 1)
                if below == 2:
                    lo = float(lo_int[i])  # no table below a witness: the minimum is exact
                elif hi_int[i] - lo_int[i] > limit:
                    intervals[name] = (float(lo_int[i]), float(hi_int[i]))  # the table found settles it
                    continue
                else:
                    m = milp(V[i], constraints=cons, integrality=integrality, bounds=ilp_bounds,
                             options={"time_limit": time_limit, "node_limit": node_limit})
                    n_ilp += 1
                    witness(m.x)
                    if m.status == 0:
                        lo = float(np.round(m.fun))
                    else:  # time-out: the best integer table found (at or above the true minimum)
                        n_timeout += 1
                        lo = float(lo_int[i])
            base = lo if sign > 0 else hi
            target = base + sign * (limit + 1)
            reached = (lambda: hi_int[i] >= target) if sign > 0 else (lambda: lo_int[i] <= target)
            possible = True
            for _try in range(tries):  # cheap first: LP vertices beyond the target, integral by luck
                if reached():
                    break
                res = lp(rng.uniform(-1, 1, size=n_atoms), row=V[i],
                         **({"lower": target} if sign > 0 else {"upper": target}))
                if res is None:
                    possible = False
                    break  # no table at all beyond the target, not even a fractional one
            if not reached() and possible:
                table_beyond(i, sign, target)
            if hi_int[i] - lo_int[i] > limit:
                lo, hi = float(lo_int[i]), float(hi_int[i])  # two integer tables more than 2 × width apart
            elif sign > 0:
                hi = min(hi, target - 1)  # no integer table reaches the target
            else:
                lo = max(lo, target + 1)
        intervals[name] = (float(lo), float(hi))
        if hi - lo <= limit:
            failures[name] = sorted(duals[i])
    widths = [hi - lo for lo, hi in intervals.values()]
    return {"intervals": intervals, "failures": failures, "audited": len(names),
            "narrowest": float(min(widths)) if widths else None, "lp_solves": n_lp, "ilp_solves": n_ilp,
            "ilp_timeouts": n_timeout, "push_solves": n_push, "exact": window is None, "complete": True,
            "lp_wide": known_wide}


# --------------------------------------------------------------------------- perturbation

def record_keys(seed: str):
    """Function record id -> key in [0, 1) from a keyed SHA-256 (the same seed, the same key)."""
    def key(rid: str) -> float:
        h = hashlib.sha256(f"{seed}\x00{rid}".encode()).digest()
        return int.from_bytes(h[:8], "big") / 2.0 ** 64
    return key


def cell_key_noise(members, keys) -> float:
    """Cell key: the fractional part of the sum of the record keys of the cell's records.

    >>> k = record_keys("s")
    >>> cell_key_noise(["a", "b"], k) == cell_key_noise(["b", "a"], k)
    True
    """
    return float(sum(keys(m) for m in sorted(members)) % 1.0)


def _count_noise(u: float) -> int:
    for upper, noise in PTABLE:
        if u < upper:
            return noise
    return PTABLE[-1][1]


# --------------------------------------------------------------------------- decided cells

def audit_cells(cells: dict, *, k: int = 5, width: int = 2) -> dict:
    """Audit cells decided earlier (e.g. every cell a dataset's runs published together).

    Parameters
    ----------
    cells : dict cell key -> ``{"members": record ids, "status": "published"/"primary"/...,
        "persons": distinct contributors or -1}`` (the ``load()`` of a cell store).
    k : minimum cell size of the implied-difference rule.
    width : protection width (± number of records).

    Returns
    -------
    the dict of :func:`audit` over the published cells, for every hidden cell (primary and secondary)
    and the implied differences.

    >>> cells = {"a": {"members": ["x:1", "x:2"], "status": "primary"},
    ...          "b": {"members": [f"x:{i}" for i in range(1, 11)], "status": "published"}}
    >>> audit_cells(cells)["failures"]
    {}
    """
    rel = Release(k=k, width=width)
    for key, c in cells.items():
        rel.cells[key] = _Cell(key=key, members=frozenset(c["members"]), n=len(c["members"]),
                               persons=c.get("persons", -1))
    return rel.attack({key for key, c in cells.items() if c["status"] == "published"})


def shown_value(value) -> float:
    """A published number as float, NaN where it is suppressed (``":"``).

    >>> shown_value(":"), shown_value(0.25)
    (nan, 0.25)
    """
    if isinstance(value, str) or value is None:
        return float("nan")
    return float(value)


def check_no_small_cells(df: pd.DataFrame, *, count_columns: list[str], k: int = 5) -> None:
    """Raise ``ValueError`` if any shown count in ``count_columns`` is between 1 and ``k − 1``.

    A guard to call on a table just before it is exported.

    >>> check_no_small_cells(pd.DataFrame({"n": [":", 0, 7]}), count_columns=["n"])
    """
    _check_k(k)
    for c in count_columns:
        if c not in df.columns:
            raise ValueError(f"count column {c!r} not in the table")
        shown = pd.to_numeric(df[c].where(df[c] != SUPPRESSED), errors="coerce")
        small = (shown > 0) & (shown < k)
        if small.any():
            raise ValueError(f"column {c!r} shows {int(small.sum())} count(s) below {k}: rows {list(df.index[small])[:5]}")
