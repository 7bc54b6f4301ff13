"""Figures of the skills report render from aggregate tables, with labelled axes."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from lifelong_analysis.analysis import dsi, skills
from lifelong_analysis.reporting.figures import skills as fig
from lifelong_analysis.reporting import skills_report

AREAS = ["information", "communication", "content_creation", "safety", "problem_solving"]


def fake_survey(n=300, seed=0):
    """A small survey in the skills_survey layout (not the shipped synthetic data)."""
    rng = np.random.default_rng(seed)
    items = dsi.load_items()
    d = pd.DataFrame({
        "respondent_id": [f"r{i}" for i in range(n)],
        "kommunenummer": "5001",
        "sector": rng.choice(["health_care", "primary_school", "kindergarten", "culture"], n, p=[.5, .3, .18, .02]),
        "occupation": rng.choice(["nurse", "health_worker", "teacher", "assistant"], n),
        "age_group": rng.choice(["25-34", "35-44", "45-54", "55-64"], n),
        "education_level": rng.choice(["upper_secondary", "bachelor", "master"], n),
        "weight": rng.uniform(0.5, 2.0, n),
        "internet_use_3m": rng.random(n) > 0.03,
    })
    skill = rng.normal(0, 1, n)
    for a in AREAS:
        d[f"self_{a}"] = np.clip(np.round(3 + skill + rng.normal(0, 1, n)), 1, 8).astype(int)
        d[f"required_{a}"] = np.clip(np.round(rng.normal(4, 1, n)), 1, 8).astype(int)
    for item in items["item"]:
        d[f"dsi_{item}"] = (rng.random(n) < 1 / (1 + np.exp(-(0.6 + skill)))).astype(int)
    for q in range(1, 13):
        d[f"sat_q{q}"] = np.clip(np.round(1.5 + skill + rng.normal(0, 0.8, n)), 0, 3).astype(int)
    return d


@pytest.fixture(scope="module")
def survey():
    return fake_survey()


def _labelled(f):
    return all(ax.get_xlabel() and ax.get_ylabel() for ax in f.axes if ax.get_label() != "<colorbar>")


@pytest.mark.parametrize("language", ["nb", "en"])
def test_figures_render_with_labels(survey, language):
    dist = skills.likert_distribution(survey, weight_column="weight")
    f1 = fig.likert_diverging(dist, language=language)
    assert f1.axes[0].get_xlabel() and f1.axes[0].get_ylabel()
    gap = skills.gap_by_group(survey, group_by="occupation", weight_column="weight")
    small = np.broadcast_to((gap["n"] < 5).to_numpy()[:, None], gap.shape)
    gap = gap.astype(object).mask(small, ":").assign(occupation=gap["occupation"], area=gap["area"])
    f2 = fig.gap_heatmap(gap, group_column="occupation", language=language)
    assert f2.axes[0].get_xlabel() and f2.axes[0].get_ylabel()
    lv = dsi.level_shares(survey, group_by="sector", weight_column="weight")
    ref = skills_report.compare_with_reference(0.7, language=language)
    f3 = fig.dsi_levels_by_group(lv, group_column="sector", references=ref, language=language)
    assert f3.axes[0].get_xlabel() and f3.axes[1].get_xlabel() and f3.axes[0].get_ylabel()
    c = dsi.classify(survey)
    c = c[c["dsi_level"] != "not_assessed"]
    t = skills.logit_model(c, outcome="at_least_basic", predictors=["age_group", "sector"])
    f4 = fig.odds_ratio_plot(t, language=language)
    assert f4.axes[0].get_xlabel()
    for f in (f1, f2, f3, f4):
        plt.close(f)


def test_heatmap_shows_suppressed_cells_as_colon(survey):
    gap = skills.gap_by_group(survey, group_by="sector")
    small = np.broadcast_to((gap["n"] < 10).to_numpy()[:, None], gap.shape)
    gap = gap.astype(object).mask(small, ":").assign(sector=gap["sector"], area=gap["area"])
    assert (gap.loc[gap["sector"] == "culture", "mean_gap"] == ":").all()
    f = fig.gap_heatmap(gap, group_column="sector", language="en")
    texts = [t.get_text() for t in f.axes[0].texts]
    assert ":" in texts
    plt.close(f)
