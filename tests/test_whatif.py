"""What-if grid and the kernel-free widget of the HTML report (issue 15)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import numpy as np
import pandas as pd
import pytest
from nbformat.v4 import new_code_cell, new_notebook, new_output

from lifelong_analysis.analysis import costs, funding, whatif
from lifelong_analysis.reporting import report
from lifelong_analysis.reporting.formatting import format_nok
from lifelong_analysis.data.readers import load_dataset

DATA = Path(__file__).resolve().parent / "data" / "costs_dataset"   # hand-made; kindergarten 5001: p = 0.45
SCHEMES = ["employer_pays", "kfk_substitute", "kfk_stipend", "hc_competence_grant"]
FORMATS = ["classroom_full_day", "part_time_gatherings", "digital_self_paced"]


@pytest.fixture(scope="module")
def ds():
    return load_dataset(DATA, kinds=["workforce", "substitutes"])


@pytest.fixture(scope="module")
def grid(ds):
    return whatif.scenario_grid(workforce=ds.workforce, substitutes=ds.substitutes, sector="kindergarten",
                                kommunenummer="5001", study_points=15, n_participants=3, formats=FORMATS,
                                schemes=SCHEMES, year=2026)


def payload(page: str) -> dict:
    m = re.search(r'<script type="application/json">(.*?)</script>', page, re.S)
    assert m, "no embedded grid"
    return json.loads(m.group(1))


def test_grid_has_every_point_and_the_datas_own_value(grid):
    # 0 %, 10 %, ..., 100 % plus the municipality's own row (45 %)
    points = sorted(grid["p_qualified_available"].unique())
    assert points == pytest.approx([0, .1, .2, .3, .4, .45, .5, .6, .7, .8, .9, 1])
    assert set(grid.loc[grid["data_value"], "p_qualified_available"]) == {0.45}
    assert len(grid) == 12 * len(FORMATS) * len(SCHEMES) * 2 * 5
    assert list(grid.columns) == list(whatif.GRID_COLUMNS)


def test_grid_equals_the_library_at_every_point(ds, grid):
    """Every number of the grid is what the two library functions give for that point, exactly."""
    g = grid.set_index(["p_qualified_available", "delivery_format", "scheme", "perspective", "payer"])
    for p in sorted(grid["p_qualified_available"].unique()):
        comp = costs.format_comparison(workforce=ds.workforce, substitutes=ds.substitutes, sector="kindergarten",
                                       kommunenummer="5001", formats=FORMATS, study_points=15, n_participants=3,
                                       cover_overrides={"p_qualified_available": p})
        for _, row in comp.iterrows():
            f = row["delivery_format"]
            sel = grid[(grid["p_qualified_available"] == p) & (grid["delivery_format"] == f)]
            assert (sel["cash_cost_nok"] == row["cash_cost_nok"]).all()
            assert (sel["economic_cost_nok"] == row["economic_cost_nok"]).all()
            want = funding.split_costs(row.to_frame().T, schemes=SCHEMES, year=2026)
            got = g.loc[[(p, f, *k) for k in want[["scheme", "perspective", "payer"]].itertuples(index=False)]]
            np.testing.assert_array_equal(got["amount_nok"].to_numpy(), want["amount_nok"].to_numpy())
            np.testing.assert_array_equal(got["total_nok"].to_numpy(), want["total_nok"].to_numpy())


def test_grid_real_values(ds, grid):
    """Hand-checkable properties of the model the grid shows."""
    cash = grid.query("scheme == 'employer_pays' and perspective == 'cash' and payer == 'municipality'")
    by = cash.set_index(["delivery_format", "p_qualified_available"])
    # The employer alone pays the whole cash cost (no grant in the scenario).
    assert (by["amount_nok"] == by["cash_cost_nok"]).all()
    # Costs are linear in the availability: the midpoint is the mean of the ends.
    for f in FORMATS:
        assert by.loc[(f, 0.5), "cash_cost_nok"] == pytest.approx(
            (by.loc[(f, 0.0), "cash_cost_nok"] + by.loc[(f, 1.0), "cash_cost_nok"]) / 2, rel=1e-12)
    # Kompetanse for kvalitet: the 60/15/25 split is of the whole study time and the release is the
    # state's 60 + the owner's 15, so the state pays 60 / 75 = 0.8 of the substitute bill (issue 9).
    share = 0.60 / (0.60 + 0.15)
    assert share == pytest.approx(0.8)
    comp = costs.format_comparison(workforce=ds.workforce, substitutes=ds.substitutes, sector="kindergarten",
                                   kommunenummer="5001", formats=["part_time_gatherings"], study_points=15,
                                   n_participants=3, cover_overrides={"p_qualified_available": 1.0}).iloc[0]
    state = grid.query("scheme == 'kfk_substitute' and perspective == 'cash' and payer == 'state' "
                       "and delivery_format == 'part_time_gatherings' and p_qualified_available == 1.0")
    assert float(state["amount_nok"].iloc[0]) == pytest.approx(share * comp["substitute_cover_nok"], rel=1e-12)
    # With every hour covered by a qualified substitute nothing is left uncovered.
    assert comp["uncovered_value_nok"] == 0 and comp["hours_qualified"] == pytest.approx(comp["hours_away"])
    # The payers add up to the scheme's total in both perspectives.
    s = grid.groupby(["p_qualified_available", "delivery_format", "scheme", "perspective"])
    assert (s["amount_nok"].sum() - s["total_nok"].first()).abs().max() < 1e-6


def test_grid_rejects_bad_input(ds):
    with pytest.raises(ValueError, match="between 0 and 1"):
        whatif.scenario_grid(workforce=ds.workforce, substitutes=ds.substitutes, sector="kindergarten",
                             availability=[0, 1.5])
    with pytest.raises(ValueError, match="must not set p_qualified_available"):
        whatif.scenario_grid(workforce=ds.workforce, substitutes=ds.substitutes, sector="kindergarten",
                             cover_overrides={"p_qualified_available": 0.3})
    with pytest.raises(ValueError, match="Unknown funding scheme"):
        whatif.scenario_grid(workforce=ds.workforce, substitutes=ds.substitutes, sector="kindergarten",
                             schemes=["kfk_vikar"])


def test_embedded_data_are_the_grids_numbers_and_texts(grid):
    page = whatif.widget_html(grid)
    d = payload(page)
    assert d["language"] == "nb" and d["p"][d["start"]] == 0.45
    assert d["payers"] == ["municipality", "state", "employee", "research_council", "university"]
    g = grid.set_index(["delivery_format", "scheme", "p_qualified_available", "perspective", "payer"])["amount_nok"]
    for f in FORMATS:
        for i, p in enumerate(d["p"]):
            row = grid[(grid["delivery_format"] == f) & (grid["p_qualified_available"] == p)].iloc[0]
            assert d["cost"][f][i] == [row["cash_cost_nok"], row["economic_cost_nok"]]   # exact: JSON keeps floats
            assert d["costText"][f][i] == [format_nok(row["cash_cost_nok"]), format_nok(row["economic_cost_nok"])]
            for s in SCHEMES:
                for k, persp in enumerate(("cash", "economic")):
                    want = [g[(f, s, p, persp, payer)] for payer in d["payers"]]
                    assert d["split"][f"{f}|{s}"][i][k] == want
                    assert d["splitText"][f"{f}|{s}"][i][k] == [format_nok(x) for x in want]
    assert d["notFound"] == {"employer_pays": False, "kfk_substitute": False, "kfk_stipend": False,
                             "hc_competence_grant": True}


def test_widget_is_self_contained_and_readable_without_javascript(grid):
    page = whatif.widget_html(grid)
    assert "<script src" not in page and "http" not in page and "import " not in page
    assert '<div class="la-whatif-live" hidden>' in page          # controls only appear with JavaScript
    assert 'type="range"' in page and 'max="11"' in page and 'value="5"' in page   # 12 points, starts at 45 %
    # bokmål by default; the static table holds the key points 0, 45 (the data), 50 and 100 %
    assert "Timer dekket av kvalifisert vikar" in page and "Kontantkostnad" in page
    kp = whatif.key_points(grid)
    assert sorted(kp["p_qualified_available"].unique()) == pytest.approx([0, 0.45, 0.5, 1])
    static = page.split("</noscript>", 1)[1]
    for r in kp.itertuples(index=False):
        assert format_nok(r.cash_cost_nok) in static and format_nok(r.economic_cost_nok) in static
    assert "45\xa0% (dataenes verdi)" in static
    en = whatif.widget_html(grid, language="en")
    assert "Hours covered by a qualified substitute" in en and "Kontantkostnad" not in en
    assert payload(en)["costText"]["classroom_full_day"][0][0].startswith("NOK\xa0")
    with pytest.raises(ValueError, match="reference_format"):
        whatif.widget_html(grid, reference_format="work_integrated")


def report_page(grid, language="nb") -> str:
    """The what-if block as the output of one notebook cell, through the report's nbconvert template."""
    nb = new_notebook()
    cell = new_code_cell("whatif.show(grid)", execution_count=1)
    cell.outputs = [new_output("display_data", data={"text/html": whatif.widget_html(grid, language=language),
                                                     "text/plain": "<IPython.core.display.HTML object>"})]
    nb.cells = [cell]
    return report.render_html(nb, title="Hva om?", language=language, synthetic=False,
                              run_date="2026-12-01T00:00:00+00:00")


def test_widget_survives_the_report_template(grid, tmp_path):
    page = report_page(grid)
    assert payload(page) == payload(whatif.widget_html(grid))        # JSON unchanged by nbconvert
    assert "la-whatif-live" in page and "addEventListener('input', update)" in page
    path = tmp_path / "report.html"
    path.write_text(page, encoding="utf-8")
    assert report.scan_privacy([path]).empty


def test_widget_html_is_valid_for_nbformat(grid):
    """The block travels in a notebook output: it must validate as nbformat."""
    nb = new_notebook(cells=[new_code_cell("x", outputs=[new_output(
        "display_data", data={"text/html": whatif.widget_html(grid)})])])
    nbformat.validate(nb)
