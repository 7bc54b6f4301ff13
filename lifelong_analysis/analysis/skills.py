"""The digital-skills gap: DigComp 2.2 gaps, DigCompSAT self-assessment, models of proficiency.

* **Gap** per DigComp area = level the job requires − self-assessed level
  (DigComp 2.2 8-level scale: Foundation 1–2, Intermediate 3–4, Advanced 5–6,
  Highly specialised 7–8 [V], methods.md §2.2).  A positive gap means the
  employee is below what the job needs; ``has_gap`` = gap > 0.
* **DigCompSAT** 4-point items (answer codes AO00–AO03 stored as 0–3, JRC item
  bank, ``resources/digcompsat_items_en.csv``) are mapped onto the 8-level
  scale by :func:`sat_to_levels` — an **assumption of this project**, see there.
* **Models**: ordinal logit (statsmodels ``OrderedModel``, ``distr="logit"``,
  no constant: the thresholds absorb it, methods.md §6) and logit for a 0/1
  outcome, both returned as tidy odds-ratio tables with 95 % intervals.
  ``OrderedModel`` takes no survey weights [NF], so the models are unweighted.

Examples
--------
>>> import pandas as pd
>>> d = pd.DataFrame({"respondent_id": ["a"], "self_safety": [2], "required_safety": [4]})
>>> gaps(d, areas=["safety"])[["respondent_id", "area", "gap", "has_gap"]]
  respondent_id    area  gap  has_gap
0             a  safety  2.0      1.0
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from lifelong_analysis.analysis import dsi as dsi_mod
from lifelong_analysis.stats import survey
from lifelong_analysis.stats.disclosure import Release
from lifelong_analysis.data import vocab
from lifelong_analysis.paths import RESOURCES_DIR

AREAS: list[str] = vocab.codes("digcomp_area")
SAT_ITEMS_FILE = RESOURCES_DIR / "digcompsat_items_en.csv"
SAT_SCALES_FILE = RESOURCES_DIR / "digcompsat_scales_en.csv"

#: DigCompSAT covers DigComp levels 1–6 ("corresponding to levels 1 to 6", JRC [V], methods.md §2.3).
SAT_TOP_LEVEL = 6

#: Area numbers of the JRC item bank ("1: Information and data literacy", ...) → area codes.
_SAT_AREA_NUMBER = {str(i + 1): a for i, a in enumerate(AREAS)}

#: DigCompSAT answer labels in bokmål (this project's translation) and English (JRC item bank).
SAT_RESPONSE_LABELS: dict[str, list[str]] = {
    "nb": ["Kan ikke / vet ikke", "Med hjelp / begrenset", "Selvstendig / god forståelse", "Trygg, kan veilede andre"],
    "en": ["Cannot / no knowledge", "With help / limited", "On my own / good understanding",
           "Confident, can guide others"],
}


def _areas(areas) -> list[str]:
    if areas is None:
        return list(AREAS)
    return vocab.check_codes("digcomp_area", areas, what="DigComp area")


def gaps(data: pd.DataFrame, *, areas=None, keep=None) -> pd.DataFrame:
    """Gap per respondent and area: required − self-assessed DigComp level.

    Parameters
    ----------
    data : skills_survey table with ``self_<area>`` and ``required_<area>``
        (DigComp levels 1–8) and ``respondent_id``.
    areas : area codes (default all five).
    keep : further columns to carry over (e.g. ``["sector", "occupation", "weight"]``).

    Returns
    -------
    pandas.DataFrame, long: one row per respondent × area, columns
    ``respondent_id``, ``<keep>``, ``area``, ``self_level``, ``required_level``
    (DigComp levels), ``gap`` (levels; NaN when either level is missing — the
    row is kept), ``has_gap`` (1.0 if gap > 0, 0.0 if not, NaN if unknown).
    """
    areas = _areas(areas)
    keep = survey.group_columns(keep)
    need = ["respondent_id", *keep, *[f"{p}_{a}" for a in areas for p in ("self", "required")]]
    missing = [c for c in need if c not in data.columns]
    if missing:
        raise ValueError(f"columns missing for the skills gap: {missing}")
    parts = []
    for area in areas:
        s = pd.to_numeric(data[f"self_{area}"], errors="coerce").astype(float)
        r = pd.to_numeric(data[f"required_{area}"], errors="coerce").astype(float)
        for col, v in ((f"self_{area}", s), (f"required_{area}", r)):
            bad = v.notna() & ~v.between(1, 8)
            if bad.any():
                raise ValueError(f"{col} must be a DigComp level 1–8; found {sorted(v[bad].unique())[:5]}")
        g = r - s
        part = data[["respondent_id", *keep]].copy()
        part["area"] = area
        part["self_level"] = s
        part["required_level"] = r
        part["gap"] = g
        part["has_gap"] = (g > 0).astype(float).where(g.notna())
        parts.append(part)
    return pd.concat(parts, ignore_index=True)


def gap_by_group(
    data: pd.DataFrame,
    *,
    group_by=None,
    weight_column: str | None = None,
    areas=None,
    confidence: float = 0.95,
    include_total: bool = True,
    total_label: str = "all",
) -> pd.DataFrame:
    """Mean gap and share with a gap, per group and area, with 95 % intervals.

    Parameters
    ----------
    data : skills_survey table.
    group_by : one grouping column (e.g. "sector", "occupation", "age_group")
        or None.
    weight_column : survey weight column or None (unweighted).
    areas : area codes (default all five).
    confidence : interval level.
    include_total : add rows for all respondents together, with the group
        value ``total_label`` (only when ``group_by`` is given).

    Returns
    -------
    pandas.DataFrame, one row per group × area, columns ``<group_by>``,
    ``area``, ``n`` (respondents with both levels), ``n_eff`` (Kish),
    ``mean_self``, ``mean_required``, ``mean_gap`` (DigComp levels),
    ``gap_ci_low``, ``gap_ci_high`` (t interval on Kish n),
    ``share_with_gap`` (0–1), ``share_ci_low``, ``share_ci_high`` (Wilson on
    Kish n), ``count_with_gap`` (unweighted respondents).
    """
    by = survey.group_columns(group_by)
    if len(by) > 1:
        raise ValueError("group_by takes one column (or None)")
    keep = [*by, *([weight_column] if weight_column else [])]
    long = gaps(data, areas=areas, keep=keep)
    long = long[long["gap"].notna()]
    frames = [long]
    if include_total and by:
        frames.append(long.assign(**{by[0]: total_label}))
    long = pd.concat(frames, ignore_index=True)
    keys = [*by, "area"]
    m = survey.weighted_mean(long, column="gap", weight_column=weight_column, by=keys, confidence=confidence)
    ms = survey.weighted_mean(long, column="self_level", weight_column=weight_column, by=keys)
    mr = survey.weighted_mean(long, column="required_level", weight_column=weight_column, by=keys)
    sh = survey.weighted_share(long, column="has_gap", weight_column=weight_column, by=keys, confidence=confidence)
    out = m[[*keys, "n", "n_eff"]].copy()
    out["mean_self"] = ms["mean"].to_numpy()
    out["mean_required"] = mr["mean"].to_numpy()
    out["mean_gap"] = m["mean"].to_numpy()
    out["gap_ci_low"] = m["ci_low"].to_numpy()
    out["gap_ci_high"] = m["ci_high"].to_numpy()
    out["share_with_gap"] = sh["share"].to_numpy()
    out["share_ci_low"] = sh["ci_low"].to_numpy()
    out["share_ci_high"] = sh["ci_high"].to_numpy()
    out["count_with_gap"] = sh["count"].to_numpy()
    # report order: groups as found (total last), areas in DigComp order
    area_order = {a: i for i, a in enumerate(AREAS)}
    out["_a"] = out["area"].map(area_order)
    if by:
        out["_t"] = (out[by[0]] == total_label).astype(int)
        out = out.sort_values(["_t", by[0], "_a"], kind="stable").drop(columns="_t")
    else:
        out = out.sort_values("_a", kind="stable")
    return out.drop(columns="_a").reset_index(drop=True)


# --------------------------------------------------------------------------- DigCompSAT

def load_sat_items(path: str | Path | None = None) -> pd.DataFrame:
    """The DigCompSAT item bank (82 items, JRC, CC BY 4.0; see ``resources/digcompsat_SOURCE.md``).

    Returns
    -------
    pandas.DataFrame with item_id ("Q1"…"Q82"), ``column`` ("sat_q1"…),
    ``area`` (DigComp area code), dimension (knowledge/skill/attitude), text, scale.
    """
    items = pd.read_csv(path or SAT_ITEMS_FILE, dtype=str, keep_default_na=False)
    items["area"] = items["digcomp_area"].str.split(":").str[0].str.strip().map(_SAT_AREA_NUMBER)
    if items["area"].isna().any():
        raise ValueError("DigCompSAT item bank: unknown area number in column digcomp_area")
    items["column"] = "sat_" + items["item_id"].str.lower()
    return items[["item_id", "column", "area", "dimension", "text", "scale"]]


def sat_area_scores(data: pd.DataFrame, *, items: pd.DataFrame | None = None, min_items: int = 1,
                    dimensions=("knowledge", "skill")) -> pd.DataFrame:
    """Mean DigCompSAT answer (0–3) per respondent and area.

    Only the items of ``dimensions`` count (default knowledge and skill; the
    attitude items measure willingness, not proficiency — a project choice).
    Items absent from ``data`` are ignored; an area with fewer than
    ``min_items`` answers gets NaN.

    Returns
    -------
    pandas.DataFrame: ``respondent_id``, ``sat_<area>`` (mean score 0–3) and
    ``sat_n_<area>`` (items answered) for each area.
    """
    if min_items < 1:
        raise ValueError("min_items must be at least 1")
    items = load_sat_items() if items is None else items
    items = items[items["dimension"].isin(list(dimensions))]
    cols_present = [c for c in items["column"] if c in data.columns]
    if not cols_present:
        raise ValueError("no DigCompSAT item columns (sat_q<n>) of the chosen dimensions in the data")
    out = data[["respondent_id"]].copy()
    for area in AREAS:
        cols = [c for c in items.loc[items["area"] == area, "column"] if c in data.columns]
        vals = data[cols].apply(pd.to_numeric, errors="coerce") if cols else pd.DataFrame(index=data.index)
        bad = vals.notna() & ~vals.isin([0, 1, 2, 3])
        if bad.to_numpy().any():
            raise ValueError(f"DigCompSAT answers must be 0–3; bad values in {list(vals.columns[bad.any()])}")
        n = vals.notna().sum(axis=1) if cols else pd.Series(0, index=data.index)
        mean = vals.mean(axis=1) if cols else pd.Series(np.nan, index=data.index)
        out[f"sat_{area}"] = mean.where(n >= min_items)
        out[f"sat_n_{area}"] = n
    return out


def sat_score_to_level(score, *, top_level: int = SAT_TOP_LEVEL):
    """Map a mean DigCompSAT score (0–3) onto the DigComp 8-level scale.

    **Rule (an assumption of this project, not a JRC scoring rule — the item
    bank encodes no scoring, SOURCE.md oddity 7):**
    ``level = 1 + round_half_up(score / 3 · (top_level − 1))``, i.e. the
    0–3 mean is spread linearly over levels 1 … ``top_level``.

    Reasoning: DigCompSAT was built to test "the set of DigComp 2.1
    competences corresponding to levels 1 to 6" [V, JRC], so a respondent who
    masters every item ("with confidence … can support/guide others", 3)
    reaches at most level 6 (Advanced), and one who cannot do any (0) is at
    level 1 (the bottom of Foundation: the scale has no level 0).  Equal
    steps are the simplest rule without item calibration; levels 7–8
    (Highly specialised) are never assigned from self-assessment.

    Examples
    --------
    >>> [sat_score_to_level(s) for s in (0, 0.2, 1.5, 2.7, 3)]
    [1, 1, 4, 6, 6]
    """
    if not 1 < top_level <= 8:
        raise ValueError(f"top_level must be a DigComp level 2–8, got {top_level!r}")
    s = np.asarray(score, dtype=float)
    if np.nanmin(s, initial=0) < 0 or np.nanmax(s, initial=0) > 3:
        raise ValueError("DigCompSAT scores must lie between 0 and 3")
    lvl = 1 + np.floor(s / 3 * (top_level - 1) + 0.5)
    if lvl.ndim == 0:
        return int(lvl) if np.isfinite(lvl) else np.nan
    return lvl


def sat_to_levels(data: pd.DataFrame, *, items: pd.DataFrame | None = None, min_items: int = 1,
                  top_level: int = SAT_TOP_LEVEL) -> pd.DataFrame:
    """Self-assessed DigComp level per area from DigCompSAT answers (see :func:`sat_score_to_level`).

    Returns
    -------
    pandas.DataFrame: ``respondent_id`` and ``self_<area>`` (DigComp level
    1–``top_level``, nullable integer; missing where too few items were answered).
    """
    scores = sat_area_scores(data, items=items, min_items=min_items)
    out = scores[["respondent_id"]].copy()
    for area in AREAS:
        out[f"self_{area}"] = pd.array(sat_score_to_level(scores[f"sat_{area}"].to_numpy(), top_level=top_level),
                                       dtype="Int64")
    return out


def likert_distribution(data: pd.DataFrame, *, columns=None, weight_column: str | None = None,
                        items: pd.DataFrame | None = None, min_cell_size: int | None = None) -> pd.DataFrame:
    """Weighted distribution of answers 0–3 per DigCompSAT item, for diverging bar charts.

    Parameters
    ----------
    data : survey table with ``sat_q<n>`` columns.
    columns : which item columns (default every ``sat_q<n>`` column present).
    weight_column : survey weights or None.
    min_cell_size : if given, items answered by fewer respondents are left
        out (they cannot be shown), and so are answers given by 1 to
        ``min_cell_size − 1`` respondents (share NaN; drawn as a gap).

    Returns
    -------
    pandas.DataFrame, one row per item × answer: ``column``, ``item_id``,
    ``area``, ``text``, ``response`` (0–3), ``n`` (respondents answering the
    item), ``count`` (unweighted), ``share`` (weighted, 0–1).
    """
    items = load_sat_items() if items is None else items
    if columns is None:
        columns = [c for c in items["column"] if c in data.columns]
    if not columns:
        raise ValueError("no DigCompSAT item columns (sat_q<n>) in the data")
    meta = items.set_index("column")
    w = pd.Series(1.0, index=data.index) if weight_column is None else data[weight_column].astype(float)
    rows = []
    for c in columns:
        if c not in data.columns:
            raise ValueError(f"column {c!r} not in the data")
        v = pd.to_numeric(data[c], errors="coerce")
        ok = v.notna()
        for resp in range(4):
            hit = ok & (v == resp)
            rows.append({"column": c, "item_id": meta.loc[c, "item_id"] if c in meta.index else c,
                         "area": meta.loc[c, "area"] if c in meta.index else None,
                         "text": meta.loc[c, "text"] if c in meta.index else c,
                         "response": resp, "n": int(ok.sum()), "count": int(hit.sum()),
                         "share": float(w[hit].sum() / w[ok].sum()) if ok.any() else np.nan})
    out = pd.DataFrame(rows)
    if min_cell_size is not None:
        out = out[out["n"] >= min_cell_size].reset_index(drop=True)
        small = (out["count"] > 0) & (out["count"] < min_cell_size)
        out["share"] = out["share"].where(~small)
        out["count"] = out["count"].where(~small)
    return out


# --------------------------------------------------------------------------- models

def _small_categories(data: pd.DataFrame, predictors: list[str], min_category_size: int) -> dict[str, list]:
    small = {}
    for col in predictors:
        if col not in data.columns:
            raise ValueError(f"predictor {col!r} is not a column; columns: {', '.join(map(str, data.columns))}")
        vc = data[col].astype(str).value_counts()
        small[col] = sorted(vc[vc < min_category_size].index)
    return small


def _design(data: pd.DataFrame, predictors: list[str], references: dict | None) -> tuple[pd.DataFrame, list[dict]]:
    """Dummy-coded design matrix; reference = ``references[col]`` or the first category (vocabulary order)."""
    references = references or {}
    blocks, terms = [], []
    for col in predictors:
        if col not in data.columns:
            raise ValueError(f"predictor {col!r} is not a column; columns: {', '.join(map(str, data.columns))}")
        values = data[col].astype(str)
        present = list(pd.unique(values))
        order = vocab.codes(col) if col in vocab.VOCABULARIES else sorted(present)
        cats = [c for c in order if c in present] + sorted(c for c in present if c not in order)
        if len(cats) < 2:
            continue  # a constant predictor carries no information (e.g. one sector only)
        ref = references.get(col, cats[0])
        if ref not in cats:
            raise ValueError(f"reference {ref!r} for {col!r} not in the data; values: {cats}")
        for c in cats:
            if c == ref:
                continue
            name = f"{col}[{c}]"
            blocks.append((values == c).astype(float).rename(name))
            terms.append({"term": name, "variable": col, "level": c, "reference": ref})
    if not blocks:
        raise ValueError("no predictor varies in the data; nothing to model")
    return pd.concat(blocks, axis=1), terms


#: A term is flagged unstable when its standard error exceeds this (log-odds units): a sign of
#: (quasi-)separation, e.g. a small group where everyone has the outcome.  A project choice.
UNSTABLE_SE = 5.0


def _odds_table(result, terms: list[dict], confidence: float, converged: bool) -> pd.DataFrame:
    params = result.params
    ci = result.conf_int(alpha=1 - confidence)
    rows = []
    with np.errstate(over="ignore"):
        for t in terms:
            name = t["term"]
            b, se = float(params[name]), float(result.bse[name])
            lo, hi = (float(x) for x in np.asarray(ci.loc[name]))
            rows.append({**t, "coef": b, "se": se, "odds_ratio": float(np.exp(b)),
                         "or_ci_low": float(np.exp(lo)), "or_ci_high": float(np.exp(hi)),
                         "p_value": float(result.pvalues[name]),
                         "stable": bool(converged and np.isfinite(se) and se < UNSTABLE_SE and np.isfinite(np.exp(hi))),
                         "note": ""})
    return pd.DataFrame(rows)


def _left_out_rows(small: dict[str, list], min_category_size: int) -> list[dict]:
    return [{"term": f"{col}[{c}]", "variable": col, "level": c, "reference": "", "coef": np.nan, "se": np.nan,
             "odds_ratio": np.nan, "or_ci_low": np.nan, "or_ci_high": np.nan, "p_value": np.nan, "stable": False,
             "note": f"left out: fewer than {min_category_size} respondents"}
            for col, cats in small.items() for c in cats]


def _no_model(small: dict[str, list], min_category_size: int, note: str) -> pd.DataFrame:
    rows = [*_left_out_rows(small, min_category_size),
            {"term": "", "variable": "", "level": "", "reference": "", "coef": np.nan, "se": np.nan,
             "odds_ratio": np.nan, "or_ci_low": np.nan, "or_ci_high": np.nan, "p_value": np.nan, "stable": False,
             "note": note}]
    out = pd.DataFrame(rows)
    out["n"] = SUPPRESSED_N
    return out


#: ``n`` of a model that could not be fitted (its respondents are too few to publish a count)
SUPPRESSED_N = ":"


def _prepare(data, outcome, predictors, min_category_size):
    predictors = list(predictors)
    if min_category_size < 1:
        raise ValueError("min_category_size must be at least 1")
    d = data[[outcome, *[p for p in predictors if p in data.columns]]].dropna()
    small = _small_categories(d, predictors, min_category_size)
    keep = pd.Series(True, index=d.index)
    for col, cats in small.items():
        keep &= ~d[col].astype(str).isin(cats)
    return d[keep], small, predictors


def _fit(fit):
    import warnings

    from statsmodels.tools.sm_exceptions import ConvergenceWarning

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConvergenceWarning)
        warnings.simplefilter("ignore", RuntimeWarning)
        res = fit()
    converged = bool(res.mle_retvals.get("converged", True)) and not any(
        issubclass(w.category, ConvergenceWarning) for w in caught)
    return res, converged


def _ordered_logit_class():
    """``OrderedModel`` (logit) with a vectorised cdf/pdf and an analytic score.

    What it estimates is unchanged: the log-likelihood is statsmodels' own
    (``loglikeobs``), only evaluated with ``scipy.special.expit`` (the same
    function ``scipy.stats.logistic.cdf`` computes, without its per-call
    argument checks), and the optimiser gets the exact gradient instead of a
    central-difference one (≈ 2 × number of parameters log-likelihood calls
    per step).  Standard errors still come from statsmodels' numerical Hessian
    of the same log-likelihood.  About 20 times faster on the notebook-02
    model (1 500 respondents, 30 parameters); see tests/test_skills.py for
    the agreement with a plain ``OrderedModel`` fit.
    """
    from scipy.special import expit
    from statsmodels.miscmodels.ordinal_model import OrderedModel

    class _OrderedLogit(OrderedModel):
        def cdf(self, x):
            return expit(x)

        def pdf(self, x):
            return expit(x) * expit(-np.asarray(x))

        def score(self, params):
            params = np.asarray(params, dtype=float)
            low, upp = self._bounds(params)
            prob = self.prob(low, upp) + 1e-20  # as in loglikeobs
            f_low, f_upp = self.pdf(low) / prob, self.pdf(upp) / prob
            k_th = self.k_levels - 1
            # d loglike / d beta = -x (f(upp) - f(low)) / prob
            g_beta = -(f_upp - f_low) @ self.exog if self.k_vars else np.zeros(0)
            # d loglike / d threshold_j (j = 0 .. k_th-1): observations whose upper bound is
            # threshold j (endog == j) get f(upp); those whose lower bound is it (endog == j+1) -f(low)
            y = np.asarray(self.endog)
            g_th = (np.bincount(y, weights=f_upp, minlength=k_th + 1)[:k_th]
                    - np.bincount(y, weights=f_low, minlength=k_th + 1)[1:k_th + 1])
            # thresholds = cumsum([p0, exp(p1), exp(p2), ...]): d th_j / d p_m = 1 (m = 0) or exp(p_m) (m >= 1) for j >= m
            tail = np.cumsum(g_th[::-1])[::-1]
            th_params = params[-k_th:]
            g_p = tail * np.concatenate(([1.0], np.exp(th_params[1:])))
            return np.concatenate((g_beta, g_p))

    return _OrderedLogit


def ordinal_model(
    data: pd.DataFrame,
    *,
    outcome: str,
    predictors=("age_group", "education_level", "sector", "occupation"),
    levels: list | None = None,
    references: dict | None = None,
    confidence: float = 0.95,
    min_category_size: int = 10,
) -> pd.DataFrame:
    """Proportional-odds (ordinal logit) model of ``outcome`` on categorical predictors.

    statsmodels ``OrderedModel(y, X, distr="logit")`` without a constant (the
    thresholds absorb it).  Unweighted: ``OrderedModel`` has no weights [NF].
    Respondents with a missing outcome or predictor are left out; the number
    used is in the column ``n``.

    Parameters
    ----------
    data : one row per respondent.
    outcome : ordinal column (e.g. "dsi_level", or a DigComp level "self_safety").
    predictors : categorical columns; each is dummy-coded against its first
        category in vocabulary order (or ``references[col]``).
    levels : order of the outcome categories (default: sorted numeric values;
        required for text outcomes, e.g. ``dsi.ASSESSED_LEVELS``).
    confidence : interval level.
    min_category_size : predictor categories with fewer respondents are
        left out of the fit (their respondents too); they are listed in the
        table with a ``note`` and no estimate — a small group gives no usable
        odds ratio and may let a coefficient identify few persons.

    Returns
    -------
    pandas.DataFrame, one row per dummy term: ``term``, ``variable``,
    ``level``, ``reference``, ``coef`` (log odds of a higher category),
    ``se``, ``odds_ratio``, ``or_ci_low``, ``or_ci_high``, ``p_value``,
    ``stable`` (converged and se < :data:`UNSTABLE_SE`), ``note``, ``n``
    (respondents in the fit).  Fitted by L-BFGS with the exact gradient
    (see :func:`_ordered_logit_class`).

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> rng = np.random.default_rng(1)
    >>> g = rng.choice(["a", "b"], 400)
    >>> y = (rng.logistic(size=400) + 1.0 * (g == "b") > 0).astype(int) + (rng.random(400) < 0.3)
    >>> t = ordinal_model(pd.DataFrame({"y": y, "g": g}), outcome="y", predictors=["g"])
    >>> t["term"].tolist()
    ['g[b]']
    """
    d, small, predictors = _prepare(data, outcome, predictors, min_category_size)
    if levels is None:
        vals = pd.unique(d[outcome])
        try:
            levels = sorted(vals, key=float)
        except (TypeError, ValueError):
            raise ValueError(f"outcome {outcome!r} is not numeric: give its order with levels=[...]") from None
    bad = sorted(set(d[outcome]) - set(levels), key=str)
    if bad:
        raise ValueError(f"outcome {outcome!r} has values {bad} not in levels {list(levels)}")
    used = [lv for lv in levels if (d[outcome] == lv).any()]
    if len(used) < 3:
        # too few respondents left (a small municipality): no model, say so instead of failing the report
        return _no_model(small, min_category_size,
                         f"no model: fewer than 3 outcome categories among {len(d)} respondents")
    y = pd.Series(pd.Categorical(d[outcome], categories=used, ordered=True), index=d.index)
    X, terms = _design(d, predictors, references)
    # exact gradient -> a tight stop is cheap: pgtol/factr make L-BFGS run to the optimum (the default
    # stop with a numerical gradient left coefficients up to ~3e-3 short of it)
    res, converged = _fit(lambda: _ordered_logit_class()(y, X, distr="logit").fit(
        method="lbfgs", disp=False, maxiter=2000, pgtol=1e-8, factr=10))
    out = pd.DataFrame([*_odds_table(res, terms, confidence, converged).to_dict("records"),
                        *_left_out_rows(small, min_category_size)])
    out["n"] = len(d)
    return out


def logit_model(
    data: pd.DataFrame,
    *,
    outcome: str,
    predictors=("age_group", "education_level", "sector", "occupation"),
    references: dict | None = None,
    confidence: float = 0.95,
    min_category_size: int = 10,
) -> pd.DataFrame:
    """Logistic regression of a 0/1 outcome (e.g. ``at_least_basic``) with odds ratios.

    statsmodels ``Logit`` with a constant; unweighted.  Rows with missing
    values are left out (``n`` says how many were used).

    Returns
    -------
    pandas.DataFrame with the columns of :func:`ordinal_model` (the constant
    is not listed).
    """
    import statsmodels.api as sm

    d, small, predictors = _prepare(data, outcome, predictors, min_category_size)
    y = pd.to_numeric(d[outcome], errors="coerce")
    if not y.isin([0, 1]).all():
        raise ValueError(f"outcome {outcome!r} must be 0/1")
    if y.nunique() < 2 or len(d) < 2 * min_category_size:
        return _no_model(small, min_category_size, f"no model: too few respondents ({len(d)}) or one outcome only")
    X, terms = _design(d, predictors, references)
    res, converged = _fit(lambda: sm.Logit(y.astype(float), sm.add_constant(X, has_constant="add")).fit(
        disp=False, maxiter=200))
    out = pd.DataFrame([*_odds_table(res, terms, confidence, converged).to_dict("records"),
                        *_left_out_rows(small, min_category_size)])
    out["n"] = len(d)
    return out


# --------------------------------------------------------------------------- notebook 02

GROUP_BY_OPTIONS = ("sector", "occupation", "age_group", "education_level")
#: Group of respondents whose grouping value is missing (e.g. education not given).
UNKNOWN_GROUP = "unknown"
#: group code of the total row of :func:`report_tables` when it covers the whole survey of the municipality
TOTAL_ALL_SECTORS = "all_sectors"
#: group code of the total row when it covers the chosen sector only (``report_tables(sector=...)``)
TOTAL_SELECTION = "all_in_selection"
TOTAL_GROUPS = (TOTAL_ALL_SECTORS, TOTAL_SELECTION)


def select_respondents(data: pd.DataFrame, *, municipality: str, weight_column: str | None) -> pd.DataFrame:
    """Respondents of one municipality; checks that the weight column exists.

    Raises ``ValueError`` naming the municipalities present when there is none.
    """
    sub = data[data["kommunenummer"].astype(str) == str(municipality)]
    if sub.empty:
        present = sorted(data["kommunenummer"].astype(str).unique())
        raise ValueError(f"no survey respondents in municipality {municipality!r}; the data has: {', '.join(present)}")
    if weight_column is not None and weight_column not in sub.columns:
        raise ValueError(f"weight_column {weight_column!r} is not in the survey data "
                         f"(columns: {', '.join(map(str, sub.columns))}); use None for unweighted estimates")
    return sub


def focus_column(data: pd.DataFrame, *, sector: str, column: str = "focus") -> pd.DataFrame:
    """Add ``column`` = the focus sector's code, or "other" for every other sector."""
    vocab.check_codes("sector", sector, what="sector")
    return data.assign(**{column: np.where(data["sector"] == sector, sector, "other")})


