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
from lifelong_analysis.reporting import report, whatif_report
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
        kw = dict(workforce=ds.workforce, substitutes=ds.substitutes, sector="kindergarten", kommunenummer="5001",
                  formats=FORMATS, study_points=15, n_participants=3, cover_overrides={"p_qualified_available": p})
        comp = costs.format_comparison(**kw)
        comp["annual_hours_worked"] = costs.format_scenarios(**kw)["annual_hours_worked"]
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
    page = whatif_report.widget_html(grid)
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
    page = whatif_report.widget_html(grid)
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
    en = whatif_report.widget_html(grid, language="en")
    assert "Hours covered by a qualified substitute" in en and "Kontantkostnad" not in en
    assert payload(en)["costText"]["classroom_full_day"][0][0].startswith("NOK\xa0")
    with pytest.raises(ValueError, match="reference_format"):
        whatif_report.widget_html(grid, reference_format="work_integrated")


def report_page(grid, language="nb") -> str:
    """The what-if block as the output of one notebook cell, through the report's nbconvert template."""
    nb = new_notebook()
    cell = new_code_cell("whatif_report.show(grid)", execution_count=1)
    cell.outputs = [new_output("display_data", data={"text/html": whatif_report.widget_html(grid, language=language),
                                                     "text/plain": "<IPython.core.display.HTML object>"})]
    nb.cells = [cell]
    return report.render_html(nb, title="Hva om?", language=language, synthetic=False,
                              run_date="2026-12-01T00:00:00+00:00")


def test_widget_survives_the_report_template(grid, tmp_path):
    page = report_page(grid)
    assert payload(page) == payload(whatif_report.widget_html(grid))        # JSON unchanged by nbconvert
    assert "la-whatif-live" in page and "addEventListener('input', update)" in page
    path = tmp_path / "report.html"
    path.write_text(page, encoding="utf-8")
    assert report.scan_privacy([path]).empty


def test_widget_html_is_valid_for_nbformat(grid):
    """The block travels in a notebook output: it must validate as nbformat."""
    nb = new_notebook(cells=[new_code_cell("x", outputs=[new_output(
        "display_data", data={"text/html": whatif_report.widget_html(grid)})])])
    nbformat.validate(nb)


def test_grid_at_the_datas_value_is_notebook_03s_split(ds, grid):
    """At the data's own availability the grid is funding.split_costs of funding.programme_components
    (what notebook 03 shows above the what-if block), for every format: the same hours per full-time year."""
    own = grid[grid["data_value"]]
    for f in FORMATS:
        comp = funding.programme_components(workforce=ds.workforce, substitutes=ds.substitutes, sector="kindergarten",
                                            kommunenummer="5001", study_points=15, n_participants=3,
                                            delivery_format=f)
        want = funding.split_costs(comp, schemes=SCHEMES, year=2026)
        got = own[own["delivery_format"] == f]
        np.testing.assert_array_equal(got["amount_nok"].to_numpy(), want["amount_nok"].to_numpy())
        assert (got["cash_cost_nok"] == comp["substitute_cover_nok"].iloc[0] + comp["direct_cost_nok"].iloc[0]).all()


@pytest.fixture(scope="module")
def default_components():
    """Components of notebook 03's default grid: shipped data, Trondheim, primary school, 30 sp, 10 participants,
    12 availabilities x 4 formats (48 programmes), the rules with the report's placeholder override."""
    shipped = load_dataset(None, kinds=["workforce", "substitutes"])
    own = costs.cover_parameters(shipped.substitutes, sector="primary_school", kommunenummer="5001")
    return whatif.grid_components(workforce=shipped.workforce, substitutes=shipped.substitutes,
                                  sector="primary_school", kommunenummer="5001", study_points=30, n_participants=10,
                                  points=whatif.availability_points(own["p_qualified_available"]))


