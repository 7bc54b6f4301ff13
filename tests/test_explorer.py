"""The JupyterLab explorer (issue 15): the library's numbers on every change of a control."""

from __future__ import annotations

import sys

import numpy as np

import pytest

from lifelong_analysis.analysis import costs, funding
from lifelong_analysis.reporting import display, explorer
from lifelong_analysis.reporting.formatting import format_nok
from lifelong_analysis.data.readers import load_dataset

from test_whatif import DATA


@pytest.fixture(scope="module")
def ds():
    return load_dataset(DATA, kinds=["workforce", "substitutes"])


@pytest.fixture()
def shown(monkeypatch):
    """Everything the explorer displays, instead of a notebook's output area."""
    out = []
    monkeypatch.setattr(display, "_display", out.append)
    return out


def make(ds, **kw):
    return explorer.Explorer(workforce=ds.workforce, substitutes=ds.substitutes, sector="kindergarten",
                             kommunenummer="5001", study_points=15, n_participants=3,
                             schemes=["employer_pays", "kfk_substitute", "kfk_stipend"], year=2026, **kw)


def library(ds, *, p, overtime=0.5, agency=0.3, sp=15.0, n=3, fmt="part_time_gatherings", schemes=None):
    comp = costs.format_comparison(workforce=ds.workforce, substitutes=ds.substitutes, sector="kindergarten",
                                   kommunenummer="5001", study_points=sp, n_participants=n,
                                   cover_overrides={"p_qualified_available": p, "overtime_premium_share": overtime,
                                                    "agency_premium_share": agency})
    row = comp[comp["delivery_format"] == fmt]
    split = funding.split_costs(row, schemes=schemes or ["employer_pays", "kfk_substitute", "kfk_stipend"],
                                year=2026)
    return comp, split


def test_starts_at_the_datas_values_and_equals_the_library(ds):
    ex = make(ds)
    # kindergarten in 5001 (tests/data/costs_dataset/substitutes.csv): 45 %, premiums 50 % and 30 %
    assert ex.state["p_qualified_available"] == 0.45
    assert ex.state["overtime_premium_share"] == 0.5 and ex.state["agency_premium_share"] == 0.3
    got = ex.compute()
    comp, split = library(ds, p=0.45)
    assert got["costs"]["cash_cost_nok"].tolist() == comp["cash_cost_nok"].tolist()
    assert got["split"]["amount_nok"].tolist() == split["amount_nok"].tolist()


def test_every_control_reaches_the_library(ds):
    ex = make(ds)
    got = ex.compute(p_qualified_available=0.9, overtime_premium_share=1.0, agency_premium_share=0.0,
                     study_points=30.0, n_participants=7, delivery_format="digital_self_paced",
                     scheme="kfk_substitute")
    comp, split = library(ds, p=0.9, overtime=1.0, agency=0.0, sp=30.0, n=7, fmt="digital_self_paced",
                          schemes=["kfk_substitute"])
    assert got["costs"]["economic_cost_nok"].tolist() == comp["economic_cost_nok"].tolist()
    assert got["split"]["amount_nok"].tolist() == split["amount_nok"].tolist()
    assert set(got["split"]["scheme"]) == {"kfk_substitute"}
    # the state keeps the changes: the next change starts from them
    assert ex.compute(n_participants=14)["costs"]["hours_away"].tolist() == pytest.approx(
        (2 * comp["hours_away"]).tolist(), rel=1e-12)
    with pytest.raises(ValueError, match="Unknown control"):
        ex.compute(p_qualified=0.3)
    with pytest.raises(ValueError, match="scheme must be"):
        ex.compute(scheme="kfk_vikar")


def test_shows_the_tables_of_the_reports(ds, shown):
    ex = make(ds, figures=False)
    ex.update(p_qualified_available=1.0)
    comp, split = library(ds, p=1.0)
    html = "\n".join(o.data for o in shown)
    assert len(shown) == 3                      # cost table (01), cash and economic split tables (03)
    for v in comp["cash_cost_nok"]:
        assert format_nok(v) in html
    mun = split.query("perspective == 'cash' and payer == 'municipality' and scheme == 'kfk_substitute'")
    assert format_nok(mun["amount_nok"].iloc[0]) in html
    assert "Kontantkostnad" in html and "Hvem betaler, kontantperspektiv" in html
    assert ex.last_seconds["compute"] > 0 and ex.last_seconds["tables"] > 0


def test_figures_are_drawn_as_png(ds, shown):
    ex = make(ds, language="en")
    ex.update()
    pngs = [o for o in shown if type(o).__name__ == "Image"]
    assert len(pngs) == 2 and all(o.data[:8] == b"\x89PNG\r\n\x1a\n" for o in pngs)
    assert "Who pays, cash perspective" in "\n".join(o.data for o in shown if type(o).__name__ == "HTML")


