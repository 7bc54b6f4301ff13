"""The synthetic generator: reproducible, calibrated to published figures, internally consistent.

Tolerances are stated per margin.  The default dataset (14 998 employees,
seed 2026) is generated once per session (about 1.5 s).
"""

from __future__ import annotations

import hashlib
import json

import numpy as np
import pandas as pd
import pytest

from lifelong_analysis.analysis import dsi
from lifelong_analysis.data import reference, tables, vocab
from lifelong_analysis import synthetic
from lifelong_analysis.data.readers import load_dataset, validate_frame
from lifelong_analysis.data.schemas import DIRECT_COST_COMPONENTS


def sha(df: pd.DataFrame) -> str:
    return hashlib.sha256(synthetic._csv_text(df).encode("utf-8")).hexdigest()


@pytest.fixture(scope="module")
def data():
    return synthetic.generate_dataset(seed=2026)


@pytest.fixture(scope="module")
def wf(data):
    return data["workforce"]


# --------------------------------------------------------------------------- reproducibility

def test_same_seed_same_bytes_different_seed_different():
    a = synthetic.generate_dataset(seed=7, n_employees=1_200, n_respondents=150)
    b = synthetic.generate_dataset(seed=7, n_employees=1_200, n_respondents=150)
    c = synthetic.generate_dataset(seed=8, n_employees=1_200, n_respondents=150)
    for kind in tables.TABLES:
        assert sha(a[kind]) == sha(b[kind]), kind
    for kind in ("workforce", "training", "skills_survey", "funding"):
        assert sha(a[kind]) != sha(c[kind]), kind


def test_committed_default_dataset_is_what_the_generator_makes(root, data):
    """data/synthetic is byte-identical to generate_dataset(seed=2026, **parameters)."""
    meta = json.loads((root / "data/synthetic/datapackage.json").read_text(encoding="utf-8"))
    assert meta["synthetic"] is True and meta["seed"] == 2026
    assert meta["parameters"]["n_employees"] == 14_998 and meta["parameters"]["kommunenummer"] == "5001"
    for res in meta["resources"]:
        text = (root / "data/synthetic" / res["path"]).read_text(encoding="utf-8")
        assert hashlib.sha256(text.encode("utf-8")).hexdigest() == res["sha256"], res["path"]
        assert synthetic._csv_text(data[res["name"]]) == text, (
            f"{res['path']} is stale: run python -m lifelong_analysis.synthetic")
    assert set(meta["calibrated_to"]) <= set(reference.published_figures()["id"])


def test_committed_dataset_validates_and_is_marked_synthetic(root):
    ds = load_dataset(root / "data/synthetic")
    assert ds.synthetic is True
    for kind in tables.TABLES:
        df = getattr(ds, kind)
        assert len(df) > 0, kind
        assert (df["data_origin"] == "synthetic").all(), kind
    assert ds.workforce["kommunenummer"].eq("5001").all()
    assert len(ds.workforce) == 14_998  # trd_employees_2020


def test_column_names_are_those_of_the_data_model(data):
    for kind, df in data.items():
        required = tables.column_names(kind, required_only=True)
        assert not set(required) - set(df.columns), kind
        plain = set(tables.column_names(kind))
        extra = {c for c in df.columns if c not in plain}
        assert all(c.startswith(("dsi_", "sat_q")) for c in extra), (kind, extra)
        assert "data_origin" in df.columns


# --------------------------------------------------------------------------- calibration constants

