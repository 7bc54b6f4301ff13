"""Projection of spending on further education (EVU) in the municipal sector.

The published anchor: **4.7 bn NOK in 2018** (KS Arbeidsgivermonitor 2019, as
quoted by Trondheim kommune; published_figures id ``ks_evu_spend_2018``) and a
rough estimate of **6.1 bn NOK in 2040** (seed text only; the primary source,
probably the 2019 projection by Samfunnsøkonomisk analyse for KS, was not
found; id ``ks_evu_spend_2040``).  Together they imply a yearly growth of
``(6.1 / 4.7) ** (1 / 22) − 1 ≈ 1.19 %``.

:func:`spending_projection` reproduces that path and adds scenarios driven by
employment growth and real wage growth (spending ∝ employees × pay);
:func:`ets_forecast` fits a statsmodels exponential-smoothing (ETS, Holt's
additive trend) model to an observed yearly series and forecasts it with
prediction intervals.

Examples
--------
>>> from lifelong_analysis.analysis.projection import implied_growth
>>> round(implied_growth(4.7e9, 6.1e9, start_year=2018, end_year=2040), 5)
0.01192
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from lifelong_analysis.data import reference

#: 4.7 bn NOK spent on EVU in 2018 (published figure ``ks_evu_spend_2018``: KS AGM 2019 via
#: Trondheim kommune; secondary, sentence truncated), in NOK.
BASE_SPENDING_NOK = reference.value("ks_evu_spend_2018") * 1e9
BASE_YEAR = int(reference.figure("ks_evu_spend_2018")["reference_period"])
#: 6.1 bn NOK in 2040 (published figure ``ks_evu_spend_2040``): a rough KS estimate quoted in the
#: source document (seed text); primary source NOT FOUND (likely SØA/KS 2019).  Graded so in
#: published_figures.csv and in the reports.
PUBLISHED_2040_NOK = reference.value("ks_evu_spend_2040") * 1e9
PUBLISHED_YEAR = int(reference.figure("ks_evu_spend_2040")["reference_period"])


def implied_growth(start_value: float, end_value: float, *, start_year: int, end_year: int) -> float:
    """Constant yearly growth rate that takes ``start_value`` to ``end_value``.

    ``(end_value / start_value) ** (1 / (end_year − start_year)) − 1`` (share per year).

    >>> round(implied_growth(100, 121, start_year=2000, end_year=2002), 6)
    0.1
    """
    if start_value <= 0 or end_value <= 0:
        raise ValueError(f"values must be > 0, got {start_value} and {end_value}")
    if end_year <= start_year:
        raise ValueError(f"end_year ({end_year}) must be after start_year ({start_year})")
    return (end_value / start_value) ** (1.0 / (end_year - start_year)) - 1.0


def default_scenarios(*, real_wage_growth: float = 0.01) -> pd.DataFrame:
    """The default scenarios: the published path, and paths with real wage growth.

    Parameters
    ----------
    real_wage_growth : real wage growth per year (share).  NOT FOUND in the
        reference material: 1 % is a placeholder, flagged in the table; set it.

    Returns
    -------
    pandas.DataFrame: scenario, employment_growth, real_wage_growth (shares per
    year), not_found (bool), note.

    ``published``: the growth implied by 4.7 bn (2018) → 6.1 bn (2040), read as
    employment-driven growth in fixed prices (an interpretation [I]).
    ``published_plus_real_wages``: the same employment growth plus real wage growth.
    ``constant_employment``: no employment growth, real wage growth only.
    """
    g = implied_growth(BASE_SPENDING_NOK, PUBLISHED_2040_NOK, start_year=BASE_YEAR, end_year=PUBLISHED_YEAR)
    return pd.DataFrame([
        {"scenario": "published", "employment_growth": g, "real_wage_growth": 0.0, "not_found": False,
         "note": "growth implied by 4.7 bn NOK (2018) and 6.1 bn NOK (2040)"},
        {"scenario": "published_plus_real_wages", "employment_growth": g, "real_wage_growth": real_wage_growth,
         "not_found": True, "note": "real wage growth is a placeholder (not found)"},
        {"scenario": "constant_employment", "employment_growth": 0.0, "real_wage_growth": real_wage_growth,
         "not_found": True, "note": "real wage growth is a placeholder (not found)"},
    ])


def spending_projection(
    *,
    base_value_nok: float = BASE_SPENDING_NOK,
    base_year: int = BASE_YEAR,
    horizon_year: int = PUBLISHED_YEAR,
    scenarios: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Project EVU spending from a base year under growth scenarios.

    ``spending_t = base × ((1 + employment_growth) × (1 + real_wage_growth)) ** (t − base_year)``.

    Parameters
    ----------
    base_value_nok : spending in the base year, NOK (default 4.7 bn, 2018).
    base_year : the base year.
    horizon_year : last projected year (> base_year).
    scenarios : table with columns scenario, employment_growth, real_wage_growth
        (shares per year); default :func:`default_scenarios`.

    Returns
    -------
    pandas.DataFrame, one row per scenario × year: scenario, year,
    spending_nok (NOK, fixed prices), growth_rate (combined yearly growth,
    share), employment_growth, real_wage_growth, not_found.

    Examples
    --------
    >>> p = spending_projection()
    >>> round(p.query("scenario == 'published' and year == 2040")["spending_nok"].item() / 1e9, 6)
    6.1
    """
    if horizon_year <= base_year:
        raise ValueError(f"horizon_year ({horizon_year}) must be after base_year ({base_year})")
    if base_value_nok <= 0:
        raise ValueError(f"base_value_nok must be > 0, got {base_value_nok}")
    scenarios = default_scenarios() if scenarios is None else scenarios
    missing = [c for c in ("scenario", "employment_growth", "real_wage_growth") if c not in scenarios]
    if missing:
        raise ValueError(f"scenarios lack column(s) {', '.join(missing)}")
    years = np.arange(base_year, horizon_year + 1)
    rows = []
    for s in scenarios.to_dict("records"):
        g = (1 + s["employment_growth"]) * (1 + s["real_wage_growth"]) - 1
        for y, v in zip(years, base_value_nok * (1 + g) ** (years - base_year)):
            rows.append({"scenario": s["scenario"], "year": int(y), "spending_nok": float(v), "growth_rate": g,
                         "employment_growth": s["employment_growth"], "real_wage_growth": s["real_wage_growth"],
                         "not_found": bool(s.get("not_found", False))})
    return pd.DataFrame(rows)


