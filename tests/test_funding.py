"""Funding rules, the split of a programme's cost among payers, and the public-sector PhD."""

from __future__ import annotations

import pandas as pd
import pytest

from lifelong_analysis.analysis import costs, funding, projection

# One programme, totals over its participants (NOK): direct 10 000, substitute cover 200 000,
from lifelong_analysis.data import reference, vocab
from lifelong_analysis.reporting import funding_report
# PAC 240 000, value of uncovered hours 20 000.
COMP = dict(n_participants=2, study_points=30.0, hours_away=1221.0, direct_cost_nok=10_000.0,
            substitute_cover_nok=200_000.0, pac_nok=240_000.0, uncovered_value_nok=20_000.0)


def amounts(split, scheme, perspective):
    s = split[(split.scheme == scheme) & (split.perspective == perspective)]
    return s.set_index("payer")["amount_nok"]


# ---------------------------------------------------------------- rules table
def test_shipped_rules_hold_the_published_figures():
    r = funding.load_scheme_rules()
    assert funding.rule_value(r, "kfk_substitute", "share_of_study_time", payer="state") == 0.60
    assert funding.rule_value(r, "kfk_substitute_math_science", "share_of_study_time", payer="state") == 0.75
    assert funding.rule_value(r, "kfk_substitute", "share_of_study_time", payer="employee") == 0.25
    assert funding.rule_value(r, "kfk_substitute", "release_per_30sp") == 0.375
    assert funding.rule_value(r, "kfk_stipend", "amount_per_30sp") == 120_000
    assert [funding.phd_rate(y, r) for y in (2024, 2025, 2026, 2030)] == [1_312_000, 1_363_000, 1_414_000, 1_623_000]
    # beyond the table: +3.5 % a year (the Research Council's own assumption)
    assert funding.phd_rate(2032, r) == pytest.approx(1_623_000 * 1.035**2)
    assert funding.rule_value(r, "combined_position", "share_of_time_cost", payer="university") == 0.2
    # every rule names its source; scheme codes are the vocabulary's
    assert r["source"].str.len().min() > 0
    assert set(funding.known_schemes(r)) == set(vocab.codes("funding_scheme"))


def test_not_found_values_are_flagged():
    nf = funding.not_found_rules(funding.load_scheme_rules())
    assert {"hc_competence_grant"} <= set(nf["scheme"])
    assert set(nf.query("scheme == 'public_sector_phd'")["rule"]) == {"operating_cost_per_year",
                                                                      "supervision_hours_per_year"}
    split = funding.split_costs(COMP, schemes=["hc_competence_grant", "kfk_substitute"])
    assert split.query("scheme == 'hc_competence_grant'")["not_found"].all()
    assert not split.query("scheme == 'kfk_substitute'")["not_found"].any()


def test_unknown_scheme_lists_the_known_ones():
    with pytest.raises(ValueError, match="Unknown funding scheme 'kfk_vikar'.*Known schemes: employer_pays, "
                                         "employee_own_time, kfk_substitute"):
        funding.check_schemes(["kfk_substitute", "kfk_vikar"])


def test_own_rules_override_and_add(tmp_path):
    own = tmp_path / "own_rules.csv"
    own.write_text(
        "scheme,payer,rule,value,unit,recipient,year,not_found,evidence,source,url,note\n"
        "hc_competence_grant,state,share_of_cash_cost,0.3,share,municipality,2024,0,own,Statsforvalteren 2025 letter,,\n"
        "trondheim_stipend,municipality,residual,,,,2025,0,own,Trondheim kommune,,\n"
        "trondheim_stipend,employee,share_of_time_cost,0.5,share,,2025,0,own,Trondheim kommune,,\n",
        encoding="utf-8",
    )
    r = funding.scheme_rules(own)
    assert funding.rule_value(r, "hc_competence_grant", "share_of_cash_cost", payer="state") == 0.3
    assert "trondheim_stipend" in funding.known_schemes(r)
    split = funding.split_costs(COMP, schemes=["hc_competence_grant", "trondheim_stipend"], rules=r,
                                perspectives=["cash"])
    # 0.3 × (10 000 + 200 000) = 63 000
    assert amounts(split, "hc_competence_grant", "cash")["state"] == pytest.approx(63_000)
    # own time 0.5 × 200 000 = 100 000; municipality the other 110 000
    assert amounts(split, "trondheim_stipend", "cash")[["employee", "municipality"]].tolist() == \
        pytest.approx([100_000, 110_000])


