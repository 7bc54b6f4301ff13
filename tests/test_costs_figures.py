"""Figures of notebook 01: labelled axes in the report language, no crash on the result tables."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from lifelong_analysis.analysis import costs  # noqa: E402
from lifelong_analysis.reporting.figures import costs as fig_costs  # noqa: E402

from test_costs import _scenarios  # noqa: E402


@pytest.fixture(scope="module")
def tables():
    sc = _scenarios()
    return sc, costs.cost_summary(sc, n_draws=300, seed=1), costs.sensitivity(sc)


@pytest.mark.parametrize("language,word", [("nb", "Kroner"), ("en", "NOK")])
def test_figures_have_labelled_axes(tables, language, word):
    sc, summary, sens = tables
    figs = [
        fig_costs.components_by_format(summary, language=language, per="sp"),
        fig_costs.uncertainty_by_format(summary, language=language),
        fig_costs.tornado(sens, delivery_format="classroom_full_day", language=language),
        fig_costs.break_even_curve(costs.total_curve(sc), language=language, break_even=0.5),
    ]
    for f in figs:
        ax = f.axes[0]
        assert ax.get_xlabel() and ax.get_ylabel()
        plt.close(f)
    assert word in figs[0].axes[0].get_xlabel()
    # amounts on the axes the Norwegian way ("4 000 kr"), not raw numbers
    f = fig_costs.components_by_format(summary, language="nb")
    f.canvas.draw()
    labels = [t.get_text() for t in f.axes[0].get_xticklabels() if t.get_text()]
    assert labels and all(lab.endswith("kr") for lab in labels)
    plt.close(f)


def test_tornado_rejects_a_format_without_rows(tables):
    _sc, _summary, sens = tables
    with pytest.raises(ValueError, match="No sensitivity rows"):
        fig_costs.tornado(sens, delivery_format="nonexistent")


@pytest.mark.parametrize("language,word", [("nb", "ikke modellert"), ("en", "not modelled")])
def test_tornado_labels_inputs_that_are_not_modelled(tables, language, word):
    # agency_share = 0 (not found): the agency mark-up is not modelled, so no zero bar but a label
    _sc, _summary, sens = tables
    f = fig_costs.tornado(sens, delivery_format="classroom_full_day", language=language)
    ax = f.axes[0]
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    agency = costs.UNCERTAIN_LABELS["agency_premium_share"][0 if language == "nb" else 1]
    assert ticks[0] == agency
    assert [t.get_text().strip() for t in ax.texts] == [word]
    # bars: two per modelled input with a swing (low and high), none for the agency mark-up
    d = sens[(sens.delivery_format == "classroom_full_day") & sens.modelled & (sens.swing_nok > 1e-9)]
    assert len(ax.patches) == 2 * len(d)
    plt.close(f)