def yearly_series(funding: pd.DataFrame, *, kommunenummer: str | None = None) -> pd.Series:
    """Total ``amount_nok`` per year from a funding table (one municipality if given).

    Returns a float Series indexed by year (NOK).  A year without rows inside
    the range raises ``ValueError``: a forecast on a series with holes would be
    wrong, and filling them with 0 would invent data.
    """
    df = funding
    if kommunenummer is not None:
        df = df[df["kommunenummer"].astype(str) == str(kommunenummer)]
        if df.empty:
            raise ValueError(f"The funding table has no rows for kommunenummer {kommunenummer!r}; present: "
                             f"{', '.join(sorted(funding['kommunenummer'].astype(str).unique()))}")
    s = df.groupby("year")["amount_nok"].sum().astype(float).sort_index()
    full = range(int(s.index.min()), int(s.index.max()) + 1)
    gaps = sorted(set(full) - set(s.index.astype(int)))
    if gaps:
        raise ValueError(f"The funding table has no rows for the year(s) {gaps}; a forecast needs consecutive years")
    return s


def ets_forecast(
    series: pd.Series,
    *,
    horizon_year: int,
    level: float = 0.95,
    damped_trend: bool = False,
    min_years: int = 5,
) -> pd.DataFrame:
    """Forecast a yearly series with exponential smoothing (ETS(A,A,N): Holt's additive trend).

    Fits ``statsmodels.tsa.exponential_smoothing.ets.ETSModel`` with additive
    error and additive (optionally damped) trend by maximum likelihood and
    returns fitted values for the observed years and forecasts with prediction
    intervals up to ``horizon_year``.

    Parameters
    ----------
    series : values (NOK) indexed by consecutive integer years.
    horizon_year : last year to forecast (after the last observed year).
    level : coverage of the prediction interval (0.95 → 95 %).
    damped_trend : use a damped trend.
    min_years : fewest observed years accepted.

    Returns
    -------
    pandas.DataFrame: year, kind ("observed" or "forecast"), value_nok (the
    observation, or the point forecast), lower_nok, upper_nok (prediction
    interval; empty for observed years), level.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.Series([100., 104, 107, 112, 115, 119, 124], index=range(2015, 2022))
    >>> f = ets_forecast(s, horizon_year=2024)
    >>> f[f.kind == "forecast"].year.tolist()
    [2022, 2023, 2024]
    """
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel

    if not 0 < level < 1:
        raise ValueError(f"level must be between 0 and 1, got {level}")
    s = pd.Series(series, dtype=float).dropna().sort_index()
    if len(s) < min_years:
        raise ValueError(f"An ETS forecast needs at least {min_years} observed years; got {len(s)}")
    years = s.index.astype(int)
    if list(years) != list(range(years[0], years[0] + len(s))):
        raise ValueError("The series must have consecutive years without gaps")
    last = int(years[-1])
    if horizon_year <= last:
        raise ValueError(f"horizon_year ({horizon_year}) must be after the last observed year ({last})")
    y = pd.Series(s.to_numpy(), index=pd.period_range(str(years[0]), periods=len(s), freq="Y"))
    model = ETSModel(y, error="add", trend="add", damped_trend=damped_trend)
    res = model.fit(disp=False)
    steps = horizon_year - last
    pred = res.get_prediction(start=len(s), end=len(s) + steps - 1)
    frame = pred.summary_frame(alpha=1 - level)
    obs = pd.DataFrame({"year": years, "kind": "observed", "value_nok": s.to_numpy(),
                        "lower_nok": np.nan, "upper_nok": np.nan})
    fc = pd.DataFrame({"year": np.arange(last + 1, horizon_year + 1), "kind": "forecast",
                       "value_nok": frame["mean"].to_numpy(), "lower_nok": frame["pi_lower"].to_numpy(),
                       "upper_nok": frame["pi_upper"].to_numpy()})
    out = pd.concat([obs, fc], ignore_index=True)
    out["level"] = level
    return out


