"""EVU spending projection: the published 4.7 → 6.1 bn path, scenarios, ETS forecast."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from lifelong_analysis.analysis import projection


def test_implied_growth_from_4_7_to_6_1_bn_over_22_years():
    g = projection.implied_growth(4.7e9, 6.1e9, start_year=2018, end_year=2040)
    # (6.1 / 4.7) ** (1 / 22) − 1 = exp(ln(1.29787) / 22) − 1 = exp(0.011851) − 1 ≈ 0.011921
    assert g == pytest.approx(0.011921, abs=1e-6)
    assert round(100 * g, 2) == 1.19


def test_published_2040_figure_is_reproduced():
    p = projection.spending_projection()
    pub = p[p.scenario == "published"].set_index("year")["spending_nok"]
    assert pub[2018] == pytest.approx(4.7e9)
    assert pub[2040] == pytest.approx(6.1e9, rel=1e-9)
    assert pub.index.min() == 2018 and pub.index.max() == 2040
    # 2030: 4.7 bn × 1.011921^12 = 5.41 bn
    assert pub[2030] == pytest.approx(4.7e9 * 1.011921**12, rel=1e-5)


def test_scenarios_combine_employment_and_wage_growth():
    sc = pd.DataFrame({"scenario": ["a"], "employment_growth": [0.01], "real_wage_growth": [0.02]})
    p = projection.spending_projection(base_value_nok=100.0, base_year=2020, horizon_year=2022, scenarios=sc)
    # (1.01 × 1.02)^2 = 1.0302^2 = 1.06131204
    assert p["spending_nok"].tolist() == pytest.approx([100.0, 103.02, 106.131204])
    d = projection.default_scenarios(real_wage_growth=0.015)
    assert d.set_index("scenario").loc["published_plus_real_wages", "not_found"]
    assert not d.set_index("scenario").loc["published", "not_found"]
    with pytest.raises(ValueError, match="horizon_year"):
        projection.spending_projection(horizon_year=2010)


def test_ets_forecast_matches_statsmodels_and_brackets_the_forecast():
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel

    rng = np.random.default_rng(1)
    years = range(2010, 2024)
    values = 4.0e9 + 0.05e9 * np.arange(14) + rng.normal(0, 0.02e9, 14)
    s = pd.Series(values, index=years)
    f = projection.ets_forecast(s, horizon_year=2030, level=0.9)
    fc = f[f.kind == "forecast"]
    assert fc["year"].tolist() == list(range(2024, 2031))
    ref = ETSModel(pd.Series(values, index=pd.period_range("2010", periods=14, freq="Y")),
                   error="add", trend="add").fit(disp=False)
    sf = ref.get_prediction(start=14, end=20).summary_frame(alpha=0.1)
    assert fc["value_nok"].to_numpy() == pytest.approx(sf["mean"].to_numpy())
    assert fc["lower_nok"].to_numpy() == pytest.approx(sf["pi_lower"].to_numpy())
    assert (fc["lower_nok"] < fc["value_nok"]).all() and (fc["value_nok"] < fc["upper_nok"]).all()
    width = (fc["upper_nok"] - fc["lower_nok"]).to_numpy()
    assert np.all(np.diff(width) > 0)   # intervals widen with the horizon
    # a near-linear series continues its trend: about +0.05 bn a year
    assert fc["value_nok"].iloc[-1] == pytest.approx(4.0e9 + 0.05e9 * 20, rel=0.02)
    obs = f[f.kind == "observed"]
    assert obs["value_nok"].to_numpy() == pytest.approx(values) and obs["lower_nok"].isna().all()


def test_ets_forecast_refuses_short_or_gappy_series():
    with pytest.raises(ValueError, match="at least 5"):
        projection.ets_forecast(pd.Series([1.0, 2, 3], index=[2020, 2021, 2022]), horizon_year=2025)
    with pytest.raises(ValueError, match="consecutive"):
        projection.ets_forecast(pd.Series([1.0, 2, 3, 4, 5], index=[2015, 2016, 2018, 2019, 2020]), horizon_year=2025)


def test_yearly_series_from_funding_table():
    fund = pd.DataFrame({"year": [2020, 2020, 2021, 2021], "kommunenummer": ["5001", "0301", "5001", "5001"],
                         "payer": ["state"] * 4, "scheme": ["kfk_substitute"] * 4,
                         "amount_nok": [10.0, 99.0, 5.0, 6.0]})
    s = projection.yearly_series(fund, kommunenummer="5001")
    assert s.to_dict() == {2020: 10.0, 2021: 11.0}
    with pytest.raises(ValueError, match="no rows for kommunenummer '4601'"):
        projection.yearly_series(fund, kommunenummer="4601")
    gap = pd.concat([fund, fund.assign(year=2023)])
    with pytest.raises(ValueError, match=r"year\(s\) \[2022\]"):
        projection.yearly_series(gap)
