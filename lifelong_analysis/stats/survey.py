"""Estimates from survey data with (optional) weights: shares and means with 95 % intervals.

Method
------
Point estimates are weighted: a share is ``p = Σ w·y / Σ w`` and a mean is
``ȳ = Σ w·y / Σ w``.  Uncertainty uses the **Kish effective sample size**
``n_eff = (Σ w)² / Σ w²`` (methods.md §6 [I]), which shrinks ``n`` by the
variation of the weights:

* shares: a **Wilson score interval on the Kish effective n**, i.e.
  ``statsmodels.stats.proportion.proportion_confint(count=p·n_eff, nobs=n_eff,
  method="wilson")``;
* means: a t interval ``ȳ ± t(n_eff − 1)·s_w/√n_eff`` with
  ``s_w² = Σ w(y − ȳ)² / Σ w · n_eff / (n_eff − 1)``, which is what
  ``statsmodels DescrStatsW(y, weights=w·n_eff/Σw, ddof=1).tconfint_mean()`` gives.

Without weights (``weight_column=None``) every weight is 1, ``n_eff = n`` and
the intervals are the ordinary Wilson and t intervals.  This is **not** Taylor
linearisation: strata and clusters of a complex design are ignored (design
effect from weighting only).  For stratified or clustered designs use a design-
based package (samplics / R ``survey``) instead.

Examples
--------
>>> import pandas as pd
>>> d = pd.DataFrame({"y": [1, 0, 1, 1], "w": [1.0, 1.0, 2.0, 2.0]})
>>> r = weighted_share(d, column="y", weight_column="w")
>>> round(float(r["share"].iloc[0]), 4), round(float(r["n_eff"].iloc[0]), 3)
(0.8333, 3.6)
"""

from __future__ import annotations

from typing import Iterable

import numpy as np
import pandas as pd
from scipy import stats
from statsmodels.stats.proportion import proportion_confint

__all__ = [
    "kish_effective_n",
    "weighted_share",
    "weighted_mean",
    "level_shares",
    "group_columns",
]


def kish_effective_n(weights) -> float:
    """Kish effective sample size ``(Σw)² / Σw²``.

    Parameters
    ----------
    weights : array-like of positive numbers (persons represented).

    Returns
    -------
    float — equals ``len(weights)`` when all weights are equal.

    Examples
    --------
    >>> kish_effective_n([1, 1, 2, 2])
    3.6
    """
    w = np.asarray(weights, dtype=float)
    if w.size == 0:
        return 0.0
    if np.isnan(w).any() or (w <= 0).any():
        raise ValueError("weights must be positive numbers without missing values")
    return float(w.sum() ** 2 / (w ** 2).sum())


def group_columns(group_by) -> list[str]:
    """Normalise ``group_by`` (None, a column name or a list) to a list of column names."""
    if group_by is None:
        return []
    if isinstance(group_by, str):
        return [group_by]
    return list(group_by)


def _weights(data: pd.DataFrame, weight_column: str | None) -> pd.Series:
    if weight_column is None:
        return pd.Series(1.0, index=data.index)
    if weight_column not in data.columns:
        raise ValueError(
            f"weight_column {weight_column!r} is not a column of the data; columns: {', '.join(map(str, data.columns))}"
        )
    w = pd.to_numeric(data[weight_column], errors="coerce").astype(float)
    bad = w.isna() | (w <= 0)
    if bad.any():
        raise ValueError(
            f"weight column {weight_column!r} must hold positive numbers; "
            f"{int(bad.sum())} row(s) are missing or not positive (first index: {w.index[bad][0]!r})"
        )
    return w


def _check_columns(data: pd.DataFrame, columns: Iterable[str], what: str) -> None:
    missing = [c for c in columns if c not in data.columns]
    if missing:
        raise ValueError(
            f"{what} column(s) {', '.join(map(repr, missing))} not in the data; "
            f"columns: {', '.join(map(str, data.columns))}"
        )


def _check_confidence(confidence: float) -> None:
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1 (e.g. 0.95), got {confidence!r}")