#: Why :func:`funding_forecast` made no forecast (the ``reason`` of its result).
NO_FORECAST_REASONS = ("no_funding_table", "no_rows", "gaps", "too_few_years", "data_reach_horizon")


def funding_forecast(funding: pd.DataFrame, *, kommunenummer: str | None, horizon_year: int,
                     level: float = 0.95, min_years: int = 5) -> tuple[pd.DataFrame, dict]:
    """ETS forecast of a municipality's yearly funding total, or an empty table and the reason.

    Returns
    -------
    (forecast, why)
        ``forecast``: the output of :func:`ets_forecast` (empty when no forecast can be made);
        ``why``: ``{}`` when there is a forecast, else a dict with ``reason`` (one of
        :data:`NO_FORECAST_REASONS`) and what the reason needs said: ``kommunenummer``,
        ``n_years`` and ``min_years`` (too few years), ``last_year`` (the data already reach the
        horizon), ``detail`` (the gap in the years).  The report says it in words
        (:func:`lifelong_analysis.reporting.funding_report.no_forecast_text`).

    Examples
    --------
    >>> import pandas as pd
    >>> f = pd.DataFrame({"year": [2021, 2022], "kommunenummer": "5001", "amount_nok": [1.0, 2.0]})
    >>> funding_forecast(f, kommunenummer="5001", horizon_year=2030)[1]
    {'reason': 'too_few_years', 'n_years': 2, 'min_years': 5}
    """
    empty = pd.DataFrame(columns=["year", "kind", "value_nok", "lower_nok", "upper_nok", "level"])
    if funding is None or len(funding) == 0:
        return empty, {"reason": "no_funding_table"}
    try:
        s = yearly_series(funding, kommunenummer=kommunenummer)
    except ValueError as exc:
        if "no rows for kommunenummer" in str(exc):
            return empty, {"reason": "no_rows", "kommunenummer": kommunenummer}
        return empty, {"reason": "gaps", "detail": str(exc)}
    if len(s) < min_years:
        return empty, {"reason": "too_few_years", "n_years": int(len(s)), "min_years": int(min_years)}
    if int(s.index.max()) >= horizon_year:
        return empty, {"reason": "data_reach_horizon", "last_year": int(s.index.max())}
    return ets_forecast(s, horizon_year=horizon_year, level=level, min_years=min_years), {}


def projection_table(projection: pd.DataFrame, forecast: pd.DataFrame | None = None) -> pd.DataFrame:
    """Scenario projection and (optional) ETS forecast in one table for export.

    Returns
    -------
    pandas.DataFrame: scenario ("ets_forecast" / "observed" for the forecast
    rows), year, spending_nok, lower_nok, upper_nok (NOK; the interval only for
    forecast rows), growth_rate, employment_growth, real_wage_growth, not_found.
    """
    out = projection.copy()
    out["lower_nok"] = np.nan
    out["upper_nok"] = np.nan
    if forecast is not None and len(forecast):
        f = pd.DataFrame({"scenario": np.where(forecast["kind"] == "forecast", "ets_forecast", "observed"),
                          "year": forecast["year"].astype(int), "spending_nok": forecast["value_nok"].astype(float),
                          "lower_nok": forecast["lower_nok"].astype(float),
                          "upper_nok": forecast["upper_nok"].astype(float), "not_found": False})
        out = pd.concat([out, f], ignore_index=True)
    return out[["scenario", "year", "spending_nok", "lower_nok", "upper_nok", "growth_rate", "employment_growth",
                "real_wage_growth", "not_found"]]