def report_release(
    data: pd.DataFrame,
    *,
    sector: str = "all",
    group_by: str = "sector",
    weight_column: str | None = None,
    min_cell_size: int = 5,
    non_users: str = "not_assessed",
    no_skills_max_areas: int = 1,
    release=None,
    models: bool = True,
):
    """Every table notebook 02 publishes, registered for joint disclosure control (not yet protected).

    Parameters
    ----------
    data : skills_survey rows of one municipality.
    sector : "all" or a sector code; with a sector the group tables cover that
        sector only and ``focus_*`` tables compare it with all other sectors.
    group_by : grouping column (see :data:`GROUP_BY_OPTIONS`).
    weight_column : survey weights or None.
    min_cell_size : k of the disclosure rule (used when ``release`` is None).
    non_users, no_skills_max_areas : DSI options (see :func:`lifelong_analysis.analysis.dsi.classify`).
    release : a :class:`lifelong_analysis.stats.disclosure.Release` to add the tables to (e.g. one that
        holds the run's cell store); default a new one with ``k = min_cell_size``.
    models : fit and register the two model tables (:func:`add_model_tables`).  They add no cell
        to the joint pattern (their fit-sample ``n`` is not published and their estimates are
        gated), so ``False`` gives the same pattern without the fits: the batch's pre-plan, which
        needs only the cells, passes it (about 1 s less per notebook-02 run on the shipped data).

    Returns
    -------
    :class:`lifelong_analysis.stats.disclosure.Release`; ``.protect().tables`` gives the tables of
    :func:`report_tables`.  Every figure is tied to the respondents it is computed from (the
    respondents of a group, of a level within a group, with a gap in an area, ...), so the same
    respondents published in two tables (or two reports) are one cell, hidden everywhere or nowhere.
    """
    rel = release if release is not None else Release(k=min_cell_size)
    c = dsi_mod.classify(data, no_skills_max_areas=no_skills_max_areas, non_users=non_users)
    classified = c.copy()  # the models see missing predictors as missing (left out of the fit)
    for col in {group_by, "occupation"}:
        if col not in c.columns:
            raise ValueError(f"group_by column {col!r} is not in the survey data")
        # respondents without a value form their own group instead of disappearing
        c[col] = c[col].astype(object).where(c[col].notna(), UNKNOWN_GROUP)
    for area in AREAS:  # the per-respondent gap, as in gap_by_group
        c[f"_gap_{area}"] = (pd.to_numeric(c[f"required_{area}"], errors="coerce")
                             - pd.to_numeric(c[f"self_{area}"], errors="coerce"))
    sel = c if sector == "all" else c[c["sector"] == sector]
    if sel.empty:
        raise ValueError(f"no respondents in sector {sector!r}; sectors present: {sorted(c['sector'].unique())}")
    opts = dict(weight_column=weight_column, non_users=non_users, no_skills_max_areas=no_skills_max_areas,
                classified=True)

    def ordered(t, col):
        # report order: vocabulary order, then other values, then "unknown", then the total ("all" until renamed)
        codes = vocab.codes(col) if col in vocab.VOCABULARIES else []
        rank = {v: i for i, v in enumerate(codes)}
        key = t[col].map(lambda v: (3, "") if v == "all" else (2, "") if v == UNKNOWN_GROUP
                         else (0, f"{rank[v]:04d}") if v in rank else (1, str(v)))
        return t.iloc[sorted(range(len(t)), key=lambda i: key.iloc[i])].reset_index(drop=True)

    def labelled_total(t, col, total):
        # The total row is computed as the group "all"; in the report it is named by what it covers, and
        # left out when the table has one group only (it would repeat that group's row: the same cells).
        groups = set(t[col]) - {"all"}
        if len(groups) <= 1:
            return t[t[col] != "all"].reset_index(drop=True)
        return t.assign(**{col: t[col].where(t[col] != "all", total)})

    def in_group(col):
        return lambda row, f: (f[col].notna() if row[col] == "all" else f[col] == row[col]).to_numpy()

    def level_base(col):
        g = in_group(col)
        return lambda row, f: g(row, f) & f["dsi_in_denominator"].to_numpy()

    def level_cell(col):
        base = level_base(col)

        def fn(row, f):
            lv = row["level"]
            at = f["dsi_level"].isin(["basic", "above_basic"]) if lv == dsi_mod.AT_LEAST_BASIC else f["dsi_level"] == lv
            return base(row, f) & at.to_numpy()
        return fn

    def gap_base(col):
        g = in_group(col)
        return lambda row, f: g(row, f) & f[f"_gap_{row['area']}"].notna().to_numpy()

    def gap_with(col):
        base = gap_base(col)
        return lambda row, f: base(row, f) & (f[f"_gap_{row['area']}"] > 0).to_numpy()

    sel_code = TOTAL_ALL_SECTORS if sector == "all" else TOTAL_SELECTION
    focus = "health_care" if sector == "all" else sector
    f = focus_column(c, sector=focus)
    share_cols = ("share", "ci_low", "ci_high")
    gap_share_cols = ("count_with_gap", "share_with_gap", "share_ci_low", "share_ci_high")
    gap_mean_cols = ("n", "n_eff", "mean_self", "mean_required", "mean_gap", "gap_ci_low", "gap_ci_high")
    for name, frame, col, total in (("dsi_levels", sel, group_by, sel_code),
                                    ("focus_dsi_levels", f, "focus", TOTAL_ALL_SECTORS)):
        by_g = dsi_mod.level_shares(frame, group_by=col, **opts)
        tot = dsi_mod.level_shares(frame, **opts).assign(**{col: "all"})
        t = labelled_total(ordered(pd.concat([by_g, tot[by_g.columns]], ignore_index=True), col), col, total)
        # the masks see the group code before it is renamed
        raw = t.assign(**{col: t[col].where(~t[col].isin(TOTAL_GROUPS), "all")})
        rel.add_table(name, raw, records=frame["respondent_id"], kind="skills_survey", frame=frame,
                      cells={("n", "n_eff", *share_cols): level_base(col),
                             ("count", *share_cols): level_cell(col)},
                      count_columns=("n", "count"))
        rel.tables[name].frame = t.rename(columns={col: "group"})
    for name, frame, col, total in (("gap_by_area", sel, group_by, sel_code),
                                    ("gap_by_occupation", sel, "occupation", sel_code),
                                    ("focus_gap", f, "focus", TOTAL_ALL_SECTORS)):
        t = labelled_total(ordered(gap_by_group(frame, group_by=col, weight_column=weight_column), col), col, total)
        raw = t.assign(**{col: t[col].where(~t[col].isin(TOTAL_GROUPS), "all")})
        rel.add_table(name, raw, records=frame["respondent_id"], kind="skills_survey", frame=frame,
                      cells={gap_mean_cols + gap_share_cols[1:]: gap_base(col), gap_share_cols: gap_with(col)},
                      count_columns=("n", "count_with_gap"))
        rel.tables[name].frame = t.rename(columns={col: "group"})
    areas = dsi_mod.area_shares(sel, weight_column=weight_column, classified=True)

    def area_base(row, fr):
        return ((fr["dsi_level"] != "not_assessed") & fr[f"dsi_{row['area']}_level"].notna()).to_numpy()

    def area_cell(row, fr):
        lv, a = row["level"], fr[f"dsi_{row['area']}_level"]
        at = a.isin(["basic", "above_basic"]) if lv == dsi_mod.AT_LEAST_BASIC else a == lv
        return area_base(row, fr) & at.to_numpy()

    rel.add_table("dsi_areas", areas, records=sel["respondent_id"], kind="skills_survey", frame=sel,
                  cells={("n", "n_eff", *share_cols): area_base, ("count", *share_cols): area_cell},
                  count_columns=("n", "count"))
    sat_levels = sat_to_levels(sel)

    def sat_base(row, fr):
        a = pd.to_numeric(fr[f"self_{row['area']}"], errors="coerce")
        b = pd.to_numeric(sat_levels[f"self_{row['area']}"], errors="coerce")
        return (a.notna() & b.notna()).to_numpy()

    rel.add_table("sat_comparison", sat_comparison(sel, weight_column=weight_column), records=sel["respondent_id"],
                  kind="skills_survey", frame=sel,
                  cells={("n", "mean_self_reported", "mean_sat_level", "mean_difference"): sat_base},
                  count_columns=("n",))
    sel_classified = classified if sector == "all" else classified[classified["sector"] == sector]
    # the fit-sample n is not published: as a cell it would move the joint pattern of the other
    # tables (on the shipped data it hid the totals 1 500 and 481, the reports' headline figures)
    if models:
        add_model_tables(rel, sel_classified[sel_classified["dsi_level"] != "not_assessed"],
                         min_category_size=max(min_cell_size, MODEL_MIN_CATEGORY), publish_n=False)
    return rel