def test_bad_rules_file_names_file_column_and_rows(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "scheme,payer,rule,value,unit,recipient,year,not_found,evidence,source,url,note\n"
        "hc_competence_grant,state,share_of_cash_cost,0.4,share,municipality,2024,0,x,src,,\n"
        "hc_competence_grant,stat,share_of_cash_cost,0.4,share,municipality,2025,0,x,src,,\n"
        "kfk_stipend,state,amount_per_30sp,100000,NOK,employee,2024,0,x,,,\n",
        encoding="utf-8",
    )
    with pytest.raises(funding.FundingRulesError) as exc:
        funding.scheme_rules(bad)
    msg = str(exc.value)
    assert str(bad) in msg
    assert "column 'payer', row 3" in msg and "'stat'" in msg and "research_council" in msg
    assert "column 'source', row 4" in msg
    probs = exc.value.problems
    assert set(probs["column"]) == {"payer", "source"}


def test_share_above_one_and_inconsistent_residual_are_refused(tmp_path):
    rules = funding.load_scheme_rules()
    r = rules.copy()
    r.loc[(r.scheme == "kfk_substitute") & (r.rule == "share_of_study_time") & (r.payer == "state"), "value"] = 0.7
    with pytest.raises(funding.FundingRulesError, match="residual share 0.15 does not equal 1 minus"):
        funding.validate_scheme_rules(r)
    r = rules.copy()
    r.loc[(r.scheme == "kfk_substitute") & (r.rule == "share_of_study_time") & (r.payer == "state"), "value"] = 1.6
    with pytest.raises(funding.FundingRulesError, match="between 0 and 1"):
        funding.validate_scheme_rules(r)


# ---------------------------------------------------------------- split
def test_kfk_60_15_25_is_a_split_of_the_whole_study_time():
    # Rule 1 (HVL): state 60 %, school owner 15 %, teacher 25 % of the teacher's WHOLE study time.
    # The release (37.5 % of a position for 30 sp) is the 60 + 15 part; so of the substitute bill S
    # for the release: state 60/75 = 0.8 S, school owner 15/75 = 0.2 S + direct costs D; the teacher's
    # 25 % is own time on top of the release, worth 25/75 of the released hours' PAC (economic only).
    split = funding.split_costs(COMP, schemes=["kfk_substitute", "kfk_substitute_math_science", "employer_pays"])
    # cash: S = 200 000, D = 10 000
    a = amounts(split, "kfk_substitute", "cash")
    assert a["state"] == pytest.approx(0.8 * 200_000)                  # 160 000
    assert a["employee"] == 0                                           # own time is never cash
    assert a["municipality"] == pytest.approx(10_000 + 0.2 * 200_000)   # 50 000
    # the same bill as employer_pays, split differently
    assert a.sum() == pytest.approx(amounts(split, "employer_pays", "cash").sum()) == pytest.approx(210_000)
    # mathematics/science (75/0/25): the state covers the whole release
    b = amounts(split, "kfk_substitute_math_science", "cash")
    assert (b["state"], b["municipality"], b["employee"]) == pytest.approx((200_000, 10_000, 0))
    # economic: PAC P = 240 000; teacher's own time 25/75 x 240 000 = 80 000 on top of D + P
    e = amounts(split, "kfk_substitute", "economic")
    assert e["state"] == pytest.approx(160_000)                         # the grant is money: 0.8 S
    assert e["employee"] == pytest.approx(240_000 / 3)                  # 80 000 own time
    assert e["municipality"] == pytest.approx(10_000 + 240_000 - 160_000)  # 90 000
    assert e.sum() == pytest.approx(10_000 + 240_000 + 80_000)
    emp = split[(split.payer == "employee") & (split.scheme == "kfk_substitute")].set_index("perspective")
    assert emp.loc["economic", "own_time_nok"] == pytest.approx(80_000) and emp.loc["economic", "cash_nok"] == 0
    assert split.query("scheme == 'kfk_substitute'")["rule_used"].iloc[0].startswith("state:share_of_study_time=0.6")


def test_kfk_fixed_grant_per_30sp_is_a_flagged_rule():
    # Udir pays a fixed grant per 30 sp (from an average årsverk cost); 211 000 kr (Norwegian as a second
    # language, 2021/22) is a placeholder for the KfK amount, which was not found.
    split = funding.split_costs(COMP, schemes=["kfk_substitute_fixed_grant"])
    c = amounts(split, "kfk_substitute_fixed_grant", "cash")
    # 2 participants x 30 sp -> 2 x 211 000 = 422 000 to the municipality, more than the bill of 200 000
    assert c["state"] == pytest.approx(422_000)
    assert c["municipality"] == pytest.approx(10_000 + 200_000 - 422_000)   # -212 000: the grant exceeds the bill
    assert c["employee"] == 0
    assert amounts(split, "kfk_substitute_fixed_grant", "economic")["employee"] == pytest.approx(80_000)
    assert split.query("scheme == 'kfk_substitute_fixed_grant'")["not_found"].all()