@pytest.mark.parametrize("constant, ref_id", [
    ("TRONDHEIM_EMPLOYEES", "trd_employees_2020"),
    ("NATIONAL_EMPLOYEES", "ks_employees_2023"),
    ("TARGET_MEAN_POSITION", "ks_avg_position_2023"),
    ("TARGET_FULL_TIME", "ks_fulltime_share_2023"),
    ("TURNUS_MEAN_POSITION", "ks_avg_position_turnus_hc_2023"),
    ("TURNUS_FULL_TIME", "ks_fulltime_turnus_hc_2023"),
    ("FULL_TIME_WOMEN", "ks_fulltime_women_2023"),
    ("FULL_TIME_MEN", "ks_fulltime_men_2023"),
    ("TURNUS_WEEKLY_HOURS", "ks_turnus_weekly_hours_max"),
    ("TARGET_WOMEN", "ks_women_share_2023"),
    ("TARGET_SICK_LEAVE", "ks_sickleave_2023"),
    ("P_NONFORMAL", "lvm_nonformal_employed_2024"),
    ("P_FORMAL_OTHER", "lvm_formal_further_all"),
    ("KFK_RELEASE_30SP", "kfk_release_30sp"),
    ("KFK_STATE_SHARE", "kfk_vikar_state_share"),
    ("KFK_STIPEND_30SP", "kfk_stipend_30sp"),
    ("OFFPHD_MAX_SHARE", "offphd_max_share"),
    ("TARGET_DSI_BASIC", "dsi_no_basic_2023"),
    ("TARGET_HC_GAP", "ks_hc_lack_digital"),
    ("COMBINED_POSITIONS_TRONDHEIM", "trd_combined_positions"),
    ("COMBINED_UNIVERSITY_SHARE", "combined_position_typical"),
])
def test_generator_constants_equal_the_published_figures(constant, ref_id):
    assert getattr(synthetic, constant) == pytest.approx(reference.value(ref_id))


def test_pay_and_sector_inputs_equal_the_published_figures():
    for occ, (v, rid) in synthetic.PAY_ANNUAL.items():
        if rid != "assumption":
            assert v == reference.value(rid), occ
    for k, v in synthetic.SSB_FTE_2008.items():
        assert v == reference.value(f"ssb_fte_2008_{k}")
    assert synthetic.PHD_RATE[2025] == reference.value("phd_rate_2025")


def test_calibration_table_flags_every_assumption():
    cal = synthetic.calibration_table()
    assert set(cal["evidence"]) <= {"verbatim", "secondary", "seed text only", "inferred", "assumption",
                                    "assumption (not found)"}
    # the 2040 EVU estimate (growth of the funding history) is flagged as seed text only, primary not found
    assert cal.loc[cal["reference_id"] == "ks_evu_spend_2040", "evidence"].tolist() == ["seed text only"]
    # every row without a reference id is an assumption or inferred
    no_ref = cal[cal["reference_id"] == ""]
    assert no_ref["evidence"].str.startswith(("assumption", "inferred")).all()
    assert "overtime premium" in set(no_ref["parameter"])
    assert (cal.loc[cal["parameter"] == "health and care competence grant share", "evidence"]
            == "assumption (not found)").all()


# --------------------------------------------------------------------------- hand-computed pieces

def test_annual_hours_by_hand():
    # 37.5 h x (52 - 5) weeks = 1762.5; minus 8.571 weekday holidays x 7.5 h = 64.2825 -> 1698.2175
    assert float(synthetic.annual_hours(37.5)) == pytest.approx(1698.2175)
    # 35.5 x 47 = 1668.5; 8.571 x 7.1 = 60.8541 -> 1607.6459
    assert float(synthetic.annual_hours(35.5)) == pytest.approx(1607.6459)


def test_position_parameters_solve_the_ks_margins():
    p = synthetic.position_parameters()
    # turnus part-time mean = (0.715 - 0.348) / (1 - 0.348) = 0.367 / 0.652
    assert p["turnus_part_time_mean"] == pytest.approx(0.367 / 0.652)
    f = p["turnus_share"]
    assert f * 0.348 + (1 - f) * p["other_full_time"] == pytest.approx(0.61)
    assert f * 0.715 + (1 - f) * p["other_mean"] == pytest.approx(0.841)
    # FTE shares: employee share x mean position, normalised, equals SSB
    emp = p["employee_sector_shares"]
    assert sum(emp.values()) == pytest.approx(1.0)
    # health and social 140 485 x 0.85 of 334 178 (sum of the parts 334 179 -> shares use the parts)
    assert p["fte_sector_shares"]["health_care"] == pytest.approx(140_485 * 0.85 / 334_179)