#: Predictors of the models of notebook 02.
MODEL_PREDICTORS = ("age_group", "education_level", "sector", "occupation")
#: Smallest predictor category of the notebook-02 models (or ``min_cell_size`` when larger): a smaller
#: category is left out of the fit.
MODEL_MIN_CATEGORY = 10
#: Columns of a model table that are estimated from the cross-table behind a term.
MODEL_ESTIMATE_COLUMNS = ("coef", "se", "odds_ratio", "or_ci_low", "or_ci_high", "p_value", "stable")


def merge_sparse_levels(values, levels, *, min_count: int) -> dict:
    """Merge outcome categories with fewer than ``min_count`` respondents into a neighbour.

    The usual remedy for sparse categories of an ordinal outcome: the sparsest category (the lower
    one of a tie) joins its smaller neighbour (the only one at either end), until every category
    has at least ``min_count`` respondents or two categories are left.  A merged category is named
    by its members joined with ``+`` in order ("no+limited").

    Parameters
    ----------
    values : the outcome of every respondent (missing values are not counted).
    levels : the categories in order, lowest first.
    min_count : smallest number of respondents of a category.

    Returns
    -------
    dict category -> merged category name, for every category of ``levels``.

    Examples
    --------
    >>> y = ["no"] + ["limited"] * 5 + ["low"] * 12 + ["basic"] * 40 + ["above_basic"] * 30
    >>> m = merge_sparse_levels(y, ["no", "limited", "low", "basic", "above_basic"], min_count=5)
    >>> m["no"], m["limited"], m["low"], m["basic"]
    ('no+limited', 'no+limited', 'low', 'basic')
    >>> merge_sparse_levels(y, ["no", "limited", "low", "basic", "above_basic"], min_count=10)["low"]
    'no+limited+low'
    """
    counts = pd.Series(list(values)).value_counts()
    groups = [[lv] for lv in levels]
    sizes = [int(counts.get(lv, 0)) for lv in levels]
    while len(groups) > 2 and min(sizes) < min_count:
        i = sizes.index(min(sizes))
        if i == 0:
            j = 1
        elif i == len(groups) - 1:
            j = i - 1
        else:
            j = i - 1 if sizes[i - 1] <= sizes[i + 1] else i + 1
        a, b = sorted((i, j))
        groups[a:b + 1] = [groups[a] + groups[b]]
        sizes[a:b + 1] = [sizes[a] + sizes[b]]
    return {lv: "+".join(g) for g in groups for lv in g}