def test_payers_add_up_to_the_scheme_total_for_every_scheme():
    split = funding.split_costs(COMP, year=2026)
    g = split.groupby(["scheme", "perspective"])
    assert (g["amount_nok"].sum() - g["total_nok"].first()).abs().max() < 1e-6
    assert g["share"].sum().to_numpy() == pytest.approx(1.0)
    # every scheme without own study time: cash D + S = 210 000; economic D + P = 250 000 (CVTS: no
    # value of uncovered hours); the KfK substitute schemes add the teacher's own time (80 000)
    tot = split.groupby(["scheme", "perspective"])["total_nok"].first()
    for scheme in funding.known_schemes():
        own = 80_000 if scheme.startswith("kfk_substitute") else 0
        assert tot[(scheme, "cash")] == pytest.approx(210_000 if scheme not in ("employee_own_time", "kfk_stipend")
                                                      else 10_000), scheme
        assert tot[(scheme, "economic")] == pytest.approx(250_000 + own), scheme
    assert set(split["payer"]) == set(vocab.codes("payer"))


def test_stipend_goes_to_the_employee_and_baselines():
    split = funding.split_costs(COMP, schemes=["kfk_stipend", "employer_pays", "employee_own_time"])
    s = amounts(split, "kfk_stipend", "cash")
    # no substitute bill: the teacher studies in own time; 2 participants x 30 sp -> 2 x 120 000 = 240 000
    # from the state to the employees (a transfer)
    assert s["state"] == pytest.approx(240_000)
    assert s["employee"] == pytest.approx(-240_000)
    assert s["municipality"] == pytest.approx(10_000)
    assert s.sum() == pytest.approx(10_000)                   # cash total: direct costs only
    e = amounts(split, "kfk_stipend", "economic")
    # own time worth the PAC of the study hours, 240 000, less the stipend
    assert e["employee"] == pytest.approx(240_000 - 240_000) and e["municipality"] == pytest.approx(10_000)
    assert amounts(split, "employer_pays", "cash")["municipality"] == pytest.approx(210_000)
    o = amounts(split, "employee_own_time", "cash")
    assert (o["employee"], o["municipality"]) == pytest.approx((0, 10_000))
    oe = amounts(split, "employee_own_time", "economic")
    assert (oe["employee"], oe["municipality"]) == pytest.approx((240_000, 10_000))


def test_phd_scheme_split_applies_whichever_cap_binds():
    # approved costs = D + PAC; cap = 0.5 × rate × hours away / the cost model's 1 698.2175 h a year
    # (not the Research Council's 1 628 h, which would flatter the cap by 1 698.2175 / 1 628 - 1 = 4.3 %)
    small = dict(COMP, hours_away=1_698.2175)
    s = funding.split_costs(small, schemes=["public_sector_phd"], perspectives=["cash"], year=2026)
    rc = s[s.payer == "research_council"].iloc[0]
    assert rc["amount_nok"] == pytest.approx(0.5 * (10_000 + 240_000))   # 125 000 < 707 000
    assert rc["binding_cap"] == "approved_costs"
    big = dict(COMP, hours_away=1_698.2175, pac_nok=2_000_000.0)
    s = funding.split_costs(big, schemes=["public_sector_phd"], perspectives=["cash"], year=2026)
    rc = s[s.payer == "research_council"].iloc[0]
    assert rc["amount_nok"] == pytest.approx(0.5 * 1_414_000)           # 707 000 < 1 005 000
    assert rc["binding_cap"] == "rate"
    # 1 628 hours away are 1 628 / 1 698.2175 = 0.9587 full-time years: cap 707 000 x 0.9587 = 677 783
    s = funding.split_costs(dict(big, hours_away=1_628.0), schemes=["public_sector_phd"], perspectives=["cash"],
                            year=2026)
    assert s[s.payer == "research_council"]["amount_nok"].iloc[0] == pytest.approx(707_000 * 1_628 / 1_698.2175)


def test_split_refuses_bad_components():
    with pytest.raises(ValueError, match="lack column"):
        funding.split_costs({"direct_cost_nok": 1.0})
    with pytest.raises(ValueError, match="negative"):
        funding.split_costs(dict(COMP, pac_nok=-1.0))
    with pytest.raises(ValueError, match="Unknown perspective"):
        funding.split_costs(COMP, perspectives=["accrual"])


def test_split_matrix_is_scheme_by_payer():
    m = funding.split_matrix(funding.split_costs(COMP, schemes=["kfk_substitute"]), perspective="cash")
    assert list(m.columns) == ["scheme", *vocab.codes("payer"), "total_nok"]
    assert m.loc[0, "state"] == pytest.approx(160_000) and m.loc[0, "total_nok"] == pytest.approx(210_000)


