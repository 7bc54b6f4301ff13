"""The Eurostat Digital Skills Indicator 2.0 (DSI, dataset ``isoc_sk_dskl_i21``) from yes/no activity items.

Rules (methods.md §2.1 and §8; evidence tags as there)
------------------------------------------------------
Per area, from the number of activities a respondent did in the last three
months [V, Statistics Netherlands 2023; Statistiek Vlaanderen]:

==========================================  ============  ===========  ============
area                                        no skills     basic        above basic
==========================================  ============  ===========  ============
information, communication                  0 activities  1            2 or more
content_creation, safety, problem_solving   0 activities  1–2          3 or more
==========================================  ============  ===========  ============

Overall, among internet users (by the number of the five areas at least basic):

* ``no``: 0 or 1 of 5 areas — **[I]**: Eurostat gives no definition; an ITU
  expert group (2024) aligns "0-1 of 5".  It is the parameter
  ``no_skills_max_areas`` (default 1).  With ``no_skills_max_areas=0`` the
  respondents with exactly one area get the non-Eurostat level ``one_area``.
* ``limited`` = 2, ``narrow`` = 3, ``low`` = 4 of 5 areas [V];
* ``basic`` = all 5 areas at least basic, not all above basic [V];
* ``above_basic`` = all 5 areas above basic [I, from the labels];
* ``at_least_basic`` = basic + above basic [V].

Respondents who did not use the internet in the last three months "could not
be assessed" (``I_DSK2_NA``) [V]; Eurostat keeps them in the 16–74
denominator.  The parameter ``non_users`` chooses: ``"not_assessed"``
(default, Eurostat: own level, kept in the denominator), ``"no_skills"``
(folded into ``no``, as some national publications do), or ``"exclude"``
(left out of the denominator).

Which activity item counts for which area is configuration, not code:
``lifelong_analysis/resources/dsi_items.csv`` (columns item, area,
description_en, description_nb, evidence, source).  Only the information and
safety items are verified from national statistical metadata; the others are
marked ``not confirmed`` because the Eurostat annex listing the 33 activities
was not available (methods.md §7 [NF]).  A data column ``dsi_<item>`` holds
1 if the respondent did the activity.

Examples
--------
>>> import pandas as pd
>>> items = pd.DataFrame({"item": ["i1", "c1", "k1", "s1", "p1"],
...     "area": ["information", "communication", "content_creation", "safety", "problem_solving"]})
>>> d = pd.DataFrame({"respondent_id": ["r1"], "dsi_i1": [1], "dsi_c1": [1], "dsi_k1": [1],
...                   "dsi_s1": [1], "dsi_p1": [0]})
>>> classify(d, items=items)[["respondent_id", "n_areas_at_least_basic", "dsi_level"]]
  respondent_id  n_areas_at_least_basic dsi_level
0            r1                       4       low
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from lifelong_analysis.stats import survey
from lifelong_analysis.data import vocab
from lifelong_analysis.paths import RESOURCES_DIR

AREAS: list[str] = vocab.codes("digcomp_area")

#: Minimum number of activities for "basic" and for "above basic", per area
#: [V] CBS 2023 / Statistiek Vlaanderen (methods.md §8).
AREA_THRESHOLDS: dict[str, tuple[int, int]] = {
    "information": (1, 2),
    "communication": (1, 2),
    "content_creation": (1, 3),
    "safety": (1, 3),
    "problem_solving": (1, 3),
}

#: Per-area levels, in order.
AREA_LEVELS: list[str] = ["no", "basic", "above_basic", "not_assessed"]

#: Overall levels, in report order (lowest first); ``at_least_basic`` is the sum of the last two assessed.
OVERALL_LEVELS: list[str] = ["not_assessed", "no", "limited", "narrow", "low", "basic", "above_basic"]
#: The ordered (assessed) levels used as an ordinal outcome.
ASSESSED_LEVELS: list[str] = ["no", "limited", "narrow", "low", "basic", "above_basic"]
AT_LEAST_BASIC = "at_least_basic"


NON_USER_OPTIONS = ("not_assessed", "no_skills", "exclude")
ITEM_EVIDENCE = ("verified", "not confirmed")
ITEMS_FILE = RESOURCES_DIR / "dsi_items.csv"


def load_items(path: str | Path | None = None) -> pd.DataFrame:
    """Read and check the item→area configuration (default: the shipped ``dsi_items.csv``).

    Returns
    -------
    pandas.DataFrame with columns item, area, description_en, description_nb,
    evidence ("verified" / "not confirmed"), source.
    """
    p = Path(path) if path is not None else ITEMS_FILE
    items = pd.read_csv(p, dtype=str, keep_default_na=False)
    return check_items(items, where=str(p))


def check_items(items: pd.DataFrame, *, where: str = "items") -> pd.DataFrame:
    """Validate an item table: columns item and area, areas from the DigComp vocabulary, unique items."""
    for c in ("item", "area"):
        if c not in items.columns:
            raise ValueError(f"{where}: the DSI item table needs a column {c!r}; it has {list(items.columns)}")
    bad = sorted(set(items["area"]) - set(AREAS))
    if bad:
        raise ValueError(f"{where}: unknown area(s) {bad}; valid areas: {', '.join(AREAS)}")
    dup = items["item"][items["item"].duplicated()].tolist()
    if dup:
        raise ValueError(f"{where}: item(s) listed twice: {dup}")
    if "evidence" in items.columns:
        bad_ev = sorted(set(items["evidence"]) - set(ITEM_EVIDENCE))
        if bad_ev:
            raise ValueError(f"{where}: evidence must be one of {ITEM_EVIDENCE}, found {bad_ev}")
    missing_areas = [a for a in AREAS if a not in set(items["area"])]
    if missing_areas:
        raise ValueError(f"{where}: no items for area(s) {missing_areas}; every DSI area needs at least one item")
    return items.reset_index(drop=True)


def _check_options(non_users: str, no_skills_max_areas: int) -> None:
    if non_users not in NON_USER_OPTIONS:
        raise ValueError(f"non_users must be one of {NON_USER_OPTIONS}, got {non_users!r}")
    if no_skills_max_areas not in (0, 1):
        raise ValueError(f"no_skills_max_areas must be 0 or 1 (areas at least basic counted as no skills), "
                         f"got {no_skills_max_areas!r}")


def area_level(n_activities, area: str):
    """Per-area level from the number of activities: "no", "basic" or "above_basic".

    Examples
    --------
    >>> [area_level(n, "safety") for n in (0, 1, 2, 3)]
    ['no', 'basic', 'basic', 'above_basic']
    >>> [area_level(n, "information") for n in (0, 1, 2)]
    ['no', 'basic', 'above_basic']
    """
    if area not in AREA_THRESHOLDS:
        raise ValueError(f"unknown area {area!r}; valid areas: {', '.join(AREAS)}")
    basic, above = AREA_THRESHOLDS[area]
    n = np.asarray(n_activities)
    out = np.where(n >= above, "above_basic", np.where(n >= basic, "basic", "no"))
    return out.item() if out.ndim == 0 else out


def classify(
    data: pd.DataFrame,
    *,
    items: pd.DataFrame | None = None,
    no_skills_max_areas: int = 1,
    non_users: str = "not_assessed",
    missing_as_not_done: bool = True,
) -> pd.DataFrame:
    """Per-area and overall DSI 2.0 level of every respondent.

    Parameters
    ----------
    data : skills_survey table with ``dsi_<item>`` columns (0/1) and optionally
        ``internet_use_3m`` (missing column = everyone used the internet).
    items : item→area table (default :func:`load_items`).  Items listed there
        but absent from ``data`` are left out with a ``UserWarning``; an area
        with none of its items in the data raises ``ValueError``.
    no_skills_max_areas : most areas at least basic that still count as "no
        overall skills" (default 1, [I]; see module docstring).
    non_users : "not_assessed" (default, Eurostat), "no_skills" or "exclude";
        in the respondent table "exclude" keeps the level "not_assessed", and
        the estimates leave those respondents out of the denominator.
    missing_as_not_done : a missing item answer counts as "not done" (default).
        With ``False`` a respondent with a missing item in an area gets that
        area and the overall level missing (NaN) — never dropped.

    Returns
    -------
    pandas.DataFrame with the columns of ``data`` plus, per area,
    ``dsi_n_<area>`` (activities done), ``dsi_<area>_level`` ("no", "basic",
    "above_basic", "not_assessed"), and ``n_areas_at_least_basic`` (0–5),
    ``dsi_level`` (overall level), ``at_least_basic`` (1/0; NaN for the not
    assessed), ``dsi_in_denominator`` (bool).
    """
    _check_options(non_users, no_skills_max_areas)
    items = load_items() if items is None else check_items(items)
    out = data.copy()
    if "internet_use_3m" in out.columns:
        iu = out["internet_use_3m"]
        if iu.isna().any():
            raise ValueError(f"internet_use_3m is missing for {int(iu.isna().sum())} respondent(s); "
                             "fill it (True/False) before computing the DSI")
        user = iu.astype(bool).to_numpy()
    else:
        user = np.ones(len(out), dtype=bool)
    absent = [f"dsi_{i}" for i in items["item"] if f"dsi_{i}" not in out.columns]
    if absent:
        warnings.warn(f"DSI items not in the data, left out: {absent}", UserWarning, stacklevel=2)
    n_at_least = pd.Series(0, index=out.index, dtype=float)
    for area in AREAS:
        cols = [f"dsi_{i}" for i in items.loc[items["area"] == area, "item"] if f"dsi_{i}" in out.columns]
        if not cols:
            raise ValueError(f"no DSI item columns for area {area!r} in the data; expected one of "
                             f"{[f'dsi_{i}' for i in items.loc[items['area'] == area, 'item']]}")
        vals = out[cols].apply(pd.to_numeric, errors="coerce")
        bad = vals.notna() & ~vals.isin([0, 1])
        if bad.to_numpy().any():
            raise ValueError(f"DSI items must be 0/1; area {area!r} has other values in {list(vals.columns[bad.any()])}")
        n = vals.fillna(0).sum(axis=1) if missing_as_not_done else vals.sum(axis=1, min_count=len(cols))
        if not missing_as_not_done:
            n = n.where(vals.notna().all(axis=1))
        lvl = pd.Series(area_level(n.fillna(0).to_numpy(), area), index=out.index, dtype=object)
        lvl = lvl.where(n.notna(), np.nan)
        lvl[~user] = "not_assessed"
        out[f"dsi_n_{area}"] = n
        out[f"dsi_{area}_level"] = lvl
        n_at_least = n_at_least + lvl.isin(["basic", "above_basic"]).astype(float).where(lvl.notna())
    all_above = pd.concat([out[f"dsi_{a}_level"] == "above_basic" for a in AREAS], axis=1).all(axis=1)
    k = n_at_least
    overall = pd.Series(np.nan, index=out.index, dtype=object)
    overall[k <= no_skills_max_areas] = "no"
    overall[(k == 1) & (no_skills_max_areas == 0)] = "one_area"
    overall[k == 2] = "limited"
    overall[k == 3] = "narrow"
    overall[k == 4] = "low"
    overall[(k == 5) & ~all_above] = "basic"
    overall[(k == 5) & all_above] = "above_basic"
    overall[~user] = "no" if non_users == "no_skills" else "not_assessed"
    k = k.where(user)
    out["n_areas_at_least_basic"] = k.astype("Int64")
    out["dsi_level"] = overall
    alb = overall.isin(["basic", "above_basic"]).astype(float).where(overall.notna())
    out["at_least_basic"] = alb.where(overall != "not_assessed")
    out["dsi_in_denominator"] = (overall.notna() & ~((overall == "not_assessed") & (non_users == "exclude"))).astype(bool)
    return out


def level_shares(
    data: pd.DataFrame,
    *,
    group_by=None,
    weight_column: str | None = None,
    items: pd.DataFrame | None = None,
    no_skills_max_areas: int = 1,
    non_users: str = "not_assessed",
    confidence: float = 0.95,
    classified: bool = False,
) -> pd.DataFrame:
    """Share of respondents at each overall DSI level, and at least basic, with 95 % intervals.

    Parameters
    ----------
    data : skills_survey table (or the output of :func:`classify` with
        ``classified=True``).
    group_by : column(s) to estimate within (e.g. "sector"); None for all.
    weight_column : survey weights; None for unweighted.
    items, no_skills_max_areas, non_users : see :func:`classify`.
    confidence : interval level.

    Returns
    -------
    pandas.DataFrame, one row per group × level, columns:
        ``<group columns>``, ``level`` (the :data:`OVERALL_LEVELS` used, then
        ``at_least_basic``), ``n`` (respondents in the denominator), ``n_eff``
        (Kish), ``count`` (respondents at the level, unweighted), ``share``
        (0–1), ``ci_low``, ``ci_high`` (Wilson on the Kish effective n; see
        :mod:`lifelong_analysis.stats.survey`).  With ``non_users="exclude"`` or
        ``"no_skills"`` the level ``not_assessed`` is not listed.
    """
    _check_options(non_users, no_skills_max_areas)
    c = data if classified else classify(data, items=items, no_skills_max_areas=no_skills_max_areas,
                                         non_users=non_users)
    c = c[c["dsi_in_denominator"]]
    levels = [lv for lv in OVERALL_LEVELS if not (lv == "not_assessed" and non_users != "not_assessed")]
    if no_skills_max_areas == 0:
        levels.insert(levels.index("no") + 1, "one_area")
    dist = survey.level_shares(c, column="dsi_level", levels=levels, weight_column=weight_column, by=group_by,
                               confidence=confidence)
    ind = c["dsi_level"].isin(["basic", "above_basic"]).astype(float).where(c["dsi_level"].notna())
    alb = survey.weighted_share(c.assign(_alb=ind), column="_alb", weight_column=weight_column, by=group_by,
                                confidence=confidence)
    by = survey.group_columns(group_by)
    alb.insert(len(by), "level", AT_LEAST_BASIC)
    out = pd.concat([dist, alb], ignore_index=True)
    order = {lv: i for i, lv in enumerate([*levels, AT_LEAST_BASIC])}
    out["_o"] = out["level"].map(order)
    return out.sort_values([*by, "_o"], kind="stable").drop(columns="_o").reset_index(drop=True)


def area_shares(
    data: pd.DataFrame,
    *,
    group_by=None,
    weight_column: str | None = None,
    items: pd.DataFrame | None = None,
    confidence: float = 0.95,
    classified: bool = False,
) -> pd.DataFrame:
    """Distribution of internet users over the per-area levels, and at least basic, per area.

    Returns
    -------
    pandas.DataFrame, columns ``<group columns>``, ``area``, ``level``
    ("no", "basic", "above_basic", then "at_least_basic"), ``n``, ``n_eff``,
    ``count``, ``share``, ``ci_low``, ``ci_high`` (Wilson on Kish n).
    Non-users are left out (they are not assessed in any area).
    """
    c = data if classified else classify(data, items=items)
    c = c[c["dsi_level"] != "not_assessed"]
    parts = []
    by = survey.group_columns(group_by)
    for area in AREAS:
        lv = c[f"dsi_{area}_level"]
        dist = survey.level_shares(c, column=f"dsi_{area}_level", levels=["no", "basic", "above_basic"],
                                   weight_column=weight_column, by=by, confidence=confidence)
        ind = lv.isin(["basic", "above_basic"]).astype(float).where(lv.notna())
        alb = survey.weighted_share(c.assign(_i=ind), column="_i", weight_column=weight_column, by=by,
                                    confidence=confidence)
        alb.insert(len(by), "level", AT_LEAST_BASIC)
        r = pd.concat([dist, alb], ignore_index=True)
        r.insert(len(by), "area", area)
        parts.append(r)
    return pd.concat(parts, ignore_index=True)


