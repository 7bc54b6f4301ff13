"""The odds-ratio tables of notebook 02 under joint disclosure control (issue 10).

A term's estimates rest on the cross-table behind its coefficient (the fit-sample respondents of
the level and of the reference level in each outcome category); the fit-sample ``n`` is a head
count that, beside a published total, tells how many respondents were left out.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from lifelong_analysis.analysis import skills
from lifelong_analysis.reporting import publish
from lifelong_analysis.runner import batch
from lifelong_analysis.stats.disclosure import SUPPRESSED, Release

ROOT = Path(__file__).resolve().parents[1]


def survey(groups: dict) -> pd.DataFrame:
    """One row per respondent: {group: (respondents with outcome 0, respondents with outcome 1)}.

    Outcome 1 is "basic" or "above_basic" (alternately), outcome 0 "low".
    """
    rows = []
    for g, (n0, n1) in groups.items():
        rows += [{"g": g, "at_least_basic": 0, "dsi_level": "low"}] * n0
        rows += [{"g": g, "at_least_basic": 1, "dsi_level": ("above_basic", "basic")[i % 2]} for i in range(n1)]
    d = pd.DataFrame(rows)
    return d.assign(respondent_id=[f"r{i}" for i in range(len(d))])


def everyone(row, f):
    return np.ones(len(f), dtype=bool)


def test_a_level_with_three_high_outcomes_hides_that_terms_estimates():
    # a: 10/10, b: 8/12, c: 7/3 (3 respondents of c have the high outcome)
    d = survey({"a": (10, 10), "b": (8, 12), "c": (7, 3)})
    rel = Release(k=5)
    skills.add_model_tables(rel, d, predictors=["g"])
    out = rel.protect()
    binary = out.tables["model_at_least_basic"].set_index("term")
    estimates = list(skills.MODEL_ESTIMATE_COLUMNS)
    assert binary.loc["g[c]", estimates].tolist() == [SUPPRESSED] * 7
    # b's cross-table (8/12 against a's 10/10) is large: its odds ratio is published,
    # (12/8) / (10/10) = 1.5, and c0 (7) is the complement that keeps c1 = 50 − 43 hidden
    assert binary.loc["g[b]", "odds_ratio"] == 1.5 or abs(binary.loc["g[b]", "odds_ratio"] - 1.5) < 1e-6
    assert binary["n"].tolist() == [50, 50]
    # the ordinal model: c's "basic" (1) and "above_basic" (2) cells are below 5 too
    ordinal = out.tables["model_ordinal"].set_index("term")
    assert ordinal.loc["g[c]", estimates].tolist() == [SUPPRESSED] * 7
    # the figure and the reader's table take the published, stable terms only
    assert skills.stable_terms(out.tables["model_at_least_basic"])["term"].tolist() == ["g[b]"]


def test_the_fit_sample_n_or_the_total_is_hidden_when_few_respondents_are_left_out():
    # d has 3 respondents: fewer than min_category_size (10), left out of the fit: n = 52 of 55
    d = survey({"a": (10, 10), "b": (8, 12), "c": (6, 6), "d": (2, 1)})
    rel = Release(k=5)
    rel.add_table("total", pd.DataFrame({"n": [55]}), records=d["respondent_id"], kind="skills_survey", frame=d,
                  cells={"n": everyone}, count_columns=["n"])
    skills.add_model_tables(rel, d, predictors=["g"])
    out = rel.protect()
    fit_n = out.tables["model_at_least_basic"]["n"].tolist()
    total = out.tables["total"]["n"].tolist()
    assert set(fit_n) in ({52}, {SUPPRESSED}) and total in ([55], [SUPPRESSED])
    assert (fit_n[0] == SUPPRESSED) != (total == [SUPPRESSED])  # exactly one of the two is hidden
    assert out.tables["model_ordinal"]["n"].tolist()[0] == fit_n[0]  # the same cell in both models
    left_out = out.tables["model_at_least_basic"].set_index("term").loc["g[d]"]
    assert left_out["note"] == "left out: fewer than 10 respondents" and np.isnan(left_out["odds_ratio"])
    # with 10 respondents left out the difference is no longer sensitive: both are published
    d = survey({"a": (10, 10), "b": (8, 12), "c": (6, 6), "d": (5, 4)})
    rel = Release(k=5)
    rel.add_table("total", pd.DataFrame({"n": [61]}), records=d["respondent_id"], kind="skills_survey", frame=d,
                  cells={"n": everyone}, count_columns=["n"])
    skills.add_model_tables(rel, d, predictors=["g"])
    out = rel.protect()
    assert out.tables["total"]["n"].tolist() == [61]
    assert out.tables["model_at_least_basic"]["n"].tolist()[0] == 52


def test_the_batch_pre_plan_includes_the_model_tables_and_passes_the_audit(tmp_path):
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
    assert {"model_ordinal", "model_at_least_basic", "dsi_levels"} <= tables
    found = publish.audit_store(store)
    assert found["failures"] == {} and found["narrowest"] > 4