# ---------------------------------------------------------------- public-sector PhD
def test_phd_approved_costs_cap_binds():
    t = funding.phd_cost(annual_labour_cost_nok=800_000, start_year=2026, years=3, hours_per_year=1600,
                         cover_cost_per_hour_nok=500, supervision_hours_per_year=0,
                         operating_cost_per_year_nok=100_000)
    y0 = t.iloc[0]
    # approved 800 000 + 100 000 = 900 000 → 450 000 < 0.5 × 1 414 000 = 707 000
    assert y0["approved_cap_nok"] == pytest.approx(450_000) and y0["rate_cap_nok"] == pytest.approx(707_000)
    assert y0["rc_support_nok"] == pytest.approx(450_000) and y0["binding_cap"] == "approved_costs"
    assert y0["substitute_cover_nok"] == pytest.approx(500 * 1600)              # 800 000
    assert y0["net_cost_nok"] == pytest.approx(800_000 + 100_000 - 450_000)      # 450 000
    assert y0["cash_cost_nok"] == pytest.approx(800_000 + 100_000 - 450_000)     # 450 000
    assert t["year"].tolist() == [2026, 2027, 2028]
    # NPV at 4 %: 450 000 × (1 + 1/1.04 + 1/1.04²) = 1 298 742.6
    s = funding.phd_summary(t, discount_rate=0.04).iloc[0]
    assert s["npv_net_cost_nok"] == pytest.approx(450_000 * (1 + 1 / 1.04 + 1 / 1.04**2))
    assert s["npv_net_cost_nok"] == pytest.approx(1_298_742.6, abs=0.1)
    assert s["net_cost_nok"] == pytest.approx(1_350_000)


def test_phd_rate_cap_binds():
    t = funding.phd_cost(annual_labour_cost_nok=1_500_000, start_year=2026, years=3, hours_per_year=1600,
                         cover_cost_per_hour_nok=0, supervisor_hourly_cost_nok=600,
                         supervision_hours_per_year=100, operating_cost_per_year_nok=100_000)
    # approved 1 500 000 + 60 000 + 100 000 = 1 660 000 → 830 000 > rate cap. Rule 7: the nominal rates
    # 1 414 000, 1 464 000, 1 515 000 in 2026 prices (2 % inflation): / 1, / 1.02, / 1.02²
    assert t["phd_rate_nominal_nok"].tolist() == [1_414_000, 1_464_000, 1_515_000]
    assert t["rc_support_nok"].tolist() == pytest.approx([707_000, 732_000 / 1.02, 757_500 / 1.02**2])
    assert (t["binding_cap"] == "rate").all()
    assert t["net_cost_nok"].iloc[0] == pytest.approx(1_660_000 - 707_000)   # 953 000
    # cash: no cover (0 NOK/hour), supervision is internal time → 100 000 − 707 000
    assert t["cash_cost_nok"].iloc[0] == pytest.approx(100_000 - 707_000)


def test_phd_four_year_variant_with_other_duties():
    t = funding.phd_cost(annual_labour_cost_nok=800_000, start_year=2026, years=4, hours_per_year=1600,
                         cover_cost_per_hour_nok=500, supervision_hours_per_year=0,
                         operating_cost_per_year_nok=100_000)
    assert len(t) == 4 and (t["research_share"] == 0.75).all()
    y0 = t.iloc[0]
    # salary 0.75 × 800 000 = 600 000; approved 700 000 → 350 000 < 0.5 × 1 414 000 × 0.75 = 530 250
    assert y0["rc_support_nok"] == pytest.approx(350_000) and y0["rate_cap_nok"] == pytest.approx(530_250)
    assert y0["research_hours"] == pytest.approx(1200) and y0["substitute_cover_nok"] == pytest.approx(600_000)
    # research time is three full-time years in both variants
    assert t["research_share"].sum() == pytest.approx(3.0)
    with pytest.raises(ValueError, match="years must be 3"):
        funding.phd_cost(annual_labour_cost_nok=800_000, start_year=2026, years=5, cover_cost_per_hour_nok=0)


def test_npv_hand_calculation():
    # 100 + 100/1.04 + 100/1.04² = 288.6095
    assert funding.npv([100, 100, 100], discount_rate=0.04) == pytest.approx(288.60947, rel=1e-7)
    assert funding.npv([100, 100], discount_rate=0.0) == 200
    assert funding.DISCOUNT_RATE == 0.04


# ---------------------------------------------------------------- cost model inputs
WF = pd.DataFrame({
    "employee_id": ["a", "b"], "kommunenummer": ["5001", "5001"], "sector": ["primary_school"] * 2,
    "monthly_pay_nok": [50_000.0, 60_000.0], "position_share": [1.0, 1.0], "n_employees": [1, 1],
    "full_time_weekly_hours": [37.5, 37.5],
})
SUBS = pd.DataFrame({
    "kommunenummer": [None], "sector": ["primary_school"], "substitute_hourly_pay_nok": [300.0],
    "unqualified_hourly_pay_nok": [220.0], "overtime_premium_share": [0.5], "agency_premium_share": [0.3],
    "p_qualified_available": [0.5], "share_unqualified": [0.5], "share_overtime": [0.3],
    "share_uncovered": [0.2], "year": [2024],
})