def test_fast_split_equals_the_pandas_split_over_the_default_grid(default_components):
    """funding.split_costs (plans read once, vectorised with each_row) gives exactly what the pandas code it
    replaced gave, for every programme of the default grid, every scheme, perspective and payer, every column.
    Exact equality holds because both do the same IEEE operations in the same order on the same floats."""
    rules = funding.scheme_rules(overrides=funding.parameter_overrides(hc_grant_share=0.5))
    comp = default_components
    assert len(comp) == 12 * 4 and comp["delivery_format"].nunique() == 4
    fast = funding.split_costs(comp, rules=rules, year=2026, each_row=True)
    assert len(fast) == 48 * len(funding.known_schemes(rules)) * 2 * 5 == 48 * 9 * 10   # every shipped scheme
    for i in comp.index:
        old = old_split_costs(comp.loc[[i]], rules=rules, year=2026)
        one = funding.split_costs(comp.loc[[i]], rules=rules, year=2026)
        row = fast[fast["row"] == i].drop(columns="row").reset_index(drop=True)
        pd.testing.assert_frame_equal(one, old, check_exact=True)
        pd.testing.assert_frame_equal(row, old, check_exact=True)
    # the PhD scheme's cap is reached somewhere: the branch with the binding cap is covered
    assert set(fast.loc[fast["payer"] == "research_council", "binding_cap"]) >= {"approved_costs"}
    # several rows summed (each_row=False) still add the programmes up, as before
    pd.testing.assert_frame_equal(funding.split_costs(comp.iloc[:3], rules=rules, year=2026),
                                  old_split_costs(comp.iloc[:3], rules=rules, year=2026), check_exact=True)


def test_each_row_needs_a_dataframe():
    with pytest.raises(ValueError, match="each_row=True needs"):
        funding.split_costs(dict(n_participants=1, study_points=30.0, hours_away=600.0, direct_cost_nok=0.0,
                                 substitute_cover_nok=1.0, pac_nok=1.0, uncovered_value_nok=0.0), each_row=True)


# --------------------------------------------------------------------------- the oracle of the fast path
# funding.split_costs as it was before its fast path (commit 54d039d, pandas filtering per scheme and
# rule), kept verbatim apart from names, so that the fast path is compared with the code it replaced.
from lifelong_analysis.analysis.funding import (COMPONENT_COLUMNS, PERSPECTIVES, SPLIT_RULES, _hours_fte,  # noqa: E402
                                                check_schemes, known_schemes, load_scheme_rules, phd_rate)
from lifelong_analysis.data import vocab  # noqa: E402


def _old_rules_used(rules, scheme):
    sr = rules[(rules["scheme"] == scheme) & rules["rule"].isin(SPLIT_RULES)]
    parts = []
    for r in sr.itertuples(index=False):
        v = "" if pd.isna(r.value) else f"={float(r.value):g}"
        parts.append(f"{r.payer}:{r.rule}{v}")
    return "; ".join(parts)


def _old_components_total(components) -> dict[str, float]:
    if isinstance(components, pd.Series):
        components = components.to_frame().T
    if isinstance(components, dict):
        components = pd.DataFrame([components])
    missing = [c for c in COMPONENT_COLUMNS if c not in components.columns]
    if missing:
        raise ValueError(f"Cost components lack column(s) {', '.join(missing)}; needed: {', '.join(COMPONENT_COLUMNS)}")
    num = components[COMPONENT_COLUMNS].apply(pd.to_numeric, errors="raise")
    if num.isna().any().any():
        bad = num.columns[num.isna().any()].tolist()
        raise ValueError(f"Cost components have missing values in {', '.join(bad)}")
    if (num < 0).any().any():
        bad = num.columns[(num < 0).any()].tolist()
        raise ValueError(f"Cost components must not be negative; negative values in {', '.join(bad)}")
    tot = num.sum().to_dict()
    n = tot["n_participants"]
    # study points are per participant: weight by participants
    tot["study_points_total"] = float((num["study_points"] * num["n_participants"]).sum())
    tot["n_participants"] = n
    return tot