def _groups(data: pd.DataFrame, by: list[str]):
    if not by:
        yield (), data
        return
    for key, sub in data.groupby(by, sort=True, observed=True, dropna=False):
        yield (key if isinstance(key, tuple) else (key,)), sub


def _share_row(y: pd.Series, w: pd.Series, confidence: float) -> dict:
    n = int(len(y))
    if n == 0:
        return {"n": 0, "n_eff": 0.0, "count": 0, "share": np.nan, "ci_low": np.nan, "ci_high": np.nan}
    n_eff = kish_effective_n(w)
    p = float((w * y).sum() / w.sum())
    lo, hi = proportion_confint(count=p * n_eff, nobs=n_eff, alpha=1 - confidence, method="wilson")
    # the Wilson bounds are 0 and 1 exactly at p = 0 and p = 1, but floating point gives
    # 0.9999999999999999 < p = 1.0: keep the interval around its estimate (and inside [0, 1])
    lo, hi = max(0.0, min(float(lo), p)), min(1.0, max(float(hi), p))
    return {"n": n, "n_eff": n_eff, "count": int(y.sum()), "share": p,
            "ci_low": lo, "ci_high": hi}


def weighted_share(
    data: pd.DataFrame,
    *,
    column: str,
    weight_column: str | None = None,
    by=None,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Share of respondents with ``column == 1`` (weighted), with a Wilson interval on the Kish n.

    Parameters
    ----------
    data : one row per respondent.
    column : 0/1 (or boolean) indicator.  Rows where it is missing are left out
        of that estimate and ``n`` says how many were used.
    weight_column : survey weight column (persons represented); ``None`` for an
        unweighted estimate.
    by : column name or list of column names to estimate within (e.g. "sector").
    confidence : level of the interval (default 0.95).

    Returns
    -------
    pandas.DataFrame, one row per group, columns:
        ``<by columns>``, ``n`` (respondents used, unweighted), ``n_eff``
        (Kish effective n), ``count`` (unweighted respondents with the
        indicator), ``share`` (weighted share 0–1), ``ci_low``, ``ci_high``
        (Wilson interval on ``n_eff``, share 0–1).

    Examples
    --------
    >>> import pandas as pd
    >>> d = pd.DataFrame({"y": [1, 0, 1, 0], "g": ["a", "a", "b", "b"]})
    >>> weighted_share(d, column="y", by="g")[["g", "n", "share"]]
       g  n  share
    0  a  2    0.5
    1  b  2    0.5
    """
    _check_confidence(confidence)
    by = group_columns(by)
    _check_columns(data, [column, *by], "share")
    w_all = _weights(data, weight_column)
    y_all = data[column]
    if y_all.dtype == bool:
        y_all = y_all.astype(float)
    y_all = pd.to_numeric(y_all, errors="coerce").astype(float)
    bad = y_all.notna() & ~y_all.isin([0.0, 1.0])
    if bad.any():
        raise ValueError(f"column {column!r} must be 0/1 (or boolean); found {sorted(y_all[bad].unique())[:5]}")
    rows = []
    frame = data.assign(_y=y_all, _w=w_all)
    for key, sub in _groups(frame, by):
        sub = sub[sub["_y"].notna()]
        rows.append({**dict(zip(by, key)), **_share_row(sub["_y"], sub["_w"], confidence)})
    return pd.DataFrame(rows, columns=[*by, "n", "n_eff", "count", "share", "ci_low", "ci_high"])


def weighted_mean(
    data: pd.DataFrame,
    *,
    column: str,
    weight_column: str | None = None,
    by=None,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Weighted mean of ``column`` with a t interval on the Kish effective n.

    Parameters
    ----------
    data : one row per respondent.
    column : numeric column (e.g. a gap in DigComp levels).  Missing values are
        left out; ``n`` says how many rows were used.
    weight_column : survey weight column; ``None`` for unweighted.
    by : grouping column(s).
    confidence : level of the interval (default 0.95).

    Returns
    -------
    pandas.DataFrame, one row per group, columns:
        ``<by columns>``, ``n``, ``n_eff``, ``mean``, ``se`` (standard error,
        Kish approximation), ``ci_low``, ``ci_high`` (t interval with
        ``n_eff − 1`` degrees of freedom); all in the unit of ``column``.
        Groups with one respondent get NaN standard errors and intervals.

    Examples
    --------
    >>> import pandas as pd
    >>> r = weighted_mean(pd.DataFrame({"x": [1.0, 2.0, 3.0]}), column="x")
    >>> float(r["mean"].iloc[0]), round(float(r["se"].iloc[0]), 4)
    (2.0, 0.5774)
    """
    _check_confidence(confidence)
    by = group_columns(by)
    _check_columns(data, [column, *by], "mean")
    w_all = _weights(data, weight_column)
    y_all = pd.to_numeric(data[column], errors="coerce").astype(float)
    frame = data.assign(_y=y_all, _w=w_all)
    rows = []
    for key, sub in _groups(frame, by):
        sub = sub[sub["_y"].notna()]
        n = int(len(sub))
        rec = {"n": n, "n_eff": np.nan, "mean": np.nan, "se": np.nan, "ci_low": np.nan, "ci_high": np.nan}
        if n:
            w, y = sub["_w"].to_numpy(), sub["_y"].to_numpy()
            n_eff = kish_effective_n(w)
            mean = float((w * y).sum() / w.sum())
            rec.update(n_eff=n_eff, mean=mean)
            if n > 1 and n_eff > 1:
                var = float((w * (y - mean) ** 2).sum() / w.sum()) * n_eff / (n_eff - 1)
                se = float(np.sqrt(var / n_eff))
                t = stats.t.ppf(0.5 + confidence / 2, df=n_eff - 1)
                rec.update(se=se, ci_low=mean - t * se, ci_high=mean + t * se)
        rows.append({**dict(zip(by, key)), **rec})
    return pd.DataFrame(rows, columns=[*by, "n", "n_eff", "mean", "se", "ci_low", "ci_high"])


def level_shares(
    data: pd.DataFrame,
    *,
    column: str,
    levels: list,
    weight_column: str | None = None,
    by=None,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Weighted distribution of a categorical column over ``levels``, each share with its interval.

    Parameters
    ----------
    data : one row per respondent.
    column : categorical column; every non-missing value must be one of ``levels``.
    levels : the categories, in report order.  Levels nobody has get share 0.
    weight_column, by, confidence : as in :func:`weighted_share`.

    Returns
    -------
    pandas.DataFrame, one row per group × level, columns:
        ``<by columns>``, ``level``, ``n`` (respondents in the group's
        denominator), ``n_eff``, ``count`` (unweighted respondents at the
        level), ``share`` (0–1), ``ci_low``, ``ci_high`` (Wilson on Kish n).

    Examples
    --------
    >>> import pandas as pd
    >>> d = pd.DataFrame({"lvl": ["a", "b", "b", "b"]})
    >>> level_shares(d, column="lvl", levels=["a", "b"])[["level", "count", "share"]]
      level  count  share
    0     a      1   0.25
    1     b      3   0.75
    """
    by = group_columns(by)
    _check_columns(data, [column, *by], "level")
    values = data[column]
    unknown = sorted(set(values.dropna().unique()) - set(levels), key=str)
    if unknown:
        raise ValueError(f"column {column!r} has values {unknown} outside the levels {list(levels)}")
    parts = []
    for level in levels:
        ind = (values == level).astype(float).where(values.notna())
        r = weighted_share(data.assign(_ind=ind), column="_ind", weight_column=weight_column, by=by,
                           confidence=confidence)
        r.insert(len(by), "level", level)
        parts.append(r)
    out = pd.concat(parts, ignore_index=True)
    out["level"] = pd.Categorical(out["level"], categories=list(levels), ordered=True)
    out = out.sort_values([*by, "level"], kind="stable").reset_index(drop=True)
    out["level"] = out["level"].astype(object)
    return out