def add_model_tables(rel, assessed: pd.DataFrame, *, min_category_size: int = MODEL_MIN_CATEGORY,
                     predictors=MODEL_PREDICTORS, ordinal_outcome: str = "dsi_level",
                     levels=dsi_mod.ASSESSED_LEVELS, binary_outcome: str = "at_least_basic",
                     publish_n: bool = True) -> None:
    """Fit the two models of notebook 02 and register them in ``rel`` for disclosure control.

    ``model_ordinal`` (:func:`ordinal_model` of ``ordinal_outcome`` with ``levels``) and
    ``model_at_least_basic`` (:func:`logit_model` of ``binary_outcome``), each fitted once here,
    as in the output-checking rule for regression output (no underlying cell with fewer than k
    units; Eurostat's and ONS's output-checking guidance):

    * ``n`` (respondents in the fit) is the head count of the fit-sample cell, a published cell
      of the release: beside a published total it tells how many respondents were left out
      (small categories, missing values), so the release's implied-difference rule sees it (the
      fit sample or the total is hidden when they differ by 1 to k − 1);
    * a term's estimates (:data:`MODEL_ESTIMATE_COLUMNS`) rest on the cross-table behind the
      coefficient: the fit-sample respondents of the term's level in each outcome category of
      the fit (ordinal; the values 0/1 for the binary model), and the same for the reference
      level.  These counts are not published, so they are *gates*
      (:meth:`~lifelong_analysis.stats.disclosure.Release.add_table`): the row's estimates show
      ":" when any of them has fewer than k respondents, zero included (an empty cell is a
      separation: it would tell that nobody of the group has that outcome).  Gates cost the
      joint protection nothing and change no cell's status; the fit-sample cell does enter the
      joint pattern (one more large cell in the Gaussian elimination, which can move the
      secondary pattern of the other tables).

    Rows without an estimate (categories left out, no model) rest on no cell.  Before the ordinal
    model is fitted, outcome categories with fewer than ``min_category_size`` respondents are merged
    with a neighbour (:func:`merge_sparse_levels`; on the shipped survey "no" (1 respondent) and
    "limited" (5) join "narrow"); the categories used are in the column ``outcome_levels`` of
    ``model_ordinal`` (e.g. ``"no+limited+narrow < low < basic < above_basic"``).  Otherwise one
    category of 1 respondent would give every term a cross-table cell under k.

    Parameters
    ----------
    rel : a :class:`lifelong_analysis.stats.disclosure.Release` (its ``k`` is the threshold).
    assessed : one row per respondent with ``respondent_id``, the predictors and both outcomes
        (classified respondents whose level is assessed).
    min_category_size : predictor categories with fewer respondents are left out of the fit.
    publish_n : register the fit-sample ``n`` as a cell (default); ``False`` shows it as ":" and adds
        no cell, so the model tables leave the other tables' pattern exactly as without them.
    predictors, ordinal_outcome, levels, binary_outcome : the models' columns and outcome order.

    Examples
    --------
    >>> import numpy as np
    >>> g = np.repeat(["a", "b", "c"], [20, 20, 10])
    >>> y = np.r_[[0] * 10 + [1] * 10, [0] * 8 + [1] * 12, [0] * 7 + [1] * 3]
    >>> lv = np.where(y == 1, np.where(np.arange(50) % 2 == 0, "above_basic", "basic"), "low")
    >>> d = pd.DataFrame({"respondent_id": range(50), "g": g, "dsi_level": lv, "at_least_basic": y})
    >>> rel = Release(k=5)
    >>> add_model_tables(rel, d, predictors=["g"], levels=["low", "basic", "above_basic"])
    >>> t = rel.protect().tables["model_at_least_basic"]
    >>> t.loc[t["term"] == "g[c]", "odds_ratio"].tolist(), round(t.loc[t["term"] == "g[b]", "odds_ratio"].iloc[0], 6)
    ([':'], 1.5)
    """
    d = assessed.reset_index(drop=True)
    # sparse outcome categories (e.g. 1 respondent with no skills) would hide every term: merged first
    merged = merge_sparse_levels(d[ordinal_outcome].dropna(), list(levels), min_count=min_category_size)
    d[ordinal_outcome] = d[ordinal_outcome].map(lambda v: merged.get(v, v) if pd.notna(v) else v)
    levels = list(dict.fromkeys(merged[lv] for lv in levels))
    models = (("model_ordinal", ordinal_model(d, outcome=ordinal_outcome, predictors=predictors, levels=levels,
                                              min_category_size=min_category_size), ordinal_outcome),
              ("model_at_least_basic", logit_model(d, outcome=binary_outcome, predictors=predictors,
                                                   min_category_size=min_category_size), binary_outcome))
    for name, table, outcome in models:
        if outcome == ordinal_outcome:
            table = table.assign(outcome_levels=" < ".join(levels))
        fit, _small, _p = _prepare(d, outcome, predictors, min_category_size)
        in_fit = d.index.isin(fit.index)
        y = d[outcome] if outcome == ordinal_outcome else pd.to_numeric(d[outcome], errors="coerce")
        # the outcome categories of the fit (a category nobody has is not in the model)
        values = [v for v in (levels if outcome == ordinal_outcome else [0, 1]) if (y[in_fit] == v).any()]

        def fit_cell(row, f, in_fit=in_fit):
            return None if isinstance(row["n"], str) else in_fit  # no model: no count published

        if not publish_n:
            table = table.assign(n=SUPPRESSED_N)  # and no cell: nothing of the fit sample is published

        gates = []
        for value in values:
            for which in ("level", "reference"):
                def gate(row, f, in_fit=in_fit, at=(y == value).to_numpy(), which=which):
                    if not row["variable"] or pd.isna(row["coef"]):
                        return None  # no estimate: it rests on nothing
                    return in_fit & (f[row["variable"]].astype(str) == str(row[which])).to_numpy() & at
                gates.append((MODEL_ESTIMATE_COLUMNS, gate))
        rel.add_table(name, table, records=d["respondent_id"], kind="skills_survey", frame=d,
                      cells={"n": fit_cell} if publish_n else {}, count_columns=("n",), gates=gates)


