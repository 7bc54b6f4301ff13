"""Funding rules, the split of a programme's cost among payers, and the public-sector PhD."""

from __future__ import annotations

import pandas as pd
import pytest

from lifelong_analysis import costs, funding, vocab

# One programme, totals over its participants (NOK): direct 10 000, substitute cover 200 000,
# PAC 240 000, value of uncovered hours 20 000.
COMP = dict(n_participants=2, study_points=30.0, hours_away=1221.0, direct_cost_nok=10_000.0,
            substitute_cover_nok=200_000.0, pac_nok=240_000.0, uncovered_value_nok=20_000.0)


def amounts(split, scheme, perspective):
    s = split[(split.scheme == scheme) & (split.perspective == perspective)]
    return s.set_index("payer")["amount_nok"]


# ---------------------------------------------------------------- rules table
def test_shipped_rules_hold_the_published_figures():
    r = funding.load_scheme_rules()
    assert funding.rule_value(r, "kfk_substitute", "share_of_substitute_cover", payer="state") == 0.60
    assert funding.rule_value(r, "kfk_substitute_math_science", "share_of_substitute_cover", payer="state") == 0.75
    assert funding.rule_value(r, "kfk_substitute", "share_of_time_cost", payer="employee") == 0.25
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
    r.loc[(r.scheme == "kfk_substitute") & (r.rule == "share_of_substitute_cover"), "value"] = 0.7
    with pytest.raises(funding.FundingRulesError, match="residual share 0.15 does not equal 1 minus"):
        funding.validate_scheme_rules(r)
    r = rules.copy()
    r.loc[(r.scheme == "kfk_substitute") & (r.rule == "share_of_substitute_cover"), "value"] = 1.6
    with pytest.raises(funding.FundingRulesError, match="between 0 and 1"):
        funding.validate_scheme_rules(r)


# ---------------------------------------------------------------- split
def test_kfk_60_15_25_and_75_0_25_on_the_same_substitute_cost():
    split = funding.split_costs(COMP, schemes=["kfk_substitute", "kfk_substitute_math_science"])
    # cash: substitute cover S = 200 000, direct D = 10 000
    a = amounts(split, "kfk_substitute", "cash")
    assert a["state"] == pytest.approx(0.60 * 200_000)                 # 120 000
    assert a["employee"] == pytest.approx(0.25 * 200_000)              # 50 000, own time
    assert a["municipality"] == pytest.approx(0.15 * 200_000 + 10_000)  # 40 000
    b = amounts(split, "kfk_substitute_math_science", "cash")
    assert b["state"] == pytest.approx(0.75 * 200_000)                 # 150 000
    assert b["employee"] == pytest.approx(50_000)
    assert b["municipality"] == pytest.approx(0 * 200_000 + 10_000)    # direct costs only
    # economic: total = 10 000 + 240 000 + 20 000 = 270 000; time cost 260 000
    e = amounts(split, "kfk_substitute", "economic")
    assert e["state"] == pytest.approx(120_000)                         # the grant is money: 0.6 × S
    assert e["employee"] == pytest.approx(0.25 * 260_000)               # 65 000
    assert e["municipality"] == pytest.approx(270_000 - 120_000 - 65_000)  # 85 000
    emp = split[(split.payer == "employee") & (split.scheme == "kfk_substitute")].set_index("perspective")
    assert emp.loc["cash", "own_time_nok"] == pytest.approx(50_000) and emp.loc["cash", "cash_nok"] == 0


def test_payers_add_up_to_the_scheme_total_for_every_scheme():
    split = funding.split_costs(COMP, year=2026)
    g = split.groupby(["scheme", "perspective"])
    assert (g["amount_nok"].sum() - g["total_nok"].first()).abs().max() < 1e-6
    assert g["share"].sum().to_numpy() == pytest.approx(1.0)
    totals = split.groupby("perspective")["total_nok"].first()
    assert totals["cash"] == pytest.approx(210_000) and totals["economic"] == pytest.approx(270_000)
    assert set(split["payer"]) == set(vocab.codes("payer"))


def test_stipend_goes_to_the_employee_and_baselines():
    split = funding.split_costs(COMP, schemes=["kfk_stipend", "employer_pays", "employee_own_time"],
                                perspectives=["cash"])
    s = amounts(split, "kfk_stipend", "cash")
    # 2 participants × 30 sp → 2 × 120 000 = 240 000 from the state to the employees
    assert s["state"] == pytest.approx(240_000)
    assert s["employee"] == pytest.approx(200_000 - 240_000)   # own time 200 000 less the stipend
    assert s["municipality"] == pytest.approx(10_000)
    assert amounts(split, "employer_pays", "cash")["municipality"] == pytest.approx(210_000)
    o = amounts(split, "employee_own_time", "cash")
    assert (o["employee"], o["municipality"]) == pytest.approx((200_000, 10_000))