def test_full_time_by_sex_solved_by_hand():
    # one turnus woman, one turnus man, one other woman, one other man:
    # p_t + 0.5 d = 0.348; 0.5 p_t + 0.5 p_o = 0.58; 0.5 p_t + 0.5 p_o + d = 0.70
    # -> d = 0.12, p_t = 0.348 - 0.06 = 0.288, p_o = 1.16 - 0.288 = 0.872
    t = np.array([True, True, False, False])
    m = np.array([False, True, False, True])
    assert synthetic.full_time_by_group_and_sex(t, m) == pytest.approx((0.288, 0.872, 0.12))


def test_substitute_pay_by_hand():
    s = synthetic.generate_substitutes(seed=1, kommunenummer="5001")
    nat = s[s["kommunenummer"].isna()].set_index("sector")
    # health worker 575 800 / (35.5 h x 52) = 311.92; care assistant 512 300 / 1846 = 277.52
    assert nat.loc["health_care", "substitute_hourly_pay_nok"] == pytest.approx(311.92)
    assert nat.loc["health_care", "unqualified_hourly_pay_nok"] == pytest.approx(277.52)
    # teacher 593 400 / (37.5 x 52 = 1950) = 304.31
    assert nat.loc["primary_school", "substitute_hourly_pay_nok"] == pytest.approx(304.31)
    shares = s[["share_unqualified", "share_overtime", "share_uncovered"]].sum(axis=1)
    assert np.allclose(shares, 1.0)
    own = s[s["kommunenummer"] == "5001"].set_index("sector")
    assert len(nat) == len(own) == len(vocab.codes("sector"))
    assert own.loc["health_care", "p_qualified_available"] == pytest.approx(0.40 + 0.05)
    # qualified substitutes are hardest to find in health care and kindergartens (assumption, seed text)
    assert nat["p_qualified_available"].idxmin() == "health_care"
    assert nat.loc["kindergarten", "p_qualified_available"] < nat.loc["administration", "p_qualified_available"]
    validate_frame(s, "substitutes")


# --------------------------------------------------------------------------- workforce margins

def test_workforce_margins(wf):
    assert (wf["sex"] == "female").mean() == pytest.approx(0.77, abs=0.02)           # KS AGM 2023
    assert wf["position_share"].mean() == pytest.approx(0.841, abs=0.02)             # KS 2023
    assert (wf["position_share"] == 1).mean() == pytest.approx(0.61, abs=0.03)       # KS 2023
    ft_by_sex = (wf["position_share"] == 1).groupby(wf["sex"].astype(str)).mean()
    assert ft_by_sex["female"] == pytest.approx(0.58, abs=0.03)                      # KS 2023
    assert ft_by_sex["male"] == pytest.approx(0.70, abs=0.03)
    turnus = (wf["sector"] == "health_care") & wf["occupation"].isin(synthetic.TURNUS_OCCUPATIONS)
    assert wf.loc[turnus, "position_share"].mean() == pytest.approx(0.715, abs=0.02)
    assert (wf.loc[turnus, "position_share"] == 1).mean() == pytest.approx(0.348, abs=0.03)
    assert (wf.loc[turnus, "full_time_weekly_hours"] == 35.5).all()
    assert (wf.loc[~turnus, "full_time_weekly_hours"] == 37.5).all()
    assert wf["age"].between(18, 69).all()


def test_sector_fte_shares_reproduce_ssb_2008(wf):
    fte = wf.groupby("sector", observed=True)["position_share"].sum() / wf["position_share"].sum()
    target = pd.Series(synthetic._sector_fte_shares())
    assert (fte.reindex(target.index) - target).abs().max() < 0.015
    # health and social together: 140 485 / 334 179 = 0.4204
    assert fte["health_care"] + fte["social_services"] == pytest.approx(140_485 / 334_179, abs=0.015)