def stable_mask(model: pd.DataFrame) -> pd.Series:
    """Which rows of a (protected) model table hold a published, stable estimate (``stable`` True, not ":").

    >>> stable_mask(pd.DataFrame({"stable": [True, ":", False]})).tolist()
    [True, False, False]
    """
    return model["stable"].map(lambda v: not isinstance(v, str) and pd.notna(v) and bool(v)).astype(bool)


def stable_terms(model: pd.DataFrame) -> pd.DataFrame:
    """The terms of a (protected) model table with a published, stable estimate, estimates as floats.

    A term whose estimates are hidden (":") is left out like an unstable one.

    >>> m = pd.DataFrame({"term": ["g[b]", "g[c]", "g[d]"], "odds_ratio": [1.5, ":", 2.0],
    ...                   "stable": [True, ":", False]})
    >>> stable_terms(m)["term"].tolist()
    ['g[b]']
    """
    out = model[stable_mask(model)].reset_index(drop=True)
    for c in MODEL_ESTIMATE_COLUMNS:
        if c in out.columns and c != "stable":
            out[c] = pd.to_numeric(out[c])
    return out


def report_tables(data: pd.DataFrame, **kwargs) -> dict[str, pd.DataFrame]:
    """Every table notebook 02 shows and exports, protected jointly (:func:`report_release`).

    Returns
    -------
    dict of DataFrames (hidden entries ``":"``):
    ``dsi_levels`` (group × level: n, n_eff, count, share, ci_low, ci_high),
    ``gap_by_area`` (group × area, see :func:`gap_by_group`), ``gap_by_occupation``,
    ``dsi_areas`` (area × level for the selection), ``sat_comparison`` (per area),
    ``focus_dsi_levels`` and ``focus_gap`` (focus sector vs other sectors), ``model_ordinal`` and
    ``model_at_least_basic`` (the models of :func:`add_model_tables`, on the assessed respondents of the
    selection; a term's estimates ":" where a count of the cross-table behind it is under k).  Groups are in column
    ``group``; respondents with a missing grouping value form the group ``"unknown"``.  The
    all-groups margin is named by what it covers: :data:`TOTAL_ALL_SECTORS` (``"all_sectors"``,
    the whole survey; always so in the ``focus_*`` tables) or :data:`TOTAL_SELECTION`
    (``"all_in_selection"``, the chosen sector).  A table with one group only has no total row;
    :func:`total_group` finds the rows for everyone, :func:`group_label` the report labels.
    Shares are rounded to whole percent (0.01) and ``n_eff`` to one decimal.
    """
    return report_release(data, **kwargs).protect().tables