def test_programme_components_use_the_kfk_release_rule():
    c = funding.programme_components(workforce=WF, substitutes=SUBS, sector="primary_school",
                                     kommunenummer="5001", study_points=30, n_participants=4)
    row = c.iloc[0]
    # 0.375 of a full position (37.5 × 47 − 8.571 × 7.5 = 1 698.2 h) per 30 sp, 4 participants
    assert row["hours_away"] == pytest.approx(4 * 0.375 * (37.5 * 47 - 8.571 * 7.5))
    ref = costs.format_comparison(workforce=WF, substitutes=SUBS, sector="primary_school", kommunenummer="5001",
                                  formats=["part_time_gatherings"], study_points=30, n_participants=4).iloc[0]
    for col in ("substitute_cover_nok", "pac_nok", "uncovered_value_nok", "direct_cost_nok"):
        assert row[col] == pytest.approx(ref[col])
    split = funding.split_costs(c, schemes=["kfk_substitute"], perspectives=["cash"])
    assert amounts(split, "kfk_substitute", "cash")["state"] == pytest.approx(0.8 * ref["substitute_cover_nok"])
    assert row["annual_hours_worked"] == pytest.approx(1_698.2175)


def test_phd_inputs_from_the_cost_model():
    x = funding.phd_inputs(workforce=WF, substitutes=SUBS, sector="primary_school", kommunenummer="5001")
    assert x["monthly_pay_nok"] == pytest.approx(55_000)
    # teachers: SPK rate (placeholder 17.9 %); sick leave 7.7 % (KS default) refunded 65 % by NAV
    labour = costs.annual_labour_cost(55_000 * 12)["annual_labour_cost_nok"].iloc[0] - 0.077 * 0.65 * 660_000
    assert x["annual_labour_cost_nok"] == pytest.approx(labour)
    assert x["hours_per_year"] == pytest.approx(1698.2, abs=0.1)
    assert x["hours_worked_per_year"] == pytest.approx(1698.2175 * 0.923)
    # one absent hour: 20 % of the half not covered by a qualified substitute stays uncovered
    assert x["uncovered_value_per_hour_nok"] == pytest.approx(0.5 * 0.2 * labour / (1698.2175 * 0.923))
    assert x["cover_cost_per_hour_nok"] > 0


# ---------------------------------------------------------------- traceability, parameters, figures
def test_rules_agree_with_the_published_figures_table():
    from lifelong_analysis.data import reference

    r = funding.load_scheme_rules()
    assert funding.rule_value(r, "kfk_substitute", "share_of_study_time", payer="state") == \
        reference.value("kfk_vikar_state_share")
    assert funding.rule_value(r, "kfk_substitute", "share_of_study_time", payer="employee") == \
        reference.value("kfk_vikar_teacher_share")
    assert funding.rule_value(r, "kfk_substitute_fixed_grant", "amount_per_30sp") == \
        reference.value("nsl_vikar_grant_30sp")
    assert funding.rule_value(r, "kfk_substitute", "residual") == reference.value("kfk_vikar_owner_share")
    assert funding.rule_value(r, "kfk_substitute", "release_per_30sp") == reference.value("kfk_release_30sp")
    assert funding.rule_value(r, "kfk_stipend", "amount_per_30sp") == reference.value("kfk_stipend_30sp")
    assert funding.rule_value(r, "public_sector_phd", "max_share_of_rate") == reference.value("offphd_max_share")
    for y in (2024, 2025, 2026):
        assert funding.phd_rate(y, r) == reference.value(f"phd_rate_{y}")
    assert funding.rule_value(r, "combined_position", "share_of_time_cost") == \
        reference.value("combined_position_typical")
    assert funding.DISCOUNT_RATE == reference.value("discount_rate")


GOOD = dict(municipality="5001", sector="primary_school", schemes=["kfk_substitute"], study_points=30,
            n_participants=10, phd_years=[3, 4], phd_start_year=2026, discount_rate=0.04, horizon_year=2040,
            language="nb")


def test_report_parameters_are_checked_with_clear_messages():
    ok = funding_report.check_report_parameters(**dict(GOOD, municipality=301, phd_years=4))
    assert ok["municipality"] == "0301" and ok["phd_years"] == [4]
    cases = [
        (dict(municipality="50011"), "4-digit kommunenummer"),
        (dict(sector="school"), "Unknown sector 'school'.*Valid values: health_care"),
        (dict(schemes=[]), "No funding scheme given. Known schemes"),
        (dict(study_points=0), "study_points must be above 0"),
        (dict(n_participants=2.5), "n_participants must be a whole number"),
        (dict(phd_years=[3, 5]), r"phd_years must be 3, 4 or \[3, 4\]"),
        (dict(discount_rate=4), r"discount_rate must be a share per year in \[0, 1\)"),
        (dict(horizon_year=2010), "horizon_year must be a year after 2018"),
        (dict(language="nn"), "language must be one of nb, en"),
        (dict(n_draws=50), "n_draws must be a whole number of at least 100"),
        (dict(seed=1.5), "seed must be a whole number"),
    ]
    for bad, msg in cases:
        with pytest.raises(ValueError, match=msg):
            funding_report.check_report_parameters(**dict(GOOD, **bad))
    with pytest.raises(ValueError, match="hc_grant_share must be a share"):
        funding.parameter_overrides(hc_grant_share=50)