def test_pay_by_occupation_within_two_percent_of_ks(wf):
    annual = wf.groupby("occupation", observed=True)["monthly_pay_nok"].mean() * 12
    for occ, (v, rid) in synthetic.PAY_ANNUAL.items():
        assert annual[occ] == pytest.approx(v, rel=0.02), occ
    # nurse: KS 661 000 per year -> 55 083 per month
    assert wf.loc[wf["occupation"] == "nurse", "monthly_pay_nok"].mean() == pytest.approx(661_000 / 12, rel=0.02)
    # all employees near the KS kommuner average 613 200 (assumed levels of five occupations are set for it)
    assert wf["monthly_pay_nok"].mean() * 12 == pytest.approx(reference.value("ks_pay_kommuner_2023"), rel=0.03)


def test_sick_leave(wf):
    # FTE-weighted (days lost / agreed days) mean 0.077, doctor-certified, KS 2023
    assert np.average(wf["sick_leave_share"], weights=wf["position_share"]) == pytest.approx(0.077, abs=0.004)
    by = wf.groupby("sector", observed=True)["sick_leave_share"].mean()
    assert by["health_care"] > by["administration"] and by["kindergarten"] > by["technical_services"]


def test_education_consistent_with_occupation(wf):
    nurses = wf[wf["occupation"] == "nurse"]
    assert nurses["education_level"].isin(["bachelor", "master"]).all()
    hw = wf[wf["occupation"] == "health_worker"]
    assert hw["education_level"].isin(["upper_secondary", "vocational_college"]).all()


def test_national_scale_is_large_and_compact():
    wf = synthetic.generate_workforce(synthetic.NATIONAL_EMPLOYEES, seed=1,
                                      kommunenummer=list(vocab.MUNICIPALITY))
    assert len(wf) == 500_300 >= 500_000
    assert wf["employee_id"].is_unique
    assert isinstance(wf["sector"].dtype, pd.CategoricalDtype)
    assert wf.memory_usage(deep=True).sum() < 150e6
    assert (wf["sex"] == "female").mean() == pytest.approx(0.77, abs=0.005)
    assert set(wf["kommunenummer"].astype(str)) == set(vocab.MUNICIPALITY)


# --------------------------------------------------------------------------- training and funding

def test_training_consistency(data, wf):
    tr = data["training"]
    assert tr["employee_id"].isin(wf["employee_id"]).all()
    assert tr["activity_id"].is_unique
    comp = tr[list(DIRECT_COST_COMPONENTS)].sum(axis=1)
    assert (comp == tr["direct_cost_nok"]).all()          # whole NOK: exact
    assert (tr[list(DIRECT_COST_COMPONENTS)] >= 0).all().all()
    assert set(tr["delivery_format"].astype(str)) == set(vocab.codes("delivery_format"))
    # participation: at least one short course for about 53 % of employees (LVM 2024)
    short = tr[tr["study_points"] == 0]
    assert short["employee_id"].nunique() / len(wf) == pytest.approx(0.53, abs=0.03)
    sp = set(tr.loc[tr["study_points"] > 0, "study_points"])
    assert {7.5, 15.0, 30.0} <= sp