def total_group(table: pd.DataFrame, column: str = "group"):
    """Group code of the rows of ``table`` that describe every respondent of the table.

    That is the total row (:data:`TOTAL_ALL_SECTORS` or :data:`TOTAL_SELECTION`)
    or, in a table of one group (which :func:`report_tables` gives no total
    row), that group.

    >>> total_group(pd.DataFrame({"group": ["nurse", "assistant", "all_in_selection"]}))
    'all_in_selection'
    >>> total_group(pd.DataFrame({"group": ["health_care", "health_care"]}))
    'health_care'
    """
    values = list(pd.unique(table[column]))
    totals = [v for v in values if v in TOTAL_GROUPS]
    if totals:
        return totals[0]
    if len(values) == 1:
        return values[0]
    raise ValueError(f"table has several groups ({', '.join(map(str, values))}) and no total row")


def key_figures(tables: dict[str, pd.DataFrame]) -> dict:
    """Headline numbers of notebook 02 from the (suppressed) report tables.

    Returns
    -------
    dict: ``at_least_basic``, ``ci_low``, ``ci_high`` (shares 0–1 or ":" when
    suppressed), ``n`` (respondents), ``top_gap_area`` (area code with the
    largest share with a gap, all groups), ``top_gap_share`` (0–1 or ":"),
    ``mean_gap_all`` (mean gap over the five areas, DigComp levels).
    """
    lv = tables["dsi_levels"]
    row = lv[(lv["group"] == total_group(lv)) & (lv["level"] == "at_least_basic")].iloc[0]
    gap = tables["gap_by_area"]
    g = gap[gap["group"] == total_group(gap)].copy()
    g["_s"] = pd.to_numeric(g["share_with_gap"].where(g["share_with_gap"] != ":"), errors="coerce")
    top = g.sort_values("_s", ascending=False).iloc[0]
    mg = pd.to_numeric(g["mean_gap"].where(g["mean_gap"] != ":"), errors="coerce")
    return {"at_least_basic": row["share"], "ci_low": row["ci_low"], "ci_high": row["ci_high"], "n": row["n"],
            "top_gap_area": top["area"], "top_gap_share": top["share_with_gap"] if pd.notna(top["_s"]) else ":",
            "mean_gap_all": float(mg.mean()) if mg.notna().any() else ":"}


