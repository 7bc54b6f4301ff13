"""Skills gap, DigCompSAT mapping, Likert distribution, ordinal and logit models."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from lifelong_analysis.analysis import skills

AREAS = ["information", "communication", "content_creation", "safety", "problem_solving"]


def survey_frame():
    rows = [
        # id, sector, self levels, required levels, weight
        ("r1", "health_care", [2, 3, 1, 2, 2], [4, 3, 2, 4, 3], 1.0),
        ("r2", "health_care", [4, 4, 3, 3, 3], [4, 3, 3, 4, 3], 3.0),
        ("r3", "kindergarten", [3, 3, 2, 2, 1], [3, 4, 2, 2, 2], 2.0),
    ]
    recs = []
    for rid, sector, s, r, w in rows:
        rec = {"respondent_id": rid, "sector": sector, "weight": w}
        rec.update({f"self_{a}": v for a, v in zip(AREAS, s)})
        rec.update({f"required_{a}": v for a, v in zip(AREAS, r)})
        recs.append(rec)
    return pd.DataFrame(recs)


def test_gaps_per_respondent():
    g = skills.gaps(survey_frame()).set_index(["respondent_id", "area"])
    assert g.loc[("r1", "information"), "gap"] == 2       # 4 - 2
    assert g.loc[("r2", "communication"), "gap"] == -1    # 3 - 4: above requirement
    assert g.loc[("r2", "communication"), "has_gap"] == 0
    assert g.loc[("r1", "safety"), "has_gap"] == 1
    assert len(g) == 3 * 5


def test_gap_by_group_hand_calculated():
    out = skills.gap_by_group(survey_frame(), group_by="sector", areas=["information", "safety"])
    hc = out[out["sector"] == "health_care"].set_index("area")
    # information: gaps r1 = 2, r2 = 0 -> mean 1, share with gap 1/2
    assert hc.loc["information", "mean_gap"] == pytest.approx(1.0)
    assert hc.loc["information", "share_with_gap"] == pytest.approx(0.5)
    assert hc.loc["information", "mean_self"] == pytest.approx(3.0)
    # safety: gaps 2 and 1 -> mean 1.5; sd = 0.7071, se = 0.5, t(1) = 12.7062
    assert hc.loc["safety", "mean_gap"] == pytest.approx(1.5)
    assert hc.loc["safety", "gap_ci_high"] == pytest.approx(1.5 + 12.7062 * 0.5, rel=1e-4)
    total = out[out["sector"] == "all"].set_index("area")
    # all three: information gaps 2, 0, 0 -> 2/3 ; n = 3
    assert total.loc["information", "mean_gap"] == pytest.approx(2 / 3)
    assert total.loc["information", "n"] == 3
    assert out["sector"].tolist()[-1] == "all"
    # weighted: information gaps (2, 0, 0) with weights (1, 3, 2) -> 2/6
    w = skills.gap_by_group(survey_frame(), weight_column="weight", areas=["information"]).iloc[0]
    assert w["mean_gap"] == pytest.approx(2 / 6)
    assert w["share_with_gap"] == pytest.approx(1 / 6)
    assert w["n_eff"] == pytest.approx(36 / 14)


def test_missing_levels_keep_the_row():
    d = survey_frame()
    d.loc[0, "self_information"] = np.nan
    g = skills.gaps(d, areas=["information"])
    assert len(g) == 3 and np.isnan(g.loc[0, "gap"]) and np.isnan(g.loc[0, "has_gap"])
    out = skills.gap_by_group(d, areas=["information"]).iloc[0]
    assert out["n"] == 2


def test_gap_errors():
    d = survey_frame()
    d.loc[0, "self_safety"] = 9
    with pytest.raises(ValueError, match="DigComp level 1–8"):
        skills.gaps(d)
    with pytest.raises(ValueError, match="Valid values"):
        skills.gaps(survey_frame(), areas=["cooking"])


def test_sat_item_bank_and_mapping():
    items = skills.load_sat_items()
    assert len(items) == 82
    # SOURCE.md: area 1 = Q1–Q12, area 5 = Q68–Q82
    assert items.groupby("area").size().to_dict() == {
        "information": 12, "communication": 23, "content_creation": 16, "safety": 16, "problem_solving": 15}
    # level = 1 + round_half_up(score / 3 * 5)
    assert skills.sat_score_to_level(0) == 1
    assert skills.sat_score_to_level(3) == 6
    assert skills.sat_score_to_level(1.8) == 4     # 1.8/3*5 = 3.0 -> 4
    assert skills.sat_score_to_level(0.3) == 2     # 0.5 rounds up -> 2
    assert skills.sat_score_to_level(3, top_level=8) == 8
    with pytest.raises(ValueError):
        skills.sat_score_to_level(3.5)


def test_sat_to_levels_per_area():
    # Q1 knowledge, Q3 skill (area 1); Q12 attitude? use items from the bank
    items = skills.load_sat_items()
    info_ks = items[(items["area"] == "information") & items["dimension"].isin(["knowledge", "skill"])]["column"]
    att = items[(items["area"] == "information") & (items["dimension"] == "attitude")]["column"]
    d = pd.DataFrame({"respondent_id": ["a", "b"]})
    for c in info_ks:
        d[c] = [3, 1]
    for c in att:
        d[c] = [0, 0]   # attitude items do not count
    d.loc[1, info_ks.iloc[0]] = 2  # b: one item 2, the rest 1
    lv = skills.sat_to_levels(d).set_index("respondent_id")
    assert lv.loc["a", "self_information"] == 6
    n = len(info_ks)
    score_b = (2 + (n - 1)) / n                    # 11 items: 12/11 = 1.0909
    assert lv.loc["b", "self_information"] == 1 + int(np.floor(score_b / 3 * 5 + 0.5))  # = 3
    assert pd.isna(lv.loc["a", "self_safety"])       # no safety items answered


def test_likert_distribution_weighted():
    d = pd.DataFrame({"sat_q1": [0, 3, 3, np.nan], "w": [1.0, 1.0, 2.0, 5.0]})
    dist = skills.likert_distribution(d, weight_column="w").set_index("response")
    assert dist.loc[3, "share"] == pytest.approx(3 / 4)
    assert dist.loc[0, "share"] == pytest.approx(1 / 4)
    assert dist.loc[1, "share"] == 0
    assert (dist["n"] == 3).all() and dist.loc[3, "count"] == 2
    assert dist["item_id"].iloc[0] == "Q1"


def simulate(n, seed):
    """Ordinal outcome from known log-odds: age 55-64 -1.0, sector kindergarten +0.8."""
    rng = np.random.default_rng(seed)
    age = rng.choice(["25-34", "55-64"], n)
    sector = rng.choice(["health_care", "kindergarten", "administration"], n)
    eta = -1.0 * (age == "55-64") + 0.8 * (sector == "kindergarten") + 0.0 * (sector == "administration")
    latent = eta + rng.logistic(size=n)
    y = np.digitize(latent, [-1.0, 0.5, 1.5]) + 1    # levels 1..4
    return pd.DataFrame({"y": y, "age_group": age, "sector": sector})


def test_ordinal_model_recovers_known_coefficients():
    d = simulate(1500, seed=11)
    t = skills.ordinal_model(d, outcome="y", predictors=["age_group", "sector"]).set_index("term")
    # reference levels follow vocabulary order: age 25-34, sector health_care
    assert t.loc["age_group[55-64]", "reference"] == "25-34"
    assert t.loc["age_group[55-64]", "coef"] == pytest.approx(-1.0, abs=0.25)
    assert t.loc["sector[kindergarten]", "coef"] == pytest.approx(0.8, abs=0.3)
    assert t.loc["sector[administration]", "coef"] == pytest.approx(0.0, abs=0.3)
    assert t.loc["age_group[55-64]", "odds_ratio"] == pytest.approx(np.exp(t.loc["age_group[55-64]", "coef"]))
    assert (t["or_ci_low"] < t["odds_ratio"]).all() and (t["odds_ratio"] < t["or_ci_high"]).all()
    assert t["n"].iloc[0] == 1500


def test_ordinal_model_fast_fit_agrees_with_plain_orderedmodel():
    """The exact-gradient fit reaches the optimum of statsmodels' own OrderedModel (params within 1e-4)."""
    from statsmodels.miscmodels.ordinal_model import OrderedModel
    from statsmodels.tools.numdiff import approx_fprime

    d = simulate(1500, seed=11)
    t = skills.ordinal_model(d, outcome="y", predictors=["age_group", "sector"]).set_index("term")
    X = pd.DataFrame({"age_group[55-64]": (d["age_group"] == "55-64").astype(float),
                      "sector[kindergarten]": (d["sector"] == "kindergarten").astype(float),
                      "sector[administration]": (d["sector"] == "administration").astype(float)})
    y = pd.Series(pd.Categorical(d["y"], categories=[1, 2, 3, 4], ordered=True))
    # reference: plain OrderedModel (scipy.stats cdf, numerical gradient), BFGS run to a tight gradient
    ref = OrderedModel(y, X, distr="logit").fit(method="bfgs", gtol=1e-7, maxiter=5000, disp=False)
    assert ref.mle_retvals["converged"]
    for term in X.columns:
        assert t.loc[term, "coef"] == pytest.approx(ref.params[term], abs=1e-4)
        assert t.loc[term, "se"] == pytest.approx(ref.bse[term], rel=1e-3)
        assert t.loc[term, "p_value"] == pytest.approx(ref.pvalues[term], rel=1e-2, abs=1e-12)
    # the analytic score equals the numerical gradient of statsmodels' log-likelihood, thresholds included
    model = skills._ordered_logit_class()(y, X, distr="logit")
    p = model.start_params + np.random.default_rng(3).normal(0, 0.3, len(model.start_params))
    assert model.score(p) == pytest.approx(approx_fprime(p, OrderedModel(y, X, distr="logit").loglike, centered=True),
                                           rel=1e-5, abs=1e-4)
    assert model.loglike(p) == pytest.approx(OrderedModel(y, X, distr="logit").loglike(p), rel=1e-12)