def test_schemes_consistent_with_sector(data, wf):
    tr = data["training"].merge(wf[["employee_id", "sector", "occupation", "position_share",
                                    "full_time_weekly_hours", "monthly_pay_nok"]], on="employee_id")
    kfk = tr["funding_scheme"].astype(str).str.startswith("kfk")
    assert ((tr.loc[kfk, "sector"] == "primary_school") & (tr.loc[kfk, "occupation"] == "teacher")).all()
    assert kfk.sum() > 0
    hcg = tr["funding_scheme"] == "hc_competence_grant"
    assert (tr.loc[hcg, "sector"] == "health_care").all() and hcg.sum() > 0
    # KfK substitute model, 30 sp, full position: hours = 0.375 x 1698.2175 = 636.8 (Udir)
    row = tr[(tr["funding_scheme"] == "kfk_substitute") & (tr["study_points"] == 30) & (tr["position_share"] == 1)]
    assert len(row) > 0
    assert row["hours_away"].iloc[0] == pytest.approx(0.375 * 1698.2175, abs=0.05)
    # grant = 0.60 x hours x teacher hourly pay 593 400 / 1950
    r = row.iloc[0]
    assert r["grant_nok"] == pytest.approx(round(0.60 * r["hours_away"] * 593_400 / 1950), abs=0.5)
    # health and care grant: 0.5 (placeholder) x (direct + hours x 575 800 / (35.5 x 52) = 311.92 NOK/h)
    h = tr[hcg & (tr["hours_away"] > 0)].iloc[0]
    assert h["grant_nok"] == pytest.approx(
        round(0.5 * (h["direct_cost_nok"] + h["hours_away"] * 575_800 / 1846)), abs=0.5)
    # own time: no hours away, no grant to the municipality
    own = tr["funding_scheme"].isin(["kfk_stipend", "employee_own_time"])
    assert (tr.loc[own, "hours_away"] == 0).all() and (tr.loc[own, "grant_nok"] == 0).all()
    # grant never above direct cost plus the hours valued at the person's hourly pay
    hourly = tr["monthly_pay_nok"] * 12 / (tr["full_time_weekly_hours"] * 52)
    assert (tr["grant_nok"] <= tr["direct_cost_nok"] + tr["hours_away"] * hourly + 1).all()
    # public-sector PhD: at most half of the 2025 rate x position share
    phd = tr[tr["funding_scheme"] == "public_sector_phd"]
    assert len(phd) == round(14_998 * 100 / 500_300) == 3
    assert (phd["grant_nok"] <= 0.5 * 1_363_000 * phd["position_share"] + 1).all()


def test_funding_consistent_with_training(data):
    tr, fu = data["training"], data["funding"]
    fu = fu[fu["year"] == 2025]               # the activity year; the history has no activity_id
    assert fu["activity_id"].isin(tr["activity_id"]).all()
    assert (fu["amount_nok"] > 0).all()
    t = tr.set_index("activity_id")
    muni = fu[fu["payer"] == "municipality"].set_index("activity_id")["amount_nok"]
    assert muni.sum() == pytest.approx(tr["direct_cost_nok"].sum())
    state = fu[fu["payer"] == "state"]
    stip = state[state["scheme"] == "kfk_stipend"].set_index("activity_id")["amount_nok"]
    # KfK stipend: 120 000 NOK per 30 sp
    assert np.allclose(stip, 120_000 * t.loc[stip.index, "study_points"] / 30)
    other_state = state[state["scheme"] != "kfk_stipend"].set_index("activity_id")["amount_nok"]
    assert np.allclose(other_state, t.loc[other_state.index, "grant_nok"])
    rc = fu[fu["payer"] == "research_council"]
    assert set(rc["scheme"].astype(str)) == {"public_sector_phd"}
    assert set(fu["payer"].astype(str)) <= set(vocab.codes("payer"))
    assert "university" in set(fu["payer"].astype(str))


# --------------------------------------------------------------------------- funding history

EVU_GROWTH = (6.1 / 4.7) ** (1 / 22) - 1     # ks_evu_spend_2018 -> ks_evu_spend_2040 = 0.011925 a year


def test_funding_history_years_and_aggregated_rows(data):
    fu = data["funding"]
    assert sorted(fu["year"].unique().tolist()) == list(range(2015, 2026))
    hist = fu[fu["year"] < 2025]
    assert hist["activity_id"].isna().all() and fu.loc[fu["year"] == 2025, "activity_id"].notna().all()
    # one row per year x municipality x payer x scheme, the cells of 2025
    cells = fu[fu["year"] == 2025].groupby(["kommunenummer", "payer", "scheme"], observed=True).size()
    assert len(hist) == 10 * len(cells)
    assert not hist.duplicated(["year", "kommunenummer", "payer", "scheme"]).any()
    assert (hist["amount_nok"] > 0).all() and (hist["amount_nok"] == hist["amount_nok"].round()).all()
    assert reference.value("ks_evu_spend_2040") / reference.value("ks_evu_spend_2018") == pytest.approx(6.1 / 4.7)