def sat_comparison(data: pd.DataFrame, *, weight_column: str | None = None, min_cell_size: int = 5) -> pd.DataFrame:
    """Mean reported self-assessed level vs the level derived from DigCompSAT answers, per area.

    Returns
    -------
    pandas.DataFrame: ``area``, ``n`` (respondents with both), ``mean_self_reported``,
    ``mean_sat_level`` (DigComp levels, :func:`sat_to_levels`), ``mean_difference``
    (SAT − reported).  Not suppressed: :func:`report_release` protects it with the other tables.
    ``min_cell_size`` is no longer used (kept for callers).
    """
    sat = sat_to_levels(data)
    rows = []
    w = None if weight_column is None else data[weight_column].to_numpy(dtype=float)
    for area in AREAS:
        a = pd.to_numeric(data[f"self_{area}"], errors="coerce").to_numpy(dtype=float)
        b = sat[f"self_{area}"].to_numpy(dtype=float, na_value=np.nan)
        ok = ~np.isnan(a) & ~np.isnan(b)
        ww = np.ones(ok.sum()) if w is None else w[ok]
        n = int(ok.sum())
        ma = float(np.average(a[ok], weights=ww)) if n else np.nan
        mb = float(np.average(b[ok], weights=ww)) if n else np.nan
        rows.append({"area": area, "n": n, "mean_self_reported": ma, "mean_sat_level": mb, "mean_difference": mb - ma})
    return pd.DataFrame(rows)