def test_phd_scheme_split_applies_whichever_cap_binds():
    # approved costs = D + PAC; cap = 0.5 × rate × hours / 1628
    small = dict(COMP, hours_away=1628.0)
    s = funding.split_costs(small, schemes=["public_sector_phd"], perspectives=["cash"], year=2026)
    rc = s[s.payer == "research_council"].iloc[0]
    assert rc["amount_nok"] == pytest.approx(0.5 * (10_000 + 240_000))   # 125 000 < 707 000
    assert rc["binding_cap"] == "approved_costs"
    big = dict(COMP, hours_away=1628.0, pac_nok=2_000_000.0)
    s = funding.split_costs(big, schemes=["public_sector_phd"], perspectives=["cash"], year=2026)
    rc = s[s.payer == "research_council"].iloc[0]
    assert rc["amount_nok"] == pytest.approx(0.5 * 1_414_000)           # 707 000 < 1 005 000
    assert rc["binding_cap"] == "rate"


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
    assert m.loc[0, "state"] == pytest.approx(120_000) and m.loc[0, "total_nok"] == pytest.approx(210_000)


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
    # approved 1 500 000 + 60 000 + 100 000 = 1 660 000 → 830 000 > rate cap
    assert t["rc_support_nok"].tolist() == pytest.approx([707_000, 732_000, 757_500])
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
    assert amounts(split, "kfk_substitute", "cash")["state"] == pytest.approx(0.6 * ref["substitute_cover_nok"])


def test_phd_inputs_from_the_cost_model():
    x = funding.phd_inputs(workforce=WF, substitutes=SUBS, sector="primary_school", kommunenummer="5001")
    assert x["monthly_pay_nok"] == pytest.approx(55_000)
    labour = costs.annual_labour_cost(55_000 * 12)["annual_labour_cost_nok"].iloc[0]
    assert x["annual_labour_cost_nok"] == pytest.approx(labour)
    assert x["hours_per_year"] == pytest.approx(1698.2, abs=0.1)
    # one absent hour: 20 % of the half not covered by a qualified substitute stays uncovered
    assert x["uncovered_value_per_hour_nok"] == pytest.approx(0.5 * 0.2 * labour / x["hours_per_year"])
    assert x["cover_cost_per_hour_nok"] > 0


# ---------------------------------------------------------------- traceability, parameters, figures
def test_rules_agree_with_the_published_figures_table():
    from lifelong_analysis import reference

    r = funding.load_scheme_rules()
    assert funding.rule_value(r, "kfk_substitute", "share_of_substitute_cover", payer="state") == \
        reference.value("kfk_vikar_state_share")
    assert funding.rule_value(r, "kfk_substitute", "share_of_time_cost", payer="employee") == \
        reference.value("kfk_vikar_teacher_share")
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
    ok = funding.check_report_parameters(**dict(GOOD, municipality=301, phd_years=4))
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
    ]
    for bad, msg in cases:
        with pytest.raises(ValueError, match=msg):
            funding.check_report_parameters(**dict(GOOD, **bad))
    with pytest.raises(ValueError, match="hc_grant_share must be a share"):
        funding.parameter_overrides(hc_grant_share=50)


def test_figures_have_labelled_axes_in_the_report_language():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from lifelong_analysis import projection
    from lifelong_analysis.figures import funding as ff

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
    # employer_pays 210 000 (100 %), kfk_substitute 0.15 × 200 000 + 10 000 = 40 000 (state 120 000 most),
    # kfk_substitute_math_science 10 000 = 4.76 % -> "5 %" (state 150 000 most)
    phd = pd.DataFrame({"years": [3], "npv_net_cost_nok": [1_000_000.0], "npv_absence_cost_nok": [2_000_000.0]})
    nb = " ".join(funding.key_results(split, phd, language="nb").replace("\u00a0", " ").replace("\u202f", " ").split())
    assert nb.startswith("**Kort fortalt.** Kommunen bærer den største delen av kontantkostnaden i 1 av 3 ")
    kfk = vocab.label("funding_scheme", "kfk_substitute", "nb")
    kfk_ms = vocab.label("funding_scheme", "kfk_substitute_math_science", "nb")
    employer = vocab.label("funding_scheme", "employer_pays", "nb")
    assert f"Billigst for kommunen er {kfk_ms} (10 000 kr, 5 %), dyrest er {employer} (210 000 kr, 100 %)." in nb
    assert f"bærer andre mest: staten ({kfk} og {kfk_ms})." in nb
    # PhD: net 1 000 000 against absence 2 000 000 -> 50 %
    assert "1 000 000 kr over 3 år (fraværet alene: 2 000 000 kr; netto er 50 % av det)" in nb
    assert "plassholder" not in nb  # no not-found rate among these schemes
    en = " ".join(funding.key_results(split, phd, language="en").replace("\u00a0", " ").replace("\u202f", " ").split())
    assert en.startswith("**In short.** The municipality carries the largest part of the cash cost under 1 of 3 ")
    assert "NOK 1 000 000 over 3 years (the absence alone: NOK 2 000 000; the net cost is 50% of it)" in en
    # a scheme resting on a not-found rate is starred and explained
    flagged = funding.split_costs(COMP, schemes=["employer_pays", "hc_competence_grant"], perspectives=["cash"])
    text = funding.key_results(flagged, phd.iloc[:0], language="nb")
    hc = vocab.label("funding_scheme", "hc_competence_grant", "nb")
    assert f"Billigst for kommunen er {hc}*" in text and "plassholdere" in text and "ph.d." not in text
    with pytest.raises(ValueError, match="cash"):
        funding.key_results(split.assign(perspective="economic"), phd)