def test_funding_history_grows_at_the_published_rate(data):
    fu = data["funding"]
    total = fu.groupby("year")["amount_nok"].sum()
    # log-linear trend of the yearly totals 2015-2025: slope = log(1 + 0.011925) = 0.011855;
    # the total's noise (about 2 % a year) gives the slope a standard error of about 0.002
    slope = np.polyfit(total.index.to_numpy(dtype=float), np.log(total.to_numpy()), 1)[0]
    assert np.expm1(slope) == pytest.approx(EVU_GROWTH, abs=0.004)
    # per cell: amount / (T_2025 x 1.011925 ** -k) is the noise exp(0.05 z - 0.05**2 / 2)
    keys = ["kommunenummer", "payer", "scheme"]
    t25 = fu[fu["year"] == 2025].groupby(keys, observed=True)["amount_nok"].sum().rename("t25")
    hist = fu[fu["year"] < 2025].join(t25, on=keys)
    log_noise = np.log(hist["amount_nok"] / (hist["t25"] * (1 + EVU_GROWTH) ** -(2025 - hist["year"])))
    assert len(log_noise) == 130
    assert log_noise.std() == pytest.approx(synthetic.FUNDING_HISTORY_LOG_SD, rel=0.15)   # sd of 130 draws: +-6 %
    assert log_noise.mean() == pytest.approx(-0.05 ** 2 / 2, abs=0.015)                 # se 0.05 / sqrt(130)
    cal = synthetic.calibration_table().set_index("parameter")
    noise = cal.loc["funding history: yearly noise (sd of log amount)"]
    assert (noise["value"], noise["evidence"]) == ("0.05", "assumption")
    assert cal.loc["funding history: EVU spending 2018", "reference_id"] == "ks_evu_spend_2018"
    assert cal.loc["funding history: EVU spending 2040", "reference_id"] == "ks_evu_spend_2040"


def test_funding_history_leaves_the_activity_year_unchanged_and_is_seeded(data):
    tr, wf = data["training"], data["workforce"]
    none = synthetic.generate_funding(tr, seed=2026, workforce=wf, history_years=0)
    assert (none["year"] == 2025).all()
    cur = data["funding"][data["funding"]["year"] == 2025].reset_index(drop=True)
    assert synthetic._csv_text(cur) == synthetic._csv_text(none)
    three = synthetic.generate_funding(tr, seed=2026, workforce=wf, history_years=3)
    assert sorted(three["year"].unique().tolist()) == [2022, 2023, 2024, 2025]
    other = synthetic.generate_funding(tr, seed=2027, workforce=wf, history_years=3)
    assert sha(three) == sha(synthetic.generate_funding(tr, seed=2026, workforce=wf, history_years=3))
    assert sha(three[three["year"] < 2025]) != sha(other[other["year"] < 2025])
    assert sha(three[three["year"] == 2025]) == sha(other[other["year"] == 2025])
    with pytest.raises(ValueError, match="history_years must be a non-negative integer"):
        synthetic.generate_funding(tr, seed=1, history_years=-1)
    with pytest.raises(ValueError, match="at most 25 years before 2025"):
        synthetic.generate_funding(tr, seed=1, history_years=26)


def test_default_funding_gives_an_ets_forecast(data):
    from lifelong_analysis.analysis import projection
    fc, why = projection.funding_forecast(data["funding"], kommunenummer="5001", horizon_year=2030)
    assert why == {}
    assert fc.loc[fc["kind"] == "forecast", "year"].tolist() == [2026, 2027, 2028, 2029, 2030]


# --------------------------------------------------------------------------- skills survey