def _old_split_amounts(c: dict, sr: pd.DataFrame, rules: pd.DataFrame, scheme: str, persp: str, year: int,
                   hours_fte: float) -> dict:
    """Amounts per payer of one scheme and perspective.

    ``c`` holds the programme totals; D, S, P may be numpy arrays (Monte Carlo
    draws), so every step is plain arithmetic.
    """
    payers = vocab.codes("payer")
    D, S, P = c["direct_cost_nok"], c["substitute_cover_nok"], c["pac_nok"]
    residual_payer = sr.loc[sr["rule"] == "residual", "payer"].iloc[0]
    cash = persp == "cash"
    # Study hours in own time: no release, no substitute bill; their value is the employee's.
    v_own = min(float(sr.loc[sr["rule"] == "own_time", "value"].fillna(0).sum()), 1.0)
    S_eff, P_eff = (1.0 - v_own) * S, (1.0 - v_own) * P
    own_time_value = 0.0 if cash else v_own * P
    # Kompetanse for kvalitet: shares of the whole study time; the release is the non-employee part.
    st = sr[sr["rule"] == "share_of_study_time"]
    e_share = float(st.loc[st["payer"] == "employee", "value"].sum())
    release = 1.0 - e_share
    if not st.empty and not cash:
        own_time_value = own_time_value + e_share / release * P_eff
    total = (D + S_eff) if cash else (D + P_eff + own_time_value)
    time_cost = S_eff if cash else P_eff
    zero = 0.0 * (D + S + P)
    amount = {p: zero for p in payers}
    own_time = {p: zero for p in payers}
    amount["employee"] = amount["employee"] + own_time_value
    own_time["employee"] = own_time["employee"] + own_time_value
    binding = ""
    for r in sr.itertuples(index=False):
        v = float(r.value) if pd.notna(r.value) else 0.0
        if r.rule in ("residual", "own_time"):
            continue
        if r.rule == "share_of_study_time":
            if r.payer == "employee":
                continue  # own time, counted above
            amt = v / release * S_eff
        elif r.rule == "share_of_substitute_cover":
            amt = v * S_eff
        elif r.rule == "share_of_time_cost":
            amt = v * time_cost
            if r.payer == "employee":
                own_time["employee"] = own_time["employee"] + amt
        elif r.rule == "share_of_cash_cost":
            amt = v * (D + S_eff)
        elif r.rule == "share_of_approved_costs":
            amt = v * (D + P_eff)
            cap_rows = rules[(rules["scheme"] == scheme) & (rules["rule"] == "max_share_of_rate")
                             & (rules["payer"] == r.payer)]
            if not cap_rows.empty:
                # full-time years on the cost model's own annual hours, not the Research Council's 1628 h
                fte_years = c["hours_away"] * (1.0 - v_own) / hours_fte
                cap = float(cap_rows["value"].iloc[0]) * phd_rate(year, rules) * fte_years
                if np.ndim(amt) == 0:
                    binding = "rate" if cap < amt else "approved_costs"
                amt = np.minimum(amt, cap)
        elif r.rule == "amount_per_30sp":
            amt = v * c["study_points_total"] / 30.0
        else:  # pragma: no cover - guarded by the schema
            raise ValueError(f"Unknown split rule {r.rule!r}")
        amount[r.payer] = amount[r.payer] + amt
        rec = r.recipient if isinstance(r.recipient, str) and r.recipient else residual_payer
        if rec != residual_payer:
            amount[rec] = amount[rec] - amt
    amount[residual_payer] = total - sum(a for p, a in amount.items() if p != residual_payer)
    return {"amount": amount, "own_time": own_time, "total": total, "binding": binding}



def old_split_costs(components, *, schemes=None, rules=None, perspectives=PERSPECTIVES, year=None):
    rules = load_scheme_rules() if rules is None else rules
    schemes = known_schemes(rules) if schemes is None else check_schemes(schemes, rules)
    perspectives = list(perspectives)
    bad = [p for p in perspectives if p not in PERSPECTIVES]
    if bad:
        raise ValueError(f"Unknown perspective {bad}; valid: {', '.join(PERSPECTIVES)}")
    c = _old_components_total(components)
    if year is None:
        yrs = rules.loc[rules["rule"] == "phd_rate", "year"].dropna()
        year = int(yrs.max()) if len(yrs) else 2024
    hours_fte = _hours_fte(components)
    payers = vocab.codes("payer")
    n = c["n_participants"]
    rows = []
    for scheme in schemes:
        sr = rules[(rules["scheme"] == scheme) & rules["rule"].isin(SPLIT_RULES)]
        flagged = bool(sr["not_found"].any())
        used = _old_rules_used(rules, scheme)
        for persp in perspectives:
            res = _old_split_amounts(c, sr, rules, scheme, persp, year, hours_fte)
            amount, own_time, total = res["amount"], res["own_time"], res["total"]
            for p in payers:
                rows.append({
                    "scheme": scheme, "perspective": persp, "payer": p,
                    "amount_nok": float(amount[p]), "own_time_nok": float(own_time[p]),
                    "cash_nok": float(amount[p] - own_time[p]),
                    "share": float(amount[p] / total) if total else np.nan,
                    "total_nok": float(total),
                    "per_participant_nok": float(amount[p] / n) if n else np.nan,
                    "binding_cap": res["binding"] if p == "research_council" else "",
                    "not_found": flagged,
                    "rule_used": used,
                })
    return pd.DataFrame(rows)
