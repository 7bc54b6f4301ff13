"""The odds-ratio tables of notebook 02 under joint disclosure control (issue 10).

A term's estimates rest on the cross-table behind its coefficient (the fit-sample respondents of
the level and of the reference level in each outcome category): those counts are *gates*, which
hide the estimates when one is under k (zero included) without entering the joint model.  The
fit-sample ``n`` is a published head count that, beside a published total, tells how many
respondents were left out.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from lifelong_analysis.analysis import skills
from lifelong_analysis.reporting import publish
from lifelong_analysis.runner import batch
from lifelong_analysis.stats.disclosure import SUPPRESSED, Release

ROOT = Path(__file__).resolve().parents[1]
ESTIMATES = list(skills.MODEL_ESTIMATE_COLUMNS)
LEVELS = ["low", "basic", "above_basic"]


def survey(groups: dict) -> pd.DataFrame:
    """One row per respondent: {group: (respondents with outcome 0, respondents with outcome 1)}.

    Outcome 1 is "basic" or "above_basic" (alternately, "above_basic" first), outcome 0 "low".
    """
    rows = []
    for g, (n0, n1) in groups.items():
        rows += [{"g": g, "at_least_basic": 0, "dsi_level": "low"}] * n0
        rows += [{"g": g, "at_least_basic": 1, "dsi_level": ("above_basic", "basic")[i % 2]} for i in range(n1)]
    d = pd.DataFrame(rows)
    return d.assign(respondent_id=[f"r{i}" for i in range(len(d))])


def everyone(row, f):
    return np.ones(len(f), dtype=bool)


def by_g(row, f):
    return (f["g"] == row["g"]).to_numpy()


def add_total(rel, d):
    rel.add_table("total", pd.DataFrame({"n": [len(d)]}), records=d["respondent_id"], kind="skills_survey", frame=d,
                  cells={"n": everyone}, count_columns=["n"])


def test_a_level_with_three_high_outcomes_hides_that_terms_estimates():
    # a: 10/10 (reference), b: 8/12, c: 7/3 (3 respondents of c have the high outcome)
    d = survey({"a": (10, 10), "b": (8, 12), "c": (7, 3)})
    rel = Release(k=5)
    skills.add_model_tables(rel, d, predictors=["g"])
    out = rel.protect()
    binary = out.tables["model_at_least_basic"].set_index("term")
    assert binary.loc["g[c]", ESTIMATES].tolist() == [SUPPRESSED] * 7
    # b's cross-table (8/12 against a's 10/10) has no cell under 5: its odds ratio is published,
    # (12/8) / (10/10) = 1.5 for the one-predictor logit
    assert binary.loc["g[b]", "odds_ratio"] == pytest.approx(1.5, rel=1e-6)
    assert binary.loc["g[b]", "stable"] is True or binary.loc["g[b]", "stable"] == True  # noqa: E712
    assert binary["n"].tolist() == [50, 50]
    # the ordinal model: c's "basic" (1) and "above_basic" (2) are under 5; b has 8/6/6, a 10/5/5
    ordinal = out.tables["model_ordinal"].set_index("term")
    assert ordinal.loc["g[c]", ESTIMATES].tolist() == [SUPPRESSED] * 7
    assert not isinstance(ordinal.loc["g[b]", "odds_ratio"], str) and ordinal.loc["g[b]", "odds_ratio"] > 1
    # the gates are no cells: the release's only cell is the fit sample (50), published
    assert len(out.status) == 1 and list(out.status.values())[0][0] == "published"
    assert out.summary["gated"] == 14 and (out.summary["primary"], out.summary["secondary"]) == (0, 0)
    # the figure and the reader's table take the published, stable terms only
    assert skills.stable_terms(out.tables["model_at_least_basic"])["term"].tolist() == ["g[b]"]
    assert skills.stable_terms(out.tables["model_ordinal"])["term"].tolist() == ["g[b]"]


def test_the_reference_level_gates_every_term():
    # the reference a has 4 of the low outcome: every term compared with it rests on that cell
    d = survey({"a": (4, 16), "b": (8, 12), "c": (9, 11)})
    rel = Release(k=5)
    skills.add_model_tables(rel, d, predictors=["g"])
    binary = rel.protect().tables["model_at_least_basic"].set_index("term")
    assert binary.loc[["g[b]", "g[c]"], "odds_ratio"].tolist() == [SUPPRESSED, SUPPRESSED]
    # with k = 4 the same cell (4) is large enough: (12/8) / (16/4) = 0.375
    rel = Release(k=4)
    skills.add_model_tables(rel, d, predictors=["g"])
    binary = rel.protect().tables["model_at_least_basic"].set_index("term")
    assert binary.loc["g[b]", "odds_ratio"] == pytest.approx(0.375, rel=1e-6)


def test_the_fit_sample_n_or_the_total_is_hidden_when_few_respondents_are_left_out():
    # d has 3 respondents: fewer than min_category_size (10), left out of the fit: n = 52 of 55
    d = survey({"a": (10, 10), "b": (8, 12), "c": (6, 6), "d": (2, 1)})
    rel = Release(k=5)
    add_total(rel, d)
    skills.add_model_tables(rel, d, predictors=["g"])
    out = rel.protect()
    fit_n = out.tables["model_at_least_basic"]["n"].tolist()
    total = out.tables["total"]["n"].tolist()
    assert set(fit_n) in ({52}, {SUPPRESSED}) and total in ([55], [SUPPRESSED])
    assert (fit_n[0] == SUPPRESSED) != (total == [SUPPRESSED])  # exactly one of the two is hidden
    assert out.tables["model_ordinal"]["n"].tolist()[0] == fit_n[0]  # the same cell in both models
    assert out.summary["implied"] == 1
    left_out = out.tables["model_at_least_basic"].set_index("term").loc["g[d]"]
    assert left_out["note"] == "left out: fewer than 10 respondents" and np.isnan(left_out["odds_ratio"])
    # with 9 respondents left out the difference is no longer sensitive: both are published
    d = survey({"a": (10, 10), "b": (8, 12), "c": (6, 6), "d": (5, 4)})
    rel = Release(k=5)
    add_total(rel, d)
    skills.add_model_tables(rel, d, predictors=["g"])
    out = rel.protect()
    assert out.tables["total"]["n"].tolist() == [61]
    assert out.tables["model_at_least_basic"]["n"].tolist() == [52] * 3  # b, c and the left-out d
    assert out.summary["implied"] == 0


def gated_release(d, *, k=5, with_gates=True):
    """Counts per group and a total (published cells) and one estimate per group gated by its 0/1 cells."""
    rel = Release(k=k)
    add_total(rel, d)
    counts = d.groupby("g").size().rename("n").reset_index()
    rel.add_table("by_g", counts, records=d["respondent_id"], kind="skills_survey", frame=d, cells={"n": by_g},
                  count_columns=["n"])
    est = counts.assign(estimate=0.5)
    gates = [("estimate", lambda row, f, y=y: by_g(row, f) & (f["at_least_basic"] == y).to_numpy()) for y in (0, 1)]
    rel.add_table("est", est, records=d["respondent_id"], kind="skills_survey", frame=d, cells={"n": by_g},
                  count_columns=["n"], gates=gates if with_gates else None)
    return rel


def test_a_gate_hides_at_zero_and_below_k_and_shows_from_k():
    # a: 10/10, b: 0/20 (nobody of b has outcome 0: a separation), c: 4/16, e: 5/5
    d = survey({"a": (10, 10), "b": (0, 20), "c": (4, 16), "e": (5, 5)})
    out = gated_release(d).protect()
    est = out.tables["est"].set_index("g")["estimate"]
    assert est.tolist() == [0.5, SUPPRESSED, SUPPRESSED, 0.5]
    # the counts are published cells, every one of them ≥ 5: shown; a gate is not a count
    assert out.tables["est"]["n"].tolist() == [20, 20, 20, 10]
    assert out.summary["gated"] == 2


def test_a_gate_does_not_change_the_model_matrix():
    # c has 3 respondents (primary); its complement in the total is hidden too; the gates
    # (a0 = 4, b1 = 2, ...) would add cells under 5 if they were published cells
    d = survey({"a": (4, 16), "b": (18, 2), "c": (1, 2), "e": (6, 6)})
    with_gates, without = gated_release(d).protect(), gated_release(d, with_gates=False).protect()
    assert with_gates.status == without.status  # the same cells, the same secondary pattern
    assert with_gates.summary["cells"] == without.summary["cells"] == 5  # total, a, b, c, e
    for name in ("total", "by_g"):
        pd.testing.assert_frame_equal(with_gates.tables[name], without.tables[name])
    assert with_gates.tables["by_g"]["n"].tolist().count(SUPPRESSED) == 2  # c (3) and its complement
    assert with_gates.tables["est"]["estimate"].tolist() == [SUPPRESSED, SUPPRESSED, SUPPRESSED, 0.5]
    assert without.tables["est"]["estimate"].tolist() == [0.5] * 4
    assert (with_gates.summary["gated"], without.summary["gated"]) == (3, 0)


def test_merge_keeps_the_gates():
    d = survey({"a": (10, 10), "b": (8, 12), "c": (7, 3)})
    rel = Release(k=5)
    skills.add_model_tables(rel, d, predictors=["g"])
    union = Release(k=5)
    union.merge(rel, prefix="run0/")
    union.merge(rel, prefix="run1/")
    out = union.protect()
    for run in ("run0/", "run1/"):
        binary = out.tables[run + "model_at_least_basic"].set_index("term")
        assert binary.loc["g[c]", ESTIMATES].tolist() == [SUPPRESSED] * 7
        assert binary.loc["g[b]", "odds_ratio"] == pytest.approx(1.5, rel=1e-6)
    assert out.summary["gated"] == 2 * 14 and out.summary["cells"] == 1


def test_report_release_registers_the_models_once_with_the_other_tables():
    data = pd.read_csv(ROOT / "data" / "synthetic_small" / "skills_survey.csv")
    data = data[data["kommunenummer"].astype(str) == str(data["kommunenummer"].iloc[0])]
    rel = skills.report_release(data, sector="all", min_cell_size=5)
    assert {"model_ordinal", "model_at_least_basic", "dsi_levels"} <= set(rel.tables)
    out = rel.protect()
    for name in ("model_ordinal", "model_at_least_basic"):
        t = out.tables[name]
        fitted = t["coef"].map(lambda v: isinstance(v, str) or pd.notna(v))
        # every estimated term is either hidden in all its estimate columns or in none
        hidden = (t.loc[fitted, ESTIMATES].astype(object) == SUPPRESSED)
        assert (hidden.all(axis=1) | ~hidden.any(axis=1)).all()
        assert ((t["n"] == SUPPRESSED) | (pd.to_numeric(t["n"], errors="coerce") >= 5)).all()


def test_the_batch_pre_plan_with_the_model_tables_passes_the_audit(tmp_path):
    runs = batch.load_config(ROOT / "reports_small.yaml")[0]
    pairs = []
    for r in runs:
        defaults = {k: v["default"] for k, v in batch.notebook_parameters(str(r.notebook)).items()}
        pairs.append((str(r.notebook), defaults | dict(r.parameters)))
    plan = publish.plan_releases(pairs, root=tmp_path)
    assert plan["skipped"] == {}
    (path,) = tmp_path.glob("*.json")
    store = publish.CellStore(path)
    cells = store.load()
    tables = {t.split("/", 1)[1] for c in cells.values() for t in c["tables"]}
    # the model tables add no cell (their n is not published, their estimates are gated)
    assert "dsi_levels" in tables and not {"model_ordinal", "model_at_least_basic"} & tables
    found = publish.audit_store(store)
    assert found["failures"] == {} and found["narrowest"] > 4


def test_without_the_fit_sample_cell_the_model_tables_add_no_cell():
    d = survey({"a": (10, 10), "b": (8, 12), "c": (6, 6), "d": (2, 1)})
    rel = Release(k=5)
    add_total(rel, d)
    skills.add_model_tables(rel, d, predictors=["g"], publish_n=False)
    out = rel.protect()
    assert len(out.status) == 1 and out.tables["total"]["n"].tolist() == [55]  # the total alone: shown
    assert out.tables["model_at_least_basic"]["n"].tolist() == [SUPPRESSED] * 3
    assert out.tables["model_at_least_basic"].set_index("term").loc["g[b]", "odds_ratio"] == pytest.approx(1.5)


def test_sparse_outcome_levels_are_merged_before_the_ordinal_fit():
    # no: 1, limited: 5, narrow: 3 (all under 10) -> one category of 9, still under 10 -> joins low (12)
    y = ["no"] + ["limited"] * 5 + ["narrow"] * 3 + ["low"] * 12 + ["basic"] * 40 + ["above_basic"] * 30
    m = skills.merge_sparse_levels(y, ["no", "limited", "narrow", "low", "basic", "above_basic"], min_count=10)
    assert m == {"no": "no+limited+narrow+low", "limited": "no+limited+narrow+low", "narrow": "no+limited+narrow+low",
                 "low": "no+limited+narrow+low", "basic": "basic", "above_basic": "above_basic"}
    # a sparse category in the middle joins its smaller neighbour; two categories are always kept
    assert skills.merge_sparse_levels(["a"] * 20 + ["b"] * 2 + ["c"] * 15, ["a", "b", "c"], min_count=10)["b"] == "b+c"
    assert set(skills.merge_sparse_levels(["a"] * 3 + ["b"] * 2, ["a", "b"], min_count=10).values()) == {"a", "b"}


def test_shipped_survey_models_keep_the_headline_and_show_some_ordinal_terms():
    from lifelong_analysis.data.readers import load_dataset

    s = load_dataset(None, kinds=["skills_survey"]).skills_survey
    s = s[s["kommunenummer"].astype(str) == "5001"]
    t = skills.report_release(s, sector="all", weight_column="weight").protect().tables
    ordinal = t["model_ordinal"]
    # "no" (1 respondent), "limited" (5) and "narrow" are merged into one category before the fit
    assert set(ordinal["outcome_levels"]) == {"no+limited+narrow < low < basic < above_basic"}
    assert set(ordinal["n"]) == {SUPPRESSED}  # the fit-sample n is not published (it would move the pattern)
    assert len(skills.stable_terms(ordinal)) >= 1
    # the totals of the digital-skills table stay published
    levels = t["dsi_levels"]
    n = levels[levels["level"] == "at_least_basic"].set_index("group")["n"]
    assert n["all_sectors"] == 1500
