"""Figures of the skills report render from aggregate tables, with labelled axes."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import re

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


# --------------------------------------------------------------------------- SVG for the report (issue 13)


def _font_sizes_pt(svg: str) -> list[float]:
    import re

    return [float(x) for x in re.findall(r"<text[^>]*font-size: ?([0-9.]+)px", svg)] + \
        [float(x) for x in re.findall(r"<text[^>]*style=\"font: ?([0-9.]+)px", svg)]


def test_dsi_figure_phone_layout_stacks_panels_with_legible_text_and_legends_below(survey):
    """notebook 02's two-panel figure with a 4-column legend at 8 pt (6,5 px on a phone before)."""
    import re

    from lifelong_analysis.reporting.figures import render

    lv = dsi.level_shares(survey, group_by="sector", weight_column="weight")
    f = fig.dsi_levels_by_group(lv, group_column="sector", references=skills_report.compare_with_reference(0.7), language="nb")
    assert f.axes[0].get_legend()._ncols == 4  # the wide rendering keeps its 4 columns
    wide = render.to_svg(f)
    render.phone_layout(f)
    phone = render.to_svg(f)
    ax1, ax2 = f.axes[:2]
    # stacked: one column, the second panel under the first, each with its own group labels
    assert ax1.get_subplotspec().colspan == ax2.get_subplotspec().colspan == range(0, 1)
    assert ax1.get_position().y0 > ax2.get_position().y1
    assert [t.get_text() for t in ax2.get_yticklabels()] == [t.get_text() for t in ax1.get_yticklabels()]
    assert all(leg._ncols == 1 for leg in (ax1.get_legend(), ax2.get_legend()))
    # legends below their panel: the legend's top under the panel's bottom
    f.canvas.draw()
    for ax in (ax1, ax2):
        assert ax.get_legend().get_window_extent().y1 < ax.bbox.y0
    assert f.get_size_inches()[0] == pytest.approx(render.PHONE_WIDTH_IN)
    # every text of the phone rendering >= 8 pt: 8 pt at 96/72 = 10,7 CSS px at natural size
    sizes = _font_sizes_pt(phone)
    assert sizes and min(sizes) >= render.MIN_FONT_PT
    assert min(_font_sizes_pt(wide)) == 8.0  # the wide one keeps its 8 pt legend
    # vector, text as text, self-contained
    m = re.match(r'<svg[^>]*width="([0-9.]+)pt"', phone)
    assert m and float(m.group(1)) == pytest.approx(render.PHONE_WIDTH_IN * 72, abs=0.5)
    for svg in (wide, phone):
        assert svg.startswith("<svg") and svg.endswith("</svg>") and "<text" in svg
        assert "<?xml" not in svg and "DOCTYPE" not in svg and "<metadata" not in svg
        assert not re.search(r'href="(?!#|data:)', svg) and "http://www.w3.org/1999/xlink" not in svg
    # ids of the two renderings differ (several figures share one page)
    ids = lambda s: set(re.findall(r'id="([^"]+)"', s))  # noqa: E731
    assert ids(wide) and not ids(wide) & ids(phone)
    plt.close(f)


def test_likert_figure_without_item_text_for_a_bokmaal_report(survey, monkeypatch):
    from lifelong_analysis.reporting import display

    dist = skills.likert_distribution(survey, weight_column="weight")
    f = fig.likert_diverging(dist, language="nb", item_text=False)
    labels = [t.get_text() for t in f.axes[0].get_yticklabels()]
    assert labels and all(re.fullmatch(r"Q[0-9]+", t) for t in labels)
    plt.close(f)
    shown = []
    monkeypatch.setattr(display, "_display", lambda obj: shown.append(obj.data))
    display.original_wording(dist, "nb", source="JRC, DigCompSAT, CC BY 4.0")
    display.original_wording(dist, "en", source="JRC, DigCompSAT, CC BY 4.0")
    assert len(shown) == 1 and '<ul lang="en">' in shown[0] and "originalformulering (engelsk; JRC" in shown[0]
    assert shown[0].count("<li>") == dist["item_id"].nunique()


def test_display_figure_shows_both_renderings_and_closes_the_figure(monkeypatch):
    from lifelong_analysis.reporting import display

    shown = []
    monkeypatch.setattr(display, "_display", lambda obj: shown.append(obj.data))
    f, ax = plt.subplots(figsize=(9, 3))
    ax.bar(["a", "b"], [1, 2])
    ax.set_title("Kostnad")
    display.figure(f, "nb")
    assert not plt.fignum_exists(f.number)
    html = shown[0]
    assert html.startswith('<figure class="la-figure" role="img" aria-label="Kostnad">')
    assert html.count("<svg") == 2 and 'class="la-fig-wide"' in html and 'class="la-fig-phone"' in html