def test_moving_a_slider_of_the_widget_recomputes(ds, shown):
    pytest.importorskip("ipywidgets")
    ex = make(ds, figures=False)
    box = ex.widget()
    assert type(box).__name__ == "VBox"
    shown.clear()
    ex.controls["p_qualified_available"].value = 0.2
    assert ex.state["p_qualified_available"] == 0.2
    comp, _ = library(ds, p=0.2)
    assert format_nok(comp["cash_cost_nok"].iloc[0]) in "\n".join(o.data for o in shown)
    ex.controls["delivery_format"].value = "classroom_full_day"
    assert ex.state["delivery_format"] == "classroom_full_day"
    labels = [c.description for c in ex.controls.values()]
    assert "Timer dekket av kvalifisert vikar" in labels and "Finansieringsmodell" in labels


def test_the_batch_does_not_need_ipywidgets(ds, monkeypatch):
    """Building, computing and rendering tables work without ipywidgets; only the controls need it."""
    monkeypatch.setitem(sys.modules, "ipywidgets", None)   # import ipywidgets now raises ImportError
    ex = make(ds, figures=False)
    assert ex.compute()["costs"].shape[0] == 4
    with pytest.raises(ImportError, match="lab"):
        ex.widget()


def test_a_change_updates_the_figures_in_place_to_the_librarys_values(ds, shown):
    """The second update keeps the Figures and their bars and sets the library's new values on them."""
    ex = make(ds)
    ex.update()
    first = dict(ex.drawn_figures)
    ex.update(p_qualified_available=0.2, n_participants=5)
    assert ex.drawn_figures["components"] is first["components"] and ex.drawn_figures["split"] is first["split"]
    comp, split = library(ds, p=0.2, n=5)
    # components figure (notebook 01, per study point per participant): cash parts stacked, then the total marker
    fig = ex.drawn_figures["components"]
    per_sp = 1.0 / (15.0 * 5)
    cash_ax, econ_ax = fig.axes[0], fig.axes[1]
    left = np.zeros(len(comp))
    for container, part in zip(cash_ax.containers, ("direct_cost_nok", "qualified_substitute_nok",
                                                    "unqualified_substitute_nok", "overtime_nok")):
        want = comp[part].to_numpy() * per_sp
        assert [b.get_width() for b in container.patches] == pytest.approx(want, rel=1e-12)
        assert [b.get_x() for b in container.patches] == pytest.approx(left, rel=1e-12, abs=1e-9)
        left += want
    assert list(cash_ax.lines[0].get_xdata()) == pytest.approx((comp["cash_cost_nok"] * per_sp).tolist(), rel=1e-12)
    assert list(econ_ax.lines[0].get_xdata()) == pytest.approx((comp["economic_cost_nok"] * per_sp).tolist(),
                                                               rel=1e-12)
    assert cash_ax.get_xlim()[1] >= comp["cash_cost_nok"].max() * per_sp    # the axis follows the new data
    # split figure (notebook 03): per payer a positive and a negative bar set, one bar per scheme
    fig = ex.drawn_figures["split"]
    payers = ["municipality", "state", "employee", "research_council", "university"]
    schemes = ["employer_pays", "kfk_substitute", "kfk_stipend"]
    for ax, persp in zip(fig.axes, ("cash", "economic")):
        amounts = split[split["perspective"] == persp].set_index(["scheme", "payer"])["amount_nok"]
        for j, payer in enumerate(payers):
            v = np.array([amounts[(s, payer)] for s in schemes])
            assert [b.get_width() for b in ax.containers[2 * j].patches] == pytest.approx(np.where(v > 0, v, 0))
            assert [b.get_width() for b in ax.containers[2 * j + 1].patches] == pytest.approx(np.where(v < 0, v, 0))
    # e.g. the state's cash share under the KfK substitute model: 60/75 of the substitute bill
    row = comp[comp["delivery_format"] == "part_time_gatherings"].iloc[0]
    state = fig.axes[0].containers[2 * payers.index("state")].patches[schemes.index("kfk_substitute")]
    assert state.get_width() == pytest.approx(0.8 * row["substitute_cover_nok"], rel=1e-12)
    pngs = [o for o in shown if type(o).__name__ == "Image"]
    assert len(pngs) == 4 and pngs[2].data != pngs[0].data      # rendered again, with the new bars
    # another set of schemes changes the layout: the split figure is drawn anew, the other one kept
    ex.update(scheme="kfk_substitute")
    assert ex.drawn_figures["split"] is not first["split"] and ex.drawn_figures["components"] is first["components"]
    assert len(ex.drawn_figures["split"].axes[0].containers[0].patches) == 1
