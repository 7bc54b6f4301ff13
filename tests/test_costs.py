"""Cost model of notebook 01: hand-computed values, the two totals, properties, uncertainty."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from lifelong_analysis.analysis import costs
from lifelong_analysis.reporting import costs_report

# --------------------------------------------------------------------------- fixtures

COVER = {
    "substitute_hourly_pay_nok": 250.0,
    "unqualified_hourly_pay_nok": 200.0,
    "overtime_premium_share": 0.5,
    "agency_premium_share": 0.3,
    "p_qualified_available": 0.4,
    "share_unqualified": 0.5,
    "share_overtime": 0.25,
    "share_uncovered": 0.25,
}


def _substitutes() -> pd.DataFrame:
    national = {"kommunenummer": None, "sector": "kindergarten", "year": 2024, **COVER}
    older = {**national, "year": 2022, "p_qualified_available": 0.9}
    own = {**national, "kommunenummer": "5001", "p_qualified_available": 0.7}
    school = {**national, "sector": "primary_school", "p_qualified_available": 0.1}
    return pd.DataFrame([national, older, own, school])


def _workforce() -> pd.DataFrame:
    return pd.DataFrame({
        "employee_id": ["e1", "e2", "e3"],
        "kommunenummer": ["5001", "5001", "0301"],
        "sector": ["kindergarten", "kindergarten", "kindergarten"],
        "occupation": ["kindergarten_teacher", "assistant", "assistant"],
        "position_share": [1.0, 0.5, 1.0],
        "monthly_pay_nok": [50_000.0, 40_000.0, 40_000.0],
        "full_time_weekly_hours": [37.5, 37.5, 37.5],
        "n_employees": [1, 1, 1],
        # no sick leave: the hand-computed examples below divide by the planned 1 698.2175 h
        "sick_leave_share": [0.0, 0.0, 0.0],
    })


def _training() -> pd.DataFrame:
    return pd.DataFrame({
        "activity_id": ["a1", "a2", "a3"],
        "employee_id": ["e1", "e2", "e3"],
        "kommunenummer": ["5001", "5001", "0301"],
        "activity": ["Veiledning", "Veiledning", "Språk"],
        "delivery_format": ["part_time_gatherings", "digital_self_paced", "part_time_gatherings"],
        "hours_away": [100.0, 0.0, 50.0],
        "study_points": [15.0, 7.5, 15.0],
        "direct_cost_nok": [10_000.0, 5_000.0, 8_000.0],
        "grant_nok": [2_000.0, 0.0, 0.0],
        "funding_scheme": ["employer_pays"] * 3,
        "year": [2024, 2024, 2024],
    })


# --------------------------------------------------------------------------- labour cost

def test_altinn_worked_example_to_the_krone():
    # domain-facts.md §2.6 (Altinn): årslønn 500 000, OTP 2 %, yrkesskade 3 000.
    r = costs.annual_labour_cost(500_000, pension_rate=0.02, yrkesskade_nok=3_000,
                                 holiday_pay_rate=0.12, aga_rate=0.141).iloc[0]
    # 500 000 x 47/52 = 451 923.08
    assert round(r["pay_weeks_worked_nok"]) == 451_923
    # 451 923.08 x 0.12 = 54 230.77
    assert round(r["holiday_pay_nok"]) == 54_231
    # (451 923.08 + 54 230.77) x 0.141 = 506 153.85 x 0.141 = 71 367.69
    assert round(r["aga_pay_nok"]) == 71_368
    assert r["aga_extra_nok"] == 0.0  # 506 154 < 850 000
    assert round(r["pension_nok"]) == 10_000  # 500 000 x 0.02
    assert round(r["aga_pension_nok"]) == 1_410  # 10 000 x 0.141
    assert r["yrkesskade_nok"] == 3_000
    # 451 923.08 + 54 230.77 + 71 367.69 + 10 000 + 1 410 + 3 000 = 591 931.54
    assert round(r["annual_labour_cost_nok"]) == 591_932


def test_municipal_defaults_use_the_documented_pension_rate():
    p = costs.cost_parameters()
    assert p["pension_rate"] == pytest.approx(0.179)
    r = costs.annual_labour_cost(600_000).iloc[0]
    # 600 000 x 47/52 = 542 307.69; + 12 % = 607 384.62; AGA 85 641.23;
    # pension 600 000 x 0.179 = 107 400; AGA on it 15 143.40; yrkesskade 3 000
    assert r["annual_labour_cost_nok"] == pytest.approx(607_384.6154 + 85_641.2308 + 107_400 + 15_143.4 + 3_000)


def test_extra_aga_above_threshold():
    r = costs.annual_labour_cost(1_000_000).iloc[0]
    # pay + holiday pay = 1 000 000 x 47/52 x 1.12 = 1 012 307.69; above 850 000: 162 307.69 x 5 %
    assert r["aga_extra_nok"] == pytest.approx(162_307.69 * 0.05, abs=0.01)


def test_every_parameter_is_documented_with_source_and_evidence():
    t = costs.parameter_table()
    assert {"id", "value", "unit", "source", "url", "evidence", "year"} <= set(t.columns)
    assert t["id"].is_unique
    assert t["source"].notna().all() and t["unit"].notna().all()
    assert set(t["evidence"]) <= {"V", "V-sec", "I", "NF"}
    # the figures the reference material marks as not found are flagged as such
    nf = set(t.loc[t["evidence"] == "NF", "id"])
    assert {"agency_share", "release_share_30sp.digital_self_paced"} <= nf


def test_unknown_parameter_override_names_the_valid_ones():
    with pytest.raises(ValueError, match="Valid parameters: .*aga_rate"):
        costs.cost_parameters({"aga": 0.1})


def test_annual_hours_worked_full_time_and_part_time():
    # 37.5 x (52 - 5) - 8.571 x 37.5/5 = 1 762.5 - 64.2825 = 1 698.2175
    assert costs.annual_hours_worked() == pytest.approx(1_698.2175)
    # turnus 35.5 h at 80 %: 0.8 x (35.5 x 47 - 8.571 x 7.1) = 0.8 x (1 668.5 - 60.8541) = 1 286.1167
    assert costs.annual_hours_worked(full_time_weekly_hours=35.5, position_share=0.8) == pytest.approx(1_286.1167, abs=1e-3)


def test_hourly_labour_cost_per_employee():
    h = costs.hourly_labour_cost(_workforce()).set_index("employee_id")
    # e1: 818 569.2462 NOK (see test above) / 1 698.2175 h = 482.0167 NOK/h
    assert h.loc["e1", "annual_labour_cost_nok"] == pytest.approx(818_569.2462, abs=1e-3)
    assert h.loc["e1", "hourly_labour_cost_nok"] == pytest.approx(818_569.2462 / 1_698.2175)
    # overtime base: 600 000 / 1 850 (the agreement's divisor) = 324.3243
    assert h.loc["e1", "overtime_hourly_pay_nok"] == pytest.approx(324.3243, abs=1e-4)
    # e2 half-time on 40 000: pay 240 000 -> cost 240 000 x 1.316... + 3 000 over 849.1 h
    e2 = costs.annual_labour_cost(240_000).iloc[0]["annual_labour_cost_nok"]
    assert h.loc["e2", "hourly_labour_cost_nok"] == pytest.approx(e2 / (0.5 * 1_698.2175))


# --------------------------------------------------------------------------- components

def _hand_example(**kw):
    args = dict(hours_away=100.0, hourly_labour_cost_nok=500.0, overtime_hourly_pay_nok=300.0,
                direct_cost_nok=10_000.0, grant_nok=2_000.0, parameters={"agency_share": 0.5}, **COVER)
    args.update(kw)
    return costs.cost_components(**args).iloc[0]


def test_every_component_and_both_totals_hand_computed():
    r = _hand_example()
    # hours: qualified 100 x 0.4 = 40; the other 60: unqualified 30, overtime 15, uncovered 15
    assert (r["hours_qualified"], r["hours_unqualified"], r["hours_overtime"], r["hours_uncovered"]) == (40, 30, 15, 15)
    # substitute on-cost: (1 + 0.12 holiday + 0.179 pension) x 1.141 AGA = 1.482159
    # qualified: 40 h x 250 x 1.482159 x (1 + 0.5 agency share x 0.3 mark-up) = 17 044.8285
    assert r["qualified_substitute_nok"] == pytest.approx(17_044.8285)
    # unqualified: 30 h x 200 x 1.482159 = 8 892.954
    assert r["unqualified_substitute_nok"] == pytest.approx(8_892.954)
    # overtime: 15 h x 300 x 1.5 premium x (1.12 x 1.141 = 1.27792) = 8 625.96
    assert r["overtime_nok"] == pytest.approx(8_625.96)
    assert r["substitute_cover_nok"] == pytest.approx(17_044.8285 + 8_892.954 + 8_625.96)  # 34 563.7425
    assert r["pac_nok"] == pytest.approx(50_000.0)  # 100 h x 500
    assert r["uncovered_value_nok"] == pytest.approx(7_500.0)  # 15 h x 500 x 1.0: an indicator only
    assert r["cash_cost_nok"] == pytest.approx(10_000 + 34_563.7425 - 2_000)  # 42 563.7425
    # Eurostat CVTS: direct + PAC = 10 000 + 50 000; the 7 500 of uncovered hours is NOT added
    assert r["economic_cost_nok"] == pytest.approx(60_000)


def test_pac_and_substitute_pay_never_enter_one_total():
    base = _hand_example()
    # PAC depends on the participant's hourly cost; the cash total must not move with it ...
    dearer = _hand_example(hourly_labour_cost_nok=900.0)
    assert dearer["pac_nok"] > base["pac_nok"]
    assert dearer["cash_cost_nok"] == pytest.approx(base["cash_cost_nok"])
    # ... and substitute pay must not move the economic total.
    subs = _hand_example(substitute_hourly_pay_nok=600.0, unqualified_hourly_pay_nok=500.0,
                         overtime_premium_share=1.0, overtime_hourly_pay_nok=700.0)
    assert subs["substitute_cover_nok"] > base["substitute_cover_nok"]
    assert subs["economic_cost_nok"] == pytest.approx(base["economic_cost_nok"])
    # and neither total equals a sum holding both
    for r in (base, dearer, subs):
        both = r["direct_cost_nok"] + r["pac_nok"] + r["substitute_cover_nok"]
        assert r["cash_cost_nok"] < both and r["economic_cost_nok"] < both


def test_cover_shares_must_add_up():
    with pytest.raises(ValueError, match="add up to 1"):
        _hand_example(share_uncovered=0.5)
    with pytest.raises(ValueError, match="p_qualified_available must be between 0 and 1"):
        _hand_example(p_qualified_available=1.2)


pos = st.floats(min_value=0.0, max_value=5_000.0, allow_nan=False)
share = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)


@settings(max_examples=60, deadline=None)
@given(h=pos, dh=st.floats(0.0, 500.0), pay=st.floats(100.0, 2_000.0), dpay=st.floats(0.0, 500.0),
       p=share, su=share, so=share)
def test_totals_never_decrease_with_more_hours_or_higher_pay(h, dh, pay, dpay, p, su, so):
    so = so * (1 - su)
    args = dict(p_qualified_available=p, share_unqualified=su, share_overtime=so,
                share_uncovered=max(0.0, 1.0 - su - so), direct_cost_nok=1_000.0, grant_nok=100.0,
                substitute_hourly_pay_nok=250.0, unqualified_hourly_pay_nok=200.0, overtime_premium_share=0.5)
    base = costs.cost_components(hours_away=h, hourly_labour_cost_nok=pay, overtime_hourly_pay_nok=pay * 0.6, **args).iloc[0]
    more_h = costs.cost_components(hours_away=h + dh, hourly_labour_cost_nok=pay, overtime_hourly_pay_nok=pay * 0.6, **args).iloc[0]
    more_pay = costs.cost_components(hours_away=h, hourly_labour_cost_nok=pay + dpay,
                                     overtime_hourly_pay_nok=(pay + dpay) * 0.6, **args).iloc[0]
    for t in costs.TOTALS:
        assert more_h[t] >= base[t] - 1e-6
        assert more_pay[t] >= base[t] - 1e-6


@settings(max_examples=40, deadline=None)
@given(h=pos, pay=st.floats(100.0, 2_000.0), su=share)
def test_full_qualified_cover_leaves_no_uncovered_cost(h, pay, su):
    r = _hand_example(hours_away=h, hourly_labour_cost_nok=pay, p_qualified_available=1.0,
                      share_unqualified=su, share_overtime=0.0, share_uncovered=1.0 - su)
    assert r["uncovered_value_nok"] == 0.0
    assert r["unqualified_substitute_nok"] == 0.0 and r["overtime_nok"] == 0.0
    assert r["substitute_cover_nok"] == pytest.approx(r["qualified_substitute_nok"])


@settings(max_examples=40, deadline=None)
@given(direct=st.floats(0.0, 1e6), grant=st.floats(0.0, 1e5), p=share, pay=st.floats(100.0, 2_000.0))
def test_zero_hours_away_leaves_only_direct_costs(direct, grant, p, pay):
    r = _hand_example(hours_away=0.0, direct_cost_nok=direct, grant_nok=grant, p_qualified_available=p,
                      hourly_labour_cost_nok=pay)
    assert r["substitute_cover_nok"] == 0.0 and r["pac_nok"] == 0.0 and r["uncovered_value_nok"] == 0.0
    assert r["economic_cost_nok"] == pytest.approx(direct)
    assert r["cash_cost_nok"] == pytest.approx(direct - grant)


# --------------------------------------------------------------------------- cover lookup

def test_cover_parameters_prefers_own_municipality_then_latest_national_row():
    subs = _substitutes()
    assert costs.cover_parameters(subs, sector="kindergarten", kommunenummer="5001")["p_qualified_available"] == 0.7
    nat = costs.cover_parameters(subs, sector="kindergarten", kommunenummer="0301")
    assert nat["p_qualified_available"] == 0.4 and nat["year"] == 2024 and nat["kommunenummer"] is None
    assert costs.cover_parameters(subs, sector="kindergarten", year=2022)["p_qualified_available"] == 0.9
    over = costs.cover_parameters(subs, sector="kindergarten", overrides={"p_qualified_available": 0.2})
    assert over["p_qualified_available"] == 0.2


def test_unknown_sector_names_the_valid_ones():
    with pytest.raises(ValueError, match=r"Unknown sector 'school'.*Valid values: health_care, primary_school, kindergarten"):
        costs.cover_parameters(_substitutes(), sector="school")
    with pytest.raises(ValueError, match="no row for sector 'culture'.*kindergarten, primary_school"):
        costs.cover_parameters(_substitutes(), sector="culture")


# --------------------------------------------------------------------------- activities

def test_activity_costs_hand_computed_and_summaries_add_up():
    out = costs.activity_costs(_training(), _workforce(), _substitutes()).set_index("activity_id")
    assert len(out) == 3  # no row dropped
    a1 = out.loc["a1"]
    # e1 in 5001 -> the municipality's own row: p = 0.7. Hourly cost 482.0167 (see above).
    hourly = 818_569.2462 / 1_698.2175
    assert a1["hours_qualified"] == pytest.approx(70.0)
    # qualified substitute paid like e1's occupation (kindergarten teacher, 50 000 a month):
    # 600 000 / (37.5 x 52) = 307.6923 NOK/h; 70 h x 307.6923 x 1.482159 = 31 923.4246 (no agency use)
    assert a1["substitute_hourly_pay_nok"] == pytest.approx(307.6923, abs=1e-4)
    assert a1["substitute_pay_rule"] == "workforce_pay_of_occupation"
    assert a1["qualified_substitute_nok"] == pytest.approx(31_923.4246, abs=1e-3)
    # unqualified: 30 x 0.5 = 15 h x 200 x 1.482159 = 4 446.477
    assert a1["unqualified_substitute_nok"] == pytest.approx(4_446.477)
    # overtime: 7.5 h x (600 000 / 1 850 = 324.3243) x 1.5 x 1.27792 = 4 662.6811
    assert a1["overtime_nok"] == pytest.approx(4_662.6811, abs=1e-3)
    assert a1["pac_nok"] == pytest.approx(100 * hourly)
    assert a1["uncovered_value_nok"] == pytest.approx(7.5 * hourly)
    assert a1["cash_cost_nok"] == pytest.approx(10_000 + 31_923.4246 + 4_446.477 + 4_662.6811 - 2_000, abs=1e-2)
    # e3 (assistant in 0301) is covered by a substitute paid like an assistant: 480 000 / 1 950
    assert out.loc["a3", "substitute_hourly_pay_nok"] == pytest.approx(480_000 / 1_950)
    # a2: zero hours -> only direct costs
    assert out.loc["a2", "cash_cost_nok"] == 5_000 and out.loc["a2", "economic_cost_nok"] == 5_000
    # a3 in 0301 uses the national row (p = 0.4)
    assert out.loc["a3", "hours_qualified"] == pytest.approx(20.0)
    # components add up to each total, row by row
    assert np.allclose(out["substitute_cover_nok"],
                       out[["qualified_substitute_nok", "unqualified_substitute_nok", "overtime_nok"]].sum(axis=1))
    assert np.allclose(out["cash_cost_nok"], out["direct_cost_nok"] + out["substitute_cover_nok"] - out["grant_nok"])
    assert np.allclose(out["economic_cost_nok"], out["direct_cost_nok"] + out["pac_nok"])
    by_format = costs.summarise_costs(out.reset_index(), by="delivery_format").set_index("delivery_format")
    assert by_format.loc["part_time_gatherings", "n_participants"] == 2
    assert by_format.loc["part_time_gatherings", "cash_cost_nok"] == pytest.approx(
        out.loc["a1", "cash_cost_nok"] + out.loc["a3", "cash_cost_nok"])
    per_person = costs.summarise_costs(out.reset_index(), by="employee_id").set_index("employee_id")
    assert per_person.loc["e1", "pac_nok"] == pytest.approx(100 * hourly) and per_person.loc["e1", "n_participations"] == 1
    per_activity = costs.summarise_costs(out.reset_index(), by="activity").set_index("activity")
    assert per_activity.loc["Veiledning", "direct_cost_nok"] == 15_000  # a1 10 000 + a2 5 000
    by_sector = costs.summarise_costs(out.reset_index(), by="sector")
    assert by_sector["economic_cost_nok"].sum() == pytest.approx(out["economic_cost_nok"].sum())


def test_activity_costs_never_drops_unknown_participants():
    tr = _training()
    tr.loc[0, "employee_id"] = "ghost"
    with pytest.raises(ValueError, match="not in the workforce table.*ghost"):
        costs.activity_costs(tr, _workforce(), _substitutes())


# --------------------------------------------------------------------------- formats

def _scenarios(**kw):
    args = dict(workforce=_workforce(), substitutes=_substitutes(), sector="kindergarten", kommunenummer="5001",
                study_points=30, n_participants=10)
    args.update(kw)
    return costs.format_scenarios(**args)


def test_format_comparison_uses_the_kfk_reference_case():
    sc = _scenarios().set_index("delivery_format")
    # KfK: 37.5 % of a full position for 30 sp -> 0.375 x 1 698.2175 h / 30 = 21.2277 h per sp
    assert sc.loc["part_time_gatherings", "hours_away_per_sp"] == pytest.approx(0.375 * 1_698.2175 / 30)
    assert sc.loc["part_time_gatherings", "hours_away"] == pytest.approx(0.375 * 1_698.2175 * 10)
    order = sc["hours_away_per_sp"]
    assert order["classroom_full_day"] > order["part_time_gatherings"] > order["digital_self_paced"] > order["work_integrated"]
    # the typical participant of 5001 kindergartens: mean full-time pay of e1 and e2 = 45 000 / month
    assert sc["annual_pay_nok"].iloc[0] == pytest.approx(45_000 * 12)
    res = costs.scenario_costs(_scenarios())
    for c in ("cash_cost_nok", "economic_cost_nok"):
        assert np.allclose(res[c] / (30 * 10), res[c.replace("_nok", "_per_sp_nok")])
    assert np.allclose(res["cash_cost_nok"], res["direct_cost_nok"] + res["substitute_cover_nok"] - res["grant_nok"])
    assert np.allclose(res["economic_cost_nok"], res["direct_cost_nok"] + res["pac_nok"])
    # the typical participant's substitute is paid like the sector's average employee: 45 000 x 12 / 1 950
    assert res["substitute_hourly_pay_nok"].iloc[0] == pytest.approx(540_000 / 1_950)
    assert res["substitute_pay_rule"].iloc[0] == "workforce_pay_of_sector"


def test_format_scenarios_reject_bad_parameters():
    with pytest.raises(ValueError, match="Valid values: classroom_full_day"):
        _scenarios(formats=["webinar"])
    with pytest.raises(ValueError, match="Valid values: health_care"):
        _scenarios(sector="barnehage")
    with pytest.raises(ValueError, match="No employees in municipality '4601'.*0301, 5001"):
        _scenarios(kommunenummer="4601")
    with pytest.raises(ValueError, match="study_points"):
        _scenarios(study_points=0)


# --------------------------------------------------------------------------- uncertainty

def test_monte_carlo_mean_converges_to_the_analytic_expectation():
    sc = _scenarios()
    analytic = costs.scenario_costs(sc).set_index("delivery_format")
    summary = costs.uncertainty_summary(costs.monte_carlo(sc, n_draws=200_000, seed=7)).set_index("delivery_format")
    for t in costs.TOTALS:
        assert summary[f"{t}_mean"].to_numpy() == pytest.approx(analytic.loc[summary.index, t].to_numpy(), rel=2e-3)
        assert (summary[f"{t}_p5"] < summary[f"{t}_p50"]).all() and (summary[f"{t}_p50"] < summary[f"{t}_p95"]).all()


def test_monte_carlo_is_seeded_and_shares_draws_across_formats():
    sc = _scenarios()
    a = costs.monte_carlo(sc, n_draws=1_000, seed=1)
    b = costs.monte_carlo(sc, n_draws=1_000, seed=1)
    c = costs.monte_carlo(sc, n_draws=1_000, seed=2)
    pd.testing.assert_frame_equal(a, b)
    assert not np.allclose(a["cash_cost_nok"], c["cash_cost_nok"])
    # common random numbers: two formats with the same direct cost per sp differ only through hours,
    # so their cost above direct costs is proportional draw by draw
    w = a.pivot(index="draw", columns="delivery_format", values="economic_cost_nok")
    ratio = (w["classroom_full_day"] - 356_400) / (w["part_time_gatherings"] - 356_400)
    assert np.allclose(ratio, 0.5 / 0.375)


def test_input_distributions_have_the_scenario_values_as_means():
    s = _scenarios().iloc[0]
    d = costs.input_distributions(s)
    assert d["p_qualified_available"].mean() == pytest.approx(0.7)  # Beta(14, 6)
    assert d["p_qualified_available"].args == pytest.approx((14.0, 6.0))
    assert d["pay_factor"].mean() == pytest.approx(1.0) and d["pay_factor"].std() == pytest.approx(0.1)
    assert d["hours_factor"].ppf(0.0) == pytest.approx(0.8) and d["hours_factor"].ppf(1.0) == pytest.approx(1.2)
    assert d["overtime_premium_share"].ppf(0.0) == pytest.approx(0.25)


def test_sensitivity_moves_each_input_between_its_p5_and_p95():
    sc = _scenarios(formats=["classroom_full_day"])
    t = costs.sensitivity(sc, total="cash_cost_nok").set_index("input")
    p5, p95 = stats.beta(14, 6).ppf([0.05, 0.95])
    assert t.loc["p_qualified_available", "low_value"] == pytest.approx(p5)
    assert t.loc["p_qualified_available", "high_value"] == pytest.approx(p95)
    assert t.loc["hours_factor", "total_at_high_nok"] > t.loc["hours_factor", "base_nok"] > t.loc["hours_factor", "total_at_low_nok"]
    # PAC-side input: the participant's pay moves the cash total only through colleagues' overtime
    e = costs.sensitivity(sc, total="economic_cost_nok").set_index("input")
    assert e.loc["substitute_pay_factor", "swing_nok"] == pytest.approx(0.0, abs=1e-6)
    assert list(t["swing_nok"]) == sorted(t["swing_nok"], reverse=True)


def test_break_even_of_substitute_availability_matches_closed_form():
    sc = _scenarios(formats=["classroom_full_day", "digital_self_paced"]).set_index("delivery_format")
    # make digital dear enough for a break-even to exist
    sc.loc["digital_self_paced", "direct_cost_nok"] += 2_200_000
    sc = sc.reset_index()
    r = costs.break_even(sc, format_a="digital_self_paced", format_b="classroom_full_day",
                         input="p_qualified_available", total="cash_cost_nok")
    # both totals are linear in p, so the difference is too: root = -d(0) / (d(1) - d(0))
    d0, d1 = r["difference_at_low_nok"], r["difference_at_high_nok"]
    assert 0 < r["break_even"] < 1
    assert r["break_even"] == pytest.approx(-d0 / (d1 - d0), rel=1e-8)
    # at the root the two formats cost the same
    curve = costs.total_curve(sc, values=[r["break_even"]]).set_index("delivery_format")["cash_cost_nok"]
    assert curve["digital_self_paced"] == pytest.approx(curve["classroom_full_day"], rel=1e-9)


def test_break_even_direct_cost_of_one_format_and_no_root():
    sc = _scenarios(formats=["classroom_full_day", "digital_self_paced"])
    res = costs.scenario_costs(sc).set_index("delivery_format")
    r = costs.break_even(sc, format_a="digital_self_paced", format_b="classroom_full_day", input="direct_cost_nok",
                         apply_to="a", bounds=(0, 1e8), total="economic_cost_nok")
    # closed form: direct_a* = economic_b - (economic_a - direct_a)
    expected = res.loc["classroom_full_day", "economic_cost_nok"] - (
        res.loc["digital_self_paced", "economic_cost_nok"] - res.loc["digital_self_paced", "direct_cost_nok"])
    assert r["break_even"] == pytest.approx(expected, rel=1e-8)
    none = costs.break_even(sc, format_a="digital_self_paced", format_b="classroom_full_day")
    assert np.isnan(none["break_even"]) and none["cheaper_at_low"] == "digital_self_paced"


def test_cost_summary_has_one_row_per_format_with_every_column():
    s = costs.cost_summary(_scenarios(), n_draws=500, seed=3)
    assert list(s["delivery_format"]) == ["classroom_full_day", "part_time_gatherings", "digital_self_paced", "work_integrated"]
    for c in (*costs.COMPONENT_COLUMNS, "hours_away"):
        assert c in s.columns
    for t in costs.TOTALS:
        for q in ("p5", "p50", "p95"):
            assert f"{t}_{q}" in s.columns


# --------------------------------------------------------------------------- national aggregation, helpers

def test_workforce_format_costs_matches_the_per_employee_model():
    wf = _workforce()
    out = costs.workforce_format_costs(wf, _substitutes(), formats=["part_time_gatherings"], study_points=30,
                                       by="kommunenummer").set_index("kommunenummer")
    # every employee: 0.375 x 1 698.2175 h = 636.8316 h away (same volume whatever the position share)
    assert out.loc["5001", "hours_away"] == pytest.approx(2 * 0.375 * 1_698.2175)
    assert out.loc["5001", "n_employees"] == 2
    # the same through activity_costs with those hours and the format's direct cost (1 188 x 30 = 35 640)
    tr = pd.DataFrame({"activity_id": ["x1", "x2", "x3"], "employee_id": ["e1", "e2", "e3"],
                       "kommunenummer": ["5001", "5001", "0301"], "hours_away": [0.375 * 1_698.2175] * 3,
                       "direct_cost_nok": [35_640.0] * 3, "delivery_format": ["part_time_gatherings"] * 3})
    per = costs.summarise_costs(costs.activity_costs(tr, wf, _substitutes()), by="kommunenummer").set_index("kommunenummer")
    for c in costs.COMPONENT_COLUMNS:
        assert out.loc["5001", c] == pytest.approx(per.loc["5001", c]), c
        assert out.loc["0301", c] == pytest.approx(per.loc["0301", c]), c


def test_check_report_parameters_coerces_papermill_values_and_rejects_bad_ones():
    ok = costs_report.check_report_parameters(municipality=301, sector="kindergarten", formats=["work_integrated"],
                                       study_points="7.5", n_participants="4", n_draws=1000, seed=1, language="nb")
    assert ok["municipality"] == "0301" and ok["study_points"] == 7.5 and ok["n_participants"] == 4
    good = dict(municipality="5001", sector="kindergarten", formats=["work_integrated"], study_points=30,
                n_participants=4, n_draws=1000, seed=1, language="nb")
    for key, bad, msg in (("language", "de", "Valid values: nb, en"), ("n_participants", 2.5, "whole number"),
                          ("study_points", -1, "study_points"), ("municipality", "Trondheim", "4 digits"),
                          ("formats", ["mooc"], "Valid values: classroom_full_day"), ("n_draws", 10, "at least 100")):
        with pytest.raises(ValueError, match=msg):
            costs_report.check_report_parameters(**{**good, key: bad})


def test_municipality_without_recorded_courses_gives_an_empty_table():
    empty = costs.municipal_activity_costs(_training(), _workforce(), _substitutes(), kommunenummer="4601")
    assert empty.empty and "cash_cost_nok" in empty.columns
    assert costs.summarise_costs(empty, by="sector").empty


def test_describe_break_even_in_both_languages():
    row = {"format_a": "digital_self_paced", "format_b": "classroom_full_day", "input": "p_qualified_available",
           "total": "cash_cost_nok", "break_even": 0.25, "cheaper_at_low": "digital_self_paced"}
    assert "25,0\u00a0%" in costs_report.describe_break_even(row, language="nb")
    assert "25.0%" in costs_report.describe_break_even(row, language="en")
    assert "ingen likevekt" in costs_report.describe_break_even({**row, "break_even": float("nan")}, language="nb")


def test_uncertainty_with_certain_inputs_stays_finite():
    # p = 1 (Beta degenerates) and no overtime premium (Uniform of width 0)
    sc = _scenarios(formats=["digital_self_paced"], cover_overrides={"p_qualified_available": 1.0,
                                                                     "overtime_premium_share": 0.0})
    d = costs.monte_carlo(sc, n_draws=500, seed=1)
    assert np.isfinite(d[["cash_cost_nok", "economic_cost_nok"]].to_numpy()).all()
    # with p = 1 nothing is left uncovered in any draw
    assert (d["uncovered_value_nok"] == 0).all()
    t = costs.sensitivity(sc).set_index("input")
    assert np.isfinite(t[["low_value", "high_value", "swing_nok"]].to_numpy()).all()
    assert t.loc["p_qualified_available", "swing_nok"] == 0.0


# --------------------------------------------------------------------------- issue 9: the rules, hand-computed

def test_rule2_economic_cost_is_direct_plus_pac_and_uncovered_hours_are_an_indicator():
    # 100 h away, p = 0.4: 60 h not covered by a qualified substitute, a quarter of them uncovered = 15 h
    r = _hand_example(direct_cost_nok=10_000.0, hourly_labour_cost_nok=500.0)
    assert r["economic_cost_nok"] == pytest.approx(10_000 + 100 * 500)          # 60 000
    assert r["hours_uncovered"] == pytest.approx(15.0)
    assert r["uncovered_value_nok"] == pytest.approx(15 * 500 * 1.0)            # 7 500, its own column
    # doubling the valuation factor moves the indicator, never a total
    r2 = _hand_example(parameters={"agency_share": 0.5, "uncovered_value_factor": 2.0})
    assert r2["uncovered_value_nok"] == pytest.approx(15_000)
    assert (r2["economic_cost_nok"], r2["cash_cost_nok"]) == pytest.approx((r["economic_cost_nok"], r["cash_cost_nok"]))
    split = costs.cover_split(pd.DataFrame([{**r.to_dict(), "delivery_format": "x"}]))
    assert split["share_uncovered"].iloc[0] == pytest.approx(15 / 100)


def test_rule3_labour_cost_per_hour_actually_worked_for_a_ks_average_nurse():
    # KS lønnsstatistikk 1.12.2023: sykepleier 661 000 kr a year (månedsfortjeneste x 12); sick leave 7.7 %
    # (KS 2023, doctor-certified); employer carries 35 % of sick pay (placeholder), NAV refunds the rest
    # up to 6 G = 6 x 130 160 = 780 960 > 661 000.
    wf = pd.DataFrame({"employee_id": ["n"], "sector": ["health_care"], "monthly_pay_nok": [661_000 / 12],
                       "position_share": [1.0], "full_time_weekly_hours": [37.5], "sick_leave_share": [0.077]})
    h = costs.hourly_labour_cost(wf).iloc[0]
    # gross (Altinn build-up, KLP 17.9 %): 597 442.31 + 71 693.08 + 94 348.09 + 118 319 + 16 682.98 + 3 000
    gross = 661_000 * 47 / 52 * 1.12 * 1.141 + 661_000 * 0.179 * 1.141 + 3_000      # 901 485.46
    refund = 0.077 * (1 - 0.35) * 661_000                                               # 33 083.05
    assert h["sick_pay_refund_nok"] == pytest.approx(refund)
    assert h["annual_labour_cost_nok"] == pytest.approx(gross - refund)                 # 868 402.41
    assert h["annual_hours_worked"] == pytest.approx(1_698.2175 * (1 - 0.077))          # 1 567.4548
    assert h["hourly_labour_cost_nok"] == pytest.approx((gross - refund) / (1_698.2175 * 0.923))  # 554.02
    # Plausible range: domain-facts §2.6 [I] puts a municipal employee's full cost at 1.30–1.36 x pay,
    # i.e. 859 300–899 000 kr for a nurse; over 1 567 hours worked that is 548–574 kr/h before the NAV
    # refund. Expect 520–600 kr per hour actually worked.
    assert 520 < h["hourly_labour_cost_nok"] < 600
    # a missing sick-leave share takes the KS default (7.7 %), and the 6 G cap binds for high pay
    assert costs.hourly_labour_cost(wf.drop(columns="sick_leave_share")).iloc[0]["hourly_labour_cost_nok"] == \
        pytest.approx(h["hourly_labour_cost_nok"])
    assert costs.sick_pay_refund(1_000_000, 0.1) == pytest.approx(0.1 * 0.65 * 780_960)
    p = costs.parameter_table().set_index("id")
    assert p.loc["sick_leave_share", "evidence"] == "V" and p.loc["sick_pay_employer_share", "evidence"] == "NF"


def test_rule4_pension_rate_per_pension_scheme():
    over = {"pension_rate": 0.18, "pension_rate.spk": 0.12}
    wf = pd.DataFrame({"employee_id": ["t", "k"], "sector": ["primary_school", "kindergarten"],
                       "monthly_pay_nok": [50_000.0, 50_000.0], "position_share": [1.0, 1.0],
                       "sick_leave_share": [0.0, 0.0]})
    h = costs.hourly_labour_cost(wf, parameters=over).set_index("employee_id")
    assert (h.loc["t", "pension_rate"], h.loc["k", "pension_rate"]) == (0.12, 0.18)
    # same pay, pension 600 000 x (0.18 - 0.12) = 36 000 plus AGA on it: 36 000 x 1.141 = 41 076
    assert h.loc["k", "annual_labour_cost_nok"] - h.loc["t", "annual_labour_cost_nok"] == pytest.approx(41_076)
    assert costs.pension_scheme_for("primary_school") == "spk" and costs.pension_scheme_for("health_care") == "klp"
    p = costs.parameter_table().set_index("id")
    assert p.loc["pension_rate.spk", "evidence"] == "NF"          # the SPK teachers' rate was not found


def test_rule5_substitute_paid_like_the_absent_employees_occupation():
    wf = pd.DataFrame({"employee_id": ["nurse", "hw"], "kommunenummer": ["5001", "5001"],
                       "sector": ["health_care", "health_care"], "occupation": ["nurse", "health_worker"],
                       "monthly_pay_nok": [55_000.0, 48_000.0], "position_share": [1.0, 1.0],
                       "full_time_weekly_hours": [35.5, 35.5], "sick_leave_share": [0.0, 0.0]})
    subs = pd.DataFrame([{"kommunenummer": None, "sector": "health_care", "year": 2024, **COVER}])
    tr = pd.DataFrame({"activity_id": ["a", "b"], "employee_id": ["nurse", "hw"], "kommunenummer": ["5001", "5001"],
                       "hours_away": [10.0, 10.0], "direct_cost_nok": [0.0, 0.0],
                       "delivery_format": ["part_time_gatherings"] * 2})
    out = costs.activity_costs(tr, wf, subs).set_index("employee_id")
    # nurse: 55 000 x 12 / (35.5 x 52) = 357.5298 NOK/h, not the table's sector rate of 250
    assert out.loc["nurse", "substitute_hourly_pay_nok"] == pytest.approx(660_000 / 1_846)
    assert out.loc["hw", "substitute_hourly_pay_nok"] == pytest.approx(576_000 / 1_846)
    # qualified hours 10 x 0.4 = 4: 4 x 357.5298 x 1.482159 = 2 119.6691
    assert out.loc["nurse", "qualified_substitute_nok"] == pytest.approx(4 * 660_000 / 1_846 * 1.482159)
    # the substitutes table's own occupation row wins when it has one
    subs_occ = pd.concat([subs.assign(occupation=None),
                          pd.DataFrame([{"kommunenummer": None, "sector": "health_care", "year": 2024,
                                         **COVER, "occupation": "nurse", "substitute_hourly_pay_nok": 400.0}])])
    out2 = costs.activity_costs(tr, wf, subs_occ).set_index("employee_id")
    assert out2.loc["nurse", "substitute_hourly_pay_nok"] == 400.0
    assert out2.loc["nurse", "substitute_pay_rule"] == "substitutes_table_occupation"
    assert out2.loc["hw", "substitute_pay_rule"] == "workforce_pay_of_occupation"


def test_rule6_overtime_divisor_is_a_flagged_parameter():
    p = costs.parameter_table().set_index("id")
    assert p.loc["overtime_hours_divisor", "value"] == 1850
    assert p.loc["overtime_hours_divisor", "evidence"] == "V-sec"
    assert "NOT CONFIRMED" in p.loc["overtime_hours_divisor", "description"]
    wf = _workforce().iloc[[0]]
    # 50 000 x 12 / 1 850 = 324.3243; with the old weekly-hours rule 600 000 / 1 950 = 307.6923
    assert costs.hourly_labour_cost(wf)["overtime_hourly_pay_nok"].iloc[0] == pytest.approx(600_000 / 1_850)
    assert costs.hourly_labour_cost(wf, parameters={"overtime_hours_divisor": 1_950})[
        "overtime_hourly_pay_nok"].iloc[0] == pytest.approx(600_000 / 1_950)


def test_rule8_not_modelled_inputs_and_2014_direct_costs_are_flagged():
    sc = _scenarios(formats=["classroom_full_day"])
    t = costs.sensitivity(sc).set_index("input")
    assert not t.loc["agency_premium_share", "modelled"] and t.loc["agency_premium_share", "swing_nok"] == 0
    assert t.loc["p_qualified_available", "modelled"]
    t2 = costs.sensitivity(sc, parameters={"agency_share": 0.5}).set_index("input")
    assert t2.loc["agency_premium_share", "modelled"] and t2.loc["agency_premium_share", "swing_nok"] > 0
    p = costs.parameter_table().set_index("id")
    assert "2014" in p.loc["direct_cost_per_sp.classroom_full_day", "description"]
    assert p.loc["direct_cost_price_factor", "evidence"] == "NF" and p.loc["direct_cost_price_factor", "value"] == 1
    # a price factor scales the direct costs: 1 188 x 30 sp x 10 participants x 1.3
    sc13 = _scenarios(formats=["classroom_full_day"], parameters={"direct_cost_price_factor": 1.3})
    assert sc13["direct_cost_nok"].iloc[0] == pytest.approx(1_188 * 30 * 10 * 1.3)


# --- sentences of notebook 01 (reporting.costs_report), hand-written in both languages -------------------

def test_report_title_names_the_sector_and_the_municipality():
    assert costs_report.report_title(sector="kindergarten", municipality="5001") == (
        "Hva koster fravær og vikarer ved etter- og videreutdanning? Barnehage, Trondheim")
    assert costs_report.report_title(sector="kindergarten", municipality="0301", language="en") == (
        "What do absence and substitutes cost in further education? Kindergarten, Oslo")
    with pytest.raises(ValueError, match="Valid values: nb, en"):
        costs_report.report_title(sector="kindergarten", municipality="5001", language="de")


def test_hours_away_text_names_the_hourly_cost_with_grouped_thousands():
    summary = pd.DataFrame({"hourly_labour_cost_nok": [1234.6, 999.0]})  # the first row is named
    assert costs_report.hours_away_text(summary) == (
        "Timer borte per studiepoeng bygger på frikjøpsregelen i Kompetanse for kvalitet (37,5 % av full stilling for\n"
        "30 studiepoeng på ett år) for deltidsstudier med samlinger; de andre formene er antakelser som kan overstyres\n"
        "(se forutsetningene nederst). En typisk deltaker har en full kostnad på\n"
        "1\u202f235\xa0kr per arbeidet time. Den siste kolonnen er\n"
        "tjenestetapet – timer som ikke blir dekket – som ikke inngår i noen av summene (verdien av dem står i tabellene).")
    assert costs_report.hours_away_text(summary, language="en") == (
        "Hours away per study point build on the release rule of Kompetanse for kvalitet (37.5 % of a full position for\n"
        "30 study points in one year) for part-time study with gatherings; the other formats are assumptions that can be\n"
        "overridden (see the assumptions at the end). A typical participant has a full labour cost of\n"
        "NOK\xa01\u202f235 per hour actually worked. The last column is\n"
        "the service loss – hours left uncovered – which is part of neither total (their value is in the tables).")


def test_cover_text_gives_the_qualified_share_in_whole_percent():
    scenarios = pd.DataFrame({"sector": ["kindergarten"], "p_qualified_available": [0.456]})  # 45.6 % -> 46 %
    assert costs_report.cover_text(scenarios) == (
        "I barnehage kan 46 % av timene dekkes\n"
        "av en kvalifisert vikar. Resten faller på ufaglærte vikarer, på kolleger som jobber overtid, eller blir ikke dekket –\n"
        "da er det brukerne som får et dårligere tilbud. Kommunen betaler vikarene og overtiden; de udekkede timene koster ikke\n"
        "penger, men tjenester.")
    assert costs_report.cover_text(scenarios, language="en") == (
        "In kindergarten, 46 % of the hours can be\n"
        "covered by a qualified substitute. The rest falls on unqualified substitutes, on colleagues working overtime, or is not\n"
        "covered at all – then the service users get less. The municipality pays the substitutes and the overtime; the\n"
        "uncovered hours cost services, not money.")


def test_uncertainty_text_counts_the_draws():
    assert costs_report.uncertainty_text(20000) == (
        "Tilgangen på vikarer, lønn, overtidstillegg og timer borte er usikre. 20\u202f000\n"
        "simuleringer (Monte Carlo) gir et intervall der kostnaden havner i 90 av 100 tilfeller (P5–P95), med medianen (P50) som prikk.")
    assert costs_report.uncertainty_text(2000, language="en") == (
        "Substitute availability, pay, overtime premiums and hours away are uncertain. 2\u202f000\n"
        "simulations (Monte Carlo) give an interval holding the cost in 90 of 100 cases (P5–P95), with the median (P50) as a dot.")


def test_sensitivity_text_names_the_format_in_lower_case():
    assert costs_report.sensitivity_text("work_integrated") == (
        "Figuren viser hvor mye kontantkostnaden for arbeidsplassbasert opplæring\n"
        "endres når én størrelse om gangen settes til en lav (P5) eller høy (P95) verdi og alt annet holdes fast.")
    assert costs_report.sensitivity_text("classroom_full_day", language="en") == (
        "The figure shows how much the cash cost of full-day classroom\n"
        "changes when one input at a time is set to a low (P5) or high (P95) value with everything else held fixed.")


def test_break_even_list_has_one_item_per_row():
    be = pd.DataFrame({
        "format_a": ["digital_self_paced", "work_integrated"],
        "format_b": ["classroom_full_day", "classroom_full_day"],
        "total": ["cash_cost_nok", "economic_cost_nok"],
        "input": ["p_qualified_available", "direct_cost_nok"],
        "break_even": [0.25, np.inf],
        "cheaper_at_low": ["digital_self_paced", "work_integrated"]})
    assert costs_report.break_even_list(be) == (
        "* Digitalt, i eget tempo mot Heldags klasseromsundervisning, kontantkostnaden: like dyre når 25,0\xa0% av "
        "timene kan dekkes av kvalifisert vikar.\n"
        "* Arbeidsplassbasert opplæring mot Heldags klasseromsundervisning, den samfunnsøkonomiske kostnaden: "
        "ingen likevekt for direkte kostnader mellom 0 og 10 mrd. kr.")
    assert costs_report.break_even_list(be, language="en") == (
        "* Digital, self-paced vs Full-day classroom, the cash cost: equally costly when 25.0% of the hours can be "
        "covered by a qualified substitute.\n"
        "* Work-integrated vs Full-day classroom, the economic cost: no break-even for direct costs between 0 and NOK 10 bn.")
    assert costs_report.break_even_list(be.iloc[:0]) == ""


def test_recorded_courses_text_counts_the_participations():
    activity = pd.DataFrame({"employee_id": range(1234)})
    assert costs_report.recorded_courses_text(activity, municipality="0301") == (
        "Oslo har 1\u202f234 registrerte deltakelser i etter- og videreutdanning i dataene. Tabellen viser\n"
        "summene per tjenesteområde og per gjennomføringsform; grupper med færre enn 5 deltakere, og tall som ellers "
        "kunne regnes ut av dem, vises som «:».")
    assert costs_report.recorded_courses_text(activity.iloc[:3], municipality="5001", min_participants=10,
                                              language="en") == (
        "Trondheim has 3 recorded participations in further education in the data. The tables show the totals\n"
        "per sector and per delivery format; groups with fewer than 10 participants, and figures from which they "
        "could be worked out, show \":\".")
