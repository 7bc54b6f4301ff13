"""Workforce projection (issue 14): the cohort arithmetic by hand, mass balance, zero gap, KS directions,
training need, costs, combined positions, disclosure control, resources and schemas."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from lifelong_analysis.runner import datadict
from lifelong_analysis.data import population, tables
from lifelong_analysis.analysis import workforce
from lifelong_analysis.errors import DataValidationError
from lifelong_analysis.reporting import workforce_report
from lifelong_analysis.data.readers import load_dataset


@pytest.fixture(scope="module")
def ds():
    return load_dataset(kinds=["workforce", "substitutes"])


@pytest.fixture(scope="module")
def pop():
    return population.read_population("data/synthetic/population_projection.json")


@pytest.fixture(scope="module")
def proj(ds, pop):
    return workforce.project_workforce(workforce=ds.workforce, population=pop, kommunenummer="5001",
                                       base_year=2025, horizon_year=2040, n_draws=200, seed=3)


# --------------------------------------------------------------------------- the engine by hand
def test_three_year_cohort_by_hand():
    """One group, one sex, ages 20–22; turnover 0.1/0.2/0, retirement 1 at 22; 5 entrants a year at age 20.

    Year 1: retired = (10, 20, 30) × (0, 0, 1) = (0, 0, 30); turnover = (10, 20, 0) × (0.1, 0.2, 0) = (1, 4, 0);
            survivors (9, 16, 0) age: (0, 9, 16); + 5 at 20 → (5, 9, 16) = 30 persons.
    Year 2: retired 16; turnover 5 × 0.1 + 9 × 0.2 = 0.5 + 1.8 = 2.3; survivors (4.5, 7.2, 0) → (0, 4.5, 7.2)
            + 5 → (5, 4.5, 7.2) = 16.7.
    Year 3: retired 7.2; turnover 0.5 + 0.9 = 1.4; survivors (4.5, 3.6) → (5, 4.5, 3.6) = 13.1.
    Årsverk: shares (0.5, 0.8, 1.0): year 1 = 2.5 + 7.2 + 16 = 25.7.
    """
    r = workforce.simulate(stock=np.array([[[10.0, 20.0, 30.0]]]), share=np.array([[[0.5, 0.8, 1.0]]]),
                           turnover=np.array([[0.1, 0.2, 0.0]]), retirement=np.array([0.0, 0.0, 1.0]),
                           entrants=np.array([5.0]), entrant_profile=np.array([[[1.0, 0.0, 0.0]]]), years=3)
    assert r["persons"][0, :, 0] == pytest.approx([60.0, 30.0, 16.7, 13.1])
    assert r["exits_retirement"][0, 1:, 0] == pytest.approx([30.0, 16.0, 7.2])
    assert r["exits_turnover"][0, 1:, 0] == pytest.approx([5.0, 2.3, 1.4])
    assert r["entrants"][0, 1:, 0] == pytest.approx([5.0, 5.0, 5.0])
    assert r["fte"][0, 1, 0] == pytest.approx(0.5 * 5 + 0.8 * 9 + 1.0 * 16)


def test_moves_between_groups_by_hand():
    """Two groups, one age band each year: 10 % of the survivors of group 0 move to group 1."""
    stock = np.zeros((2, 1, 3))
    stock[0, 0, 0] = 100.0
    r = workforce.simulate(stock=stock, share=np.ones((2, 1, 3)), turnover=np.array([[0.2, 0, 0], [0, 0, 0]]),
                           retirement=np.zeros(3), entrants=np.zeros(2),
                           entrant_profile=np.full((2, 1, 3), 1 / 3), years=1,
                           transitions=np.array([[0.0, 0.1], [0.0, 0.0]]))
    # survivors 100 × 0.8 = 80; 8 move
    assert r["moves_out"][0, 1].tolist() == pytest.approx([8.0, 0.0])
    assert r["moves_in"][0, 1].tolist() == pytest.approx([0.0, 8.0])
    assert r["persons"][0, 1].tolist() == pytest.approx([72.0, 8.0])


def test_balanced_path_solves_entrants_to_meet_demand():
    """Demand 40 årsverk in year 1; survivors give 30 × 0.5 (age 21) ... solved hires fill the rest."""
    r = workforce.simulate(stock=np.array([[[30.0, 0.0]]]), share=np.array([[[0.5, 1.0]]]),
                           turnover=np.zeros((1, 2)), retirement=np.zeros(2),
                           entrant_profile=np.array([[[1.0, 0.0]]]), years=1,
                           demand_fte=np.array([[15.0, 40.0]]))
    # after ageing: 30 persons at age 21 (share 1.0) = 30 FTE; 10 FTE missing; entrants at age 20 share 0.5 → 20
    assert r["entrants"][0, 1, 0] == pytest.approx(20.0)
    assert r["fte"][0, 1, 0] == pytest.approx(40.0)


def test_mass_balance_every_year(proj):
    t = proj.table.sort_values(["group", "year"])
    for _g, d in t.groupby("group"):
        s = d["supply_persons"].to_numpy()
        flows = (d["entrants"] + d["moves_in"] - d["moves_out"] - d["exits_turnover"] - d["exits_retirement"]).to_numpy()
        assert s[1:] == pytest.approx(s[:-1] + flows[1:], abs=1e-6)
    # moves are conserved across groups
    assert t["moves_in"].sum() == pytest.approx(t["moves_out"].sum())


def test_zero_gap_when_demand_is_flat_and_flows_balance(ds, pop):
    flat = pop[pop["year"] == 2025]
    flat = pd.concat([flat.assign(year=y) for y in range(2025, 2036)], ignore_index=True)
    p = workforce.project_workforce(workforce=ds.workforce, population=flat, kommunenummer="5001",
                                    base_year=2025, horizon_year=2035)
    assert p.table["gap_fte"].abs().max() < 1e-6
    assert p.table["gap_persons"].abs().max() < 1e-6
    # with flat demand the recruitment need equals hiring as today
    assert p.table["recruitment_need"].to_numpy() == pytest.approx(p.table["entrants"].to_numpy())


def test_stationary_population_without_career_moves():
    r = workforce.simulate(stock=np.array([[[7.0, 7.0, 7.0, 7.0]]]), share=np.full((1, 1, 4), 0.8),
                           turnover=np.zeros((1, 4)), retirement=np.array([0, 0, 0, 1.0]),
                           entrants=np.array([7.0]), entrant_profile=np.array([[[1.0, 0, 0, 0]]]), years=10)
    assert r["persons"][0, :, 0] == pytest.approx([28.0] * 11)
    assert r["fte"][0, :, 0] == pytest.approx([22.4] * 11)


# --------------------------------------------------------------------------- demand, scenarios, Monte Carlo
def test_base_year_demand_equals_supply_and_follows_users(proj, pop):
    t = proj.table
    base = t[t["year"] == 2025]
    assert (base["gap_fte"].abs() < 1e-9).all()
    idx = population.demand_index(pop, kommunenummer="5001", base_year=2025, years=[2040]).set_index(
        ["driver", "year"])["index"]
    nurse = t[t["group"] == "nurse"].set_index("year")
    assert nurse.loc[2040, "demand_fte"] == pytest.approx(nurse.loc[2025, "supply_fte"] * idx[("health", 2040)])


def test_ks_sensitivity_each_scenario_lowers_the_recruitment_need(ds, pop):
    sc = workforce.scenario_comparison(workforce=ds.workforce, population=pop, kommunenummer="5001",
                                       base_year=2025, horizon_year=2035)
    need = sc[sc["group"] == "all"].set_index("scenario")["recruitment_need_per_year"]
    for s in ("position_share_plus_1pp", "retirement_one_year_later", "turnover_minus_1pp"):
        assert need[s] < need["baseline"], s
    assert need["all_three"] < min(need[s] for s in ("position_share_plus_1pp", "retirement_one_year_later",
                                                     "turnover_minus_1pp"))
    # the health groups: each knob also lowers the gap at the horizon
    gap = sc[sc["group"] == "nurse"].set_index("scenario")["gap_fte_horizon"]
    assert gap["turnover_minus_1pp"] < gap["baseline"] and gap["retirement_one_year_later"] < gap["baseline"]


def test_monte_carlo_band_contains_the_central_path_and_is_reproducible(ds, pop, proj):
    t = proj.table[proj.table["year"] > 2025]
    assert (t["gap_fte_p5"] <= t["gap_fte"] + 1e-9).all() and (t["gap_fte"] <= t["gap_fte_p95"] + 1e-9).all()
    nurse = t[(t["group"] == "nurse") & (t["year"] == 2040)].iloc[0]
    assert nurse["gap_fte_p95"] - nurse["gap_fte_p5"] > 50          # a real band, not a line
    again = workforce.project_workforce(workforce=ds.workforce, population=pop, kommunenummer="5001",
                                        base_year=2025, horizon_year=2040, n_draws=200, seed=3)
    pd.testing.assert_frame_equal(again.table, proj.table)


def test_report_parameters_are_checked():
    ok = workforce.check_report_parameters(municipality="4601", occupations=["nurse"], horizon_year=2035,
                                           position_share_change=0.01, retirement_delay=1, turnover_change=-0.01,
                                           n_draws=10, seed=1)
    assert ok["groups"] == ["nurse"] and ok["retirement_delay"] == 1.0 and "language" not in ok
    for bad, match in (({"municipality": 4601}, "4-digit kommunenummer"), ({"occupations": ["doctor"]}, "doctor"),
                       ({"horizon_year": "2040"}, "horizon_year"), ({"turnover_change": 2}, "turnover_change"),
                       ({"n_draws": -1}, "n_draws")):
        args = dict(municipality="4601", occupations=["nurse"], horizon_year=2035, position_share_change=0.0,
                    retirement_delay=0.0, turnover_change=0.0, n_draws=10, seed=1)
        args.update(bad)
        with pytest.raises(ValueError, match=match):
            workforce.check_report_parameters(**args)


def test_not_found_rates_are_tidy():
    t = workforce.not_found_rates()
    rate = t[(t["kind"] == "rate") & (t["rate"] == "turnover") & (t["group"] == "unqualified_teacher")].iloc[0]
    assert (rate["age_from"], rate["age_to"], rate["value"]) == (15, 75, pytest.approx(0.276))
    assert str(rate["evidence"]).lower().startswith("not found")
    path = t[(t["kind"] == "path") & (t["from_group"] == "health_worker")].iloc[0]
    assert path["to_group"] == "nurse" and pd.isna(path["age_from"])


def test_unknown_group_and_bad_horizon_are_clear_errors(ds, pop):
    with pytest.raises(ValueError, match="Unknown position group 'doctor'. Known groups: nurse"):
        workforce.check_groups(["nurse", "doctor"])
    with pytest.raises(ValueError, match="horizon_year .2020. must be after the base year"):
        workforce.project_workforce(workforce=ds.workforce, population=pop, kommunenummer="5001",
                                    base_year=2025, horizon_year=2020)
    with pytest.raises(ValueError, match="No population for municipality '0301'"):
        workforce.project_workforce(workforce=ds.workforce.assign(kommunenummer="0301"), population=pop,
                                    kommunenummer="0301", base_year=2025)


# --------------------------------------------------------------------------- rates
def test_exit_rates_reproduce_the_ks_figures():
    rates = workforce.workforce_rates()
    tu, re = workforce.exit_rates(["nurse", "teacher"], rates=rates)
    ages = workforce.AGES
    # KS: 40.7 % of those aged 65–67 leave in a year: 1 − (1 − 0.052)(1 − 0.375)
    a66 = int(np.where(ages == 66)[0][0])
    assert 1 - (1 - 0.052) * (1 - re[a66]) == pytest.approx(0.4075, abs=1e-4)
    # without a stock, the occupation rate is scaled by age / whole-sector 13.6 %
    assert tu[0, ages == 45][0] == pytest.approx(0.139 * 0.07 / 0.136)
    # with a stock, the group's base-year mean turnover is the KS rate of the occupation
    stock = np.zeros((2, len(ages)))
    stock[0, ages == 25] = 30
    stock[0, ages == 50] = 70
    stock[1, ages == 35] = 1
    tu2, _ = workforce.exit_rates(["nurse", "teacher"], rates=rates, stock_by_age=stock)
    assert (stock[0] * tu2[0]).sum() / stock[0].sum() == pytest.approx(0.139)
    assert tu2[1, ages == 35][0] == pytest.approx(0.079)
    # scenario knobs
    tu3, re3 = workforce.exit_rates(["nurse"], rates=rates, turnover_change=-0.01, retirement_delay=1)
    assert tu3[0, ages == 45][0] == pytest.approx(0.129 * 0.07 / 0.136)
    assert re3[ages == 63][0] == pytest.approx(0.15) and re3[ages == 62][0] == 0.0 and re3[ages == 65][0] == 0.15


def test_every_rate_names_its_source():
    for df in (workforce.workforce_rates(), workforce.career_paths()):
        assert df["source"].str.len().gt(5).all()
        assert df["evidence"].str.len().gt(5).all()
    r = workforce.workforce_rates()
    assert set(r.query("rate == 'turnover'")["group"]) == set(workforce.position_groups()["group"])
    assert r.query("rate == 'turnover' and group == 'kindergarten_teacher'")["value"].iloc[0] == 0.088


def test_rates_agree_with_the_published_figures():
    from lifelong_analysis.data import reference

    r = workforce.workforce_rates().set_index(["rate", "group", "age_from"])["value"]
    assert r[("turnover", "nurse", 15)] == reference.value("ks_turnover_nurse_2022")
    assert r[("turnover_sector", "all", 15)] == reference.value("ks_turnover_sector_2022")
    exit_65_67 = 1 - (1 - r[("turnover_age", "all", 61)]) * (1 - r[("retirement", "all", 65)])
    assert exit_65_67 == pytest.approx(reference.value("ks_exit_age_65_67"), abs=0.001)
    pop = population.synthetic_population("5001")
    old = pop[pop["age"] >= 80].groupby("year")["persons"].sum()
    assert old[2050] / old[2025] == pytest.approx(reference.value("ssb_80plus_growth_2050"), abs=0.01)
    assert old[2035] / old[2026] == pytest.approx(reference.value("ssb_80plus_growth_2026_2035"), abs=0.01)


def test_bad_rate_file_names_file_column_row_and_rule(tmp_path):
    bad = workforce.RATES_FILE.read_text(encoding="utf-8").replace("turnover,nurse,15,75,0.139",
                                                                    "turnover,nurse,15,75,1.39")
    (tmp_path / "rates.csv").write_text(bad, encoding="utf-8")
    with pytest.raises(DataValidationError) as exc:
        workforce.workforce_rates(tmp_path / "rates.csv")
    msg = str(exc.value)
    assert "rates.csv" in msg and "column 'value', row 2" in msg and "<= 1" in msg and "1.39" in msg


def test_new_tables_have_schemas_and_data_dictionary_entries():
    for kind in tables.PROJECTION_TABLES:
        assert tables.get(kind).name == kind
        section = datadict.table_markdown(kind)
        for c in tables.get(kind).columns:
            assert f"`{c.name}`" in section
    assert "### `population`" in datadict.render_readme()


# --------------------------------------------------------------------------- base stock and disclosure
def test_base_stock_counts_grouped_rows_and_position_shares():
    w = pd.DataFrame({"kommunenummer": "1234", "sector": ["health_care"] * 3 + ["primary_school"] * 2,
                      "occupation": ["nurse", "nurse", "assistant", "teacher", "teacher"],
                      "education_level": ["bachelor", "bachelor", "compulsory", "master", "upper_secondary"],
                      "position_share": [1.0, 0.5, 0.6, 1.0, 0.8], "age": [30, 30, 19, 40, 25],
                      "sex": ["female", "male", None, "female", "female"], "n_employees": [2, 1, 1, 1, 1]})
    st = workforce.base_stock(w, groups=["nurse", "care_assistant", "teacher", "unqualified_teacher"])
    assert st.employees.tolist() == [3, 1, 1, 1]
    assert st.fte.sum((1, 2)).tolist() == pytest.approx([2.5, 0.6, 1.0, 0.8])
    assert st.persons[2, 0, 40 - 15] == 1 and st.persons[1, 2, 19 - 15] == 1    # unknown sex kept, not dropped


def test_protect_blanks_groups_under_five_employees(proj):
    t = proj.table.copy()
    t.loc[t["group"] == "kindergarten_teacher", "n_employees_base"] = 3
    out = workforce.protect(t)
    small = out[out["group"] == "kindergarten_teacher"]
    assert (small["gap_fte"] == ":").all() and (small["supply_persons"] == ":").all()
    assert (small["n_employees_base"] == ":").all()
    assert (small["year"] == t.loc[t["group"] == "kindergarten_teacher", "year"]).all()
    big = out[out["group"] == "nurse"]
    assert pd.to_numeric(big["gap_fte"]).notna().all()


def test_base_counts_go_through_the_joint_release_with_a_complement():
    # nurses 9, health workers 3 (primary), care assistants 20, and the "all" row 32 (the scenario
    # comparison's sum): health workers alone would be 32 - 9 - 20 = 3, so one more group is hidden,
    # the smaller of the two that can complement it (nurses, 9: cells are tried largest first)
    rows = [("nurse", "nurse")] * 9 + [("health_worker", "health_worker")] * 3 + [("care_assistant", "assistant")] * 20
    wf = pd.DataFrame({"employee_id": [f"e{i:02d}" for i in range(len(rows))], "kommunenummer": "5001",
                       "sector": "health_care", "occupation": [o for _g, o in rows], "education_level": "bachelor",
                       "n_employees": 1})
    rel = workforce.base_release(wf, kommunenummer="5001", groups=["nurse", "health_worker", "care_assistant"])
    res = rel.protect()
    t = res.tables["workforce_base"].set_index("group")["n_employees_base"]
    assert t.to_dict() == {"nurse": ":", "health_worker": ":", "care_assistant": 20, "all": 32}
    assert workforce.shown_groups(res) == {"care_assistant", "all"}
    assert res.summary["audit_passed"] and (res.summary["primary"], res.summary["secondary"]) == (1, 1)
    # a row resting on a hidden group is blanked although its own count (9) is at least k
    table = pd.DataFrame({"group": ["nurse", "care_assistant"], "year": [2030, 2030],
                          "n_employees_base": [9, 20], "gap_fte": [1.0, 2.0]})
    out = workforce.protect(table, shown=workforce.shown_groups(res))
    assert out["gap_fte"].tolist() == [":", 2.0] and out["n_employees_base"].tolist() == [":", 20]
    # a training path needs both its groups shown
    need = pd.DataFrame({"path": ["health_worker_to_nurse"], "from_group": ["health_worker"],
                         "to_group": ["nurse"], "year": [2030], "n_employees_min": [9.0], "starters": [1.0]})
    assert workforce.protect(need, count_column="n_employees_min", shown={"nurse"})["starters"].tolist() == [":"]
    cost = pd.DataFrame({"path": ["health_worker_to_nurse"], "year": [2030], "n_employees_min": [9.0],
                         "amount_nok": [5.0]})
    shown_both = workforce.protect(cost, count_column="n_employees_min", shown={"nurse", "health_worker"})
    assert shown_both["amount_nok"].tolist() == [5.0]
    assert workforce.protect(cost, count_column="n_employees_min", shown={"nurse"})["amount_nok"].tolist() == [":"]


# --------------------------------------------------------------------------- training need and cost
def test_training_need_by_hand(proj):
    need = workforce.training_need(proj)
    nurse = need[need["path"] == "health_worker_to_nurse"]
    t = proj.table
    g = t[(t["group"] == "nurse") & (t["year"] > 2025)]
    retention = 1 - (g["exits_turnover"] + g["exits_retirement"]).sum() / g["supply_persons"].sum()
    gap = t[(t["group"] == "nurse") & (t["year"] == 2040)]["gap_persons"].iloc[0]
    # starts 2026..2036 (4 study years, finish by 2040); completers 0.7 × s, stay (2040 − (y + 4)) years
    weight = sum(0.7 * retention ** (2040 - (y + 4)) for y in range(2026, 2037))
    s = gap / weight
    assert nurse["starters"].max() == pytest.approx(s)
    assert nurse.loc[nurse["year"] == 2037, "starters"].iloc[0] == 0
    assert nurse.loc[nurse["year"] == 2030, "students"].iloc[0] == pytest.approx(4 * s)   # 2027–2030 cohorts
    assert nurse.loc[nurse["year"] == 2030, "completers"].iloc[0] == pytest.approx(0.7 * s)  # the 2026 start
    # groups in surplus need no training
    kg = need[need["path"] == "assistant_to_kindergarten_teacher"]
    assert kg["starters"].sum() == 0


def test_training_cost_goes_through_costs_and_funding(ds, proj):
    from lifelong_analysis.analysis import funding

    need = workforce.training_need(proj)
    cost = workforce.training_cost(need, workforce=ds.workforce, substitutes=ds.substitutes, kommunenummer="5001")
    row = need[(need["path"] == "health_worker_to_nurse") & (need["year"] == 2030)].iloc[0]
    comp = funding.programme_components(workforce=ds.workforce, substitutes=ds.substitutes, sector="health_care",
                                        kommunenummer="5001", study_points=45.0, n_participants=1,
                                        delivery_format="part_time_gatherings")
    split = funding.split_costs(comp, schemes=["hc_competence_grant"]).set_index(["perspective", "payer"])
    got = cost[(cost["path"] == "health_worker_to_nurse") & (cost["year"] == 2030)].set_index(["perspective", "payer"])
    assert got.loc[("cash", "state"), "amount_nok"] == pytest.approx(split.loc[("cash", "state"), "amount_nok"]
                                                                     * row["students"])
    # the health and care grant splits the cash cost 50/50 (placeholder share, flagged)
    assert got.loc[("cash", "state"), "amount_nok"] == pytest.approx(got.loc[("cash", "municipality"), "amount_nok"])
    assert got["not_found"].all()


def test_combined_positions_split_80_20(ds):
    from lifelong_analysis.analysis import costs

    c = workforce.combined_positions(workforce=ds.workforce, kommunenummer="5001", n_positions=5).set_index("payer")
    pay = ds.workforce.query("sector == 'health_care' and occupation == 'nurse'")["monthly_pay_nok"].mean()
    labour = costs.annual_labour_cost(pay * 12)["annual_labour_cost_nok"].iloc[0]
    assert c.loc["university", "amount_nok"] == pytest.approx(5 * 0.2 * labour)
    assert c.loc["municipality", "amount_nok"] == pytest.approx(5 * 0.8 * labour)
    assert c.loc["municipality", "service_fte"] == pytest.approx(4.0)


def test_key_results_text_in_both_languages(proj):
    need = workforce.training_need(proj)
    nb = workforce_report.key_results(proj.table, workforce.training_summary(need), pd.DataFrame(
        columns=["perspective", "payer", "amount_nok"]), horizon_year=2040, language="nb")
    en = workforce_report.key_results(proj.table, workforce.training_summary(need), pd.DataFrame(
        columns=["perspective", "payer", "amount_nok"]), horizon_year=2040, language="en")
    assert nb.startswith("**Kort fortalt.**") and "2040" in nb and "årsverk" in nb
    assert en.startswith("**In short.**") and "FTE" in en


@pytest.mark.parametrize("language,word", [("nb", "årsverk"), ("en", "FTE")])
def test_figures_have_labelled_axes_and_take_protected_tables(proj, ds, pop, language, word):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from lifelong_analysis.reporting.figures import workforce as fig

    t = proj.table.copy()
    t.loc[t["group"] == "kindergarten_teacher", "n_employees_base"] = 2      # suppressed group
    published = workforce.protect(t)
    fan = fig.gap_fan_chart(published, language=language)
    titles = [ax.get_title() for ax in fan.axes if ax.get_visible()]
    assert workforce_report.group_label("kindergarten_teacher", language) not in titles   # ":" groups are left out
    assert workforce_report.group_label("nurse", language) in titles
    assert word in fan.axes[0].get_ylabel() and fan.axes[0].get_xlabel()
    flows = fig.flows_figure(published, language=language)
    ax = flows.axes[0]
    assert ax.get_xlabel() and ax.get_ylabel() and len(ax.get_legend().get_texts()) == 5
    sc = workforce.scenario_comparison(workforce=ds.workforce, population=pop, kommunenummer="5001",
                                       groups=["nurse"], base_year=2025, horizon_year=2030)
    bars = fig.scenario_figure(sc, language=language)
    assert len(bars.axes[0].patches) == len(workforce.KS_SCENARIOS)
    for f in (fan, flows, bars):
        plt.close(f)


def test_key_numbers_by_hand():
    t = pd.DataFrame({"group": ["nurse", "teacher", "health_worker", "care_assistant"], "year": 2040,
                      "gap_fte": [120.0, -5.0, 0.4, ":"], "gap_fte_p5": [80.0, -9.0, 0.1, ":"],
                      "gap_fte_p95": [160.0, -1.0, 0.9, ":"]})
    summary = pd.DataFrame({"from_group": ["health_worker", "care_assistant"], "to_group": ["nurse", "nurse"],
                            "starters_per_year": [12.0, ":"]})
    cost = pd.DataFrame({"perspective": ["cash", "cash", "economic", "cash"],
                         "payer": ["municipality", "state", "municipality", "municipality"],
                         "amount_nok": [3.0e6, 2.0e6, 9.0e6, ":"]})
    k = workforce.key_numbers(t, summary, cost, horizon_year=2040)
    assert k["shown"] and k["total_gap_fte"] == pytest.approx(120.4)     # 120 + 0.4; the surplus and ":" left out
    assert k["top"] == {"group": "nurse", "gap_fte": 120.0, "gap_fte_p5": 80.0, "gap_fte_p95": 160.0}
    assert k["starters"].to_dict("records") == [{"from_group": "health_worker", "to_group": "nurse",
                                                 "starters_per_year": 12.0}]
    assert (k["cash_total_nok"], k["cash_municipality_nok"]) == (5.0e6, 3.0e6)
    none = workforce.key_numbers(t.assign(gap_fte=0.3), summary.iloc[0:0], cost, horizon_year=2040)
    assert none["top"] is None and none["shown"] and none["starters"].empty
    assert not workforce.key_numbers(t.assign(gap_fte=":"), summary, cost, horizon_year=2040)["shown"]