def test_figures_have_labelled_axes_in_the_report_language():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from lifelong_analysis.analysis import projection
    from lifelong_analysis.reporting.figures import funding as ff

    split = funding.split_costs(COMP, schemes=["kfk_substitute", "kfk_stipend"])
    fig = ff.split_figure(split, language="en")
    ax = fig.axes[0]
    assert ax.get_xlabel() == "NOK million" and ax.get_title() == "Cash perspective"
    assert [t.get_text() for t in fig.legends[0].get_texts()] == ["Municipality", "State", "Employee",
                                                                 "Research Council of Norway", "University"]
    plt.close(fig)
    phd = funding.phd_variants(years=[3, 4], annual_labour_cost_nok=800_000, start_year=2026,
                               cover_cost_per_hour_nok=400)
    fig = ff.phd_figure(phd, language="nb")
    assert [a.get_title() for a in fig.axes] == ["3 år", "4 år"] and fig.axes[0].get_ylabel() == "Mill. kr per år"
    plt.close(fig)
    fig = ff.projection_figure(projection.spending_projection(), published={2018: 4.7e9, 2040: 6.1e9})
    assert fig.axes[0].get_ylabel() == "Mrd. kr (faste priser)"
    plt.close(fig)


# ---------------------------------------------------------------- summary for decision makers
def test_key_results_names_who_pays_most_and_phd_net_vs_absence():
    split = funding.split_costs(COMP, schemes=["employer_pays", "kfk_substitute", "kfk_substitute_math_science"],
                                perspectives=["cash"])
    # cash total = D + S = 10 000 + 200 000 = 210 000 for every scheme; the municipality carries
    # employer_pays 210 000 (100 %), kfk_substitute 0.2 × 200 000 + 10 000 = 50 000 (state 160 000 most),
    # kfk_substitute_math_science 10 000 = 4.76 % -> "5 %" (state 200 000 most). Rule 8: three significant
    # figures, "om lag"
    phd = pd.DataFrame({"years": [3], "npv_net_cost_nok": [1_000_000.0], "npv_absence_cost_nok": [2_000_000.0]})
    nb = " ".join(funding_report.key_results(split, phd, language="nb").replace("\u00a0", " ").replace("\u202f", " ").split())
    assert nb.startswith("**Kort fortalt.** Kommunen bærer den største delen av kontantkostnaden i 1 av 3 ")
    kfk = vocab.label("funding_scheme", "kfk_substitute", "nb")
    kfk_ms = vocab.label("funding_scheme", "kfk_substitute_math_science", "nb")
    employer = vocab.label("funding_scheme", "employer_pays", "nb")
    assert (f"Billigst for kommunen er {kfk_ms} (om lag 10 000 kr, 5 %), dyrest er {employer} "
            f"(om lag 210 000 kr, 100 %).") in nb
    assert f"bærer andre mest: staten ({kfk} og {kfk_ms})." in nb
    # PhD: net 1 000 000 against absence 2 000 000 -> 50 %
    assert "om lag 1,00 mill. kr over 3 år (fraværet alene: om lag 2,00 mill. kr; netto er 50 % av det)" in nb
    # the PhD rests on placeholders (operating costs, supervision hours) and has no range: said in the paragraph
    assert "uten usikkerhetsintervall; driftskostnader og veiledningstimer er plassholdere" in nb
    assert "ikke er funnet i kildene" not in nb  # no not-found rate among these schemes
    en = " ".join(funding_report.key_results(split, phd, language="en").replace("\u00a0", " ").replace("\u202f", " ").split())
    assert en.startswith("**In short.** The municipality carries the largest part of the cash cost under 1 of 3 ")
    assert "about NOK 1.00 million over 3 years (the absence alone: about NOK 2.00 million; the net cost is 50% of it)" in en
    # with Monte Carlo ranges (P5–P95) the amounts carry them
    ranges = pd.DataFrame({"scheme": ["employer_pays"], "perspective": ["cash"], "payer": ["municipality"],
                           "p5_nok": [190_400.0], "p95_nok": [233_700.0]})
    ranged = " ".join(funding_report.key_results(split, phd, language="nb", ranges=ranges)
                      .replace("\u00a0", " ").replace("\u202f", " ").split())
    assert f"dyrest er {employer} (om lag 210 000 kr (190 000–234 000), 100 %)" in ranged
    assert "P5–P95" in ranged
    # a scheme resting on a not-found rate is starred and explained
    flagged = funding.split_costs(COMP, schemes=["employer_pays", "hc_competence_grant"], perspectives=["cash"])
    text = funding_report.key_results(flagged, phd.iloc[:0], language="nb")
    hc = vocab.label("funding_scheme", "hc_competence_grant", "nb")
    assert f"Billigst for kommunen er {hc}*" in text and "plassholdere" in text and "ph.d." not in text
    with pytest.raises(ValueError, match="cash"):
        funding_report.key_results(split.assign(perspective="economic"), phd)


