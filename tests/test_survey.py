"""Weighted shares and means: hand calculation, statsmodels and scipy."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from statsmodels.stats.proportion import proportion_confint
from statsmodels.stats.weightstats import DescrStatsW

from lifelong_analysis.stats import survey

Z = 1.959963984540054  # standard normal 97.5 % quantile


def wilson(p, n, z=Z):
    """Wilson score interval by hand (Wilson 1927)."""
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return centre - half, centre + half


def test_kish_effective_n():
    # (1+1+2+2)^2 / (1+1+4+4) = 36 / 10
    assert survey.kish_effective_n([1, 1, 2, 2]) == pytest.approx(3.6)
    assert survey.kish_effective_n([2.5] * 7) == pytest.approx(7.0)
    with pytest.raises(ValueError, match="positive"):
        survey.kish_effective_n([1, -1])


def test_weighted_share_against_hand_calculation_and_statsmodels():
    d = pd.DataFrame({"y": [1, 0, 1, 1], "w": [1.0, 1.0, 2.0, 2.0]})
    r = survey.weighted_share(d, column="y", weight_column="w").iloc[0]
    # p = (1 + 2 + 2) / 6 = 5/6 ; n_eff = 3.6 ; Wilson on count = p * n_eff = 3, nobs = 3.6
    assert r["share"] == pytest.approx(5 / 6)
    assert r["n_eff"] == pytest.approx(3.6)
    assert r["n"] == 4 and r["count"] == 3
    lo, hi = wilson(5 / 6, 3.6)
    assert (r["ci_low"], r["ci_high"]) == (pytest.approx(lo), pytest.approx(hi))
    sm_lo, sm_hi = proportion_confint(3.0, 3.6, method="wilson")
    assert (r["ci_low"], r["ci_high"]) == (pytest.approx(sm_lo), pytest.approx(sm_hi))


def test_unweighted_share_is_the_ordinary_wilson_interval():
    d = pd.DataFrame({"y": [1] * 30 + [0] * 70})
    r = survey.weighted_share(d, column="y").iloc[0]
    lo, hi = proportion_confint(30, 100, method="wilson")
    assert r["share"] == pytest.approx(0.3)
    assert r["ci_low"] == pytest.approx(lo) and r["ci_high"] == pytest.approx(hi)
    assert r["ci_low"] == pytest.approx(0.2189, abs=1e-4)   # published Wilson bound for 30/100


def test_share_by_group_and_missing_values_are_reported_not_dropped_silently():
    d = pd.DataFrame({"g": ["a", "a", "a", "b", "b"], "y": [1, 0, np.nan, True, True]})
    r = survey.weighted_share(d, column="y", by="g").set_index("g")
    assert r.loc["a", "n"] == 2 and r.loc["a", "share"] == pytest.approx(0.5)
    assert r.loc["b", "n"] == 2 and r.loc["b", "share"] == pytest.approx(1.0)


def test_weighted_mean_against_hand_and_descrstatsw():
    x = pd.DataFrame({"x": [1.0, 2.0, 3.0]})
    r = survey.weighted_mean(x, column="x").iloc[0]
    # sd = 1, se = 1/sqrt(3), t(2) = 4.302653
    assert r["mean"] == pytest.approx(2.0)
    assert r["se"] == pytest.approx(1 / math.sqrt(3))
    assert r["ci_high"] == pytest.approx(2 + 4.302653 / math.sqrt(3), rel=1e-6)
    rng = np.random.default_rng(3)
    y = rng.normal(2, 1, 40)
    w = rng.uniform(0.5, 3, 40)
    r = survey.weighted_mean(pd.DataFrame({"y": y, "w": w}), column="y", weight_column="w").iloc[0]
    n_eff = w.sum() ** 2 / (w ** 2).sum()
    ds = DescrStatsW(y, weights=w * n_eff / w.sum(), ddof=1)
    assert r["mean"] == pytest.approx(np.average(y, weights=w))
    assert r["se"] == pytest.approx(ds.std_mean)
    lo, hi = ds.tconfint_mean()
    assert r["ci_low"] == pytest.approx(lo) and r["ci_high"] == pytest.approx(hi)
    # unweighted equals scipy's t interval
    lo2, hi2 = stats.t.interval(0.95, df=39, loc=y.mean(), scale=stats.sem(y))
    r2 = survey.weighted_mean(pd.DataFrame({"y": y}), column="y").iloc[0]
    assert r2["ci_low"] == pytest.approx(lo2) and r2["ci_high"] == pytest.approx(hi2)


def test_level_shares_add_up_and_keep_empty_levels():
    d = pd.DataFrame({"lvl": ["a", "b", "b", "c"], "w": [2.0, 1.0, 1.0, 4.0]})
    r = survey.level_shares(d, column="lvl", levels=["a", "b", "c", "d"], weight_column="w").set_index("level")
    assert r["share"].to_dict() == pytest.approx({"a": 0.25, "b": 0.25, "c": 0.5, "d": 0.0})
    assert r["count"].to_dict() == {"a": 1, "b": 2, "c": 1, "d": 0}
    with pytest.raises(ValueError, match="outside the levels"):
        survey.level_shares(d, column="lvl", levels=["a", "b"])


def test_bad_arguments():
    d = pd.DataFrame({"y": [1, 0], "w": [1.0, 0.0]})
    with pytest.raises(ValueError, match="positive"):
        survey.weighted_share(d, column="y", weight_column="w")
    with pytest.raises(ValueError, match="'vekt' is not a column"):
        survey.weighted_share(d, column="y", weight_column="vekt")
    with pytest.raises(ValueError, match="0/1"):
        survey.weighted_share(pd.DataFrame({"y": [2, 0]}), column="y")
    with pytest.raises(ValueError, match="confidence"):
        survey.weighted_mean(d, column="y", confidence=95)