def test_logit_model_matches_statsmodels_and_recovers_truth():
    d = simulate(1500, seed=12)
    d["top"] = (d["y"] >= 3).astype(int)
    t = skills.logit_model(d, outcome="top", predictors=["age_group", "sector"]).set_index("term")
    X = pd.DataFrame({"age_group[55-64]": (d["age_group"] == "55-64").astype(float),
                      "sector[kindergarten]": (d["sector"] == "kindergarten").astype(float),
                      "sector[administration]": (d["sector"] == "administration").astype(float)})
    ref = sm.Logit(d["top"].astype(float), sm.add_constant(X)).fit(disp=False)
    for term in X.columns:
        assert t.loc[term, "coef"] == pytest.approx(ref.params[term], rel=1e-6)
        assert t.loc[term, "or_ci_high"] == pytest.approx(np.exp(ref.conf_int().loc[term, 1]), rel=1e-6)
    # proportional odds: the same slope holds for the dichotomised outcome
    assert t.loc["age_group[55-64]", "coef"] == pytest.approx(-1.0, abs=0.3)


def test_model_errors():
    d = simulate(50, seed=1)
    with pytest.raises(ValueError, match="levels"):
        skills.ordinal_model(d.assign(y=d["y"].map({1: "a", 2: "b", 3: "c", 4: "d"})), outcome="y",
                             predictors=["sector"])
    with pytest.raises(ValueError, match="not a column"):
        skills.ordinal_model(d, outcome="y", predictors=["occupation_x"])
    with pytest.raises(ValueError, match="0/1"):
        skills.logit_model(d, outcome="y", predictors=["sector"])