# ---------------------------------------------------------------- issue 9: rule 7 and the ranges
def test_rule7_phd_rates_in_start_year_prices_and_the_graded_four_year_rule():
    t = funding.phd_cost(annual_labour_cost_nok=1_500_000, start_year=2027, years=4, hours_per_year=1698.2175,
                         cover_cost_per_hour_nok=0, supervision_hours_per_year=0, operating_cost_per_year_nok=0,
                         price_growth=0.03)
    # nominal 2027–2030: 1 464 000, 1 515 000, 1 568 000, 1 623 000; deflated by 3 % a year to 2027 prices
    assert t["phd_rate_nok"].tolist() == pytest.approx([1_464_000, 1_515_000 / 1.03, 1_568_000 / 1.03**2,
                                                        1_623_000 / 1.03**3])
    # four-year variant: 75 % research; the rate cap 0.5 x rate x 0.75 binds (approved 0.5 x 1 125 000 = 562 500)
    assert t["rc_support_nok"].iloc[0] == pytest.approx(0.5 * 1_464_000 * 0.75)          # 549 000
    # net cost = salary 0.75 x 1 500 000 - support; uncovered hours are not in it
    assert t["net_cost_nok"].iloc[0] == pytest.approx(1_125_000 - 549_000)
    r = funding.load_scheme_rules()
    row = r[(r.scheme == "public_sector_phd") & (r.rule == "other_duties_share")].iloc[0]
    assert row["evidence"] == "inferred" and "analogy" in row["source"]


def test_split_ranges_match_the_split_of_each_draw():
    draws = pd.DataFrame([dict(COMP, substitute_cover_nok=s, pac_nok=p)
                          for s, p in [(150_000, 200_000), (200_000, 240_000), (260_000, 300_000)]])
    rg = funding.split_ranges(draws, schemes=["kfk_substitute", "public_sector_phd"], low_quantile=0.0,
                              high_quantile=1.0).set_index(["scheme", "perspective", "payer"])
    # cash, municipality under KfK: D + 0.2 S -> 10 000 + 30 000 ... 10 000 + 52 000
    assert rg.loc[("kfk_substitute", "cash", "municipality"), "p5_nok"] == pytest.approx(40_000)
    assert rg.loc[("kfk_substitute", "cash", "municipality"), "p95_nok"] == pytest.approx(62_000)
    one = [funding.split_costs(draws.iloc[[i]], schemes=["public_sector_phd"], year=2026) for i in range(3)]
    got = [amounts(o, "public_sector_phd", "economic")["municipality"] for o in one]
    rg26 = funding.split_ranges(draws, schemes=["public_sector_phd"], year=2026, low_quantile=0.0,
                                high_quantile=1.0).set_index(["scheme", "perspective", "payer"])
    assert rg26.loc[("public_sector_phd", "economic", "municipality"), "p5_nok"] == pytest.approx(min(got))
    assert rg26.loc[("public_sector_phd", "economic", "municipality"), "mean_nok"] == pytest.approx(sum(got) / 3)


# --- sentences of notebook 03 (reporting.funding_report), hand-written in both languages -----------------

def test_report_title_and_intro_name_the_municipality_sector_and_horizon():
    assert funding_report.report_title(municipality="5001") == "Hvem betaler for etter- og videreutdanning? Trondheim"
    assert funding_report.report_title(municipality="0301", language="en") == "Who pays for further education? Oslo"
    nb = funding_report.intro_text(sector="kindergarten", horizon_year=2035)
    en = funding_report.intro_text(sector="primary_school", horizon_year=2040, language="en")
    assert nb.startswith("Rapporten legger ett og samme utdanningsprogram (barnehage) gjennom hver finansieringsmodell og "
                         "viser hva kommunen, staten, den ansatte, Forskningsrådet og universitetet bærer.")
    assert nb.endswith("Deretter: hva en offentlig sektor-ph.d. koster kommunen netto, og hvordan utgiftene til etter- "
                       "og videreutdanning kan utvikle seg fram mot 2035.")
    assert en.startswith("The report puts one and the same programme (primary and lower secondary school) through each "
                         "funding scheme and shows what")
    assert en.endswith("Then: what a public-sector PhD costs the municipality net, and how spending on further education "
                       "may develop up to 2040.")
    with pytest.raises(ValueError, match="language must be one of nb, en"):
        funding_report.intro_text(sector="kindergarten", horizon_year=2035, language="NB")