def test_survey_weights_post_stratify_to_the_workforce(data, wf):
    sv = data["skills_survey"]
    assert len(sv) == 1_500
    w = sv.groupby("sector", observed=True)["weight"].sum()
    n = wf["sector"].value_counts()
    assert np.allclose(w.sort_index(), n.reindex(w.index).sort_index())
    assert sv["weight"].sum() == pytest.approx(14_998)
    # unequal response: health care under-represented before weighting
    raw = sv["sector"].value_counts(normalize=True)["health_care"]
    assert raw < (wf["sector"] == "health_care").mean()


def test_dsi_share_at_least_basic_hits_norway_2023(data):
    sv = data["skills_survey"]
    c = dsi.classify(sv)                      # the skills module's own scoring
    at_least = c["dsi_level"].isin(["basic", "above_basic"]).astype(float)
    assert np.average(at_least, weights=sv["weight"]) == pytest.approx(0.8153, abs=0.01)
    assert sv["internet_use_3m"].mean() > 0.95


def test_digital_gap_larger_in_health_care_and_for_older(data):
    sv = data["skills_survey"]
    areas = vocab.codes("digcomp_area")
    gap = np.zeros(len(sv), dtype=bool)
    for a in areas:
        gap |= (sv[f"self_{a}"] < sv[f"required_{a}"]).fillna(False).to_numpy()
    hc = (sv["sector"] == "health_care").to_numpy()
    w = sv["weight"].to_numpy()
    # four of five (KS/Ipsos 2018), calibrated; 0.55 elsewhere (assumption)
    assert np.average(gap[hc], weights=w[hc]) == pytest.approx(0.8, abs=0.01)
    assert np.average(gap[~hc], weights=w[~hc]) == pytest.approx(0.55, abs=0.01)
    by_age = pd.Series(gap).groupby(sv["age_group"].astype(str).to_numpy()).mean()
    assert by_age["55-64"] > by_age["25-34"]
    for a in areas:
        s = sv[f"self_{a}"].dropna()
        assert s.between(1, 8).all()
    sat = [c for c in sv.columns if c.startswith("sat_q")]
    assert len(sat) == 82 and sv[sat].isin([0, 1, 2, 3]).all().all()


# --------------------------------------------------------------------------- errors and CLI

@pytest.mark.parametrize("kwargs, match", [
    ({"n_employees": 0, "seed": 1}, "n_employees must be a positive integer"),
    ({"n_employees": 10, "seed": "x"}, "seed must be an integer"),
    ({"n_employees": 10, "seed": 1, "kommunenummer": 5001}, "kommunenummer must be 4-digit strings"),
    ({"n_employees": 10, "seed": 1, "kommunenummer": "501"}, "kommunenummer must be 4-digit strings"),
])
def test_bad_arguments_raise_clear_errors(kwargs, match):
    with pytest.raises(ValueError, match=match):
        synthetic.generate_workforce(**kwargs)


def test_more_respondents_than_employees_is_an_error():
    wf = synthetic.generate_workforce(50, seed=1)
    with pytest.raises(ValueError, match="exceeds the workforce"):
        synthetic.generate_skills_survey(wf, seed=1, n_respondents=51)


def test_cli_writes_a_valid_dataset(tmp_path, capsys):
    out = tmp_path / "syn"
    rc = synthetic.main(["--out", str(out), "--seed", "3", "--n-employees", "600", "--respondents", "80",
                         "--kommunenummer", "0301", "--no-sat"])
    assert rc == 0
    assert not list(out.glob("*.part"))
    ds = load_dataset(out)
    assert ds.synthetic and ds.metadata["seed"] == 3 and len(ds.workforce) == 600
    assert ds.workforce["kommunenummer"].eq("0301").all()
    assert not any(c.startswith("sat_q") for c in ds.skills_survey.columns)
    rc = synthetic.main(["--out", str(tmp_path / "bad"), "--kommunenummer", "Oslo"])
    assert rc == 2
    assert "kommunenummer" in capsys.readouterr().err
    # national scale never overwrites the shipped default data by accident
    assert synthetic.main(["--national"]) == 2
    assert "--out" in capsys.readouterr().err