def test_phd_text_gives_the_pay_and_each_variant():
    inputs = {"monthly_pay_nok": 52_000.0, "annual_labour_cost_nok": 812_345.6}
    summary = pd.DataFrame({"years": [4], "rc_support_nok": [4_500_000.0], "npv_net_cost_nok": [1_234_000.0],
                            "npv_absence_cost_nok": [2_468_000.0], "npv_cash_cost_nok": [987_000.0],
                            "discount_rate": [0.04]})
    assert funding_report.phd_text(inputs, summary) == (
        "Kandidatens lønn er gjennomsnittet i sektoren: 52\u202f000\xa0kr i måneden, 812\u202f346\xa0kr i året med "
        "feriepenger, arbeidsgiveravgift og pensjon.\n\n"
        "- **4 år:** Forskningsrådet dekker om lag 4,50\xa0mill.\xa0kr i alt. Netto koster ph.d.-en kommunen om lag "
        "1,23\xa0mill.\xa0kr i nåverdi (4,0\xa0% kalkulasjonsrente), mot om lag 2,47\xa0mill.\xa0kr for fraværet alene "
        "– netto er 50\xa0% av fraværskostnaden. I kontanter (vikarer og drift minus støtte) er nåverdien om lag "
        "987\u202f000\xa0kr.")
    assert funding_report.phd_text(inputs, summary, language="en") == (
        "The candidate's pay is the sector average: NOK\xa052\u202f000 a month, NOK\xa0812\u202f346 a year with holiday "
        "pay, employer's contribution and pension.\n\n"
        "- **4 years:** the Research Council covers about NOK\xa04.50\xa0million in all. Net, the PhD costs the "
        "municipality about NOK\xa01.23\xa0million in present value (4.0% discount rate), against about "
        "NOK\xa02.47\xa0million for the absence alone – the net cost is 50% of the absence cost. In cash (substitutes "
        "and operating costs less support) the present value is about NOK\xa0987\u202f000.")


def test_projection_title_spending_and_forecast_texts():
    assert funding_report.projection_title(2040) == "Utgifter til etter- og videreutdanning fram mot 2040"
    assert funding_report.projection_title(2035, language="en") == "Spending on further education up to 2035"
    growth = (6.1 / 4.7) ** (1 / 22) - 1   # 1.1921 % a year
    assert funding_report.spending_text(growth) == (
        "KS anslår at kommunesektoren brukte 4,7 mrd. kr på etter- og videreutdanning i 2018, og et grovt anslag for "
        "2040 er 6,1 mrd. kr. Det tilsvarer en årlig vekst på 1,19\xa0%. **2040-tallet er et grovt anslag fra KS som er "
        "sitert i grunnlagsdokumentet; primærkilden er ikke funnet**, så tallet er ikke etterprøvd. Scenarioene under "
        "bygger på sysselsettingsvekst og reallønnsvekst; reallønnsveksten er en plassholder.")
    assert funding_report.spending_text(growth, language="en") == (
        "KS estimates that the municipal sector spent NOK 4.7 bn on further education in 2018; a rough estimate for "
        "2040 is NOK 6.1 bn. That implies yearly growth of 1.19%. **The 2040 figure is a rough KS estimate quoted in "
        "the source document; its primary source was not found**, so it is unverified. The scenarios below build on "
        "employment growth and real wage growth; the real wage growth is a placeholder.")
    # the figures come from the published-figures table (KS via Trondheim kommune), not from the text
    assert (projection.BASE_SPENDING_NOK, projection.BASE_YEAR) == (4.7e9, 2018)
    assert (projection.PUBLISHED_2040_NOK, projection.PUBLISHED_YEAR) == (6.1e9, 2040)
    assert {reference.figure(i)["unit"] for i in ("ks_evu_spend_2018", "ks_evu_spend_2040")} == {"bn NOK"}
    other = funding_report.spending_text(0.02, base_nok=5.3e9, base_year=2019, published_nok=7.2e9,
                                         published_year=2041, language="nb")
    assert other.startswith("KS anslår at kommunesektoren brukte 5,3 mrd. kr på etter- og videreutdanning i 2019, "
                            "og et grovt anslag for 2041 er 7,2 mrd. kr. Det tilsvarer en årlig vekst på 2,00\xa0%. "
                            "**2041-tallet er")
    assert funding_report.forecast_text({}) == (
        "**Prognose fra kommunens egne finansieringsdata** (eksponentiell glatting, ETS med additiv trend, 95 % "
        "prediksjonsintervall).")
    assert funding_report.forecast_text({"reason": "too_few_years", "n_years": 3, "min_years": 5}, language="en") == (
        "**Forecast from the municipality's own funding data** (exponential smoothing, ETS with additive trend, 95% "
        "prediction interval). No forecast: the funding table has 3 year(s) of data; the forecast needs at least 5.")
    assert funding_report.forecast_text({"reason": "no_rows", "kommunenummer": "5014"}).endswith(
        " Ingen prognose: finansieringstabellen har ingen rader for kommune 5014.")
